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

}  // namespace core::calibrate
