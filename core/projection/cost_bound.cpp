#include "core/projection/cost_bound.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "core/engine/recorder.hpp"
#include "core/input/errors.hpp"
#include "core/input/reader.hpp"
#include "core/scenario/scenario.hpp"

namespace core {
namespace {

std::string count_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

namespace {

// Interval "every" fields anywhere in a component (schedules of any model), with their pointers.
void find_every(const json& j, const std::string& pointer, std::vector<std::pair<std::string, sim::Duration>>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::string p = pointer + "/" + escape_pointer_token(it.key());
      if (it.key() == "every") {
        std::optional<sim::Duration> d;
        if (it->is_string()) d = sim::parse_duration(it->get<std::string>());
        else if (it->is_number() && it->get<double>() > 0 && it->get<double>() < 9e12)
          d = static_cast<sim::Duration>(it->get<double>() * 1e6);
        if (d && *d > 0) out.push_back({p, *d});
      } else {
        find_every(*it, p, out);
      }
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) find_every(j[i], pointer + "/" + std::to_string(i), out);
  }
}

}  // namespace

void check_projection_cost(const Scenario& s, sim::Time start, sim::Time end, double max_ticks) {
  const double tick_limit = std::min(kMaxTicks, max_ticks);
  const std::size_t components = s.components.size();
  double bins = end > start ? static_cast<double>((end - start + kBinWidth - 1) / kBinWidth) : 0;  // as Recorder
  double bytes = static_cast<double>(components) * bins * static_cast<double>(kBinBytesPerComponent);
  if (bytes > static_cast<double>(kMaxBinBytes))
    throw InputError(s.file, "",
                     "the projection needs about " + std::to_string(static_cast<long long>(bytes / (1 << 20))) +
                         " MiB of 15-minute bins (" + std::to_string(components) + " components x " +
                         std::to_string(static_cast<long long>(bins)) + " bins x " +
                         std::to_string(kBinBytesPerComponent) + " bytes), over the limit of " +
                         std::to_string(kMaxBinBytes >> 20) + " MiB; shorten the period or use fewer components");
  // The document holds what the user wrote (nested at most kMaxJsonDepth deep: the loader checked).
  const json* list = s.document.is_object() && s.document.contains("components") ? &s.document["components"] : nullptr;
  if (!list || !list->is_array()) return;
  std::vector<std::pair<std::string, sim::Duration>> every;
  find_every(*list, "/components", every);
  const double span = static_cast<double>(end - start);
  double ticks = 0;
  for (const auto& [pointer, d] : every) {
    double here = span / static_cast<double>(d);
    ticks += here;
    if (ticks > tick_limit)
      throw InputError(s.file, pointer,
                       "a tick every " + sim::format_duration(d) + " over the period makes " + count_text(here) +
                           " ticks (" + count_text(ticks) + " in all so far), over the limit of " +
                           count_text(tick_limit) + " ticks per projection; use a longer interval or a shorter period");
  }
}

std::uint64_t per_run_bound(int replications, std::uint64_t max_per_run) {
  const std::uint64_t reps = static_cast<std::uint64_t>(std::max(1, replications));
  return std::min({kMaxEventsPerRun, max_per_run, kMaxEventsTotal / reps});
}

std::string emission_limit_message(std::uint64_t limit) {
  return "the projection makes more than " + count_text(static_cast<double>(limit)) +
         " emissions of commands per run (the limit: " + count_text(static_cast<double>(kMaxEventsPerRun)) +
         " per run, " + count_text(static_cast<double>(kMaxEventsTotal)) +
         " over all replications); shorten the period, or use fewer workers, components or replications";
}

void run_within_cost_bound(sim::Simulator& sim, sim::Time start, sim::Time end, int replications,
                           const std::string& file, std::uint64_t max_per_run) {
  const std::uint64_t reps = static_cast<std::uint64_t>(std::max(1, replications));
  const std::uint64_t per_run = per_run_bound(replications, max_per_run);
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
