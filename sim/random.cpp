// Distributions written out here, on top of std::mt19937_64 (whose output the standard fixes), using
// only +, -, *, / and std::log/std::sqrt/std::exp, which glibc and musl (Emscripten) both round
// correctly for these uses. No std:: distribution is used anywhere: their algorithms differ between
// standard libraries, so the same seed would give different runs in the browser.
#include "sim/random.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sim {

namespace {

constexpr std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// SplitMix64 (Steele, Lea, Flood 2014): one step, used to scramble seeds into independent states.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// log(Gamma(x)) for x >= 1 by the Stirling series, shifted up to x >= 7 where eight terms are exact
// to double precision. std::lgamma is not used: its implementations differ between C libraries.
double log_gamma(double x) {
  // B_2k / (2k (2k - 1)) for k = 1..10
  static constexpr double kCoefficients[10] = {
      1.0 / 12,        -1.0 / 360,         1.0 / 1260,           -1.0 / 1680,         1.0 / 1188,
      -691.0 / 360360, 1.0 / 156,          -3617.0 / 122400,     43867.0 / 244188,    -174611.0 / 125400};
  if (x == 1.0 || x == 2.0) return 0.0;
  int shift = x < 7.0 ? static_cast<int>(7.0 - x) : 0;
  double z = x + shift;
  double z2 = 1.0 / (z * z);
  double series = kCoefficients[9];
  for (int k = 8; k >= 0; --k) series = series * z2 + kCoefficients[k];
  constexpr double kHalfLogTwoPi = 0.91893853320467274178;
  double result = series / z + kHalfLogTwoPi + (z - 0.5) * std::log(z) - z;
  // Gamma(x) = Gamma(x + shift) / (x (x + 1) ... (x + shift - 1))
  for (int k = 1; k <= shift; ++k) {
    z -= 1.0;
    result -= std::log(z);
  }
  return result;
}

}  // namespace

Rng Rng::stream(std::uint64_t seed, std::string_view name, std::uint64_t replication) {
  std::uint64_t state = splitmix64(seed);
  state = splitmix64(state ^ fnv1a(name));
  state = splitmix64(state ^ replication);
  return Rng(state);
}

double Rng::uniform01() {
  // The top 53 bits fill a double's mantissa exactly.
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

std::int64_t Rng::integer(std::int64_t lo, std::int64_t hi) {
  if (hi < lo) throw std::invalid_argument("Rng::integer: hi < lo");
  std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (span == ~std::uint64_t{0}) return static_cast<std::int64_t>(next_u64());
  std::uint64_t n = span + 1;
  // Reject the lowest 2^64 mod n values, so every residue is equally likely.
  std::uint64_t threshold = (0 - n) % n;
  std::uint64_t x;
  do {
    x = next_u64();
  } while (x < threshold);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + x % n);
}

double Rng::exponential(double rate) {
  if (!(rate > 0)) throw std::invalid_argument("Rng::exponential: rate must be positive");
  // 1 - u is in (0, 1], so the log is finite.
  return -std::log(1.0 - uniform01()) / rate;
}

double Rng::normal(double mean, double stddev) {
  double u, v, s;
  do {
    u = 2.0 * uniform01() - 1.0;
    v = 2.0 * uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  // The polar method yields two deviates; the second is dropped so each call costs the same draws
  // whatever came before (no hidden state besides the engine).
  return mean + stddev * u * std::sqrt(-2.0 * std::log(s) / s);
}

std::int64_t Rng::poisson(double mean) {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    // Knuth: multiply uniforms until the product drops below e^-mean.
    double limit = std::exp(-mean);
    std::int64_t k = 0;
    double product = uniform01();
    while (product > limit) {
      ++k;
      product *= uniform01();
    }
    return k;
  }
  // PTRS, the transformed rejection method with squeeze of W. Hormann, "The transformed rejection
  // method for generating Poisson random variables", Insurance: Mathematics and Economics 12 (1993).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    double u = uniform01() - 0.5;
    double v = uniform01();
    double us = 0.5 - std::fabs(u);
    double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<std::int64_t>(k);
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <= -mean + k * loglam - log_gamma(k + 1))
      return static_cast<std::int64_t>(k);
  }
}

bool Rng::bernoulli(double p) { return uniform01() < p; }

std::uint64_t Rng::count(double lo, double hi, bool poisson_mean) {
  if (poisson_mean) return static_cast<std::uint64_t>(poisson(lo));
  if (lo == hi) return static_cast<std::uint64_t>(std::llround(lo));
  return static_cast<std::uint64_t>(integer(std::llround(lo), std::llround(hi)));
}

std::uint64_t Rng::count_sum(double lo, double hi, bool poisson_mean, std::uint64_t units) {
  if (units <= 16) {
    std::uint64_t sum = 0;
    for (std::uint64_t u = 0; u < units; ++u) sum += count(lo, hi, poisson_mean);
    return sum;
  }
  const double n = static_cast<double>(units);
  if (poisson_mean) return static_cast<std::uint64_t>(poisson(lo * n));
  const double a = static_cast<double>(std::llround(lo)), b = static_cast<double>(std::llround(hi));
  if (a == b) return static_cast<std::uint64_t>(a * n);
  const double width = b - a + 1;  // values a..b, each with probability 1/width
  const double mean = n * (a + b) / 2, var = n * (width * width - 1) / 12;
  const double x = std::round(normal(mean, std::sqrt(var)));
  return static_cast<std::uint64_t>(std::clamp(x, n * a, n * b));
}

}  // namespace sim
