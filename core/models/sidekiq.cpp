#include "core/models/sidekiq.hpp"

#include <algorithm>

#include "core/models/blocking_pop.hpp"
#include "core/models/celery_worker.hpp"  // parse_major_minor
#include "core/models/command_mix.hpp"
#include "core/models/no_effect.hpp"
#include "core/models/duration_amount.hpp"

namespace core {

namespace {

// BasicFetch::TIMEOUT (2 in 6.x and 7.x) and Launcher::BEAT_PAUSE (5 in 6.x, 10 in 7.x): constants,
// not settings; the poller's INITIAL_WAIT.
constexpr sim::Duration kFetchTimeout = 2 * sim::kSecond;
constexpr sim::Duration kBeatPause6 = 5 * sim::kSecond;
constexpr sim::Duration kBeatPause7 = 10 * sim::kSecond;
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

int SidekiqParams::threads() const {
  int n = concurrency;
  for (int c : capsules) n += c;
  return n;
}
sim::Duration SidekiqParams::fetch_cycle() const { return kFetchTimeout + kFetchLatency + rtt; }
// The beat's own work (5.5 ms) was measured on 6.4.1; 7.x is assumed to take as long.
sim::Duration SidekiqParams::heartbeat_period() const { return (major >= 7 ? kBeatPause7 : kBeatPause6) + kBeatWork + 3 * rtt; }
sim::Duration SidekiqParams::poll_mean() const {
  const sim::Duration average = poll_interval_average ? *poll_interval_average : workers * average_scheduled_poll_interval;
  // random_poll_interval: average x rand + average / 2 below 10 processes (mean: average), average x
  // rand from 10 on (mean: average / 2); + the poll's three round trips (2 EVALSHA, SCARD).
  return (workers < 10 ? average : average / 2) + 3 * rtt;
}
sim::Duration SidekiqParams::first_poll_mean() const {
  return (poll_interval_average ? 0 : kInitialWait) + 5 * sim::kSecond / 2;
}

std::vector<CommandCount> sidekiq_heartbeat(const SidekiqParams& p, std::uint32_t busy) {
  CommandMix m;
  if (p.major < 7) {
    m.add("MULTI").add("INCRBY", 4).add("EXPIRE", 2).add("UNLINK").add("HSET", busy).add("EXPIRE").add("EXEC");
  } else if (p.minor < 3) {
    m.add("UNLINK").add("HSET", busy).add("EXPIRE");  // pipelined, no MULTI (7.0-7.2)
  } else {
    m.add("MULTI").add("UNLINK");  // 7.3+: one HSET of every busy thread, and its EXPIRE, only when busy
    if (busy) m.add("HSET").add("EXPIRE");
    m.add("EXEC");
  }
  m.add("PING");  // check_rtt
  m.add("MULTI").add("SADD").add("EXISTS").add(p.major == 7 && p.minor >= 1 ? "HSET" : "HMSET").add("EXPIRE").add("RPOP").add("EXEC");
  return m.commands();
}

std::vector<CommandCount> sidekiq_stats_flush(const SidekiqParams&) {
  CommandMix m;
  m.add("INCRBY", 4).add("EXPIRE", 2);  // Launcher#flush_stats, pipelined
  return m.commands();
}

std::vector<CommandCount> sidekiq_poll(const SidekiqParams& p, bool with_cleanup) {
  CommandMix m;
  // retry, schedule: one ZRANGEBYSCORE each (ZRANGE ... BYSCORE in the script from 7.1)
  m.add("EVALSHA", 2).add(p.major == 7 && p.minor >= 1 ? "ZRANGE" : "ZRANGEBYSCORE", 2, true);
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
  p.sidekiq_version = r.string("sidekiq_version", "6.4.1");
  // "7.x" (or "7") is the newest 7 read, 7.3; "6.x" behaves as 6.4.1.
  std::string v = p.sidekiq_version;
  if (v.size() > 2 && v.compare(v.size() - 2, 2, ".x") == 0) v.resize(v.size() - 2);
  if (!parse_major_minor(v, &p.major, &p.minor))
    r.fail("sidekiq_version", "expected a version like \"6.4.1\", \"7.3.9\" or \"7.x\"");
  if (v.find('.') == std::string::npos) p.minor = p.major == 7 ? 3 : 4;  // no minor given: the newest read
  if (p.major != 6 && p.major != 7)
    r.fail("sidekiq_version", "Sidekiq 6.x (6.4.1 recorded) or 7.x (read from source); Sidekiq " +
                                  std::to_string(p.major) + " is not modelled");
  p.concurrency_set = r.has("concurrency");
  p.concurrency = static_cast<int>(r.integer("concurrency", SidekiqParams::default_concurrency(p.major), 1, 1000));
  if (r.has("capsules")) {
    if (p.major < 7) r.fail("capsules", "capsules are a Sidekiq 7 feature (set sidekiq_version to 7.x)");
    const std::vector<Reader> caps = r.objects("capsules");
    if (caps.size() > 100) r.fail("capsules", "at most 100 capsules");
    for (const Reader& c : caps) {
      c.string("name", "");
      p.capsules.push_back(static_cast<int>(c.integer("concurrency", p.concurrency, 1, 1000)));
      c.finish();
    }
  } else {
    r.raw("capsules");
  }
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
// Knobs

std::vector<Knob> SidekiqModel::knobs() const {
  std::vector<Knob> out;
  // The longest job a process may have to wait for once its threads are all busy.
  std::optional<double> longest;
  for (const auto& t : p_.tasks) longest = std::max(longest.value_or(0.0), seconds_of(t.duration));
  {
    Knob k = knob("concurrency", "/concurrency", p_.concurrency, &metrics::pickup_latency);
    std::vector<int> values;
    if (p_.concurrency >= 4) values.push_back(p_.concurrency / 2);
    if (p_.concurrency > 1) values.push_back(1);
    for (int c : values)
      k.candidates.push_back({"concurrency " + std::to_string(c) + " instead of " + std::to_string(p_.concurrency) +
                                  " (" + std::to_string(c) + " BRPOP loop" + (c == 1 ? "" : "s") + " per process)",
                              "at most " + std::to_string(c) + " job" + (c == 1 ? "" : "s") +
                                  " at once per process; more wait for a free thread (up to one job's duration)",
                              longest, {{"/concurrency", c}}});
    out.push_back(std::move(k));
  }
  {
    // The poller's interval: the field in force (poll_interval_average fixes it per process).
    const bool fixed = p_.poll_interval_average.has_value();
    const char* field = fixed ? "poll_interval_average" : "average_scheduled_poll_interval";
    const sim::Duration now = fixed ? *p_.poll_interval_average : p_.average_scheduled_poll_interval;
    Knob k = knob(field, std::string("/") + field, sim::format_duration(now), &metrics::pickup_latency);
    for (sim::Duration v : {15 * sim::kSecond, 30 * sim::kSecond}) {
      if (v <= now) continue;
      k.candidates.push_back({std::string(field) + " " + duration_amount(v) + " instead of " + duration_amount(now),
                              "scheduled (perform_in) and retried jobs start up to " + duration_amount(v * 3 / 2) +
                                  " after they are due instead of " + duration_amount(now * 3 / 2),
                              seconds_of(v * 3 / 2), {{std::string("/") + field, sim::format_duration(v)}}});
    }
    if (!k.candidates.empty()) out.push_back(std::move(k));
  }
  if (p_.major < 7) {
    // Sidekiq 7 beats every 10 s without the zero stats. Its default concurrency is 5: an upgrade
    // of a process that leaves concurrency to the default also halves its threads (said in the cost).
    Knob k = knob("sidekiq_version", "/sidekiq_version", p_.sidekiq_version, &metrics::pickup_latency);
    const int c7 = SidekiqParams::default_concurrency(7);
    const bool halves = !p_.concurrency_set && c7 < p_.concurrency;
    k.candidates.push_back(
        {"Sidekiq 7 (heartbeat every 10 s instead of 5 s, no zero-count stats" +
             std::string(halves ? "; its default concurrency " + std::to_string(c7) + ")" : ")"),
         "an upgrade to Sidekiq 7 (modelled from its source, not recorded)" +
             std::string(halves ? "; " + std::to_string(c7) + " threads per process instead of " +
                                      std::to_string(p_.concurrency) + " unless concurrency is set"
                                : ""),
         halves ? longest : std::nullopt, {{"/sidekiq_version", "7.x"}}});
    out.push_back(std::move(k));
  }
  return out;
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
  // The poller: the first poll (SCRIPT LOAD, and the first cleaning), then every mean wait.
  {
    const sim::Time first = open + p.first_poll_mean();
    if (first < close) {
      if (p.major < 7) {
        // 6.x: process_count is called twice on the first cycle, and cleans on every 10th call
        // (polls 9, 19, 29, ...), in every process.
        CommandMix first_m{sidekiq_poll(p, true)};
        first_m.add("SCARD");
        if (p.count_startup) first_m.add("SCRIPT|LOAD");
        rec.emit(first, times_w(first_m.commands(), W));
        series(first + poll, poll, times_w(sidekiq_poll(p, false), W));
        CommandMix cleanup_m;
        cleanup(cleanup_m, p);
        series(first + static_cast<sim::Duration>(kCleanupEvery - 1) * poll,
               static_cast<sim::Duration>(kCleanupEvery) * poll, times_w(cleanup_m.commands(), W));
      } else {
        // 7.x: the initial wait ends with one cleanup behind SET process_cleanup NX EX 60, which one
        // process of the cluster wins; then every cycle polls with one SCARD.
        CommandMix first_m{sidekiq_poll(p, false)};
        first_m.add("SET");
        if (p.count_startup) first_m.add("SCRIPT|LOAD");
        rec.emit(first, times_w(first_m.commands(), W));
        CommandMix cleanup_m;
        cleanup(cleanup_m, p);
        rec.emit(first, rec.bundle(comp, cleanup_m.commands()));
        series(first + poll, poll, times_w(sidekiq_poll(p, false), W));
      }
    }
  }

  // Fetch: every processor thread's BRPOP chain (every capsule's). A job goes to the free thread
  // whose current BRPOP was sent first (Redis serves blocked clients in order), or waits for the
  // first thread to free.
  const BundleId brpop_b = rec.single(comp, *find_command("BRPOP"));
  const BundleId client_b = rec.bundle(comp, sidekiq_job_client(p));
  const std::vector<Job> jobs = generate_jobs(p.tasks, ctx);
  const std::size_t threads = static_cast<std::size_t>(p.workers) * static_cast<std::size_t>(p.threads());
  if (jobs.empty()) {
    std::vector<CommandCount> all{{*find_command("BRPOP"), static_cast<std::uint32_t>(threads), false}};
    series(open, cycle, rec.bundle(comp, std::move(all)));
    return;
  }
  // What the heartbeats see of the jobs: beat k (at open + k x beat) finds a job running from f to
  // end when f <= its time < end, i.e. k in [k0, k1); 7.x flushes stats in the first beat at or
  // after a job's end (k1). The beats are on the same phase in every process; these are counted
  // over the cluster, as one process would see them (per-process busy sets are not tracked).
  std::vector<std::pair<sim::Time, sim::Time>> busy;  // [k0, k1) per job
  std::vector<sim::Time> busy_from;                     // the pick-up time of each busy entry
  std::vector<sim::Time> flushed;                       // k1 per job
  BlockedConsumers ts(threads, open, cycle);
  for (const Job& job : jobs) {
    if (job.t >= close) break;
    rec.emit(job.t, client_b);
    const std::size_t i = ts.pick(job.t);
    const PopChain t = ts[i];
    const sim::Time f = std::max(job.t, t.free_at);
    rec.emit_series(t.chain_start, cycle, static_cast<std::uint64_t>((f - t.chain_start) / cycle) + 1, brpop_b);
    const sim::Time end = f + p.tasks[job.source].duration;
    const sim::Time k0 = (f - open + beat - 1) / beat, k1 = (end - open + beat - 1) / beat;
    if (k1 > k0) {
      busy.emplace_back(k0, k1);
      busy_from.push_back(f);
    }
    flushed.push_back(k1);
    ts.busy_until(i, end);
  }
  for (std::size_t i = 0; i < ts.size(); ++i) series(ts[i].chain_start, cycle, brpop_b);

  const sim::Time beats = (close - open + beat - 1) / beat;  // beats in the period: k < beats
  auto at_beat = [&](sim::Time k) { return open + k * beat; };
  if (p.major < 7 || p.minor < 3) {
    // One HSET <id>:work(ers) per busy thread per beat, counted at the job's pick-up.
    const BundleId hset_b = rec.single(comp, *find_command("HSET"));
    for (std::size_t j = 0; j < busy.size(); ++j) rec.emit(busy_from[j], hset_b, static_cast<std::uint64_t>(busy[j].second - busy[j].first));
  } else {
    // 7.3+: one HSET (every busy thread at once) and its EXPIRE per beat that finds any job running.
    const BundleId work_b = rec.bundle(comp, CommandMix{}.add("HSET").add("EXPIRE").commands());
    std::sort(busy.begin(), busy.end());
    sim::Time from = 0, to = 0;
    auto flush_run = [&] {
      if (to > from && from < beats) rec.emit_series(at_beat(from), beat, static_cast<std::uint64_t>(std::min(to, beats) - from), work_b);
    };
    for (const auto& [k0, k1] : busy) {
      if (k0 > to) {
        flush_run();
        from = k0;
      }
      to = std::max(to, k1);
    }
    flush_run();
  }
  if (!p.stats_in_every_beat()) {
    // 7.x: a beat flushes the stats only when jobs finished since the last beat.
    const BundleId flush_b = rec.bundle(comp, sidekiq_stats_flush(p));
    std::sort(flushed.begin(), flushed.end());
    flushed.erase(std::unique(flushed.begin(), flushed.end()), flushed.end());
    for (sim::Time k : flushed)
      if (k < beats) rec.emit(at_beat(k), flush_b);
  }
}

}  // namespace core
