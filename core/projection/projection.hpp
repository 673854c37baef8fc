// Projection: run a scenario over its period and report commands per month, day and hour; by
// component, by command, reads/writes/other; billable vs free under the plan's rules; cumulative use
// against the quota and the exact time it runs out; pay-as-you-go cost and the cheapest plan;
// stored keys and bytes. Stochastic scenarios are run `replications` times with independent seeds.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/scenario.hpp"

namespace core {

struct ProjectionOptions {
  std::optional<sim::CivilDate> start;  // overrides the scenario's period
  std::optional<int> days;
  std::optional<std::string> plan;
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  std::function<void(double)> progress;  // fraction done, for long runs
  // Lowers the stated bounds (core/projection/cost_bound.hpp) on simulator events, on the recorder's
  // emit calls and on interval ticks per run, e.g. for a fuzzer that must finish every input within
  // seconds.
  std::uint64_t max_events_per_run = ~std::uint64_t{0};
};

struct ComponentTotals {
  std::string name, type;
  std::uint64_t commands = 0, billable = 0;
  std::map<std::string, std::uint64_t> by_command;
  double max_keys = 0, max_bytes = 0;
  std::vector<std::string> no_effect;  // settings given that change no traffic (Model::no_effect)
};

struct DayTotals {
  sim::CivilDate date;
  std::uint64_t commands = 0, billable = 0, cumulative_billable = 0;
  std::vector<std::uint64_t> by_component;           // commands, in component order
  std::vector<std::uint64_t> billable_by_component;  // billable commands, in component order (not in the JSON)
  double keys = 0, bytes = 0;               // end-of-day gauges (sum over components)
};

struct ReplicationSummary {
  int n = 1;
  double mean = 0, stddev = 0, p5 = 0, p50 = 0, p95 = 0, ci95_low = 0, ci95_high = 0;
  double p_exceed = 0;  // fraction of replications whose billable use passes the quota
};

struct Projection {
  std::string scenario;
  sim::Time start = 0, end = 0;
  sim::TimeZone zone = sim::TimeZone::utc();
  int days = 0;
  std::uint64_t commands = 0, billable = 0, reads = 0, writes = 0, other = 0;
  std::map<std::string, std::uint64_t> by_command;
  std::vector<ComponentTotals> components;
  std::vector<DayTotals> daily;
  std::vector<std::uint64_t> hour_of_day;  // 24 local hours, commands summed over the period
  Plan plan;
  BillingRules rules;
  std::optional<sim::Time> exhausted_at;   // first time use in a quota period reaches the limit
  int periods_over = 0;                    // quota periods (days or months) over the limit
  std::uint64_t peak_period_billable = 0;  // most billable use in one quota period
  double used_pct = 0;                     // peak_period_billable / limit * 100 (0 if unlimited)
  double payg_usd = 0;                     // the same billable count on pay-as-you-go
  double plan_usd = 0;                     // on the chosen plan (fixed price, or payg overage)
  std::string cheapest_plan;               // of the chosen plan's provider
  double cheapest_usd = 0;
  DataUse data;                            // the bytes the costs were priced on (scenario or models)
  std::vector<PlanCost> plan_costs;        // every plan on sale at the start, for the period
  // Over one billing month (monthly billable under the plan's rules): the cheapest plan and the count
  // above which another becomes cheaper, among the chosen plan's provider's plans and among all.
  double billable_per_month = 0;
  BreakEven break_even;
  BreakEven break_even_any;
  double max_keys = 0, max_bytes = 0;
  ReplicationSummary monthly_billable;     // over replications, scaled to a billing month (30 days)
  std::uint64_t seed = 1;
  std::uint64_t events = 0;
};

Projection project(const Scenario& s, const ProjectionOptions& opt = {});

// The JSON contract (docs/projection-json.md): CLI, browser app and golden tests rely on it.
json projection_to_json(const Projection& p);
std::string projection_to_table(const Projection& p, bool color);
std::string projection_to_csv(const Projection& p);
std::string projection_to_markdown(const Projection& p);

}  // namespace core
