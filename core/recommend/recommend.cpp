#include "core/recommend/recommend.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

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
  // The scenario with an absolute patch applied, projected as one whole document: what every
  // reported combination's total comes from.
  Result whole(const std::vector<PatchOp>& patch) {
    ++evaluations;
    return of_projection(project(load_scenario_json(apply_patch(s_.document, patch), s_.file), popt_));
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
  // A group's run depends only on the header and its components' documents, so runs are kept by
  // those documents: a value tried again on the same components (another value of a knob replaced,
  // the front's search after the greedy one) is not projected twice.
  Change::Run project_group(std::size_t g, const Override& comps) const {
    json doc = document(comps, &groups_[g]);
    std::string key = doc.at("components").dump();
    auto it = runs_by_doc_->find(key);
    if (it != runs_by_doc_->end()) return it->second;
    Projection p = project(load_scenario_json(doc, s_.file), popt_);
    Change::Run run{p.billable, p.monthly_billable.n <= 1};
    runs_by_doc_->emplace(std::move(key), run);
    return run;
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
  // Group runs by their components' documents, shared by the copies of an evaluator.
  std::shared_ptr<std::map<std::string, Change::Run>> runs_by_doc_ = std::make_shared<std::map<std::string, Change::Run>>();
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
  const Metric* metric = nullptr;
  std::optional<double> metric_value;
  std::vector<PatchOp> local;  // relative to the component
  std::vector<PatchOp> ops;    // absolute
};

// A candidate's evaluation in the current scenario of one search, kept until a change is taken in
// its group.
struct Cached {
  std::pair<int, int> version{0, 0};
  bool valid = true;  // the patch applied and the scenario validated
  Evaluator::Change change;
};

// Evaluates candidate i on the evaluator's current scenario, from the cache when it still holds.
// False when its patch does not apply or validate there.
bool evaluate(Evaluator& ev, const Choice& cand, Cached& k) {
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
  return k.valid;
}

// The main metric's value of a candidate (none: it does not move it).
std::optional<double> main_value(const Choice& c, const Metric* main) {
  return c.metric == main ? c.metric_value : std::nullopt;
}
// The worse of two values of the metric, none being "as now".
std::optional<double> worst(const Metric* m, std::optional<double> a, std::optional<double> b) {
  if (!a) return b;
  if (!b) return a;
  return metric_worse(*m, *a, *b) ? a : b;
}
// a is no worse than b (none: as now, better than any change).
bool no_worse(const Metric* m, std::optional<double> a, std::optional<double> b) {
  if (!a) return true;
  if (!b) return false;
  return !metric_worse(*m, *a, *b);
}

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
  out.constraints = opt.constraints;
  if (opt.max_staleness_s) {
    if (!(*opt.max_staleness_s >= 0)) throw InputError("--max-staleness", "", "expected a non-negative duration");
    out.constraints.push_back({&metrics::staleness, Constraint::Op::AtMost, *opt.max_staleness_s,
                               "staleness<=" + sim::format_duration(static_cast<sim::Duration>(
                                                   std::llround(*opt.max_staleness_s * static_cast<double>(sim::kSecond))))});
  }
  for (const Constraint& c : out.constraints)
    if (c.metric == &metrics::staleness && (c.op == Constraint::Op::AtMost || c.op == Constraint::Op::Below))
      out.max_staleness_s = out.max_staleness_s ? std::min(*out.max_staleness_s, c.value) : c.value;
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
  std::vector<Result> alone_result;      // its billable a month and fit
  for (const ComponentKnob& ck : scenario_knobs(s)) {
    const std::string prefix = "/components/" + std::to_string(ck.component);
    for (const KnobCandidate& kc : ck.knob.candidates) {
      Choice c{ck.component, ck.name, ck.type, prefix + ck.knob.pointer, kc.label, kc.cost,
               ck.knob.metric == &metrics::staleness ? ck.knob.metric_after(kc) : 0.0,
               ck.knob.metric, ck.knob.metric ? kc.metric_value : std::nullopt,
               set_ops(comps[ck.component], kc.sets), {}};
      c.ops = rebase(c.local, prefix);
      const Constraint* broken = nullptr;
      for (const Constraint& k : out.constraints)
        if (!broken && k.metric == c.metric && c.metric_value && !k.allows(*c.metric_value)) broken = &k;
      if (broken) {
        out.left_out.push_back({c.name, c.label, c.pointer, "constraint " + broken->text});
        continue;
      }
      Evaluator::Change ch;
      try {
        ch = ev.with(c.component, c.local, true);
      } catch (const InputError& e) {
        out.left_out.push_back({c.name, c.label, c.pointer, std::string("not a valid scenario: ") + e.what()});
        continue;
      }
      const Result& r = ch.result;
      if (r.monthly >= base.monthly - 1e-9) {
        out.left_out.push_back({c.name, c.label, c.pointer, "no saving"});
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
      rec.usd_after = usd_of(r.monthly);
      rec.metric = c.metric;
      rec.metric_value = c.metric_value;
      rec.fits = r.fits;
      out.ranked.push_back(std::move(rec));
      candidates.push_back(std::move(c));
      alone_result.push_back(r);
      alone.push_back(std::move(ch));
    }
  }
  std::stable_sort(out.ranked.begin(), out.ranked.end(),
                   [](const Recommendation& a, const Recommendation& b) { return a.saving > b.saving; });
  out.ranked_total = out.ranked.size();
  std::vector<std::size_t> order(candidates.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return candidates[a].staleness_s < candidates[b].staleness_s; });

  // The main metric: the first constraint's that a candidate moves, else the one most candidates move
  // (on a tie the first in all_metrics: staleness), else staleness.
  for (const Constraint& k : out.constraints)
    for (const Choice& c : candidates)
      if (!out.main_metric && c.metric == k.metric && c.metric_value) out.main_metric = k.metric;
  if (!out.main_metric) {
    std::size_t most = 0;
    for (const Metric* m : all_metrics()) {
      std::size_t n = 0;
      for (const Choice& c : candidates) n += c.metric == m && c.metric_value ? 1 : 0;
      if (n > most) most = n, out.main_metric = m;
    }
    if (!out.main_metric) out.main_metric = &metrics::staleness;
  }
  const Metric* main = out.main_metric;

  // The search for the front starts from the scenario as it is, as the greedy one does.
  const int evaluations_before_front = ev.evaluations;
  Evaluator front_ev = ev;
  std::vector<Cached> cache(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) cache[i].change = std::move(alone[i]);
  std::vector<Cached> front_cache = cache;

  // Greedy combination: until the budget is met, take the value that costs least in freshness and,
  // among those, saves most on top of what is already taken. One value per knob. A candidate's
  // evaluation is kept until a change is taken in its group.
  double current = base.monthly;
  bool fits = base.fits;
  const bool has_budget = out.budget.has_value();
  std::vector<std::size_t> taken;  // candidates
  auto clash_with = [&](const std::vector<std::size_t>& in, std::size_t i) -> std::optional<std::size_t> {
    for (std::size_t t : in)
      if (overlaps(candidates[t].pointer, candidates[i].pointer)) return t;
    return std::nullopt;
  };
  while (!(has_budget && fits)) {
    std::optional<std::size_t> pick;
    for (std::size_t i : order) {
      const Choice& cand = candidates[i];
      if (clash_with(taken, i)) continue;
      if (pick && cand.staleness_s > candidates[*pick].staleness_s) continue;
      if (!evaluate(ev, cand, cache[i])) continue;
      const Result& r = cache[i].change.result;
      if (r.monthly >= current - 1e-9) continue;
      if (!pick || cand.staleness_s < candidates[*pick].staleness_s || r.monthly < cache[*pick].change.result.monthly - 1e-9)
        pick = i;
    }
    if (!pick) break;
    const Choice& p = candidates[*pick];
    const Evaluator::Change& ch = cache[*pick].change;
    taken.push_back(*pick);
    current = ch.result.monthly;
    fits = ev.fits(p.component, ch);
    ev.take(p.component, ch);
  }
  auto combination = [&](const std::vector<std::size_t>& parts) {
    Combination c;
    for (std::size_t i : parts) {
      const Choice& p = candidates[i];
      c.labels.push_back(p.name + ": " + p.label);
      c.costs.push_back(p.cost);
      c.patch.insert(c.patch.end(), p.ops.begin(), p.ops.end());
      c.metric_value = worst(main, c.metric_value, main_value(p, main));
    }
    return c;
  };
  auto totals = [&](Combination& c, const Result& r) {
    c.after = r.monthly;
    c.fits = r.fits;
    c.saving = base.monthly - r.monthly;
    c.usd_saved = usd_of(c.saving);
    c.usd_after = usd_of(r.monthly);
  };
  // The best combination's total from a projection of the whole patched document: the figure
  // `redcast project` gives for the scenario --write writes.
  out.best = combination(taken);
  totals(out.best, taken.empty() ? base : ev.whole(out.best.patch));

  // Why each other value is not in the combination.
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (std::find(taken.begin(), taken.end(), i) != taken.end()) continue;
    const Choice& c = candidates[i];
    std::string why;
    if (auto t = clash_with(taken, i)) why = "conflicts with " + candidates[*t].name + ": " + candidates[*t].label;
    else if (has_budget && fits) why = taken.empty() ? "not needed: the scenario fits as it is" : "not needed: the combination fits";
    else if (!cache[i].valid) why = "not a valid scenario with the combination";
    else why = "no saving on top of the combination";
    out.left_out.push_back({c.name, c.label, c.pointer, why});
  }

  // The Pareto front of billable a month against the main metric. Levels: the metric's values among
  // the candidates, best first ("as now" before any). At each level, from the previous level's
  // combination, take the value within the level that saves most on top, until none saves; a value
  // of a knob already taken replaces it (cron */5, then */10 once the level allows it). Each level's
  // combination, each value alone and the best combination are points; dominated ones are removed.
  std::vector<double> levels;
  for (const Choice& c : candidates)
    if (auto v = main_value(c, main)) levels.push_back(*v);
  std::sort(levels.begin(), levels.end(), [&](double a, double b) { return metric_worse(*main, b, a); });
  levels.erase(std::unique(levels.begin(), levels.end(), [](double a, double b) { return std::fabs(a - b) < 1e-9; }),
               levels.end());
  std::vector<Combination> points;
  std::vector<std::size_t> front_taken;
  double front_current = base.monthly;
  bool front_fits = base.fits;
  for (int level = -1; level < static_cast<int>(levels.size()); ++level) {
    const std::optional<double> limit = level < 0 ? std::nullopt : std::optional<double>(levels[static_cast<std::size_t>(level)]);
    for (;;) {
      std::optional<std::size_t> pick, replaces;
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Choice& cand = candidates[i];
        if (!no_worse(main, main_value(cand, main), limit)) continue;
        if (std::find(front_taken.begin(), front_taken.end(), i) != front_taken.end()) continue;
        std::optional<std::size_t> on;  // the taken value of the same knob
        bool clash = false;
        for (std::size_t t : front_taken)
          if (candidates[t].pointer == cand.pointer) on = t;
          else clash = clash || overlaps(candidates[t].pointer, cand.pointer);
        if (clash) continue;
        if (!evaluate(front_ev, cand, front_cache[i])) continue;
        const double m = front_cache[i].change.result.monthly;
        if (m >= front_current - 1e-9) continue;
        if (!pick || m < front_cache[*pick].change.result.monthly - 1e-9) pick = i, replaces = on;
      }
      if (!pick) break;
      const Evaluator::Change& ch = front_cache[*pick].change;
      if (replaces) *std::find(front_taken.begin(), front_taken.end(), *replaces) = *pick;
      else front_taken.push_back(*pick);
      front_current = ch.result.monthly;
      front_fits = front_ev.fits(candidates[*pick].component, ch);
      front_ev.take(candidates[*pick].component, ch);
    }
    if (!front_taken.empty()) {
      Combination c = combination(front_taken);
      totals(c, {front_current, front_fits});
      points.push_back(std::move(c));
    }
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    Combination c = combination({i});
    totals(c, alone_result[i]);
    points.push_back(std::move(c));
  }
  if (!out.best.patch.empty()) points.push_back(out.best);
  // Keeps the points no other point dominates (as cheap or cheaper and as fresh or fresher, better in
  // one); of equal points the first, with the fewest changes. By metric, best first.
  auto undominated = [&](std::vector<Combination> in) {
    std::stable_sort(in.begin(), in.end(), [](const Combination& a, const Combination& b) { return a.labels.size() < b.labels.size(); });
    std::vector<Combination> kept;
    for (std::size_t i = 0; i < in.size(); ++i) {
      const Combination& p = in[i];
      bool dominated = false;
      for (std::size_t j = 0; j < in.size() && !dominated; ++j) {
        if (j == i) continue;
        const Combination& q = in[j];
        const bool cheaper_or_same = q.after <= p.after + 1e-6, fresher_or_same = no_worse(main, q.metric_value, p.metric_value);
        const bool strictly = q.after < p.after - 1e-6 || !no_worse(main, p.metric_value, q.metric_value);
        dominated = cheaper_or_same && fresher_or_same && (strictly || j < i);
      }
      if (!dominated) kept.push_back(p);
    }
    std::stable_sort(kept.begin(), kept.end(), [&](const Combination& a, const Combination& b) {
      if (!no_worse(main, a.metric_value, b.metric_value) || !no_worse(main, b.metric_value, a.metric_value))
        return no_worse(main, a.metric_value, b.metric_value);
      return a.after < b.after;
    });
    return kept;
  };
  out.pareto = undominated(std::move(points));

  if (opt.top && out.ranked.size() > *opt.top) out.ranked.resize(*opt.top);
  out.projections = ev.evaluations + front_ev.evaluations - evaluations_before_front;
  return out;
}

