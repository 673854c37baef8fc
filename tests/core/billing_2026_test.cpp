// Billing rules as of 2026, each figure worked by hand: the free-command set by date (projection and
// replay price by the set in force in the period), storage and bandwidth on pay-as-you-go and the
// fixed plans' limits, the break-even between plans, ElastiCache Serverless ECPUs and GB-hours, and
// the fields of `redcast plans`.
#include <catch2/catch.hpp>

#include <string>

#include "core/billing/billing.hpp"
#include "core/billing/plans_format.hpp"
#include "core/projection/projection.hpp"
#include "core/scenario/scenario.hpp"
#include "../replay/capture_builder.hpp"

namespace {

using core::json;

constexpr double kGiB = 1024.0 * 1024 * 1024;
constexpr double kMiB = 1024.0 * 1024;

core::Plan plan(const std::string& id, sim::CivilDate on = {2026, 6, 1}) {
  auto p = core::find_plan(id, on);
  REQUIRE(p);
  return *p;
}

std::uint64_t weight(const core::BillingRules& r, const char* cmd) {
  auto id = core::find_command(cmd);
  REQUIRE(id);
  return r.weight(*id, false);
}

// One SELECT, one CONFIG GET, one HELLO and one GET a minute for a day.
std::string scenario(const std::string& start, const std::string& extra = "") {
  return R"({"name": "t", "period": {"start": ")" + start + R"(", "days": 1, "zone": "UTC"}, )" + extra +
         R"("plan": "upstash-payg", "components": [{"name": "c", "type": "periodic", "schedule": {"every": "1m"},
          "commands": {"SELECT": 1, "CONFIG|GET": 1, "HELLO": 1, "GET": 1}}]})";
}

}  // namespace

TEST_CASE("the free-command set is dated: HELLO, SELECT, CONFIG, RESET free from 2026-03-01", "[billing][free]") {
  auto before = core::find_rules("upstash", {2026, 2, 28});
  auto after = core::find_rules("upstash", {2026, 3, 1});
  REQUIRE(before);
  REQUIRE(after);
  for (const char* cmd : {"SELECT", "HELLO", "RESET", "CONFIG|GET", "CONFIG|SET"}) {
    CHECK(weight(*before, cmd) == 1);  // billed on the last day of the old list
    CHECK(weight(*after, cmd) == 0);   // free on the first day of the new one
  }
  for (const char* cmd : {"AUTH", "INFO", "PING", "QUIT", "COMMAND"}) {
    CHECK(weight(*before, cmd) == 0);
    CHECK(weight(*after, cmd) == 0);
  }
  CHECK(weight(*after, "GET") == 1);
  // Long before and long after the sets' dates: the nearest set.
  CHECK(weight(*core::find_rules("upstash", {2020, 1, 1}), "SELECT") == 1);
  CHECK(weight(*core::find_rules("upstash", {2030, 1, 1}), "SELECT") == 0);
  // ElastiCache bills every request, PING included.
  CHECK(weight(*core::find_rules("elasticache", {2026, 6, 1}), "PING") == 1);
}

TEST_CASE("a projection prices by the free set in force on its first day", "[billing][free]") {
  // 1,440 minutes x 4 commands = 5,760 commands. Before 2026-03-01 only GET's neighbours SELECT,
  // CONFIG GET and HELLO are billed too: 5,760 billable; from 2026-03-01 only the GETs: 1,440.
  core::Scenario feb = core::load_scenario_text(scenario("2026-02-28"), "feb.json");
  core::Scenario mar = core::load_scenario_text(scenario("2026-03-01"), "mar.json");
  core::Projection pf = core::project(feb), pm = core::project(mar);
  CHECK(pf.commands == 5760);
  CHECK(pf.billable == 5760);
  CHECK(pm.commands == 5760);
  CHECK(pm.billable == 1440);
  // A period moved with --start is priced by its own date, not the file's.
  core::ProjectionOptions moved;
  moved.start = sim::CivilDate{2026, 3, 1};
  CHECK(core::project(feb, moved).billable == 1440);
  // $0.20 per 100K: 1,440 billable = $0.00288; 5,760 = $0.01152.
  CHECK(pm.payg_usd == Approx(0.00288));
  CHECK(pf.payg_usd == Approx(0.01152));
  // A scenario that names its own free set keeps it on every date: only SELECT free, 4,320 billable.
  core::Scenario own = core::load_scenario_text(scenario("2026-03-01", R"("billing": {"free_commands": ["SELECT"]}, )"), "own.json");
  CHECK(core::project(own).billable == 4320);
}

