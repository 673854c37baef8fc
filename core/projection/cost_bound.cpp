#include "core/projection/cost_bound.hpp"

#include <algorithm>
#include <cstdio>

#include "core/engine/recorder.hpp"
#include "core/input/errors.hpp"

namespace core {
namespace {

std::string count_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

void check_projection_memory(std::size_t components, sim::Time start, sim::Time end, const std::string& file) {
  double bins = end > start ? static_cast<double>((end - start + kBinWidth - 1) / kBinWidth) : 0;  // as Recorder
  double bytes = static_cast<double>(components) * bins * static_cast<double>(kBinBytesPerComponent);
  if (bytes <= static_cast<double>(kMaxBinBytes)) return;
  throw InputError(file, "",
                   "the projection needs about " + std::to_string(static_cast<long long>(bytes / (1 << 20))) +
                       " MiB of 15-minute bins (" + std::to_string(components) + " components x " +
                       std::to_string(static_cast<long long>(bins)) + " bins x " +
                       std::to_string(kBinBytesPerComponent) + " bytes), over the limit of " +
                       std::to_string(kMaxBinBytes >> 20) + " MiB; shorten the period or use fewer components");
}

void run_within_cost_bound(sim::Simulator& sim, sim::Time start, sim::Time end, int replications,
                           const std::string& file) {
  const std::uint64_t reps = static_cast<std::uint64_t>(std::max(1, replications));
  const std::uint64_t per_run = std::min(kMaxEventsPerRun, kMaxEventsTotal / reps);
  const double span = static_cast<double>(std::max<sim::Time>(1, end - start));
  const std::uint64_t first = sim.events_run();
  auto refuse = [&](const std::string& what) {
    throw InputError(file, "", what + "; shorten the period, slow the fastest schedule or use fewer components "
                                      "or replications");
  };
  while (true) {
    // Chunks of 65,536 events, each followed by the checks.
    std::uint64_t chunk_end = sim.events_run() + 65536;
    while (!sim.empty() && sim.events_run() < chunk_end) {
      if (sim.next_time() >= end) break;
      sim.step();
    }
    std::uint64_t done = sim.events_run() - first;
    if (sim.pending() > kMaxPendingEvents)
      refuse("the projection holds more than " + count_text(static_cast<double>(kMaxPendingEvents)) +
             " events scheduled at once (the limit, about 640 MB)");
    if (done > per_run)
      refuse("the projection needs more than " + count_text(static_cast<double>(per_run)) +
             " simulator events per run (the limit: " + count_text(static_cast<double>(kMaxEventsPerRun)) +
             " per run, " + count_text(static_cast<double>(kMaxEventsTotal)) + " over all replications)");
    if (sim.empty() || sim.next_time() >= end) break;
    // The rate so far, once an hour of the period has run, tells what the whole period will cost.
    double elapsed = static_cast<double>(sim.now() - start);
    if (elapsed >= static_cast<double>(sim::kHour) && done > 0) {
      double projected = static_cast<double>(done) * span / elapsed;
      if (projected > 1.5 * static_cast<double>(per_run))
        refuse("the projection would run about " + count_text(projected * static_cast<double>(reps)) +
               " simulator events (" + count_text(projected) + " per run x " + std::to_string(reps) +
               " replications), over the limit of " + count_text(static_cast<double>(kMaxEventsPerRun)) +
               " per run and " + count_text(static_cast<double>(kMaxEventsTotal)) + " in all");
    }
  }
  sim.run_until(end);  // nothing is left before `end`: this moves the clock there
}

}  // namespace core