namespace {

json metric_json(const Metric* m, const std::optional<double>& v) {
  if (!m) return nullptr;
  return {{"name", m->name}, {"unit", m->unit}, {"value", v ? json(*v) : json(nullptr)},
          {"text", v ? metric_value_text(*m, *v) : std::string("as now")}};
}

json combination_json(const Combination& c, const Metric* main) {
  return {{"levers", c.labels},
          {"costs", c.costs},
          {"patch", patch_to_json(c.patch)},
          {"billable_after", c.after},
          {"saving", c.saving},
          {"payg_usd_after", c.usd_after},
          {"payg_usd_saved", c.usd_saved},
          {"metric", metric_json(main, c.metric_value)},
          {"fits", c.fits}};
}

const char* op_text(Constraint::Op op) {
  switch (op) {
    case Constraint::Op::AtMost: return "<=";
    case Constraint::Op::Below: return "<";
    case Constraint::Op::AtLeast: return ">=";
    case Constraint::Op::Above: return ">";
  }
  return "";
}

}  // namespace

json recommendation_to_json(const Recommendations& r) {
  json j;
  j["scenario"] = r.scenario;
  j["budget"] = r.budget ? json(*r.budget) : json(nullptr);
  j["budget_text"] = r.budget_text;
  j["plan"] = r.plan ? json(*r.plan) : json(nullptr);
  j["max_staleness_s"] = r.max_staleness_s ? json(*r.max_staleness_s) : json(nullptr);
  json cons = json::array();
  for (const Constraint& c : r.constraints)
    cons.push_back({{"metric", c.metric->name}, {"op", op_text(c.op)}, {"value", c.value}, {"unit", c.metric->unit}, {"text", c.text}});
  j["constraints"] = std::move(cons);
  j["main_metric"] = r.main_metric ? json(r.main_metric->name) : json(nullptr);
  j["before"] = {{"billable_per_month", r.before}, {"payg_usd", r.before_usd}, {"fits", r.before_fits}};
  json ranked = json::array();
  for (const auto& x : r.ranked)
    ranked.push_back({{"component", x.component},
                      {"type", x.type},
                      {"pointer", x.pointer},
                      {"label", x.label},
                      {"cost", x.cost},
                      {"staleness_s", x.staleness_s},
                      {"metric", metric_json(x.metric, x.metric_value)},
                      {"patch", patch_to_json(x.patch)},
                      {"billable_before", x.before},
                      {"billable_after", x.after},
                      {"saving", x.saving},
                      {"saving_pct", x.saving_pct},
                      {"payg_usd_after", x.usd_after},
                      {"payg_usd_saved", x.usd_saved},
                      {"fits", x.fits}});
  j["recommendations"] = std::move(ranked);
  j["recommendations_total"] = r.ranked_total;
  j["best"] = combination_json(r.best, r.main_metric);
  json pareto = json::array();
  for (const auto& c : r.pareto) pareto.push_back(combination_json(c, r.main_metric));
  j["pareto"] = std::move(pareto);
  json left = json::array();
  for (const auto& d : r.left_out)
    left.push_back({{"component", d.component}, {"label", d.label}, {"pointer", d.pointer}, {"reason", d.reason}});
  j["left_out"] = std::move(left);
  j["projections"] = r.projections;
  return j;
}

