// Arrival processes: Poisson with a daily rate shaped by an hourly profile (local hours in a zone),
// sampled by thinning; and deterministic arrivals spread evenly.
#pragma once
#include <array>
#include <vector>

#include "sim/random.hpp"
#include "sim/time.hpp"
#include "sim/tz.hpp"

namespace sim {

struct ArrivalProfile {
  double per_day = 0;  // expected arrivals per day
  // Relative weight of each local hour 0..23; all-equal if empty. Normalised internally, so
  // {1,1,...} and {5,5,...} are the same profile.
  std::vector<double> hourly;
  TimeZone zone = TimeZone::utc();
  bool deterministic = false;  // evenly spaced: per_day/24 * weight arrivals per hour, fractional carry
};

// Rate in arrivals per microsecond at a UTC instant.
double arrival_rate_at(const ArrivalProfile& p, Time t);

// All arrivals in [from, to), in increasing order.
std::vector<Time> generate_arrivals(const ArrivalProfile& p, Time from, Time to, Rng& rng);

// Expected number of arrivals in [from, to) (integral of the rate), for tests and analytic checks.
double expected_arrivals(const ArrivalProfile& p, Time from, Time to);

}  // namespace sim
