// Seed 001 (Celery on Upstash, "Redis Command Usage Optimization Guide"): the figures that follow from
// the seed's own numbers, the right values where they do not (docs/seed-notes.md, "Seed 001"), and the
// Celery claims that the source code and the recordings refute (shared/research/celery-kombu.md).
#include <catch2/catch.hpp>

#include <cmath>

#include "core/billing/billing.hpp"
#include "core/models/celery_worker.hpp"
#include "core/projection/projection.hpp"
#include "core/scenario/scenario.hpp"

namespace {

std::string scenario(const std::string& name) { return std::string(REDCAST_SOURCE_DIR) + "/scenarios/seed-001/" + name; }

double per_minute(const core::Projection& p, const std::string& component) {
  for (const auto& c : p.components)
    if (c.name == component) return static_cast<double>(c.commands) / (p.days * 1440.0);
  FAIL("no component " << component);
  return 0;
}

double worker_idle_per_minute(const std::string& extra) {
  std::string text = R"({"name": "w", "plan": "upstash-payg", "period": {"start": "2026-01-05", "days": 1},
                         "components": [{"name": "w", "type": "celery_worker", "count_startup": false)" +
                     extra + "}]}";
  core::Scenario s = core::load_scenario_text(text, "");
  core::Projection p = core::project(s);
  return static_cast<double>(p.commands) / 1440.0;
}

}  // namespace

TEST_CASE("seed 001: the figures that follow from the seed's own numbers", "[seed001]") {
  // "Daily budget: ~7 commands/minute" for 10,000/day.
  CHECK(10000.0 / 1440 == Approx(6.94).margin(0.005));
  // "~10 commands/minute" = "~14,400 commands/day".
  CHECK(10 * 1440 == 14400);
  // "Commands: 4,988 (reads) + 13 (writes) = 5,001 total"
  CHECK(4988 + 13 == 5001);
  // "Health checks 30 s -> 120 s: 2/minute -> 0.5/minute (75 % reduction)", on the seed's assumption.
  CHECK(60.0 / 30 == 2.0);
  CHECK(60.0 / 120 == 0.5);
  CHECK(1 - 0.5 / 2 == Approx(0.75));
  // "Worker registration 1 + polling 5-10 + heartbeat 1 + health 0.5 = ~7-12/minute": 7.5-12.5.
  CHECK(1 + 5 + 1 + 0.5 == 7.5);
  CHECK(1 + 10 + 1 + 0.5 == 12.5);
  // "~400:1" unhealthy ratio: 4,988 / 13 = 384.
  CHECK(std::lround(4988.0 / 13) == 384);
}

TEST_CASE("seed 001: figures that do not follow from the seed's own assumptions", "[seed001]") {
  SECTION("14,400/day is not 'within free tier' of 10,000/day") { CHECK(14400 > 10000); }
  SECTION("'10,000 commands per day (500k/month)': 10K/day is 300K in 30 days; 500K/month is 16,129/day in October") {
    CHECK(10000 * 30 == 300000);
    CHECK(std::lround(500000.0 / 31) == 16129);
    // On the seed's date (2 Oct 2025) Upstash's free tier was 500K/month (from 1 Feb 2025), not 10K/day.
    auto plan = core::find_plan("upstash-free", sim::CivilDate{2025, 10, 2});
    REQUIRE(plan);
    CHECK(plan->period == core::QuotaPeriod::Month);
    CHECK(plan->limit == 500000);
    // 14,400/day over October's 31 days is 446,400: under the monthly limit after all.
    CHECK(14400 * 31 == 446400);
  }
  SECTION("'$10/month for 100k commands': pay-as-you-go is $0.20 per 100K; $10 buys 5M") {
    auto payg = core::find_plan("upstash-payg", sim::CivilDate{2025, 10, 2});
    REQUIRE(payg);
    CHECK(core::usage_cost_usd(*payg, 100000, 1) == Approx(0.20));
    CHECK(core::usage_cost_usd(*payg, 5000000, 1) == Approx(10.0));
  }
  SECTION("'Expected ~1,000 commands/day (90 % reduction)' contradicts its own 'idle ~10/min = 14,400/day'") {
    CHECK(1000.0 / 1440 == Approx(0.69).margin(0.01));
    CHECK(1 - 1000.0 / 14400 == Approx(0.93).margin(0.01));
  }
  SECTION("rate limiter '3 reads + 1 write' and '2 reads' = 4-6 per call, not 3-5") {
    CHECK(3 + 1 == 4);
    CHECK(3 + 1 + 2 == 6);
  }
  SECTION("chat cache '1 write + 1 read + 2-3 reads' = 2-5 per message, not 2-4") {
    CHECK(1 + 1 == 2);
    CHECK(1 + 1 + 3 == 5);
  }
}

TEST_CASE("seed 001: the Celery claims, against the model validated on real traces", "[seed001]") {
  const double base = worker_idle_per_minute("");
  // 59.76 BRPOP (1 s timeout + 4 ms loop latency) + 30 PUBLISH + 4.8 PING + 2.4 sweep + 1.2 script GET/DEL
  CHECK(base == Approx(98.161).margin(0.01));
  SECTION("'queue polling 5-10 reads/minute': 59.76 BRPOP a minute (1 s timeout, 1.004 s cycle)") {
    CHECK(worker_idle_per_minute(R"(, "heartbeat": false, "remote_control": false, "ack_emulation": false)") ==
          Approx(59.761).margin(0.01));
  }
  SECTION("'heartbeat 1 read/minute': 30 PUBLISH (writes) a minute; broker_heartbeat=60 changes nothing") {
    CHECK(base - worker_idle_per_minute(R"(, "heartbeat": false)") == Approx(30).margin(0.01));
    CHECK(worker_idle_per_minute(R"(, "broker_heartbeat": 60, "broker_heartbeat_checkrate": 2)") == base);
  }
  SECTION("'prefetch 4 -> 1 reduces polling by 75 %': 0 %") {
    CHECK(worker_idle_per_minute(R"(, "prefetch_multiplier": 1)") == base);
  }
  SECTION("'max_sleep_time 1 reduces polling by 90 %': the option does not exist: 0 %") {
    CHECK(worker_idle_per_minute(R"(, "max_sleep_time": 1)") == base);
  }
  SECTION("'health checks 30 s -> 120 s' saves 3.6 of 97.4 a minute (3.7 %); from kombu's real default 25 s, 4.4") {
    const double h120 = worker_idle_per_minute(R"(, "health_check_interval": "120s")");
    CHECK(h120 == Approx(93.761).margin(0.01));
    CHECK(base - h120 == Approx(4.4).margin(0.01));
    const double h30 = worker_idle_per_minute(R"(, "health_check_interval": "30s")");
    CHECK(h30 == Approx(97.361).margin(0.01));  // 4 PING a minute in pairs + 0.6 on the sweep
    CHECK(h30 - h120 == Approx(3.6).margin(0.01));
  }
  SECTION("polling_interval works from kombu 5.6 only") {
    CHECK(worker_idle_per_minute(R"(, "kombu_version": "5.5", "polling_interval": "10s")") == base);
    CHECK(worker_idle_per_minute(R"(, "kombu_version": "5.6", "polling_interval": "10s")") == Approx(base - 60 / 1.004 + 60 / 10.004).margin(0.01));
  }
}

TEST_CASE("seed 001: the celery-dev and celery-default scenarios", "[seed001]") {
  core::Projection dev = core::project(core::load_scenario_file(scenario("celery-dev.json")));
  core::Projection def = core::project(core::load_scenario_file(scenario("celery-default.json")));
  // Dev: the seed's settings: 93.76 commands a minute (135,016 a day), not ~10 (14,400).
  CHECK(per_minute(dev, "worker") == Approx(93.761).epsilon(0.002));
  CHECK(dev.components[1].commands == 0);  // beat with no due entry sends nothing (recorded)
  CHECK(static_cast<double>(dev.daily[3].commands) == Approx(93.761 * 1440).epsilon(0.001));
  // The 500K/month free tier (October 2025) runs out on day 4.
  REQUIRE(dev.exhausted_at.has_value());
  CHECK((*dev.exhausted_at - dev.start) / sim::kDay == 3);
  // The seed's own dashboard: 5,001 commands in "a few hours" is 53 minutes of this worker.
  CHECK(5001.0 / 93.761 == Approx(53.3).margin(0.1));
  // Default settings with the three original beat entries (24 + 1 + 1 sends a day).
  CHECK(per_minute(def, "worker") > 98.161);
  CHECK(per_minute(def, "worker") < 98.161 + 0.5);
  double beat_per_day = static_cast<double>(def.components[1].commands) / def.days;
  // 26 sends a day, each LPUSH + SUBSCRIBE + UNSUBSCRIBE; a PING before 24 of them (the daily sends
  // at 00:00 and 03:00 follow the hourly send of the same second on a fresh connection).
  CHECK(beat_per_day == Approx(26 * 3 + 24).margin(1));
}
