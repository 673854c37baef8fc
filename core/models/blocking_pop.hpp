// What every job-queue worker here shares: consumers waiting in a blocking pop (BLPOP/BRPOP with a
// timeout) that each re-send it when it times out, and Redis handing each pushed job to the client
// that has been blocked longest. Header-only helpers for the models' emission loops.
#pragma once
#include <cstdint>
#include <vector>

#include "core/engine/recorder.hpp"

namespace core {

// A consumer's chain: it sends its blocking pop at chain_start + k * cycle until a job arrives; it
// runs jobs until free_at.
struct PopChain {
  sim::Time chain_start = 0;
  sim::Time free_at = 0;
};

// The consumer that gets a job pushed at t: among those free at t, the one whose current pop was
// sent first (Redis serves blocked clients in order); when none is free, the first to free up (its
// pop then returns at once). Ties go to the lowest index.
inline std::size_t pick_consumer(const std::vector<PopChain>& chains, sim::Time t, sim::Duration cycle) {
  std::size_t best = 0;
  sim::Time best_key = sim::kNever;
  bool best_free = false;
  for (std::size_t i = 0; i < chains.size(); ++i) {
    const PopChain& c = chains[i];
    const bool free = c.free_at <= t;
    const sim::Time key = free ? c.chain_start + ((t - c.chain_start) / cycle) * cycle : c.free_at;
    if ((free && !best_free) || (free == best_free && key < best_key)) {
      best = i;
      best_key = key;
      best_free = free;
    }
  }
  return best;
}

// Hits of b at first, first + period, ... up to (not including) close.
inline void emit_until(Recorder& rec, sim::Time first, sim::Duration period, sim::Time close, BundleId b) {
  if (first >= close) return;
  rec.emit_series(first, period, static_cast<std::uint64_t>((close - 1 - first) / period) + 1, b);
}

}  // namespace core
