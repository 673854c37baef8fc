// Input errors carry their location as fields (file, line, column, JSON pointer), so front ends
// never parse it back out of the message, and the message text is composed from those fields.
#include <catch2/catch.hpp>

#include "core/input/errors.hpp"
#include "core/replay/commandstats.hpp"
#include "core/scenario/scenario.hpp"

namespace {

core::InputError error_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const core::InputError& e) {
    return e;
  }
  FAIL("expected an InputError");
  throw;  // not reached
}

const char* kBadDays = R"({
  "name": "t",
  "period": {"start": "2026-01-01", "days": "thirty", "zone": "UTC"},
  "components": [
    {"name": "c", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}}
  ]
})";

}  // namespace

TEST_CASE("a field error from text carries file, line, column and pointer", "[input][errors]") {
  core::InputError e = error_of([] { core::load_scenario_text(kBadDays, "bad.json"); });
  CHECK(e.file() == "bad.json");
  CHECK(e.line() == 3);
  CHECK(e.column() == 37);
  CHECK(e.has_pointer());
  CHECK(e.pointer() == "/period/days");
  CHECK(e.message() == "expected an integer, got a string \"thirty\"");
  CHECK(std::string(e.what()) == "bad.json: line 3, column 37, /period/days: expected an integer, got a string \"thirty\"");
}

TEST_CASE("a field error from a document carries the pointer and no line", "[input][errors]") {
  core::json doc = core::json::parse(kBadDays);
  core::InputError e = error_of([&] { core::load_scenario_json(doc, "doc.json"); });
  CHECK(e.line() == 0);
  CHECK(e.column() == 0);
  CHECK(e.pointer() == "/period/days");
  CHECK(std::string(e.what()) == "doc.json: /period/days: expected an integer, got a string \"thirty\"");
}

TEST_CASE("an error about the whole document has the empty pointer, written /", "[input][errors]") {
  core::InputError e = error_of([] { core::load_scenario_json(core::json::array(), "doc.json"); });
  CHECK(e.has_pointer());
  CHECK(e.pointer() == "");
  CHECK(e.where() == "/");
}

TEST_CASE("a JSON syntax error carries line and column and no pointer", "[input][errors]") {
  core::InputError e = error_of([] { core::load_scenario_text("{\n  \"name\" \"t\"\n}\n", "broken.json"); });
  CHECK(e.line() == 2);
  CHECK(e.column() == 12);
  CHECK_FALSE(e.has_pointer());
  CHECK(e.pointer() == "");
  CHECK(e.where() == "line 2, column 12");
}

TEST_CASE("an error outside a file's text has no location fields", "[input][errors]") {
  core::InputError e("--days", "", "expected a number of days >= 1");
  CHECK(e.line() == 0);
  CHECK_FALSE(e.has_pointer());
  CHECK(std::string(e.what()) == "--days: expected a number of days >= 1");
  CHECK(core::Location{.line = 7, .column = 0, .pointer = std::nullopt}.text() == "line 7");
  CHECK(core::Location{.line = 7, .column = 2, .pointer = "/a/b"}.text() == "line 7, column 2, /a/b");
}

TEST_CASE("a malformed commandstats line carries its line number", "[input][errors]") {
  core::InputError e = error_of([] { core::replay::parse_commandstats("# Commandstats\ncmdstat_get:calls=x,usec=1\n", "after.txt"); });
  CHECK(e.file() == "after.txt");
  CHECK(e.line() == 2);
  CHECK(e.column() == 0);
  CHECK_FALSE(e.has_pointer());
  CHECK(e.where() == "line 2");
}
