// Recommendations: a search over the knobs each component's model declares (core/engine/knob.hpp).
// Projects the scenario as it is, then each knob value alone (the patched document re-validated and
// re-projected), then a greedy combination that reaches the budget (commands a month, or a plan's
// quota) with the least cost in freshness, and the Pareto front of billable commands against the
// main service metric, all under the user's constraints on the metrics (core/recommend/constraint).
// Every total reported is the engine's projection of the patched scenario, never a sum of savings: a
// change to one component re-projects only the components it shares state with (exact: the others'
// runs do not change), and the best combination is projected again as a whole document, the figure
// `redcast project` gives for the file --write writes (docs/recommend.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/recommend/constraint.hpp"
#include "core/recommend/patch.hpp"
#include "core/scenario/scenario.hpp"

namespace core {

struct RecommendOptions {
  std::optional<double> budget;            // billable commands a month
  std::optional<std::string> plan;         // or: fit this plan's quota (default: the scenario's plan)
  std::optional<double> max_staleness_s;   // sugar for the constraint staleness <= this (seconds)
  std::vector<Constraint> constraints;     // knob values that break one are left out
  std::optional<std::size_t> top;          // keep the K largest savings in `ranked` (none: all)
  // Re-project only the changed component's group (exact; the same results as re-projecting the
  // whole document, which false does, for tests and measurements).
  bool incremental = true;
};

struct Recommendation {
  std::string component, type, pointer;   // pointer: the knob, absolute ("/components/0/schedule/cron")
  std::string label, cost;
  double staleness_s = 0;
  std::vector<PatchOp> patch;              // absolute RFC 6902 ops
  double before = 0, after = 0;            // billable commands a month (30 days)
  double saving = 0, saving_pct = 0;
  double usd_saved = 0;                    // the saving at the scenario provider's pay-as-you-go price
  double usd_after = 0;                    // `after` at that price
  const Metric* metric = nullptr;          // the metric the knob moves, if any
  std::optional<double> metric_value;      // its value after the change (none: unmoved)
  bool fits = false;                       // within the budget / plan after the change
};

// A change that is not part of the best combination, and why: "constraint staleness<=5min", "no
// saving", "not a valid scenario: ...", "conflicts with cron-poll: cron every 5 min ...", "no saving
// on top of the combination", "not needed: the combination fits".
struct LeftOut {
  std::string component, label, pointer, reason;
};

struct Combination {
  std::vector<std::string> labels, costs;  // the levers applied, in the order the search took them
  std::vector<PatchOp> patch;
  double after = 0, saving = 0, usd_saved = 0, usd_after = 0;
  std::optional<double> metric_value;      // the main metric: the worst of the parts' (none: as now)
  bool fits = false;
};

struct Recommendations {
  std::string scenario;
  std::string budget_text;                 // "500,000 a month (upstash-free)", "none"
  std::optional<double> budget;            // monthly billable limit used ("fits"), if any
  std::optional<std::string> plan;         // the plan whose quota decides "fits"
  std::optional<double> max_staleness_s;
  std::vector<Constraint> constraints;
  const Metric* main_metric = nullptr;     // the Pareto front's metric
  double before = 0;                       // baseline billable a month
  double before_usd = 0;                   // baseline on pay-as-you-go
  bool before_fits = false;
  std::vector<Recommendation> ranked;      // by saving, largest first (the top K)
  std::size_t ranked_total = 0;            // how many saved, before the top K were kept
  std::vector<LeftOut> left_out;           // every knob value not in `best`, with the reason
  Combination best;
  // Billable a month against the main metric: combinations the search projected (each value alone,
  // the best combination, the cheapest combination within each metric value), dominated ones
  // removed; by metric, best first. Each total is the engine's projection of that patched scenario.
  std::vector<Combination> pareto;
  int projections = 0;                     // scenarios evaluated (projected, or read from the cache)
};

// Throws InputError for an unknown plan.
Recommendations recommend(const Scenario& s, const RecommendOptions& opt = {});
// The knobs of every enabled component (pointers relative to the component).
struct ComponentKnob {
  std::size_t component;  // index in the scenario
  std::string name, type;
  Knob knob;
};
std::vector<ComponentKnob> scenario_knobs(const Scenario& s);

json recommendation_to_json(const Recommendations& r);
std::string recommendation_to_table(const Recommendations& r);

}  // namespace core
