// Where models put the commands they send. A model registers each multiset of commands it emits
// together (a "bundle": what one poll or one sync sends) once, then emits bundles at times. The
// recorder counts bundle hits in 15-minute UTC bins (every real zone offset is a multiple of 15
// minutes, so local days and hours are sums of bins) and expands bundles into commands only at the
// end, so a tick costs one addition whatever it sends. Periodic runs can be emitted as a series in
// O(bins) rather than O(ticks).
//
// The recorder counts; it does not bill. What a bundle costs depends on the plan pricing it, so
// billing rules apply to these counts afterwards (core/billing/usage.hpp), once per set of rules.
// When asked, it also keeps the time of every emission, so that the instant a quota runs out can be
// found inside its bin without running the scenario again.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog/commands.hpp"
#include "sim/time.hpp"

namespace core {

constexpr sim::Duration kBinWidth = 15 * sim::kMinute;

struct CommandCount {
  CommandId cmd;
  std::uint32_t count = 1;
  bool in_script = false;  // run by a Lua script (EVAL's inner redis.call), logged as [db lua]
};

using BundleId = std::uint32_t;

struct Bundle {
  int component = 0;
  std::vector<CommandCount> commands;
  std::uint64_t size = 0;  // commands per hit
};

// One emit() call (`times` hits at t), or one emit_series() call clipped to the run's period.
struct Emission {
  sim::Time t;
  BundleId bundle;
  std::uint32_t times;
};
struct EmissionSeries {
  sim::Time first;
  sim::Duration period;
  std::uint64_t count;
  BundleId bundle;
};
// What was emitted inside one bin: single emissions, and the part of each series inside the bin.
struct BinEmissions {
  std::vector<Emission> singles;
  std::vector<EmissionSeries> series;
};

// Thrown by emit() and emit_series() past the recorder's emission limit (limit_emissions): the
// projection turns it into the scenario's InputError naming the limit.
struct EmissionLimitExceeded {
  std::uint64_t limit;
};

class Recorder {
 public:
  Recorder(sim::Time start, sim::Time end, int components);

  BundleId bundle(int component, std::vector<CommandCount> commands);
  BundleId single(int component, CommandId cmd);  // cached per (component, cmd)

  // Emits `times` hits of bundle b at time t (t in [start, end); outside is ignored).
  void emit(sim::Time t, BundleId b, std::uint64_t times = 1);
  void emit(sim::Time t, int component, CommandId cmd, std::uint64_t n = 1) { emit(t, single(component, cmd), n); }
  // Emits one hit at first, first+period, ... for `count` ticks (clipped to [start, end)).
  void emit_series(sim::Time first, sim::Duration period, std::uint64_t count, BundleId b);

  // Gauges sampled over time (e.g. live keys, stored bytes) per component; the recorder keeps, per
  // bin, the last value set (carried forward by finish()) and the maximum seen.
  enum class Gauge { Keys = 0, Bytes = 1 };
  void gauge(sim::Time t, int component, Gauge g, double value);
  // Call once after the run, before reading gauges: carries values forward over empty bins.
  void finish();

  // At most `max` emit() and emit_series() calls (inside the period or not): a model that emits in
  // start(), before the simulator's event bound is first checked, is bounded by this one. Each call
  // costs one increment and compare.
  void limit_emissions(std::uint64_t max) { max_emissions_ = max; }
  std::uint64_t emissions() const { return emissions_; }
  // Keep the time of every emission from now on (call before the run; off by default: it costs
  // 16 bytes per emit() call), or with `only_bin` >= 0 only of those inside that bin. At most
  // `max_kept` are kept: past it the recorder frees them and keeps none (emission_times_complete()
  // turns false), so memory stays bounded and the caller runs again keeping one bin.
  void keep_emission_times(std::uint64_t max_kept = ~std::uint64_t{0}, std::int64_t only_bin = -1);
  bool keeps_emission_times() const { return keep_times_; }
  bool emission_times_complete() const { return keep_times_ && !times_dropped_; }
  // The emissions inside bin `bin` (requires emission_times_complete(), and with `only_bin` that bin).
  BinEmissions emissions_in(std::int64_t bin) const;

  sim::Time start() const { return start_; }
  sim::Time end() const { return end_; }
  std::int64_t bins() const { return bins_; }
  std::int64_t bin_of(sim::Time t) const { return (t - start_) / kBinWidth; }
  int components() const { return components_; }
  const std::vector<Bundle>& bundles() const { return bundles_; }
  // hits[bundle][bin]
  const std::vector<std::vector<std::uint64_t>>& hits() const { return hits_; }
  // gauges: [component][gauge][bin] -> value (last, carried forward), max
  const std::vector<std::vector<std::vector<double>>>& gauge_last() const { return gauge_last_; }
  const std::vector<std::vector<double>>& gauge_max() const { return gauge_max_; }  // [component][gauge]

 private:
  sim::Time start_, end_;
  std::int64_t bins_;
  int components_;
  std::vector<Bundle> bundles_;
  std::vector<std::vector<std::uint64_t>> hits_;
  std::vector<std::vector<BundleId>> single_cache_;  // [component][cmd] -> bundle+1 (0 = none)
  std::vector<std::vector<std::vector<double>>> gauge_last_;
  std::vector<std::vector<double>> gauge_max_;
  std::vector<std::vector<std::vector<std::uint8_t>>> gauge_set_;
  bool keep_times_ = false, times_dropped_ = false;
  std::uint64_t kept_ = 0, max_kept_ = ~std::uint64_t{0};
  sim::Time keep_from_ = 0, keep_to_ = 0;  // [from, to) of the times kept
  bool keep(sim::Time t, sim::Time last);  // whether to record an emission at [t, last], within the budget
  std::uint64_t emissions_ = 0, max_emissions_ = ~std::uint64_t{0};
  void count_emission() {
    if (++emissions_ > max_emissions_) throw EmissionLimitExceeded{max_emissions_};
  }
  std::vector<std::vector<Emission>> singles_;  // in chunks, so that growing never copies the log
  std::vector<EmissionSeries> series_;
};

}  // namespace core
