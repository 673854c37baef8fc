#include "core/projection/run.hpp"

#include "core/input/errors.hpp"
#include "core/projection/cost_bound.hpp"

namespace core {

ScenarioRun::ScenarioRun(const Scenario& s, sim::Time start, sim::Time end, std::uint64_t seed, int replication,
                         bool keep_emission_times, int replications, std::uint64_t max_events_per_run,
                         std::int64_t times_only_bin)
    : sim(start), rec(start, end, static_cast<int>(s.components.size())) {
  if (keep_emission_times) rec.keep_emission_times(kMaxKeptEmissions, times_only_bin);
  rec.limit_emissions(per_run_bound(replications, max_events_per_run));
  contexts.reserve(s.components.size());
  for (std::size_t i = 0; i < s.components.size(); ++i) {
    const auto& c = s.components[i];
    contexts.push_back(ModelContext{sim, rec, shared, sim::Rng::stream(seed, c.name, static_cast<std::uint64_t>(replication)),
                                    start, end, s.zone, static_cast<int>(i), c.name});
  }
  try {
    for (std::size_t i = 0; i < s.components.size(); ++i)
      if (s.components[i].enabled) s.components[i].model->start(contexts[i]);
    run_within_cost_bound(sim, start, end, replications, s.file, max_events_per_run);  // refuses a run past the event bound
  } catch (const EmissionLimitExceeded& e) {
    throw InputError(s.file, "", emission_limit_message(e.limit));
  }
  rec.finish();
}

}  // namespace core
