// The stated cost bound of a projection run, checked while it runs and long before it is reached:
//   - at most kMaxEventsPerRun simulator events per run, and kMaxEventsTotal over all replications;
//     the same bound on the recorder's emit calls, which models also make in start(), before the
//     first event runs (a billion workers' loops laid out at once);
//   - at most kMaxPendingEvents events scheduled at once (the simulator's memory: about 64 bytes each,
//     so 640 MB at the limit);
//   - at most kMaxBinBytes for the recorder's and the projection's 15-minute bins, about
//     kBinBytesPerComponent per component and bin (checked before anything is allocated);
//   - at most kMaxKeptEmissions emission times kept for the exhaustion instant (past it, a second run
//     keeps only the crossing bin's);
//   - at most kMaxTicks interval ticks ("every": ...) over the period, summed over the components
//     (a model may keep a fire time or draw counts per tick: 16 bytes and a few nanoseconds each).
// The events a run will need are estimated from the rate of its first simulated hours and checked
// every 65,536 events, so a scenario over the bound (a 1-microsecond schedule, 10,000 components
// on a second's tick for a year) is refused within seconds with an InputError naming the limit,
// never an out-of-memory kill or an hour of CPU.
#pragma once
#include <cstdint>
#include <string>

#include "sim/simulator.hpp"

namespace core {

constexpr std::uint64_t kMaxEventsPerRun = 400'000'000;
constexpr std::uint64_t kMaxEventsTotal = 2'000'000'000;
constexpr std::uint64_t kMaxPendingEvents = 10'000'000;
constexpr std::uint64_t kMaxBinBytes = 512ull << 20;
constexpr std::uint64_t kBinBytesPerComponent = 34;  // 2 gauges (8 + 1 bytes each), a bundle's hits, the totals

constexpr double kMaxTicks = 1e8;
// Emission times kept to find the instant a quota runs out: 16 bytes each, so 256 MB at the limit.
// A run that emits more keeps none, and the projection runs again keeping only the crossing bin's.
constexpr std::uint64_t kMaxKeptEmissions = 16'000'000;

struct Scenario;
// Before a projection over [start, end) allocates anything: refuses (core::InputError on the
// scenario's file, naming the limit and, for ticks, the field) a scenario over the bin or tick bound.
// `max_ticks` lowers kMaxTicks (a fuzzer's bound); it never raises it.
void check_projection_cost(const Scenario& s, sim::Time start, sim::Time end, double max_ticks = kMaxTicks);

// The per-run bound on simulator events, and on the recorder's emit calls: kMaxEventsPerRun, lowered
// by `max_per_run` and by kMaxEventsTotal shared over `replications`.
std::uint64_t per_run_bound(int replications, std::uint64_t max_per_run = kMaxEventsPerRun);

// The message of a run stopped by the recorder's emission limit (Recorder::limit_emissions).
std::string emission_limit_message(std::uint64_t limit);

// Runs `sim` until `end` like Simulator::run_until, refusing (core::InputError on `file`) a run whose
// projected event count over [start, end), times `replications`, passes the bound above.
// `max_per_run` lowers the per-run bound (a fuzzer's, a preview's); it never raises it.
void run_within_cost_bound(sim::Simulator& sim, sim::Time start, sim::Time end, int replications,
                           const std::string& file, std::uint64_t max_per_run = kMaxEventsPerRun);

}  // namespace core
