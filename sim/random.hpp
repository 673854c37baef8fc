// Random numbers that draw the same in every build. The engine is std::mt19937_64, whose output the
// C++ standard fixes bit for bit; every distribution is our own, since libstdc++ and libc++ give
// different draws from std::normal_distribution and std::uniform_int_distribution.
#pragma once
#include <cstdint>
#include <random>
#include <string_view>

namespace sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1) : engine_(seed) {}
  // Independent stream for a component: derived from the run's seed and a stream name (FNV-1a +
  // splitmix64), so adding a component does not shift the draws of the others.
  static Rng stream(std::uint64_t seed, std::string_view name, std::uint64_t replication = 0);

  std::uint64_t next_u64() { return engine_(); }
  double uniform01();                           // [0, 1), 53 random bits
  double uniform(double lo, double hi);         // [lo, hi)
  std::int64_t integer(std::int64_t lo, std::int64_t hi);  // inclusive, unbiased (rejection)
  double exponential(double rate);              // mean 1/rate
  double normal(double mean, double stddev);    // Marsaglia polar method, no cached spare
  std::int64_t poisson(double mean);            // Knuth for mean < 30, PTRS (Hormann) above
  bool bernoulli(double p);
  // A count: Poisson with mean `lo` when `poisson`, else `lo` rounded when lo == hi, else uniform
  // among the whole numbers from round(lo) to round(hi).
  std::uint64_t count(double lo, double hi, bool poisson);
  // The sum of `units` independent counts as above, in O(1) draws for any number of units: exact
  // (one draw per unit) up to 16 units; above, one Poisson of `units` x `lo` (exact: a sum of
  // Poissons is Poisson), or for a uniform count the normal approximation (central limit theorem)
  // with the sum's mean and variance, rounded and kept within [units x lo, units x hi].
  std::uint64_t count_sum(double lo, double hi, bool poisson, std::uint64_t units);

 private:
  std::mt19937_64 engine_;
};

}  // namespace sim
