// The scenarios the fuzzer found slow or crashing (tests/bad/fuzz-found/scenario-*.json), run as the
// fuzz target runs them (tests/fuzz/fuzz_options.hpp). Each must end, refused with an InputError or
// projected, within the target's work bound: the simulator's events, and (through the recorder's
// emission limit) the emit calls models make before the first event. Before the bound on emit calls
// and the O(1) draw per tick for many units, these took 6 to 40 s and up to 2 GB under the sanitizers.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "../fuzz/fuzz_options.hpp"
#include "core/input/errors.hpp"
#include "core/calibrate/calibrate.hpp"
#include "core/calibrate/calibrate_format.hpp"
#include "core/input/text_file.hpp"
#include "core/models/celery_worker.hpp"
#include "core/replay/input.hpp"

namespace fs = std::filesystem;

TEST_CASE("every scenario the fuzzer found runs within the fuzz target's work bound", "[fuzz][hostile]") {
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(REDCAST_SOURCE_DIR) / "tests/bad/fuzz-found")) {
    const std::string name = e.path().filename().string();
    if (name.rfind("scenario-", 0) != 0) continue;
    ++files;
    INFO(name);
    try {
      core::Scenario s = core::load_scenario_file(e.path().string());
      core::Projection p = core::project(s, fuzz::projection_options(s));
      CHECK(p.events <= fuzz::kMaxWork);
    } catch (const core::InputError& err) {
      // Refused: the message names the limit that was reached, or what is wrong with the file.
      CHECK(std::string(err.what()).find(name) != std::string::npos);
    }
  }
  CHECK(files >= 4);
}

TEST_CASE("a billion units of random counts per tick project in one draw per command", "[fuzz][hostile]") {
  // freeform, multiplier 1e9, GET uniform in 1..3 every minute for 2 days: 2,880 ticks x 1e9 units x
  // a mean of 2 = 5.76e12 GETs, with a relative spread of about 1e-6; before, 2.9e12 draws.
  core::Scenario s = core::load_scenario_text(
      R"({"name": "x", "period": {"start": "2026-01-01", "days": 2, "zone": "UTC"}, "components": [
          {"name": "f", "type": "freeform", "multiplier": 1e9, "operations": [
            {"schedule": {"every": "1m"}, "commands": {"GET": {"min": 1, "max": 3}}}]}]})",
      "units.json");
  core::Projection p = core::project(s, fuzz::projection_options(s));
  CHECK(static_cast<double>(p.commands) == Approx(5.76e12).epsilon(1e-4));
}

TEST_CASE("every capture the calibrate fuzzer found calibrates or is refused, and its JSON is text", "[fuzz][hostile]") {
  // calibrate-invalid-utf8.monitor: a key with a byte that is not UTF-8 (MONITOR's \xa1) reached the
  // JSON writer, which threw type_error 316 (exit 3); now written as U+FFFD.
  // calibrate-2ms-loop.monitor: a Bee-Queue start-up with a loop every 2 ms, whose calibrated
  // scenario was projected for a whole day (12 s and 890 MB under ASan, past the 5 s timeout); the
  // calibration's projections now take the fuzz target's work bound (CalibrateOptions::max_work).
  // Run here exactly as the target runs them (small tables, the same bound).
  const core::replay::ReplayOptions ropt = fuzz::capture_options();
  const core::calibrate::CalibrateOptions copt = fuzz::calibrate_options();
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(REDCAST_SOURCE_DIR) / "tests/bad/fuzz-found")) {
    const std::string name = e.path().filename().string();
    if (name.rfind("calibrate-", 0) != 0) continue;
    ++files;
    INFO(name);
    try {
      auto src = core::replay::ByteSource::open(e.path().string());
      core::calibrate::CalibrationReport r = core::calibrate::calibrate_source(*src, ropt, copt);
      CHECK_FALSE(core::calibrate::calibration_json_text(r).empty());
      CHECK_FALSE(core::calibrate::scenario_text(r).empty());
    } catch (const core::InputError&) {
    }
  }
  CHECK(files >= 2);
}

// fuzz_scenario found a 54-digit version overflowing the shared version parser (signed overflow,
// UBSan). Every model's version field now refuses a part of more than six digits as a bad version,
// located at the field, with the model's own example; a six-digit part still parses.
TEST_CASE("a version part too long for any library is a located bad version, not an overflow", "[fuzz][hostile]") {
  const std::string huge = "622222222222222222222222222222222222222222222222222222";
  struct Case {
    const char* type;
    const char* field;
  };
  for (Case c : {Case{"sidekiq", "sidekiq_version"}, Case{"rq_worker", "rq_version"}, Case{"bull_worker", "bull_version"},
                 Case{"bullmq_worker", "bullmq_version"}, Case{"bee_queue_worker", "bee_queue_version"},
                 Case{"django_q_cluster", "django_q_version"}, Case{"celery_worker", "kombu_version"}}) {
    INFO(c.type);
    const std::string text = std::string(R"({"name": "v", "components": [{"name": "w", "type": ")") + c.type + R"(", ")" +
                             c.field + R"(": ")" + huge + R"("}]})";
    try {
      core::load_scenario_text(text, "v.json");
      FAIL("accepted");
    } catch (const core::InputError& e) {
      const std::string msg = e.what();
      CHECK(msg.find("v.json") != std::string::npos);
      CHECK(msg.find(std::string("/components/0/") + c.field) != std::string::npos);
      CHECK(msg.find("expected a version like") != std::string::npos);
    }
  }
  int major = 0, minor = 0;
  CHECK(core::parse_major_minor("123456.7", &major, &minor));
  CHECK(major == 123456);
  CHECK(minor == 7);
  CHECK_FALSE(core::parse_major_minor("1234567.0", &major, &minor));
  CHECK_FALSE(core::parse_major_minor("5.1234567", &major, &minor));
}
