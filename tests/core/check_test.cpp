// The CI budget gate (core/check): budgets parsed, scenarios judged against hand arithmetic, the
// fix found for the one that is over, the change against a baseline, and the markdown golden.
//
// The figures: seed-002/current.json sends 16 billable commands per cron poll, one poll a minute:
// 23,040 a day, 691,200 in its 30 days. cron-5min.json polls every 5 minutes: 4,608 a day, 138,240.
// hello.json: 1 GET a minute, 1,440 a day, 43,200. Pay-as-you-go: $0.20 per 100K.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <iterator>
#include <regex>

#include "core/check/check.hpp"
#include "core/input/errors.hpp"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A shipped scenario, named by its path relative to the repository (as `redcast check` run from the
// repository's root names it).
core::Scenario shipped(const std::string& rel) {
  return core::load_scenario_text(read_file(std::string(REDCAST_SOURCE_DIR) + "/" + rel), rel);
}

core::CheckInput input(const std::string& rel) { return core::CheckInput{shipped(rel), std::nullopt, ""}; }

std::vector<core::CheckInput> inputs(std::initializer_list<const char*> files) {
  std::vector<core::CheckInput> v;
  for (const char* f : files) v.push_back(input(f));
  return v;
}

}  // namespace

TEST_CASE("command budgets: K/M/B, digit groups, per day or month", "[check]") {
  using core::BudgetKind;
  CHECK(core::parse_command_budget("500000").value == 500000);
  CHECK(core::parse_command_budget("500000").kind == BudgetKind::commands_per_month);
  CHECK(core::parse_command_budget("500K").value == 500000);
  CHECK(core::parse_command_budget("1.5M/month").value == 1500000);
  CHECK(core::parse_command_budget("2b").value == 2e9);
  CHECK(core::parse_command_budget("500_000").value == 500000);
  CHECK(core::parse_command_budget("10,000/day").value == 10000);
  CHECK(core::parse_command_budget("10K / Day").kind == BudgetKind::commands_per_day);
  for (const char* bad : {"", "lots", "0", "-5", "5X", "10K/week", "1e999", "/day", "K", "nan", "5K/"}) {
    INFO(bad);
    CHECK_THROWS_AS(core::parse_command_budget(bad), core::InputError);
  }
  try {
    core::parse_command_budget("10K/week");
    FAIL("no error");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()).find("--budget: expected billable commands") == 0);
    CHECK(std::string(e.what()).find("got \"10K/week\"") != std::string::npos);
  }
  CHECK(core::parse_usd_budget("$12.50").value == 12.5);
  CHECK(core::parse_usd_budget("5").kind == BudgetKind::usd_per_month);
  CHECK_THROWS_AS(core::parse_usd_budget("5K"), core::InputError);
  CHECK_THROWS_AS(core::parse_usd_budget("-1"), core::InputError);
  CHECK(core::plan_budget("upstash-free").kind == BudgetKind::plan_quota);
  CHECK_THROWS_AS(core::plan_budget("gold"), core::InputError);
  CHECK_THROWS_AS(core::plan_budget("upstash-payg"), core::InputError);  // no quota to fit under
}

TEST_CASE("a month budget: over, fitting, and the best fix", "[check]") {
  core::CheckOptions opt;
  opt.budget = core::parse_command_budget("500K");
  auto r = core::check(inputs({"scenarios/seed-002/cron-5min.json", "scenarios/seed-002/current.json"}), opt);
  REQUIRE(r.scenarios.size() == 2);
  CHECK(r.over == 1);
  CHECK_FALSE(r.fits());
  // Over-budget rows first, whatever the input order.
  const auto& over = r.scenarios[0];
  const auto& fit = r.scenarios[1];
  CHECK(over.file == "scenarios/seed-002/current.json");
  CHECK_FALSE(over.fits);
  CHECK(over.unit == "month");
  CHECK(over.projected == 691200);
  CHECK(over.limit == 500000);
  CHECK(over.pct == Approx(138.24));
  CHECK(over.peak_day_billable == 23040);
  // Past the free quota the month costs what pay-as-you-go charges: 691,200 / 100K x $0.20.
  CHECK(over.monthly_usd == Approx(1.3824));
  CHECK(over.cost_basis == "upstash-payg (past the upstash-free quota)");
  REQUIRE(over.exhausted_at.has_value());
  CHECK(*over.exhausted_at == "2026-01-26T16:49:00+01:00");  // docs/golden.md: the 31,250th poll
  REQUIRE(over.components.size() == 1);
  CHECK(over.components[0].name == "cron-poll");
  CHECK(over.components[0].share_pct == Approx(100));
  REQUIRE(over.fix.has_value());
  CHECK(over.fix->fits);
  CHECK(over.fix->after < 500000);
  CHECK(over.fix->saving == Approx(691200 - over.fix->after));
  CHECK(over.fix->usd_saved == Approx(over.fix->saving / 100000 * 0.20));
  CHECK_FALSE(over.fix->patch.empty());

  CHECK(fit.fits);
  CHECK(fit.projected == 138240);
  CHECK(fit.pct == Approx(27.648));
  CHECK(fit.monthly_usd == 0);  // inside the free quota
  CHECK(fit.cost_basis == "upstash-free");
  CHECK_FALSE(fit.fix.has_value());  // nothing to fix
}

