// Recommendations: a search over the knobs each component's model declares (core/engine/knob.hpp).
// Projects the scenario as it is, then each knob value alone (the patched document re-validated and
// re-projected), then a greedy combination that reaches the budget (commands a month, or a plan's
// quota) with the least cost in freshness, under the user's constraints (max staleness). A change
// to one component re-projects only the components it shares state with (docs/recommend.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/recommend/patch.hpp"
#include "core/scenario/scenario.hpp"

namespace core {

struct RecommendOptions {
  std::optional<double> budget;            // billable commands a month
  std::optional<std::string> plan;         // or: fit this plan's quota (default: the scenario's plan)
  std::optional<double> max_staleness_s;   // drop lever values whose staleness exceeds this
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
  bool fits = false;                       // within the budget / plan after the change
};

struct Dropped {
  std::string component, label, reason;
};

struct Combination {
  std::vector<std::string> labels, costs;  // the levers applied, in the order the search took them
  std::vector<PatchOp> patch;
  double after = 0, saving = 0, usd_saved = 0;
  bool fits = false;
};

struct Recommendations {
  std::string scenario;
  std::string budget_text;                 // "500,000 a month (upstash-free)", "none"
  std::optional<double> budget;            // monthly billable limit used ("fits"), if any
  std::optional<std::string> plan;         // the plan whose quota decides "fits"
  std::optional<double> max_staleness_s;
  double before = 0;                       // baseline billable a month
  double before_usd = 0;                   // baseline on pay-as-you-go
  bool before_fits = false;
  std::vector<Recommendation> ranked;      // by saving, largest first
  std::vector<Dropped> dropped;            // lever values left out (constraint, invalid, no saving)
  Combination best;
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
