#include "core/replay/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace core::replay {

Timeline::Timeline(std::size_t columns, int edge_seconds, std::size_t max_series_bins)
    : cols_(columns), edge_(edge_seconds), max_bins_(max_series_bins) {
  head_.assign(static_cast<std::size_t>(edge_), 0);
  tail_.assign(static_cast<std::size_t>(edge_), 0);
  tail_sec_.assign(static_cast<std::size_t>(edge_), -1);
  head_snap_.assign(static_cast<std::size_t>(edge_ + 1) * cols_, 0);
  tail_snap_.assign(static_cast<std::size_t>(edge_ + 1) * cols_, 0);
  tail_snap_sec_.assign(static_cast<std::size_t>(edge_ + 1), -1);
}

void Timeline::advance(sim::Time ts, const std::uint32_t* counters) {
  const std::size_t ring = static_cast<std::size_t>(edge_ + 1);
  auto snap = [&](std::int64_t s) {
    if (s <= edge_) std::memcpy(&head_snap_[static_cast<std::size_t>(s) * cols_], counters, cols_ * sizeof(std::uint32_t));
    std::size_t slot = static_cast<std::size_t>(s) % ring;
    std::memcpy(&tail_snap_[slot * cols_], counters, cols_ * sizeof(std::uint32_t));
    tail_snap_sec_[slot] = s;
  };
  auto record = [&](std::int64_t s, std::uint32_t n) {
    if (s < edge_) head_[static_cast<std::size_t>(s)] = n;
    std::size_t slot = static_cast<std::size_t>(s) % static_cast<std::size_t>(edge_);
    tail_[slot] = n;
    tail_sec_[slot] = s;
  };
  if (!started_) {
    started_ = true;
    first_us_ = ts;
    sec_ = 0;
    sec_end_us_ = first_us_ + sim::kSecond;
    sec_count_ = 0;
    snap(0);
    return;
  }
  record(sec_, sec_count_);
  std::int64_t now = (ts - first_us_) / sim::kSecond;
  // Empty seconds in between: zero totals, snapshots equal to the current counters. Only the
  // seconds inside the head or the last `edge_` seconds matter.
  std::int64_t a = sec_ + 1;
  std::int64_t head_to = std::min<std::int64_t>(now, edge_);
  for (std::int64_t s = a; s <= head_to; ++s) {
    if (s < now) record(s, 0);
    snap(s);
  }
  for (std::int64_t s = std::max<std::int64_t>({a, now - edge_, head_to + 1}); s <= now; ++s) {
    if (s < now) record(s, 0);
    snap(s);
  }
  sec_ = now;
  sec_end_us_ = first_us_ + (now + 1) * sim::kSecond;
  sec_count_ = 0;
}

void Timeline::coarsen() {
  width_ *= 2;
  std::vector<SeriesBin> merged;
  merged.reserve(series_.size() / 2 + 1);
  for (const SeriesBin& b : series_) {
    sim::Time start = b.start_us - (((b.start_us % width_) + width_) % width_);
    if (merged.empty() || merged.back().start_us != start) merged.push_back({start, 0, 0, 0});
    merged.back().commands += b.commands;
    merged.back().billable += b.billable;
    merged.back().lua += b.lua;
  }
  series_ = std::move(merged);
  series_end_us_ = series_.back().start_us + width_;
}

void Timeline::roll_series(sim::Time ts) {
  auto align = [&](sim::Time t) { return t - (((t % width_) + width_) % width_); };
  if (series_.empty()) {
    series_.push_back({align(ts), 0, 0, 0});
    series_end_us_ = series_.back().start_us + width_;
    return;
  }
  while (static_cast<std::size_t>((align(ts) - series_.front().start_us) / width_) + 1 > max_bins_) coarsen();
  sim::Time target = align(ts);
  while (series_.back().start_us < target) series_.push_back({series_.back().start_us + width_, 0, 0, 0});
  series_end_us_ = series_.back().start_us + width_;
}

void Timeline::finish(const std::uint32_t* counters) {
  if (!started_) return;
  // Record the last (partial) second's total.
  if (sec_ < edge_) head_[static_cast<std::size_t>(sec_)] = sec_count_;
  std::size_t slot = static_cast<std::size_t>(sec_) % static_cast<std::size_t>(edge_);
  tail_[slot] = sec_count_;
  tail_sec_[slot] = sec_;
  last_sec_ = sec_;
  final_.assign(counters, counters + cols_);
}

