// Plans and billing rules as data. Sources: Upstash's docs repository (upstash/docs):
//  - redis/overall/pricing.mdx @f2b22a3a (2023-09-04): free 10K commands/day, 256 MB; pay-as-you-go
//    $0.2 per 100K; "Operational commands like AUTH, INFO, PING, QUIT, COMMAND are not charged".
//  - pricingnew.mdx @c8cbb884 (2025-01-24), effective 1 Feb 2025: free 500K commands/month; the same
//    commands are not charged; pay-as-you-go $0.2/100K.
//  - billing.mdx @1384707c (2026-06-18): each command in a pipeline or transaction is billed; fixed
//    plans 250 MB $10, 1 GB $20, 5 GB $100, 10 GB $200, 50 GB $400, 100 GB $800, 500 GB $1,500.
//  - redis/sdks/ratelimit-ts/costs.mdx: EVAL is billed plus the commands its script runs; global
//    databases bill each write once per region: (1 + readRegions) * writes + reads.
//  - redis/overall/billing.mdx @018942bf (the "Pricing & Billing" page, read 2026-12-03; the same
//    tables as @1384707c of 2026-06-18): pay-as-you-go storage $0.25/GB per month with the first
//    1 GB free, bandwidth free up to 200 GB/month then $0.03/GB, max data size 100 GB; the limits of
//    every plan (data size, monthly bandwidth, commands/s, max request): Free 256 MB, 10 GB, 10,000,
//    10 MB; 250 MB: 50 GB; 1 GB: 100 GB; 5 GB: 500 GB, 20 MB; 10 GB: 1 TB, 30 MB; 50 GB: 5 TB, 50 MB;
//    100 GB: 10 TB, 16,000/s, 75 MB; 500 GB: 20 TB, 16,000/s, 100 MB. The page sends readers to the
//    pricing FAQ for the full list of commands not charged.
//  - upstash.com/pricing/redis#faq as of 2026-03: AUTH, HELLO, SELECT, COMMAND, CONFIG, INFO, PING,
//    RESET and QUIT are not billed. The FAQ states no date of change; we apply the longer list from
//    2026-03-01 (the first day of the month it was read in) and the 2023-2025 list before it.
//    Sizes: Upstash sells "256 MB" as 256 MiB, so GB here is 2^30 bytes throughout.
// AWS ElastiCache Serverless (US East, N. Virginia):
//  - aws.amazon.com/elasticache/pricing (the Italian edition aws.eu/it/elasticache/pricing was the
//    text available, read 2026-12-03): reads and writes take 1 ECPU per KB transferred ("a GET that
//    transfers 3.2 KB consumes 3.2 ECPUs"); data stored is metered in GB-hours with a minimum of
//    1 GB per cache (Redis OSS) or 100 MB (Valkey); Valkey is priced 33% lower.
//  - Redis OSS: $0.0034 per million ECPUs and $0.125 per GB-hour: AWS Database Blog, "Unlock
//    on-demand, cost-optimized performance with Amazon ElastiCache Serverless" (worked example), and
//    gomomento.com "A look into ElastiCache Serverless pricing" (2024-02-21).
//  - Valkey: $0.0023 per million ECPUs and $0.084 per GB-hour: usage.ai "ElastiCache Serverless
//    pricing" (rates as of June 2026, citing pump.co, March 2025). Not verified on an AWS page; they
//    agree with the page's "33% lower" (0.0034 * 0.67 = 0.00228, 0.125 * 0.67 = 0.0838).
#include "core/billing/billing.hpp"

#include <algorithm>

