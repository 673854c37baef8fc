// replay_bench CAPTURE [RUNS]: throughput and memory of the MONITOR replay on one core.
//
//   full replay   everything `redcast replay` computes (parse, commands, clients, key patterns,
//                 loops, transients, projection), bar >= 800 MB/s
//   peak memory   VmHWM of this process after the full replay, bar < 64 MiB
//   parse only    split lines, parse each header and walk every argument of every line (all
//                 escapes validated), bar >= 1.5 GB/s
//   audit         the replay plus the audit's evidence (reported, no bar)
//
// The capture is read once first so that every timed run reads from the page cache: the figures
// are the tool's, not the disk's. Times are this process's CPU time (user + system, from
// getrusage): on a machine shared with other jobs that is what one core spent on the replay,
// where wall time would also count the waits for a core. Wall-clock rates are printed beside
// them. Best of RUNS (default 3). Prints the figures and the bars and
// exits 0 whatever they are: benchmarks are not timed tests. Make a capture with gen_capture.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "core/replay/analyzer.hpp"
#include "core/replay/input.hpp"
#include "core/replay/monitor_line.hpp"

namespace {

double vm_hwm_mib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  return -1;
}

double wall_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// Best CPU and wall time of `runs` calls of fn.
template <class Fn>
std::pair<double, double> best_of(int runs, Fn&& fn) {
  double best_cpu = 1e300, best_wall = 1e300;
  for (int i = 0; i < runs; ++i) {
    double c0 = cpu_s(), w0 = wall_s();
    fn();
    best_cpu = std::min(best_cpu, cpu_s() - c0);
    best_wall = std::min(best_wall, wall_s() - w0);
  }
  return {best_cpu, best_wall};
}

struct ParseCounts {
  std::uint64_t lines = 0, commands = 0, args = 0, malformed = 0, bytes = 0;
};

ParseCounts parse_only(const std::string& path) {
  ParseCounts c;
  auto src = core::replay::ByteSource::open(path);
  core::replay::LineReader reader(*src);
  reader.for_each([&](std::string_view line, std::uint64_t, bool cut) {
    ++c.lines;
    core::replay::MonitorLine ml;
    core::replay::LineError err;
    if (core::replay::parse_line(line, ml, err, cut) != core::replay::LineKind::Command) {
      if (err != core::replay::LineError::None) ++c.malformed;
      return;
    }
    core::replay::ArgCursor cur(ml.args, cut);
    std::uint32_t n = cur.count_rest();
    if (cur.error() != core::replay::LineError::None) {
      ++c.malformed;
      return;
    }
    ++c.commands;
    c.args += n;
  });
  c.bytes = reader.bytes();
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: replay_bench CAPTURE [RUNS=3]\n  (make a capture with: gen_capture /tmp/capture.monitor)\n");
    return 0;
  }
  std::string path = argv[1];
  int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  if (runs < 1) runs = 1;

  // Warm the page cache (and measure the bare read, the ceiling for everything else).
  std::uint64_t size = 0;
  auto [read_cpu, read_wall] = best_of(2, [&] {
    auto src = core::replay::ByteSource::open(path);
    std::vector<char> buf(4u << 20);
    std::uint64_t n = 0;
    for (std::size_t got; (got = src->read(buf.data(), buf.size())) > 0;) n += got;
    size = n;
  });
  double mb = static_cast<double>(size) / 1e6;
  std::printf("capture      %s: %.1f MB\n", path.c_str(), mb);
  std::printf("bare read    %8.0f MB/s CPU, %6.0f MB/s wall  (read() into a 4 MiB buffer: the ceiling)\n",
              mb / read_cpu, mb / read_wall);

  core::replay::ReplayReport report;
  auto [full_cpu, full_wall] = best_of(runs, [&] { report = core::replay::replay_capture(path, core::replay::ReplayOptions{}); });
  double hwm = vm_hwm_mib();
  std::printf("full replay  %8.0f MB/s CPU, %6.0f MB/s wall  bar >= 800 MB/s   %s  (%.3f s CPU; %llu lines, %zu loops)\n",
              mb / full_cpu, mb / full_wall, mb / full_cpu >= 800 ? "PASS" : "MISS", full_cpu,
              static_cast<unsigned long long>(report.lines), report.loops.size());
  std::printf("peak memory  %8.1f MiB                           bar < 64 MiB      %s  (VmHWM after the replays)\n", hwm,
              hwm < 64 ? "PASS" : "MISS");

  ParseCounts pc;
  auto [parse_cpu, parse_wall] = best_of(runs, [&] { pc = parse_only(path); });
  std::printf("parse only   %8.0f MB/s CPU, %6.0f MB/s wall  bar >= 1500 MB/s  %s  (%.3f s CPU; %llu commands, %llu arguments, %llu malformed)\n",
              mb / parse_cpu, mb / parse_wall, mb / parse_cpu >= 1500 ? "PASS" : "MISS", parse_cpu,
              static_cast<unsigned long long>(pc.commands), static_cast<unsigned long long>(pc.args),
              static_cast<unsigned long long>(pc.malformed));

  core::replay::AuditReport audit;
  auto [audit_cpu, audit_wall] = best_of(1, [&] { audit = core::replay::audit_capture(path, core::replay::ReplayOptions{}); });
  std::printf("audit        %8.0f MB/s CPU, %6.0f MB/s wall  (no bar; %zu findings)\n", mb / audit_cpu, mb / audit_wall,
              audit.findings.size());
  std::printf("peak memory  %8.1f MiB  after the audit too\n", vm_hwm_mib());
  return 0;
}
