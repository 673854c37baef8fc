// The CI budget gate: project each scenario, judge it against one budget (billable commands a month
// or a day, dollars a month, or a plan's quota), name its biggest component, find the best fix for
// each scenario that is over (core::recommend), and, given the base branch's version of a scenario,
// the change per scenario and per component. Plain data in and out; `redcast check` formats it
// (core/check/check_format.cpp) and turns "any over" into exit code 1.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/projection/projection.hpp"
#include "core/recommend/patch.hpp"
#include "core/scenario/scenario.hpp"

namespace core {

// What a scenario is judged against.
enum class BudgetKind {
  commands_per_month,  // billable commands in a billing month (the projection's 30-day figure)
  commands_per_day,    // billable commands on the busiest day of the period
  usd_per_month,       // the monthly cost (ScenarioCheck::monthly_usd)
  plan_quota,          // the plan's own quota (per day or per month), as the provider counts it
};

struct Budget {
  BudgetKind kind = BudgetKind::commands_per_month;
  double value = 0;  // commands or dollars (unused for plan_quota)
  std::string plan;  // plan_quota: the plan id; the scenarios are projected under it
};

// "500000", "500K", "1.5M/month", "10k/day" (K, M, B: thousands, millions, billions; "_" and ","
// group digits). Throws InputError naming `flag` and what was expected.
Budget parse_command_budget(const std::string& text, const std::string& flag = "--budget");
// "5", "5.50", "$12". Throws InputError naming `flag`.
Budget parse_usd_budget(const std::string& text, const std::string& flag = "--budget-usd");
// Throws InputError for a plan nobody offers, or one without a quota (nothing to fit under).
Budget plan_budget(const std::string& plan_id, const std::string& flag = "--plan");
// "500,000 billable commands a month", "$5.00 a month", "the upstash-free quota".
std::string budget_text(const Budget& b);

// One scenario to judge and, optionally, its base-branch version.
struct CheckInput {
  Scenario scenario;
  std::optional<Scenario> baseline;
  std::string baseline_file;  // where the baseline was looked for ("" when none was asked for)
};

// The base-branch file for `scenario_path` under `dir`: dir/<path as given> when that exists (a
// checkout of the base branch), else dir/<file name>; nullopt when neither exists (a new scenario).
std::optional<std::string> baseline_path(const std::string& scenario_path, const std::string& dir);

struct ComponentShare {
  std::string name, type;
  double billable_per_month = 0;
  double share_pct = 0;  // of the scenario's billable commands
};

struct ComponentChange {
  std::string name;
  double before = 0, after = 0;  // billable a month; a component missing on one side counts 0
  bool added = false, removed = false;
  double delta() const { return after - before; }
};

struct ScenarioDelta {
  std::string baseline_file;
  bool found = false;  // false: the scenario is new (no file of that name in the baseline)
  double billable_before = 0, billable_after = 0;  // a month
  double usd_before = 0, usd_after = 0;            // monthly cost
  double pct_before = 0, pct_after = 0;            // % of the limit
  bool fits_before = true;
  std::vector<ComponentChange> components;         // changed ones only, largest change first
  double delta() const { return billable_after - billable_before; }
};

// The best fix core::recommend found for an over-budget scenario: the levers of its best combination.
struct CheckFix {
  std::vector<std::string> levers, costs;  // "cron-poll: cron */5 * * * *", "detection up to 5 min"
  std::vector<PatchOp> patch;              // absolute RFC 6902 ops
  double after = 0;                        // billable a month after the fix
  double saving = 0, usd_saved = 0;        // a month (dollars at the pay-as-you-go price)
  bool fits = false;                       // under the budget after the fix
};

struct ScenarioCheck {
  std::string file, name;
  std::string plan;                  // the plan the scenario is priced (and, with --plan, judged) under
  std::string unit;                  // of projected and limit: "month", "day" or "usd"
  double projected = 0, limit = 0;   // in `unit`: billable commands (a month, a day), or dollars
  double pct = 0;                    // projected / limit * 100
  bool fits = true;
  double billable_per_month = 0;
  double peak_day_billable = 0;
  double monthly_usd = 0;            // a billing month on `plan`; past a quota, at pay-as-you-go
  std::string cost_basis;            // "upstash-free" or "upstash-payg (past the upstash-free quota)"
  std::optional<std::string> exhausted_at;  // local ISO time the plan's quota runs out, if it does
  std::vector<ComponentShare> components;   // largest first
  std::optional<CheckFix> fix;       // over-budget scenarios only, when a lever saves anything
  std::optional<ScenarioDelta> delta;
  std::shared_ptr<const Projection> projection;  // what the figures come from (for a chart)
};

struct CheckOptions {
  Budget budget;
  bool recommend = true;  // look for the best fix of each over-budget scenario
  // Called before each scenario is judged (index, count, file), for a front end's progress line.
  std::function<void(std::size_t, std::size_t, const std::string&)> progress;
};

struct CheckReport {
  Budget budget;
  std::string budget_text;
  std::vector<ScenarioCheck> scenarios;  // over-budget first, each group in input order
  int over = 0;
  bool fix_searched = true;  // CheckOptions::recommend
  bool fits() const { return over == 0; }
};

// Judges every input. Throws InputError (a plan unknown on a scenario's dates).
CheckReport check(const std::vector<CheckInput>& inputs, const CheckOptions& opt);

json check_to_json(const CheckReport& r);
std::string check_to_table(const CheckReport& r);
// A pull-request comment: a summary row per scenario, then details of each failing one.
std::string check_to_markdown(const CheckReport& r);

}  // namespace core
