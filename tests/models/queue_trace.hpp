// Shared by the job-queue model tests: a MONITOR capture (plain or gzip) read with the core's own
// replay reader into (time, command, peer, text) lines, windowed command counts ("lua:CMD" for
// commands a script ran; containers resolved as INFO commandstats names them, CLIENT|SETNAME), and
// a model run's counts in the same shape, so a model and a recording compare key by key.
#pragma once
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "tests/models/model_run.hpp"
#include "core/replay/command_index.hpp"
#include "core/replay/input.hpp"
#include "core/replay/monitor_line.hpp"

namespace queue_trace {

using model_run::Counts;

struct Line {
  sim::Time t;       // microseconds
  std::string cmd;   // "BRPOP", "CLIENT|SETNAME", "lua:ZRANGEBYSCORE"
  std::string peer;  // "127.0.0.1:50412", "lua"
  std::string text;  // the whole line
};

inline std::string own_trace(const std::string& name) {
  return std::string(REDCAST_SOURCE_DIR) + "/tests/traces/" + name;
}

inline std::vector<Line> read_monitor(const std::string& path) {
  auto src = core::replay::ByteSource::open(path);
  core::replay::LineReader reader(*src);
  core::replay::CommandIndex index;
  std::vector<Line> out;
  reader.for_each([&](std::string_view text, std::uint64_t, bool truncated) {
    core::replay::MonitorLine m;
    core::replay::LineError err = core::replay::LineError::None;
    if (core::replay::parse_line(text, m, err, truncated) != core::replay::LineKind::Command) return;
    core::replay::ArgCursor args(m.args, m.truncated);
    std::string_view name, sub;
    if (!args.next(name)) return;
    core::CommandId id = index.lookup(name);
    if ((index.spec(id).flags & core::replay::kFlagContainer) && args.next(sub)) id = index.resolve(id, sub);
    Line l;
    l.t = m.ts_us;
    l.peer = std::string(m.peer);
    l.cmd = (m.peer_kind == core::replay::PeerKind::Lua ? "lua:" : "") + std::string(index.name(id));
    l.text = std::string(text);
    out.push_back(std::move(l));
  });
  REQUIRE(!out.empty());
  return out;
}

// Commands in [from, to), the recorder's own INFO commandstats left out.
inline Counts count(const std::vector<Line>& lines, sim::Time from, sim::Time to) {
  Counts c;
  for (const auto& l : lines)
    if (l.t >= from && l.t < to && l.text.find("\"commandstats\"") == std::string::npos) c[l.cmd] += 1;
  return c;
}

inline sim::Time first_with(const std::vector<Line>& lines, const std::string& needle) {
  for (const auto& l : lines)
    if (l.text.find(needle) != std::string::npos) return l.t;
  FAIL("no line with " << needle);
  return 0;
}

inline sim::Time last_with(const std::vector<Line>& lines, const std::string& needle) {
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (it->text.find(needle) != std::string::npos) return it->t;
  FAIL("no line with " << needle);
  return 0;
}

inline double total(const Counts& c) {
  double s = 0;
  for (const auto& [k, v] : c) s += v;
  return s;
}

inline double pct(double model, double trace) {
  return trace == 0 ? (model == 0 ? 0 : 100) : 100.0 * (model - trace) / trace;
}

inline void add(Counts& c, const std::vector<core::CommandCount>& v, double times = 1) {
  for (const auto& x : v) c[(x.in_script ? "lua:" : "") + core::command_info(x.cmd).name] += x.count * times;
}

using model_run::run;

// The model's commands in [w0, w1) of a run that starts at `open` (bins are 15 minutes wide, so a
// window is a run to w1 minus a run to w0).
inline Counts run_window(const core::Model& m, sim::Time open, sim::Time w0, sim::Time w1) {
  Counts a = run(m, open, w1), b = run(m, open, w0);
  for (auto& [k, v] : b) a[k] -= v;
  for (auto it = a.begin(); it != a.end();) it = it->second == 0 ? a.erase(it) : std::next(it);
  return a;
}

inline Counts per_minute(Counts c, sim::Duration span) {
  for (auto& [k, v] : c) v /= static_cast<double>(span) / sim::kMinute;
  return c;
}

inline void print_table(const std::string& title, const Counts& model, const Counts& trace) {
  std::ostringstream os;
  os << title << "\n";
  Counts keys = model;
  for (const auto& [k, v] : trace) keys[k] += 0;
  for (const auto& [k, v] : keys) {
    const double mv = model.count(k) ? model.at(k) : 0, tv = trace.count(k) ? trace.at(k) : 0;
    os << "  " << k << ": model " << mv << ", trace " << tv << ", " << pct(mv, tv) << " %\n";
  }
  os << "  total: model " << total(model) << ", trace " << total(trace) << ", " << pct(total(model), total(trace)) << " %";
  WARN(os.str());
}

// Every command family of `trace` within `tolerance` % of `model` (and no family the trace lacks).
inline void check_families(const Counts& model, const Counts& trace, double tolerance) {
  for (const auto& [k, v] : trace) {
    INFO(k << ": model " << (model.count(k) ? model.at(k) : 0) << ", trace " << v);
    CHECK(std::fabs(pct(model.count(k) ? model.at(k) : 0, v)) <= tolerance);
  }
  for (const auto& [k, v] : model) {
    INFO(k << " modelled (" << v << ") but not in the trace");
    CHECK((trace.count(k) || v == 0));
  }
}

// A producer-only recording: every command is the model's per-job list times the job count, plus
// `once` (a producer's one-off commands).
inline void check_producer_only(const std::string& file, const std::vector<core::CommandCount>& per_job, double jobs,
                                const Counts& once = {}) {
  auto lines = read_monitor(own_trace(file));
  Counts trace = count(lines, lines.front().t, lines.back().t + 1);
  Counts model = once;
  add(model, per_job, jobs);
  print_table(file + ": producer only", model, trace);
  check_families(model, trace, 0.0);
}

// Every command family exactly as recorded, and nothing more.
inline void check_exact(Counts model, const Counts& trace) {
  for (const auto& [k, v] : trace) {
    INFO(k);
    CHECK(model[k] == v);
  }
  CHECK(total(model) == total(trace));
}

}  // namespace queue_trace
