// A Bee-Queue worker (npm bee-queue 2.x on node `redis`: `new Queue(name).process(concurrency, fn)`),
// from its source (lib/queue.js, lib/defaults.js, lib/eager-timer.js, lib/lua/*.lua) and the 2.0.0
// recordings in tests/traces/ (docs/queue-mechanisms.md). Script lines ("lua", billed by Upstash) are
// counted.
//
//  idle, per process: nothing by default.
//   - fetch: BRPOPLPUSH <q>:waiting <q>:active 0 (Queue#_waitForJob): timeout 0, it blocks until a
//     job comes, so an idle worker sends one at start and then nothing (recorded: 684 s without a
//     command). The `concurrency` fetches share one connection; one is pending at a time.
//   - stalled-jobs check: process() runs it once at start. Only an app that calls
//     queue.checkStalledJobs(interval) gets a loop (check_stalled_interval): one check at once, then
//     one every interval + 10 ms (setTimeout after each reply): EVALSHA checkStalledJobs + SET
//     <q>:stallBlock 1 PX stall_interval NX; when the SET succeeds also SMEMBERS, LRANGE = 4, else 2
//     (a check sooner than stall_interval after the last full one finds the block key).
//   - delayed-job activation (activate_delayed_jobs): EVALSHA raiseDelayedJobs + ZRANGEBYSCORE,
//     ZREMRANGEBYSCORE, ZRANGE = 4 at start and every near_term_window + 60 ms with nothing delayed
//     (EagerTimer).
//  start-up per process: INFO per connection (3 by default: client, bclient, and eclient when
//  get_events or activate_delayed_jobs), SUBSCRIBE <q>:events (get_events; + earlierDelayed with
//  activate_delayed_jobs), SCRIPT EXISTS x5 (+ SCRIPT LOAD x5 on a server without them), the stalled
//  check (4), the first raiseDelayedJobs (4), then the BRPOPLPUSH: 19 with defaults (recorded);
//  shut-down: QUIT on client and eclient (2).
//  per job: producer EVALSHA addJob + INCR, HEXISTS, HSET, LPUSH = 5 (its connection once: INFO,
//  SCRIPT EXISTS x5); worker: the next BRPOPLPUSH, HGET (Job.fromId), SREM stalling, MULTI, LREM
//  active, SREM stalling, HSET + SADD succeeded (remove_on_success: HDEL), PUBLISH (send_events),
//  EXEC = 10; + SREM every stall_interval / 2 while a job runs.
//
// Versions: 2.0.0 recorded; other 2.x assumed the same; 1.x unread: rejected.
// Accepted with no effect (no_effect): stall_interval unless check_stalled_interval is set (it only
// sets the block key's PX and the in-job refresh), delayed_debounce (no delayed jobs modelled),
// concurrency for an idle worker.
//
// Knobs (BeeQueueWorkerModel::knobs): none for a default worker (0 commands idle). With
// check_stalled_interval: that 30s | 300s and stall_interval 30s | 60s when shorter (one full check
// per stall_interval); cost (detection_latency): a crashed worker's job is back after at most
// stall_interval + interval. With activate_delayed_jobs: near_term_window 1h | 6h (4 / window); cost
// (pickup_latency): a delayed job whose earlierDelayed message was missed is activated up to a
// window late; and activate_delayed_jobs false (a feature lost).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/command_mix.hpp"
#include "core/models/queue_jobs.hpp"

namespace core {

struct BeeQueueWorkerParams {
  int workers = 1;
  std::string bee_queue_version = "2.0.0";
  int major = 2, minor = 0;
  int concurrency = 1;
  sim::Duration stall_interval = 5 * sim::kSecond;
  std::optional<sim::Duration> check_stalled_interval;  // the app calls queue.checkStalledJobs(interval)
  bool activate_delayed_jobs = false;
  sim::Duration near_term_window = 20 * sim::kMinute;
  bool get_events = true;
  bool send_events = true;
  bool remove_on_success = false;
  bool scripts_cached = false;  // the server already has the 5 scripts: no SCRIPT LOAD at start
  bool count_startup = true;
  std::vector<QueueJobSource> tasks;
  std::vector<std::string> no_effect;

  bool has_eclient() const { return get_events || activate_delayed_jobs; }
  sim::Duration stalled_cycle() const { return *check_stalled_interval + 10 * sim::kMillisecond; }
  sim::Duration delayed_cycle() const { return near_term_window + 60 * sim::kMillisecond; }
};

class BeeQueueWorkerModel : public Model {
 public:
  explicit BeeQueueWorkerModel(BeeQueueWorkerParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  std::vector<Knob> knobs() const override;
  std::vector<std::string> no_effect() const override { return p_.no_effect; }
  bool stochastic() const override;
  const BeeQueueWorkerParams& params() const { return p_; }

 private:
  BeeQueueWorkerParams p_;
};

std::unique_ptr<Model> parse_bee_queue_worker(Reader& r);

struct BeeQueueScripts {
  CommandMix stalled_short;  // EVALSHA checkStalledJobs + SET NX (failed)
  CommandMix stalled_extra;  // SMEMBERS, LRANGE
  CommandMix raise_delayed;  // EVALSHA raiseDelayedJobs + 3 lua
  CommandMix produce;        // EVALSHA addJob + 4 lua
  CommandMix producer_first; // INFO, SCRIPT EXISTS x5 + produce
};
const BeeQueueScripts& bee_queue_scripts();
CommandMix bee_queue_worker_startup(const BeeQueueWorkerParams& p);   // all processes, first fetch excluded
CommandMix bee_queue_worker_shutdown(const BeeQueueWorkerParams& p);  // all processes
CommandMix bee_queue_job_worker_side(const BeeQueueWorkerParams& p);  // per job, its BRPOPLPUSH included

}  // namespace core
