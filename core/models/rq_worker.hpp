// An RQ worker (`rq worker`, python-rq 1.13 with redis-py), read from rq/worker.py, queue.py,
// registry.py, worker_registration.py, suspension.py and checked against the recordings in
// tests/traces/ (rq-1.13-*). Every loop below is per worker process (RQ runs one job at a time
// per process, in a forked "work horse"); nothing scales with threads.
//
//  idle, per worker:
//   - dequeue loop: BLPOP rq:queue:<q>... with timeout dequeue_timeout = max(1, worker_ttl - 15)
//     (405 s by default); each timeout is followed by the heartbeat EXPIRE rq:worker:<name> and
//     HSET last_heartbeat, then the next BLPOP: 3 commands per (worker_ttl - 15);
//   - maintenance: at a loop point (a BLPOP timeout, or a job's end) more than 10 minutes
//     (DEFAULT_MAINTENANCE_TASK_INTERVAL, not configurable) after the last one: SET
//     rq:clean_registries:<q> NX EX 899 per queue, and when that lock is won, per queue:
//     ZREMRANGEBYSCORE finished, ZRANGEBYSCORE wip (started), ZREMRANGEBYSCORE failed, SMEMBERS
//     rq:workers:<q>, MULTI + one EXISTS per registered worker + EXEC. Idle with the default TTL
//     the loop points are 405 s apart, so maintenance runs every second timeout (810 s) and wins
//     the 899 s lock every second time (1620 s).
//  per job: the producer's MULTI SADD rq:queues HSET HSET RPUSH EXEC (6; INFO server once per
//  producer connection); the worker's HGETALL, heartbeat, state HSETs, suspension check (MULTI
//  EXPIRE HSET EXISTS EXEC) and next BLPOP (17 on the worker's connection), and the horse's
//  prepare/finish transactions (26 on its own connection): 43 on the worker side, 49 in all, with
//  results kept (result_ttl > 0). A job running longer than job_monitoring_interval (30 s) adds
//  HSET current_job_working_time + MULTI EXPIRE HSET HSET ZADD EXEC (7) per interval it runs
//  (read from source; the recordings' jobs are short).
//  start-up, per worker: 25 commands (CLI checks, register_birth, SUBSCRIBE rq:pubsub:<name>,
//  the first suspension check and BLPOP) + the first maintenance; shut-down (SIGTERM while
//  waiting): MULTI SREM rq:workers SREM rq:workers:<q> HSET death EXPIRE EXEC + UNSUBSCRIBE.
//
// Versions: 1.13.0 recorded (Debian's python3-rq). Other 1.x versions are accepted and behave as
// 1.13 (not recorded, not checked against their source); 2.x is rejected (not modelled).
//
// Accepted with no effect on Redis traffic (listed in no_effect): result_ttl (changes the EXPIRE
// values, not the commands, as long as it is positive), job_timeout (only matters when a job
// overruns it), logging_level, serializer.
//
// Knobs (RqWorkerModel::knobs): worker_ttl 1800s | 3600s when shorter. Idle commands per worker =
//   3 per (worker_ttl - 15 s) + maintenance at the first loop point 10 min after the last (a full
//   clean when the 899 s lock has lapsed); pickup latency unchanged (BLPOP returns at once) and a
//   SIGTERM shutdown is not delayed (the BLPOP is interrupted); service cost (detection_latency): a
//   worker that dies without its shut-down stays listed (rq:workers) for worker_ttl + 60 s.
//   The 10 min maintenance interval and the 899 s lock are constants: no knob.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/job_source.hpp"

namespace core {

struct RqWorkerParams {
  int workers = 1;
  std::string rq_version = "1.13.0";
  sim::Duration worker_ttl = 420 * sim::kSecond;               // --worker-ttl
  sim::Duration job_monitoring_interval = 30 * sim::kSecond;   // --job-monitoring-interval
  int queues = 1;                                              // queue names the worker listens on
  bool count_startup = true;                                   // the workers (re)start at the period start
  std::vector<JobSource> tasks;
  std::vector<std::string> no_effect;

  // Derived, as rq/worker.py computes them (whole seconds).
  sim::Duration dequeue_timeout() const {
    const sim::Duration s = worker_ttl / sim::kSecond - 15;
    return (s < 1 ? 1 : s) * sim::kSecond;
  }
};

class RqWorkerModel : public Model {
 public:
  explicit RqWorkerModel(RqWorkerParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  std::vector<Knob> knobs() const override;
  std::vector<std::string> no_effect() const override { return p_.no_effect; }
  bool stochastic() const override { return any_stochastic(p_.tasks); }
  const RqWorkerParams& params() const { return p_; }

 private:
  RqWorkerParams p_;
};

std::unique_ptr<Model> parse_rq_worker(Reader& r);

// The command lists of one worker's start-up (maintenance excluded) and shut-down, one BLPOP
// timeout, one maintenance (lock won or not), and one job (producer and worker side), for tests
// and docs.
std::vector<CommandCount> rq_worker_startup(const RqWorkerParams& p);
std::vector<CommandCount> rq_worker_shutdown(const RqWorkerParams& p);
std::vector<CommandCount> rq_worker_job_producer(const RqWorkerParams& p);
std::vector<CommandCount> rq_worker_job_worker(const RqWorkerParams& p, sim::Duration duration);

}  // namespace core
