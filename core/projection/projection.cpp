// project() in stages: resolve the options, run the scenario once, then read the recorder's counts
// into totals, days and hours; price them under the plan's rules for the quota (and the instant it
// runs out) and the costs; and run the other replications for the spread of the monthly total.
#include "core/projection/projection.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "core/billing/quota.hpp"
#include "core/billing/usage.hpp"
#include "core/projection/run.hpp"
#include "core/projection/cost_bound.hpp"
#include "sim/stats.hpp"

namespace core {
namespace {

// The rules a plan bills under: the scenario's (its plan's rules with the scenario's billing
// overrides) for a plan billed under the same rules as the scenario's plan; any other plan under
// its own published rules.
// Free sets are dated: every plan bills under the set in force on the period's first day.
BillingRules rules_for(const Scenario& s, const Plan& plan, sim::CivilDate on) {
  auto own = find_plan(s.plan_id, s.start);
  if (!own || own->rules == plan.rules) return rules_on(s.rules, on);
  if (auto r = find_rules(plan.rules, on)) return *r;
  return rules_on(s.rules, on);
}

struct Resolved {
  sim::CivilDate start_date;
  int days;
  sim::Time start, end;
  Plan plan;
  BillingRules rules;  // the plan's
  std::vector<sim::Time> period_starts;  // the plan's quota periods
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
  r.plan = resolve_plan(opt.plan.value_or(s.plan_id), r.start_date, s.file, "--plan");
  r.rules = rules_for(s, r.plan, r.start_date);
  r.period_starts = quota_period_starts(r.plan, r.start_date, r.start, r.end, s.zone);
  r.seed = opt.seed.value_or(s.seed);
  bool stochastic = false;
  for (const auto& c : s.components) stochastic |= c.enabled && c.model->stochastic();
  r.replications = stochastic ? std::max(1, opt.replications.value_or(s.replications)) : 1;
  check_projection_cost(s, r.start, r.end, static_cast<double>(opt.max_events_per_run));  // refuse what would not finish in bounded time and memory
  return r;
}

// Per-bin counts the daily and hourly figures are sums of.
struct BinCounts {
  std::vector<std::uint64_t> commands;                    // [bin]
  std::vector<std::vector<std::uint64_t>> comp_commands;  // [component][bin]
  std::vector<std::vector<std::uint64_t>> comp_billable;  // [component][bin]
};

// Totals by component and command, reads/writes/other; returns the per-bin counts.
BinCounts add_totals(Projection& p, const Scenario& s, const Recorder& rec, const MeteredUse& use) {
  std::size_t nc = s.components.size();
  p.components.resize(nc);
  for (std::size_t i = 0; i < nc; ++i) {
    p.components[i].name = s.components[i].name;
    p.components[i].type = s.components[i].type;
    p.components[i].no_effect = s.components[i].model->no_effect();
  }
  BinCounts bins;
  bins.commands.assign(static_cast<std::size_t>(rec.bins()), 0);
  bins.comp_commands.assign(nc, std::vector<std::uint64_t>(static_cast<std::size_t>(rec.bins()), 0));
  bins.comp_billable = bins.comp_commands;
  std::vector<std::uint64_t> by_cmd(command_catalog_size(), 0);
  std::vector<std::vector<std::uint64_t>> comp_cmd(nc, std::vector<std::uint64_t>(command_catalog_size(), 0));
  for (std::size_t b = 0; b < rec.bundles().size(); ++b) {
    const Bundle& bundle = rec.bundles()[b];
    std::uint64_t weight = use.weight[b], hits = 0;
    const auto& h = rec.hits()[b];
    auto& cc = bins.comp_commands[bundle.component];
    auto& cb = bins.comp_billable[bundle.component];
    for (std::int64_t i = 0; i < rec.bins(); ++i) {
      if (!h[i]) continue;
      hits += h[i];
      bins.commands[i] += h[i] * bundle.size;
      cc[i] += h[i] * bundle.size;
      cb[i] += h[i] * weight;
    }
    if (!hits) continue;
    auto& ct = p.components[bundle.component];
    ct.commands += hits * bundle.size;
    ct.billable += hits * weight;
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
  for (std::size_t c = 0; c < nc; ++c) {
    p.components[c].max_keys = rec.gauge_max()[c][0];
    p.components[c].max_bytes = rec.gauge_max()[c][1];
  }
  return bins;
}

// Daily and hour-of-day totals in the scenario's zone (bins are 15 minutes and every zone offset is
// a multiple of 15 minutes, so each bin lies in exactly one local day and hour), and the end-of-day
// gauges.
void add_daily(Projection& p, const Scenario& s, const Resolved& r, const Recorder& rec, const MeteredUse& use,
               const BinCounts& bins) {
  std::size_t nc = s.components.size();
  p.hour_of_day.assign(24, 0);
  std::int64_t first_day = sim::days_from_civil(r.start_date);
  p.daily.resize(r.days);
  for (int d = 0; d < r.days; ++d) {
    p.daily[d].date = sim::civil_from_days(first_day + d);
    p.daily[d].by_component.assign(nc, 0);
    p.daily[d].billable_by_component.assign(nc, 0);
  }
  for (std::int64_t i = 0; i < rec.bins(); ++i) {
    sim::CivilTime local = s.zone.to_local(rec.start() + i * kBinWidth);
    std::int64_t d = sim::days_from_civil(local.date) - first_day;
    if (d < 0 || d >= r.days) continue;
    auto& day = p.daily[d];
    day.commands += bins.commands[i];
    day.billable += use.billable[i];
    for (std::size_t c = 0; c < nc; ++c) {
      day.by_component[c] += bins.comp_commands[c][i];
      day.billable_by_component[c] += bins.comp_billable[c][i];
    }
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
}

// Use against the plan's quota: periods over, the peak period, and the exact moment the quota
// first runs out (from the emission times the first run kept for its crossing bin).
void add_quota(Projection& p, const Scenario& s, const Resolved& r, const Recorder& rec, const MeteredUse& use,
               std::uint64_t max_events) {
  QuotaUse q = quota_use(use.billable, rec.start(), kBinWidth, r.period_starts, r.plan.limit);
  p.periods_over = q.periods_over;
  p.peak_period_billable = q.peak_period_billable;
  p.used_pct = r.plan.limit ? 100.0 * static_cast<double>(p.peak_period_billable) / static_cast<double>(r.plan.limit) : 0;
  if (q.crossing_bin < 0) return;
  if (rec.emission_times_complete()) {
    p.exhausted_at = quota_exhausted_at(rec, use, q.crossing_bin, r.plan.limit - q.used_before);
    return;
  }
  // Too many emissions to keep all their times (kMaxKeptEmissions): the same run again, an exact
  // replay, keeping only the crossing bin's.
  ScenarioRun again(s, r.start, r.end, r.seed, 0, true, r.replications, max_events, q.crossing_bin);
  p.exhausted_at = quota_exhausted_at(again.rec, use, q.crossing_bin, r.plan.limit - q.used_before);
}

// Costs: the billable count on pay-as-you-go, on the chosen plan, and the cheapest plan that fits;
// each plan judged on the counts billed under its own rules.
// The bytes the period is priced on: the scenario's `data` figures, else what the models store
// (the mean of the end-of-day gauges for the bill, the peak against a plan's limit). Bandwidth: the
// scenario's monthly figure, else commands x bytes per command when that is given; else unknown.
DataUse data_use(const Projection& p, const Scenario& s, double months) {
  DataUse d;
  if (s.data.storage_bytes) {
    d.storage_bytes = d.peak_storage_bytes = s.data.storage_bytes;
  } else if (p.max_bytes > 0) {
    double sum = 0;
    for (const auto& day : p.daily) sum += day.bytes;
    d.storage_bytes = p.daily.empty() ? p.max_bytes : sum / static_cast<double>(p.daily.size());
    d.peak_storage_bytes = p.max_bytes;
  }
  if (s.data.bandwidth_per_month_bytes) d.bandwidth_bytes = *s.data.bandwidth_per_month_bytes * months;
  else if (s.data.bytes_per_command) d.bandwidth_bytes = static_cast<double>(p.commands) * *s.data.bytes_per_command;
  d.bytes_per_command = s.data.bytes_per_command;
  return d;
}

DataUse per_month(DataUse d, double months) {
  if (d.bandwidth_bytes && months > 0) d.bandwidth_bytes = *d.bandwidth_bytes / months;
  return d;
}

void add_prices(Projection& p, const Scenario& s, const Resolved& r, const Recorder& rec, const MeteredUse& use) {
  std::map<std::string, MeteredUse> metered;  // by rules id
  metered.emplace(use.rules, use);
  auto use_on = [&](const Plan& plan) -> const MeteredUse& {
    BillingRules rules = rules_for(s, plan, r.start_date);
    auto it = metered.find(rules.id);
    if (it == metered.end()) it = metered.emplace(rules.id, meter(rec, rules)).first;
    return it->second;
  };
  double months = billing_months(r.days);
  p.data = data_use(p, s, months);
  // A plan's cost for the period and whether it fits: storage and bandwidth limits, and a quota
  // checked exactly over the run's bins.
  auto cost_on = [&](const Plan& plan) {
    const MeteredUse& on = use_on(plan);
    PlanCost c = plan_cost(plan, static_cast<double>(on.total), months, p.data);
    if (plan.limit > 0) {
      if (c.over == "quota") c.fits = true, c.over.clear();  // the monthly average is only an estimate
      auto starts = quota_period_starts(plan, r.start_date, r.start, r.end, s.zone);
      if (c.fits && quota_use(on.billable, rec.start(), kBinWidth, starts, plan.limit).crossing_bin >= 0)
        c.fits = false, c.over = "quota";
    }
    return c;
  };
  if (auto payg = pay_as_you_go(r.plan, r.start_date)) p.payg_usd = cost_on(*payg).total_usd;
  p.plan_usd = plan_cost(r.plan, static_cast<double>(use.total), months, p.data).total_usd;
  PlanQuote best = cheapest_plan(
      r.start_date,
      [&](const Plan& plan) -> std::optional<double> {
        PlanCost c = cost_on(plan);
        if (!c.fits) return std::nullopt;
        return c.total_usd;
      },
      r.plan.provider);
  p.cheapest_plan = best.plan;
  p.cheapest_usd = best.usd;
  // Every plan on sale, and the break-even over one billing month on the axis of the chosen plan's
  // billable commands (each plan's own count is proportional to it: units_per_billable).
  std::vector<CostLine> lines, own;
  DataUse monthly = per_month(p.data, months);
  double total = static_cast<double>(use.total);
  p.billable_per_month = per_billing_month(total, r.days);
  for (const Plan& plan : plans()) {
    if (!offered_on(plan, r.start_date)) continue;
    p.plan_costs.push_back(cost_on(plan));
    double ratio = total > 0 ? static_cast<double>(use_on(plan).total) / total : 1.0;
    if (auto line = cost_line(plan, ratio, monthly)) {
      lines.push_back(*line);
      if (plan.provider == r.plan.provider) own.push_back(*line);
    }
  }
  p.break_even = break_even(own, p.billable_per_month);
  p.break_even_any = break_even(lines, p.billable_per_month);
}

// Replications: the billable total of each (the first is the run above), scaled to a billing
// month, and how often it passes the quota.
void add_replications(Projection& p, const Scenario& s, const Resolved& r, const ProjectionOptions& opt) {
  std::vector<double> monthly;
  int exceed = 0;
  auto count_run = [&](std::uint64_t billable, bool crossed) {
    monthly.push_back(per_billing_month(static_cast<double>(billable), r.days));
    exceed += crossed ? 1 : 0;
  };
  count_run(p.billable, p.periods_over > 0);
  for (int k = 1; k < r.replications; ++k) {
    ScenarioRun more(s, r.start, r.end, r.seed, k, false, r.replications, opt.max_events_per_run);
    MeteredUse use = meter(more.rec, r.rules);
    count_run(use.total, quota_use(use.billable, r.start, kBinWidth, r.period_starts, r.plan.limit).crossing_bin >= 0);
    if (opt.progress) opt.progress(static_cast<double>(k + 1) / r.replications);
  }
  sim::Summary sum = sim::summarize(monthly);
  p.monthly_billable = ReplicationSummary{sum.n, sum.mean, sum.stddev, sum.p5, sum.p50, sum.p95,
                                          sum.ci95_low, sum.ci95_high, static_cast<double>(exceed) / monthly.size()};
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
  p.rules = r.rules;
  p.seed = r.seed;
  {
    // Emission times are kept only when a quota can run out (they cost memory).
    ScenarioRun run(s, r.start, r.end, r.seed, 0, r.plan.limit > 0 && !r.period_starts.empty(), r.replications,
                    opt.max_events_per_run);
    p.events = run.sim.events_run();
    MeteredUse use = meter(run.rec, r.rules);
    BinCounts bins = add_totals(p, s, run.rec, use);
    add_daily(p, s, r, run.rec, use, bins);
    add_quota(p, s, r, run.rec, use, opt.max_events_per_run);
    add_prices(p, s, r, run.rec, use);
  }
  add_replications(p, s, r, opt);
  return p;
}

}  // namespace core
