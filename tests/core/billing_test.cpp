// The billing module with numbers worked by hand: which plan a name and a date resolve to, what N
// billable commands cost on each kind of plan, quotas by date, quota periods and their crossing
// bin, the cheapest plan, and the one wording of an unknown plan at every place a plan is named.
#include <catch2/catch.hpp>

#include <functional>

#include "core/billing/billing.hpp"
#include "core/billing/quota.hpp"
#include "core/projection/projection.hpp"
#include "core/recommend/recommend.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/input.hpp"

namespace {

core::Plan plan(const std::string& id, sim::CivilDate on) {
  auto p = core::find_plan(id, on);
  REQUIRE(p);
  return *p;
}

const char* kScenario = R"({"name": "t", "period": {"start": "2026-01-01", "days": 30, "zone": "UTC"},
  "components": [{"name": "g", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}}]})";

const std::string kUnknownGold =
    "unknown plan \"gold\"; expected one of: upstash-free, upstash-payg, upstash-fixed-250mb, upstash-fixed-1gb, "
    "upstash-fixed-5gb, upstash-fixed-10gb, upstash-fixed-50gb, upstash-fixed-100gb, upstash-fixed-500gb, "
    "elasticache-serverless-valkey, elasticache-serverless-redis";

}  // namespace

TEST_CASE("the free plan's quota depends on the date", "[billing]") {
  // Upstash's free tier was 10K commands a day up to 31 Jan 2025 and is 500K a month from 1 Feb 2025.
  core::Plan before = plan("upstash-free", {2025, 1, 31});
  core::Plan after = plan("upstash-free", {2025, 2, 1});
  CHECK(before.period == core::QuotaPeriod::Day);
  CHECK(before.limit == 10000);
  CHECK(after.period == core::QuotaPeriod::Month);
  CHECK(after.limit == 500000);
  CHECK(core::offered_on(before, {2025, 1, 31}));
  CHECK_FALSE(core::offered_on(before, {2025, 2, 1}));
  // A billing month of a daily quota is 30 days of it: 300,000; the monthly one is 500,000.
  CHECK(core::quota_per_billing_month(before) == 300000.0);
  CHECK(core::quota_per_billing_month(after) == 500000.0);
  // 450,000 a month is 15,000 on the average day: 1.5 daily quotas, 0.9 of the monthly one.
  CHECK(core::quota_share(before, 450000) == Approx(1.5));
  CHECK(core::quota_share(after, 450000) == Approx(0.9));
  // The free plan costs nothing while the use fits.
  CHECK(core::usage_cost_usd(after, 499999, 1) == 0.0);
}

TEST_CASE("pay-as-you-go: $0.20 per 100K on either side of the 2025 plan change", "[billing]") {
  // The catalog's pay-as-you-go price is the same in the 2023 and the 2026 docs; the free plan's
  // variant changes on 1 Feb 2025, and its pay-as-you-go price is the provider's on that date.
  for (sim::CivilDate d : {sim::CivilDate{2024, 6, 1}, sim::CivilDate{2026, 1, 1}}) {
    auto payg = core::pay_as_you_go(plan("upstash-free", d), d);
    REQUIRE(payg);
    CHECK(payg->id == "upstash-payg");
    // 1,234,567 commands / 100,000 x $0.20 = $2.469134
    CHECK(core::usage_cost_usd(*payg, 1234567, 1) == Approx(2.469134));
    // Over two months the price is per command, not per month: the same $2.469134.
    CHECK(core::usage_cost_usd(*payg, 1234567, 2) == Approx(2.469134));
    CHECK(core::usd_per_command(*payg) == Approx(0.000002));
  }
  // A pay-as-you-go plan is its own pay-as-you-go price.
  core::Plan payg = plan("upstash-payg", {2026, 1, 1});
  CHECK(core::pay_as_you_go(payg, {2026, 1, 1})->id == "upstash-payg");
}

TEST_CASE("a fixed plan costs its monthly price whatever the count", "[billing]") {
  core::Plan fixed = plan("upstash-fixed-250mb", {2026, 1, 1});
  CHECK(core::usage_cost_usd(fixed, 0, 1) == 10.0);
  CHECK(core::usage_cost_usd(fixed, 50000000, 1) == 10.0);
  // 45 days are 1.5 billing months: $15.
  CHECK(core::billing_months(45) == 1.5);
  CHECK(core::usage_cost_usd(fixed, 1000, core::billing_months(45)) == Approx(15.0));
  // 3,100 commands in 31 days are 3,000 in a billing month.
  CHECK(core::per_billing_month(3100, 31) == Approx(3000.0));
}

