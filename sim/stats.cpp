// Summaries over replications. Percentiles interpolate exactly as numpy.percentile's default
// ("linear") does, including its way of interpolating, so results can be checked against numpy.
#include "sim/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sim {

double percentile(std::vector<double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  q = std::clamp(q, 0.0, 100.0);
  double index = (q / 100.0) * static_cast<double>(values.size() - 1);
  std::size_t below = static_cast<std::size_t>(std::floor(index));
  if (below + 1 >= values.size()) return values.back();
  double t = index - static_cast<double>(below);
  double a = values[below], b = values[below + 1];
  // numpy's _lerp: from the nearer end, so the result never leaves [a, b].
  double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

double student_t_975(int df) {
  // scipy.stats.t.ppf(0.975, df) for df = 1..30.
  static constexpr double kTable[30] = {
      12.706204736174698, 4.302652729749464, 3.182446305284263, 2.776445105197793, 2.570581835636314,
      2.446911851144969,  2.364624251592785, 2.306004135204166, 2.262157162798205, 2.228138851986274,
      2.200985160091640,  2.178812829667228, 2.160368656462793, 2.144786687917804, 2.131449545559774,
      2.119905299221255,  2.109815577833317, 2.100922040241037, 2.093024054408309, 2.085963447265865,
      2.079613844727681,  2.073873067904025, 2.068657610419045, 2.063898561628021, 2.059538552753294,
      2.055529438642871,  2.051830516480284, 2.048407141795244, 2.045229642132703, 2.042272456301238};
  if (df < 1) return std::numeric_limits<double>::quiet_NaN();
  if (df <= 30) return kTable[df - 1];
  // Cornish-Fisher expansion around the normal quantile; off by less than 3e-8 from df = 31 on.
  const double z = 1.959963984540054;
  const double n = df, z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n);
}

Summary summarize(const std::vector<double>& values) {
  Summary s;
  s.n = static_cast<int>(values.size());
  if (values.empty()) return s;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / s.n;
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.stddev = s.n > 1 ? std::sqrt(squares / (s.n - 1)) : 0.0;  // sample standard deviation
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  s.min = *lo;
  s.max = *hi;
  s.p5 = percentile(values, 5);
  s.p50 = percentile(values, 50);
  s.p95 = percentile(values, 95);
  // One replication gives no interval: it collapses to the mean.
  double half = s.n > 1 ? student_t_975(s.n - 1) * s.stddev / std::sqrt(static_cast<double>(s.n)) : 0.0;
  s.ci95_low = s.mean - half;
  s.ci95_high = s.mean + half;
  return s;
}

}  // namespace sim
