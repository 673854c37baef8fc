// Time in a capture: a per-minute series over the whole capture (coarsened when it grows past a
// bound, so a month-long capture still fits), per-second totals over its first and last few
// minutes to find the start-up and shut-down transients, and snapshots of the per-command
// counters at second boundaries there, so the steady state's per-command counts are exact
// without a second pass over the input.
#pragma once
#include <climits>
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace core::replay {

struct SeriesBin {
  sim::Time start_us = 0;  // start of the bin (UTC, aligned to the bin width)
  std::uint64_t commands = 0, billable = 0, lua = 0;
};

struct Transients {
  // Seconds from the first line; startup = [0, startup_s), shutdown = [shutdown_from_s, span].
  double startup_s = 0, shutdown_from_s = 0;
  std::uint64_t startup_commands = 0, shutdown_commands = 0;
  bool has_startup = false, has_shutdown = false;
  double baseline_per_s = 0;  // median commands per second, the steady level the edges are judged by
};

class Timeline {
 public:
  // `columns`: number of counter columns snapshotted (per-command x source counters).
  Timeline(std::size_t columns, int edge_seconds = 300, std::size_t max_series_bins = 50000);

  // Hot path: one command at `ts`. `counters` is the caller's live counter array (`columns`
  // wide) *before* this command is counted; it is snapshotted when a second boundary passes.
  inline void add(sim::Time ts, std::uint32_t billable, bool lua, const std::uint32_t* counters) {
    if (ts < last_us_) ts = last_us_;  // out-of-order lines are binned at the latest time seen
    if (ts >= sec_end_us_) advance(ts, counters);
    last_us_ = ts;
    ++sec_count_;
    if (ts >= series_end_us_) roll_series(ts);
    SeriesBin& b = series_.back();
    ++b.commands;
    b.billable += billable;
    b.lua += lua ? 1 : 0;
  }
  // Call once after the last line, with the final counters.
  void finish(const std::uint32_t* counters);

  bool empty() const { return !started_; }
  sim::Time first_us() const { return first_us_; }
  sim::Time last_us() const { return last_us_; }
  double span_s() const { return started_ ? static_cast<double>(last_us_ - first_us_) * 1e-6 : 0; }
  const std::vector<SeriesBin>& series() const { return series_; }
  sim::Duration series_width() const { return width_; }

  Transients find_transients() const;
  // Counter values at `seconds` from the first line (a whole second within the first or last
  // edge_seconds of the capture, or the end); empty when not available.
  std::vector<std::uint32_t> counters_at(double seconds) const;

 private:
  void advance(sim::Time ts, const std::uint32_t* counters);
  void roll_series(sim::Time ts);
  void coarsen();
  std::uint32_t count_at(std::int64_t sec) const;  // per-second total, or UINT32_MAX if unknown
  std::size_t cols_;
  int edge_;
  std::size_t max_bins_;
  bool started_ = false;
  sim::Time first_us_ = 0, last_us_ = INT64_MIN;
  // Current second (index from the first line's second).
  std::int64_t sec_ = -1;
  sim::Time sec_end_us_ = INT64_MIN;
  std::uint32_t sec_count_ = 0;
  // Per-second totals: first edge_ seconds, and a ring over the last edge_ seconds.
  std::vector<std::uint32_t> head_, tail_;
  std::vector<std::int64_t> tail_sec_;
  // Counter snapshots at the start of second i: head_snap_[i], and a ring for the tail.
  std::vector<std::uint32_t> head_snap_, tail_snap_;
  std::vector<std::int64_t> tail_snap_sec_;
  std::vector<std::uint32_t> final_;
  std::int64_t last_sec_ = 0;
  // Series.
  std::vector<SeriesBin> series_;
  sim::Duration width_ = sim::kMinute;
  sim::Time series_end_us_ = INT64_MIN;
};

}  // namespace core::replay
