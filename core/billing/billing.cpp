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
}  // namespace

std::optional<Plan> find_plan(const std::string& id, sim::CivilDate on) {
  std::optional<Plan> any;
  for (const Plan& p : plans()) {
    if (p.id != id) continue;
    bool valid = (!p.valid_from || on_or_after(on, *p.valid_from)) && (!p.valid_until || on_or_after(*p.valid_until, on));
    if (valid) return p;
    // Outside every variant's dates: the latest variant.
    any = p;
  }
  return any;
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

double monthly_cost_usd(const Plan& plan, double billable_per_month) {
  if (plan.usd_per_100k > 0) return plan.usd_monthly + billable_per_month / 100000.0 * plan.usd_per_100k;
  return plan.usd_monthly;
}

}  // namespace core
