#include "core/models/bee_queue_worker.hpp"

#include "core/models/celery_worker.hpp"  // parse_major_minor
#include "core/models/fetch_chain.hpp"
#include "core/models/duration_amount.hpp"

namespace core {

const BeeQueueScripts& bee_queue_scripts() {
  static const BeeQueueScripts s = [] {
    BeeQueueScripts x;
    x.stalled_short.add("EVALSHA").lua("SET");  // checkStalledJobs.lua: SET stallBlock 1 PX NX
    x.stalled_extra.lua("SMEMBERS").lua("LRANGE");
    x.raise_delayed.add("EVALSHA").lua("ZRANGEBYSCORE").lua("ZREMRANGEBYSCORE").lua("ZRANGE");
    x.produce.add("EVALSHA").lua("INCR").lua("HEXISTS").lua("HSET").lua("LPUSH");  // addJob.lua
    x.producer_first.add("INFO").add("SCRIPT|EXISTS", 5).add(x.produce);
    return x;
  }();
  return s;
}

CommandMix bee_queue_worker_startup(const BeeQueueWorkerParams& p) {
  const BeeQueueScripts& s = bee_queue_scripts();
  const auto W = static_cast<std::uint32_t>(p.workers);
  CommandMix m;
  m.add("INFO", (p.has_eclient() ? 3 : 2) * W);
  if (p.get_events) m.add("SUBSCRIBE", W);
  if (p.activate_delayed_jobs) m.add("SUBSCRIBE", W);  // earlierDelayed
  m.add("SCRIPT|EXISTS", 5 * W);
  if (!p.scripts_cached) m.add("SCRIPT|LOAD", 5);  // the first process loads them
  // process()'s one stalled check: the first process's SET succeeds.
  m.add(s.stalled_short, W).add(s.stalled_extra);
  // checkStalledJobs(interval) checks at once: the block key is still there.
  if (p.check_stalled_interval) m.add(s.stalled_short, W);
  if (p.activate_delayed_jobs) m.add(s.raise_delayed, W);
  return m;
}

CommandMix bee_queue_worker_shutdown(const BeeQueueWorkerParams& p) {
  return CommandMix().add("QUIT", static_cast<std::uint32_t>((p.has_eclient() ? 2 : 1) * p.workers));
}

CommandMix bee_queue_job_worker_side(const BeeQueueWorkerParams& p) {
  CommandMix m;
  m.add("BRPOPLPUSH").add("HGET").add("SREM", 2).add("MULTI").add("LREM").add("EXEC");
  if (p.remove_on_success) m.add("HDEL");
  else m.add("HSET").add("SADD");
  if (p.send_events) m.add("PUBLISH");
  return m;
}

// ---------------------------------------------------------------------------------------------
// Parsing

std::unique_ptr<Model> parse_bee_queue_worker(Reader& r) {
  BeeQueueWorkerParams p;
  p.workers = static_cast<int>(r.integer("workers", 1, 1, 10000));
  p.bee_queue_version = r.string("bee_queue_version", "2.0.0");
  if (!parse_major_minor(p.bee_queue_version, &p.major, &p.minor))
    r.fail("bee_queue_version", "expected a version like \"2.0.0\"");
  if (p.major != 2) r.fail("bee_queue_version", "expected a 2.x version (2.0.0 recorded; 1.x unread)");
  p.concurrency = static_cast<int>(r.integer("concurrency", 1, 1, 100000));
  p.stall_interval = r.duration("stall_interval", 5 * sim::kSecond);
  if (p.stall_interval <= 0) r.fail("stall_interval", "expected a positive duration");
  if (r.has("check_stalled_interval")) {
    p.check_stalled_interval = r.duration("check_stalled_interval");
    if (*p.check_stalled_interval <= 0)
      r.fail("check_stalled_interval", "expected a positive duration (leave it out when the app never calls checkStalledJobs)");
  } else {
    r.raw("check_stalled_interval");
  }
  p.activate_delayed_jobs = r.boolean("activate_delayed_jobs", false);
  p.near_term_window = r.duration("near_term_window", 20 * sim::kMinute);
  if (p.near_term_window <= 0) r.fail("near_term_window", "expected a positive duration");
  p.get_events = r.boolean("get_events", true);
  p.send_events = r.boolean("send_events", true);
  p.remove_on_success = r.boolean("remove_on_success", false);
  p.scripts_cached = r.boolean("scripts_cached", false);
  p.count_startup = r.boolean("count_startup", true);
  accept_no_effect(r, "delayed_debounce", [&] { r.duration("delayed_debounce"); }, p.no_effect);
  if (r.has("stall_interval") && !p.check_stalled_interval) p.no_effect.push_back("stall_interval (idle)");
  p.tasks = read_queue_job_sources(r);
  if (r.has("concurrency") && p.tasks.empty()) p.no_effect.push_back("concurrency (idle)");
  return std::make_unique<BeeQueueWorkerModel>(std::move(p));
}

// ---------------------------------------------------------------------------------------------
// Knobs

// A default worker sends nothing idle, so it has no knob. The loops an app may turn on:
// checkStalledJobs(interval) (and stall_interval, the block key's PX that lets one full check
// through per stall_interval, and the in-job refresh period), and activateDelayedJobs with its
// nearTermWindow.
std::vector<Knob> BeeQueueWorkerModel::knobs() const {
  std::vector<Knob> out;
  if (p_.check_stalled_interval) {
    const sim::Duration now = *p_.check_stalled_interval;
    Knob k = knob("check_stalled_interval", "/check_stalled_interval", sim::format_duration(now), &metrics::detection_latency);
    for (sim::Duration v : {30 * sim::kSecond, 300 * sim::kSecond}) {
      if (v <= now) continue;
      k.candidates.push_back({"checkStalledJobs(" + std::to_string(v / sim::kMillisecond) + ") instead of every " +
                                  duration_amount(now),
                              "a crashed worker's job goes back to waiting up to " + duration_amount(p_.stall_interval + v) +
                                  " after the crash instead of " + duration_amount(p_.stall_interval + now),
                              seconds_of(p_.stall_interval + v), {{"/check_stalled_interval", sim::format_duration(v)}}});
    }
    if (!k.candidates.empty()) out.push_back(std::move(k));
    Knob s = knob("stall_interval", "/stall_interval", sim::format_duration(p_.stall_interval), &metrics::detection_latency);
    for (sim::Duration v : {30 * sim::kSecond, 60 * sim::kSecond}) {
      if (v <= p_.stall_interval) continue;
      s.candidates.push_back({"stallInterval " + std::to_string(v / sim::kMillisecond) + " (one full stalled check per " +
                                  duration_amount(v) + " instead of " + duration_amount(p_.stall_interval) + ")",
                              "a job counts as stalled after missing its refresh for " + duration_amount(v) +
                                  ": a crashed worker's job goes back up to " + duration_amount(v + now) + " after the crash",
                              seconds_of(v + now), {{"/stall_interval", sim::format_duration(v)}}});
    }
    if (!s.candidates.empty()) out.push_back(std::move(s));
  }
  if (p_.activate_delayed_jobs) {
    Knob k = knob("near_term_window", "/near_term_window", sim::format_duration(p_.near_term_window), &metrics::pickup_latency);
    for (sim::Duration v : {sim::kHour, 6 * sim::kHour}) {
      if (v <= p_.near_term_window) continue;
      k.candidates.push_back({"nearTermWindow " + duration_amount(v) + " instead of " + duration_amount(p_.near_term_window),
                              "a delayed job whose earlierDelayed message was missed starts up to " + duration_amount(v) +
                                  " late instead of " + duration_amount(p_.near_term_window),
                              seconds_of(v), {{"/near_term_window", sim::format_duration(v)}}});
    }
    if (!k.candidates.empty()) out.push_back(std::move(k));
    out.push_back(turn_off("activate_delayed_jobs", "/activate_delayed_jobs", "activateDelayedJobs: false",
                           "this worker no longer activates delayed jobs (delayUntil): another Queue with "
                           "activateDelayedJobs must, or they never run"));
  }
  return out;
}

bool BeeQueueWorkerModel::stochastic() const { return any_stochastic(p_.tasks); }

// ---------------------------------------------------------------------------------------------
// The process

void BeeQueueWorkerModel::start(ModelContext& ctx) const {
  const BeeQueueWorkerParams& p = p_;
  const BeeQueueScripts& s = bee_queue_scripts();
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  const sim::Time open = ctx.start, close = ctx.end;
  const auto W = static_cast<std::uint32_t>(p.workers);
  auto bundle = [&](const CommandMix& m) { return rec.bundle(comp, m.commands()); };
  if (p.count_startup) rec.emit(open, bundle(bee_queue_worker_startup(p)));

  const std::vector<FetchChainJob> fj = produce_jobs(ctx, p.tasks, bundle(s.producer_first), bundle(s.produce));

  // The fetch never times out: one BRPOPLPUSH pending per process from the start, and one more per
  // job (the chain's cycle is longer than any period). The job's commands go with its pick-up.
  CommandMix per_job = bee_queue_job_worker_side(p);
  CommandMix after_fetch;
  for (const auto& c : per_job.commands())
    if (command_info(c.cmd).name != "BRPOPLPUSH") after_fetch.add(command_info(c.cmd).name.c_str(), c.count);
  FetchChainSpec spec;
  spec.cycle = 1000LL * 365 * sim::kDay;
  spec.timeout = spec.cycle;
  spec.wait = rec.single(comp, *find_command("BRPOPLPUSH"));
  spec.activate = bundle(after_fetch);
  spec.activate_queued = bundle(per_job);  // its BRPOPLPUSH returns at once
  spec.finish = spec.finish_first = bundle(CommandMix());
  spec.drain_tail = bundle(CommandMix());
  const std::vector<sim::Time> starts = emit_fetch_chains(rec, spec, p.workers, p.concurrency, fj, open, close);

  // preventStalling: SREM every stall_interval / 2 while a job runs (the one at its start is counted).
  const sim::Duration half = p.stall_interval / 2;
  const BundleId srem_b = rec.single(comp, *find_command("SREM"));
  for (std::size_t i = 0; i < fj.size(); ++i) {
    if (starts[i] == sim::kNever) continue;
    const auto n = static_cast<std::uint64_t>(fj[i].duration / half);
    if (n) rec.emit_series(starts[i] + half, half, n, srem_b);
  }

  auto series = [&](sim::Time first, sim::Duration period, BundleId b) {
    if (first < close) rec.emit_series(first, period, static_cast<std::uint64_t>((close - 1 - first) / period) + 1, b);
  };
  // checkStalledJobs(interval): every process; the block key (PX stall_interval, shared) lets one
  // full run through per stall_interval: every k-th cycle with k = ceil(stall_interval / cycle).
  if (p.check_stalled_interval) {
    const sim::Duration c = p.stalled_cycle();
    series(open + c, c, bundle(CommandMix(s.stalled_short).times(W)));
    const sim::Duration k = (p.stall_interval + c - 1) / c;
    series(open + k * c, k * c, bundle(s.stalled_extra));
  }
  if (p.activate_delayed_jobs)
    series(open + p.delayed_cycle(), p.delayed_cycle(), bundle(CommandMix(s.raise_delayed).times(W)));
}

}  // namespace core
