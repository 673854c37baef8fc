#include "core/recommend/recommend.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/billing/billing.hpp"
#include "core/format/format.hpp"
#include "core/input/errors.hpp"
#include "core/projection/projection.hpp"

namespace core {
namespace {

using format::grouped;
using format::usd;

// Two pointers touch the same knob when one is the other or lies inside it.
bool overlaps(const std::string& a, const std::string& b) {
  auto inside = [](const std::string& x, const std::string& y) {
    return x == y || (x.size() > y.size() && x.compare(0, y.size(), y) == 0 && x[y.size()] == '/');
  };
  return inside(a, b) || inside(b, a);
}

// What the search needs of a scenario: billable commands a month (the projection's 30-day mean)
// and whether it fits the budget or the plan's quota.
struct Result {
  double monthly = 0;
  bool fits = false;
};

// Evaluates patched scenarios. Components that share no state (Model::shared_state) are independent,
// so the evaluator splits the enabled components into groups (one per shared state, one per other
// component), projects each group on its own once, and evaluates a change to one component by
// re-projecting only its group: the scenario's billable count is the sum of its groups' (each
// component draws from its own stream, seeded by its name). Exact when the scenario runs once (no
// random draws, or one replication) and the fit is decided by the total (a budget, a total under the
// quota, or a single quota period); otherwise it projects the whole patched document, as the naive
// search (`incremental` false, which the tests compare it with) does for every evaluation.
class Evaluator {
 public:
  struct Change {
    Result result;
    json component;  // the component's object after the change
    struct Run {
      std::uint64_t billable = 0;
      bool single = true;  // the group ran once (else a total is no sum of groups)
    } run;
    bool by_group = false;  // result = the group's run plus the other groups' current runs
    bool fits_known = true;
  };

  Evaluator(const Scenario& s, ProjectionOptions popt, std::optional<double> budget, std::optional<Plan> quota,
            bool incremental)
      : s_(s), popt_(std::move(popt)), budget_(budget), quota_(std::move(quota)), incremental_(incremental) {
    header_ = s.document;
    header_.erase("components");
    for (const auto& c : s.document.at("components")) comps_.push_back(c);
    group_of_.assign(comps_.size(), -1);
    std::map<std::string, int> by_state;
    for (std::size_t i = 0; i < s.components.size() && i < comps_.size(); ++i) {
      const ComponentSpec& c = s.components[i];
      if (!c.enabled) continue;
      const std::string state = c.model->shared_state();
      auto [it, fresh] = by_state.emplace(state.empty() ? std::to_string(i) + "#" : state, static_cast<int>(groups_.size()));
      if (fresh) groups_.emplace_back();
      group_of_[i] = it->second;
      groups_[static_cast<std::size_t>(it->second)].push_back(i);
    }
    days_ = popt_.days.value_or(s.days);
    if (quota_ && quota_->period == QuotaPeriod::Month) {
      // One quota period when the projected days end before the next month's reset.
      sim::CivilDate d = popt_.start.value_or(s.start);
      int y = d.year + d.month / 12, m = d.month % 12 + 1;
      sim::CivilDate next{y, m, std::min(d.day, sim::days_in_month(y, m))};
      single_period_ = sim::days_from_civil(d) + days_ <= sim::days_from_civil(next);
    }
  }

  int evaluations = 0;  // scenarios evaluated (re-projected, or read from the cache)

  // The scenario as it is.
  Result base() {
    ++evaluations;
    Result r = of_projection(project(s_, popt_));
    if (incremental_) {
      runs_.resize(groups_.size());
      for (std::size_t g = 0; g < groups_.size(); ++g) runs_[g] = project_group(g, {comps_.size(), nullptr});
    }
    return r;
  }

  // The current scenario with `ops` (relative to component c) applied. Throws InputError when the
  // patch does not apply or the patched scenario does not validate. need_fits: decide the fit now,
  // with a whole projection if the total does not decide it (else fits() does, when asked).
  Change with(std::size_t c, const std::vector<PatchOp>& ops, bool need_fits) {
    Change out = change(c, ops, need_fits);
    ++evaluations;
    return out;
  }

