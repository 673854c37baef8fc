// libFuzzer: a capture through calibration (the analyzer and the evidence collector in one pass, the
// recognisers, the fits, the calibrated scenario's projection and the three formatters). Bad input
// may throw InputError; nothing else may.
#include <cstdint>
#include <string>

#include "core/calibrate/calibrate.hpp"
#include "core/calibrate/calibrate_format.hpp"
#include "core/input/errors.hpp"
#include "core/replay/input.hpp"
#include "tests/fuzz/fuzz_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string capture(reinterpret_cast<const char*>(data), size);
  const core::replay::ReplayOptions opt = fuzz::capture_options();
  const core::calibrate::CalibrateOptions options = fuzz::calibrate_options();
  try {
    auto src = core::replay::ByteSource::from_string(capture);
    core::calibrate::CalibrationReport r = core::calibrate::calibrate_source(*src, opt, options);
    (void)core::calibrate::calibration_json_text(r);
    (void)core::calibrate::scenario_text(r);
    (void)core::calibrate::calibration_table(r);
    (void)core::calibrate::calibration_markdown(r);
  } catch (const core::InputError&) {
  }
  return 0;
}
