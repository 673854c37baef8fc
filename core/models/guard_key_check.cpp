#include "core/models/guard_key_check.hpp"

namespace core {

void emit_guard_key_check(Recorder& rec, sim::Time first, sim::Duration period, sim::Time close, BundleId every_cycle,
                          BundleId full_run, int full, int of) {
  if (first >= close) return;
  auto series = [&](sim::Time t0, sim::Duration step, BundleId b) {
    if (t0 < close) rec.emit_series(t0, step, static_cast<std::uint64_t>((close - 1 - t0) / step) + 1, b);
  };
  series(first, period, every_cycle);
  if (full >= of) {
    series(first, period, full_run);
    return;
  }
  // Cycle k (0-based) runs in full unless k % of == of - 1; one series per residue.
  for (int k = 0; k < full; ++k) series(first + k * period, of * period, full_run);
}

}  // namespace core
