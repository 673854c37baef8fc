// Recognisers: one per modelled job-queue library (and the health-check PING), each reading the
// capture's blocking pops (their keys, timeouts and connections), loops and key patterns, and
// returning the component it recognises with the settings fitted from what the commands say, the
// evidence and a confidence. Each names the loops it explains, so the rest can become periodic.
#pragma once
#include <string>
#include <vector>

#include "core/calibrate/calibrate.hpp"

namespace core::calibrate {

std::vector<CalibratedComponent> recognise(const replay::ReplayReport& r, const CaptureEvidence& e);

// A loop's period as a setting would state it: the coarsest of 60, 30, 10, 5, 1, 0.5, 0.1 s ...
// 1 ms steps within 1 % of the measured period (a timer of 5 s measures 5.004 s under load).
double nice_period(double seconds);
// "405s", "0.5s", "5.032s": a duration field as the loader reads it.
std::string duration_text(double seconds);
// Whether a loop ran through the steady window (active at least 90 % of it): only then is its
// period its rate; a loop active for part of the window (a producer that ran 15 s of 25) is given
// its average over the window instead, since the scenario is of the capture as a whole.
bool spans_window(const replay::LoopRow& l, double steady_s);
// How long a loop was seen running: first to last cycle, plus the last cycle itself.
double active_s(const replay::LoopRow& l);

}  // namespace core::calibrate
