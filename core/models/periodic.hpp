// The generic periodic component: a schedule (interval, cron or APScheduler fields), optional active
// windows, and the commands each tick sends. Counts may be fixed, ranges or Poisson means.
#pragma once
#include <memory>

#include "core/engine/model.hpp"
#include "core/scenario/schedule_json.hpp"

namespace core {

struct PeriodicParams {
  sim::Schedule schedule;
  sim::WindowSet active;
  std::vector<CommandSpec> commands;
};

class PeriodicModel : public Model {
 public:
  explicit PeriodicModel(PeriodicParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  bool stochastic() const override;
  const PeriodicParams& params() const { return p_; }

 private:
  PeriodicParams p_;
};

std::unique_ptr<Model> parse_periodic(Reader& r);

// Emits one tick of `commands` at t: a prebuilt bundle when every count is fixed, else draws counts.
// Shared by models whose ticks are command lists.
void emit_commands(ModelContext& ctx, sim::Time t, const std::vector<CommandSpec>& commands, BundleId fixed_bundle);
// A bundle for command specs whose counts are all fixed; nullopt if any count is random.
std::optional<BundleId> fixed_bundle(ModelContext& ctx, const std::vector<CommandSpec>& commands);

}  // namespace core
