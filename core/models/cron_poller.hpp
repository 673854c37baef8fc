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
// Fires are emitted as series between the elected poller's heartbeat runs (sim::for_each_fire_run:
// "* * * * *" and "*/n" are regular grids), so a month costs O(runs + bins), not one event per minute.
#pragma once
#include <memory>
#include <optional>

#include "core/engine/model.hpp"
#include "core/models/poll_state_layout.hpp"
#include "sim/schedule.hpp"

namespace core {

struct CronPollerParams {
  sim::Schedule schedule;
  PollState state;
  bool state_given = false;  // "state" present (else the seed's defaults)
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
  std::vector<Knob> knobs() const override;
  std::string shared_state() const override { return "poll_system"; }
  const CronPollerParams& params() const { return *p_; }

 private:
  std::shared_ptr<const CronPollerParams> p_;
};

std::unique_ptr<Model> parse_cron_poller(Reader& r);

}  // namespace core