  // Whether the current scenario with `change` on c fits.
  bool fits(std::size_t c, const Change& ch) const {
    if (ch.fits_known) return ch.result.fits;
    return full({c, &ch.component}).fits;
  }

  // Makes a change part of the current scenario.
  void take(std::size_t c, const Change& ch) {
    comps_[c] = ch.component;
    const int g = group_of_[c];
    if (incremental_ && g >= 0) runs_[static_cast<std::size_t>(g)] = ch.run;
    ++version_[g];
    ++taken_;
  }
  // A change evaluated earlier, in the current scenario: its group's run holds while no change was
  // taken in its group (the total is recombined); a whole projection holds while none was taken.
  // False when it must be evaluated again.
  bool reuse(std::size_t c, Change& ch, const std::pair<int, int>& at) {
    if (!(ch.by_group ? at.first == version(c).first : at.second == taken_)) return false;
    if (ch.by_group) combine(c, ch);
    ++evaluations;
    return true;
  }
  std::pair<int, int> version(std::size_t c) const {
    auto it = version_.find(group_of_[c]);
    return {it == version_.end() ? 0 : it->second, taken_};
  }

 private:
  Change change(std::size_t c, const std::vector<PatchOp>& ops, bool need_fits) const {
    Change out;
    out.component = apply_patch(comps_[c], ops);
    const Override comps{c, &out.component};
    const int g = group_of_[c];
    if (incremental_ && g >= 0) {
      try {
        out.run = project_group(static_cast<std::size_t>(g), comps);
      } catch (const InputError&) {
        full(comps);  // throws the message the whole document gives
        throw;
      }
      if (combine(c, out)) {
        if (!out.fits_known && need_fits) {
          out.result.fits = full(comps).fits;
          out.fits_known = true;
        }
        return out;
      }
    }
    out.result = full(comps);
    return out;
  }
  // The result of a change from its group's run and the other groups' current runs; false when a
  // run was replicated (a mean of totals is no sum of groups' means).
  bool combine(std::size_t c, Change& ch) const {
    const int g = group_of_[c];
    std::uint64_t total = ch.run.billable;
    bool single = ch.run.single;
    for (std::size_t h = 0; h < runs_.size(); ++h)
      if (static_cast<int>(h) != g) {
        total += runs_[h].billable;
        single = single && runs_[h].single;
      }
    ch.by_group = single;
    if (!single) return false;
    ch.result.monthly = per_billing_month(static_cast<double>(total), days_);
    ch.fits_known = decide_fits(total, ch.result.monthly, &ch.result.fits);
    return true;
  }

  Result of_projection(const Projection& p) const {
    Result r;
    r.monthly = p.monthly_billable.mean;
    if (budget_) r.fits = r.monthly <= *budget_ + 1e-9;
    else if (quota_) r.fits = p.periods_over == 0;
    else r.fits = true;
    return r;
  }
  // The current components with component `index` replaced by `*object` (none when null).
  struct Override {
    std::size_t index;
    const json* object;
  };
  const json& component(std::size_t i, const Override& o) const { return o.object && i == o.index ? *o.object : comps_[i]; }
  json document(const Override& comps, const std::vector<std::size_t>* only) const {
    json doc = header_;
    json& a = doc["components"] = json::array();
    if (only)
      for (std::size_t i : *only) a.push_back(component(i, comps));
    else
      for (std::size_t i = 0; i < comps_.size(); ++i) a.push_back(component(i, comps));
    return doc;
  }
  Result full(const Override& comps) const {
    return of_projection(project(load_scenario_json(document(comps, nullptr), s_.file), popt_));
  }
  Change::Run project_group(std::size_t g, const Override& comps) const {
    Projection p = project(load_scenario_json(document(comps, &groups_[g]), s_.file), popt_);
    return {p.billable, p.monthly_billable.n <= 1};
  }
  // The fit from the total alone: under a budget, with no quota, a total under the quota (no period
  // reaches it), or one quota period. False when only the quota periods' bins can tell.
  bool decide_fits(std::uint64_t total, double monthly, bool* fits) const {
    if (budget_) *fits = monthly <= *budget_ + 1e-9;
    else if (!quota_ || total < quota_->limit) *fits = true;
    else if (single_period_) *fits = false;
    else return false;
    return true;
  }

