#include "core/check/check.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>

#include "core/billing/billing.hpp"
#include "core/format/format.hpp"
#include "core/input/errors.hpp"
#include "core/recommend/recommend.hpp"

namespace core {
namespace {

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

// A non-negative decimal with optional digit grouping ("_" or ",") and, when `suffixes`, a K/M/B
// multiplier. nullopt when the text is anything else.
std::optional<double> parse_amount(std::string t, bool suffixes) {
  t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '_' || c == ','; }), t.end());
  double mult = 1;
  if (suffixes && !t.empty()) {
    switch (std::tolower(static_cast<unsigned char>(t.back()))) {
      case 'k': mult = 1e3; break;
      case 'm': mult = 1e6; break;
      case 'b': mult = 1e9; break;
      default: break;
    }
    if (mult != 1) t.pop_back();
  }
  if (t.empty() || !(std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '.')) return std::nullopt;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(t, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != t.size() || !std::isfinite(v)) return std::nullopt;
  return v * mult;
}

std::string local_iso(const Projection& p, sim::Time t) { return sim::format_iso(t, p.zone.offset_at(t)); }

// What one projection says, before any budget is applied.
struct Measured {
  Projection p;
  Plan plan;
  double monthly = 0, peak_day = 0, usd = 0;
  std::string basis;
  std::map<std::string, double> by_component;  // billable a month
};

Measured measure(const Scenario& s, const Budget& b) {
  ProjectionOptions popt;
  if (b.kind == BudgetKind::plan_quota) popt.plan = b.plan;
  Measured m{project(s, popt), {}, 0, 0, 0, {}, {}};
  const Projection& p = m.p;
  m.plan = p.plan;
  m.monthly = p.monthly_billable.mean;
  for (const DayTotals& d : p.daily) m.peak_day = std::max(m.peak_day, static_cast<double>(d.billable));
  for (const ComponentTotals& c : p.components)
    m.by_component[c.name] += per_billing_month(static_cast<double>(c.billable), p.days);
  // A month past a quota is not free: the database stops, or moves to the provider's
  // pay-as-you-go price, which is what keeping it running costs.
  m.usd = usage_cost_usd(m.plan, m.monthly, 1);
  m.basis = m.plan.id;
  if (m.plan.limit > 0 && p.periods_over > 0) {
    if (auto payg = pay_as_you_go(m.plan, s.start)) {
      m.usd = usage_cost_usd(*payg, m.monthly, 1) + m.plan.usd_monthly;
      m.basis = payg->id + " (past the " + m.plan.id + " quota)";
    }
  }
  return m;
}

// The figure the budget is about, and the limit it is held to, in the budget's unit.
struct Judged {
  std::string unit;
  double projected = 0, limit = 0, pct = 0;
  bool fits = true;
};

Judged judge(const Measured& m, const Budget& b) {
  Judged j;
  switch (b.kind) {
    case BudgetKind::commands_per_month: j = {"month", m.monthly, b.value, 0, m.monthly <= b.value + 1e-9}; break;
    case BudgetKind::commands_per_day: j = {"day", m.peak_day, b.value, 0, m.peak_day <= b.value + 1e-9}; break;
    case BudgetKind::usd_per_month: j = {"usd", m.usd, b.value, 0, m.usd <= b.value + 1e-9}; break;
    case BudgetKind::plan_quota:
      // As the provider counts: the busiest quota period against the limit.
      j = {m.plan.period == QuotaPeriod::Day ? "day" : "month", static_cast<double>(m.p.peak_period_billable),
           static_cast<double>(m.plan.limit), 0, m.p.periods_over == 0};
      break;
  }
  j.pct = j.limit > 0 ? j.projected / j.limit * 100 : (j.projected > 0 ? INFINITY : 0);
  return j;
}

// The budget as recommend takes it: billable commands a month, or the plan.
RecommendOptions recommend_options(const Budget& b, const Measured& m, const Scenario& s) {
  RecommendOptions ro;
  switch (b.kind) {
    case BudgetKind::commands_per_month: ro.budget = b.value; break;
    // The recommender fits monthly totals; a day's budget over a billing month is its nearest.
    case BudgetKind::commands_per_day: ro.budget = b.value * kBillingMonthDays; break;
    case BudgetKind::usd_per_month: {
      // The commands a month the dollars buy at the pay-as-you-go price, after any fixed price.
      auto payg = pay_as_you_go(m.plan, s.start);
      if (payg && usd_per_command(*payg) > 0)
        ro.budget = std::max(0.0, b.value - m.plan.usd_monthly) / usd_per_command(*payg);
      break;
    }
    case BudgetKind::plan_quota: ro.plan = b.plan; break;
  }
  return ro;
}

}  // namespace

Budget parse_command_budget(const std::string& text, const std::string& flag) {
  std::string t = trim(text), per = "month";
  if (auto slash = t.find('/'); slash != std::string::npos) {
    per = trim(t.substr(slash + 1));
    t = trim(t.substr(0, slash));
    std::transform(per.begin(), per.end(), per.begin(), [](unsigned char c) { return std::tolower(c); });
  }
  auto v = parse_amount(t, true);
  if (!v || *v <= 0 || (per != "month" && per != "day"))
    throw InputError(flag, "", "expected billable commands as a positive number, optionally with K, M or B and "
                               "\"/day\" or \"/month\" (\"500K\", \"10000/day\"), got \"" + text + "\"");
  return {per == "day" ? BudgetKind::commands_per_day : BudgetKind::commands_per_month, *v, ""};
}