TEST_CASE("replay prices a capture by the free set in force on its date", "[billing][free][replay]") {
  auto select_weight = [](double base) {
    replay_test::Capture cap;
    cap.base = base;
    cap.every(1.0, 0, 120, "127.0.0.1:5000", {"SELECT", "1"});
    cap.every(1.0, 0.5, 120, "127.0.0.1:5000", {"GET", "k"});
    auto r = cap.replay();
    for (const auto& row : r.commands)
      if (row.name == "SELECT") return row.weight_client;
    FAIL("no SELECT row");
    return std::uint64_t{99};
  };
  CHECK(select_weight(1770681600.0) == 1);  // 2026-02-10: billed
  CHECK(select_weight(1795000000.0) == 0);  // 2026-11-18: free
}

TEST_CASE("pay-as-you-go storage and bandwidth beyond the free allowances", "[billing][data]") {
  core::Plan payg = plan("upstash-payg");
  // One month: 1,000,000 commands x $0.20/100K = $2.00; 3 GB stored, 1 GB free: 2 GB x $0.25 =
  // $0.50; 260 GB transferred, 200 GB free: 60 GB x $0.03 = $1.80. Total $4.30.
  core::DataUse d;
  d.storage_bytes = 3 * kGiB;
  d.bandwidth_bytes = 260 * kGiB;
  core::PlanCost c = core::plan_cost(payg, 1e6, 1, d);
  CHECK(c.fits);
  CHECK(c.commands_usd == Approx(2.00));
  CHECK(c.storage_usd == Approx(0.50));
  CHECK(c.bandwidth_usd == Approx(1.80));
  CHECK(c.total_usd == Approx(4.30));
  // Over 45 days (1.5 billing months) the allowances and the storage price scale: storage 2 GB x
  // $0.25 x 1.5 = $0.75; 300 GB of bandwidth are free, so 260 GB cost nothing.
  core::PlanCost c45 = core::plan_cost(payg, 1e6, core::billing_months(45), d);
  CHECK(c45.storage_usd == Approx(0.75));
  CHECK(c45.bandwidth_usd == 0.0);
  // Below the free GB nothing is charged for storage.
  d.storage_bytes = 0.5 * kGiB;
  CHECK(core::plan_cost(payg, 0, 1, d).storage_usd == 0.0);
  // Fixed plans: storage and bandwidth are limits. 1 GB cannot hold 3 GB; 250 MB allows 50 GB a month.
  d.storage_bytes = 3 * kGiB;
  core::PlanCost f1 = core::plan_cost(plan("upstash-fixed-1gb"), 1e6, 1, d);
  CHECK_FALSE(f1.fits);
  CHECK(f1.over == "storage");
  core::DataUse small;
  small.storage_bytes = 100 * kMiB;
  small.bandwidth_bytes = 60 * kGiB;
  core::PlanCost f250 = core::plan_cost(plan("upstash-fixed-250mb"), 1e6, 1, small);
  CHECK_FALSE(f250.fits);
  CHECK(f250.over == "bandwidth");
  CHECK(f250.total_usd == 10.0);
  core::PlanCost f5 = core::plan_cost(plan("upstash-fixed-5gb"), 1e6, 1, d);
  CHECK(f5.fits);
  CHECK(f5.total_usd == 100.0);
  // Requests of 12 MB on average pass the 10 MB maximum of 250 MB and 1 GB; 5 GB allows 20 MB.
  core::DataUse big;
  big.bytes_per_command = 12 * kMiB;
  CHECK(core::plan_cost(plan("upstash-fixed-1gb"), 1000, 1, big).over == "request size");
  CHECK(core::plan_cost(plan("upstash-fixed-5gb"), 1000, 1, big).fits);
  // The free plan's 10 GB of monthly bandwidth is a limit too.
  core::DataUse eleven;
  eleven.bandwidth_bytes = 11 * kGiB;
  CHECK(core::plan_cost(plan("upstash-free"), 1000, 1, eleven).over == "bandwidth");
}

