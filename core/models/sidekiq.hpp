// A Sidekiq server process (`sidekiq`, ruby-sidekiq 6.4.1 with redis-rb; 7.x from source), read from
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
// Versions: 6.4.1 recorded (Debian's ruby-sidekiq); other 6.x accepted and behave as 6.4.1.
// Sidekiq 7.x is modelled from its source, not recorded (sidekiq/sidekiq tags v7.0.0 to v7.3.9:
// lib/sidekiq/{launcher,fetch,scheduled,config,capsule}.rb); 8.x and later are rejected (unread).
// What 7 changes (docs/models.md, "read from source, not recorded"):
//   - Config::DEFAULTS concurrency 5 (6.x: 10);
//   - Launcher::BEAT_PAUSE 10 s (6.x: 5 s); the beat no longer sends the stats INCRBYs with zero
//     counts: #flush_stats returns early when nothing was processed, so the 6 stats commands
//     (INCRBY x4, EXPIRE x2, pipelined) go only into a beat that follows finished jobs;
//   - the beat's work key: 7.0-7.2 pipeline UNLINK + HSET per busy thread + EXPIRE (2 idle); 7.3+
//     MULTI UNLINK [HSET (all busy threads at once) EXPIRE] EXEC (3 idle, 5 busy); then PING and
//     MULTI SADD EXISTS HMSET (HSET from 7.1) EXPIRE RPOP EXEC as in 6: 10 a beat idle (11 from 7.3);
//   - the poller: SCARD once per cycle (no second call on the first), and the dead-process cleanup
//     only once, at the end of the initial wait, behind SET process_cleanup NX EX 60 (one process
//     of a cluster wins it: SSCAN + HGET per process), not on every 10th cycle; the zpopbyscore
//     script runs ZRANGE ... BYSCORE from 7.1 (ZRANGEBYSCORE in 7.0);
//   - capsules (Config#capsule): each has its own concurrency and its own fetch threads; the
//     heartbeat and the poller stay per process.
//   BasicFetch::TIMEOUT (2 s), the poller's intervals and the client's SADD + LPUSH are unchanged.
//   Not modelled for 7: the connection preludes redis-client sends once per connection (HELLO).
//
// Accepted with no effect (no_effect): timeout (shutdown grace: only matters with jobs running at
// shutdown), strict (the queue order in each BRPOP, not the count), queues beyond the first (keys
// in the same BRPOP).
//
// Knobs (SidekiqModel::knobs):
//   concurrency: halved, and 1 (threads per process). Idle BRPOPs = threads x 60 / 2.021 a minute
//     (29.7 per thread); cost: no more than that many jobs run at once per process, the others wait
//     for a free thread (pickup latency up to one job's duration).
//   average_scheduled_poll_interval (or poll_interval_average when set): 15 s, 30 s. Poller commands
//     ~5 per interval cluster-wide; cost: scheduled and retried jobs start up to 1.5 x the interval
//     after they are due.
//   sidekiq_version 7.x (from 6.x): the 10 s heartbeat without zero stats; with concurrency left to
//     its default, also 7's 5 threads (said in the cost).
//   The 2 s fetch timeout and BEAT_PAUSE are constants: no knob.
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
  std::string sidekiq_version = "6.4.1";
  int major = 6, minor = 4;
  int concurrency = 10;  // processor threads per process (the default capsule); 5 from 7.0
  bool concurrency_set = false;  // given in the document (an upgrade to 7 keeps it; else 7's default)
  std::vector<int> capsules;  // 7.x: the other capsules' concurrency (Config#capsule)
  int queues = 1;
  sim::Duration average_scheduled_poll_interval = 5 * sim::kSecond;
  std::optional<sim::Duration> poll_interval_average;
  sim::Duration rtt = 0;
  bool count_startup = true;
  std::vector<JobSource> tasks;
  std::vector<std::string> no_effect;

  // Derived, as fetch.rb, launcher.rb and scheduled.rb give them (see the header).
  static int default_concurrency(int major) { return major >= 7 ? 5 : 10; }
  int threads() const;                    // fetch threads per process, every capsule
  bool stats_in_every_beat() const { return major < 7; }  // 6.x flushes zero counts too
  sim::Duration fetch_cycle() const;
  sim::Duration heartbeat_period() const;
  sim::Duration poll_mean() const;        // one process's mean wait between polls
  sim::Duration first_poll_mean() const;  // the initial wait
};

class SidekiqModel : public Model {
 public:
  explicit SidekiqModel(SidekiqParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  std::vector<Knob> knobs() const override;
  std::vector<std::string> no_effect() const override { return p_.no_effect; }
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
// 7.x: the stats flush a beat sends when jobs finished since the last one (6.x: always in the beat).
std::vector<CommandCount> sidekiq_stats_flush(const SidekiqParams& p);
std::vector<CommandCount> sidekiq_job_client(const SidekiqParams& p);

}  // namespace core
