// Scenario loading: every kind of bad input gets the file, the line and column, the JSON pointer of
// the field and what was expected.
#include <catch2/catch.hpp>

#include "core/input/errors.hpp"
#include "core/scenario/scenario.hpp"

namespace {

std::string error_of(const std::string& text) {
  try {
    core::load_scenario_text(text, "bad.json");
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

const char* kGood = R"({
  "name": "t",
  "period": {"start": "2026-01-01", "days": 30, "zone": "UTC"},
  "components": [
    {"name": "c", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}}
  ]
})";

std::string with(const std::string& from, const std::string& to) {
  std::string s = kGood;
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("a valid scenario loads with its fields", "[scenario]") {
  core::Scenario s = core::load_scenario_text(kGood, "good.json");
  CHECK(s.name == "t");
  CHECK(s.days == 30);
  CHECK(s.start == sim::CivilDate{2026, 1, 1});
  CHECK(s.plan_id == "upstash-free");
  REQUIRE(s.components.size() == 1);
  CHECK(s.components[0].type == "periodic");
  CHECK(s.rules.id == "upstash");
  CHECK(s.rules.free_commands.count("PING") == 1);
}

// The position is where the parser stopped: the end of the unexpected token.
TEST_CASE("a JSON syntax error names line and column", "[scenario]") {
  std::string text = "{\n  \"name\": \"t\",\n  \"components\": [\n    {\"name\" \"c\"}\n  ]\n}\n";
  std::string e = error_of(text);
  CHECK(e.rfind("bad.json: line 4, column 15: invalid JSON: syntax error while parsing object separator", 0) == 0);
}

TEST_CASE("a field of the wrong type names its pointer and line", "[scenario]") {
  CHECK(error_of(with("\"days\": 30", "\"days\": \"thirty\"")) ==
        "bad.json: line 3, column 37, /period/days: expected an integer, got a string \"thirty\"");
}

TEST_CASE("an unknown field is rejected with the allowed ones", "[scenario]") {
  CHECK(error_of(with("\"days\": 30", "\"dayz\": 30")) ==
        "bad.json: line 3, column 37, /period/dayz: unknown field \"dayz\"; expected one of: days, start, zone");
}

TEST_CASE("a bad duration says what a duration looks like", "[scenario]") {
  CHECK(error_of(with("\"every\": \"1m\"", "\"every\": \"1 minute\"")) ==
        "bad.json: line 5, column 52, /components/0/schedule/every: expected a duration like \"500ms\", \"6s\", \"5m\", "
        "\"1h30m\", \"7d\" or a number of seconds, got \"1 minute\"");
}

TEST_CASE("a bad cron expression names the cron field", "[scenario]") {
  std::string e = error_of(with("{\"every\": \"1m\"}", "{\"cron\": \"61 * * * *\"}"));
  CHECK(e.rfind("bad.json: line 5, column 52, /components/0/schedule/cron: bad cron expression \"61 * * * *\": ", 0) == 0);
  CHECK(e.find("minute") != std::string::npos);
}

TEST_CASE("an unknown zone is rejected", "[scenario]") {
  CHECK(error_of(with("\"zone\": \"UTC\"", "\"zone\": \"Mars/Olympus\"")) ==
        "bad.json: line 3, column 49, /period/zone: unknown time zone \"Mars/Olympus\"; expected an IANA name such as "
        "\"Europe/Berlin\" (redcast zones lists them)");
}

TEST_CASE("an unknown command and an unknown type are rejected", "[scenario]") {
  CHECK(error_of(with("{\"GET\": 1}", "{\"GETT\": 1}")) ==
        "bad.json: line 5, column 81, /components/0/commands/GETT: unknown Redis command \"GETT\" (subcommands as "
        "\"XGROUP|CREATE\")");
  std::string e = error_of(with("\"type\": \"periodic\"", "\"type\": \"perodic\""));
  CHECK(e.rfind("bad.json: line 5, column 19, /components/0/type: unknown component type \"perodic\"; expected one of: ", 0) == 0);
}

TEST_CASE("a missing required field points at its parent", "[scenario]") {
  CHECK(error_of(with("\"name\": \"t\",", "")) ==
        "bad.json: line 1, column 1, /name: missing required field \"name\" (a string)");
}

TEST_CASE("an unknown plan lists the plans", "[scenario]") {
  std::string e = error_of(with("\"name\": \"t\",", "\"name\": \"t\", \"plan\": \"gold\","));
  CHECK(e.rfind("bad.json: line 2, column 16, /plan: unknown plan \"gold\"; expected one of: upstash-free, upstash-payg", 0) == 0);
}

// An object member is located at its key (where an editor should put the cursor); an array element
// at its value.
TEST_CASE("locate_pointer finds members and array elements", "[scenario]") {
  CHECK(core::locate_pointer(kGood, "/components/0/schedule/every") == std::pair<int, int>{5, 52});
  CHECK(core::locate_pointer(kGood, "/period") == std::pair<int, int>{3, 3});
  CHECK(core::locate_pointer(kGood, "/components/0") == std::pair<int, int>{5, 5});
  CHECK(core::locate_pointer(kGood, "/nope") == std::pair<int, int>{0, 0});
}
