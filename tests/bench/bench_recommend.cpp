// Recommendation speed against the number of components (issue 13: the whole-document search grew
// with the cube of it, 72 s for 100 components). The bar: 100 periodic components recommended in
// under 2 s. Also times the whole-document search on the smaller sizes, for comparison.
//   bench_recommend [COMPONENTS...]     default: 10 25 50 100
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/recommend/recommend.hpp"

namespace {

core::Scenario periodic_components(int n) {
  core::json doc = {{"name", "bench"}, {"period", {{"start", "2026-03-01"}, {"days", 30}}}, {"plan", "upstash-free"}};
  core::json comps = core::json::array();
  for (int i = 0; i < n; ++i) {
    core::json c = {{"name", "job-" + std::to_string(i)}, {"type", "periodic"}, {"commands", {{"GET", 1 + i % 3}, {"SET", 1}}}};
    if (i % 2) c["schedule"] = {{"every", std::to_string(5 + i % 7) + "s"}};
    else c["schedule"] = {{"cron", "* * * * *"}};
    comps.push_back(c);
  }
  doc["components"] = comps;
  return core::load_scenario_json(doc, "bench.json");
}

double seconds_of_recommend(const core::Scenario& s, bool incremental, core::Recommendations* out) {
  core::RecommendOptions opt;
  opt.incremental = incremental;
  auto t0 = std::chrono::steady_clock::now();
  *out = core::recommend(s, opt);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {10, 25, 50, 100};
  const double bar_s = 2.0;
  bool ok = true;
  std::printf("%10s %12s %14s %12s %10s\n", "components", "recommend s", "whole-doc s", "evaluations", "taken");
  for (int n : sizes) {
    core::Scenario s = periodic_components(n);
    core::Recommendations r, naive;
    double t = seconds_of_recommend(s, true, &r);
    double tn = n <= 25 ? seconds_of_recommend(s, false, &naive) : -1;
    if (n == 100) ok = t < bar_s;
    if (tn >= 0 && core::recommendation_to_json(r) != core::recommendation_to_json(naive)) {
      std::printf("the searches differ at %d components\n", n);
      ok = false;
    }
    std::printf("%10d %12.3f %14s %12d %10zu\n", n, t, tn >= 0 ? std::to_string(tn).c_str() : "-", r.projections,
                r.best.labels.size());
  }
  std::printf("%s\n", ok ? "within the bar (100 components under 2 s)" : "OVER the bar");
  return ok ? 0 : 1;
}
