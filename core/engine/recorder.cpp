#include "core/engine/recorder.hpp"

#include <algorithm>

namespace core {

Recorder::Recorder(sim::Time start, sim::Time end, const BillingRules& rules, int components)
    : start_(start), end_(end), components_(components), rules_(rules) {
  bins_ = end > start ? (end - start + kBinWidth - 1) / kBinWidth : 0;
  single_cache_.resize(components);
  gauge_last_.assign(components, std::vector<std::vector<double>>(2, std::vector<double>(bins_, 0.0)));
  gauge_max_.assign(components, std::vector<double>(2, 0.0));
  gauge_set_.assign(components, std::vector<std::vector<std::uint8_t>>(2, std::vector<std::uint8_t>(bins_, 0)));
}

BundleId Recorder::bundle(int component, std::vector<CommandCount> commands) {
  Bundle b;
  b.component = component;
  for (const auto& c : commands) {
    b.size += c.count;
    b.billable += c.count * rules_.weight(c.cmd, c.in_script);
  }
  b.commands = std::move(commands);
  bundles_.push_back(std::move(b));
  hits_.emplace_back(bins_, 0);
  return static_cast<BundleId>(bundles_.size() - 1);
}

BundleId Recorder::single(int component, CommandId cmd) {
  auto& cache = single_cache_.at(component);
  if (cache.size() <= cmd) cache.resize(cmd + 1, 0);
  if (cache[cmd] == 0) cache[cmd] = bundle(component, {CommandCount{cmd, 1, false}}) + 1;
  return cache[cmd] - 1;
}

void Recorder::emit(sim::Time t, BundleId b, std::uint64_t times) {
  if (t < start_ || t >= end_ || times == 0) return;
  std::int64_t bin = (t - start_) / kBinWidth;
  hits_[b][bin] += times;
  if (bin == traced_bin_) trace_.push_back({t, bundles_[b].billable * times});
}

void Recorder::emit_series(sim::Time first, sim::Duration period, std::uint64_t count, BundleId b) {
  if (count == 0) return;
  if (period <= 0) {
    emit(first, b, count);
    return;
  }
  // Clip to [start, end).
  if (first < start_) {
    std::uint64_t skip = static_cast<std::uint64_t>((start_ - first + period - 1) / period);
    if (skip >= count) return;
    first += static_cast<sim::Time>(skip) * period;
    count -= skip;
  }
  if (first >= end_) return;
  std::uint64_t fit = static_cast<std::uint64_t>((end_ - 1 - first) / period) + 1;
  count = std::min(count, fit);
  auto& h = hits_[b];
  sim::Time t = first;
  std::uint64_t left = count;
  while (left > 0) {
    std::int64_t bin = (t - start_) / kBinWidth;
    sim::Time bin_end = start_ + (bin + 1) * kBinWidth;
    std::uint64_t in_bin = static_cast<std::uint64_t>((bin_end - 1 - t) / period) + 1;
    in_bin = std::min(in_bin, left);
    h[bin] += in_bin;
    if (bin == traced_bin_) {
      // At most kMaxTracePerSeries points per series and bin (a 1-microsecond tick has 9e8 in a
      // bin): beyond that every k-th hit is kept, carrying k hits' billable commands, so the moment
      // the quota runs out is exact to k periods and the trace stays within 16 MB per series.
      constexpr std::uint64_t kMaxTracePerSeries = 1'000'000;
      std::uint64_t k = (in_bin + kMaxTracePerSeries - 1) / kMaxTracePerSeries;
      for (std::uint64_t i = 0; i < in_bin; i += k)
        trace_.push_back({t + static_cast<sim::Time>(i) * period, bundles_[b].billable * std::min(k, in_bin - i)});
    }
    left -= in_bin;
    t += static_cast<sim::Time>(in_bin) * period;
  }
}

void Recorder::gauge(sim::Time t, int component, Gauge g, double value) {
  if (t < start_ || t >= end_) return;
  int gi = static_cast<int>(g);
  std::int64_t bin = (t - start_) / kBinWidth;
  gauge_last_[component][gi][bin] = value;
  gauge_set_[component][gi][bin] = 1;
  gauge_max_[component][gi] = std::max(gauge_max_[component][gi], value);
}

void Recorder::finish() {
  // Carry each gauge's last value forward over bins with no sample.
  for (int c = 0; c < components_; ++c)
    for (int g = 0; g < 2; ++g) {
      double carry = 0;
      for (std::int64_t b = 0; b < bins_; ++b) {
        if (gauge_set_[c][g][b]) carry = gauge_last_[c][g][b];
        else gauge_last_[c][g][b] = carry;
      }
    }
}

}  // namespace core
