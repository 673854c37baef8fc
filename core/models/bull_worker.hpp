// A Bull queue processing jobs (npm bull 4.x on ioredis: `queue.process(concurrency, fn)`), from its
// source (lib/queue.js, lib/scripts.js, lib/commands/*.lua) and the 4.16.5 recordings in tests/traces/
// (docs/queue-mechanisms.md). Script lines (MONITOR's "lua" client, billed by Upstash) are counted.
//
//  idle, per process (one Queue object: client, bclient, eclient connections):
//   - fetch: BRPOPLPUSH <q>:wait <q>:active <drainDelay> on bclient (Queue#getNextJob, drained)
//     every drain_delay + 35 ms + rtt (measured 5.036 s); a timeout returns null and the loop asks
//     again. Per process, not per concurrency slot: the `concurrency` processJobs loops share the
//     one bclient, so Redis runs their BRPOPLPUSHes one after another (recorded: concurrency 4 gives
//     the default's rate).
//   - delay-set guard: EVALSHA updateDelaySet (+ ZRANGEBYSCORE, ZRANGE) = 3 every guard_interval +
//     4 ms + rtt (Queue#updateDelayTimer re-arms after each reply; measured 5.004 s).
//   - stalled-jobs checker: setInterval(moveUnlockedJobsToWait, stalled_interval), + 3 ms of timer
//     drift: EVALSHA moveStalledJobsToWait + EXISTS <q>:stalled-check = 2; when the guard key (PX
//     stalled_interval) has expired also SET, SMEMBERS, LRANGE = 5. The interval is not chained to
//     the reply, so the race with the key's expiry does not depend on rtt: 6 of every 7 checks run in
//     full (105 of 123 recorded). Once per queue with several processes (the key is shared).
//     stalled_interval 0 turns it off.
//   - lock renewal: EVALSHA extendLock (+ GET, SET, SREM) every lock_renew_time while a job runs.
//  start-up per process: CLIENT SETNAME x2, INFO, SUBSCRIBE (the `delayed` event), the first
//  updateDelaySet and stalled check as EVAL: 12 (recorded, + the first BRPOPLPUSH); shut-down: QUIT x2
//  and the bclient's CLIENT SETNAME as it reconnects out of its block (3). ioredis sends each script's
//  first call on a connection as EVAL (the first job's moveToActive and moveToFinished).
//  per job (recorded at concurrency 1, queue drained between jobs):
//   producer  EVALSHA addJob + INCR, HMSET, EXISTS meta-paused, LPUSH, PUBLISH = 6 (its connection
//             once: INFO; the first call an EVAL);
//   worker    the pending BRPOPLPUSH returns the id, EVALSHA moveToActive (+6 lua), EVALSHA
//             moveToFinished (+9 lua, + RPOPLPUSH to fetch the next), EVALSHA moveToActive with no
//             job (+ RPOPLPUSH, PUBLISH drained) = 22; the chain restarts at the job's end, so jobs
//             closer than drain_delay cost no idle fetch, a gap g costs floor(g / cycle) BRPOPLPUSH.
//             A job that waited for a free slot is fetched inside the previous job's moveToFinished
//             (RPOPLPUSH, SET lock, ZREM, PUBLISH, HSET, HGETALL): source only, not recorded.
//
// Versions: 4.16.5 recorded; other 4.x assumed the same (the loops above are in 4.x's queue.js);
// 3.x and earlier unread: rejected. Defaults (Queue constructor, this.settings): lockDuration 30000,
// stalledInterval 30000, maxStalledCount 1, guardInterval 5000, retryProcessDelay 5000, drainDelay 5.
//
// Accepted with no effect on Redis traffic (no_effect): max_stalled_count (what happens to a stalled
// job), retry_process_delay (only after a failed fetch), concurrency for an idle worker.
//
// Knobs (BullWorkerModel::knobs), per process:
//   drain_delay 30s | 60s | 300s when shorter: 1 / (drain_delay + 35 ms); pickup latency unchanged
//     (the LPUSH ends BRPOPLPUSH at once), shut-down too (close() disconnects the blocked client);
//     cost (detection_latency): a silently dead bclient is noticed only when its block ends.
//   guard_interval 30s | 60s when shorter: 3 / guard_interval; cost (pickup_latency): with delayed
//     jobs pending, their promotion is late by up to guard_interval only if the `delayed` event was
//     missed (the timer is otherwise set to the job's due time).
//   stalled_interval 60s | 300s when shorter, or 0 (off, a feature lost): about 4.6 /
//     stalled_interval; cost (detection_latency): a crashed worker's job is back after at most
//     max(lock_duration, stalled_interval) + stalled_interval.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/command_mix.hpp"
#include "core/models/queue_jobs.hpp"

namespace core {

struct BullWorkerParams {
  int workers = 1;  // processes, one Queue with process() each, on the same queue
  std::string bull_version = "4.16.5";
  int major = 4, minor = 16;
  int concurrency = 1;
  sim::Duration drain_delay = 5 * sim::kSecond;
  sim::Duration guard_interval = 5 * sim::kSecond;
  sim::Duration stalled_interval = 30 * sim::kSecond;  // 0: no stalled-jobs checker
  sim::Duration lock_duration = 30 * sim::kSecond;
  sim::Duration lock_renew_time = 15 * sim::kSecond;    // default lock_duration / 2
  sim::Duration rtt = 0;
  bool count_startup = true;
  std::vector<QueueJobSource> tasks;
  std::vector<std::string> no_effect;

  sim::Duration fetch_cycle() const { return drain_delay + 35 * sim::kMillisecond + rtt; }
  sim::Duration guard_cycle() const { return guard_interval + 4 * sim::kMillisecond + rtt; }
  sim::Duration stalled_cycle() const { return stalled_interval + 3 * sim::kMillisecond; }
};

class BullWorkerModel : public Model {
 public:
  explicit BullWorkerModel(BullWorkerParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  std::vector<Knob> knobs() const override;
  std::vector<std::string> no_effect() const override { return p_.no_effect; }
  bool stochastic() const override;
  const BullWorkerParams& params() const { return p_; }

 private:
  BullWorkerParams p_;
};

std::unique_ptr<Model> parse_bull_worker(Reader& r);

struct BullScripts {
  CommandMix guard_lua;          // updateDelaySet's ZRANGEBYSCORE, ZRANGE
  CommandMix guard;              // EVALSHA + guard_lua (3)
  CommandMix stalled_short;      // EVALSHA moveStalledJobsToWait + EXISTS (2)
  CommandMix stalled_full_extra; // SET, SMEMBERS, LRANGE
  CommandMix activate_lua;       // moveToActive's 6 lua with a job
  CommandMix activate;           // EVALSHA + activate_lua
  CommandMix activate_queued;    // inside the previous moveToFinished: RPOPLPUSH + 5 (source only)
  CommandMix finish_lua;         // moveToFinished's 9 lua before its fetch-next RPOPLPUSH
  CommandMix finish;             // EVALSHA + finish_lua
  CommandMix drain_tail;         // RPOPLPUSH (nothing), EVALSHA moveToActive + RPOPLPUSH + PUBLISH (4)
  CommandMix extend_lock;        // EVALSHA extendLock + GET, SET, SREM
  CommandMix produce_lua;        // addJob's 5 lua
  CommandMix produce;            // EVALSHA + produce_lua (6)
  CommandMix producer_first;     // INFO, EVAL + produce_lua
};
const BullScripts& bull_scripts();
CommandMix bull_worker_startup(const BullWorkerParams& p);   // all processes
CommandMix bull_worker_shutdown(const BullWorkerParams& p);  // all processes

}  // namespace core
