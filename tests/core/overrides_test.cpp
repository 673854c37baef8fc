// --set and --sweep: paths as JSON pointers and dotted names, located errors for bad paths and
// values, and projections of an overridden scenario equal to projections of the edited file.
#include <catch2/catch.hpp>

#include "core/input/errors.hpp"
#include "core/projection/sweep.hpp"
#include "core/scenario/overrides.hpp"

namespace {

// One GET a minute for 30 days: 43,200 commands (1,440 a day), well under the free 500K.
const char* kHello = R"({
  "name": "hello",
  "period": {"start": "2026-01-01", "days": 30, "zone": "UTC"},
  "components": [
    {"name": "minute-get", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}},
    {"name": "poll.v2", "type": "periodic", "enabled": false, "schedule": {"every": "1h"}, "commands": {"GET": 1}}
  ]
})";

core::ScenarioDraft draft() {
  core::ScenarioDraft d;
  d.file = "hello.json";
  d.text = kHello;
  d.doc = core::parse_scenario_text(d.text, d.file);
  return d;
}

core::Scenario with(const std::vector<std::string>& sets) {
  core::ScenarioDraft d = draft();
  for (const auto& a : sets) core::apply_override(d, core::parse_override(a));
  return core::load_draft(d);
}

std::string error_of(const std::vector<std::string>& sets) {
  try {
    with(sets);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

std::string resolved(const std::string& path) { return core::resolve_override_path(draft().doc, path, "hello.json", "--set x"); }

}  // namespace

TEST_CASE("--set values: JSON when they parse, else the text as a string", "[overrides]") {
  CHECK(core::parse_override("/a=5").value == 5);
  CHECK(core::parse_override("/a=30s").value == "30s");
  CHECK(core::parse_override("/a=\"5\"").value == "5");
  CHECK(core::parse_override("/a=true").value == true);
  CHECK(core::parse_override("/a=[1,2]").value == core::json::array({1, 2}));
  CHECK(core::parse_override("/a=*/5 * * * *").value == "*/5 * * * *");
  CHECK(core::parse_override("/a=").value == "");
  // Split at the first '=': the value may hold '='.
  CHECK(core::parse_override("/a=x=y").value == "x=y");
  CHECK_THROWS_WITH(core::parse_override("components.minute-get"), Catch::Contains("--set components.minute-get: expected PATH=VALUE"));
  CHECK_THROWS_WITH(core::parse_override("=5"), Catch::Contains("expected a path"));
  CHECK_THROWS_WITH(core::parse_override("/a=1e999"), Catch::Contains("--set /a=1e999: line 1, column 1: the number 1e999 is out of range"));
  // The same depth limit as a file's.
  std::string deep = "/a=" + std::string(200, '[') + std::string(200, ']');
  CHECK_THROWS_WITH(core::parse_override(deep), Catch::Contains("nested more than"));
}

TEST_CASE("--set paths: pointers and dotted names resolve to the same field", "[overrides]") {
  CHECK(resolved("/components/0/schedule/every") == "/components/0/schedule/every");
  CHECK(resolved("components.minute-get.schedule.every") == "/components/0/schedule/every");
  CHECK(resolved("components.0.schedule.every") == "/components/0/schedule/every");
  // A name holding a dot: the longest match wins.
  CHECK(resolved("components.poll.v2.enabled") == "/components/1/enabled");
  // A key the document lacks is added (the loader then judges it); so are objects on the way.
  CHECK(resolved("seed") == "/seed");
  CHECK(resolved("billing.regions") == "/billing/regions");
  CHECK(resolved("/components/-") == "/components/-");
  CHECK(resolved("/a~1b/c~0d") == "/a~1b/c~0d");
}

TEST_CASE("--set: bad paths are located errors naming the argument", "[overrides]") {
  CHECK(error_of({"components.nope.schedule.every=2m"}) ==
        "hello.json: --set components.nope.schedule.every=2m: no element named \"nope\" in /components; expected one of: "
        "minute-get, poll.v2");
  CHECK(error_of({"/components/2/enabled=false"}) ==
        "hello.json: --set /components/2/enabled=false: index 2 is out of range: /components has 2 elements");
  CHECK(error_of({"/components/x/enabled=false"}) ==
        "hello.json: --set /components/x/enabled=false: expected an index into the array /components, got \"x\"");
  CHECK(error_of({"name.first=x"}) == "hello.json: --set name.first=x: cannot go through /name: it is a string, not an object or array");
  CHECK(error_of({"/components/-/name=x"}) == "hello.json: --set /components/-/name=x: \"-\" (past the end of /components) can only end a path");
  CHECK(error_of({"/a~2=1"}) == "hello.json: --set /a~2=1: expected ~0 or ~1 after ~ in the JSON pointer /a~2");
  CHECK(error_of({"components..name=x"}) == "hello.json: --set components..name=x: empty name in the path \"components..name\" (two dots, or a dot at an end)");
}

TEST_CASE("--set: the loader's own errors name the --set argument", "[overrides]") {
  // The value is not in the file, so the argument is where the error is.
  CHECK(error_of({"components.minute-get.schedule.every=soon"}) ==
        "hello.json: --set components.minute-get.schedule.every=soon: /components/0/schedule/every: expected a duration "
        "like \"500ms\", \"6s\", \"5m\", \"1h30m\", \"7d\" or a number of seconds, got \"soon\"");
  // A key the override created: the loader's unknown-field error names it too.
  std::string e = error_of({"components.minute-get.shedule.every=5m"});
  CHECK_THAT(e, Catch::StartsWith("hello.json: --set components.minute-get.shedule.every=5m: /components/0/shedule: "));
  // An error elsewhere keeps its line in the file.
  CHECK_THAT(error_of({"/period/days=400"}), Catch::StartsWith("hello.json: --set /period/days=400: /period/days: "));
  CHECK(error_of({"/seed=-1"}).find("--set /seed=-1: /seed:") != std::string::npos);
}

TEST_CASE("--set: a projection equals the projection of the edited file", "[overrides]") {
  core::Scenario s = with({"components.minute-get.schedule.every=2m", "/period/days=10"});
  std::string edited = kHello;
  edited.replace(edited.find("\"1m\""), 4, "\"2m\"");
  edited.replace(edited.find("\"days\": 30"), 10, "\"days\": 10");
  core::Projection a = core::project(s), b = core::project(core::load_scenario_text(edited, "edited.json"));
  // Every 2 minutes for 10 days: 720 a day, 7,200 in all.
  CHECK(a.commands == 7200);
  CHECK(core::projection_to_json(a) == core::projection_to_json(b));
  // The scenario keeps the edited document (recommend's patches apply to it).
  CHECK(s.document["components"][0]["schedule"]["every"] == "2m");
  // Later --set arguments win.
  CHECK(core::project(with({"/period/days=3", "period.days=2"})).commands == 2880);
  // Appending a component with "-": a second GET a minute doubles the count.
  core::Scenario two = with({R"(/components/-={"name":"b","type":"periodic","schedule":{"every":"1m"},"commands":{"GET":1}})"});
  CHECK(core::project(two).commands == 86400);
}

TEST_CASE("--sweep: values split at top-level commas only", "[overrides][sweep]") {
  core::SweepSpec s = core::parse_sweep(R"(/x=1,"a,b",[1,2],{"p":1,"q":2},30s)");
  REQUIRE(s.texts.size() == 5);
  CHECK(s.values[0] == 1);
  CHECK(s.values[1] == "a,b");
  CHECK(s.values[2] == core::json::array({1, 2}));
  CHECK(s.values[3] == core::json{{"p", 1}, {"q", 2}});
  CHECK(s.values[4] == "30s");
  CHECK_THROWS_WITH(core::parse_sweep("/x=1,,2"), Catch::Contains("empty value"));
  CHECK_THROWS_WITH(core::parse_sweep("/x=1,"), Catch::Contains("empty value"));
  CHECK_THROWS_WITH(core::parse_sweep("/x=\"a,b"), Catch::Contains("never closed"));
  CHECK_THROWS_WITH(core::parse_sweep("/x"), Catch::Contains("--sweep /x: expected PATH=V1,V2,..."));
}

TEST_CASE("--sweep: each row equals a separate projection", "[overrides][sweep]") {
  core::Sweep w = core::sweep(draft(), core::parse_sweep("components.minute-get.schedule.every=1m,2m,5m"));
  REQUIRE(w.rows.size() == 3);
  CHECK(w.pointer == "/components/0/schedule/every");
  // 30 days: 43,200 a minute apart, 21,600 two minutes apart, 8,640 five minutes apart.
  CHECK(w.rows[0].projection.commands == 43200);
  CHECK(w.rows[1].projection.commands == 21600);
  CHECK(w.rows[2].projection.commands == 8640);
  for (const auto& r : w.rows)
    CHECK(core::projection_to_json(r.projection) ==
          core::projection_to_json(core::project(with({"components.minute-get.schedule.every=" + r.text}))));
  core::json j = core::sweep_to_json(w);
  CHECK(j["rows"][1]["value"] == "2m");
  CHECK(j["rows"][1]["billable"] == 21600);
  CHECK(j["rows"][1]["used_pct"] == 4.32);  // 21,600 / 500,000
  CHECK(core::sweep_to_csv(w) ==
        "value,commands,billable,payg_usd,plan_usd,used_pct,exhausted_at\n"
        "1m,43200,43200,0.086400,0.000000,8.640,\n"
        "2m,21600,21600,0.043200,0.000000,4.320,\n"
        "5m,8640,8640,0.017280,0.000000,1.728,\n");
  // A value the loader rejects names the sweep and the value.
  CHECK_THROWS_WITH(core::sweep(draft(), core::parse_sweep("components.minute-get.schedule.every=1m,never")),
                    Catch::StartsWith("hello.json: --sweep components.minute-get.schedule.every=never: /components/0/schedule/every: "));
  CHECK_THROWS_WITH(core::sweep(draft(), core::parse_sweep("components.gone.schedule.every=1m")),
                    Catch::Contains("no element named \"gone\""));
}
