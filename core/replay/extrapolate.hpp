// From a capture to a month: the steady-state window (start-up and shut-down transients cut
// off), per-command and per-loop rates inside it, and a billing month's estimate with the uncertainty the
// capture's length allows:
//
//   monthly = steady-state loops x a month + the remaining traffic rate x a month
//
// The interval combines what each source of error contributes: a loop's period is known to
// jitter/sqrt(cycles); the rest of the traffic is counted, so its rate is known to the spread of
// per-minute counts (or Poisson noise when the capture is too short for minutes to tell).
// Anything the capture cannot show (hours, days, loops slower than a third of it) is said in
// caveats rather than guessed.
#pragma once
#include <functional>
#include <string>

#include "core/replay/report.hpp"

namespace core::replay {

struct SteadyWindow {
  double start_s = 0, end_s = 0;
  bool whole = true;  // the whole capture (nothing trimmed)
};

SteadyWindow choose_steady_window(const Transients& t, double span_s);

// Fills r.projection (a CaptureMonthEstimate) and the monthly figures of r.commands (from their
// `steady` counts; their `monthly_billable` holds the steady billable count on entry) and of r.loops.
void estimate_month(ReplayReport& r, const SteadyWindow& w, const std::function<double(CommandId, bool)>& weight);

// Price of one more billable command: the plan's own pay-as-you-go price, or its provider's.
void marginal_price(const ReplayReport& r, double& usd_per_billable, std::string& note);

}  // namespace core::replay
