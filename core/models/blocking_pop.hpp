// What every job-queue worker here shares: consumers waiting in a blocking pop (BLPOP/BRPOP with a
// timeout) that each re-send it when it times out, and Redis handing each pushed job to the client
// that has been blocked longest. Header-only helpers for the models' emission loops.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <set>
#include <utility>
#include <vector>

#include "core/engine/recorder.hpp"

namespace core {

// A consumer's chain: it sends its blocking pop at chain_start + k * cycle until a job arrives; it
// runs jobs until free_at.
struct PopChain {
  sim::Time chain_start = 0;
  sim::Time free_at = 0;
};

// Consumers blocked in the same pop with the same timeout cycle, and which one Redis hands a pushed
// job to: among those free, the one whose current pop was sent first (Redis serves blocked clients
// in order: the largest elapsed wait, i.e. the chain whose phase chain_start mod cycle comes next
// after t's); when none is free, the first to free up (its pop then returns at once). Ties go to the
// lowest index. O(log n) per job: free consumers are kept by phase, busy ones by free_at.
class BlockedConsumers {
 public:
  BlockedConsumers(std::size_t n, sim::Time start, sim::Duration cycle) : chains_(n, PopChain{start, start}), cycle_(cycle) {
    for (std::size_t i = 0; i < n; ++i) free_.insert({phase(start), i});
  }
  std::size_t size() const { return chains_.size(); }
  // A consumer's chain. Callers may advance chain_start by whole cycles (the phase is kept).
  PopChain& operator[](std::size_t i) { return chains_[i]; }
  const PopChain& operator[](std::size_t i) const { return chains_[i]; }

  // The consumer that gets a job pushed at t; it must then be given busy_until().
  std::size_t pick(sim::Time t) {
    while (!busy_.empty() && busy_.top().first <= t) {
      const std::size_t i = busy_.top().second;
      busy_.pop();
      free_.insert({phase(chains_[i].chain_start), i});
    }
    if (free_.empty()) {
      const std::size_t i = busy_.top().second;
      busy_.pop();
      return i;
    }
    auto it = free_.upper_bound({phase(t), std::numeric_limits<std::size_t>::max()});
    if (it == free_.end()) it = free_.begin();
    const std::size_t i = it->second;
    free_.erase(it);
    return i;
  }
  // The picked consumer runs until `end`, then sends its next pop.
  void busy_until(std::size_t i, sim::Time end) {
    chains_[i] = PopChain{end, end};
    busy_.push({end, i});
  }

 private:
  sim::Duration phase(sim::Time t) const { return t % cycle_; }
  std::vector<PopChain> chains_;
  sim::Duration cycle_;
  std::set<std::pair<sim::Duration, std::size_t>> free_;
  std::priority_queue<std::pair<sim::Time, std::size_t>, std::vector<std::pair<sim::Time, std::size_t>>,
                      std::greater<>>
      busy_;
};

// Hits of b at first, first + period, ... up to (not including) close.
inline void emit_until(Recorder& rec, sim::Time first, sim::Duration period, sim::Time close, BundleId b) {
  if (first >= close) return;
  rec.emit_series(first, period, static_cast<std::uint64_t>((close - 1 - first) / period) + 1, b);
}

}  // namespace core
