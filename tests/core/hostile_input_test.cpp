// Hostile scenario text: nesting that would overflow the stack, numbers beyond a double, a
// directory given as the file (issue 13).
#include <catch2/catch.hpp>

#include <string>

#include "core/input/errors.hpp"
#include "core/input/reader.hpp"
#include "core/scenario/scenario.hpp"

namespace {
std::string message_of(const std::string& text) {
  try {
    core::load_scenario_text(text, "s.json");
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "(accepted)";
}
}  // namespace

TEST_CASE("JSON nested 100,000 deep is refused before it is parsed", "[scenario][hostile]") {
  std::string deep = "{\"name\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK(message_of(deep) ==
        "s.json: line 1, column 137: JSON nested more than 128 levels deep; expected a scenario (fewer than ten levels)");
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  CHECK(message_of(objects).rfind("s.json: line 1, column 641: JSON nested more than 128", 0) == 0);
  // Brackets inside strings are not nesting.
  std::string in_string = "{\"name\": \"" + std::string(1000, '[') + "\"}";
  CHECK(message_of(in_string).find("nested") == std::string::npos);
}

TEST_CASE("nesting just inside the limit reaches the field checks (whose locator recurses)", "[scenario][hostile]") {
  std::string doc = "{\"name\": \"n\", \"components\": [" + std::string(126, '[') + std::string(126, ']') + "]}";
  CHECK(message_of(doc) == "s.json: line 1, column 30, /components/0: expected an object, got an array");
}

TEST_CASE("numbers beyond a double are located errors, not internal ones", "[scenario][hostile]") {
  CHECK(message_of("{\"name\": \"n\",\n \"seed\": 1e400}") ==
        "s.json: line 2, column 10: the number 1e400 is out of range; expected a number between -1.8e308 and 1.8e308");
  CHECK(message_of("{\"name\": \"n\", \"seed\": -9E1000}") ==
        "s.json: line 1, column 23: the number -9E1000 is out of range; expected a number between -1.8e308 and 1.8e308");
  // 1e308 is a double: the field's own range check speaks.
  CHECK(message_of("{\"name\": \"n\", \"seed\": 1e308}") ==
        "s.json: line 1, column 15, /seed: expected an integer from 0 to 9007199254740992, got 1e+308");
}

TEST_CASE("a directory given as the scenario names itself", "[scenario][hostile]") {
  try {
    core::load_scenario_file("/tmp");
    FAIL("accepted a directory");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()) == "/tmp: is a directory; expected a scenario (JSON)");
  }
}
