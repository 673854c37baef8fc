// Plans and billing rules as data. Sources: Upstash's docs repository (upstash/docs):
//  - redis/overall/pricing.mdx @f2b22a3a (2023-09-04): free 10K commands/day, 256 MB; pay-as-you-go
//    $0.2 per 100K; "Operational commands like AUTH, INFO, PING, QUIT, COMMAND are not charged".
//  - pricingnew.mdx @c8cbb884 (2025-01-24), effective 1 Feb 2025: free 500K commands/month; the same
//    commands are not charged; pay-as-you-go $0.2/100K.
//  - billing.mdx @1384707c (2026-06-18): each command in a pipeline or transaction is billed; fixed
//    plans 250 MB $10, 1 GB $20, 5 GB $100, 10 GB $200, 50 GB $400, 100 GB $800, 500 GB $1,500.
//  - redis/sdks/ratelimit-ts/costs.mdx: EVAL is billed plus the commands its script runs; global
//    databases bill each write once per region: (1 + readRegions) * writes + reads.
#include "core/billing/billing.hpp"

#include <algorithm>

namespace core {

std::uint64_t BillingRules::weight(CommandId cmd, bool in_script) const {
  const CommandInfo& info = command_info(cmd);
  if (in_script && !bill_script_inner) return 0;
  if (free_commands.count(info.name)) return 0;
  if (!bill_multi_exec && (info.name == "MULTI" || info.name == "EXEC" || info.name == "DISCARD")) return 0;
  if (!bill_blocking && info.blocking) return 0;
  if (info.cls == CommandClass::Write) return static_cast<std::uint64_t>(regions < 1 ? 1 : regions);
  return 1;
}

const std::vector<BillingRules>& billing_rules() {
  static const std::vector<BillingRules> rules = [] {
    std::vector<BillingRules> r;
    BillingRules upstash;
    upstash.id = "upstash";
    upstash.source =
        "upstash/docs pricing.mdx @f2b22a3a (2023-09-04), pricingnew.mdx @c8cbb884 (2025-01-24), billing.mdx "
        "@1384707c (2026-06-18), ratelimit-ts costs.mdx";
    upstash.free_commands = {"AUTH", "INFO", "PING", "QUIT", "COMMAND"};
    r.push_back(upstash);
    BillingRules all;
    all.id = "every-command";
    all.source = "every command the server runs is counted once (MONITOR's view)";
    r.push_back(all);
    return r;
  }();
  return rules;
}

const std::vector<Plan>& plans() {
  static const std::vector<Plan> list = [] {
    std::vector<Plan> p;
    const char* docs2023 = "upstash/docs redis/overall/pricing.mdx @f2b22a3a (2023-09-04)";
    const char* docs2025 = "upstash/docs pricingnew.mdx @c8cbb884 (2025-01-24), effective 2025-02-01";
    const char* docs2026 = "upstash/docs billing.mdx @1384707c (2026-06-18)";
    Plan free_daily{"upstash-free", "Upstash Free (10K commands/day)", "upstash", QuotaPeriod::Day, 10000, 0, 0,
                    256ull << 20, sim::CivilDate{2021, 1, 1}, sim::CivilDate{2025, 1, 31}, "upstash", docs2023};
    Plan free_monthly{"upstash-free", "Upstash Free (500K commands/month)", "upstash", QuotaPeriod::Month, 500000,
                      0, 0, 256ull << 20, sim::CivilDate{2025, 2, 1}, std::nullopt, "upstash", docs2025};
    Plan payg{"upstash-payg", "Upstash Pay as You Go ($0.20 per 100K commands)", "upstash", QuotaPeriod::None, 0,
              0.20, 0, 0, std::nullopt, std::nullopt, "upstash", docs2026};
    p.push_back(free_daily);
    p.push_back(free_monthly);
    p.push_back(payg);
    struct Fixed { const char* id; const char* name; double usd; std::uint64_t mb; };
    const Fixed fixed[] = {{"upstash-fixed-250mb", "Upstash Fixed 250 MB", 10, 250},
                           {"upstash-fixed-1gb", "Upstash Fixed 1 GB", 20, 1024},
                           {"upstash-fixed-5gb", "Upstash Fixed 5 GB", 100, 5 * 1024},
                           {"upstash-fixed-10gb", "Upstash Fixed 10 GB", 200, 10 * 1024},
                           {"upstash-fixed-50gb", "Upstash Fixed 50 GB", 400, 50 * 1024},
                           {"upstash-fixed-100gb", "Upstash Fixed 100 GB", 800, 100 * 1024},
                           {"upstash-fixed-500gb", "Upstash Fixed 500 GB", 1500, 500 * 1024}};
    for (const auto& f : fixed)
      p.push_back(Plan{f.id, f.name, "upstash", QuotaPeriod::None, 0, 0, f.usd, f.mb << 20, std::nullopt,
                       std::nullopt, "upstash", docs2026});
    return p;
  }();
  return list;
}

namespace {
bool on_or_after(const sim::CivilDate& a, const sim::CivilDate& b) {
  return sim::days_from_civil(a) >= sim::days_from_civil(b);
}
bool valid_on(const Plan& p, sim::CivilDate on) {
  return (!p.valid_from || on_or_after(on, *p.valid_from)) && (!p.valid_until || on_or_after(*p.valid_until, on));
}
}  // namespace

std::optional<Plan> find_plan(const std::string& id, sim::CivilDate on) {
  std::optional<Plan> any;
  for (const Plan& p : plans()) {
    if (p.id != id) continue;
    if (valid_on(p, on)) return p;
    // Outside every variant's dates: the latest variant.
    any = p;
  }
  return any;
}

bool offered_on(const Plan& plan, sim::CivilDate on) {
  auto valid = find_plan(plan.id, on);
  return valid && valid->name == plan.name;
}

const std::vector<std::string>& plan_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    for (const Plan& p : plans())
      if (std::find(out.begin(), out.end(), p.id) == out.end()) out.push_back(p.id);
    return out;
  }();
  return ids;
}

