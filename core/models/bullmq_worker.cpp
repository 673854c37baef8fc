#include "core/models/bullmq_worker.hpp"

#include <algorithm>

#include "core/models/celery_worker.hpp"  // parse_major_minor

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
           "a 5.x or 6.x version: 3.x and 4.x fetch with BRPOPLPUSH (a different loop, not modelled), later "
           "majors are unread");
  p.concurrency = static_cast<int>(r.integer("concurrency", 1, 1, 100000));
  p.drain_delay = r.duration("drain_delay", 5 * sim::kSecond);
  if (p.drain_delay <= 0) r.fail("drain_delay", "a positive duration (BullMQ throws on drainDelay <= 0)");
  p.stalled_interval = r.duration("stalled_interval", 30 * sim::kSecond);
  if (p.stalled_interval <= 0)
    r.fail("stalled_interval", "a positive duration (BullMQ throws on stalledInterval <= 0; use skip_stalled_check)");
  p.skip_stalled_check = r.boolean("skip_stalled_check", false);
  p.lock_duration = r.duration("lock_duration", 30 * sim::kSecond);
  if (p.lock_duration <= 0) r.fail("lock_duration", "a positive duration");
  p.lock_renew_time = r.duration("lock_renew_time", p.lock_duration / 2);
  if (p.lock_renew_time <= 0) r.fail("lock_renew_time", "a positive duration");
  p.skip_lock_renewal = r.boolean("skip_lock_renewal", false);
  p.rtt = r.duration("rtt", 0);
  if (p.rtt < 0) r.fail("rtt", "a duration of 0 or more");
  p.count_startup = r.boolean("count_startup", true);
  if (r.has("max_stalled_count")) {
    r.integer("max_stalled_count", 0, 1000000);
    p.no_effect.push_back("max_stalled_count");
  } else {
    r.raw("max_stalled_count");
  }
  if (r.has("run_retry_delay")) {
    r.duration("run_retry_delay");
    p.no_effect.push_back("run_retry_delay");
  } else {
    r.raw("run_retry_delay");
  }
  if (r.has("concurrency") && p.tasks.empty()) p.no_effect.push_back("concurrency (idle)");
  for (auto& t : r.objects("tasks")) {
    BullmqJobSource s;
    s.job = read_job_source_fields(t);
    s.publish = t.boolean("publish", true);
    t.finish();
    p.tasks.push_back(std::move(s));
  }
  if (!p.tasks.empty()) {
    auto it = std::find(p.no_effect.begin(), p.no_effect.end(), "concurrency (idle)");
    if (it != p.no_effect.end()) p.no_effect.erase(it);
  }
  return std::make_unique<BullmqWorkerModel>(std::move(p));
}