  const Scenario& s_;
  ProjectionOptions popt_;
  std::optional<double> budget_;
  std::optional<Plan> quota_;
  bool incremental_;
  json header_;
  std::vector<json> comps_;
  std::vector<int> group_of_;                     // -1: disabled
  std::vector<std::vector<std::size_t>> groups_;  // component indices, in scenario order
  std::vector<Change::Run> runs_;                 // each group's run in the current scenario
  std::map<int, int> version_;
  int taken_ = 0;
  int days_ = 30;
  bool single_period_ = false;
};

// A knob candidate on one component, as the search sees it.
struct Choice {
  std::size_t component;
  std::string name, type, pointer;  // pointer: the knob, absolute
  std::string label, cost;
  double staleness_s = 0;
  std::vector<PatchOp> local;  // relative to the component
  std::vector<PatchOp> ops;    // absolute
};

}  // namespace

std::vector<ComponentKnob> scenario_knobs(const Scenario& s) {
  std::vector<ComponentKnob> out;
  for (std::size_t i = 0; i < s.components.size(); ++i) {
    const ComponentSpec& spec = s.components[i];
    if (!spec.enabled) continue;
    for (Knob k : spec.model->knobs()) out.push_back({i, spec.name, spec.type, std::move(k)});
  }
  return out;
}

Recommendations recommend(const Scenario& s, const RecommendOptions& opt) {
  Recommendations out;
  out.scenario = s.name;
  out.max_staleness_s = opt.max_staleness_s;
  ProjectionOptions popt;
  std::optional<double> budget;
  std::optional<Plan> quota;
  // Savings are quoted at the pay-as-you-go price that applies to the scenario's plan.
  const std::optional<Plan> payg = pay_as_you_go(resolve_plan(s.plan_id, s.start, s.file, "/plan"), s.start);
  auto usd_of = [&](double commands) { return payg ? usage_cost_usd(*payg, commands, 1) : 0.0; };
  if (opt.budget) {
    if (!(*opt.budget >= 0)) throw InputError("--budget", "", "expected a non-negative number of commands a month");
    budget = opt.budget;
    out.budget = opt.budget;
    out.budget_text = grouped(*opt.budget) + " billable commands a month";
  } else {
    std::string id = opt.plan ? *opt.plan : s.plan_id;
    const std::optional<Plan> plan = resolve_plan(id, s.start, s.file, "--plan");
    out.plan = plan->id;
    if (opt.plan) popt.plan = plan->id;
    if (plan->limit > 0) {
      quota = plan;
      double monthly = quota_per_billing_month(*plan);
      out.budget = monthly;
      out.budget_text = "the " + plan->id + " quota (" + grouped(static_cast<double>(plan->limit)) +
                        (plan->period == QuotaPeriod::Day ? " a day)" : " a month)");
    } else {
      out.budget_text = "none (" + plan->id + " has no quota): every lever that saves";
    }
  }
  Evaluator ev(s, popt, budget, quota, opt.incremental);

  auto base = ev.base();
  out.before = base.monthly;
  out.before_fits = base.fits;
  out.before_usd = usd_of(base.monthly);

  // Each knob value alone.
  const json& comps = s.document.at("components");
  std::vector<Choice> candidates;
  std::vector<Evaluator::Change> alone;  // each candidate's change on the scenario as it is
  for (const ComponentKnob& ck : scenario_knobs(s)) {
    const std::string prefix = "/components/" + std::to_string(ck.component);
    for (const KnobCandidate& kc : ck.knob.candidates) {
      Choice c{ck.component, ck.name, ck.type, prefix + ck.knob.pointer, kc.label, kc.cost,
               ck.knob.metric == &metrics::staleness ? ck.knob.metric_after(kc) : 0.0,
               set_ops(comps[ck.component], kc.sets), {}};
      c.ops = rebase(c.local, prefix);
      if (opt.max_staleness_s && c.staleness_s > *opt.max_staleness_s + 1e-9) {
        char b[160];
        std::snprintf(b, sizeof b, "staleness up to %g s is over the %g s allowed", c.staleness_s, *opt.max_staleness_s);
        out.dropped.push_back({c.name, c.label, b});
        continue;
      }
      Evaluator::Change ch;
      try {
        ch = ev.with(c.component, c.local, true);
      } catch (const InputError& e) {
        out.dropped.push_back({c.name, c.label, std::string("not a valid scenario: ") + e.what()});
        continue;
      }
      const Result& r = ch.result;
      if (r.monthly >= base.monthly - 1e-9) {
        out.dropped.push_back({c.name, c.label, "saves nothing in this scenario"});
        continue;
      }
      Recommendation rec;
      rec.component = c.name;
      rec.type = c.type;
      rec.pointer = c.pointer;
      rec.label = c.label;
      rec.cost = c.cost;
      rec.staleness_s = c.staleness_s;
      rec.patch = c.ops;
      rec.before = base.monthly;
      rec.after = r.monthly;
      rec.saving = base.monthly - r.monthly;
      rec.saving_pct = base.monthly > 0 ? rec.saving / base.monthly * 100 : 0;
      rec.usd_saved = usd_of(rec.saving);
      rec.fits = r.fits;
      out.ranked.push_back(std::move(rec));
      candidates.push_back(std::move(c));
      alone.push_back(std::move(ch));
    }
  }
  std::stable_sort(out.ranked.begin(), out.ranked.end(),
                   [](const Recommendation& a, const Recommendation& b) { return a.saving > b.saving; });
  std::vector<std::size_t> order(candidates.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return candidates[a].staleness_s < candidates[b].staleness_s; });

