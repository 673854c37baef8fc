// The free-form component (seed 004 and anything else): a set of operations, each with its own
// schedule (interval, cron, APScheduler fields; optional active windows) or daily arrival rate, a
// multiplier (e.g. symbols x timeframes, given as [20, 3]), the commands one operation sends (fixed,
// ranges or Poisson means; script_commands for a Lua script's inner calls), and what it leaves in
// Redis: keys it rewrites (a fixed set, optionally with a TTL), new keys per operation (with a TTL, or
// accumulating), and growing structures (bytes appended per operation, e.g. RPUSH without LTRIM).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/scenario/schedule_json.hpp"
#include "sim/arrivals.hpp"

namespace core {

struct FreeformOperation {
  std::string name;
  bool scheduled = true;
  sim::Schedule schedule;
  sim::WindowSet active;
  sim::ArrivalProfile arrivals;
  bool arrivals_zone_given = false;
  double multiplier = 1;
  std::vector<CommandSpec> commands;
  // State left behind, per multiplier unit:
  double keys = 0;                    // keys rewritten by every operation (e.g. BTC_1h)
  std::optional<sim::Duration> keys_ttl;
  double new_keys = 0;                // fresh keys per operation (e.g. trade:<id>)
  std::optional<sim::Duration> new_keys_ttl;  // none: they accumulate
  double bytes_per_key = 0;
  double grow_bytes = 0;              // bytes appended per operation to a structure that is never trimmed
};

struct FreeformParams {
  double multiplier = 1;  // applies to every operation
  std::vector<FreeformOperation> operations;
};

class FreeformModel : public Model {
 public:
  explicit FreeformModel(FreeformParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  bool stochastic() const override;
  const FreeformParams& params() const { return p_; }

 private:
  FreeformParams p_;
};

std::unique_ptr<Model> parse_freeform(Reader& r);

}  // namespace core
