// Seed 004 (trading platform, "Redis Usage Analysis"): the free-form component and the shipped
// scenario of the platform's per-symbol reads and writes. The seed gives key names and patterns but no
// counts or rates, so there are no seed figures to reproduce; the scenario states its assumptions.
#include <catch2/catch.hpp>

#include <memory>

#include "core/models/freeform.hpp"
#include "core/projection/projection.hpp"
#include "core/scenario/scenario.hpp"

namespace {

using core::json;

core::Projection project_text(const std::string& components, int days = 1) {
  std::string text = R"({"name": "t", "plan": "upstash-payg", "period": {"start": "2026-01-05", "days": )" +
                     std::to_string(days) + R"(, "zone": "UTC"}, "components": [)" + components + "]}";
  return core::project(core::load_scenario_text(text, ""));
}

}  // namespace

TEST_CASE("seed 004: free-form operations, multipliers and schedules", "[seed004]") {
  // 20 symbols x 3 timeframes, one SET each per minute: 60 x 1,440 a day.
  auto p = project_text(R"({"name": "k", "type": "freeform", "operations": [
      {"schedule": {"every": "1m"}, "multiplier": [20, 3], "commands": {"SET": 1}}]})");
  CHECK(p.commands == 60 * 1440);
  CHECK(p.by_command["SET"] == 60 * 1440);
  // A component multiplier applies to every operation; cron and windows work as in "periodic".
  auto q = project_text(R"({"name": "k", "type": "freeform", "multiplier": 2, "operations": [
      {"schedule": {"cron": "*/5 * * * *"}, "commands": {"GET": 4, "SET": 1}},
      {"schedule": {"every": "10s"}, "active": [{"days": "mon-fri", "hours": "08:00-20:00"}], "commands": {"GET": 1}}]})");
  CHECK(q.by_command["SET"] == 2 * 288);
  CHECK(q.by_command["GET"] == 2 * (4 * 288 + 6 * 60 * 12));  // 2026-01-05 is a Monday
  // Ranges and Poisson means draw per unit.
  auto r = project_text(R"({"name": "k", "type": "freeform", "operations": [
      {"schedule": {"every": "1m"}, "multiplier": 10, "commands": {"GET": {"min": 1, "max": 3}}}]})");
  CHECK(static_cast<double>(r.by_command["GET"]) == Approx(2.0 * 10 * 1440).epsilon(0.02));
}

TEST_CASE("seed 004: free-form state: rewritten keys, keys with a TTL, growing structures", "[seed004]") {
  auto p = project_text(R"({"name": "k", "type": "freeform", "operations": [
      {"schedule": {"every": "1m"}, "multiplier": [20, 3], "commands": {"SET": 7},
       "state": {"keys": 7, "bytes_per_key": 400}},
      {"schedule": {"every": "1h"}, "commands": {"SETEX": 1}, "state": {"new_keys": 1, "new_keys_ttl": "6h", "bytes_per_key": 100}},
      {"schedule": {"every": "1h"}, "commands": {"RPUSH": 1}, "state": {"grow_bytes": 700}}]})",
                          2);
  // 420 rewritten keys + at most 6 live SETEX keys (plus the one written on the bin's hour) + the list.
  CHECK(p.max_keys >= 420 + 6);
  CHECK(p.max_keys <= 420 + 7);
  // The list grows by 700 bytes an hour without a trim: 48 x 700 after two days.
  CHECK(p.daily[1].bytes >= 420 * 400 + 6 * 100 + 47 * 700);
  CHECK(p.max_bytes <= 420 * 400 + 7 * 100 + 48 * 700);
}

TEST_CASE("seed 004: bad free-form fields are rejected with their pointer", "[seed004]") {
  auto bad = [](const std::string& text) {
    json j = json::parse(text);
    core::Reader r(j, "/components/0");
    try {
      auto m = core::parse_freeform(r);
      r.finish();
    } catch (const core::FieldError& e) {
      return e.pointer;
    }
    return std::string("no error");
  };
  CHECK(bad(R"({"operations": []})") == "/components/0/operations");
  CHECK(bad(R"({"operations": [{"commands": {"GET": 1}}]})") == "/components/0/operations/0");
  CHECK(bad(R"({"operations": [{"schedule": {"every": "1m"}, "commands": {"GETT": 1}}]})") ==
        "/components/0/operations/0/commands/GETT");
  CHECK(bad(R"({"operations": [{"schedule": {"every": "1m"}, "multiplier": 1.5, "commands": {"GET": 1}}]})") ==
        "/components/0/operations/0/multiplier");
  CHECK(bad(R"({"operations": [{"schedule": {"every": "1m"}, "commands": {"GET": 1}, "state": {"key": 1}}]})") ==
        "/components/0/operations/0/state/key");
}

TEST_CASE("seed 004: the trading-platform scenario", "[seed004]") {
  core::Scenario s = core::load_scenario_file(std::string(REDCAST_SOURCE_DIR) + "/scenarios/seed-004/trading-platform.json");
  core::Projection p = core::project(s);
  REQUIRE(p.days == 30);
  // Per day, deterministic parts: klines 60/min, indicators 7 x 60/min, filters 6 x 20/min, the
  // volume scan 22 per 5 min; the dashboard 60 GET per 10 s for 12 h on weekdays; trades ~40 x 2.
  const double base_day = 1440.0 * (60 + 420 + 120) + 288.0 * 22;
  const double dashboard_weekday = 6.0 * 60 * 60 * 12;
  // 2026-01-05 is a Monday: day 0 is a weekday, day 5 a Saturday.
  CHECK(static_cast<double>(p.daily[5].commands) == Approx(base_day + 80).margin(40));
  CHECK(static_cast<double>(p.daily[0].commands) == Approx(base_day + dashboard_weekday + 80).margin(40));
  // 22 weekdays in the 30 days: about 27.8M commands, far past the free tier on day 1.
  CHECK(static_cast<double>(p.commands) == Approx(30 * base_day + 22 * dashboard_weekday + 30 * 80).margin(400));
  REQUIRE(p.exhausted_at.has_value());
  CHECK(*p.exhausted_at - p.start < sim::kDay);
  // Live keys: 60 klines + 420 indicator keys + 20 processed flags; FINAL_TRADES is one growing list.
  CHECK(p.max_keys == 500);
}
