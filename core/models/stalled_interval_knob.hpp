// The stalled-jobs checker's interval as a knob, shared by BullMQ and Bull, which run the same
// checker: every `interval` it moves jobs whose lock expired back to wait, so a crashed worker's job
// is back after max(lock, interval) + interval. `setting` is how the library spells the option
// ("stalledInterval", "settings.stalledInterval"). Header-only, like duration_amount.
#pragma once
#include <algorithm>
#include <string>

#include "core/engine/knob.hpp"
#include "core/models/duration_amount.hpp"
#include "sim/time.hpp"

namespace core {

// The knob with the longer intervals (60 s, 300 s) the current one is below; callers add their own
// candidates (Bull's 0: no checker) before keeping it.
inline Knob stalled_interval_knob(const std::string& setting, sim::Duration interval, sim::Duration lock) {
  auto recovered = [&](sim::Duration si) { return std::max(lock, si) + si; };
  Knob k = knob("stalled_interval", "/stalled_interval", sim::format_duration(interval), &metrics::detection_latency);
  for (sim::Duration v : {60 * sim::kSecond, 300 * sim::kSecond}) {
    if (v <= interval) continue;
    k.candidates.push_back({setting + " " + std::to_string(v / sim::kMillisecond) + " (a check every " +
                                duration_amount(v) + " instead of " + duration_amount(interval) + ")",
                            "a crashed worker's job goes back to wait up to " + duration_amount(recovered(v)) +
                                " after the crash instead of " + duration_amount(recovered(interval)),
                            seconds_of(recovered(v)), {{"/stalled_interval", sim::format_duration(v)}}});
  }
  return k;
}

}  // namespace core