std::uint32_t Timeline::count_at(std::int64_t s) const {
  if (s < 0 || s > last_sec_) return UINT32_MAX;
  if (s < edge_) return head_[static_cast<std::size_t>(s)];
  std::size_t slot = static_cast<std::size_t>(s) % static_cast<std::size_t>(edge_);
  if (tail_sec_[slot] == s) return tail_[slot];
  return UINT32_MAX;
}

std::vector<std::uint32_t> Timeline::counters_at(double seconds) const {
  if (!started_) return {};
  std::int64_t s = static_cast<std::int64_t>(std::llround(seconds));
  if (s > last_sec_) return final_;
  if (s < 0) s = 0;
  if (s <= edge_) {
    auto it = head_snap_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(s) * cols_);
    return {it, it + static_cast<std::ptrdiff_t>(cols_)};
  }
  std::size_t slot = static_cast<std::size_t>(s) % static_cast<std::size_t>(edge_ + 1);
  if (tail_snap_sec_[slot] == s) {
    auto it = tail_snap_.begin() + static_cast<std::ptrdiff_t>(slot * cols_);
    return {it, it + static_cast<std::ptrdiff_t>(cols_)};
  }
  return {};
}

Transients Timeline::find_transients() const {
  Transients t;
  if (!started_) return t;
  double span = span_s();
  t.shutdown_from_s = span;
  std::int64_t nsec = last_sec_ + 1;
  // Baseline: the median per-second total over the head (the edges are a few seconds of it).
  std::vector<std::uint32_t> v;
  for (std::int64_t s = 0; s < std::min<std::int64_t>(edge_, nsec); ++s) v.push_back(count_at(s));
  if (v.empty()) return t;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  double base = v[v.size() / 2];
  t.baseline_per_s = base;
  if (span < 20) return t;  // too short to tell an edge from the steady state
  // A second is "busy" well above Poisson noise around the baseline; an edge is a run of busy
  // seconds from the start (or end), allowing gaps of up to three quiet seconds in the run.
  double thr = base + 5 * std::sqrt(base) + 5;
  constexpr std::int64_t kGap = 3;
  std::int64_t limit = std::min<std::int64_t>(edge_, nsec / 2);
  std::int64_t last_busy = -1;
  for (std::int64_t s = 0; s < limit; ++s) {
    std::uint32_t c = count_at(s);
    if (c == UINT32_MAX) break;
    if (c > thr) {
      last_busy = s;
    } else if (s - last_busy > kGap) {
      break;
    }
  }
  if (last_busy >= 0) {
    t.has_startup = true;
    t.startup_s = static_cast<double>(last_busy + 1);
    for (std::int64_t s = 0; s <= last_busy; ++s) t.startup_commands += count_at(s);
  }
  // The tail, judged by the tail's own baseline.
  std::vector<std::uint32_t> w;
  for (std::int64_t s = std::max<std::int64_t>(0, nsec - edge_); s < nsec; ++s) {
    std::uint32_t c = count_at(s);
    if (c != UINT32_MAX) w.push_back(c);
  }
  if (!w.empty()) {
    std::nth_element(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(w.size() / 2), w.end());
    double tb = w[w.size() / 2];
    double tthr = tb + 5 * std::sqrt(tb) + 5;
    std::int64_t first_busy = nsec;
    std::int64_t stop = std::max<std::int64_t>({nsec - edge_, nsec / 2, last_busy + 1});
    for (std::int64_t s = nsec - 1; s >= stop; --s) {
      std::uint32_t c = count_at(s);
      if (c == UINT32_MAX) break;
      if (c > tthr) {
        first_busy = s;
      } else if (first_busy - s > kGap) {
        break;
      }
    }
    if (first_busy < nsec) {
      t.has_shutdown = true;
      t.shutdown_from_s = static_cast<double>(first_busy);
      for (std::int64_t s = first_busy; s < nsec; ++s) t.shutdown_commands += count_at(s);
    }
  }
  return t;
}

}  // namespace core::replay