  // Greedy combination: until the budget is met, take the value that costs least in freshness and,
  // among those, saves most on top of what is already taken. One value per knob. A candidate's
  // evaluation is kept until a change is taken in its group.
  struct Cached {
    std::pair<int, int> version{0, 0};
    bool valid = true;  // the patch applied and the scenario validated
    Evaluator::Change change;
  };
  std::vector<Cached> cache(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) cache[i].change = std::move(alone[i]);
  double current = base.monthly;
  bool fits = base.fits;
  const bool has_budget = out.budget.has_value();
  std::vector<std::string> taken;  // pointers
  while (!(has_budget && fits)) {
    std::optional<std::size_t> pick;
    for (std::size_t i : order) {
      const Choice& cand = candidates[i];
      bool clash = false;
      for (const auto& t : taken) clash = clash || overlaps(t, cand.pointer);
      if (clash) continue;
      if (pick && cand.staleness_s > candidates[*pick].staleness_s) continue;
      Cached& k = cache[i];
      // A patch that failed stays failed while its group is unchanged.
      bool known = k.valid ? ev.reuse(cand.component, k.change, k.version) : k.version.first == ev.version(cand.component).first;
      if (!known) {
        k.version = ev.version(cand.component);
        try {
          k.change = ev.with(cand.component, cand.local, false);
          k.valid = true;
        } catch (const InputError&) {
          k.valid = false;
        }
      }
      if (!k.valid) continue;
      const Result& r = k.change.result;
      if (r.monthly >= current - 1e-9) continue;
      if (!pick || cand.staleness_s < candidates[*pick].staleness_s || r.monthly < cache[*pick].change.result.monthly - 1e-9)
        pick = i;
    }
    if (!pick) break;
    const Choice& p = candidates[*pick];
    const Evaluator::Change& ch = cache[*pick].change;
    taken.push_back(p.pointer);
    current = ch.result.monthly;
    fits = ev.fits(p.component, ch);
    ev.take(p.component, ch);
    out.best.labels.push_back(p.name + ": " + p.label);
    out.best.costs.push_back(p.cost);
    out.best.patch.insert(out.best.patch.end(), p.ops.begin(), p.ops.end());
  }
  out.best.after = current;
  out.best.saving = base.monthly - current;
  out.best.usd_saved = usd_of(out.best.saving);
  out.best.fits = fits;
  out.projections = ev.evaluations;
  return out;
}