InputError unknown_plan(const std::string& id, const std::string& file, const std::string& where) {
  std::string ids;
  for (const auto& known : plan_ids()) ids += (ids.empty() ? "" : ", ") + known;
  return InputError(file, where, "unknown plan \"" + id + "\"; expected one of: " + ids);
}

Plan resolve_plan(const std::string& id, sim::CivilDate on, const std::string& file, const std::string& where) {
  if (auto p = find_plan(id, on)) return *p;
  throw unknown_plan(id, file, where);
}

void check_plan_id(const std::string& id, const std::string& file, const std::string& where) {
  const auto& ids = plan_ids();
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) throw unknown_plan(id, file, where);
}

std::optional<BillingRules> find_rules(const std::string& id) {
  for (const auto& r : billing_rules())
    if (r.id == id) return r;
  return std::nullopt;
}

std::string to_string(QuotaPeriod p) {
  switch (p) {
    case QuotaPeriod::Day: return "day";
    case QuotaPeriod::Month: return "month";
    case QuotaPeriod::None: return "none";
  }
  return "none";
}

double billing_months(int days) { return days / kBillingMonthDays; }

double per_billing_month(double count, int days) { return count * kBillingMonthDays / days; }

std::optional<Plan> pay_as_you_go(const Plan& plan, sim::CivilDate on) {
  if (plan.usd_per_100k > 0) return plan;
  for (const Plan& p : plans())
    if (p.provider == plan.provider && p.usd_per_100k > 0 && valid_on(p, on)) return p;
  return std::nullopt;
}

double usd_per_command(const Plan& plan) { return plan.usd_per_100k / 100000.0; }

double usage_cost_usd(const Plan& plan, double billable, double months) {
  double usd = plan.usd_monthly * months;
  if (plan.usd_per_100k > 0) usd += billable / 100000.0 * plan.usd_per_100k;
  return usd;
}

double quota_share(const Plan& plan, double billable_per_month) {
  if (plan.limit == 0) return 0;
  if (plan.period == QuotaPeriod::Month) return billable_per_month / static_cast<double>(plan.limit);
  if (plan.period == QuotaPeriod::Day) return billable_per_month / kBillingMonthDays / static_cast<double>(plan.limit);
  return 0;
}

double quota_per_billing_month(const Plan& plan) {
  if (plan.period == QuotaPeriod::Day) return plan.limit * kBillingMonthDays;
  if (plan.period == QuotaPeriod::Month) return static_cast<double>(plan.limit);
  return 0;
}

PlanQuote cheapest_plan(sim::CivilDate on, const std::function<std::optional<double>(const Plan&)>& cost) {
  PlanQuote best;
  for (const Plan& p : plans()) {
    if (!offered_on(p, on)) continue;  // another variant of this id is the one on sale then
    auto usd = cost(p);
    if (!usd) continue;
    if (best.usd < 0 || *usd < best.usd) best = PlanQuote{p.id, *usd};
  }
  return best;
}

}  // namespace core
