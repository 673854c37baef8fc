// INFO commandstats: parsing (all Redis versions' forms, errors with their line), rates between
// two snapshots, and the check of a replay against a snapshot.
#include <catch2/catch.hpp>

#include "capture_builder.hpp"
#include "core/input/errors.hpp"
#include "core/replay/commandstats.hpp"
#include "core/replay/format.hpp"

using namespace core::replay;

namespace {
const sim::CivilDate kDay{2026, 11, 22};
}

TEST_CASE("parses Redis 7 and pre-6.2 lines, CRLF, other sections", "[replay][commandstats]") {
  std::string text =
      "# Server\r\n"
      "redis_version:7.0.15\r\n"
      "uptime_in_seconds:1234\r\n"
      "\r\n"
      "# Commandstats\r\n"
      "cmdstat_get:calls=62,usec=186,usec_per_call=3.00,rejected_calls=1,failed_calls=2\r\n"
      "cmdstat_script|load:calls=1,usec=37,usec_per_call=37.00,rejected_calls=0,failed_calls=0\r\n"
      "cmdstat_set:calls=5,usec=9,usec_per_call=1.80\r\n"
      "errorstat_ERR:count=3\r\n";
  CommandStatsSnapshot s = parse_commandstats(text, "snap.txt");
  REQUIRE(s.stats.size() == 3);
  CHECK(s.stats[0].name == "get");
  CHECK(s.stats[0].calls == 62);
  CHECK(s.stats[0].rejected == 1);
  CHECK(s.stats[0].failed == 2);
  CHECK(s.stats[1].name == "script|load");
  CHECK(s.stats[2].calls == 5);
  REQUIRE(s.uptime_s);
  CHECK(*s.uptime_s == 1234);
}

TEST_CASE("malformed snapshots name the file and line", "[replay][commandstats]") {
  try {
    parse_commandstats("# Commandstats\ncmdstat_get:calls=x,usec=1\n", "after.txt");
    FAIL("expected an InputError");
  } catch (const core::InputError& e) {
    CHECK(e.file() == "after.txt");
    CHECK(e.where() == "line 2");
    CHECK(std::string(e.what()).find("calls") != std::string::npos);
  }
  try {
    parse_commandstats("1700000000.000001 [0 127.0.0.1:1] \"GET\" \"k\"\n", "capture.monitor");
    FAIL("expected an InputError");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()).find("INFO commandstats") != std::string::npos);
  }
  CHECK_THROWS_AS(load_commandstats("/nonexistent/stats.txt"), core::InputError);
}

TEST_CASE("rates and a monthly projection between two snapshots", "[replay][commandstats]") {
  CommandStatsSnapshot before = parse_commandstats(
      "cmdstat_brpop:calls=1000,usec=1\ncmdstat_ping:calls=10,usec=1\nuptime_in_seconds:100\n", "before");
  CommandStatsSnapshot after = parse_commandstats(
      "cmdstat_brpop:calls=1600,usec=1\ncmdstat_ping:calls=34,usec=1\ncmdstat_publish:calls=300,usec=1\n"
      "uptime_in_seconds:700\n",
      "after");
  RatesReport r = commandstats_rates(&before, after, std::nullopt, "upstash-payg", kDay);
  CHECK(r.elapsed_s == 600);
  CHECK(r.elapsed_source == "uptime_in_seconds");
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].name == "BRPOP");
  CHECK(r.rows[0].calls == 600);
  CHECK(r.rows[0].per_min == Approx(60));
  CHECK(r.rows[0].monthly == Approx(60.0 * 60 * 24 * 30));
  CHECK(r.calls == 924);
  // PING is not billed by Upstash.
  CHECK(r.monthly_billable == Approx((600 + 300) / 600.0 * 30 * 86400));
  CHECK(r.monthly_cost_usd == Approx(r.monthly_billable / 1e5 * 0.20));
  // --elapsed overrides.
  RatesReport r2 = commandstats_rates(&before, after, 1200.0, "upstash-payg", kDay);
  CHECK(r2.rows[0].per_min == Approx(30));
  // JSON and text render.
  CHECK(rates_json(r)["commands"]["BRPOP"] == 600);
  CHECK(rates_text(r, TextStyle{}).find("BRPOP") != std::string::npos);
}

TEST_CASE("unknown elapsed time and counters going down are input errors", "[replay][commandstats]") {
  CommandStatsSnapshot a = parse_commandstats("cmdstat_get:calls=10,usec=1\n", "a");
  CommandStatsSnapshot b = parse_commandstats("cmdstat_get:calls=5,usec=1\n", "b");
  CHECK_THROWS_AS(commandstats_rates(&a, b, std::nullopt, "upstash-payg", kDay), core::InputError);
  try {
    commandstats_rates(&a, b, 60.0, "upstash-payg", kDay);
    FAIL("expected an InputError");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()).find("went down") != std::string::npos);
  }
  CHECK_THROWS_AS(commandstats_rates(nullptr, a, 0.0, "upstash-payg", kDay), core::InputError);
  CHECK_THROWS_AS(commandstats_rates(nullptr, a, 60.0, "no-such-plan", kDay), core::InputError);
}

TEST_CASE("a replay checked against a snapshot", "[replay][commandstats]") {
  replay_test::Capture c;
  c.add(0, "10.0.0.1:1", {"SET", "k", "v"});
  c.add(1, "10.0.0.1:1", {"GET", "k"});
  c.add(2, "10.0.0.1:1", {"EVAL", "return redis.call('get', KEYS[1])", "1", "k"});
  c.add(2.0001, "lua", {"get", "k"});
  c.add(3, "10.0.0.1:1", {"CLIENT", "SETNAME", "w1"});
  c.add(4, "10.0.0.1:1", {"BRPOP", "q", "0"});
  c.add(5, "10.0.0.2:1", {"INFO", "commandstats"});
  ReplayReport r = c.replay();
  CommandStatsSnapshot ok = parse_commandstats(
      "cmdstat_set:calls=1,usec=1\ncmdstat_get:calls=2,usec=1\ncmdstat_eval:calls=1,usec=1\n"
      "cmdstat_client|setname:calls=1,usec=1\ncmdstat_client|list:calls=3,usec=1\ncmdstat_config|resetstat:calls=1,usec=1\n"
      "cmdstat_monitor:calls=1,usec=1\n",  // BRPOP still blocked; INFO counted after the snapshot
      "ok.txt");
  CheckReport check = check_commandstats(r, ok);
  CHECK(check.passed);
  CHECK(check.differs == 0);
  CHECK(check.admin == 3);  // CLIENT LIST, CONFIG RESETSTAT, MONITOR
  std::map<std::string, std::string> status;
  for (const CheckRow& row : check.rows) status[row.name] = row.status;
  CHECK(status["GET"] == "ok");  // 1 from the client + 1 run by the script
  CHECK(status["CLIENT|LIST"] == "admin");
  CHECK(status["BRPOP"] == "blocked");
  CHECK(status["INFO"] == "snapshot-info");
  CommandStatsSnapshot bad = parse_commandstats("cmdstat_set:calls=3,usec=1\ncmdstat_get:calls=2,usec=1\n", "bad.txt");
  CheckReport fail = check_commandstats(r, bad);
  CHECK_FALSE(fail.passed);
  CHECK(status.size() > 0);
  bool set_differs = false;
  for (const CheckRow& row : fail.rows) set_differs = set_differs || (row.name == "SET" && row.status == "differs");
  CHECK(set_differs);
  CHECK(check_json(fail)["passed"] == false);
}
