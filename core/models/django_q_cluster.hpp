// A django-q cluster (`manage.py qcluster`, django-q 1.3.9 with the Redis broker), read from
// django_q/{cluster,status,conf}.py and brokers/redis_broker.py and checked against the recordings
// in tests/traces/ (django-q-1.3.9-*). Only two processes of a cluster talk to Redis in steady
// state, so every loop is per CLUSTER (`clusters`, one qcluster each), not per worker:
//
//  idle, per cluster:
//   - guard: SET django_q:<name>:cluster:<id> <signed Stat> EX 3 (Stat.save) every guard_cycle
//     (0.5 s) + the guard's own work (4 ms measured): ~119 a minute;
//   - pusher: BLPOP django_q:<name>:q 1 (Redis.dequeue: the 1 s is a constant), one per 1 s + 10 ms
//     (measured): ~59.4 a minute.
//  The workers (`workers`) get tasks from the pusher through a multiprocessing queue and the
//  monitor saves results with the Django ORM: they send nothing to Redis. The scheduler (every 30 s
//  of guard time) reads the ORM only.
//  per job: the producer's RPUSH (1; async_task opens a connection per call and sends nothing else);
//  the pusher's BLPOP that returns the task ends its wait early and the next BLPOP starts at once.
//  start-up per cluster: PING (broker check) + 2 SET (spawn_cluster's status saves); shut-down:
//  a SET per 0.1 s step while the pusher's last BLPOP runs out and the workers exit (~11 recorded;
//  not emitted: a run's clusters keep running).
//
// Versions: 1.3.9 recorded (Debian's python3-django-q); other 1.x accepted and behave as 1.3.9.
//
// Accepted with no effect on Redis traffic (no_effect): workers (idle and per job: measured 2 and 4
// alike), poll (used by the ORM and Mongo brokers only), scheduler, save_limit, sync, timeout,
// retry, queue_limit, bulk (the Redis broker's dequeue pops one task per BLPOP whatever bulk is).
//
// Knobs (DjangoQClusterModel::knobs): guard_cycle 1s | 2s | 2.5s when shorter. Guard SETs = 60 /
//   (guard_cycle + 4 ms) a minute per cluster; service cost (detection_latency): a dead worker,
//   pusher or monitor is restarted up to guard_cycle later. The status key (EX 3 s) lapses between
//   saves once guard_cycle + 4 ms > 3 s, so no candidate reaches 3 s (qinfo/qmonitor would show the
//   cluster gone). The pusher's 1 s BLPOP is a constant of the Redis broker and `poll` is not read
//   by it (no_effect): no knob.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/job_source.hpp"

namespace core {

struct DjangoQClusterParams {
  int clusters = 1;  // qcluster processes (each a Sentinel with its own guard and pusher)
  int workers = 1;   // Q_CLUSTER workers: no Redis traffic of their own
  std::string django_q_version = "1.3.9";
  sim::Duration guard_cycle = 500 * sim::kMillisecond;
  bool count_startup = true;
  std::vector<JobSource> tasks;
  std::vector<std::string> no_effect;

  // Derived: the loops' periods (the constants measured on loopback, see the .cpp).
  sim::Duration guard_period() const;
  sim::Duration pusher_cycle() const;
};

class DjangoQClusterModel : public Model {
 public:
  explicit DjangoQClusterModel(DjangoQClusterParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  std::vector<Knob> knobs() const override;
  std::vector<std::string> no_effect() const override { return p_.no_effect; }
  bool stochastic() const override { return any_stochastic(p_.tasks); }
  const DjangoQClusterParams& params() const { return p_; }

 private:
  DjangoQClusterParams p_;
};

std::unique_ptr<Model> parse_django_q_cluster(Reader& r);

// One cluster's start-up, and a job's producer side, for tests and docs.
std::vector<CommandCount> django_q_cluster_startup(const DjangoQClusterParams& p);
std::vector<CommandCount> django_q_cluster_job_producer(const DjangoQClusterParams& p);

}  // namespace core
