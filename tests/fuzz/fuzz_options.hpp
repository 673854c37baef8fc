// The projection the scenario fuzz target runs on every input, shared with the regression test of
// the inputs it found (tests/core/fuzz_found_test.cpp), so both run exactly the same bounded work.
#pragma once
#include <algorithm>

#include "core/calibrate/calibrate.hpp"
#include "core/projection/projection.hpp"
#include "core/replay/analyzer.hpp"
#include "core/scenario/scenario.hpp"

namespace fuzz {

// At most 2 days and one replication; events, the recorder's emit calls and interval ticks at most
// half a million each: well under a second under the sanitizers on a loaded machine, so no input
// runs near the 5 s timeout.
constexpr std::uint64_t kMaxWork = 500'000;

inline core::ProjectionOptions projection_options(const core::Scenario& s) {
  core::ProjectionOptions opt;
  opt.days = std::min(s.days, 2);
  opt.replications = 1;
  opt.max_events_per_run = kMaxWork;
  return opt;
}

// Capture targets (replay, audit, calibrate): a small read buffer, so long lines exercise the
// truncated-line path, and tables a few hundred entries deep instead of tens of thousands.
// Allocating and clearing the full-size tables cost about 20 ms an input under ASan (most of an
// input's time); small ones also make every input that names more than a handful of clients,
// patterns or loops reach the fold-into-"other" and eviction paths the full-size tables only reach
// on huge captures.
inline core::replay::ReplayOptions capture_options() {
  core::replay::ReplayOptions opt;
  opt.buffer_size = 4096;
  opt.max_clients = 64;
  opt.max_patterns = 64;
  opt.max_streams = 256;
  opt.max_histograms = 16;
  return opt;
}

// Calibration: its projections of the calibrated scenario within the scenario target's bound.
inline core::calibrate::CalibrateOptions calibrate_options() {
  core::calibrate::CalibrateOptions opt;
  opt.max_work = kMaxWork;
  return opt;
}

}  // namespace fuzz
