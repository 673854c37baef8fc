// The component types scenario files may name. One model per file under core/models/.
#include "core/engine/model.hpp"
#include "core/models/periodic.hpp"
#include "core/models/celery_beat.hpp"
#include "core/models/celery_worker.hpp"
#include "core/models/freeform.hpp"
#include "core/models/keyed_state.hpp"
#include "core/models/cron_poller.hpp"
#include "core/models/poller_pages.hpp"
// Job queues (Python and Ruby workers).
#include "core/models/rq_worker.hpp"
#include "core/models/sidekiq.hpp"
#include "core/models/django_q_cluster.hpp"
// Job-queue models (Node: BullMQ, Bull, Bee-Queue).
#include "core/models/bee_queue_worker.hpp"
#include "core/models/bull_worker.hpp"
#include "core/models/bullmq_worker.hpp"

namespace core {

const std::vector<ComponentType>& component_types() {
  static const std::vector<ComponentType> types = {
      {"periodic", "a schedule (interval, cron or APScheduler fields), optional active windows, commands per tick",
       &parse_periodic},
      {"keyed_state", "objects arriving at a daily rate, saved as keys with a TTL, restored on restart, cleaned up by a retention schedule",
       &parse_keyed_state},
      {"celery_worker", "a Celery worker on kombu's Redis transport: BRPOP loop, heartbeats, pidbox, restore sweep, per-task commands",
       &parse_celery_worker},
      {"celery_beat", "Celery beat: one LPUSH (+PING after idle, +SUBSCRIBE/UNSUBSCRIBE with a result backend) per due entry",
       &parse_celery_beat},
      {"freeform", "any operations, each with a schedule or daily rate, a multiplier, commands and the keys or bytes it leaves",
       &parse_freeform},
      {"cron_poller", "a cron that polls lastId state (per key, hash per restaurant or one hash) unless an elected poller's heartbeat is fresh",
       &parse_cron_poller},
      {"poller_pages", "pages open in time windows: one takes the poller lock and polls every 6 s, all read the transfer streams",
       &parse_poller_pages},
      // Job queues (Python and Ruby workers).
      {"rq_worker", "an RQ worker: BLPOP with a timeout of worker_ttl - 15 s, heartbeat, registry cleaning every 10 min, per-job commands",
       &parse_rq_worker},
      {"sidekiq", "a Sidekiq 6 process: a 2 s BRPOP per processor thread, heartbeat every 5 s, scheduled/retry poller scaled by the process count, per-job commands",
       &parse_sidekiq},
      {"django_q_cluster", "a django-q cluster on the Redis broker: the guard's status SET every guard_cycle, the pusher's 1 s BLPOP, RPUSH per job",
       &parse_django_q_cluster},
      // Job-queue models (Node: BullMQ, Bull, Bee-Queue).
      {"bullmq_worker", "a BullMQ 5.x Worker: BZPOPMIN marker fetch every drain_delay, stalled-jobs checker, Lua scripts' commands counted, per-job cost",
       &parse_bullmq_worker},
      {"bull_worker", "a Bull 4.x queue processing jobs: BRPOPLPUSH fetch every drain_delay, delay-set guard, stalled-jobs checker, Lua scripts' commands counted, per-job cost",
       &parse_bull_worker},
      {"bee_queue_worker", "a Bee-Queue 2.x worker: a BRPOPLPUSH without timeout (nothing idle), optional stalled checks and delayed activation, per-job cost",
       &parse_bee_queue_worker},
  };
  return types;
}

const ComponentType* find_component_type(const std::string& type) {
  for (const auto& t : component_types())
    if (t.type == type) return &t;
  return nullptr;
}

}  // namespace core