TEST_CASE("a scenario's data sizes reach the projection's costs", "[billing][data]") {
  // 30 days, one GET a minute: 43,200 commands; storage 3 GB and 260 GB of bandwidth a month.
  // Pay-as-you-go: 43,200 x $0.20/100K = $0.0864, + $0.50 storage, + $1.80 bandwidth = $2.3864.
  core::Scenario s = core::load_scenario_text(
      R"({"name": "d", "period": {"start": "2026-06-01", "days": 30}, "plan": "upstash-payg",
          "data": {"storage": "3GB", "bandwidth_per_month": "260 GB"},
          "components": [{"name": "c", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}}]})",
      "d.json");
  CHECK(*s.data.storage_bytes == 3 * kGiB);
  core::Projection p = core::project(s);
  CHECK(p.commands == 43200);
  CHECK(p.payg_usd == Approx(2.3864));
  CHECK(p.plan_usd == Approx(2.3864));
  // The free plan does not fit 3 GB; nor does fixed 250 MB or 1 GB; the cheapest Upstash plan is payg.
  CHECK(p.cheapest_plan == "upstash-payg");
  for (const auto& c : p.plan_costs)
    if (c.plan == "upstash-fixed-1gb") CHECK(c.over == "storage");
  // A bad size is a located error.
  CHECK_THROWS_WITH(core::load_scenario_text(R"({"name": "d", "data": {"storage": "3 gigs"},
      "components": [{"name": "c", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}}]})", "bad.json"),
                    Catch::Contains("/data/storage") && Catch::Contains("3 gigs"));
}

TEST_CASE("break-even between plans, solved by hand", "[billing][break-even]") {
  core::DataUse none;
  auto lines_for = [&](const std::string& provider, const core::DataUse& d) {
    std::vector<core::CostLine> lines;
    for (const auto& p : core::plans())
      if (core::offered_on(p, {2026, 6, 1}) && (provider.empty() || p.provider == provider))
        if (auto l = core::cost_line(p, 1.0, d)) lines.push_back(*l);
    return lines;
  };
  auto upstash = lines_for("upstash", none);
  // 400K a month: the free plan ($0) is cheapest; its 500K quota is the break-even, above which
  // pay-as-you-go ($1.00 at 500K) undercuts fixed 250 MB ($10).
  core::BreakEven b = core::break_even(upstash, 400000);
  CHECK(b.cheapest == "upstash-free");
  CHECK(b.cheapest_usd == 0.0);
  CHECK(b.next == "upstash-payg");
  CHECK(b.next_above == Approx(500000));
  // 1M a month: pay-as-you-go at $2.00; fixed 250 MB's $10 is $0.20/100K x N at N = 10 / 0.000002
  // = 5,000,000: "fixed 250 MB is cheaper above 5.0M commands/month".
  b = core::break_even(upstash, 1e6);
  CHECK(b.cheapest == "upstash-payg");
  CHECK(b.cheapest_usd == Approx(2.0));
  CHECK(b.next == "upstash-fixed-250mb");
  CHECK(b.next_above == Approx(5e6));
  // Above 5M no other fixed plan is ever cheaper than $10 (they cost more, flat).
  b = core::break_even(upstash, 6e6);
  CHECK(b.cheapest == "upstash-fixed-250mb");
  CHECK(b.next.empty());
  // With 300 MB stored, fixed 250 MB does not fit: fixed 1 GB ($20) takes over at 20 / 0.000002 = 10M.
  core::DataUse mb300;
  mb300.storage_bytes = 300 * kMiB;
  b = core::break_even(lines_for("upstash", mb300), 1e6);
  CHECK(b.next == "upstash-fixed-1gb");
  CHECK(b.next_above == Approx(1e7));
  // Across providers: ElastiCache for Valkey costs at least 100 MB x 720 h x $0.084/GB-hour =
  // 0.09765625 GB x 720 x 0.084 = $5.90625 a month, plus $0.0023 per million commands (<= 1 KB each).
  // It undercuts pay-as-you-go where 5.90625 + 0.0000000023 N = 0.000002 N: N = 5.90625 / 0.0000019977
  // = 2,956,524 commands a month, before fixed 250 MB's 5M.
  b = core::break_even(lines_for("", none), 1e6);
  CHECK(b.cheapest == "upstash-payg");
  CHECK(b.next == "elasticache-serverless-valkey");
  CHECK(b.next_above == Approx(5.90625 / 0.0000019977).epsilon(1e-9));
}

