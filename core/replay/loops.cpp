#include "core/replay/loops.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <tuple>

namespace core::replay {

void IntervalHistogram::reset(double typical) {
  std::memset(bins, 0, sizeof bins);
  int e = typical > 0 ? static_cast<int>(std::floor(std::log2(typical))) : 0;
  base_exp = e - kOctaves / 2;
}

int IntervalHistogram::bin_of(double s) const {
  if (!(s > 0)) return 0;
  // Octave from the exponent bits, sub-bin from the top three mantissa bits: a log2() per
  // interval would cost more than the rest of the line.
  std::uint64_t bits;
  std::memcpy(&bits, &s, sizeof bits);
  int e = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  int b = (e - base_exp) * kPerOctave + static_cast<int>((bits >> 49) & 7);
  return std::clamp(b, 0, kBins - 1);
}

void IntervalHistogram::add(double s) {
  Bin& b = bins[bin_of(s)];
  ++b.count;
  b.sum += static_cast<float>(s);
  b.sumsq += static_cast<float>(s * s);
}

LoopTracker::LoopTracker(std::uint32_t max_streams, std::uint32_t max_histograms, sim::Duration burst_gap)
    : index_(max_streams), max_streams_(max_streams), max_hists_(max_histograms), gap_(burst_gap) {
  streams_.reserve(max_streams);
  hists_.reserve(max_histograms);
}


void LoopTracker::close_burst(Stream& s) {
  std::uint16_t& a = s.size_hist[std::min<std::uint32_t>(s.burst_size, 8) - 1];
  if (a < 0xFFFF) ++a;
  std::uint16_t& b = s.inner_hist[std::min<std::uint32_t>(s.burst_inner, 7)];
  if (b < 0xFFFF) ++b;
}

void LoopTracker::compact(sim::Time now) {
  // One-burst streams idle for ten seconds or more, the older half of them at most: they can
  // only come back as a new stream, which loses one interval at worst.
  std::vector<sim::Time> idle;
  for (const Stream& s : streams_)
    if (s.key.owner != kNone && s.bursts == 1 && now - s.last_us >= 10 * sim::kSecond) idle.push_back(s.last_us);
  if (idle.empty()) return;
  std::nth_element(idle.begin(), idle.begin() + static_cast<std::ptrdiff_t>(idle.size() / 2), idle.end());
  sim::Time cut = idle[idle.size() / 2];
  index_.clear();
  for (std::uint32_t id = 0; id < streams_.size(); ++id) {
    Stream& s = streams_[id];
    if (s.key.owner == kNone) continue;
    if (s.bursts == 1 && now - s.last_us >= 10 * sim::kSecond && s.last_us <= cut) {
      s.key.owner = kNone;
      free_.push_back(id);
      --live_;
      ++evicted_;
      continue;
    }
    index_.insert(pack_stream_key(s.key), id);
  }
}

void LoopTracker::push_inner(const StreamKey& caller, sim::Time ts) {
  Pending& p = batch_[n_++];
  p.packed = pack_stream_key(caller);
  p.key = caller;
  p.ts = ts;
  p.inner = true;
  if (n_ == kBatch) flush();
}

// A batch is processed in three passes so that the cache misses of its commands overlap instead
// of following each other: find (or create) every stream and prefetch it, update the streams in
// order and prefetch the histogram bins they hit, then add the intervals to the histograms.
void LoopTracker::flush() {
  if (n_ == 0) return;
  // Evictions only between batches: an id found below stays valid until the batch is done.
  if (live_ + n_ > max_streams_) compact(batch_[0].ts);
  for (std::uint32_t i = 0; i < n_; ++i) {
    Pending& p = batch_[i];
    p.id = index_.find(p.packed);
    p.created = false;
    if (p.id == kNone && !p.inner) {
      if (live_ >= max_streams_) {
        ++untracked_;
        continue;
      }
      if (free_.empty()) {
        p.id = static_cast<std::uint32_t>(streams_.size());
        streams_.emplace_back();
      } else {
        p.id = free_.back();
        free_.pop_back();
        streams_[p.id] = Stream{};
      }
      index_.insert(p.packed, p.id);
      ++live_;
      p.created = true;
    }
    if (p.id != kNone) {
      const char* at = reinterpret_cast<const char*>(&streams_[p.id]);
      __builtin_prefetch(at);
      __builtin_prefetch(at + 64);
    }
  }
  std::uint32_t nh = 0;
  for (std::uint32_t i = 0; i < n_; ++i) {
    const Pending& p = batch_[i];
    if (p.id == kNone) continue;
    Stream& s = streams_[p.id];
    if (p.inner) {
      ++s.inner;
      if (s.burst_inner < 0xFFFF) ++s.burst_inner;
      continue;
    }
    if (p.created) {
      s.key = p.key;
      s.first_us = s.last_us = s.burst_start_us = s.first_burst_us = p.ts;
      s.first_line = p.line;
      s.count = 1;
      s.bursts = 1;
      s.burst_size = 1;
      s.last_conn = p.conn;
      s.multi_key = p.multi_key;
      continue;
    }
    sim::Time ts = p.ts < s.last_us ? s.last_us : p.ts;  // out-of-order lines: no negative interval
    if (ts - s.last_us > gap_) {
      close_burst(s);
      double interval = static_cast<double>(ts - s.burst_start_us) * 1e-6;
      if (s.intervals < kExactIntervals) {
        s.first_iv[s.intervals] = static_cast<float>(interval);
      } else {
        if (s.hist == kNone && s.intervals == kExactIntervals) {
          if (hists_.size() < max_hists_) {
            float sorted[kExactIntervals];
            std::copy(std::begin(s.first_iv), std::end(s.first_iv), sorted);
            std::nth_element(sorted, sorted + kExactIntervals / 2, sorted + kExactIntervals);
            hists_.emplace_back();
            hists_.back().reset(sorted[kExactIntervals / 2]);
            s.hist = static_cast<std::uint32_t>(hists_.size() - 1);
            for (float iv : s.first_iv) hists_[s.hist].add(iv);
          } else {
            ++unjudged_;
          }
        }
        if (s.hist != kNone) {
          IntervalHistogram& h = hists_[s.hist];
          int bin = h.bin_of(interval);
          __builtin_prefetch(&h.bins[bin]);
          hist_pending_[nh++] = {s.hist, bin, static_cast<float>(interval)};
        }
      }
      ++s.intervals;
      s.burst_start_us = ts;
      ++s.bursts;
      s.burst_size = 1;
      s.burst_inner = 0;
    } else if (s.burst_size < 0xFFFF) {
      ++s.burst_size;
    }
    s.last_us = ts;
    ++s.count;
    if (p.conn != s.last_conn) {
      ++s.switches;
      s.last_conn = p.conn;
    }
    s.multi_key = s.multi_key || p.multi_key;
  }
  for (std::uint32_t i = 0; i < nh; ++i) {
    IntervalHistogram::Bin& b = hists_[hist_pending_[i].hist].bins[hist_pending_[i].bin];
    float v = hist_pending_[i].value;
    ++b.count;
    b.sum += v;
    b.sumsq += v * v;
  }
  n_ = 0;
}

void LoopTracker::finish() {
  flush();
  for (Stream& s : streams_) {
    if (s.key.owner == kNone) continue;
    close_burst(s);
    s.burst_size = 0;
    s.burst_inner = 0;
  }
}

bool LoopTracker::estimate(const Stream& s, PeriodicStream& out) const {
  if (s.intervals < 2) return false;
  std::uint64_t n = 0;
  double sum = 0, sumsq = 0;
  std::uint32_t judged = s.intervals;
  if (s.hist == kNone && s.intervals > kExactIntervals) return false;  // the pool ran out: unjudged
  if (s.hist == kNone) {
    // At most eight intervals, kept exactly: the densest group within 9 % of one of them.
    std::uint32_t k = std::min(s.intervals, kExactIntervals);
    judged = k;
    for (std::uint32_t i = 0; i < k; ++i) {
      double c = s.first_iv[i];
      std::uint64_t m = 0;
      double su = 0, sq = 0;
      for (std::uint32_t j = 0; j < k; ++j) {
        double v = s.first_iv[j];
        if (v >= c / 1.09 && v <= c * 1.09) {
          ++m;
          su += v;
          sq += v * v;
        }
      }
      if (m > n || (m == n && su > sum)) {
        n = m;
        sum = su;
        sumsq = sq;
      }
    }
  } else {
    const IntervalHistogram& h = hists_[s.hist];
    // Densest window of bins.
    constexpr int kHalf = 1;  // three bins: about +-9 % around the densest one
    std::uint64_t best = 0;
    int best_c = -1;
    std::uint64_t run = 0;
    for (int b = 0; b < IntervalHistogram::kBins + kHalf; ++b) {
      if (b < IntervalHistogram::kBins) run += h.bins[b].count;
      if (b - 2 * kHalf - 1 >= 0) run -= h.bins[b - 2 * kHalf - 1].count;
      int centre = b - kHalf;
      if (centre >= 0 && run > best) {
        best = run;
        best_c = centre;
      }
    }
    if (best_c < 0 || best == 0) return false;
    for (int b = std::max(0, best_c - kHalf); b <= std::min(IntervalHistogram::kBins - 1, best_c + kHalf); ++b) {
      n += h.bins[b].count;
      sum += h.bins[b].sum;
      sumsq += h.bins[b].sumsq;
    }
  }
  if (n == 0) return false;
  double mean = sum / static_cast<double>(n);
  double var = std::max(0.0, sumsq / static_cast<double>(n) - mean * mean);
  out.period_s = mean;
  out.jitter_s = std::sqrt(var);
  out.regular = static_cast<double>(n) / static_cast<double>(judged);
  // Commands per cycle: the most common burst size.
  int mode = 0;
  for (int i = 1; i < 8; ++i)
    if (s.size_hist[i] > s.size_hist[mode]) mode = i;
  out.per_cycle = mode + 1;
  int imode = 0;
  for (int i = 1; i < 8; ++i)
    if (s.inner_hist[i] > s.inner_hist[imode]) imode = i;
  out.inner_per_cycle = imode;
  return true;
}

std::vector<PeriodicStream> LoopTracker::periodic(std::uint32_t min_cycles) const {
  std::vector<PeriodicStream> out;
  for (std::uint32_t id = 0; id < streams_.size(); ++id) {
    const Stream& s = streams_[id];
    if (s.key.owner == kNone || s.bursts < min_cycles) continue;
    PeriodicStream p;
    if (!estimate(s, p)) continue;
    // Regular: most intervals in the period's window, the window holding at least two, and a
    // jitter small against the period.
    std::uint32_t judged = s.intervals;
    std::uint32_t in_window = static_cast<std::uint32_t>(std::lround(p.regular * judged));
    if (in_window < 2 || p.regular < 0.6 || p.jitter_s > 0.25 * p.period_s) continue;
    p.stream = id;
    out.push_back(p);
  }
  return out;
}

}  // namespace core::replay

