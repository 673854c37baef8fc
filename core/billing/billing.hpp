// The billing module: how providers count commands, their plans as data with source and date,
// which plan a name and a date resolve to, what N billable commands cost on a plan, the cheapest
// plan and the length of a billing month. Where a rule is not published, it is an explicit
// assumption the scenario can change. Nothing outside core/billing/ holds a price or a month length.
// Quota periods and the instant a quota runs out: core/billing/quota.hpp; pricing a run's counts
// under a plan's rules: core/billing/usage.hpp.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/catalog/commands.hpp"
#include "core/input/errors.hpp"
#include "sim/time.hpp"

namespace core {

struct BillingRules {
  std::string id;                  // "upstash-2025"
  std::string source;              // where the rule comes from
  std::set<std::string> free_commands;  // not billed (upper case catalog names)
  int regions = 1;                 // writes are billed once per region (primary + read regions)
  bool bill_script_inner = true;   // EVAL/EVALSHA billed plus each command its script runs
  // Assumptions (not published; the user may change them):
  bool bill_multi_exec = true;     // are the MULTI/EXEC/DISCARD words themselves billed?
  bool bill_blocking = true;       // a blocking command (BRPOP, XREADGROUP BLOCK) = 1 per call, even on timeout
  // Billable weight of one command under these rules (0 if free; `regions` for writes).
  std::uint64_t weight(CommandId cmd, bool in_script) const;
};

enum class QuotaPeriod { None, Day, Month };

struct Plan {
  std::string id;            // "upstash-free"
  std::string name;          // "Upstash Free (500K commands/month)"
  std::string provider;      // "upstash"
  QuotaPeriod period = QuotaPeriod::None;
  std::uint64_t limit = 0;   // commands per period (0 = unlimited)
  double usd_per_100k = 0;   // pay-as-you-go price (0 = not pay-as-you-go)
  double usd_monthly = 0;    // fixed monthly price
  std::uint64_t storage_bytes = 0;  // storage limit (0 = unlimited / billed)
  std::optional<sim::CivilDate> valid_from, valid_until;  // when the plan was offered (inclusive)
  std::string rules;         // BillingRules id
  std::string source;        // documentation and date
};

const std::vector<Plan>& plans();
const std::vector<BillingRules>& billing_rules();
// Looks up a plan by id. "upstash-free" picks the variant valid on `on` (10K/day before 1 Feb 2025,
// 500K/month from then on); outside every variant's dates, the latest variant.
std::optional<Plan> find_plan(const std::string& id, sim::CivilDate on);
std::optional<BillingRules> find_rules(const std::string& id);
std::string to_string(QuotaPeriod p);

// The plan ids, each once, in catalog order.
const std::vector<std::string>& plan_ids();
// The one error for a plan id nobody offers: `file` is what was being read (a scenario, a capture;
// "" when none yet), `where` the field or flag that named the plan ("/plan", "--plan").
InputError unknown_plan(const std::string& id, const std::string& file, const std::string& where);
// find_plan, or the unknown_plan error.
Plan resolve_plan(const std::string& id, sim::CivilDate on, const std::string& file, const std::string& where);
// Throws unknown_plan when no plan has this id, whatever the date.
void check_plan_id(const std::string& id, const std::string& file, const std::string& where);
// Is this variant the one on sale on `on` (what find_plan(plan.id, on) returns)?
bool offered_on(const Plan& plan, sim::CivilDate on);

// What replay, audit and commandstats price a capture at when no plan is named.
inline constexpr char kCapturePlan[] = "upstash-payg";

// A billing month: per-month figures (replay rates, recommendation budgets, replication totals)
// and fixed monthly prices are per 30 days.
constexpr double kBillingMonthDays = 30.0;
constexpr double kBillingMonthSeconds = kBillingMonthDays * 86400.0;
// Billing months in `days` days, and a count over `days` days scaled to one billing month.
double billing_months(int days);
double per_billing_month(double count, int days);

// The pay-as-you-go price that applies to a plan's use on `on`: the plan's own per-command price,
// else its provider's pay-as-you-go plan on sale then; nullopt if the provider has none.
std::optional<Plan> pay_as_you_go(const Plan& plan, sim::CivilDate on);
// Price of one billable command on a plan (0 if it has no per-command price).
double usd_per_command(const Plan& plan);
// Cost of `billable` commands over `months` billing months on a plan: its fixed monthly price plus
// its per-command price. A quota plan costs its price (0 for a free plan) while the use fits
// (whether it does depends on when the commands are sent: core/billing/quota.hpp).
double usage_cost_usd(const Plan& plan, double billable, double months);
// Share of a plan's quota a billing month of `billable_per_month` uses (a daily quota: the average
// day); 0 without a quota.
double quota_share(const Plan& plan, double billable_per_month);
// A plan's quota over a billing month (a daily quota: 30 days of it); 0 without a quota.
double quota_per_billing_month(const Plan& plan);

// The cheapest plan on sale on `on`. `cost` prices the use on one plan, nullopt when it does not fit
// (a quota passed, storage over the limit). Ties go to the plan listed first.
struct PlanQuote {
  std::string plan;  // "" if none fits
  double usd = -1;
};
PlanQuote cheapest_plan(sim::CivilDate on, const std::function<std::optional<double>(const Plan&)>& cost);

}  // namespace core