TEST_CASE("ElastiCache Serverless: ECPUs per KB transferred and GB-hours with a minimum", "[billing][elasticache]") {
  CHECK(core::ecpus_per_command(std::nullopt) == 1.0);  // unknown size: a small command
  CHECK(core::ecpus_per_command(512) == 1.0);           // under 1 KB: still 1 ECPU
  CHECK(core::ecpus_per_command(3276.8) == Approx(3.2));  // AWS's example: a 3.2 KB GET is 3.2 ECPUs
  // A scenario: one GET a minute for 30 days = 43,200 commands of 3.2 KB = 138,240 ECPUs; on Redis
  // OSS at $0.0034 per million: $0.000470016. Storage: below the 1 GB minimum, so 1 GB x 720 h x
  // $0.125 = $90.00. Total $90.000470016.
  core::Scenario s = core::load_scenario_text(
      R"({"name": "e", "period": {"start": "2026-06-01", "days": 30}, "plan": "elasticache-serverless-redis",
          "data": {"bytes_per_command": 3276.8, "storage": "200MB"},
          "components": [{"name": "c", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1, "PING": 1}}]})",
      "e.json");
  core::Projection p = core::project(s);
  // PING is billed by AWS: 86,400 requests x 3.2 = 276,480 ECPUs x $0.0034/M = $0.000940032.
  CHECK(p.billable == 86400);
  core::PlanCost redis_cost;
  for (const auto& c : p.plan_costs)
    if (c.plan == "elasticache-serverless-redis") redis_cost = c;
  CHECK(redis_cost.units == Approx(276480));
  CHECK(redis_cost.commands_usd == Approx(0.000940032));
  CHECK(redis_cost.storage_usd == Approx(90.0));
  CHECK(p.plan_usd == Approx(90.000940032));
  // Valkey: 200 MB is above its 100 MB minimum: 200/1024 GB x 720 h x $0.084 = $11.8125; ECPUs
  // 276,480 x $0.0023/M = $0.000635904.
  for (const auto& c : p.plan_costs)
    if (c.plan == "elasticache-serverless-valkey") {
      CHECK(c.storage_usd == Approx(11.8125));
      CHECK(c.commands_usd == Approx(0.000635904));
    }
  // Under Upstash's rules (priced for comparison) PING is free: 43,200 billable, $0.0864 on payg.
  CHECK(p.payg_usd == 0.0);  // AWS has no per-command pay-as-you-go plan
  for (const auto& c : p.plan_costs)
    if (c.plan == "upstash-payg") CHECK(c.total_usd == Approx(0.0864));
}

