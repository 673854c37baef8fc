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

std::optional<BundleId> fixed_bundle(ModelContext& ctx, const std::vector<CommandSpec>& commands) {
  std::vector<CommandCount> counts;
  for (const auto& c : commands) {
    if (!c.count.fixed()) return std::nullopt;
    auto n = static_cast<std::uint32_t>(std::llround(c.count.min));
    if (n > 0) counts.push_back({c.cmd, n, c.in_script});
  }
  return ctx.rec.bundle(ctx.component, std::move(counts));
}

void emit_commands(ModelContext& ctx, sim::Time t, const std::vector<CommandSpec>& commands, BundleId fixed) {
  if (fixed != BundleId(-1)) {
    ctx.rec.emit(t, fixed);
    return;
  }
  for (const auto& c : commands) {
    std::uint64_t n;
    if (c.count.poisson) n = static_cast<std::uint64_t>(ctx.rng.poisson(c.count.min));
    else if (c.count.fixed()) n = static_cast<std::uint64_t>(std::llround(c.count.min));
    else n = static_cast<std::uint64_t>(ctx.rng.integer(std::llround(c.count.min), std::llround(c.count.max)));
    if (n == 0) continue;
    if (c.in_script) {
      // Script-run commands need their own bundle (billing may treat them apart).
      ctx.rec.emit(t, ctx.rec.bundle(ctx.component, {CommandCount{c.cmd, 1, true}}), n);
    } else {
      ctx.rec.emit(t, ctx.component, c.cmd, n);
    }
  }
}

void PeriodicModel::start(ModelContext& ctx) const {
  sim::Schedule sched = anchored(p_.schedule, ctx.start);
  auto bundle = fixed_bundle(ctx, p_.commands);
  const auto* iv = std::get_if<sim::IntervalSchedule>(&sched.kind());
  if (bundle && iv) {
    // Fast path: a fixed tick on a fixed interval is an arithmetic series in each active interval.
    std::vector<std::pair<sim::Time, sim::Time>> spans;
    if (p_.active.always()) spans.push_back({ctx.start, ctx.end});
    else spans = p_.active.intervals(ctx.start, ctx.end);
    for (auto [a, b] : spans) {
      sim::Time first = iv->next_after(a - 1);
      if (first >= b) continue;
      auto n = static_cast<std::uint64_t>((b - 1 - first) / iv->period) + 1;
      ctx.rec.emit_series(first, iv->period, n, *bundle);
    }
    return;
  }
  BundleId fixed = bundle ? *bundle : BundleId(-1);
  for (sim::Time t : fire_times(sched, p_.active, ctx.start, ctx.end)) emit_commands(ctx, t, p_.commands, fixed);
}

}  // namespace core