TEST_CASE("a day budget judges the busiest day", "[check]") {
  core::CheckOptions opt;
  opt.budget = core::parse_command_budget("10000/day");
  opt.recommend = false;
  auto r = core::check(inputs({"scenarios/hello.json", "scenarios/seed-002/cron-5min.json", "scenarios/seed-002/current.json"}), opt);
  REQUIRE(r.scenarios.size() == 3);
  CHECK(r.over == 1);
  CHECK(r.scenarios[0].name == "merchant-hub-current");
  CHECK(r.scenarios[0].projected == 23040);  // 16 x 1,440
  CHECK(r.scenarios[0].pct == Approx(230.4));
  CHECK_FALSE(r.scenarios[0].fix.has_value());  // recommend off
  CHECK(r.scenarios[1].name == "hello");         // the fitting ones keep their input order
  CHECK(r.scenarios[1].projected == 1440);
  CHECK(r.scenarios[2].projected == 4608);       // 16 x 288
}

TEST_CASE("a dollar budget and a plan's quota", "[check]") {
  core::CheckOptions opt;
  opt.recommend = false;
  opt.budget = core::parse_usd_budget("1");
  auto r = core::check(inputs({"scenarios/seed-002/current.json", "scenarios/hello.json"}), opt);
  CHECK(r.over == 1);
  CHECK(r.scenarios[0].unit == "usd");
  CHECK(r.scenarios[0].projected == Approx(1.3824));
  CHECK(r.scenarios[0].pct == Approx(138.24));
  CHECK(r.scenarios[1].projected == 0);  // 43,200 inside the free quota: $0

  opt.budget = core::plan_budget("upstash-free");
  r = core::check(inputs({"scenarios/seed-002/current.json", "scenarios/seed-002/cron-5min.json"}), opt);
  CHECK(r.over == 1);
  // The quota month starts on the period's first day (core/billing/quota.cpp): all 30 days lie in
  // the quota month from 2026-01-05, so its use is the whole 691,200.
  CHECK(r.scenarios[0].projected == 691200);
  CHECK(r.scenarios[0].limit == 500000);
  CHECK(r.scenarios[0].pct == Approx(138.24));
  CHECK(r.scenarios[0].unit == "month");
  // A daily quota (the free tier before 2025-02-01: 10K a day) judges the busiest UTC day: 23,040.
  auto old = inputs({"scenarios/seed-002/current.json"});
  old[0].scenario = core::load_scenario_text(
      std::regex_replace(read_file(std::string(REDCAST_SOURCE_DIR) + "/scenarios/seed-002/current.json"),
                         std::regex("2026-01-05"), "2025-01-01"),
      "old.json");
  r = core::check(old, opt);
  CHECK(r.scenarios[0].unit == "day");
  CHECK(r.scenarios[0].limit == 10000);
  CHECK(r.scenarios[0].projected == 23040);
  REQUIRE(r.scenarios.size() == 1);  // one input: there is no second result to read
  CHECK_FALSE(r.scenarios[0].fits);  // 23,040 > 10,000
}

