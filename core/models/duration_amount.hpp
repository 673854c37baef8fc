// A duration as an amount in a sentence ("waits 1 min", "up to 7.5 s", "61 min"), for the job-queue
// models' knob labels and costs. duration_words (core/engine/knob.hpp) says "minute" and "hour" for
// "every minute"; an amount needs the number. Header-only: the queue models share it.
#pragma once
#include <cstdio>
#include <string>

#include "core/engine/knob.hpp"

namespace core {

inline std::string duration_amount(sim::Duration d) {
  if (d >= sim::kHour && d % sim::kHour == 0) return std::to_string(d / sim::kHour) + " h";
  if (d >= sim::kMinute && d % sim::kMinute == 0) return std::to_string(d / sim::kMinute) + " min";
  char b[32];
  std::snprintf(b, sizeof b, "%g s", seconds_of(d));
  return b;
}

}  // namespace core
