// Calibration output: the JSON contract (docs/calibrate.md: components[], unmatched[],
// per_command[], scenario), a terminal table and markdown. Numbers through core/format.
#pragma once
#include <string>

#include "core/calibrate/calibrate.hpp"

namespace core::calibrate {

json calibration_json(const CalibrationReport& r);
// calibration_json as text, 2-space indent. Keys and lines from a capture may hold bytes that are not
// UTF-8: they are written as U+FFFD, never thrown on.
std::string calibration_json_text(const CalibrationReport& r);
std::string calibration_table(const CalibrationReport& r);
std::string calibration_markdown(const CalibrationReport& r);
// The calibrated scenario as --write saves it (pretty JSON, trailing newline).
std::string scenario_text(const CalibrationReport& r);

}  // namespace core::calibrate
