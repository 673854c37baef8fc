#include "core/recommend/recommend.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/input/errors.hpp"
#include "core/projection/projection.hpp"

namespace core {
namespace {

std::string grouped(double v) {
  auto n = static_cast<long long>(std::llround(v));
  bool neg = n < 0;
  std::string d = std::to_string(neg ? -n : n), out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return neg ? "-" + out : out;
}

std::string usd(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "$%.2f", v);
  return b;
}

// Two pointers touch the same knob when one is the other or lies inside it.
bool overlaps(const std::string& a, const std::string& b) {
  auto inside = [](const std::string& x, const std::string& y) {
    return x == y || (x.size() > y.size() && x.compare(0, y.size(), y) == 0 && x[y.size()] == '/');
  };
  return inside(a, b) || inside(b, a);
}

struct Evaluator {
  const Scenario& base;
  ProjectionOptions popt;
  std::optional<double> budget;
  bool plan_quota = false;  // fits = no quota period over the plan's limit
  std::optional<Plan> payg = std::nullopt;  // the pay-as-you-go price savings are quoted at
  int projections = 0;

  struct Result {
    double monthly = 0;
    bool fits = false;
  };
  Result of(const Scenario& s) {
    Projection p = project(s, popt);
    ++projections;
    Result r;
    r.monthly = p.monthly_billable.mean;
    if (budget) r.fits = r.monthly <= *budget + 1e-9;
    else if (plan_quota) r.fits = p.periods_over == 0;
    else r.fits = true;
    return r;
  }
  Result of(const json& doc) { return of(load_scenario_json(doc, base.file)); }
  double usd_of(double commands) const { return payg ? usage_cost_usd(*payg, commands, 1) : 0; }
};

struct Candidate {
  std::size_t lever, choice;
  const Lever* l;
  const LeverChoice* c;
  std::vector<PatchOp> ops;  // absolute
};

}  // namespace

std::vector<Lever> scenario_levers(const Scenario& s) {
  std::vector<Lever> out;
  const json& comps = s.document.at("components");
  for (std::size_t i = 0; i < comps.size() && i < s.components.size(); ++i) {
    const ComponentSpec& spec = s.components[i];
    if (!spec.enabled) continue;
    const ComponentType* t = find_component_type(spec.type);
    if (!t || !t->levers) continue;
    std::string prefix = "/components/" + std::to_string(i);
    for (Lever l : t->levers(comps[i])) {
      l.component = spec.name;
      l.pointer = prefix + l.pointer;
      for (auto& c : l.choices) c.ops = rebase(c.ops, prefix);
      out.push_back(std::move(l));
    }
  }
  return out;
}