TEST_CASE("the change against a baseline, per scenario and per component", "[check]") {
  core::CheckOptions opt;
  opt.budget = core::parse_command_budget("500K");
  opt.recommend = false;
  std::vector<core::CheckInput> in;
  // The base branch polled every 5 minutes; the change polls every minute.
  in.push_back({shipped("scenarios/seed-002/current.json"), shipped("scenarios/seed-002/cron-5min.json"), "base/cron-5min.json"});
  // And the reverse: the fix, against the scenario as deployed.
  in.push_back({shipped("scenarios/seed-002/cron-5min.json"), shipped("scenarios/seed-002/current.json"), "base/current.json"});
  in.push_back({shipped("scenarios/hello.json"), std::nullopt, "base/hello.json"});  // new on this branch
  auto r = core::check(in, opt);
  REQUIRE(r.scenarios.size() == 3);
  // The two projections on their own, per billing month.
  const auto now = core::project(shipped("scenarios/seed-002/current.json"));
  const auto base = core::project(shipped("scenarios/seed-002/cron-5min.json"));
  CHECK(r.scenarios[0].delta->delta() == Approx(now.monthly_billable.mean - base.monthly_billable.mean));
  CHECK(r.scenarios[0].delta->components[0].delta() ==
        Approx(static_cast<double>(now.components[0].billable) - static_cast<double>(base.components[0].billable)));
  const auto& worse = *r.scenarios[0].delta;
  CHECK(worse.found);
  CHECK(worse.billable_before == 138240);
  CHECK(worse.billable_after == 691200);
  CHECK(worse.delta() == 552960);  // 16 x (43,200 - 8,640)
  CHECK(worse.fits_before);
  CHECK(worse.usd_before == 0);
  CHECK(worse.usd_after == Approx(1.3824));
  REQUIRE(worse.components.size() == 1);
  CHECK(worse.components[0].name == "cron-poll");
  CHECK(worse.components[0].delta() == 552960);
  const auto& better = *r.scenarios[1].delta;
  CHECK(better.delta() == -552960);
  CHECK_FALSE(better.fits_before);
  const auto& fresh = *r.scenarios[2].delta;
  CHECK_FALSE(fresh.found);
  REQUIRE(fresh.components.size() == 1);
  CHECK(fresh.components[0].added);
  CHECK(fresh.components[0].after == 43200);

  const std::string md = core::check_to_markdown(r);
  CHECK(md.find("+553.0K commands/month from cron-poll") != std::string::npos);
  CHECK(md.find("merchant-hub-cron-5min: -553.0K commands/month from cron-poll") != std::string::npos);
  const std::string table = core::check_to_table(r);
  CHECK(table.find("+553.0K/month (+400.0%): cron-poll +553.0K") != std::string::npos);
  const auto j = core::check_to_json(r);
  CHECK(j["scenarios"][0]["baseline"]["delta"] == 552960);
  CHECK(j["scenarios"][2]["baseline"]["found"] == false);
}

TEST_CASE("markdown cells escape the table's bars; a zero-dollar budget", "[check]") {
  core::CheckOptions opt;
  opt.budget = core::parse_usd_budget("0");
  opt.recommend = false;
  std::vector<std::size_t> seen;
  opt.progress = [&](std::size_t i, std::size_t n, const std::string&) { seen.push_back(i * 10 + n); };
  std::vector<core::CheckInput> in;
  in.push_back({core::load_scenario_text(R"({"name": "a|b", "period": {"start": "2026-01-01", "days": 30, "zone": "UTC"},
    "plan": "upstash-payg", "components": [{"name": "g", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}}]})", "p.json"),
               std::nullopt, ""});
  in.push_back(input("scenarios/hello.json"));
  auto r = core::check(in, opt);
  CHECK(seen == std::vector<std::size_t>{2, 12});
  REQUIRE(r.scenarios.size() == 2);
  // On pay-as-you-go every command costs: 43,200 x $0.20 / 100K = $0.0864 is over $0.
  CHECK_FALSE(r.scenarios[0].fits);
  CHECK(r.scenarios[0].monthly_usd == Approx(0.0864));
  CHECK(std::isinf(r.scenarios[0].pct));
  CHECK(r.scenarios[1].fits);  // free inside the free quota: $0 fits $0
  CHECK(r.scenarios[1].pct == 0);
  CHECK(core::check_to_json(r)["scenarios"][0]["pct_of_limit"].is_null());
  const std::string md = core::check_to_markdown(r);
  CHECK(md.find("| **over** | a\\|b | $0.09 | $0.00 | inf |") != std::string::npos);
}

