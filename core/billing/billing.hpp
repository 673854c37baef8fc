// How providers count commands, and their plans, as data with source and date (see plans.cpp).
// Where a rule is not published, it is an explicit assumption the scenario can change.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/catalog/commands.hpp"
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
// 500K/month from then on).
std::optional<Plan> find_plan(const std::string& id, sim::CivilDate on);
std::optional<BillingRules> find_rules(const std::string& id);
std::string to_string(QuotaPeriod p);

// Monthly cost of `billable` commands on a plan (pay-as-you-go plans: per 100K; fixed: the price).
double monthly_cost_usd(const Plan& plan, double billable_per_month);

}  // namespace core
