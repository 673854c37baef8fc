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
  std::vector<Knob> knobs() const override;
  const PeriodicParams& params() const { return p_; }

 private:
  PeriodicParams p_;
};

std::unique_ptr<Model> parse_periodic(Reader& r);

// The commands of one tick, with their bundles made once: a single bundle when every count is
// fixed (each count times `units`), else one bundle per command whose counts are drawn per unit at
// every tick. Shared by the models whose ticks are command lists (periodic, freeform, poller_pages).
class TickCommands {
 public:
  TickCommands() = default;
  TickCommands(ModelContext& ctx, const std::vector<CommandSpec>& commands, std::uint64_t units = 1);
  // The bundle of a tick when no count is random.
  std::optional<BundleId> fixed() const { return fixed_; }
  void emit(ModelContext& ctx, sim::Time t) const;
  // Every fire of a run: one series when fixed, else draws fire by fire.
  void emit_run(ModelContext& ctx, const sim::FireRun& run) const;

 private:
  const std::vector<CommandSpec>* commands_ = nullptr;
  std::uint64_t units_ = 1;
  std::optional<BundleId> fixed_;
  std::vector<BundleId> each_;  // per command when counts are drawn
};

}  // namespace core
