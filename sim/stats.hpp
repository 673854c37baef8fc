// Summaries over replications: mean, standard deviation, percentiles (linear interpolation, as
// numpy's default), and a Student-t confidence interval for the mean.
#pragma once
#include <vector>

namespace sim {

struct Summary {
  int n = 0;
  double mean = 0, stddev = 0, min = 0, max = 0;
  double p5 = 0, p50 = 0, p95 = 0;
  double ci95_low = 0, ci95_high = 0;  // Student t, n-1 degrees of freedom
};

double percentile(std::vector<double> values, double q);  // q in [0, 100]
double student_t_975(int degrees_of_freedom);             // two-sided 95 % critical value
Summary summarize(const std::vector<double>& values);

}  // namespace sim
