// One run of a scenario over a resolved period: the simulator, the recorder the components emit
// into, and their contexts. Runs are exact replays: the same scenario, period, seed and replication
// give the same counts.
#pragma once
#include <cstdint>
#include <vector>

#include "core/engine/model.hpp"
#include "core/scenario/scenario.hpp"

namespace core {

struct ScenarioRun {
  sim::Simulator sim;
  Recorder rec;
  SharedState shared;
  std::vector<ModelContext> contexts;
  // Runs the enabled components over [start, end) with random streams for `replication`;
  // `keep_emission_times` makes the recorder keep every emission's time (core/engine/recorder.hpp),
  // at most kMaxKeptEmissions of them (core/projection/cost_bound.hpp), or with `times_only_bin` >= 0
  // only those inside that bin.
  ScenarioRun(const Scenario& s, sim::Time start, sim::Time end, std::uint64_t seed, int replication,
              bool keep_emission_times, int replications = 1, std::uint64_t max_events_per_run = ~std::uint64_t{0},
              std::int64_t times_only_bin = -1);
  ScenarioRun(const ScenarioRun&) = delete;
  ScenarioRun& operator=(const ScenarioRun&) = delete;
};

}  // namespace core
