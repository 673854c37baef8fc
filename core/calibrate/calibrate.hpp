// Calibration: from a MONITOR capture (its ReplayReport and the CaptureEvidence collected in the
// same pass) to a scenario that explains it component by component, and the check of that scenario
// against the capture: each command's recorded steady rate beside the rate the calibrated scenario
// projects. Plain data in and out; the CLI only formats (core/calibrate/calibrate_format.hpp).
//
// Stages (calibrate()):
//  1. recognise (recognise.cpp): one recogniser per modelled library reads the blocking pops, loops
//     and key patterns, returns a component with its fitted settings, evidence and a confidence,
//     and claims the loops it explains;
//  2. every loop nobody claimed becomes a `periodic` component (its period, its commands per cycle);
//  3. the calibrated scenario is projected over whole days (core::project) and each command's
//     modelled rate per minute compared with the capture's steady rate; the part of the recorded
//     rate nothing explains becomes one `freeform` "remainder" operation per command, so that
//     nothing recorded is left out (and its size says how much the models did not explain);
//  4. with a user scenario: its components are matched to the recognised ones (by type, or for
//     periodic/freeform by the commands they send) and what stays unmatched on either side is said.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calibrate/evidence.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/input.hpp"
#include "core/replay/report.hpp"
#include "core/scenario/scenario.hpp"

namespace core::calibrate {

struct CalibratedComponent {
  std::string name, type;             // type: a scenario component type
  std::vector<std::string> evidence;  // "line 35: ...", "loop: ... every 405 s", "key pattern: ..."
  double confidence = 0;              // 0..1
  json fitted;                        // the component as written into the scenario
  std::vector<std::string> loops;     // signatures of the loops it explains
  std::string matched_user;           // with --scenario: the user's component it matches
};

struct Unmatched {
  std::string side;  // "capture" (recorded, no user component) or "scenario" (user's, not seen)
  std::string name;  // component or loop
  std::string why;
};

struct CommandFit {
  std::string command;
  double recorded_per_min = 0;          // the capture's steady rate
  std::uint64_t recorded = 0;           // commands in the steady window
  // One cycle's worth of the count, in %: a loop seen n times in a window can be off by one cycle
  // from its true rate (100 / n), so errors below this are the capture's resolution, not the model's.
  double resolution_pct = 0;
  double recognised_per_min = 0;        // from recognised components and periodic loops only
  double modelled_per_min = 0;          // the whole calibrated scenario (remainder included)
  double error_pct = 0;                 // (modelled - recorded) / recorded * 100 (0 when both are 0)
  std::optional<double> scenario_per_min;  // the user's scenario, as given (--scenario)
};

struct CalibrateOptions {
  std::string capture_name;             // used in descriptions
  const Scenario* user = nullptr;       // --scenario
  // Bound on each projection's work (events, emit calls, interval ticks; ProjectionOptions::
  // max_events_per_run): unbounded for the CLI, which the projection's own limits guard; the fuzz
  // target sets its half-million so a hostile capture's calibrated scenario cannot run for seconds.
  std::uint64_t max_work = ~std::uint64_t{0};
};

struct CalibrationReport {
  std::string source;
  double span_s = 0, steady_s = 0;
  std::vector<CalibratedComponent> components;
  std::vector<Unmatched> unmatched;
  std::vector<CommandFit> per_command;  // by recorded rate, descending
  double recorded_per_min = 0, recognised_per_min = 0, modelled_per_min = 0;
  double replay_monthly = 0;            // replay's own month (CaptureMonthEstimate)
  double modelled_monthly = 0;          // the calibrated scenario's month
  double remainder_per_min = 0;         // what the remainder component adds
  json scenario;                        // the calibrated scenario, as --write saves it
};

CalibrationReport calibrate(const replay::ReplayReport& r, const CaptureEvidence& e, const CalibrateOptions& opt);

// Reads a capture once into both the analyzer and the evidence collector, then calibrates.
CalibrationReport calibrate_source(replay::ByteSource& src, const replay::ReplayOptions& ropt, const CalibrateOptions& opt);
CalibrationReport calibrate_capture(const std::string& path, const replay::ReplayOptions& ropt,
                                    const CalibrateOptions& opt);

}  // namespace core::calibrate
