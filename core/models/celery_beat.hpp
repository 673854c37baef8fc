// Celery beat on the Redis broker (shared/research/celery-kombu.md, section 3). Ticks cost nothing
// (the default PersistentScheduler keeps its schedule in a local shelve file); each due entry is one
// send_task: LPUSH, preceded by a health-check PING when the producer connection has been idle longer
// than health_check_interval (25 s), plus SUBSCRIBE and UNSUBSCRIBE to the task's result when a
// result backend is configured and the entry does not ignore its result (celery#4261). Start-up:
// 3 PINGs; the first send also declares the queue (MULTI, LLEN x4, EXEC, SADD).
// The worker's side of a beat entry (fetch, ack, result) belongs to the celery_worker component: give
// it a task source with the same schedule and "publish": false.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/scenario/schedule_json.hpp"

namespace core {

struct CeleryBeatEntry {
  std::string name;
  sim::Schedule schedule;
  std::optional<bool> ignore_result;
};

struct CeleryBeatParams {
  std::vector<CeleryBeatEntry> entries;
  bool result_backend = true;
  bool ignore_result = false;
  sim::Duration health_check_interval = 25 * sim::kSecond;
  bool count_startup = true;
  sim::Duration max_loop_interval = 300 * sim::kSecond;  // accepted: how often beat wakes; costs nothing
};

class CeleryBeatModel : public Model {
 public:
  explicit CeleryBeatModel(CeleryBeatParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  const CeleryBeatParams& params() const { return p_; }

 private:
  CeleryBeatParams p_;
};

std::unique_ptr<Model> parse_celery_beat(Reader& r);

}  // namespace core
