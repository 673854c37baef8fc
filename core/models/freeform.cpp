#include "core/models/freeform.hpp"

#include <algorithm>
#include <cmath>

#include "core/models/keyed_state.hpp"  // read_arrival_profile
#include "core/models/periodic.hpp"     // TickCommands

namespace core {

namespace {

double read_multiplier(const Reader& r, const std::string& key) {
  const json* v = r.raw(key);
  if (!v) return 1;
  if (v->is_number()) {
    double m = v->get<double>();
    if (!(m >= 0) || m > 1e9) r.fail(key, "expected a multiplier from 0 to 1e9");
    return m;
  }
  if (v->is_array() && !v->empty()) {
    double m = 1;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const json& f = (*v)[i];
      if (!f.is_number() || f.get<double>() < 0)
        throw FieldError(r.child_pointer(key) + "/" + std::to_string(i), "expected a non-negative number");
      m *= f.get<double>();
    }
    if (m > 1e9) r.fail(key, "expected a product of at most 1e9");
    return m;
  }
  r.fail(key, "expected a number or an array of factors such as [20, 3] (symbols x timeframes)");
}

}  // namespace

std::unique_ptr<Model> parse_freeform(Reader& r) {
  FreeformParams p;
  p.multiplier = read_multiplier(r, "multiplier");
  for (auto& o : r.objects("operations")) {
    FreeformOperation op;
    op.name = o.string("name", "");
    int kinds = o.has("schedule") + o.has("arrivals");
    if (kinds != 1) o.fail("", "expected exactly one of \"schedule\" or \"arrivals\" (a daily rate) in an operation");
    if (o.has("schedule")) {
      op.schedule = read_schedule(o.object("schedule"), o.default_zone());
    } else {
      op.scheduled = false;
      op.arrivals = read_arrival_profile(o.object("arrivals"), &op.arrivals_zone_given);
    }
    op.active = read_windows(o, "active", o.default_zone());
    op.multiplier = read_multiplier(o, "multiplier");
    {
      double m = p.multiplier * op.multiplier;
      if (std::fabs(m - std::round(m)) > 1e-9)
        o.fail("multiplier", "expected the multipliers to give a whole number of units");
    }
    op.commands = read_commands(o, "commands");
    auto script = read_commands(o, "script_commands", true);
    op.commands.insert(op.commands.end(), script.begin(), script.end());
    if (op.commands.empty()) o.fail("commands", "expected at least one command per operation, e.g. {\"GET\": 1}");
    if (auto st = o.optional_object("state")) {
      op.keys = st->number("keys", 0, 0, 1e9);
      if (st->has("keys_ttl")) op.keys_ttl = st->duration("keys_ttl");
      else st->raw("keys_ttl");
      op.new_keys = st->number("new_keys", 0, 0, 1e9);
      if (st->has("new_keys_ttl")) op.new_keys_ttl = st->duration("new_keys_ttl");
      else st->raw("new_keys_ttl");
      op.bytes_per_key = st->number("bytes_per_key", 0, 0, 512.0 * 1024 * 1024);
      op.grow_bytes = st->number("grow_bytes", 0, 0, 512.0 * 1024 * 1024);
      if ((op.keys_ttl && *op.keys_ttl <= 0) || (op.new_keys_ttl && *op.new_keys_ttl <= 0))
        st->fail(op.keys_ttl && *op.keys_ttl <= 0 ? "keys_ttl" : "new_keys_ttl", "expected a positive duration");
      st->finish();
    }
    o.finish();
    p.operations.push_back(std::move(op));
  }
  if (p.operations.empty()) r.fail("operations", "expected a non-empty array of operations");
  return std::make_unique<FreeformModel>(std::move(p));
}

bool FreeformModel::stochastic() const {
  for (const auto& op : p_.operations) {
    if (!op.scheduled && !op.arrivals.deterministic && op.arrivals.per_day > 0) return true;
    for (const auto& c : op.commands)
      if (!c.count.fixed()) return true;
  }
  return false;
}

void FreeformModel::start(ModelContext& ctx) const {
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  std::vector<double> keys(static_cast<std::size_t>(rec.bins()), 0.0), bytes(keys.size(), 0.0);
  bool any_state = false;

  for (const auto& op : p_.operations) {
    const double mult = p_.multiplier * op.multiplier;
    const auto whole = static_cast<std::uint64_t>(std::llround(mult));
    if (whole == 0) continue;

    // Commands: a fixed bundle scaled by the multiplier, or draws per unit.
    const TickCommands tick(ctx, op.commands, whole);
    const bool needs_times = op.keys > 0 || op.new_keys > 0 || op.grow_bytes > 0;
    if (op.scheduled && !needs_times) {
      // No state to follow: the fires as runs, a series each when the tick is fixed (O(bins)).
      sim::for_each_fire_run(anchored(op.schedule, ctx.start), op.active, ctx.start, ctx.end,
                             [&](const sim::FireRun& run) { tick.emit_run(ctx, run); });
      continue;
    }
    std::vector<sim::Time> times;
    if (op.scheduled) {
      times = sim::fire_times(anchored(op.schedule, ctx.start), op.active, ctx.start, ctx.end);
    } else if (op.arrivals.per_day > 0) {
      sim::ArrivalProfile prof = op.arrivals;
      if (!op.arrivals_zone_given) prof.zone = ctx.zone;
      times = sim::generate_arrivals(prof, ctx.start, ctx.end, ctx.rng);
      if (!op.active.always()) {
        std::vector<sim::Time> kept;
        for (sim::Time t : times)
          if (op.active.active_at(t)) kept.push_back(t);
        times.swap(kept);
      }
    }
    for (sim::Time t : times) tick.emit(ctx, t);
    if (!needs_times) continue;
    any_state = true;
    // State per bin (value at the bin's end): rewritten keys, fresh keys, appended bytes.
    std::size_t done = 0, expired = 0;
    for (std::int64_t b = 0; b < rec.bins(); ++b) {
      sim::Time bin_end = rec.start() + (b + 1) * kBinWidth;
      while (done < times.size() && times[done] < bin_end) ++done;
      double k = 0;
      if (op.keys > 0 && done > 0) {
        sim::Time last = times[done - 1];
        if (!op.keys_ttl || last + *op.keys_ttl >= bin_end) k += op.keys * mult;
      }
      if (op.new_keys > 0) {
        if (op.new_keys_ttl)
          while (expired < done && times[expired] + *op.new_keys_ttl < bin_end) ++expired;
        k += op.new_keys * mult * static_cast<double>(done - expired);
      }
      keys[static_cast<std::size_t>(b)] += k;
      bytes[static_cast<std::size_t>(b)] += k * op.bytes_per_key + op.grow_bytes * mult * static_cast<double>(done);
    }
  }
  if (!any_state) return;
  for (std::int64_t b = 0; b < rec.bins(); ++b) {
    sim::Time t = std::min(rec.start() + (b + 1) * kBinWidth - 1, rec.end() - 1);
    rec.gauge(t, comp, Recorder::Gauge::Keys, keys[static_cast<std::size_t>(b)]);
    rec.gauge(t, comp, Recorder::Gauge::Bytes, bytes[static_cast<std::size_t>(b)]);
  }
}

}  // namespace core
