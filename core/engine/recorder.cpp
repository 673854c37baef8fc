#include "core/engine/recorder.hpp"

#include <algorithm>
#include <cstdint>

namespace core {

Recorder::Recorder(sim::Time start, sim::Time end, int components)
    : start_(start), end_(end), components_(components) {
  bins_ = end > start ? (end - start + kBinWidth - 1) / kBinWidth : 0;
  single_cache_.resize(components);
  gauge_last_.assign(components, std::vector<std::vector<double>>(2, std::vector<double>(bins_, 0.0)));
  gauge_max_.assign(components, std::vector<double>(2, 0.0));
  gauge_set_.assign(components, std::vector<std::vector<std::uint8_t>>(2, std::vector<std::uint8_t>(bins_, 0)));
}

void Recorder::keep_emission_times(std::uint64_t max_kept, std::int64_t only_bin) {
  keep_times_ = true;
  max_kept_ = max_kept;
  keep_from_ = only_bin >= 0 ? start_ + only_bin * kBinWidth : start_;
  keep_to_ = only_bin >= 0 ? std::min(end_, keep_from_ + kBinWidth) : end_;
}

bool Recorder::keep(sim::Time t, sim::Time last) {
  if (!keep_times_ || times_dropped_ || last < keep_from_ || t >= keep_to_) return false;
  if (++kept_ > max_kept_) {
    times_dropped_ = true;
    std::vector<std::vector<Emission>>().swap(singles_);
    std::vector<EmissionSeries>().swap(series_);
    return false;
  }
  return true;
}

BundleId Recorder::bundle(int component, std::vector<CommandCount> commands) {
  Bundle b;
  b.component = component;
  for (const auto& c : commands) b.size += c.count;
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
  count_emission();
  if (t < start_ || t >= end_ || times == 0) return;
  std::int64_t bin = (t - start_) / kBinWidth;
  hits_[b][bin] += times;
  if (keep(t, t))
    for (std::uint64_t left = times; left > 0;) {
      auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(left, UINT32_MAX));
      if (singles_.empty() || singles_.back().size() == singles_.back().capacity()) {
        singles_.emplace_back();
        singles_.back().reserve(8192);
      }
      singles_.back().push_back({t, b, n});
      left -= n;
    }
}

void Recorder::emit_series(sim::Time first, sim::Duration period, std::uint64_t count, BundleId b) {
  if (count == 0) return;
  if (period <= 0) {
    emit(first, b, count);
    return;
  }
  count_emission();
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
  if (keep(first, first + static_cast<sim::Time>(count - 1) * period)) series_.push_back({first, period, count, b});
  auto& h = hits_[b];
  sim::Time t = first;
  std::uint64_t left = count;
  while (left > 0) {
    std::int64_t bin = (t - start_) / kBinWidth;
    sim::Time bin_end = start_ + (bin + 1) * kBinWidth;
    std::uint64_t in_bin = static_cast<std::uint64_t>((bin_end - 1 - t) / period) + 1;
    in_bin = std::min(in_bin, left);
    h[bin] += in_bin;
    left -= in_bin;
    t += static_cast<sim::Time>(in_bin) * period;
  }
}

BinEmissions Recorder::emissions_in(std::int64_t bin) const {
  BinEmissions out;
  sim::Time from = start_ + bin * kBinWidth, to = std::min(end_, from + kBinWidth);  // [from, to)
  for (const auto& chunk : singles_)
    for (const Emission& e : chunk)
      if (e.t >= from && e.t < to) out.singles.push_back(e);
  for (const EmissionSeries& s : series_) {
    sim::Time last = s.first + static_cast<sim::Time>(s.count - 1) * s.period;
    if (last < from || s.first >= to) continue;
    std::uint64_t skip = s.first < from ? static_cast<std::uint64_t>((from - s.first + s.period - 1) / s.period) : 0;
    sim::Time first = s.first + static_cast<sim::Time>(skip) * s.period;
    if (first >= to) continue;
    std::uint64_t in_bin = std::min(s.count - skip, static_cast<std::uint64_t>((to - 1 - first) / s.period) + 1);
    out.series.push_back({first, s.period, in_bin, s.bundle});
  }
  return out;
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
