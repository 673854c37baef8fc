// Projection speed per shipped scenario. The browser app re-projects on every knob change, and the
// bar there is 16 ms (one frame at 60 Hz) for the merchant-hub scenario in wasm; wasm runs this
// kind of code at roughly half native speed, so the native bar is 8 ms per projection.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "core/scenario/embedded.hpp"
#include "core/projection/projection.hpp"

int main(int argc, char** argv) {
  const double bar_ms = 8.0;
  int reps = argc > 1 ? std::atoi(argv[1]) : 20;
  bool all_ok = true;
  std::printf("%-48s %10s %10s %12s\n", "scenario", "median ms", "bar ms", "events");
  for (const auto& f : core::embedded_scenarios()) {
    core::Scenario s = core::load_scenario_text(f.text, f.path);
    std::vector<double> ms;
    std::uint64_t events = 0;
    for (int i = 0; i < reps; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      auto p = core::project(s);
      auto t1 = std::chrono::steady_clock::now();
      events = p.events;
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    double median = ms[ms.size() / 2];
    bool ok = median <= bar_ms;
    all_ok &= ok;
    std::printf("%-48s %10.3f %10.1f %12llu %s\n", f.path, median, bar_ms, static_cast<unsigned long long>(events),
                ok ? "" : "OVER");
  }
  std::printf("%s\n", all_ok ? "all projections within the bar" : "some projections over the bar");
  return 0;
}