namespace core {

std::uint64_t BillingRules::weight(CommandId cmd, bool in_script) const {
  const CommandInfo& info = command_info(cmd);
  if (in_script && !bill_script_inner) return 0;
  if (free_commands.count(info.name)) return 0;
  // A free container frees its subcommands: CONFIG frees CONFIG|GET (the catalog's name for CONFIG GET).
  if (auto bar = info.name.find('|'); bar != std::string::npos && free_commands.count(info.name.substr(0, bar))) return 0;
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
    upstash.free_sets = {
        FreeCommandSet{std::nullopt, sim::CivilDate{2026, 2, 28}, {"AUTH", "INFO", "PING", "QUIT", "COMMAND"},
                       "upstash/docs pricing.mdx @f2b22a3a (2023-09-04) and pricingnew.mdx @c8cbb884 (2025-01-24): "
                       "\"Operational commands like AUTH, INFO, PING, QUIT, COMMAND are not charged\""},
        FreeCommandSet{sim::CivilDate{2026, 3, 1}, std::nullopt,
                       {"AUTH", "HELLO", "SELECT", "COMMAND", "CONFIG", "INFO", "PING", "RESET", "QUIT"},
                       "upstash.com/pricing/redis#faq as of 2026-03 (no date of change stated; applied from 2026-03-01)"}};
    upstash.free_commands = upstash.free_sets.back().commands;
    r.push_back(upstash);
    BillingRules all;
    all.id = "every-command";
    all.source = "every command the server runs is counted once (MONITOR's view)";
    r.push_back(all);
    BillingRules ecpu;
    ecpu.id = "elasticache";
    ecpu.source = "aws.amazon.com/elasticache/pricing (read 2026-12-03): every request consumes ECPUs, "
                  "1 per KB transferred; no command is free, a write is one request however many replicas";
    r.push_back(ecpu);
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
    const char* docs_billing = "upstash/docs redis/overall/billing.mdx @018942bf (read 2026-12-03; tables as of "
                               "@1384707c, 2026-06-18)";
    constexpr std::uint64_t MiB = 1ull << 20, GiB = 1ull << 30;
    free_monthly.bandwidth_bytes = 10 * GiB;  // a limit: the free plan has no bandwidth price
    free_monthly.max_commands_per_second = 10000;
    free_monthly.max_request_bytes = 10 * MiB;
    free_monthly.source = std::string(docs2025) + "; limits: " + docs_billing;
    payg.storage_bytes = 100 * GiB;
    payg.storage_free_bytes = 1 * GiB;
    payg.usd_per_gb_month = 0.25;
    payg.bandwidth_bytes = 200 * GiB;
    payg.usd_per_gb_transfer = 0.03;
    payg.max_commands_per_second = 10000;
    payg.max_request_bytes = 10 * MiB;
    payg.source = std::string(docs2026) + "; storage, bandwidth and limits: " + docs_billing;
    p.push_back(free_daily);
    p.push_back(free_monthly);
    p.push_back(payg);
    struct Fixed {
      const char* id; const char* name; double usd; std::uint64_t mb, bandwidth_gb, per_second, request_mb;
    };
    const Fixed fixed[] = {{"upstash-fixed-250mb", "Upstash Fixed 250 MB", 10, 250, 50, 10000, 10},
                           {"upstash-fixed-1gb", "Upstash Fixed 1 GB", 20, 1024, 100, 10000, 10},
                           {"upstash-fixed-5gb", "Upstash Fixed 5 GB", 100, 5 * 1024, 500, 10000, 20},
                           {"upstash-fixed-10gb", "Upstash Fixed 10 GB", 200, 10 * 1024, 1024, 10000, 30},
                           {"upstash-fixed-50gb", "Upstash Fixed 50 GB", 400, 50 * 1024, 5 * 1024, 10000, 50},
                           {"upstash-fixed-100gb", "Upstash Fixed 100 GB", 800, 100 * 1024, 10 * 1024, 16000, 75},
                           {"upstash-fixed-500gb", "Upstash Fixed 500 GB", 1500, 500 * 1024, 20 * 1024, 16000, 100}};
    for (const auto& f : fixed) {
      Plan plan{f.id, f.name, "upstash", QuotaPeriod::None, 0, 0, f.usd, f.mb * MiB, std::nullopt,
                std::nullopt, "upstash", std::string(docs2026) + "; limits: " + docs_billing};
      plan.bandwidth_bytes = f.bandwidth_gb * GiB;  // a limit: fixed plans have no bandwidth price
      plan.max_commands_per_second = f.per_second;
      plan.max_request_bytes = f.request_mb * MiB;
      p.push_back(plan);
    }
    const char* aws_page = "aws.amazon.com/elasticache/pricing (read 2026-12-03 as aws.eu/it/elasticache/pricing): "
                           "1 ECPU per KB transferred, storage minimum";
    Plan valkey{"elasticache-serverless-valkey", "AWS ElastiCache Serverless for Valkey (us-east-1)", "aws",
                QuotaPeriod::None, 0, 0, 0, 0, std::nullopt, std::nullopt, "elasticache",
                std::string(aws_page) + " 100 MB; $0.0023/M ECPUs, $0.084/GB-hour: usage.ai (June 2026, citing "
                                        "pump.co 2025-03), not verified on an AWS page"};
    valkey.usd_per_million_ecpu = 0.0023;
    valkey.usd_per_gb_hour = 0.084;
    valkey.storage_min_bytes = 100 * MiB;
    Plan redis_oss{"elasticache-serverless-redis", "AWS ElastiCache Serverless for Redis OSS (us-east-1)", "aws",
                   QuotaPeriod::None, 0, 0, 0, 0, std::nullopt, std::nullopt, "elasticache",
                   std::string(aws_page) + " 1 GB; $0.0034/M ECPUs, $0.125/GB-hour: AWS Database Blog, \"Unlock "
                                           "on-demand, cost-optimized performance with Amazon ElastiCache Serverless\"; "
                                           "gomomento.com (2024-02-21)"};
    redis_oss.usd_per_million_ecpu = 0.0034;
    redis_oss.usd_per_gb_hour = 0.125;
    redis_oss.storage_min_bytes = 1 * GiB;
    p.push_back(valkey);
    p.push_back(redis_oss);
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

std::optional<BillingRules> find_rules(const std::string& id, sim::CivilDate on) {
  for (const auto& r : billing_rules())
    if (r.id == id) return rules_on(r, on);
  return std::nullopt;
}

const FreeCommandSet* free_set_on(const BillingRules& rules, sim::CivilDate on) {
  if (rules.free_sets.empty()) return nullptr;
  for (const auto& f : rules.free_sets)
    if ((!f.from || on_or_after(on, *f.from)) && (!f.until || on_or_after(*f.until, on))) return &f;
  // Outside every set's dates: the nearest end.
  const auto& first = rules.free_sets.front();
  if (first.from && !on_or_after(on, *first.from)) return &first;
  return &rules.free_sets.back();
}

BillingRules rules_on(BillingRules rules, sim::CivilDate on) {
  if (const FreeCommandSet* f = free_set_on(rules, on)) rules.free_commands = f->commands;
  return rules;
}

std::string to_string(PriceModel m) {
  switch (m) {
    case PriceModel::Quota: return "free quota";
    case PriceModel::PerCommand: return "per command";
    case PriceModel::Fixed: return "fixed monthly";
    case PriceModel::PerEcpu: return "per ECPU + GB-hour";
  }
  return "";
}

PriceModel Plan::model() const {
  if (usd_per_million_ecpu > 0) return PriceModel::PerEcpu;
  if (usd_per_100k > 0) return PriceModel::PerCommand;
  if (usd_monthly > 0) return PriceModel::Fixed;
  return PriceModel::Quota;
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
  return plan_cost(plan, billable, months, DataUse{}).total_usd;
}

namespace {
constexpr double kGiB = 1073741824.0;
constexpr double kHoursPerBillingMonth = kBillingMonthDays * 24.0;
}  // namespace

double ecpus_per_command(std::optional<double> bytes) {
  if (!bytes) return 1.0;
  return std::max(1.0, *bytes / 1024.0);
}

PlanCost plan_cost(const Plan& plan, double billable, double months, const DataUse& data) {
  PlanCost c;
  c.plan = plan.id;
  c.units = billable;
  c.fixed_usd = plan.usd_monthly * months;
  double peak = data.peak_storage_bytes.value_or(data.storage_bytes.value_or(0));
  if (plan.storage_bytes && peak > static_cast<double>(plan.storage_bytes)) c.fits = false, c.over = "storage";
  if (plan.model() == PriceModel::PerEcpu) {
    c.units = billable * (data.ecpus_per_command ? *data.ecpus_per_command : ecpus_per_command(data.bytes_per_command));
    c.commands_usd = c.units / 1e6 * plan.usd_per_million_ecpu;
    double metered = std::max(data.storage_bytes.value_or(0), static_cast<double>(plan.storage_min_bytes));
    c.storage_usd = metered / kGiB * kHoursPerBillingMonth * months * plan.usd_per_gb_hour;
  } else {
    if (plan.usd_per_100k > 0) c.commands_usd = billable / 100000.0 * plan.usd_per_100k;
    if (plan.usd_per_gb_month > 0 && data.storage_bytes) {
      double over = *data.storage_bytes - static_cast<double>(plan.storage_free_bytes);
      if (over > 0) c.storage_usd = over / kGiB * plan.usd_per_gb_month * months;
    }
  }
  if (data.bandwidth_bytes && plan.bandwidth_bytes) {
    double allowance = static_cast<double>(plan.bandwidth_bytes) * months;
    double over = *data.bandwidth_bytes - allowance;
    if (over > 0) {
      if (plan.usd_per_gb_transfer > 0) c.bandwidth_usd = over / kGiB * plan.usd_per_gb_transfer;
      else if (c.fits) c.fits = false, c.over = "bandwidth";
    }
  }
  if (c.fits && plan.max_request_bytes && data.bytes_per_command &&
      *data.bytes_per_command > static_cast<double>(plan.max_request_bytes))
    c.fits = false, c.over = "request size";  // the average request is over the plan's maximum
  if (c.fits && plan.limit > 0 && months > 0 && billable / months > quota_per_billing_month(plan))
    c.fits = false, c.over = "quota";
  c.total_usd = c.fixed_usd + c.commands_usd + c.storage_usd + c.bandwidth_usd;
  return c;
}

std::optional<CostLine> cost_line(const Plan& plan, double units_per_billable, const DataUse& monthly) {
  // The parts that do not scale with commands: the cost of zero commands for a month.
  PlanCost zero = plan_cost(plan, 0, 1, monthly);
  if (!zero.fits) return std::nullopt;
  CostLine l;
  l.plan = plan.id;
  l.base = zero.total_usd;
  DataUse per_command;  // only what scales with commands
  per_command.bytes_per_command = monthly.bytes_per_command;
  per_command.ecpus_per_command = monthly.ecpus_per_command;
  PlanCost one = plan_cost(plan, 1e6, 1, per_command);
  PlanCost none = plan_cost(plan, 0, 1, per_command);
  l.slope = (one.commands_usd - none.commands_usd) / 1e6 * units_per_billable;
  l.cap = -1;
  if (plan.limit > 0) l.cap = units_per_billable > 0 ? quota_per_billing_month(plan) / units_per_billable : -1;
  return l;
}

BreakEven break_even(const std::vector<CostLine>& lines, double n) {
  BreakEven b;
  auto cost = [](const CostLine& l, double x) -> std::optional<double> {
    if (l.cap >= 0 && x > l.cap) return std::nullopt;
    return l.base + l.slope * x;
  };
  auto cheapest_at = [&](double x) -> const CostLine* {
    const CostLine* best = nullptr;
    double best_usd = 0;
    for (const auto& l : lines) {
      auto usd = cost(l, x);
      if (usd && (!best || *usd < best_usd)) best = &l, best_usd = *usd;
    }
    return best;
  };
  const CostLine* c = cheapest_at(n);
  if (!c) return b;
  b.cheapest = c->plan;
  b.cheapest_usd = *cost(*c, n);
  // Where the ranking can change above n: the cheapest's cap, and where a line with a smaller slope
  // crosses it. The first such point past which another line is cheaper is the break-even.
  std::vector<double> events;
  if (c->cap >= 0 && c->cap >= n) events.push_back(c->cap);
  for (const auto& l : lines) {
    if (&l == c || !(l.slope < c->slope)) continue;
    double x = (l.base - c->base) / (c->slope - l.slope);
    if (x >= n) events.push_back(x);
  }
  std::sort(events.begin(), events.end());
  for (double x : events) {
    const CostLine* above = cheapest_at(x + std::max(1.0, x * 1e-9));
    if (above && above != c) {
      b.next = above->plan;
      b.next_above = x;
      break;
    }
  }
  return b;
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

PlanQuote cheapest_plan(sim::CivilDate on, const std::function<std::optional<double>(const Plan&)>& cost,
                        const std::string& provider) {
  PlanQuote best;
  for (const Plan& p : plans()) {
    if (!provider.empty() && p.provider != provider) continue;
    if (!offered_on(p, on)) continue;  // another variant of this id is the one on sale then
    auto usd = cost(p);
    if (!usd) continue;
    if (best.usd < 0 || *usd < best.usd) best = PlanQuote{p.id, *usd};
  }
  return best;
}

}  // namespace core