namespace core::replay {

std::vector<LoopRow> build_loops(const LoopTracker& t, const LoopNames& names, sim::Time capture_start) {
  std::vector<PeriodicStream> per = t.periodic(3);
  // Commands of per-connection loops, by (host, command, subject): a per-host stream they
  // explain is not a loop of its own.
  std::map<std::tuple<std::uint32_t, CommandId, std::uint32_t>, std::uint64_t> explained;
  for (const PeriodicStream& p : per) {
    const Stream& s = t.stream(p.stream);
    if (s.key.owner & kHostBit) continue;
    explained[{names.host_of(s.key.owner), s.key.cmd, s.key.pattern}] += s.count;
  }
  std::vector<PeriodicStream> cands;
  for (const PeriodicStream& p : per) {
    const Stream& s = t.stream(p.stream);
    if (s.key.owner & kHostBit) {
      if (s.switches < 2) continue;  // one connection's start-up, not a loop across connections
      auto it = explained.find({s.key.owner & ~kHostBit, s.key.cmd, s.key.pattern});
      if (it != explained.end() && static_cast<double>(it->second) >= 0.5 * s.count) continue;
    }
    cands.push_back(p);
  }
  std::sort(cands.begin(), cands.end(), [&](const PeriodicStream& a, const PeriodicStream& b) {
    const Stream& x = t.stream(a.stream);
    const Stream& y = t.stream(b.stream);
    if (x.key.owner != y.key.owner) return x.key.owner < y.key.owner;
    if (x.count != y.count) return x.count > y.count;
    return a.stream < b.stream;
  });

  struct Group {
    std::uint32_t owner;
    PeriodicStream lead;
    std::vector<PeriodicStream> members;
  };
  std::vector<Group> groups;
  for (const PeriodicStream& p : cands) {
    const Stream& s = t.stream(p.stream);
    Group* home = nullptr;
    for (auto it = groups.rbegin(); it != groups.rend() && it->owner == s.key.owner; ++it) {
      const Stream& lead = t.stream(it->lead.stream);
      double P = it->lead.period_s;
      if (std::fabs(p.period_s - P) > 0.05 * P) continue;
      double ratio = static_cast<double>(s.bursts) / static_cast<double>(lead.bursts);
      if (ratio < 0.5 || ratio > 2.0) continue;
      double off = std::fabs(static_cast<double>(s.burst_start_us - lead.burst_start_us)) * 1e-6;
      double d = std::fmod(off, P);
      d = std::min(d, P - d);
      double tol = std::min(0.3 * P, std::max(0.2, 0.05 * P));
      if (d > tol) continue;
      home = &*it;
      break;
    }
    if (!home) {
      groups.push_back({s.key.owner, p, {}});
      home = &groups.back();
    }
    home->members.push_back(p);
  }

  std::vector<LoopRow> rows;
  for (Group& g : groups) {
    const Stream& lead = t.stream(g.lead.stream);
    double P = g.lead.period_s;
    auto phase = [&](const PeriodicStream& p) {
      double off = static_cast<double>(t.stream(p.stream).burst_start_us - lead.burst_start_us) * 1e-6;
      double m = std::fmod(off, P);
      if (m > P / 2) m -= P;
      if (m <= -P / 2) m += P;
      return m;
    };
    std::stable_sort(g.members.begin(), g.members.end(),
                     [&](const PeriodicStream& a, const PeriodicStream& b) { return phase(a) < phase(b); });
    LoopRow row;
    row.period_s = P;
    row.jitter_s = g.lead.jitter_s;
    row.regularity = g.lead.regular;
    row.across_connections = (g.owner & kHostBit) != 0;
    std::uint32_t conns = 0;
    row.first_s = 1e300;
    row.first_line = UINT64_MAX;
    for (const PeriodicStream& p : g.members) {
      const Stream& s = t.stream(p.stream);
      LoopMember m;
      m.signature = names.signature(s);
      m.subject = names.subject(s);
      m.cmd = s.key.cmd;
      m.stream = p.stream;
      m.stream_key = pack_stream_key(s.key);
      m.command = command_info(s.key.cmd).name;
      m.per_cycle = p.per_cycle;
      m.inner_per_cycle = p.inner_per_cycle;
      m.period_s = p.period_s;
      m.count = s.count;
      m.inner = s.inner;
      row.commands_per_cycle += p.per_cycle + p.inner_per_cycle;
      row.inner_per_cycle += p.inner_per_cycle;
      row.cycles = std::max<std::uint64_t>(row.cycles, s.bursts);
      row.first_s = std::min(row.first_s, static_cast<double>(s.first_burst_us - capture_start) * 1e-6);
      row.last_s = std::max(row.last_s, static_cast<double>(s.burst_start_us - capture_start) * 1e-6);
      row.first_line = std::min(row.first_line, s.first_line);
      conns = std::max(conns, s.switches + 1);
      if (!row.signature.empty()) row.signature += "; ";
      row.signature += m.signature;
      row.members.push_back(std::move(m));
    }
    row.client = names.owner(g.owner);
    if (row.across_connections) row.client += " (" + std::to_string(conns) + " connections)";
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const LoopRow& a, const LoopRow& b) {
    double ra = a.commands_per_cycle / a.period_s, rb = b.commands_per_cycle / b.period_s;
    if (ra != rb) return ra > rb;
    return a.signature < b.signature;
  });
  return rows;
}

}  // namespace core::replay
