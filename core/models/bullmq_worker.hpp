// A BullMQ Worker (npm bullmq 5.x on ioredis), from its source (dist/cjs/classes/worker.js and the
// Lua scripts in dist/cjs/commands/) and from the recordings of 5.47.3 in tests/traces/ (see
// docs/queue-mechanisms.md and docs/models.md). Every script's inner commands are counted: MONITOR
// logs them as "lua" lines and Upstash bills them.
//
//  idle, per worker process (one Worker object: one command connection, one blocking connection):
//   - fetch loop: BZPOPMIN <q>:marker <drainDelay> on the blocking connection; when it times out,
//     EVALSHA moveToActive (+ HMGET ZRANGEBYSCORE RPOPLPUSH ZPOPMIN DEL ZRANGE) = 8 commands every
//     drain_delay + 30 ms (the script's round trip and Node's event loop, measured) + 2 rtt.
//     Per process, not per concurrency slot: Worker#mainLoop does not fetch again while one
//     _getNextJob is blocked (`this.waiting`), so `concurrency` changes nothing idle (recorded).
//   - stalled-jobs checker: EVALSHA moveStalledJobsToWait (+ EXISTS <q>:stalled-check) every
//     stalled_interval + 5 ms + rtt; when the guard key has expired the script also runs SET PX,
//     HGET, XTRIM, SMEMBERS, LRANGE (7 in all). The key lives exactly stalled_interval, so on
//     loopback (rtt < 1 ms) a timer that fires within the same millisecond finds it still there:
//     14 cycles in 15 run in full (115 of 123 recorded cycles); with rtt >= 1 ms every cycle does.
//     The guard key is per queue: with several processes one of them does the full run each
//     interval, the others EXISTS only. Off with skip_stalled_check.
//   - lock extender: nothing while no job runs longer than lock_renew_time / 2.
//  start-up per process: CLIENT SETNAME, INFO x4, the first stalled check and the first moveToActive
//  as EVAL (full script text, 1 + lua each; the first-ever check on a queue also HSETs its meta);
//  ioredis sends each script's first call on a connection as EVAL (so the first job's moveToFinished);
//  shut-down: QUIT (the blocking connection is dropped without a command).
//  per job (recorded at concurrency 1, queue drained between jobs):
//   producer  EVALSHA addStandardJob + 8 lua = 9 (its connection once: INFO x2, HMSET meta; the
//             first call is an EVAL);
//   worker    the pending BZPOPMIN returns, EVALSHA moveToActive with the job (+9 lua),
//             EVALSHA moveToFinished (+14 lua, + 6 of an empty fetch + 4 drain checks), BZPOPMIN
//             (returns at once on the marker the job left) + an empty moveToActive = 44; the idle
//             fetch chain restarts at the job's end, so jobs closer than drain_delay cost no idle
//             cycles and a gap of g costs floor(g / cycle) of them. A job that waited for a free slot
//             is fetched by the previous job's moveToFinished (+9 lua there, no drain tail): read
//             from the source, not recorded. Jobs longer than lock_renew_time / 2 add EVALSHA
//             extendLocks (+ GET SET SREM) per lock_renew_time / 2 beyond the first (source only).
//
// Versions: 5.47.3 recorded; 5.x and 6.x share this shape (read from the 6.7.0 tarball); drainDelay is
// 5 s in 3.16.2, 4.18.3, 5.47.3 and 6.7.0 (Worker constructor). 3.x and 4.x fetched with BRPOPLPUSH
// capped at 10 s, a different loop: rejected rather than guessed.
//
// Accepted with no effect on Redis traffic (listed in no_effect): max_stalled_count (what happens to
// a stalled job, not how often the checker runs), run_retry_delay (only after a failed fetch).
//
// Knobs (BullmqWorkerModel::knobs), per process (`workers` x `concurrency` is the capacity):
//   drain_delay 30s | 60s | 300s when shorter: fetch loop 8 / (drain_delay + 30 ms) per second;
//     pickup latency is unchanged (the producer's ZADD marker wakes BZPOPMIN at once) and so is
//     shut-down (close() disconnects the blocking connection); cost (detection_latency): a silently
//     dead blocking connection is replaced after drain_delay + 1 s (Worker#waitForJob's guard timer).
//   stalled_interval 60s | 300s when shorter: 7 / stalled_interval; cost (detection_latency): a
//     crashed worker's job is moved back after at most max(lock_duration, stalled_interval) +
//     stalled_interval.
//   skip_stalled_check true: a feature lost (stalled jobs never recovered). The component's setting
//     applies to all its processes; keeping one checker means a component of its own.
//   Not offered: fewer processes with more concurrency (both loops are per process and slots are
//     free, but CPU-bound jobs would share one process).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/command_mix.hpp"
#include "core/models/queue_jobs.hpp"

