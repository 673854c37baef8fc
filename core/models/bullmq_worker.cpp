#include "core/models/bullmq_worker.hpp"

#include <algorithm>

#include "core/models/celery_worker.hpp"  // parse_major_minor
#include "core/models/fetch_chain.hpp"
#include "core/models/guard_key_check.hpp"
#include "core/models/duration_amount.hpp"
#include "core/models/stalled_interval_knob.hpp"

namespace core {

const BullmqScripts& bullmq_scripts() {
  static const BullmqScripts s = [] {
    BullmqScripts x;
    // moveToActive-11.lua with nothing to fetch: getTargetQueueList's HMGET, promoteDelayedJobs'
    // ZRANGEBYSCORE, RPOPLPUSH wait->active, moveJobFromPriorityToActive's ZPOPMIN + DEL,
    // getNextDelayedTimestamp's ZRANGE.
    x.fetch_empty_lua.lua("HMGET").lua("ZRANGEBYSCORE").lua("RPOPLPUSH").lua("ZPOPMIN").lua("DEL").lua("ZRANGE");
    x.fetch_empty.add("EVALSHA").add(x.fetch_empty_lua);
    // moveStalledJobsToWait-9.lua: EXISTS <q>:stalled-check returns early while the key lives.
    x.stalled_short.add("EVALSHA").lua("EXISTS");
    x.stalled_full_extra.lua("SET").lua("HGET").lua("XTRIM").lua("SMEMBERS").lua("LRANGE");
    // moveToActive with a job: HMGET, ZRANGEBYSCORE, RPOPLPUSH, then prepareJobForProcessing: SET
    // lock PX, XADD active, HMSET processedOn, HINCRBY ats, ZADD marker, HGETALL.
    x.activate_lua.lua("HMGET").lua("ZRANGEBYSCORE").lua("RPOPLPUSH").lua("SET").lua("XADD").lua("HMSET")
        .lua("HINCRBY").lua("ZADD").lua("HGETALL");
    x.activate.add("EVALSHA").add(x.activate_lua);
    // moveToFinished-14.lua: EXISTS job, HGET igdp, SCARD dependencies, GET + DEL lock, SREM stalled,
    // HMGET parentKey parent deid, LREM active, HGET + XTRIM (trimEvents), HINCRBY atm, ZADD
    // completed, HMSET returnvalue finishedOn, XADD completed.
    x.finish_lua.lua("EXISTS").lua("HGET", 2).lua("SCARD").lua("GET").lua("DEL").lua("SREM").lua("HMGET").lua("LREM")
        .lua("XTRIM").lua("HINCRBY").lua("ZADD").lua("HMSET").lua("XADD");
    x.finish.add("EVALSHA").add(x.finish_lua);
    // Queue drained: the fetch-next half finds nothing (6), then LLEN wait, LLEN active, ZCARD
    // prioritized, XADD drained; the worker's BZPOPMIN returns at once on the marker the job's
    // activation left, and one more empty moveToActive.
    x.drain_tail.add(x.fetch_empty_lua).lua("LLEN", 2).lua("ZCARD").lua("XADD").add("BZPOPMIN").add(x.fetch_empty);
    // extendLocks-1.lua per job: GET lock, SET lock PX, SREM stalled.
    x.extend_lock.add("EVALSHA").lua("GET").lua("SET").lua("SREM");
    // addStandardJob-8.lua: INCR id, HGET maxLenEvents, HMSET job, XADD added, HMGET meta, LPUSH
    // wait, ZADD marker, XADD waiting.
    x.produce_lua.lua("INCR").lua("HGET").lua("HMSET").lua("XADD", 2).lua("HMGET").lua("LPUSH").lua("ZADD");
    x.produce.add("EVALSHA").add(x.produce_lua);
    // Once per producer connection: INFO x2 (ready and version checks), HMSET meta opts.maxLenEvents
    // and version, and the first addStandardJob as EVAL (full text) instead of EVALSHA.
    x.producer_first.add("INFO", 2).add("HMSET").add("EVAL").add(x.produce_lua);
    return x;
  }();
  return s;
}

CommandMix bullmq_worker_startup(const BullmqWorkerParams& p) {
  const BullmqScripts& s = bullmq_scripts();
  const auto W = static_cast<std::uint32_t>(p.workers);
  CommandMix m;
  // Per process: CLIENT SETNAME on the blocking connection, INFO x4 (ioredis' ready check and
  // BullMQ's version check on both connections), the first moveToActive as EVAL.
  m.add("CLIENT|SETNAME", W).add("INFO", 4 * W).add("EVAL", W).add(s.fetch_empty_lua, W);
  if (!p.skip_stalled_check) {
    // The first stalled check as EVAL: one process runs it in full on a new queue (and stores
    // opts.maxLenEvents in the meta hash), the others find the guard key.
    m.add("EVAL", W).lua("EXISTS", W).add(s.stalled_full_extra).lua("HSET");
  }
  return m;
}

CommandMix bullmq_worker_shutdown(const BullmqWorkerParams& p) {
  return CommandMix().add("QUIT", static_cast<std::uint32_t>(p.workers));  // worker.close()
}

// ---------------------------------------------------------------------------------------------
// Parsing

std::unique_ptr<Model> parse_bullmq_worker(Reader& r) {
  BullmqWorkerParams p;
  p.workers = static_cast<int>(r.integer("workers", 1, 1, 10000));
  p.bullmq_version = r.string("bullmq_version", "5.47.3");
  if (!parse_major_minor(p.bullmq_version, &p.major, &p.minor))
    r.fail("bullmq_version", "expected a version like \"5.47.3\"");
  if (p.major < 5 || p.major > 6)
    r.fail("bullmq_version",
           "expected a 5.x or 6.x version: 3.x and 4.x fetch with BRPOPLPUSH (a different loop, not modelled), later "
           "majors are unread");
  p.concurrency = static_cast<int>(r.integer("concurrency", 1, 1, 100000));
  p.drain_delay = r.duration("drain_delay", 5 * sim::kSecond);
  if (p.drain_delay <= 0) r.fail("drain_delay", "expected a positive duration (BullMQ throws on drainDelay <= 0)");
  p.stalled_interval = r.duration("stalled_interval", 30 * sim::kSecond);
  if (p.stalled_interval <= 0)
    r.fail("stalled_interval", "expected a positive duration (BullMQ throws on stalledInterval <= 0; use skip_stalled_check)");
  p.skip_stalled_check = r.boolean("skip_stalled_check", false);
  p.lock_duration = r.duration("lock_duration", 30 * sim::kSecond);
  if (p.lock_duration <= 0) r.fail("lock_duration", "expected a positive duration");
  p.lock_renew_time = r.duration("lock_renew_time", p.lock_duration / 2);
  if (p.lock_renew_time <= 0) r.fail("lock_renew_time", "expected a positive duration");
  p.skip_lock_renewal = r.boolean("skip_lock_renewal", false);
  p.rtt = r.duration("rtt", 0);
  if (p.rtt < 0) r.fail("rtt", "expected a duration of 0 or more");
  p.count_startup = r.boolean("count_startup", true);
  accept_no_effect(r, "max_stalled_count", [&] { r.integer("max_stalled_count", 0, 1000000); }, p.no_effect);
  accept_no_effect(r, "run_retry_delay", [&] { r.duration("run_retry_delay"); }, p.no_effect);
  p.tasks = read_queue_job_sources(r);
  if (r.has("concurrency") && p.tasks.empty()) p.no_effect.push_back("concurrency (idle)");
  return std::make_unique<BullmqWorkerModel>(std::move(p));
}

// ---------------------------------------------------------------------------------------------
// Knobs

// drain_delay: the BZPOPMIN's timeout. A job's ZADD on the marker wakes it at once, so pickup does
// not move, and worker.close() disconnects the blocking connection (Worker#whenCurrentJobsFinished)
// rather than waiting for it, so shut-down does not either; what moves is Worker#waitForJob's guard
// timer, which drops a blocking connection that has not answered after the timeout + 1 s.
// stalled_interval: the checker's period; a crashed worker's job goes back to wait after at most
// max(lock_duration, stalled_interval) + stalled_interval. skip_stalled_check: no checker at all.
std::vector<Knob> BullmqWorkerModel::knobs() const {
  std::vector<Knob> out;
  {
    Knob k = knob("drain_delay", "/drain_delay", sim::format_duration(p_.drain_delay), &metrics::detection_latency);
    for (sim::Duration v : {30 * sim::kSecond, 60 * sim::kSecond, 300 * sim::kSecond}) {
      if (v <= p_.drain_delay) continue;
      k.candidates.push_back({"drainDelay " + std::to_string(v / sim::kSecond) + " (BZPOPMIN waits " + duration_amount(v) +
                                  " instead of " + duration_amount(p_.drain_delay) + ")",
                              "none in job pickup (the job's marker wakes BZPOPMIN) or shut-down; a silently dead "
                              "blocking connection is replaced after " + duration_amount(v + sim::kSecond) +
                                  " instead of " + duration_amount(p_.drain_delay + sim::kSecond),
                              seconds_of(v + sim::kSecond), {{"/drain_delay", sim::format_duration(v)}}});
    }
    if (!k.candidates.empty()) out.push_back(std::move(k));
  }
  if (!p_.skip_stalled_check) {
    Knob k = stalled_interval_knob("stalledInterval", p_.stalled_interval, p_.lock_duration);
    if (!k.candidates.empty()) out.push_back(std::move(k));
    out.push_back(single("skip_stalled_check", "/skip_stalled_check", false, true,
                         "skipStalledCheck: true (no stalled-jobs checker" +
                             std::string(p_.workers > 1 ? " in any of the " + std::to_string(p_.workers) + " processes)" : ")"),
                         "stalled jobs are never recovered: a job whose worker crashed stays active until another "
                         "worker without skipStalledCheck checks the queue"));
  }
  return out;
}

bool BullmqWorkerModel::stochastic() const { return any_stochastic(p_.tasks); }

// ---------------------------------------------------------------------------------------------
// The process

void BullmqWorkerModel::start(ModelContext& ctx) const {
  const BullmqWorkerParams& p = p_;
  const BullmqScripts& s = bullmq_scripts();
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  const sim::Time open = ctx.start, close = ctx.end;
  auto bundle = [&](const CommandMix& m) { return rec.bundle(comp, m.commands()); };
  if (p.count_startup) rec.emit(open, bundle(bullmq_worker_startup(p)));

  // The producer's side.
  const std::vector<FetchChainJob> fj = produce_jobs(ctx, p.tasks, bundle(s.producer_first), bundle(s.produce));

  // The workers' side: the fetch loop of each process, jobs to the earliest free slot.
  FetchChainSpec spec;
  spec.cycle = p.fetch_cycle();
  spec.timeout = p.drain_delay;
  spec.wait = rec.single(comp, *find_command("BZPOPMIN"));
  spec.after_timeout = bundle(s.fetch_empty);
  spec.activate = bundle(s.activate);
  spec.activate_queued = bundle(s.activate_lua);
  spec.finish = bundle(s.finish);
  spec.finish_first = bundle(CommandMix(s.finish_lua).add("EVAL"));  // the script's first call on the connection
  spec.drain_tail = bundle(s.drain_tail);
  const std::vector<sim::Time> starts = emit_fetch_chains(rec, spec, p.workers, p.concurrency, fj, open, close);

  // Lock extension of long jobs: one extendLocks call per lock_renew_time / 2 beyond the first
  // (the phase-averaged count, carried from job to job).
  const sim::Duration half_renew = p.lock_renew_time / 2;
  if (!p.skip_lock_renewal) {
    const BundleId extend_b = bundle(s.extend_lock);
    double owed = 0;
    for (std::size_t i = 0; i < fj.size(); ++i) {
      const sim::Duration dur = fj[i].duration;
      if (starts[i] == sim::kNever || dur <= half_renew) continue;
      owed += static_cast<double>(dur - half_renew) / static_cast<double>(half_renew);
      const auto whole = static_cast<std::uint64_t>(owed);
      if (whole) rec.emit(starts[i], extend_b, whole);
      owed -= static_cast<double>(whole);
    }
  }

  // The stalled-jobs checker: every process checks; one full run per cycle per queue (the guard key
  // is shared), 14 of every 15 on loopback.
  if (!p.skip_stalled_check)
    emit_guard_key_check(rec, open + p.stalled_cycle(), p.stalled_cycle(), close,
                         bundle(CommandMix(s.stalled_short).times(static_cast<std::uint32_t>(p.workers))),
                         bundle(s.stalled_full_extra), p.stalled_full_of_15(), 15);
}

}  // namespace core