Recommendations recommend(const Scenario& s, const RecommendOptions& opt) {
  Recommendations out;
  out.scenario = s.name;
  out.max_staleness_s = opt.max_staleness_s;
  Evaluator ev{s, {}, std::nullopt};
  ev.payg = pay_as_you_go(resolve_plan(s.plan_id, s.start, s.file, "/plan"), s.start);
  if (opt.budget) {
    if (!(*opt.budget >= 0)) throw InputError("--budget", "", "expected a non-negative number of commands a month");
    ev.budget = opt.budget;
    out.budget = opt.budget;
    out.budget_text = grouped(*opt.budget) + " billable commands a month";
  } else {
    std::string id = opt.plan ? *opt.plan : s.plan_id;
    Plan plan = resolve_plan(id, s.start, s.file, "--plan");
    out.plan = plan.id;
    if (opt.plan) ev.popt.plan = plan.id;
    if (plan.limit > 0) {
      ev.plan_quota = true;
      double monthly = quota_per_billing_month(plan);
      out.budget = monthly;
      out.budget_text = "the " + plan.id + " quota (" + grouped(static_cast<double>(plan.limit)) +
                        (plan.period == QuotaPeriod::Day ? " a day)" : " a month)");
    } else {
      out.budget_text = "none (" + plan.id + " has no quota): every lever that saves";
    }
  }

  auto base = ev.of(s);
  out.before = base.monthly;
  out.before_fits = base.fits;
  out.before_usd = ev.usd_of(base.monthly);

  // Each lever value alone.
  std::vector<Lever> levers = scenario_levers(s);
  std::vector<Candidate> candidates;
  for (std::size_t li = 0; li < levers.size(); ++li) {
    const Lever& l = levers[li];
    for (std::size_t ci = 0; ci < l.choices.size(); ++ci) {
      const LeverChoice& c = l.choices[ci];
      if (opt.max_staleness_s && c.staleness_s > *opt.max_staleness_s + 1e-9) {
        char b[160];
        std::snprintf(b, sizeof b, "staleness up to %g s is over the %g s allowed", c.staleness_s, *opt.max_staleness_s);
        out.dropped.push_back({l.component, c.label, b});
        continue;
      }
      Evaluator::Result r;
      try {
        r = ev.of(apply_patch(s.document, c.ops));
      } catch (const InputError& e) {
        out.dropped.push_back({l.component, c.label, std::string("not a valid scenario: ") + e.what()});
        continue;
      }
      if (r.monthly >= base.monthly - 1e-9) {
        out.dropped.push_back({l.component, c.label, "saves nothing in this scenario"});
        continue;
      }
      Recommendation rec;
      rec.component = l.component;
      for (const auto& spec : s.components)
        if (spec.name == l.component) rec.type = spec.type;
      rec.pointer = l.pointer;
      rec.label = c.label;
      rec.cost = c.cost;
      rec.staleness_s = c.staleness_s;
      rec.patch = c.ops;
      rec.before = base.monthly;
      rec.after = r.monthly;
      rec.saving = base.monthly - r.monthly;
      rec.saving_pct = base.monthly > 0 ? rec.saving / base.monthly * 100 : 0;
      rec.usd_saved = ev.usd_of(rec.saving);
      rec.fits = r.fits;
      out.ranked.push_back(std::move(rec));
      candidates.push_back({li, ci, &l, &c, c.ops});
    }
  }
  std::stable_sort(out.ranked.begin(), out.ranked.end(),
                   [](const Recommendation& a, const Recommendation& b) { return a.saving > b.saving; });

  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.c->staleness_s < b.c->staleness_s; });

  // Greedy combination: until the budget is met, take the value that costs least in freshness and,
  // among those, saves most on top of what is already taken. One value per lever.
  json doc = s.document;
  double current = base.monthly;
  bool fits = base.fits;
  bool has_budget = out.budget.has_value();
  std::vector<std::string> taken;  // pointers
  while (!(has_budget && fits)) {
    const Candidate* pick = nullptr;
    json pick_doc;
    Evaluator::Result pick_r;
    for (const auto& cand : candidates) {
      bool clash = false;
      for (const auto& t : taken) clash = clash || overlaps(t, cand.l->pointer);
      if (clash) continue;
      if (pick && cand.c->staleness_s > pick->c->staleness_s) continue;
      json d;
      Evaluator::Result r;
      try {
        d = apply_patch(doc, cand.ops);
        r = ev.of(d);
      } catch (const InputError&) {
        continue;
      }
      if (r.monthly >= current - 1e-9) continue;
      bool better = !pick || cand.c->staleness_s < pick->c->staleness_s || r.monthly < pick_r.monthly - 1e-9;
      if (better) {
        pick = &cand;
        pick_doc = std::move(d);
        pick_r = r;
      }
    }
    if (!pick) break;
    taken.push_back(pick->l->pointer);
    doc = std::move(pick_doc);
    current = pick_r.monthly;
    fits = pick_r.fits;
    out.best.labels.push_back(pick->l->component + ": " + pick->c->label);
    out.best.costs.push_back(pick->c->cost);
    out.best.patch.insert(out.best.patch.end(), pick->ops.begin(), pick->ops.end());
  }
  out.best.after = current;
  out.best.saving = base.monthly - current;
  out.best.usd_saved = ev.usd_of(out.best.saving);
  out.best.fits = fits;
  out.projections = ev.projections;
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
      std::snprintf(b, sizeof b, "  %-3d %-18s %12s %12s %6.1f%% %9s %-4s %s\n", ++i, x.component.c_str(),
                    grouped(x.after).c_str(), grouped(x.saving).c_str(), x.saving_pct, usd(x.usd_saved).c_str(),
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