json recommendation_to_json(const Recommendations& r) {
  json j;
  j["scenario"] = r.scenario;
  j["budget"] = r.budget ? json(*r.budget) : json(nullptr);
  j["budget_text"] = r.budget_text;
  j["plan"] = r.plan ? json(*r.plan) : json(nullptr);
  j["max_staleness_s"] = r.max_staleness_s ? json(*r.max_staleness_s) : json(nullptr);
  j["before"] = {{"billable_per_month", r.before}, {"payg_usd", r.before_usd}, {"fits", r.before_fits}};
  json ranked = json::array();
  for (const auto& x : r.ranked)
    ranked.push_back({{"component", x.component},
                      {"type", x.type},
                      {"pointer", x.pointer},
                      {"label", x.label},
                      {"cost", x.cost},
                      {"staleness_s", x.staleness_s},
                      {"patch", patch_to_json(x.patch)},
                      {"billable_before", x.before},
                      {"billable_after", x.after},
                      {"saving", x.saving},
                      {"saving_pct", x.saving_pct},
                      {"payg_usd_saved", x.usd_saved},
                      {"fits", x.fits}});
  j["recommendations"] = std::move(ranked);
  j["best"] = {{"levers", r.best.labels},
               {"costs", r.best.costs},
               {"patch", patch_to_json(r.best.patch)},
               {"billable_after", r.best.after},
               {"saving", r.best.saving},
               {"payg_usd_saved", r.best.usd_saved},
               {"fits", r.best.fits}};
  json dropped = json::array();
  for (const auto& d : r.dropped) dropped.push_back({{"component", d.component}, {"label", d.label}, {"reason", d.reason}});
  j["dropped"] = std::move(dropped);
  j["projections"] = r.projections;
  return j;
}

std::string recommendation_to_table(const Recommendations& r) {
  std::string s;
  char b[512];
  s += "Recommendations for " + r.scenario + "\n";
  s += "  now: " + grouped(r.before) + " billable a month (" + usd(r.before_usd) + " on pay-as-you-go), budget: " +
       r.budget_text + (r.budget ? (r.before_fits ? " - fits" : " - over") : "") + "\n\n";
  if (r.ranked.empty()) s += "  no lever saves anything\n";
  else {
    std::snprintf(b, sizeof b, "  %-3s %-18s %12s %12s %7s %9s %-4s %s\n", "#", "component", "after", "saving", "%",
                  "payg $", "fits", "change / cost");
    s += b;
    int i = 0;
    for (const auto& x : r.ranked) {
      std::snprintf(b, sizeof b, "  %-3d %-18s %12s %12s %7s %9s %-4s %s\n", ++i, x.component.c_str(),
                    grouped(x.after).c_str(), grouped(x.saving).c_str(), format::percent(x.saving_pct).c_str(),
                    usd(x.usd_saved).c_str(),
                    x.fits ? "yes" : "no", x.label.c_str());
      s += b;
      s += std::string(67, ' ') + "cost: " + x.cost + "\n";
    }
  }
  s += "\nBest combination";
  if (r.best.labels.empty()) s += ": nothing to change\n";
  else {
    s += " (" + grouped(r.best.after) + " a month, saves " + grouped(r.best.saving) + ", " + usd(r.best.usd_saved) +
         " on pay-as-you-go, " + (r.best.fits ? "fits" : "still over") + "):\n";
    for (std::size_t i = 0; i < r.best.labels.size(); ++i)
      s += "  - " + r.best.labels[i] + " (cost: " + r.best.costs[i] + ")\n";
    s += "  patch: " + patch_to_json(r.best.patch).dump() + "\n";
  }
  if (!r.dropped.empty()) {
    s += "\nLeft out:\n";
    for (const auto& d : r.dropped) s += "  - " + d.component + ": " + d.label + " (" + d.reason + ")\n";
  }
  return s;
}

}  // namespace core
