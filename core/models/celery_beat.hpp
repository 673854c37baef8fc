// Celery beat on the Redis broker (shared/research/celery-kombu.md, section 3, and the recordings
// tests/traces/celery-5.2.6-beat-*). Ticks cost nothing (the default PersistentScheduler keeps its
// schedule in a local shelve file), so beat with no due entry sends nothing at all (recorded: 180 s,
// not one command). Beat connects lazily, at its first send: 2 PINGs (the producer channel's
// Channel.__init__ ping, preceded by its health check), SELECT of the result db on the result
// consumer's connection when `result_db` != 0, a health-check PING on the new pooled producer
// connection and the queue declare (MULTI, LLEN x4, EXEC, SADD). Each due entry is one send_task:
// LPUSH, preceded by a health-check PING when the producer connection has been idle longer than
// health_check_interval (25 s), plus SUBSCRIBE and UNSUBSCRIBE to the task's result when a result
// backend is configured and the entry does not ignore its result (celery#4261).
//
// An interval entry ("every") first fires one interval after beat starts: a new ScheduleEntry's
// last_run_at is beat's start, and is_due waits a whole run_every from it (recorded: the first of
// 17 sends came 10 s after start-up with "every": "10s"). Beat starts at the period start plus the
// schedule's `phase`. Cron entries fire at their cron times.
//
// A beat entry has one home, here: the worker's side of each send (fetch, ack, result) is simulated
// by the scenario's first celery_worker, which reads the sends from SharedState (kCeleryBeatState).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/scenario/schedule_json.hpp"

namespace core {

struct CeleryBeatEntry {
  std::string name;
  sim::Schedule schedule;
  std::optional<bool> ignore_result;
  sim::Duration duration = 10 * sim::kMillisecond;  // the task's execution time on the worker
};

struct CeleryBeatParams {
  std::vector<CeleryBeatEntry> entries;
  bool result_backend = true;
  bool ignore_result = false;
  int result_db = 0;  // a result backend on db != 0: SELECT once, on the result consumer's connection
  sim::Duration health_check_interval = 25 * sim::kSecond;
  bool count_startup = true;  // count the first send's connection set-up (PINGs, SELECT, declare)
  sim::Duration max_loop_interval = 300 * sim::kSecond;  // accepted: how often beat wakes; costs nothing
};

// What beat hands to the worker that runs its tasks, under SharedState::objects[kCeleryBeatState]
// (a CeleryBeatSends, appended to by every beat of the run; the first celery_worker to read it
// claims the sends).
inline constexpr const char* kCeleryBeatState = "celery_beat";
struct CeleryBeatSend {
  sim::Time t;
  sim::Duration duration;
  bool ignore_result;
};
struct CeleryBeatSends {
  std::vector<CeleryBeatSend> sends;
  bool claimed = false;
};

// Every send of the period, in time order (interval entries from one interval after beat's start).
std::vector<CeleryBeatSend> celery_beat_sends(const CeleryBeatParams& p, sim::Time start, sim::Time end);

class CeleryBeatModel : public Model {
 public:
  explicit CeleryBeatModel(CeleryBeatParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  std::string shared_state() const override { return kCeleryBeatState; }
  const CeleryBeatParams& params() const { return p_; }

 private:
  CeleryBeatParams p_;
};

std::unique_ptr<Model> parse_celery_beat(Reader& r);

}  // namespace core
