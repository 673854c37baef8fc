// A Sidekiq 6 server process (`sidekiq`, ruby-sidekiq 6.4.1 with redis-rb), read from
// lib/sidekiq/{fetch,launcher,scheduled,api,client,cli}.rb and checked against the recordings in
// tests/traces/ (sidekiq-6.4.1-*).
//
//  idle, per PROCESSOR THREAD (`concurrency`, default 10, x `workers` processes):
//   - fetch: BRPOP queue:<q>... 2 (BasicFetch::TIMEOUT, a constant: no setting changes it), one per
//     2 s + the loop's latency (21 ms measured on loopback against redis-server 7.0) + rtt;
//  idle, per PROCESS (`workers`):
//   - heartbeat every BEAT_PAUSE = 5 s (+ 5.5 ms of its own work, measured): MULTI INCRBY x4
//     EXPIRE x2 UNLINK EXPIRE EXEC (stats flush and the workers hash; + HSET per thread busy at
//     that moment), PING (rtt check), MULTI SADD EXISTS HMSET EXPIRE RPOP EXEC: 18 commands;
//   - scheduled/retry poller: EVALSHA of the zpopbyscore script on `retry` and on `schedule` (each
//     runs one ZRANGEBYSCORE, a `lua` line), then SCARD processes (ProcessSet#size), and on every
//     10th call SSCAN processes + one pipelined HGET per process (dead-process cleanup). The wait is
//     random: poll_interval_average x (rand + 0.5) below 10 processes, x rand from 10 on, where
//     poll_interval_average = processes x average_scheduled_poll_interval (5 s) unless set; so the
//     cluster polls every ~5 s whatever its size (every ~2.5 s from 10 processes). The model uses
//     the mean wait (deterministic; the recorded mean was 5.19 s over 135 waits, 1.5 standard
//     errors above the 5 s the source gives). First poll after 10 s + 5 x rand (12.5 s mean);
//     the first one also sends SCRIPT LOAD.
//  per job: the client's SADD queues + LPUSH queue:<q> (2; perform_async); the worker's BRPOP that
//  returns it (a job ends that thread's 2 s wait early; the thread sends its next BRPOP when the job
//  is done), and an HSET in each heartbeat that finds the job running. Redis serves BRPOP waiters
//  in order, so the job goes to the thread that has waited longest: with sparse jobs one thread
//  takes them all and the extra BRPOPs are ~0 per job (recorded: 60 jobs, one every 2 s).
//  start-up per process: INFO (the CLI's redis_info); shut-down: SREM processes + UNLINK
//  <identity>:workers (+ a 6-command stats flush at exit when a job ended after the last heartbeat,
//  not modelled).
//
// Versions: 6.4.1 recorded (Debian's ruby-sidekiq); other 6.x accepted and behave as 6.4.1. Sidekiq 7
// is not modelled (rejected): 6.x recorded, 7 not modelled.
//
// Accepted with no effect (no_effect): timeout (shutdown grace: only matters with jobs running at
// shutdown), strict (the queue order in each BRPOP, not the count), queues beyond the first (keys
// in the same BRPOP).
//
// Knobs a recommendation could turn (the recommender's knob API is not in this branch):
//   concurrency: 10 (default) | 5 | 2 | 1. Idle BRPOPs = workers x concurrency x 60 / 2.021 per
//     minute (29.7 per thread); service cost: jobs queue when more than `concurrency` run at once
//     per process (pickup latency up to one job duration); shutdown delay unchanged.
//   workers: fewer processes cut threads and heartbeats; the poller's cluster rate is unchanged.
//   average_scheduled_poll_interval: 5s | 15s | 30s. Poller commands ~5 per interval cluster-wide;
//     service cost: scheduled and retried jobs start up to 1.5 x interval late (mean 1 x interval).
//   The 2 s fetch timeout and the 5 s heartbeat are constants in 6.x: no knob.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/job_source.hpp"

namespace core {

struct SidekiqParams {
  int workers = 1;       // processes
  int concurrency = 10;  // processor threads per process
  std::string sidekiq_version = "6.4.1";
  int queues = 1;
  sim::Duration average_scheduled_poll_interval = 5 * sim::kSecond;
  std::optional<sim::Duration> poll_interval_average;
  sim::Duration rtt = 0;
  bool count_startup = true;
  std::vector<JobSource> tasks;
  std::vector<std::string> no_effect;

  // Derived, as fetch.rb, launcher.rb and scheduled.rb give them (see the header).
  sim::Duration fetch_cycle() const;
  sim::Duration heartbeat_period() const;
  sim::Duration poll_mean() const;        // one process's mean wait between polls
  sim::Duration first_poll_mean() const;  // the initial wait
};

class SidekiqModel : public Model {
 public:
  explicit SidekiqModel(SidekiqParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  bool stochastic() const override { return any_stochastic(p_.tasks); }
  const SidekiqParams& params() const { return p_; }

 private:
  SidekiqParams p_;
};

std::unique_ptr<Model> parse_sidekiq(Reader& r);

// One process's heartbeat (busy = threads running a job at that moment), one poll (cleanup = the
// 10th call's SSCAN + HGETs), start-up and shut-down, and a job's client side, for tests and docs.
std::vector<CommandCount> sidekiq_heartbeat(const SidekiqParams& p, std::uint32_t busy = 0);
std::vector<CommandCount> sidekiq_poll(const SidekiqParams& p, bool with_cleanup);
std::vector<CommandCount> sidekiq_startup(const SidekiqParams& p);
std::vector<CommandCount> sidekiq_shutdown(const SidekiqParams& p);
std::vector<CommandCount> sidekiq_job_client(const SidekiqParams& p);

}  // namespace core