TEST_CASE("redcast plans: provider, price model, prices, limits and dated free commands", "[billing][plans]") {
  json j = core::plans_to_json();
  auto find = [&](const std::string& id) {
    for (const auto& p : j["plans"])
      if (p["id"] == id && p["valid_until"].is_null()) return p;
    FAIL("no plan " + id);
    return json();
  };
  json payg = find("upstash-payg");
  CHECK(payg["provider"] == "upstash");
  CHECK(payg["price_model"] == "per command");
  CHECK(payg["prices"]["usd_per_100k_commands"] == 0.20);
  CHECK(payg["prices"]["storage_usd_per_gb_month"] == 0.25);
  CHECK(payg["prices"]["storage_free_bytes"] == 1073741824ull);
  CHECK(payg["prices"]["bandwidth_usd_per_gb"] == 0.03);
  CHECK(payg["limits"]["bandwidth_bytes_per_month"] == 200ull * 1073741824ull);
  CHECK(payg["limits"]["bandwidth_is_limit"] == false);
  CHECK(payg["limits"]["storage_bytes"] == 100ull * 1073741824ull);
  json f250 = find("upstash-fixed-250mb");
  CHECK(f250["price_model"] == "fixed monthly");
  CHECK(f250["prices"]["usd_monthly"] == 10.0);
  CHECK(f250["limits"]["storage_bytes"] == 250ull * 1048576ull);
  CHECK(f250["limits"]["bandwidth_bytes_per_month"] == 50ull * 1073741824ull);
  CHECK(f250["limits"]["bandwidth_is_limit"] == true);
  CHECK(f250["limits"]["max_commands_per_second"] == 10000);
  json free = find("upstash-free");
  CHECK(free["limits"]["commands"] == 500000);
  CHECK(free["limits"]["commands_period"] == "month");
  CHECK(free["valid_from"] == "2025-02-01");
  REQUIRE(free["free_commands"].size() == 2);
  CHECK(free["free_commands"][0]["until"] == "2026-02-28");
  CHECK(free["free_commands"][0]["commands"].size() == 5);
  CHECK(free["free_commands"][1]["from"] == "2026-03-01");
  CHECK(free["free_commands"][1]["commands"].size() == 9);
  json valkey = find("elasticache-serverless-valkey");
  CHECK(valkey["provider"] == "aws");
  CHECK(valkey["price_model"] == "per ECPU + GB-hour");
  CHECK(valkey["prices"]["usd_per_million_ecpu"] == 0.0023);
  CHECK(valkey["prices"]["storage_usd_per_gb_hour"] == 0.084);
  CHECK(valkey["prices"]["storage_min_bytes"] == 100ull * 1048576ull);
  CHECK(valkey["free_commands"].empty());
  std::string table = core::plans_to_table();
  CHECK_THAT(table, Catch::Contains("from 2026-03-01: AUTH COMMAND CONFIG HELLO INFO PING QUIT RESET SELECT"));
  CHECK_THAT(table, Catch::Contains("storage $0.25/GB-month beyond 1 GB; bandwidth $0.03/GB beyond 200 GB/month"));
  CHECK_THAT(table, Catch::Contains("bandwidth 20 TB/month"));
}

TEST_CASE("replay prices ElastiCache by the capture's argument sizes", "[billing][elasticache][replay]") {
  // One SET of a 3,000-byte value and one GET a second for 10 minutes. MONITOR writes the SET as
  // "SET" "k" "<3000 x>": 5 + 1 + 3 + 1 + 3,002 = 3,012 bytes of argument text (quotes included) =
  // 3,012 / 1,024 = 2.941406 ECPUs; the GET line "GET" "k" is 9 bytes = 1 ECPU (the minimum). Per
  // command: (2.941406 + 1) / 2 = 1.970703.
  replay_test::Capture cap;
  std::string value(3000, 'x');
  cap.every(1.0, 0, 600, "127.0.0.1:5000", {"SET", "k", value});
  cap.every(1.0, 0.5, 600, "127.0.0.1:5000", {"GET", "k"});
  core::replay::ReplayOptions opt;
  opt.plan = "elasticache-serverless-redis";
  auto r = cap.replay(opt);
  CHECK(r.request_bytes == Approx(600.0 * (3012 + 9)));
  CHECK(r.ecpus_per_command == Approx((3012.0 / 1024 + 1) / 2));
  // The month: the plan's cost is ECPUs x $0.0034/M plus 1 GB x 720 h x $0.125 = $90.
  const auto& m = r.projection;
  CHECK(m.monthly_cost_usd == Approx(90.0 + m.monthly_billable * r.ecpus_per_command * 0.0034 / 1e6));
  // Two commands a second for 30 days: 5,184,000 a month.
  CHECK(m.monthly_billable == Approx(5184000).epsilon(0.01));
}
