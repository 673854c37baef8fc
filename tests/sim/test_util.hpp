// Helpers for the sim tests: write instants as ISO strings, so expectations read like the docs.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/schedule.hpp"
#include "sim/time.hpp"
#include "sim/tz.hpp"

namespace sim_test {

// "2026-03-29T01:00:00Z" -> microseconds since the epoch.
inline sim::Time utc(const std::string& iso_z) {
  if (iso_z.empty() || iso_z.back() != 'Z') throw std::invalid_argument("utc(): expected a trailing Z: " + iso_z);
  auto t = sim::parse_local_time(iso_z.substr(0, iso_z.size() - 1));
  if (!t) throw std::invalid_argument("utc(): bad time " + iso_z);
  return sim::seconds_from_civil(*t) * sim::kSecond;
}

inline sim::TimeZone zone(const std::string& name) {
  auto z = sim::TimeZone::find(name);
  if (!z) throw std::invalid_argument("unknown zone " + name);
  return *z;
}

// The instant as the zone shows it: "2026-03-29T03:00:00+02:00".
inline std::string local_iso(sim::Time t, const sim::TimeZone& z) { return sim::format_iso(t, z.offset_at(t)); }

// The zone's wall clock -> UTC (earlier instant in an overlap, shifted forward in a gap).
inline sim::Time local(const std::string& wall, const sim::TimeZone& z) {
  auto t = sim::parse_local_time(wall);
  if (!t) throw std::invalid_argument("local(): bad time " + wall);
  return z.to_utc(*t);
}

// The next `count` fire times after `from`, as the schedule's zone shows them.
template <typename S>
std::vector<std::string> fires(const S& schedule, const sim::TimeZone& z, sim::Time from, int count) {
  std::vector<std::string> out;
  sim::Time t = from;
  for (int i = 0; i < count; ++i) {
    t = schedule.next_after(t);
    if (t == sim::kNever) break;
    out.push_back(local_iso(t, z));
  }
  return out;
}

}  // namespace sim_test