std::string recommendation_to_table(const Recommendations& r) {
  std::string s;
  char b[640];
  s += "Recommendations for " + r.scenario + "\n";
  s += "  now: " + grouped(r.before) + " billable a month (" + usd(r.before_usd) + " on pay-as-you-go), budget: " +
       r.budget_text + (r.budget ? (r.before_fits ? " - fits" : " - over") : "") + "\n";
  if (!r.constraints.empty()) {
    s += "  constraints:";
    for (const Constraint& c : r.constraints) s += " " + c.text;
    s += "\n";
  }
  s += "  dollars at the pay-as-you-go price; every total projected by the engine\n\n";
  if (r.ranked.empty()) s += "  no change saves anything\n";
  else {
    std::snprintf(b, sizeof b, "  %-3s %-18s %12s %12s %7s %13s %13s %-4s %s\n", "#", "component", "after", "saving", "%",
                  "$/month after", "saves $/month", "fits", "change / cost");
    s += b;
    int i = 0;
    for (const auto& x : r.ranked) {
      std::snprintf(b, sizeof b, "  %-3d %-18s %12s %12s %7s %13s %13s %-4s %s\n", ++i, x.component.c_str(),
                    grouped(x.after).c_str(), grouped(x.saving).c_str(), format::percent(x.saving_pct).c_str(),
                    usd(x.usd_after).c_str(), usd(x.usd_saved).c_str(), x.fits ? "yes" : "no", x.label.c_str());
      s += b;
      s += std::string(91, ' ') + "cost: " + x.cost + "\n";
    }
    if (r.ranked_total > r.ranked.size())
      s += "  ... " + grouped(static_cast<double>(r.ranked_total - r.ranked.size())) + " more (--top 0 shows all)\n";
  }
  s += "\nBest combination";
  if (r.best.labels.empty()) s += ": nothing to change\n";
  else {
    s += " (" + grouped(r.best.after) + " a month, saves " + grouped(r.best.saving) + ", " + usd(r.best.usd_after) +
         "/month after, saves " + usd(r.best.usd_saved) + "/month, " + (r.best.fits ? "fits" : "still over") + "):\n";
    for (std::size_t i = 0; i < r.best.labels.size(); ++i)
      s += "  - " + r.best.labels[i] + " (cost: " + r.best.costs[i] + ")\n";
    s += "  patch: " + patch_to_json(r.best.patch).dump() + "\n";
  }
  if (!r.pareto.empty() && r.main_metric) {
    s += "\nPareto front: billable a month against " + std::string(r.main_metric->name) + " (no combination cheaper and better in both)\n";
    std::snprintf(b, sizeof b, "  %-12s %12s %13s %13s %-4s %s\n", r.main_metric->name, "after", "$/month after", "saves $/month",
                  "fits", "changes");
    s += b;
    for (const auto& c : r.pareto) {
      std::string changes;
      for (const auto& l : c.labels) changes += (changes.empty() ? "" : "; ") + l;
      std::snprintf(b, sizeof b, "  %-12s %12s %13s %13s %-4s %s\n",
                    (c.metric_value ? metric_value_text(*r.main_metric, *c.metric_value) : std::string("as now")).c_str(),
                    grouped(c.after).c_str(), usd(c.usd_after).c_str(), usd(c.usd_saved).c_str(), c.fits ? "yes" : "no",
                    changes.c_str());
      s += b;
    }
  }
  if (!r.left_out.empty()) {
    s += "\nLeft out of the combination:\n";
    for (const auto& d : r.left_out) s += "  - " + d.component + ": " + d.label + " (" + d.reason + ")\n";
  }
  return s;
}

}  // namespace core