bool BullmqWorkerModel::stochastic() const {
  for (const auto& t : p_.tasks)
    if (!t.job.scheduled && !t.job.arrivals.deterministic && t.job.arrivals.per_day > 0) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// The process

namespace {

struct WorkerState {
  sim::Time chain_start = 0;           // an idle fetch chain's first BZPOPMIN; kNever while none runs
  bool finished_any = false;           // its first moveToFinished was sent (as EVAL)
  bool tail_pending = false;           // a finished job whose moveToFinished has not yet been resolved
  sim::Time tail_at = 0;               //   (drained tail, or fetch of a job that waited for a slot)
  std::vector<sim::Time> slot_free;
};

}  // namespace

void BullmqWorkerModel::start(ModelContext& ctx) const {
  const BullmqWorkerParams& p = p_;
  const BullmqScripts& s = bullmq_scripts();
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  const sim::Time open = ctx.start, close = ctx.end;
  const sim::Duration cycle = p.fetch_cycle();
  const sim::Duration d = p.drain_delay;

  auto bundle = [&](const CommandMix& m) { return rec.bundle(comp, m.commands()); };
  const BundleId bzpopmin_b = rec.single(comp, *find_command("BZPOPMIN"));
  const BundleId empty_b = bundle(s.fetch_empty);
  const BundleId activate_b = bundle(s.activate);
  const BundleId activate_lua_b = bundle(s.activate_lua);
  const BundleId finish_b = bundle(s.finish);
  // The first moveToFinished on a process's connection goes out as EVAL with the script's text.
  const BundleId finish_first_b = bundle(CommandMix(s.finish_lua).add("EVAL"));
  const BundleId tail_b = bundle(s.drain_tail);
  const BundleId extend_b = bundle(s.extend_lock);
  if (p.count_startup) rec.emit(open, bundle(bullmq_worker_startup(p)));

  // The producer's side.
  std::vector<JobSource> sources;
  for (const auto& t : p.tasks) sources.push_back(t.job);
  const std::vector<Job> jobs = generate_jobs(sources, ctx);
  {
    const BundleId produce_b = bundle(s.produce);
    bool first = true;
    for (const Job& j : jobs) {
      if (!p.tasks[j.source].publish) continue;
      rec.emit(j.t, first ? bundle(s.producer_first) : produce_b);
      first = false;
    }
  }

  // The workers' side: each job goes to the process with the earliest free slot.
  std::vector<WorkerState> ws(static_cast<std::size_t>(p.workers));
  for (auto& w : ws) {
    w.chain_start = open;
    w.slot_free.assign(static_cast<std::size_t>(p.concurrency), open);
  }
  // An idle chain from w.chain_start: BZPOPMIN every cycle, each timed-out one followed by an empty
  // moveToActive d later. `until`: the first BZPOPMIN sent after it is not part of the chain; when
  // `caught` the last BZPOPMIN returned a job (no empty fetch after it).
  auto run_chain = [&](const WorkerState& w, sim::Time until, bool caught) {
    if (w.chain_start == sim::kNever || w.chain_start >= until) return std::uint64_t{0};
    const auto n = static_cast<std::uint64_t>((until - 1 - w.chain_start) / cycle) + 1;
    rec.emit_series(w.chain_start, cycle, n, bzpopmin_b);
    std::uint64_t empties = caught ? n - 1 : 0;
    if (!caught) {
      // Timeouts strictly before `until`.
      if (w.chain_start + d < until) empties = static_cast<std::uint64_t>((until - 1 - w.chain_start - d) / cycle) + 1;
    }
    rec.emit_series(w.chain_start + d, cycle, empties, empty_b);
    return n;
  };
  auto resolve_tail = [&](WorkerState& w) {
    if (!w.tail_pending) return;
    rec.emit(w.tail_at, tail_b);
    w.chain_start = w.tail_at;
    w.tail_pending = false;
  };
  const sim::Duration half_renew = p.lock_renew_time / 2;
  double extend_owed = 0;
  for (const Job& j : jobs) {
    if (j.t >= close) break;
    std::size_t best = 0;
    sim::Time best_free = sim::kNever;
    for (std::size_t i = 0; i < ws.size(); ++i) {
      sim::Time f = *std::min_element(ws[i].slot_free.begin(), ws[i].slot_free.end());
      if (std::max(f, j.t) < std::max(best_free, j.t) || best_free == sim::kNever) {
        best_free = f;
        best = i;
      }
    }
    WorkerState& w = ws[best];
    auto slot = std::min_element(w.slot_free.begin(), w.slot_free.end());
    const sim::Time begin = std::max({j.t, *slot, open});
    const bool waited = begin > j.t;
    if (w.tail_pending && waited && begin == w.tail_at) {
      // The previous job's moveToFinished fetched this one (its fetch-next half found it).
      rec.emit(begin, activate_lua_b);
      w.tail_pending = false;
    } else {
      if (w.tail_pending && w.tail_at <= begin) resolve_tail(w);
      if (w.chain_start != sim::kNever && w.chain_start <= begin) run_chain(w, begin + 1, true);
      else rec.emit(begin, bzpopmin_b);  // a BZPOPMIN sent while another slot's job ran
      rec.emit(begin, activate_b);
      w.chain_start = sim::kNever;
    }
    const sim::Time end = begin + p.tasks[j.source].job.duration;
    *slot = end;
    rec.emit(end, w.finished_any ? finish_b : finish_first_b);
    w.finished_any = true;
    w.tail_at = w.tail_pending ? std::max(w.tail_at, end) : end;
    w.tail_pending = true;
    if (!p.skip_lock_renewal && p.tasks[j.source].job.duration > half_renew) {
      extend_owed += static_cast<double>(p.tasks[j.source].job.duration - half_renew) / static_cast<double>(half_renew);
      const auto whole = static_cast<std::uint64_t>(extend_owed);
      if (whole) rec.emit(begin, extend_b, whole);
      extend_owed -= static_cast<double>(whole);
    }
  }
  for (auto& w : ws) {
    if (w.tail_pending && w.tail_at < close) resolve_tail(w);
    run_chain(w, close, false);
  }

  // The stalled-jobs checker: every process checks; one full run per cycle per queue (the guard key
  // is shared), 14 of every 15 on loopback.
  if (!p.skip_stalled_check) {
    const sim::Duration sc = p.stalled_cycle();
    if (open + sc < close) {
      const auto n = static_cast<std::uint64_t>((close - 1 - open - sc) / sc) + 1;
      rec.emit_series(open + sc, sc, n, bundle(CommandMix(s.stalled_short).times(static_cast<std::uint32_t>(p.workers))));
      const BundleId extra_b = bundle(s.stalled_full_extra);
      const int full = p.stalled_full_of_15();
      if (full == 15) {
        rec.emit_series(open + sc, sc, n, extra_b);
      } else {
        // Cycle k (1-based) finds the key still there when k % 15 == 0.
        for (int k = 1; k <= 14; ++k) {
          const sim::Time first = open + k * sc;
          if (first >= close) break;
          rec.emit_series(first, 15 * sc, static_cast<std::uint64_t>((close - 1 - first) / (15 * sc)) + 1, extra_b);
        }
      }
    }
  }
}

}  // namespace core