Budget parse_usd_budget(const std::string& text, const std::string& flag) {
  std::string t = trim(text);
  if (!t.empty() && t[0] == '$') t = trim(t.substr(1));
  auto v = parse_amount(t, false);
  if (!v || *v < 0)
    throw InputError(flag, "", "expected dollars a month as a non-negative number (\"5\", \"12.50\"), got \"" + text + "\"");
  return {BudgetKind::usd_per_month, *v, ""};
}

Budget plan_budget(const std::string& plan_id, const std::string& flag) {
  check_plan_id(plan_id, "", flag);
  bool quota = false;
  for (const Plan& p : plans()) quota = quota || (p.id == plan_id && p.limit > 0);
  if (!quota)
    throw InputError(flag, "", "plan \"" + plan_id + "\" has no quota to fit under; give --budget or --budget-usd instead");
  return {BudgetKind::plan_quota, 0, plan_id};
}

std::string budget_text(const Budget& b) {
  switch (b.kind) {
    case BudgetKind::commands_per_month: return format::grouped(b.value) + " billable commands a month";
    case BudgetKind::commands_per_day: return format::grouped(b.value) + " billable commands a day (the busiest day)";
    case BudgetKind::usd_per_month: return format::usd(b.value) + " a month";
    case BudgetKind::plan_quota: return "the " + b.plan + " quota";
  }
  return "";
}

std::optional<std::string> baseline_path(const std::string& scenario_path, const std::string& dir) {
  namespace fs = std::filesystem;
  const fs::path given(scenario_path);
  std::error_code ec;
  if (given.is_relative()) {
    fs::path p = fs::path(dir) / given;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  fs::path p = fs::path(dir) / given.filename();
  if (fs::is_regular_file(p, ec)) return p.string();
  return std::nullopt;
}

CheckReport check(const std::vector<CheckInput>& inputs, const CheckOptions& opt) {
  CheckReport out;
  out.budget = opt.budget;
  out.budget_text = budget_text(opt.budget);
  out.fix_searched = opt.recommend;
  std::vector<ScenarioCheck> over, fit;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const CheckInput& in = inputs[i];
    const Scenario& s = in.scenario;
    if (opt.progress) opt.progress(i, inputs.size(), s.file);
    Measured m = measure(s, opt.budget);
    Judged j = judge(m, opt.budget);
    ScenarioCheck c;
    c.projection = std::make_shared<const Projection>(m.p);
    c.file = s.file;
    c.name = s.name;
    c.plan = m.plan.id;
    c.unit = j.unit;
    c.projected = j.projected;
    c.limit = j.limit;
    c.pct = j.pct;
    c.fits = j.fits;
    c.billable_per_month = m.monthly;
    c.peak_day_billable = m.peak_day;
    c.monthly_usd = m.usd;
    c.cost_basis = m.basis;
    if (m.p.exhausted_at) c.exhausted_at = local_iso(m.p, *m.p.exhausted_at);
    double total = 0;
    for (const auto& comp : m.p.components) total += static_cast<double>(comp.billable);
    for (const auto& comp : m.p.components) {
      double monthly = m.by_component[comp.name];
      c.components.push_back({comp.name, comp.type, monthly, total > 0 ? static_cast<double>(comp.billable) / total * 100 : 0});
    }
    std::stable_sort(c.components.begin(), c.components.end(),
                     [](const ComponentShare& a, const ComponentShare& b) { return a.billable_per_month > b.billable_per_month; });
    if (!c.fits && opt.recommend) {
      Recommendations r = recommend(s, recommend_options(opt.budget, m, s));
      if (!r.best.labels.empty())
        c.fix = CheckFix{r.best.labels, r.best.costs, r.best.patch, r.best.after, r.best.saving, r.best.usd_saved, r.best.fits};
    }
    if (!in.baseline_file.empty()) {
      ScenarioDelta d;
      d.baseline_file = in.baseline_file;
      d.billable_after = m.monthly;
      d.usd_after = m.usd;
      d.pct_after = j.pct;
      std::map<std::string, double> before;
      if (in.baseline) {
        Measured b = measure(*in.baseline, opt.budget);
        Judged bj = judge(b, opt.budget);
        d.found = true;
        d.billable_before = b.monthly;
        d.usd_before = b.usd;
        d.pct_before = bj.pct;
        d.fits_before = bj.fits;
        before = b.by_component;
      }
      // Components matched by name, in the new scenario's order, then those the change removed.
      for (const auto& comp : m.p.components) {
        auto it = before.find(comp.name);
        ComponentChange ch{comp.name, it == before.end() ? 0 : it->second, m.by_component[comp.name], it == before.end(), false};
        if (std::fabs(ch.delta()) >= 0.5 || ch.added) d.components.push_back(ch);
      }
      for (const auto& [name, v] : before)
        if (!m.by_component.count(name)) d.components.push_back({name, v, 0, false, true});
      std::stable_sort(d.components.begin(), d.components.end(), [](const ComponentChange& a, const ComponentChange& b) {
        return std::fabs(a.delta()) > std::fabs(b.delta());
      });
      c.delta = std::move(d);
    }
    (c.fits ? fit : over).push_back(std::move(c));
  }
  out.over = static_cast<int>(over.size());
  out.scenarios = std::move(over);
  for (auto& c : fit) out.scenarios.push_back(std::move(c));
  return out;
}

}  // namespace core
