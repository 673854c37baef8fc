// The projection the scenario fuzz target runs on every input, shared with the regression test of
// the inputs it found (tests/core/fuzz_found_test.cpp), so both run exactly the same bounded work.
#pragma once
#include <algorithm>

#include "core/projection/projection.hpp"
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

}  // namespace fuzz