namespace core {

struct BullmqWorkerParams {
  int workers = 1;  // processes, one Worker each, all on the same queue
  std::string bullmq_version = "5.47.3";
  int major = 5, minor = 47;
  int concurrency = 1;
  sim::Duration drain_delay = 5 * sim::kSecond;
  sim::Duration stalled_interval = 30 * sim::kSecond;
  bool skip_stalled_check = false;
  sim::Duration lock_duration = 30 * sim::kSecond;
  sim::Duration lock_renew_time = 15 * sim::kSecond;  // default lock_duration / 2
  bool skip_lock_renewal = false;
  sim::Duration rtt = 0;           // round trip to Redis; the recordings are loopback (about 0)
  bool count_startup = true;       // the workers start at the period start
  std::vector<QueueJobSource> tasks;
  std::vector<std::string> no_effect;

  // Derived (see the header comment for the measurements behind the constants).
  sim::Duration fetch_cycle() const { return drain_delay + 30 * sim::kMillisecond + 2 * rtt; }
  sim::Duration stalled_cycle() const { return stalled_interval + 5 * sim::kMillisecond + rtt; }
  // Of every 15 stalled checks, how many run in full (the guard key had expired).
  int stalled_full_of_15() const { return rtt >= sim::kMillisecond ? 15 : 14; }
};

class BullmqWorkerModel : public Model {
 public:
  explicit BullmqWorkerModel(BullmqWorkerParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  std::vector<Knob> knobs() const override;
  std::vector<std::string> no_effect() const override { return p_.no_effect; }
  bool stochastic() const override;
  const BullmqWorkerParams& params() const { return p_; }

 private:
  BullmqWorkerParams p_;
};

std::unique_ptr<Model> parse_bullmq_worker(Reader& r);

// The command lists of each mechanism, for the model, its tests and explanations.
struct BullmqScripts {
  CommandMix fetch_empty_lua;   // moveToActive's 6 lua when there is no job
  CommandMix fetch_empty;       // EVALSHA moveToActive, no job: 1 + 6 lua
  CommandMix stalled_short;     // EVALSHA moveStalledJobsToWait, guard key present: 1 + 1 lua
  CommandMix stalled_full_extra;  // the rest of a full check: 5 lua
  CommandMix activate;          // EVALSHA moveToActive with a job: 1 + 9 lua
  CommandMix activate_lua;      // the same 9 lua, run inside the previous job's moveToFinished
  CommandMix finish_lua;        // moveToFinished's 14 lua
  CommandMix finish;            // EVALSHA moveToFinished: 1 + 14 lua
  CommandMix drain_tail;        // + 10 lua in moveToFinished, BZPOPMIN, empty moveToActive (18)
  CommandMix extend_lock;       // EVALSHA extendLocks: 1 + 3 lua
  CommandMix produce_lua;       // addStandardJob's 8 lua
  CommandMix produce;           // EVALSHA addStandardJob: 1 + 8 lua
  CommandMix producer_first;    // the first job on a producer connection: INFO x2, HMSET, EVAL + 8 lua
};
const BullmqScripts& bullmq_scripts();
CommandMix bullmq_worker_startup(const BullmqWorkerParams& p);   // all processes
CommandMix bullmq_worker_shutdown(const BullmqWorkerParams& p);  // all processes

}  // namespace core
