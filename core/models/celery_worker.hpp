// A Celery worker on kombu's Redis transport with redis-py, as the research file
// (shared/research/celery-kombu.md) and the real recordings (shared/traces/, tests/traces/) show it:
//
//  idle, per worker:
//   - BRPOP loop: one BRPOP per (timeout + rtt + brpop_loop_latency); timeout 1 s, or
//     `polling_interval` from kombu 5.6; kombu sends the next BRPOP only after handling the reply
//     (the event loop's turn: 4 ms on loopback, measured as the mean of 317 idle cycles of the
//     recorded 5.2.4 worker, 1.00404 s each);
//   - heartbeat: PUBLISH /0.celeryev/worker.heartbeat every heartbeat_interval (2 s), unless
//     --without-heartbeat;
//   - pidbox (remote control): a pair of health-check PINGs every health_check_interval (25 s) on
//     loopback, every 2x that once the round trip exceeds the timer's lateness (~1 ms);
//   - unacked-restore sweep every 100 s (first 90 s after start): SET NX PX, ZREVRANGEBYSCORE,
//     EVALSHA (+ the script's GET and DEL), and a health-check PING when that connection has been
//     idle longer than health_check_interval;
//  per task: the caller's LPUSH (+PING after an idle gap, SUBSCRIBE/UNSUBSCRIBE with a result
//  backend), the worker's BRPOP (a message ends the current wait early), ack emulation
//  (MULTI ZADD HSET EXEC, then MULTI ZREM HDEL EXEC), the result (GET MULTI SETEX PUBLISH EXEC; twice
//  with task_track_started) and -E task events (3 PUBLISH);
//  start-up (about 66 commands with defaults) and shut-down (18) per worker session.
// A message is held by the wait in progress when it arrives (a wait sent at s holds (s, s + cycle]:
// Redis serves a blocked client on the LPUSH itself, before any timeout), and the next wait starts
// after the reply. The first celery_worker of a run also runs every celery_beat entry's task
// (core/models/celery_beat.hpp): the entry is written once, on beat, which counts the send.
//
// Settings that the seed (001) believed to cut traffic but that change nothing on Redis are accepted
// and recorded, and have no effect: worker_prefetch_multiplier (only pauses BRPOP while the worker is
// saturated), broker_heartbeat / broker_heartbeat_checkrate (AMQP only: the virtual transport reports
// no heartbeat support), broker_pool_limit (connection reuse), max_sleep_time (no such option
// exists in kombu, celery or redis-py), visibility_timeout (changes the sweep's cutoff score, not its
// rate), fanout_prefix / fanout_patterns (key names only).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/job_source.hpp"
#include "core/scenario/schedule_json.hpp"
#include "sim/arrivals.hpp"

namespace core {

// A task source: the job-queue source every queue model reads (core/models/job_source.hpp), plus
// what Celery's caller does around each task.
struct CeleryTaskSource : JobSource {
  bool publish = true;            // count the caller's side (LPUSH, SUBSCRIBE/UNSUBSCRIBE) here
  bool caller_get = false;        // the caller waits with .get(): + GET, ~1.7 more UNSUBSCRIBE
  std::optional<bool> ignore_result;
  bool sent_event = false;        // task_send_sent_event: +1 PUBLISH on the caller
};

struct CeleryWorkerParams {
  int workers = 1;
  std::string pool = "prefork";     // solo | prefork | threads
  int concurrency = 1;
  int prefetch_multiplier = 4;      // 0 = unlimited
  // The version recorded here (Debian bookworm's python3-kombu 5.2.4, with celery 5.2.6).
  int kombu_major = 5, kombu_minor = 2;
  std::string kombu_version = "5.2.4";
  std::optional<sim::Duration> polling_interval;
  sim::Duration rtt = 0;
  // From a timed-out BRPOP's reply (or, prefetch full, a task's ack) to the next BRPOP on loopback:
  // the hub's turn through its other readers and timers. Not part of rtt, which also spaces the
  // pidbox PINGs. After a message the next wait follows brpop_delivery_latency instead.
  sim::Duration brpop_loop_latency = 4 * sim::kMillisecond;
  // From a message's arrival to the next BRPOP: a reply that carries a message comes at the LPUSH
  // itself, with none of the timeout's lateness, and the hub sends the next wait once the message is
  // handed on (prefork) or the task has run (solo). 2 ms: the median on four recordings (1.8 to
  // 2.3 ms: prefork tasks every 1 s and 2 s, solo every 2 s, solo beside beat). When tasks come just
  // over a second apart this decides whether the wait after one times out before the next.
  sim::Duration brpop_delivery_latency = 2 * sim::kMillisecond;
  bool heartbeat = true;
  sim::Duration heartbeat_interval = 2 * sim::kSecond;
  bool gossip = true, mingle = true;
  bool remote_control = true;       // worker_enable_remote_control
  bool task_events = false;         // -E, worker_send_task_events
  sim::Duration health_check_interval = 25 * sim::kSecond;
  bool ack_emulation = true;
  bool result_backend = true;
  int result_db = 0;                // a result backend on db != 0 adds SELECT per new connection
  bool track_started = false;
  bool ignore_result = false;       // task_ignore_result
  sim::Duration result_expires = sim::kDay;
  double result_bytes = 200;        // per stored result, for the bytes gauge
  int queues = 1;
  bool script_cached = false;       // the sweep's Lua script is already on the server
  bool count_startup = true;        // the worker (re)starts at the period start / each window
  sim::WindowSet runs;              // when the worker runs (default: always)
  std::vector<CeleryTaskSource> tasks;
  std::vector<std::string> no_effect;  // seed settings accepted with no effect on Redis traffic

  // Derived.
  bool polling_interval_applies() const { return kombu_major > 5 || (kombu_major == 5 && kombu_minor >= 6); }
  sim::Duration brpop_timeout() const {
    return polling_interval && polling_interval_applies() ? *polling_interval : sim::kSecond;
  }
  sim::Duration brpop_cycle() const { return brpop_timeout() + rtt + brpop_loop_latency; }
  bool dispatcher_on() const { return task_events || heartbeat || gossip; }
  sim::Duration pidbox_period() const { return rtt < sim::kMillisecond ? health_check_interval : 2 * health_check_interval; }
};

class CeleryWorkerModel : public Model {
 public:
  explicit CeleryWorkerModel(CeleryWorkerParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  std::vector<std::string> no_effect() const override { return p_.no_effect; }
  bool stochastic() const override;
  std::vector<Knob> knobs() const override;
  // Runs the tasks of the run's celery_beat components (SharedState, core/models/celery_beat.hpp).
  std::string shared_state() const override;
  const CeleryWorkerParams& params() const { return p_; }

 private:
  void run(ModelContext& ctx) const;
  CeleryWorkerParams p_;
};

std::unique_ptr<Model> parse_celery_worker(Reader& r);

// The start-up and shut-down command lists of one worker session (as recorded: defaults give 66 and
// 18), and the idle commands per minute of one worker in steady state (heartbeat, BRPOP, pidbox,
// sweep), for tests and explanations.
std::vector<CommandCount> celery_worker_startup(const CeleryWorkerParams& p);
std::vector<CommandCount> celery_worker_shutdown(const CeleryWorkerParams& p);
// The "version" string "5.2.4" -> major, minor; false if malformed.
bool parse_major_minor(const std::string& text, int* major, int* minor);

}  // namespace core
