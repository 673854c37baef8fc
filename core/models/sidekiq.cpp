#include "core/models/sidekiq.hpp"

#include <algorithm>

#include "core/models/blocking_pop.hpp"
#include "core/models/celery_worker.hpp"  // parse_major_minor
#include "core/models/command_mix.hpp"
#include "core/models/no_effect.hpp"

namespace core {

namespace {

// BasicFetch::TIMEOUT and Launcher::BEAT_PAUSE (constants in 6.x), the poller's INITIAL_WAIT.
constexpr sim::Duration kFetchTimeout = 2 * sim::kSecond;
constexpr sim::Duration kBeatPause = 5 * sim::kSecond;
constexpr sim::Duration kInitialWait = 10 * sim::kSecond;
// Measured on loopback against redis-server 7.0.15 (sidekiq-6.4.1-idle-12min): a thread's BRPOPs
// are 2.021 s apart (the timeout's reply comes a little late and the thread needs a moment to send
// the next), heartbeats 5.0055 s apart (the heartbeat's own work).
constexpr sim::Duration kFetchLatency = 21 * sim::kMillisecond;
constexpr sim::Duration kBeatWork = 5500;  // microseconds
// ProcessSet#cleanup runs on every 10th process_count call.
constexpr std::uint64_t kCleanupEvery = 10;

// ProcessSet#cleanup: sscan_each (one SSCAN per 10 members, SCAN's default COUNT), then one
// pipelined HGET per process listed.
void cleanup(CommandMix& m, const SidekiqParams& p) {
  m.add("SSCAN", 1 + static_cast<std::uint32_t>(p.workers) / 10).add("HGET", static_cast<std::uint32_t>(p.workers));
}

}  // namespace

sim::Duration SidekiqParams::fetch_cycle() const { return kFetchTimeout + kFetchLatency + rtt; }
sim::Duration SidekiqParams::heartbeat_period() const { return kBeatPause + kBeatWork + 3 * rtt; }
sim::Duration SidekiqParams::poll_mean() const {
  const sim::Duration average = poll_interval_average ? *poll_interval_average : workers * average_scheduled_poll_interval;
  // random_poll_interval: average x rand + average / 2 below 10 processes (mean: average), average x
  // rand from 10 on (mean: average / 2); + the poll's three round trips (2 EVALSHA, SCARD).
  return (workers < 10 ? average : average / 2) + 3 * rtt;
}
sim::Duration SidekiqParams::first_poll_mean() const {
  return (poll_interval_average ? 0 : kInitialWait) + 5 * sim::kSecond / 2;
}

std::vector<CommandCount> sidekiq_heartbeat(const SidekiqParams&, std::uint32_t busy) {
  CommandMix m;
  m.add("MULTI").add("INCRBY", 4).add("EXPIRE", 2).add("UNLINK").add("HSET", busy).add("EXPIRE").add("EXEC");
  m.add("PING");
  m.add("MULTI").add("SADD").add("EXISTS").add("HMSET").add("EXPIRE").add("RPOP").add("EXEC");
  return m.commands();
}

std::vector<CommandCount> sidekiq_poll(const SidekiqParams& p, bool with_cleanup) {
  CommandMix m;
  m.add("EVALSHA", 2).add("ZRANGEBYSCORE", 2, true);  // retry, schedule: one ZRANGEBYSCORE each
  m.add("SCARD");
  if (with_cleanup) cleanup(m, p);
  return m.commands();
}

std::vector<CommandCount> sidekiq_startup(const SidekiqParams&) {
  CommandMix m;
  m.add("INFO");  // cli.rb: Sidekiq.redis_info (version and maxmemory policy checks)
  return m.commands();
}

std::vector<CommandCount> sidekiq_shutdown(const SidekiqParams&) {
  CommandMix m;
  m.add("SREM").add("UNLINK");  // clear_heartbeat
  return m.commands();
}

std::vector<CommandCount> sidekiq_job_client(const SidekiqParams&) {
  CommandMix m;
  m.add("SADD").add("LPUSH");  // Client#atomic_push, pipelined
  return m.commands();
}

// ---------------------------------------------------------------------------------------------
// Parsing

std::unique_ptr<Model> parse_sidekiq(Reader& r) {
  SidekiqParams p;
  p.workers = static_cast<int>(r.integer("workers", 1, 1, 10000));
  p.concurrency = static_cast<int>(r.integer("concurrency", 10, 1, 1000));
  p.sidekiq_version = r.string("sidekiq_version", "6.4.1");
  int major = 0, minor = 0;
  if (!parse_major_minor(p.sidekiq_version, &major, &minor))
    r.fail("sidekiq_version", "expected a version like \"6.4.1\"");
  if (major != 6)
    r.fail("sidekiq_version", "Sidekiq 6.x (6.4.1 recorded); Sidekiq " + std::to_string(major) + " is not modelled");
  p.queues = static_cast<int>(r.integer("queues", 1, 1, 1000));
  p.average_scheduled_poll_interval = r.duration("average_scheduled_poll_interval", 5 * sim::kSecond);
  if (p.average_scheduled_poll_interval <= 0)
    r.fail("average_scheduled_poll_interval", "expected a positive duration (Sidekiq's default is 5s)");
  if (r.has("poll_interval_average")) {
    p.poll_interval_average = r.duration("poll_interval_average");
    if (*p.poll_interval_average <= 0) r.fail("poll_interval_average", "expected a positive duration");
  } else {
    r.raw("poll_interval_average");
  }
  p.rtt = r.duration("rtt", 0);
  if (p.rtt < 0) r.fail("rtt", "expected a duration of 0 or more");
  p.count_startup = r.boolean("count_startup", true);
  accept_no_effect(r, "timeout", SettingKind::PositiveDuration, p.no_effect, " (Sidekiq's default is 25s)");
  accept_no_effect(r, "strict", SettingKind::Boolean, p.no_effect);
  if (p.queues > 1) p.no_effect.push_back("queues (keys in the same BRPOP)");
  p.tasks = read_job_sources(r);
  return std::make_unique<SidekiqModel>(std::move(p));
}

// ---------------------------------------------------------------------------------------------
// The process

void SidekiqModel::start(ModelContext& ctx) const {
  const SidekiqParams& p = p_;
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  const sim::Time open = ctx.start, close = ctx.end;
  const auto W = static_cast<std::uint64_t>(p.workers);
  const sim::Duration cycle = p.fetch_cycle(), beat = p.heartbeat_period(), poll = p.poll_mean();

  auto series = [&](sim::Time first, sim::Duration period, BundleId b) { emit_until(rec, first, period, close, b); };
  auto times_w = [&](std::vector<CommandCount> v, std::uint64_t k) {
    for (auto& c : v) c.count = static_cast<std::uint32_t>(c.count * k);
    return rec.bundle(comp, std::move(v));
  };

  if (p.count_startup) rec.emit(open, times_w(sidekiq_startup(p), W));

  // Heartbeats: every process on the same phase.
  series(open, beat, times_w(sidekiq_heartbeat(p), W));
  // The poller: the first poll (SCRIPT LOAD, and process_count called twice, the first cleaning),
  // then every mean wait, cleaning on every 10th process_count call (polls 9, 19, 29, ...).
  {
    const sim::Time first = open + p.first_poll_mean();
    if (first < close) {
      CommandMix first_m{sidekiq_poll(p, true)};
      first_m.add("SCARD");
      if (p.count_startup) first_m.add("SCRIPT|LOAD");
      rec.emit(first, times_w(first_m.commands(), W));
      series(first + poll, poll, times_w(sidekiq_poll(p, false), W));
      CommandMix cleanup_m;
      cleanup(cleanup_m, p);
      series(first + static_cast<sim::Duration>(kCleanupEvery - 1) * poll, static_cast<sim::Duration>(kCleanupEvery) * poll,
             times_w(cleanup_m.commands(), W));
    }
  }

  // Fetch: every processor thread's BRPOP chain. A job goes to the free thread whose current BRPOP
  // was sent first (Redis serves blocked clients in order), or waits for the first thread to free.
  const BundleId brpop_b = rec.single(comp, *find_command("BRPOP"));
  const BundleId client_b = rec.bundle(comp, sidekiq_job_client(p));
  const BundleId hset_b = rec.single(comp, *find_command("HSET"));
  const std::vector<Job> jobs = generate_jobs(p.tasks, ctx);
  const std::size_t threads = static_cast<std::size_t>(p.workers) * static_cast<std::size_t>(p.concurrency);
  if (jobs.empty()) {
    std::vector<CommandCount> all{{*find_command("BRPOP"), static_cast<std::uint32_t>(threads), false}};
    series(open, cycle, rec.bundle(comp, std::move(all)));
    return;
  }
  BlockedConsumers ts(threads, open, cycle);
  for (const Job& job : jobs) {
    if (job.t >= close) break;
    rec.emit(job.t, client_b);
    const std::size_t i = ts.pick(job.t);
    const PopChain t = ts[i];
    const sim::Time f = std::max(job.t, t.free_at);
    rec.emit_series(t.chain_start, cycle, static_cast<std::uint64_t>((f - t.chain_start) / cycle) + 1, brpop_b);
    const sim::Time end = f + p.tasks[job.source].duration;
    // Heartbeats (same phase in every process) that find the job running: one HSET each.
    const sim::Time k0 = (f - open + beat - 1) / beat, k1 = (end - open + beat - 1) / beat;
    if (k1 > k0) rec.emit(f, hset_b, static_cast<std::uint64_t>(k1 - k0));
    ts.busy_until(i, end);
  }
  for (std::size_t i = 0; i < ts.size(); ++i) series(ts[i].chain_start, cycle, brpop_b);
}

}  // namespace core