TEST_CASE("components matched by name: changed, added, removed, unchanged left out", "[check]") {
  auto doc = [](const std::string& comps, const std::string& file) {
    return core::load_scenario_text(R"({"name": "s", "period": {"start": "2026-01-01", "days": 30, "zone": "UTC"}, "components": [)" +
                                        comps + "]}", file);
  };
  auto every = [](const char* name, const char* period) {
    return std::string(R"({"name": ")") + name + R"(", "type": "periodic", "schedule": {"every": ")" + period +
           R"("}, "commands": {"GET": 1}})";
  };
  core::CheckOptions opt;
  opt.budget = core::parse_command_budget("1M");
  opt.recommend = false;
  std::vector<core::CheckInput> in;
  in.push_back({doc(every("a", "1m") + "," + every("b", "30s") + "," + every("d", "1m"), "new.json"),
                doc(every("a", "1m") + "," + every("b", "1m") + "," + every("c", "1h"), "old.json"), "old.json"});
  auto r = core::check(in, opt);
  const auto& d = *r.scenarios[0].delta;
  CHECK(d.billable_before == 87120);   // 43,200 + 43,200 + 720
  CHECK(d.billable_after == 172800);   // 43,200 + 86,400 + 43,200
  CHECK(d.delta() == 85680);
  REQUIRE(d.components.size() == 3);   // a is unchanged
  CHECK(d.components[0].name == "b");  // +43,200 (ties keep the new scenario's order)
  CHECK(d.components[0].delta() == 43200);
  CHECK(d.components[1].name == "d");
  CHECK(d.components[1].added);
  CHECK(d.components[1].delta() == 43200);
  CHECK(d.components[2].name == "c");
  CHECK(d.components[2].removed);
  CHECK(d.components[2].delta() == -720);
  const std::string table = core::check_to_table(r);
  CHECK(table.find("+85.7K/month (+98.3%): b +43.2K, d +43.2K (new)") != std::string::npos);
}

TEST_CASE("a summary of many failing scenarios stays under GitHub's comment limit", "[check]") {
  // Plain data in: 60 over-budget scenarios, each changed in 50 components (~3 KB of details each).
  core::CheckReport r;
  r.budget = core::parse_command_budget("1M");
  r.budget_text = core::budget_text(r.budget);
  for (int i = 0; i < 60; ++i) {
    core::ScenarioCheck c;
    c.file = "scenarios/s" + std::to_string(i) + ".json";
    c.name = "s" + std::to_string(i);
    c.unit = "month";
    c.fits = false;
    c.projected = 2e6;
    c.limit = 1e6;
    c.pct = 200;
    core::ScenarioDelta d;
    d.found = true;
    for (int k = 0; k < 50; ++k) d.components.push_back({"component-with-a-long-name-" + std::to_string(k), 0, 1000, false, false});
    c.delta = d;
    r.scenarios.push_back(c);
  }
  r.over = 60;
  const std::string md = core::check_to_markdown(r);
  CHECK(md.size() < 65536);
  CHECK(md.find("| **over** | s59 |") != std::string::npos);  // every row is kept
  CHECK(md.find("#### s0 (`scenarios/s0.json`)") != std::string::npos);
  CHECK(md.find("#### s59 ") == std::string::npos);
  CHECK(md.find("more over-budget scenarios are left out to keep this comment short") != std::string::npos);
}

TEST_CASE("the baseline file: the path as given under DIR, else the file name", "[check]") {
  const std::string root = REDCAST_SOURCE_DIR;
  CHECK(core::baseline_path("scenarios/seed-002/current.json", root) == root + "/scenarios/seed-002/current.json");
  CHECK(core::baseline_path("elsewhere/current.json", root + "/scenarios/seed-002") == root + "/scenarios/seed-002/current.json");
  CHECK_FALSE(core::baseline_path("scenarios/seed-002/nope.json", root).has_value());
}

TEST_CASE("the markdown summary of two scenarios matches its golden", "[check][golden]") {
  // tests/golden/check/seed-002.md: docs/golden.md explains each figure.
  core::CheckOptions opt;
  opt.budget = core::parse_command_budget("500K");
  auto r = core::check(inputs({"scenarios/seed-002/cron-5min.json", "scenarios/seed-002/current.json"}), opt);
  const std::string want = read_file(std::string(REDCAST_SOURCE_DIR) + "/tests/golden/check/seed-002.md");
  REQUIRE_FALSE(want.empty());  // scripts/update-golden writes it
  CHECK(core::check_to_markdown(r) == want);
}
