#include "core/projection/projection.hpp"

#include <algorithm>
#include <cmath>

#include "core/projection/cost_bound.hpp"
#include "sim/stats.hpp"

namespace core {
namespace {

struct Resolved {
  sim::CivilDate start_date;
  int days;
  sim::Time start, end;
  Plan plan;
  std::uint64_t seed;
  int replications;
};

Resolved resolve(const Scenario& s, const ProjectionOptions& opt) {
  Resolved r;
  r.start_date = opt.start.value_or(s.start);
  r.days = opt.days.value_or(s.days);
  if (r.days < 1) throw InputError(s.file, "--days", "expected a number of days >= 1");
  r.start = s.zone.to_utc(sim::CivilTime{r.start_date, 0, 0, 0});
  sim::CivilDate end_date = sim::civil_from_days(sim::days_from_civil(r.start_date) + r.days);
  r.end = s.zone.to_utc(sim::CivilTime{end_date, 0, 0, 0});
  std::string plan_id = opt.plan.value_or(s.plan_id);
  auto plan = find_plan(plan_id, r.start_date);
  if (!plan) throw InputError(s.file, "--plan", "unknown plan \"" + plan_id + "\" (redcast plans lists them)");
  r.plan = *plan;
  r.seed = opt.seed.value_or(s.seed);
  r.replications = opt.replications.value_or(s.replications);
  check_projection_cost(s, r.start, r.end);  // core/projection/cost_bound.hpp
  return r;
}

// One run of the scenario. A Run owns the simulator, the recorder and the contexts.
struct Run {
  sim::Simulator sim;
  Recorder rec;
  SharedState shared;
  std::vector<ModelContext> contexts;
  Run(const Scenario& s, const Resolved& r, int replication, std::int64_t trace_bin)
      : sim(r.start), rec(r.start, r.end, s.rules, static_cast<int>(s.components.size())) {
    if (trace_bin >= 0) rec.trace_bin(trace_bin);
    contexts.reserve(s.components.size());
    for (std::size_t i = 0; i < s.components.size(); ++i) {
      const auto& c = s.components[i];
      contexts.push_back(ModelContext{sim, rec, shared,
                                      sim::Rng::stream(r.seed, c.name, static_cast<std::uint64_t>(replication)),
                                      r.start, r.end, s.zone, static_cast<int>(i), c.name});
    }
    for (std::size_t i = 0; i < s.components.size(); ++i)
      if (s.components[i].enabled) s.components[i].model->start(contexts[i]);
    run_within_cost_bound(sim, r.start, r.end, r.replications, s.file);  // core/projection/cost_bound.hpp
    rec.finish();
  }
};

// Start of each quota period (UTC) covering [start, end): days start at UTC midnight (assumption:
// a daily quota resets at 00:00 UTC); months start on the period's start date, each month later.
std::vector<sim::Time> quota_period_starts(const Resolved& r, const sim::TimeZone& zone) {
  std::vector<sim::Time> starts;
  if (r.plan.period == QuotaPeriod::Day) {
    sim::Time t = r.start - ((r.start % sim::kDay) + sim::kDay) % sim::kDay;
    for (; t < r.end; t += sim::kDay) starts.push_back(t);
  } else if (r.plan.period == QuotaPeriod::Month) {
    for (int k = 0;; ++k) {
      int y = r.start_date.year, m = r.start_date.month + k;
      y += (m - 1) / 12;
      m = (m - 1) % 12 + 1;
      int d = std::min(r.start_date.day, sim::days_in_month(y, m));
      sim::Time t = zone.to_utc(sim::CivilTime{sim::CivilDate{y, m, d}, 0, 0, 0});
      if (t >= r.end) break;
      starts.push_back(t);
    }
  }
  return starts;
}

struct BinTotals {
  std::vector<std::uint64_t> commands, billable;
};

BinTotals bin_totals(const Recorder& rec) {
  BinTotals t;
  t.commands.assign(rec.bins(), 0);
  t.billable.assign(rec.bins(), 0);
  const auto& bundles = rec.bundles();
  for (std::size_t b = 0; b < bundles.size(); ++b) {
    const auto& h = rec.hits()[b];
    for (std::int64_t i = 0; i < rec.bins(); ++i) {
      if (!h[i]) continue;
      t.commands[i] += h[i] * bundles[b].size;
      t.billable[i] += h[i] * bundles[b].billable;
    }
  }
  return t;
}

// First bin in which use within a quota period reaches the limit; -1 if never. Also counts the
// periods over the limit.
std::int64_t crossing_bin(sim::Time start, const BinTotals& bins, const std::vector<sim::Time>& period_starts,
                          std::uint64_t limit, int* periods_over, std::uint64_t* used_before) {
  *periods_over = 0;
  if (limit == 0 || period_starts.empty()) return -1;
  std::int64_t first = -1;
  std::size_t p = 0;
  std::uint64_t used = 0;
  bool over = false;
  for (std::size_t i = 0; i < bins.billable.size(); ++i) {
    sim::Time t = start + static_cast<sim::Time>(i) * kBinWidth;
    while (p + 1 < period_starts.size() && t >= period_starts[p + 1]) {
      ++p;
      used = 0;
      over = false;
    }
    if (!over && used + bins.billable[i] >= limit) {
      over = true;
      ++*periods_over;
      if (first < 0) {
        first = static_cast<std::int64_t>(i);
        *used_before = used;
      }
    }
    used += bins.billable[i];
  }
  return first;
}

std::uint64_t peak_period_use(sim::Time start, const BinTotals& bins, const std::vector<sim::Time>& period_starts) {
  std::uint64_t peak = 0, used = 0;
  std::size_t p = 0;
  for (std::size_t i = 0; i < bins.billable.size(); ++i) {
    sim::Time t = start + static_cast<sim::Time>(i) * kBinWidth;
    while (p + 1 < period_starts.size() && t >= period_starts[p + 1]) {
      ++p;
      used = 0;
    }
    used += bins.billable[i];
    peak = std::max(peak, used);
  }
  return peak;
}

}  // namespace

Projection project(const Scenario& s, const ProjectionOptions& opt) {
  Resolved r = resolve(s, opt);
  Projection p;
  p.scenario = s.name;
  p.start = r.start;
  p.end = r.end;
  p.zone = s.zone;
  p.days = r.days;
  p.plan = r.plan;
  p.rules = s.rules;
  p.seed = r.seed;

  bool stochastic = false;
  for (const auto& c : s.components) stochastic |= c.enabled && c.model->stochastic();
  int reps = stochastic ? std::max(1, r.replications) : 1;

  auto run = std::make_unique<Run>(s, r, 0, -1);
  const Recorder& rec = run->rec;
  p.events = run->sim.events_run();
  BinTotals bins = bin_totals(rec);
  auto period_starts = quota_period_starts(r, s.zone);
  std::uint64_t used_before = 0;
  std::int64_t cross = crossing_bin(r.start, bins, period_starts, r.plan.limit, &p.periods_over, &used_before);

  p.peak_period_billable = peak_period_use(r.start, bins, period_starts.empty() ? std::vector<sim::Time>{r.start} : period_starts);
  p.used_pct = r.plan.limit ? 100.0 * static_cast<double>(p.peak_period_billable) / static_cast<double>(r.plan.limit) : 0;

  // Totals by component and command.
  std::size_t nc = s.components.size();
  p.components.resize(nc);
  for (std::size_t i = 0; i < nc; ++i) {
    p.components[i].name = s.components[i].name;
    p.components[i].type = s.components[i].type;
  }
  std::vector<std::uint64_t> by_cmd(command_catalog_size(), 0);
  std::vector<std::vector<std::uint64_t>> comp_cmd(nc, std::vector<std::uint64_t>(command_catalog_size(), 0));
  std::vector<std::vector<std::uint64_t>> comp_bin(nc, std::vector<std::uint64_t>(rec.bins(), 0));
  for (std::size_t b = 0; b < rec.bundles().size(); ++b) {
    const Bundle& bundle = rec.bundles()[b];
    std::uint64_t hits = 0;
    const auto& h = rec.hits()[b];
    auto& cb = comp_bin[bundle.component];
    for (std::int64_t i = 0; i < rec.bins(); ++i) {
      hits += h[i];
      cb[i] += h[i] * bundle.size;
    }
    if (!hits) continue;
    auto& ct = p.components[bundle.component];
    ct.commands += hits * bundle.size;
    ct.billable += hits * bundle.billable;
    for (const auto& c : bundle.commands) {
      if (c.cmd >= by_cmd.size()) {
        by_cmd.resize(c.cmd + 1, 0);
        for (auto& v : comp_cmd) v.resize(c.cmd + 1, 0);
      }
      by_cmd[c.cmd] += hits * c.count;
      comp_cmd[bundle.component][c.cmd] += hits * c.count;
    }
  }
  for (std::size_t id = 0; id < by_cmd.size(); ++id) {
    if (!by_cmd[id]) continue;
    const auto& info = command_info(static_cast<CommandId>(id));
    p.by_command[info.name] = by_cmd[id];
    p.commands += by_cmd[id];
    if (info.cls == CommandClass::Read) p.reads += by_cmd[id];
    else if (info.cls == CommandClass::Write) p.writes += by_cmd[id];
    else p.other += by_cmd[id];
    for (std::size_t c = 0; c < nc; ++c)
      if (comp_cmd[c][id]) p.components[c].by_command[info.name] = comp_cmd[c][id];
  }
  for (const auto& c : p.components) p.billable += c.billable;

  // Daily and hour-of-day totals in the scenario's zone (bins are 15 minutes and every zone offset is
  // a multiple of 15 minutes, so each bin lies in exactly one local day and hour).
  p.hour_of_day.assign(24, 0);
  std::int64_t first_day = sim::days_from_civil(r.start_date);
  p.daily.resize(r.days);
  for (int d = 0; d < r.days; ++d) {
    p.daily[d].date = sim::civil_from_days(first_day + d);
    p.daily[d].by_component.assign(nc, 0);
  }
  for (std::int64_t i = 0; i < rec.bins(); ++i) {
    sim::CivilTime local = s.zone.to_local(rec.start() + i * kBinWidth);
    std::int64_t d = sim::days_from_civil(local.date) - first_day;
    if (d < 0 || d >= r.days) continue;
    auto& day = p.daily[d];
    day.commands += bins.commands[i];
    day.billable += bins.billable[i];
    for (std::size_t c = 0; c < nc; ++c) day.by_component[c] += comp_bin[c][i];
    p.hour_of_day[local.hour] += bins.commands[i];
    double keys = 0, bytes = 0;
    for (std::size_t c = 0; c < nc; ++c) {
      keys += rec.gauge_last()[c][0][i];
      bytes += rec.gauge_last()[c][1][i];
    }
    day.keys = keys;  // the last bin of the day wins: end-of-day values
    day.bytes = bytes;
    p.max_keys = std::max(p.max_keys, keys);
    p.max_bytes = std::max(p.max_bytes, bytes);
  }
  std::uint64_t cum = 0;
  for (auto& day : p.daily) {
    cum += day.billable;
    day.cumulative_billable = cum;
  }
  for (std::size_t c = 0; c < nc; ++c) {
    p.components[c].max_keys = rec.gauge_max()[c][0];
    p.components[c].max_bytes = rec.gauge_max()[c][1];
  }

  // The exact moment the quota runs out: re-run with the crossing bin traced (runs are exact replays).
  if (cross >= 0) {
    Run traced(s, r, 0, cross);
    auto trace = traced.rec.trace();
    std::stable_sort(trace.begin(), trace.end(), [](const auto& a, const auto& b) { return a.t < b.t; });
    std::uint64_t used = used_before;
    for (const auto& tp : trace) {
      used += tp.billable;
      if (used >= r.plan.limit) {
        p.exhausted_at = tp.t;
        break;
      }
    }
  }
  run.reset();

  // Costs: pay-as-you-go for the same billable count; the chosen plan; the cheapest plan that fits.
  double months = r.days / 30.0;
  const Plan* payg = nullptr;
  for (const auto& pl : plans())
    if (pl.usd_per_100k > 0) payg = &pl;
  p.payg_usd = payg ? static_cast<double>(p.billable) / 100000.0 * payg->usd_per_100k : 0;
  p.plan_usd = r.plan.usd_per_100k > 0 ? static_cast<double>(p.billable) / 100000.0 * r.plan.usd_per_100k
                                       : r.plan.usd_monthly * months;
  p.cheapest_usd = -1;
  for (const auto& pl : plans()) {
    auto valid = find_plan(pl.id, r.start_date);
    if (!valid || valid->name != pl.name) continue;  // another variant is the one on sale then
    if (pl.storage_bytes && p.max_bytes > static_cast<double>(pl.storage_bytes)) continue;
    double cost;
    if (pl.limit > 0) {
      int over = 0;
      std::uint64_t ub = 0;
      Resolved alt = r;
      alt.plan = pl;
      if (crossing_bin(r.start, bins, quota_period_starts(alt, s.zone), pl.limit, &over, &ub) >= 0) continue;
      cost = 0;
    } else if (pl.usd_per_100k > 0) {
      cost = static_cast<double>(p.billable) / 100000.0 * pl.usd_per_100k;
    } else {
      cost = pl.usd_monthly * months;
    }
    if (p.cheapest_usd < 0 || cost < p.cheapest_usd) {
      p.cheapest_usd = cost;
      p.cheapest_plan = pl.id;
    }
  }

  // Replications: the billable total of each, scaled to a 30-day month, and how often it passes
  // the quota.
  std::vector<double> monthly;
  int exceed = 0;
  auto count_run = [&](std::uint64_t billable, bool crossed) {
    monthly.push_back(static_cast<double>(billable) * 30.0 / r.days);
    exceed += crossed ? 1 : 0;
  };
  count_run(p.billable, cross >= 0);
  for (int k = 1; k < reps; ++k) {
    Run more(s, r, k, -1);
    BinTotals bt = bin_totals(more.rec);
    std::uint64_t billable = 0;
    for (auto v : bt.billable) billable += v;
    int over = 0;
    std::uint64_t ub = 0;
    count_run(billable, crossing_bin(r.start, bt, period_starts, r.plan.limit, &over, &ub) >= 0);
    if (opt.progress) opt.progress(static_cast<double>(k + 1) / reps);
  }
  sim::Summary sum = sim::summarize(monthly);
  p.monthly_billable = ReplicationSummary{sum.n, sum.mean, sum.stddev, sum.p5, sum.p50, sum.p95,
                                          sum.ci95_low, sum.ci95_high, static_cast<double>(exceed) / monthly.size()};
  return p;
}

}  // namespace core
