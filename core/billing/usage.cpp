#include "core/billing/usage.hpp"

#include <algorithm>
#include <stdexcept>

namespace core {

MeteredUse meter(const Recorder& rec, const BillingRules& rules) {
  MeteredUse m;
  m.rules = rules.id;
  const auto& bundles = rec.bundles();
  m.weight.assign(bundles.size(), 0);
  m.billable.assign(static_cast<std::size_t>(rec.bins()), 0);
  for (std::size_t b = 0; b < bundles.size(); ++b) {
    std::uint64_t w = 0;
    for (const auto& c : bundles[b].commands) w += c.count * rules.weight(c.cmd, c.in_script);
    m.weight[b] = w;
    if (!w) continue;
    const auto& h = rec.hits()[b];
    for (std::int64_t i = 0; i < rec.bins(); ++i) m.billable[i] += h[i] * w;
  }
  for (auto v : m.billable) m.total += v;
  return m;
}

std::optional<sim::Time> quota_exhausted_at(const Recorder& rec, const MeteredUse& use, std::int64_t bin,
                                            std::uint64_t need) {
  if (!rec.emission_times_complete()) throw std::logic_error("quota_exhausted_at: the recorder kept no emission times");
  BinEmissions e = rec.emissions_in(bin);
  // Billable use in the bin at times <= t: a step function of t that rises at emission times, so
  // the first t where it reaches `need` is the time of an emission; found by bisection over the bin.
  auto used_through = [&](sim::Time t) {
    std::uint64_t used = 0;
    for (const Emission& s : e.singles)
      if (s.t <= t) used += use.weight[s.bundle] * s.times;
    for (const EmissionSeries& s : e.series)
      if (s.first <= t) used += use.weight[s.bundle] * std::min(s.count, static_cast<std::uint64_t>((t - s.first) / s.period) + 1);
    return used;
  };
  sim::Time lo = rec.start() + bin * kBinWidth;
  sim::Time hi = std::min(rec.end(), lo + kBinWidth) - 1;
  if (used_through(hi) < need) return std::nullopt;
  while (lo < hi) {
    sim::Time mid = lo + (hi - lo) / 2;
    if (used_through(mid) >= need) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

}  // namespace core
