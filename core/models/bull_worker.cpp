#include "core/models/bull_worker.hpp"

#include <algorithm>

#include "core/models/celery_worker.hpp"  // parse_major_minor
#include "core/models/fetch_chain.hpp"
#include "core/models/guard_key_check.hpp"
#include "core/models/duration_amount.hpp"
#include "core/models/stalled_interval_knob.hpp"

namespace core {

const BullScripts& bull_scripts() {
  static const BullScripts s = [] {
    BullScripts x;
    x.guard_lua.lua("ZRANGEBYSCORE").lua("ZRANGE");  // updateDelaySet-6.lua with nothing delayed
    x.guard.add("EVALSHA").add(x.guard_lua);
    x.stalled_short.add("EVALSHA").lua("EXISTS");     // moveStalledJobsToWait-7.lua, guard key alive
    x.stalled_full_extra.lua("SET").lua("SMEMBERS").lua("LRANGE");
    // moveToActive-8.lua: SREM stalled, SET lock PX, ZREM priority, PUBLISH active, HSET processedOn,
    // HGETALL.
    x.activate_lua.lua("SREM").lua("SET").lua("ZREM").lua("PUBLISH").lua("HSET").lua("HGETALL");
    x.activate.add("EVALSHA").add(x.activate_lua);
    x.activate_queued.lua("RPOPLPUSH").lua("SET").lua("ZREM").lua("PUBLISH").lua("HSET").lua("HGETALL");
    // moveToFinished-9.lua: EXISTS job, GET + DEL lock, SREM stalled, LREM active, HGET deid, ZADD
    // completed, HMSET returnvalue finishedOn, PUBLISH completed.
    x.finish_lua.lua("EXISTS").lua("GET").lua("DEL").lua("SREM").lua("LREM").lua("HGET").lua("ZADD").lua("HMSET")
        .lua("PUBLISH");
    x.finish.add("EVALSHA").add(x.finish_lua);
    // Drained: the fetch-next RPOPLPUSH finds nothing, then moveToActive without a job: RPOPLPUSH,
    // PUBLISH drained.
    x.drain_tail.lua("RPOPLPUSH").add("EVALSHA").lua("RPOPLPUSH").lua("PUBLISH");
    x.extend_lock.add("EVALSHA").lua("GET").lua("SET").lua("SREM");  // extendLock-2.lua
    // addJob-6.lua: INCR id, HMSET job, EXISTS meta-paused, LPUSH wait, PUBLISH waiting@token.
    x.produce_lua.lua("INCR").lua("HMSET").lua("EXISTS").lua("LPUSH").lua("PUBLISH");
    x.produce.add("EVALSHA").add(x.produce_lua);
    x.producer_first.add("INFO").add("EVAL").add(x.produce_lua);
    return x;
  }();
  return s;
}

CommandMix bull_worker_startup(const BullWorkerParams& p) {
  const BullScripts& s = bull_scripts();
  const auto W = static_cast<std::uint32_t>(p.workers);
  CommandMix m;
  // Per process: CLIENT SETNAME on two connections, INFO (ready check), SUBSCRIBE to the `delayed`
  // event, the first updateDelaySet as EVAL.
  m.add("CLIENT|SETNAME", 2 * W).add("INFO", W).add("SUBSCRIBE", W).add("EVAL", W).add(s.guard_lua, W);
  // The first stalled check as EVAL (Queue#run, before the fetch loops start): one process runs it in full.
  if (p.stalled_interval > 0) m.add("EVAL", W).lua("EXISTS", W).add(s.stalled_full_extra);
  return m;
}

CommandMix bull_worker_shutdown(const BullWorkerParams& p) {
  const auto W = static_cast<std::uint32_t>(p.workers);
  return CommandMix().add("QUIT", 2 * W).add("CLIENT|SETNAME", W);
}

// ---------------------------------------------------------------------------------------------
// Parsing

std::unique_ptr<Model> parse_bull_worker(Reader& r) {
  BullWorkerParams p;
  p.workers = static_cast<int>(r.integer("workers", 1, 1, 10000));
  p.bull_version = r.string("bull_version", "4.16.5");
  if (!parse_major_minor(p.bull_version, &p.major, &p.minor)) r.fail("bull_version", "expected a version like \"4.16.5\"");
  if (p.major != 4) r.fail("bull_version", "expected a 4.x version (4.16.5 recorded; other majors unread)");
  p.concurrency = static_cast<int>(r.integer("concurrency", 1, 1, 100000));
  p.drain_delay = r.duration("drain_delay", 5 * sim::kSecond);
  if (p.drain_delay <= 0)
    r.fail("drain_delay", "expected a positive duration (0 would make BRPOPLPUSH block without end)");
  p.guard_interval = r.duration("guard_interval", 5 * sim::kSecond);
  if (p.guard_interval <= 0) r.fail("guard_interval", "expected a positive duration");
  p.stalled_interval = r.duration("stalled_interval", 30 * sim::kSecond);
  p.lock_duration = r.duration("lock_duration", 30 * sim::kSecond);
  if (p.lock_duration <= 0) r.fail("lock_duration", "expected a positive duration");
  p.lock_renew_time = r.duration("lock_renew_time", p.lock_duration / 2);
  if (p.lock_renew_time <= 0) r.fail("lock_renew_time", "expected a positive duration");
  p.rtt = r.duration("rtt", 0);
  p.count_startup = r.boolean("count_startup", true);
  accept_no_effect(r, "max_stalled_count", [&] { r.integer("max_stalled_count", 0, 1000000); }, p.no_effect);
  accept_no_effect(r, "retry_process_delay", [&] { r.duration("retry_process_delay"); }, p.no_effect);
  p.tasks = read_queue_job_sources(r);
  if (r.has("concurrency") && p.tasks.empty()) p.no_effect.push_back("concurrency (idle)");
  return std::make_unique<BullWorkerModel>(std::move(p));
}

// ---------------------------------------------------------------------------------------------
// Knobs

// drain_delay: the BRPOPLPUSH's timeout; a job's LPUSH ends it at once, and queue.close()
// disconnects the blocked client rather than waiting (Queue#disconnect), so neither pickup nor
// shut-down moves: a silently dead blocking connection is only noticed when its block would have
// ended. guard_interval: the delay-set guard's period, which only matters for delayed jobs whose
// `delayed` event was missed. stalled_interval: as BullMQ's; 0 turns the checker off.
std::vector<Knob> BullWorkerModel::knobs() const {
  std::vector<Knob> out;
  {
    Knob k = knob("drain_delay", "/drain_delay", sim::format_duration(p_.drain_delay), &metrics::detection_latency);
    for (sim::Duration v : {30 * sim::kSecond, 60 * sim::kSecond, 300 * sim::kSecond}) {
      if (v <= p_.drain_delay) continue;
      k.candidates.push_back({"settings.drainDelay " + std::to_string(v / sim::kSecond) + " (BRPOPLPUSH waits " +
                                  duration_amount(v) + " instead of " + duration_amount(p_.drain_delay) + ")",
                              "none in job pickup (the job's LPUSH ends the wait) or shut-down; a silently dead "
                              "blocking connection is noticed after up to " + duration_amount(v) + " instead of " +
                                  duration_amount(p_.drain_delay),
                              seconds_of(v), {{"/drain_delay", sim::format_duration(v)}}});
    }
    if (!k.candidates.empty()) out.push_back(std::move(k));
  }
  {
    Knob k = knob("guard_interval", "/guard_interval", sim::format_duration(p_.guard_interval), &metrics::pickup_latency);
    for (sim::Duration v : {30 * sim::kSecond, 60 * sim::kSecond}) {
      if (v <= p_.guard_interval) continue;
      k.candidates.push_back({"settings.guardInterval " + std::to_string(v / sim::kMillisecond) + " (the delay-set guard every " +
                                  duration_amount(v) + " instead of " + duration_amount(p_.guard_interval) + ")",
                              "a delayed job whose `delayed` event was missed starts up to " + duration_amount(v) +
                                  " late instead of " + duration_amount(p_.guard_interval) +
                                  " (none for jobs without a delay)",
                              seconds_of(v), {{"/guard_interval", sim::format_duration(v)}}});
    }
    if (!k.candidates.empty()) out.push_back(std::move(k));
  }
  if (p_.stalled_interval > 0) {
    Knob k = stalled_interval_knob("settings.stalledInterval", p_.stalled_interval, p_.lock_duration);
    // 0 turns the checker off: a feature lost, not a longer wait, so it has no metric value.
    k.candidates.push_back({"settings.stalledInterval 0 (no stalled-jobs checker)",
                            "stalled jobs are never recovered: a job whose worker crashed stays active", std::nullopt,
                            {{"/stalled_interval", 0}}});
    out.push_back(std::move(k));
  }
  return out;
}

bool BullWorkerModel::stochastic() const { return any_stochastic(p_.tasks); }

// ---------------------------------------------------------------------------------------------
// The process

void BullWorkerModel::start(ModelContext& ctx) const {
  const BullWorkerParams& p = p_;
  const BullScripts& s = bull_scripts();
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  const sim::Time open = ctx.start, close = ctx.end;
  const auto W = static_cast<std::uint32_t>(p.workers);
  auto bundle = [&](const CommandMix& m) { return rec.bundle(comp, m.commands()); };
  if (p.count_startup) rec.emit(open, bundle(bull_worker_startup(p)));

  const std::vector<FetchChainJob> fj = produce_jobs(ctx, p.tasks, bundle(s.producer_first), bundle(s.produce));

  FetchChainSpec spec;
  spec.cycle = p.fetch_cycle();
  spec.timeout = p.drain_delay;
  spec.wait = rec.single(comp, *find_command("BRPOPLPUSH"));
  spec.activate = bundle(s.activate);
  spec.activate_first = bundle(CommandMix(s.activate_lua).add("EVAL"));
  spec.activate_queued = bundle(s.activate_queued);
  spec.finish = bundle(s.finish);
  spec.finish_first = bundle(CommandMix(s.finish_lua).add("EVAL"));
  spec.drain_tail = bundle(s.drain_tail);
  const std::vector<sim::Time> starts = emit_fetch_chains(rec, spec, p.workers, p.concurrency, fj, open, close);

  // Lock renewal: a timer every lock_renew_time from the job's start while it runs.
  const BundleId extend_b = bundle(s.extend_lock);
  for (std::size_t i = 0; i < fj.size(); ++i) {
    if (starts[i] == sim::kNever) continue;
    const auto n = static_cast<std::uint64_t>(fj[i].duration / p.lock_renew_time);
    if (n) rec.emit_series(starts[i] + p.lock_renew_time, p.lock_renew_time, n, extend_b);
  }

  // The delay-set guard, per process, re-armed after each reply.
  {
    const sim::Duration g = p.guard_cycle();
    if (open + g < close)
      rec.emit_series(open + g, g, static_cast<std::uint64_t>((close - 1 - open - g) / g) + 1,
                      bundle(CommandMix(s.guard).times(W)));
  }
  // The stalled-jobs checker: per process, the full run once per queue, 6 of every 7 cycles.
  if (p.stalled_interval > 0)
    emit_guard_key_check(rec, open + p.stalled_cycle(), p.stalled_cycle(), close,
                         bundle(CommandMix(s.stalled_short).times(W)), bundle(s.stalled_full_extra), 6, 7);
}

}  // namespace core
