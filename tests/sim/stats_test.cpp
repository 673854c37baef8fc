// Percentiles as numpy's default, Student t critical values, and summaries.
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/stats.hpp"

using namespace sim;

TEST_CASE("percentile interpolates linearly between order statistics, as numpy", "[stats]") {
  // numpy.percentile([1, 2, 3, 4], q) = 1.0, 1.75, 2.5, 3.25, 4.0 for q = 0, 25, 50, 75, 100
  std::vector<double> v{4, 1, 3, 2};
  CHECK(percentile(v, 0) == 1.0);
  CHECK(percentile(v, 25) == 1.75);
  CHECK(percentile(v, 50) == 2.5);
  CHECK(percentile(v, 75) == 3.25);
  CHECK(percentile(v, 100) == 4.0);
  // numpy.percentile([10, 20, 30, 40, 50], 5) = 12.0, 95 -> 48.0
  std::vector<double> w{50, 10, 40, 20, 30};
  CHECK(percentile(w, 5) == Approx(12.0));
  CHECK(percentile(w, 95) == Approx(48.0));
  CHECK(percentile({7}, 95) == 7.0);
  CHECK(std::isnan(percentile({}, 50)));
  CHECK(percentile(v, -5) == 1.0);
  CHECK(percentile(v, 150) == 4.0);
}

TEST_CASE("Student t 0.975 quantiles", "[stats]") {
  // scipy.stats.t.ppf(0.975, df)
  CHECK(student_t_975(1) == Approx(12.706204736).epsilon(1e-9));
  CHECK(student_t_975(2) == Approx(4.302652730).epsilon(1e-9));
  CHECK(student_t_975(9) == Approx(2.262157163).epsilon(1e-9));
  CHECK(student_t_975(30) == Approx(2.042272456).epsilon(1e-9));
  CHECK(student_t_975(31) == Approx(2.039513446).epsilon(1e-7));
  CHECK(student_t_975(40) == Approx(2.021075390).epsilon(1e-7));
  CHECK(student_t_975(100) == Approx(1.983971519).epsilon(1e-8));
  CHECK(student_t_975(1000) == Approx(1.962339081).epsilon(1e-9));
  CHECK(std::isnan(student_t_975(0)));
  // Decreasing towards the normal quantile.
  for (int df = 1; df < 200; ++df) CHECK(student_t_975(df) > student_t_975(df + 1));
}

TEST_CASE("summaries over replications", "[stats]") {
  Summary s = summarize({10, 12, 14, 16, 18});
  CHECK(s.n == 5);
  CHECK(s.mean == 14.0);
  CHECK(s.stddev == Approx(std::sqrt(10.0)));  // sample standard deviation
  CHECK(s.min == 10.0);
  CHECK(s.max == 18.0);
  CHECK(s.p50 == 14.0);
  CHECK(s.p5 == Approx(10.4));   // numpy.percentile([10, 12, 14, 16, 18], 5)
  CHECK(s.p95 == Approx(17.6));
  double half = 2.776445105197793 * std::sqrt(10.0) / std::sqrt(5.0);
  CHECK(s.ci95_low == Approx(14.0 - half));
  CHECK(s.ci95_high == Approx(14.0 + half));

  Summary one = summarize({42});
  CHECK(one.n == 1);
  CHECK(one.stddev == 0.0);
  CHECK(one.ci95_low == 42.0);
  CHECK(one.ci95_high == 42.0);
  CHECK(summarize({}).n == 0);
}
