// The cron poller of seed 002 (Vercel's /api/cron-poll): a cron schedule in a zone; at each fire it
// reads the heartbeat and, while an elected active poller's heartbeat is fresh, skips (the check is
// its only command); otherwise it polls: reads the polled state, writes the mode and the heartbeat,
// publishes a system broadcast (XADD), and for every transfer it finds publishes it (XADD) and
// writes the lastIds. The state layout (poll_state_layout.hpp) sets the per-poll counts; the seed's
// per_key layout gives 16 per poll (13 GET + SET mode + XADD + SET heartbeat) and 1 per skip.
//
// Scenario fields:
//   "schedule": {"cron": "* * * * *", "zone": "UTC"}   any schedule (Vercel runs crons in UTC; the
//                                                     zone defaults to the scenario's)
//   "state": {"layout": "per_key", "restaurants": [...], "environments": [...], "currencies": [...]}
//   "accounts": "all" | "production"      production: the seed's Option 5 (6 of the 12 keys)
//   "heartbeat_check": true               false: never skips
//   "heartbeat_fresh_for": "30s"          skip while the active poller's last heartbeat is younger
//   "broadcast": true                     the per-poll publishSystemBroadcast() XADD
//   "transfers": {"per_day": 40, "hourly": [...], "zone": "...", "dev_share": 0.1}
//
// Fires are emitted as series between the elected poller's heartbeat runs ("* * * * *" and "*/n" are
// recognised as regular grids), so a month costs O(runs + bins), not one event per minute.
#pragma once
#include <functional>
#include <memory>
#include <optional>

#include "core/engine/model.hpp"
#include "core/models/poll_state_layout.hpp"
#include "sim/schedule.hpp"

namespace core {

struct CronPollerParams {
  sim::Schedule schedule;
  PollState state;
  bool production_only = false;
  bool heartbeat_check = true;
  sim::Duration fresh_for = 30 * sim::kSecond;
  bool broadcast = true;
  std::optional<TransferSpec> transfers;
};

class CronPollerModel : public Model {
 public:
  explicit CronPollerModel(CronPollerParams p) : p_(std::make_shared<const CronPollerParams>(std::move(p))) {}
  void start(ModelContext& ctx) const override;
  bool stochastic() const override;
  const CronPollerParams& params() const { return *p_; }

 private:
  std::shared_ptr<const CronPollerParams> p_;
};

std::unique_ptr<Model> parse_cron_poller(Reader& r);

// Fire times of a schedule in [from, to) as arithmetic runs (first, period, count), in order. Interval
// schedules and cron minute grids ("* * * * *", "*/n * * * *", "m * * * *", "@hourly") are emitted as
// one run per span of constant zone offset; anything else is enumerated fire by fire.
struct FireRun {
  sim::Time first;
  sim::Duration period;
  std::uint64_t count;
};
void for_each_fire_run(const sim::Schedule& s, sim::Time from, sim::Time to,
                       const std::function<void(const FireRun&)>& fn);

}  // namespace core