TEST_CASE("the cheapest plan that fits", "[billing]") {
  // Free fits up to its quota; above it, pay-as-you-go at $0.20/100K until $10 (5M commands), where
  // the $10 fixed 250 MB plan is as cheap (a tie goes to the plan listed first: pay-as-you-go).
  auto cheapest = [](double billable) {
    return core::cheapest_plan({2026, 1, 1}, [&](const core::Plan& p) -> std::optional<double> {
      if (p.limit > 0 && billable >= static_cast<double>(p.limit)) return std::nullopt;
      return core::usage_cost_usd(p, billable, 1);
    }, "upstash");
  };
  CHECK(cheapest(400000).plan == "upstash-free");
  CHECK(cheapest(400000).usd == 0.0);
  CHECK(cheapest(4000000).plan == "upstash-payg");
  CHECK(cheapest(4000000).usd == Approx(8.0));
  CHECK(cheapest(5000000).plan == "upstash-payg");
  CHECK(cheapest(6000000).plan == "upstash-fixed-250mb");
  CHECK(cheapest(6000000).usd == 10.0);
  // Nothing fits: no plan.
  auto none = core::cheapest_plan({2026, 1, 1}, [](const core::Plan&) { return std::optional<double>(); });
  CHECK(none.plan.empty());
}

TEST_CASE("quota periods and the bin where use first reaches the limit", "[billing]") {
  // Monthly periods from 31 Jan: 31 Jan, 28 Feb (clamped), 31 Mar.
  core::Plan monthly = plan("upstash-free", {2026, 1, 31});
  auto utc = sim::TimeZone::utc();
  sim::Time start = utc.to_utc(sim::CivilTime{{2026, 1, 31}, 0, 0, 0});
  sim::Time end = utc.to_utc(sim::CivilTime{{2026, 4, 1}, 0, 0, 0});
  auto starts = core::quota_period_starts(monthly, {2026, 1, 31}, start, end, utc);
  REQUIRE(starts.size() == 3);
  CHECK(sim::format_iso_utc(starts[1]) == "2026-02-28T00:00:00Z");
  CHECK(sim::format_iso_utc(starts[2]) == "2026-03-31T00:00:00Z");
  CHECK(core::quota_period_starts(plan("upstash-payg", {2026, 1, 1}), {2026, 1, 31}, start, end, utc).empty());

  // Six 1-hour bins, two periods of three bins, limit 100. Period 1: 40, 90, 130: crosses in bin 2
  // with 90 used before it. Period 2: 0, 90, 110: crosses in bin 5. Peak: 130.
  std::vector<std::uint64_t> billable{40, 50, 40, 0, 90, 20};
  core::QuotaUse q = core::quota_use(billable, 0, sim::kHour, {0, 3 * sim::kHour}, 100);
  CHECK(q.crossing_bin == 2);
  CHECK(q.used_before == 90);
  CHECK(q.periods_over == 2);
  CHECK(q.peak_period_billable == 130);
  // Reaching the limit exactly counts; no quota: no crossing, the peak is the whole run (240).
  CHECK(core::quota_use({100}, 0, sim::kHour, {0}, 100).crossing_bin == 0);
  core::QuotaUse none = core::quota_use(billable, 0, sim::kHour, {}, 0);
  CHECK(none.crossing_bin == -1);
  CHECK(none.periods_over == 0);
  CHECK(none.peak_period_billable == 240);
}

TEST_CASE("plan ids are listed once each, in catalog order", "[billing]") {
  const auto& ids = core::plan_ids();
  REQUIRE(ids.size() == 11);  // upstash-free has two variants; two ElastiCache Serverless engines
  CHECK(ids[0] == "upstash-free");
  CHECK(ids[1] == "upstash-payg");
  CHECK(ids[8] == "upstash-fixed-500gb");
  CHECK(ids[9] == "elasticache-serverless-valkey");
  CHECK(ids[10] == "elasticache-serverless-redis");
}

TEST_CASE("an unknown plan has one wording, located, wherever it is named", "[billing]") {
  auto check = [](const std::function<void()>& name_gold, const std::string& file, const std::string& where) {
    try {
      name_gold();
      FAIL("expected an InputError");
    } catch (const core::InputError& e) {
      CHECK(e.file() == file);
      CHECK(e.where() == where);
      CHECK(e.message() == kUnknownGold);
    }
  };
  // In a scenario file: line, column and pointer of the field.
  std::string text = "{\"name\": \"x\",\n \"plan\": \"gold\", \"components\": [{\"name\": \"a\", \"type\": \"periodic\", "
                     "\"schedule\": {\"every\": \"1m\"}, \"commands\": {\"GET\": 1}}]}";
  check([&] { core::load_scenario_text(text, "bad.json"); }, "bad.json", "line 2, column 2, /plan");
  core::Scenario s = core::load_scenario_text(kScenario, "t.json");
  // redcast project --plan gold
  core::ProjectionOptions popt;
  popt.plan = "gold";
  check([&] { core::project(s, popt); }, "t.json", "--plan");
  // redcast recommend --plan gold
  core::RecommendOptions ropt;
  ropt.plan = "gold";
  check([&] { core::recommend(s, ropt); }, "t.json", "--plan");
  // redcast replay --plan gold
  core::replay::ReplayOptions opt;
  opt.plan = "gold";
  auto src = core::replay::ByteSource::from_string("1700000000.000000 [0 127.0.0.1:1] \"PING\"\n");
  check([&] { core::replay::replay_source(*src, opt); }, src->name(), "--plan");
}
