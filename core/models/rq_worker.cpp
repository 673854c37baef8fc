#include "core/models/rq_worker.hpp"

#include <algorithm>

#include "core/models/blocking_pop.hpp"
#include "core/models/celery_worker.hpp"  // parse_major_minor
#include "core/models/command_mix.hpp"
#include "core/models/no_effect.hpp"
#include "core/models/duration_amount.hpp"

namespace core {

namespace {

// RQ's maintenance interval (DEFAULT_MAINTENANCE_TASK_INTERVAL, 10 min) and the registry-cleaning
// lock's EX (queue.acquire_cleaning_lock: 899 s). Neither is a setting.
constexpr sim::Duration kMaintenanceInterval = 600 * sim::kSecond;
constexpr sim::Duration kCleaningLock = 899 * sim::kSecond;

// The heartbeat that follows every dequeue step: EXPIRE rq:worker:<name>, HSET last_heartbeat.
void heartbeat(CommandMix& m) { m.add("EXPIRE").add("HSET"); }
// is_suspended() with the worker's heartbeat in the same pipeline.
void suspension_check(CommandMix& m) {
  m.add("MULTI");
  heartbeat(m);
  m.add("EXISTS").add("EXEC");
}
// Entering the dequeue loop: HSET state idle, heartbeat, BLPOP.
void dequeue(CommandMix& m) {
  m.add("HSET");
  heartbeat(m);
  m.add("BLPOP");
}

CommandMix cleaning(const RqWorkerParams& p) {
  CommandMix m;
  m.add("ZREMRANGEBYSCORE").add("ZRANGEBYSCORE").add("ZREMRANGEBYSCORE");  // finished, wip, failed
  m.add("SMEMBERS").add("MULTI").add("EXISTS", static_cast<std::uint32_t>(p.workers)).add("EXEC");
  CommandMix all;
  return all.add(m, static_cast<std::uint32_t>(p.queues));
}

}  // namespace

std::vector<CommandCount> rq_worker_startup(const RqWorkerParams& p) {
  const auto Q = static_cast<std::uint32_t>(p.queues);
  CommandMix m;
  m.add("SMEMBERS");                        // the CLI: rq:workers
  m.add("MULTI").add("EXISTS").add("EXEC");  // the CLI: is_suspended(), no worker yet
  m.add("CLIENT|SETNAME").add("EXISTS").add("INFO");  // register_birth: name taken? server version
  m.add("MULTI").add("DEL").add("HSET").add("SADD", 1 + Q).add("EXPIRE").add("EXEC");
  m.add("SUBSCRIBE").add("HSET");           // rq:pubsub:<name>, state started
  suspension_check(m);                      // work(): check_for_suspension
  dequeue(m);
  return m.commands();
}

std::vector<CommandCount> rq_worker_shutdown(const RqWorkerParams& p) {
  CommandMix m;
  m.add("MULTI").add("SREM", 1 + static_cast<std::uint32_t>(p.queues)).add("HSET").add("EXPIRE").add("EXEC");
  m.add("UNSUBSCRIBE");
  return m.commands();
}

std::vector<CommandCount> rq_worker_job_producer(const RqWorkerParams&) {
  CommandMix m;
  m.add("MULTI").add("SADD").add("HSET", 2).add("RPUSH").add("EXEC");
  return m.commands();
}

std::vector<CommandCount> rq_worker_job_worker(const RqWorkerParams& p, sim::Duration duration) {
  CommandMix m;
  // The worker, once BLPOP has returned the id: Job.fetch, the dequeue loop's last heartbeat,
  // state busy.
  m.add("HGETALL");
  heartbeat(m);
  m.add("HSET");
  // The horse: prepare_job_execution's transaction, PERSIST, enqueue_dependents' WATCH/SMEMBERS,
  // handle_job_success's transaction (stats, result XADD, registries, expiries).
  m.add("MULTI").add("HSET", 5).add("EXPIRE").add("ZADD").add("EXEC");
  m.add("PERSIST").add("WATCH").add("SMEMBERS");
  m.add("MULTI").add("HDEL").add("HINCRBY").add("HINCRBYFLOAT").add("HSET", 2).add("XADD").add("EXPIRE", 4);
  m.add("ZADD").add("ZREM").add("EXEC");
  // monitor_work_horse: one heartbeat round per job_monitoring_interval the horse runs.
  if (duration > 0 && p.job_monitoring_interval > 0) {
    const auto rounds = static_cast<std::uint32_t>((duration - 1) / p.job_monitoring_interval);
    m.add("HSET", rounds).add("MULTI", rounds).add("EXPIRE", rounds).add("HSET", 2 * rounds);
    m.add("ZADD", rounds).add("EXEC", rounds);
  }
  // Back on the worker: working time 0, state idle, heartbeat; the next loop's suspension check
  // and dequeue.
  m.add("HSET", 2);
  heartbeat(m);
  suspension_check(m);
  dequeue(m);
  return m.commands();
}

// ---------------------------------------------------------------------------------------------
// Parsing

std::unique_ptr<Model> parse_rq_worker(Reader& r) {
  RqWorkerParams p;
  p.workers = static_cast<int>(r.integer("workers", 1, 1, 10000));
  p.rq_version = r.string("rq_version", "1.13.0");
  int major = 0, minor = 0;
  if (!parse_major_minor(p.rq_version, &major, &minor))
    r.fail("rq_version", "expected a version like \"1.13.0\"");
  if (major != 1)
    r.fail("rq_version", "RQ 1.x (1.13 recorded); RQ " + std::to_string(major) + ".x is not modelled");
  p.worker_ttl = r.duration("worker_ttl", 420 * sim::kSecond);
  if (p.worker_ttl < sim::kSecond || p.worker_ttl % sim::kSecond != 0)
    r.fail("worker_ttl", "expected a whole number of seconds, at least 1s (rq's --worker-ttl is an integer)");
  p.job_monitoring_interval = r.duration("job_monitoring_interval", 30 * sim::kSecond);
  if (p.job_monitoring_interval < sim::kSecond)
    r.fail("job_monitoring_interval", "expected a duration of at least 1s (rq's default is 30s)");
  p.queues = static_cast<int>(r.integer("queues", 1, 1, 1000));
  p.count_startup = r.boolean("count_startup", true);
  // Accepted, recorded, no effect on the commands (see the header and docs/models.md).
  accept_no_effect(r, "result_ttl", SettingKind::PositiveDuration, p.no_effect,
                   " (0 or -1 change the per-job commands and are not modelled)");
  accept_no_effect(r, "job_timeout", SettingKind::PositiveDuration, p.no_effect);
  accept_no_effect(r, "logging_level", SettingKind::String, p.no_effect);
  accept_no_effect(r, "serializer", SettingKind::String, p.no_effect);
  p.tasks = read_job_sources(r);
  return std::make_unique<RqWorkerModel>(std::move(p));
}

// ---------------------------------------------------------------------------------------------
// Knobs

// worker_ttl: the BLPOP waits worker_ttl - 15 s, so a longer TTL means fewer timeouts (3 commands
// each) and fewer maintenance runs (at the first loop point 10 min after the last). Jobs are still
// picked up at once (BLPOP returns when one comes) and SIGTERM still stops an idle worker at once
// (Worker#_shutdown raises StopRequested out of the BLPOP); what grows is how long a worker that died
// without its shut-down stays listed: its key's EXPIRE is worker_ttl + 60 s (Worker#heartbeat).
std::vector<Knob> RqWorkerModel::knobs() const {
  std::vector<Knob> out;
  Knob k = knob("worker_ttl", "/worker_ttl", sim::format_duration(p_.worker_ttl), &metrics::detection_latency);
  const sim::Duration grace = 60 * sim::kSecond;
  for (sim::Duration v : {1800 * sim::kSecond, 3600 * sim::kSecond}) {
    if (v <= p_.worker_ttl) continue;
    RqWorkerParams q = p_;
    q.worker_ttl = v;
    k.candidates.push_back(
        {"--worker-ttl " + std::to_string(v / sim::kSecond) + " (BLPOP waits " + duration_amount(q.dequeue_timeout()) +
             " instead of " + duration_amount(p_.dequeue_timeout()) + ")",
         "none in job pickup (BLPOP returns when a job comes) or shut-down; a worker that dies without its shut-down "
         "stays listed in rq:workers up to " + duration_amount(v + grace) + " instead of " +
             duration_amount(p_.worker_ttl + grace),
         seconds_of(v + grace), {{"/worker_ttl", sim::format_duration(v)}}});
  }
  if (!k.candidates.empty()) out.push_back(std::move(k));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The process

void RqWorkerModel::start(ModelContext& ctx) const {
  const RqWorkerParams& p = p_;
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  const sim::Time open = ctx.start, close = ctx.end;
  const sim::Duration T = p.dequeue_timeout();

  CommandMix timeout_m;  // a BLPOP timeout: heartbeat, next BLPOP
  heartbeat(timeout_m);
  timeout_m.add("BLPOP");
  const BundleId timeout_b = rec.bundle(comp, timeout_m.commands());
  const BundleId set_b = rec.bundle(comp, CommandMix{}.add("SET", static_cast<std::uint32_t>(p.queues)).commands());
  const BundleId clean_b = rec.bundle(comp, cleaning(p).commands());
  const BundleId producer_b = rec.bundle(comp, rq_worker_job_producer(p));
  const BundleId info_b = rec.single(comp, *find_command("INFO"));
  std::vector<BundleId> job_b;
  for (const auto& s : p.tasks) job_b.push_back(rec.bundle(comp, rq_worker_job_worker(p, s.duration)));

  if (p.count_startup) rec.emit(open, rec.bundle(comp, rq_worker_startup(p)), static_cast<std::uint64_t>(p.workers));

  // Each worker: when it last ran maintenance and the loop points at which it did; its BLPOP chain
  // (when the current BLPOP was sent, when it is free) in BlockedConsumers.
  struct Worker {
    sim::Time last_cleaned;
    std::vector<sim::Time> maintenance;
  };
  std::vector<Worker> ws(static_cast<std::size_t>(p.workers), Worker{open, {open}});
  BlockedConsumers chains(ws.size(), open, T);

  // An idle stretch of worker i from its current BLPOP to `until` (exclusive): the BLPOP timeouts,
  // and the maintenance runs among them.
  auto idle = [&](std::size_t i, sim::Time until) {
    Worker& w = ws[i];
    sim::Time& wait_start = chains[i].chain_start;
    if (until <= wait_start + T) return;
    const auto n = static_cast<std::uint64_t>((until - 1 - wait_start) / T);
    rec.emit_series(wait_start + T, T, n, timeout_b);
    const sim::Time last = wait_start + static_cast<sim::Time>(n) * T;
    for (;;) {
      // The first timeout strictly more than the interval after the last maintenance.
      const sim::Time due = w.last_cleaned + kMaintenanceInterval;
      const sim::Time k = due < wait_start ? 1 : (due - wait_start) / T + 1;
      const sim::Time t = wait_start + k * T;
      if (t > last) break;
      w.maintenance.push_back(t);
      w.last_cleaned = t;
    }
    wait_start = last;
  };

  // Jobs: each goes to the free worker blocked longest (Redis serves BLPOP waiters first come,
  // first served), or, when all are busy, to the first one that frees up.
  bool producer_started = false;
  for (const Job& job : generate_jobs(p.tasks, ctx)) {
    if (job.t >= close) break;
    if (!producer_started) {
      rec.emit(job.t, info_b);  // the producer connection's INFO server (version check), once
      producer_started = true;
    }
    rec.emit(job.t, producer_b);
    const std::size_t best = chains.pick(job.t);
    Worker& w = ws[best];
    const sim::Time f = std::max(job.t, chains[best].free_at);
    idle(best, f + 1);  // the timeouts before the pickup (a timeout at f itself would have come first)
    const sim::Time end = f + p.tasks[job.source].duration;
    rec.emit(f, job_b[job.source]);
    chains.busy_until(best, end);
    if (end - w.last_cleaned > kMaintenanceInterval) {  // the loop after the job checks maintenance
      w.maintenance.push_back(end);
      w.last_cleaned = end;
    }
  }
  for (std::size_t i = 0; i < ws.size(); ++i) idle(i, close);

  // Maintenance: each run sends SET NX per queue; the first after the lock expired also cleans.
  std::vector<sim::Time> runs;
  for (const auto& w : ws) runs.insert(runs.end(), w.maintenance.begin(), w.maintenance.end());
  std::sort(runs.begin(), runs.end());
  sim::Time lock_free = open;
  for (sim::Time t : runs) {
    if (t < open || t >= close) continue;
    if (t == open && !p.count_startup) {
      lock_free = open + kCleaningLock;  // the start-up maintenance happened before the period
      continue;
    }
    rec.emit(t, set_b);
    if (t >= lock_free) {
      rec.emit(t, clean_b);
      lock_free = t + kCleaningLock;
    }
  }
}

}  // namespace core
