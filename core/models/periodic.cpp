#include "core/models/periodic.hpp"

#include <cmath>

namespace core {

std::unique_ptr<Model> parse_periodic(Reader& r) {
  PeriodicParams p;
  p.schedule = read_schedule(r.object("schedule"), r.default_zone());
  p.active = read_windows(r, "active", r.default_zone());
  p.commands = read_commands(r, "commands");
  auto script = read_commands(r, "script_commands", true);
  p.commands.insert(p.commands.end(), script.begin(), script.end());
  if (p.commands.empty()) r.fail("commands", "expected at least one command per tick, e.g. {\"GET\": 1}");
  return std::make_unique<PeriodicModel>(std::move(p));
}

bool PeriodicModel::stochastic() const {
  for (const auto& c : p_.commands)
    if (!c.count.fixed()) return true;
  return false;
}

TickCommands::TickCommands(ModelContext& ctx, const std::vector<CommandSpec>& commands, std::uint64_t units)
    : commands_(&commands), units_(units) {
  bool all_fixed = true;
  std::vector<CommandCount> counts;
  for (const auto& c : commands) {
    if (!c.count.fixed()) {
      all_fixed = false;
      break;
    }
    auto n = static_cast<std::uint32_t>(std::llround(c.count.min) * static_cast<long long>(units));
    if (n > 0) counts.push_back({c.cmd, n, c.in_script});
  }
  if (all_fixed) {
    fixed_ = ctx.rec.bundle(ctx.component, std::move(counts));
    return;
  }
  // Script-run commands need their own bundle (billing may treat them apart); made here once, not
  // at every tick, so memory does not grow with the number of ticks.
  for (const auto& c : commands)
    each_.push_back(c.in_script ? ctx.rec.bundle(ctx.component, {CommandCount{c.cmd, 1, true}})
                                : ctx.rec.single(ctx.component, c.cmd));
}

void TickCommands::emit(ModelContext& ctx, sim::Time t) const {
  if (fixed_) {
    ctx.rec.emit(t, *fixed_);
    return;
  }
  if (units_ <= 16) {  // a draw per unit and command, in this order (what shipped scenarios draw)
    for (std::uint64_t u = 0; u < units_; ++u)
      for (std::size_t i = 0; i < commands_->size(); ++i) {
        const Reader::Count& n = (*commands_)[i].count;
        ctx.rec.emit(t, each_[i], ctx.rng.count(n.min, n.max, n.poisson));
      }
    return;
  }
  // Above, one draw per command for all units (sim::Rng::count_sum): a tick costs the same for 17
  // units as for a billion, so no multiplier makes a projection's work unbounded.
  for (std::size_t i = 0; i < commands_->size(); ++i) {
    const Reader::Count& n = (*commands_)[i].count;
    ctx.rec.emit(t, each_[i], ctx.rng.count_sum(n.min, n.max, n.poisson, units_));
  }
}

void TickCommands::emit_run(ModelContext& ctx, const sim::FireRun& run) const {
  if (fixed_) return ctx.rec.emit_series(run.first, run.period, run.count, *fixed_);
  for (std::uint64_t i = 0; i < run.count; ++i) emit(ctx, run.first + static_cast<sim::Time>(i) * run.period);
}

std::vector<Knob> PeriodicModel::knobs() const {
  std::vector<Knob> out;
  if (auto k = slower_schedule_knob(p_.schedule, "work done on each tick happens", {2, 5, 10})) out.push_back(std::move(*k));
  return out;
}

void PeriodicModel::start(ModelContext& ctx) const {
  TickCommands tick(ctx, p_.commands);
  sim::for_each_fire_run(anchored(p_.schedule, ctx.start), p_.active, ctx.start, ctx.end,
                         [&](const sim::FireRun& run) { tick.emit_run(ctx, run); });
}

}  // namespace core
