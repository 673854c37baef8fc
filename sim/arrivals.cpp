// Arrivals whose rate follows a daily profile of local hours. The rate is piecewise constant: it
// changes only where the local hour changes (or the zone's offset does), so the expected count is a
// sum over pieces, Poisson arrivals are thinned from the peak rate, and deterministic arrivals are
// placed where the expected count passes k + 1/2.
#include "sim/arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sim {

namespace {

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Weight of each local hour divided by the mean weight, so a flat profile is all ones.
std::array<double, 24> relative_weights(const ArrivalProfile& p) {
  std::array<double, 24> w;
  w.fill(1.0);
  if (p.hourly.empty()) return w;
  if (p.hourly.size() != 24) throw std::invalid_argument("arrival profile: expected 24 hourly weights");
  double peak = 0;
  for (double x : p.hourly) {
    if (!(x >= 0) || std::isinf(x)) throw std::invalid_argument("arrival profile: weights must be finite and >= 0");
    peak = std::max(peak, x);
  }
  // Scaled by the largest weight first: weights near the largest double (1e308) would overflow the
  // sum or the product with 24 to infinity, and an infinite peak rate never advances the thinning.
  double sum = 0;
  for (double x : p.hourly) sum += peak > 0 ? x / peak : 0.0;
  for (int h = 0; h < 24; ++h) w[h] = sum > 0 ? p.hourly[h] / peak * 24.0 / sum : 0.0;
  return w;
}

// A stretch [start, end) of constant rate (arrivals per microsecond).
struct Piece {
  Time start, end;
  double rate;
};

// The profile's rate as a function of time: the weights are checked and normalised once.
class RateFunction {
 public:
  explicit RateFunction(const ArrivalProfile& p)
      : weights_(relative_weights(p)), base_(p.per_day / static_cast<double>(kDay)), zone_(p.zone) {}

  // The piece that starts at `at` (and ends at the next local hour, zone jump or `to`).
  Piece piece_at(Time at, Time to) const {
    TimeZone::Span span = zone_.span_at(at);
    std::int64_t local = floor_div(at, kSecond) + span.offset;
    std::int64_t hours = floor_div(local, 3600);
    int hour = static_cast<int>(hours - floor_div(hours, 24) * 24);
    Time next_hour = ((hours + 1) * 3600 - span.offset) * kSecond;
    return Piece{at, std::min({next_hour, span.end, to}), base_ * weights_[hour]};
  }
  double rate_at(Time t) const { return piece_at(t, t + 1).rate; }

  // Calls fn(piece) for the pieces covering [from, to), in order.
  template <typename Fn>
  void for_each_piece(Time from, Time to, Fn fn) const {
    for (Time at = from; at < to;) {
      Piece piece = piece_at(at, to);
      fn(piece);
      at = piece.end;
    }
  }

 private:
  std::array<double, 24> weights_;
  double base_;
  const TimeZone& zone_;
};

}  // namespace

double arrival_rate_at(const ArrivalProfile& p, Time t) { return RateFunction(p).rate_at(t); }

double expected_arrivals(const ArrivalProfile& p, Time from, Time to) {
  double total = 0;
  RateFunction(p).for_each_piece(from, to, [&](const Piece& piece) {
    total += piece.rate * static_cast<double>(piece.end - piece.start);
  });
  return total;
}

std::vector<Time> generate_arrivals(const ArrivalProfile& p, Time from, Time to, Rng& rng) {
  std::vector<Time> out;
  if (from >= to || !(p.per_day > 0)) return out;
  const RateFunction rate_function(p);

  if (p.deterministic) {
    // The k-th arrival (k = 0, 1, ...) comes when the expected count reaches k + 1/2, so a rate of
    // 60 an hour gives arrivals at :00:30, :01:30, ... and n expected give round(n) arrivals.
    double before = 0;
    rate_function.for_each_piece(from, to, [&](const Piece& piece) {
      double after = before + piece.rate * static_cast<double>(piece.end - piece.start);
      for (double k = std::ceil(before - 0.5); k + 0.5 < after; k += 1) {
        if (k + 0.5 < before) continue;
        Time at = piece.start + static_cast<Time>(std::llround((k + 0.5 - before) / piece.rate));
        out.push_back(std::clamp(at, piece.start, piece.end - 1));
      }
      before = after;
    });
    return out;
  }

  // Thinning (Lewis and Shedler): candidates from a Poisson process at the peak rate, each kept with
  // probability rate(t) / peak. Candidate times are integers, so nothing accumulates float error.
  double peak = 0;
  rate_function.for_each_piece(from, to, [&](const Piece& piece) { peak = std::max(peak, piece.rate); });
  if (!(peak > 0)) return out;
  Time at = from;
  while (true) {
    double gap = rng.exponential(peak);
    if (gap >= static_cast<double>(to - at)) break;
    at += static_cast<Time>(std::llround(gap));
    if (at >= to) break;
    double rate = rate_function.rate_at(at);
    if (rng.uniform01() * peak < rate) out.push_back(at);
  }
  return out;
}

}  // namespace sim
