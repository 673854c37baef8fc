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

// A set of commands a provider does not bill, with the dates it applied (inclusive; open ends unset).
struct FreeCommandSet {
  std::optional<sim::CivilDate> from, until;
  std::set<std::string> commands;  // upper case catalog names
  std::string source;              // page and date
};

struct BillingRules {
  std::string id;                  // "upstash"
  std::string source;              // where the rule comes from
  std::set<std::string> free_commands;  // not billed on the rules' date (upper case catalog names)
  // The provider's free sets over time; `free_commands` is the one in force on the date the rules
  // were resolved for (rules_on). Empty when the scenario names its own free set.
  std::vector<FreeCommandSet> free_sets;
  int regions = 1;                 // writes are billed once per region (primary + read regions)
  bool bill_script_inner = true;   // EVAL/EVALSHA billed plus each command its script runs
  // Assumptions (not published; the user may change them):
  bool bill_multi_exec = true;     // are the MULTI/EXEC/DISCARD words themselves billed?
  bool bill_blocking = true;       // a blocking command (BRPOP, XREADGROUP BLOCK) = 1 per call, even on timeout
  // Billable weight of one command under these rules (0 if free; `regions` for writes).
  std::uint64_t weight(CommandId cmd, bool in_script) const;
};

// The free set in force on `on` (the latest set when `on` is past every set's dates; the earliest
// when before them); nullptr without dated sets.
const FreeCommandSet* free_set_on(const BillingRules& rules, sim::CivilDate on);
// The rules with `free_commands` set to the free set in force on `on`. A period is billed under the
// set in force on its first day (the change of 2026-03-01 falls on a month boundary).
BillingRules rules_on(BillingRules rules, sim::CivilDate on);

enum class QuotaPeriod { None, Day, Month };

// How a plan charges: a free quota, per command, a fixed monthly price, or per ECPU
// (ElastiCache Serverless: 1 ECPU per KB a command transfers) plus stored GB-hours.
enum class PriceModel { Quota, PerCommand, Fixed, PerEcpu };
std::string to_string(PriceModel m);

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
  // Storage and bandwidth (0 = not stated / unlimited). Pay-as-you-go bills storage beyond
  // `storage_free_bytes` per GB-month and bandwidth beyond `bandwidth_bytes` per GB; for a plan
  // without a bandwidth price, `bandwidth_bytes` is a monthly limit.
  std::uint64_t storage_free_bytes = 0;
  double usd_per_gb_month = 0;
  std::uint64_t bandwidth_bytes = 0;  // per billing month
  double usd_per_gb_transfer = 0;
  std::uint64_t max_request_bytes = 0;
  std::uint64_t max_commands_per_second = 0;
  // Per-ECPU pricing (ElastiCache Serverless): per million ECPUs, stored data per GB-hour metered at
  // no less than `storage_min_bytes`.
  double usd_per_million_ecpu = 0;
  double usd_per_gb_hour = 0;
  std::uint64_t storage_min_bytes = 0;
  PriceModel model() const;
};

const std::vector<Plan>& plans();
const std::vector<BillingRules>& billing_rules();
// Looks up a plan by id. "upstash-free" picks the variant valid on `on` (10K/day before 1 Feb 2025,
// 500K/month from then on); outside every variant's dates, the latest variant.
std::optional<Plan> find_plan(const std::string& id, sim::CivilDate on);
// The rules by id, with the free set in force on `on`.
std::optional<BillingRules> find_rules(const std::string& id, sim::CivilDate on);
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
// `provider` ("" = any) limits the search to one provider's plans.
PlanQuote cheapest_plan(sim::CivilDate on, const std::function<std::optional<double>(const Plan&)>& cost,
                        const std::string& provider = "");

// One billing period's use of a plan beyond its commands, when the scenario or capture gives bytes.
struct DataUse {
  std::optional<double> storage_bytes;     // stored on average over the period (billed)
  std::optional<double> peak_storage_bytes;  // most stored (against a plan's limit); storage_bytes if unset
  std::optional<double> bandwidth_bytes;   // transferred over the period
  std::optional<double> bytes_per_command; // transferred per command (ElastiCache's ECPUs)
  std::optional<double> ecpus_per_command; // measured (a capture's sizes); else from bytes_per_command
};

// ECPUs one command transferring `bytes` consumes: 1 per KB (1024 bytes), proportionally, and never
// less than 1 (AWS's pricing page: "a GET command that transfers 3.2 KB of data will consume 3.2
// ECPUs"). Unknown bytes count as one ECPU (a small command).
double ecpus_per_command(std::optional<double> bytes);

// What a period's use costs on a plan, by part, and whether it fits the plan's limits.
struct PlanCost {
  std::string plan;
  double fixed_usd = 0, commands_usd = 0, storage_usd = 0, bandwidth_usd = 0, total_usd = 0;
  double units = 0;  // what the plan counts: billable commands, or ECPUs
  bool fits = true;
  std::string over;  // the limit passed when it does not fit: "storage", "bandwidth", "quota"
};
// `billable` is counted under the plan's own rules over `months` billing months. A quota is judged
// on the monthly average here (the exact quota check over the period's bins is the caller's).
PlanCost plan_cost(const Plan& plan, double billable, double months, const DataUse& data);

// A plan's cost for one billing month as a line in the month's billable commands N (under the
// reference rules; `units_per_billable` converts to what the plan counts): usd = base + slope * N,
// for N <= cap (a quota; infinity without one). nullopt when the plan does not fit for any N.
struct CostLine {
  std::string plan;
  double base = 0, slope = 0, cap = 0;  // cap < 0: no cap
};
std::optional<CostLine> cost_line(const Plan& plan, double units_per_billable, const DataUse& monthly);

// Break-even over one billing month: the cheapest line at `billable` per month, and the smallest
// monthly count above it at which another line becomes cheaper (or the cheapest passes its cap).
struct BreakEven {
  std::string cheapest;            // "" if no line fits
  double cheapest_usd = 0;
  std::string next;                // the plan cheaper above `next_above`; "" if none ever is
  double next_above = 0;           // billable commands per month
};
BreakEven break_even(const std::vector<CostLine>& lines, double billable_per_month);

}  // namespace core
