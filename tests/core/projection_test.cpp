// Projection totals against hand arithmetic, quota exhaustion to the second, billing rules.
#include <catch2/catch.hpp>

#include "core/projection/projection.hpp"

namespace {

core::Scenario scenario(const std::string& components, const std::string& extra = "") {
  std::string text = R"({"name": "t", "period": {"start": "2026-01-01", "days": 30, "zone": "UTC"}, )" + extra +
                     R"("components": [)" + components + "]}";
  return core::load_scenario_text(text, "t.json");
}

}  // namespace

TEST_CASE("one GET a minute for 30 days is 43,200 commands", "[projection]") {
  auto s = scenario(R"({"name": "g", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}})");
  auto p = core::project(s);
  CHECK(p.commands == 43200);
  CHECK(p.billable == 43200);
  CHECK(p.reads == 43200);
  CHECK(p.writes == 0);
  REQUIRE(p.daily.size() == 30);
  for (const auto& d : p.daily) CHECK(d.commands == 1440);
  CHECK(p.daily.back().cumulative_billable == 43200);
  for (auto h : p.hour_of_day) CHECK(h == 1800);  // 60 a day x 30 days in each hour
  CHECK_FALSE(p.exhausted_at.has_value());
  CHECK(p.payg_usd == Approx(0.0864));  // 43,200 / 100,000 x $0.20
  CHECK(p.used_pct == Approx(8.64));
}

TEST_CASE("the quota runs out at the exact command that reaches it", "[projection]") {
  // 16 commands a minute (the seed-002 cron poll) from 2026-01-01 00:00 UTC, first tick at 00:00.
  // 500,000 / 16 = 31,250 polls; the 31,250th is at minute 31,249 = 21 d 16 h 49 min.
  auto s = scenario(R"({"name": "cron", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 13, "SET": 2, "XADD": 1}})");
  auto p = core::project(s);
  CHECK(p.commands == 691200);
  REQUIRE(p.exhausted_at.has_value());
  CHECK(sim::format_iso_utc(*p.exhausted_at) == "2026-01-22T16:49:00Z");
  CHECK(p.periods_over == 1);
  CHECK(p.daily[21].cumulative_billable == 22 * 23040);  // 506,880 by the end of day 22
}

TEST_CASE("free commands and regions change billable counts", "[projection]") {
  auto comp = R"({"name": "c", "type": "periodic", "schedule": {"every": "1h"}, "commands": {"PING": 1, "SET": 1, "GET": 1}})";
  auto p = core::project(scenario(comp));
  CHECK(p.commands == 3 * 720);
  CHECK(p.billable == 2 * 720);  // PING is not billed on Upstash
  auto g = core::project(scenario(comp, R"("billing": {"regions": 3}, )"));
  CHECK(g.billable == (1 + 3) * 720);  // a write is billed once per region
  auto all = core::project(scenario(comp, R"("billing": {"rules": "every-command"}, )"));
  CHECK(all.billable == 3 * 720);
}

TEST_CASE("the 2023 free tier is a daily quota of 10,000", "[projection]") {
  // 8 commands a minute = 11,520 a day: over 10,000 every day; it runs out at 20:50 UTC each day
  // (10,000 / 8 = 1,250 minutes after midnight, the 1,250th tick at minute 1,249 = 20:49).
  auto s = scenario(R"({"name": "c", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 8}})");
  core::ProjectionOptions opt;
  opt.start = sim::CivilDate{2024, 6, 1};
  auto p = core::project(s, opt);
  CHECK(p.plan.period == core::QuotaPeriod::Day);
  CHECK(p.plan.limit == 10000);
  REQUIRE(p.exhausted_at.has_value());
  CHECK(sim::format_iso_utc(*p.exhausted_at) == "2024-06-01T20:49:00Z");
  CHECK(p.periods_over == 30);
  CHECK(p.peak_period_billable == 11520);
}

TEST_CASE("windows and cron schedules in a zone", "[projection]") {
  // Weekdays 10:00-18:00 Berlin, every 6 s: 8 h x 600 = 4,800 a weekday. January 2026 from the 5th
  // (a Monday) for 28 days has 20 weekdays.
  std::string text = R"({"name": "w", "period": {"start": "2026-01-05", "days": 28, "zone": "Europe/Berlin"},
    "components": [{"name": "p", "type": "periodic", "schedule": {"every": "6s"}, "commands": {"GET": 1},
                    "active": [{"days": "mon-fri", "hours": "10:00-18:00"}]},
                   {"name": "c", "type": "periodic", "schedule": {"cron": "*/5 * * * *", "zone": "Europe/Berlin"},
                    "commands": {"GET": 1}}]})";
  auto p = core::project(core::load_scenario_text(text, "w.json"));
  CHECK(p.components[0].commands == 20 * 4800);
  CHECK(p.components[1].commands == 28 * 288);
  CHECK(p.daily[0].by_component[0] == 4800);
  CHECK(p.daily[5].by_component[0] == 0);  // Saturday
  CHECK(p.hour_of_day[9] == 28 * 12);      // only the cron at 09:xx local
  CHECK(p.hour_of_day[10] == 20 * 600 + 28 * 12);
}

TEST_CASE("random counts give replications with percentiles", "[projection]") {
  auto s = scenario(R"({"name": "r", "type": "periodic", "schedule": {"every": "1h"}, "commands": {"GET": {"mean": 10}}})",
                    R"("replications": 20, "seed": 7, )");
  auto p = core::project(s);
  CHECK(p.monthly_billable.n == 20);
  // 720 Poisson(10) draws: mean 7,200, sd sqrt(7,200) = 85.
  CHECK(p.monthly_billable.mean == Approx(7200).margin(4 * 85 / std::sqrt(20.0) + 1));
  CHECK(p.monthly_billable.p5 < p.monthly_billable.p95);
  auto again = core::project(s);
  CHECK(again.commands == p.commands);  // same seed, same draws
}
