// What the job-queue model tests share: a MONITOR capture read into per-command counts (through the
// replay's own reader and line parser, so gzip captures work; a script's "lua" lines counted apart
// as lua:CMD; subcommands as CLIENT|SETNAME; the recorder's closing "info commandstats" dropped), and a
// model run into the same counts (in_script commands as lua:CMD).
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "tests/models/model_run.hpp"
#include "core/input/reader.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/commandstats.hpp"
#include "core/replay/input.hpp"
#include "core/replay/monitor_line.hpp"

namespace node_trace {

using model_run::Counts;

struct Line {
  sim::Time t = 0;   // microseconds since the epoch
  std::string cmd;   // "BZPOPMIN", "lua:HMGET", "CLIENT|SETNAME"
  std::string first_arg;  // the first argument after the command name (unescaped)
};

inline std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

inline std::vector<Line> read_capture(const std::string& path) {
  auto src = core::replay::ByteSource::open(path);
  core::replay::LineReader reader(*src);
  std::vector<Line> out;
  reader.for_each([&](std::string_view text, std::uint64_t, bool truncated) {
    core::replay::MonitorLine ml;
    core::replay::LineError err;
    if (core::replay::parse_line(text, ml, err, truncated) != core::replay::LineKind::Command) return;
    core::replay::ArgCursor args(ml.args, ml.truncated);
    std::string_view name, arg;
    if (!args.next(name)) return;
    Line l;
    l.t = ml.ts_us;
    l.cmd = upper(core::replay::unescape(name));
    if (args.next(arg)) l.first_arg = core::replay::unescape(arg);
    if (l.cmd == "CLIENT" || l.cmd == "SCRIPT") l.cmd += "|" + upper(l.first_arg);
    if (l.cmd == "INFO" && upper(l.first_arg) == "COMMANDSTATS") return;  // the recorder's own
    if (ml.peer_kind == core::replay::PeerKind::Lua) l.cmd = "lua:" + l.cmd;
    out.push_back(std::move(l));
  });
  REQUIRE(!out.empty());
  return out;
}

inline Counts count(const std::vector<Line>& lines, sim::Time from, sim::Time to) {
  Counts c;
  for (const auto& l : lines)
    if (l.t >= from && l.t < to) c[l.cmd] += 1;
  return c;
}

// The first line (at or after `after`) whose command is `cmd` and whose first argument contains `arg`.
inline sim::Time first_of(const std::vector<Line>& lines, const std::string& cmd, const std::string& arg = "",
                          sim::Time after = 0) {
  for (const auto& l : lines)
    if (l.t >= after && l.cmd == cmd && l.first_arg.find(arg) != std::string::npos) return l.t;
  FAIL("no " << cmd << " " << arg);
  return 0;
}

// c[k] without inserting k.
inline double get(const Counts& c, const std::string& k) {
  auto it = c.find(k);
  return it == c.end() ? 0 : it->second;
}

inline double total(const Counts& c) {
  double s = 0;
  for (const auto& [k, v] : c) s += v;
  return s;
}

inline double pct(double model, double trace) {
  return trace == 0 ? (model == 0 ? 0 : 100) : 100.0 * (model - trace) / trace;
}

inline Counts scaled(Counts c, double k) {
  for (auto& [name, v] : c) v *= k;
  return c;
}

inline Counts minus(Counts a, const Counts& b, double k = 1) {
  for (const auto& [name, v] : b) a[name] -= k * v;
  return a;
}

inline void add(Counts& c, const std::vector<core::CommandCount>& v) {
  for (const auto& x : v) c[(x.in_script ? "lua:" : "") + core::command_info(x.cmd).name] += x.count;
}

inline std::string own_trace(const std::string& name) { return std::string(REDCAST_SOURCE_DIR) + "/tests/traces/" + name; }

using model_run::parse_model;
using model_run::run;

// The model's count in [from, to) of a run that starts at `start` (bins are 15 minutes wide, so a
// window is a run to `to` minus a run to `from`).
inline Counts run_window(const core::Model& m, sim::Time start, sim::Time from, sim::Time to) {
  return minus(run(m, start, to), run(m, start, from));
}

// Per-minute rates over a day's run (start-up left out by the model's own flag).
inline Counts day_rates(const core::Model& m) {
  const sim::Time t0 = 1'767'225'600LL * sim::kSecond;  // 2026-01-01
  return scaled(run(m, t0, t0 + sim::kDay), 1.0 / 1440.0);
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
  os << "  total: model " << total(model) << ", trace " << total(trace) << ", " << pct(total(model), total(trace))
     << " %";
  WARN(os.str());
}

inline bool is_one_of(const std::string& k, const std::vector<std::string>& set) {
  return std::find(set.begin(), set.end(), k) != set.end();
}

// The replay of a capture ("NAME.monitor" or "NAME.monitor.gz" under tests/traces/) equals the
// INFO commandstats taken with it (NAME.commandstats), admin commands aside.
inline void check_replay_equals_commandstats(const std::string& capture) {
  const std::string base = capture.substr(0, capture.find(".monitor"));
  auto report = core::replay::replay_capture(own_trace(capture), core::replay::ReplayOptions{});
  auto snap = core::replay::load_commandstats(own_trace(base + ".commandstats"));
  auto check = core::replay::check_commandstats(report, snap);
  INFO(capture);
  CHECK(check.passed);
  CHECK(check.differs == 0);
  CHECK(check.ok >= 5);
}

// ---- Node queues (BullMQ, Bull): both stop with QUIT, guard their stalled check with the key
// <q>:stalled-check, and their producers start each job's script with INCR <q>:id. ----

struct Window {
  sim::Time from, to;
  double minutes() const { return static_cast<double>(to - from) / 60e6; }
};

// A steady window of whole stalled-check cycles: from just before the first check 30 s or more
// after start to the last whole cycle ending 5 s before the stop (QUIT).
inline Window steady_window(const std::vector<Line>& lines, sim::Duration stalled_cycle) {
  const sim::Time open = lines.front().t, quit = first_of(lines, "QUIT");
  const sim::Time first_check = first_of(lines, "lua:EXISTS", "stalled-check", open + 30 * sim::kSecond);
  Window w{first_check - sim::kSecond, 0};
  const auto n = (quit - 5 * sim::kSecond - w.from) / stalled_cycle;
  REQUIRE(n >= 9);
  w.to = w.from + n * stalled_cycle;
  return w;
}

// Steady idle rates of `m` (started without its start-up) against a capture: every command within
// 3 % but `stalled_full` (the commands of a full stalled check beyond EVALSHA + EXISTS), whose share
// of checks is a sub-millisecond race (the next timer vs the guard key's expiry) and must agree with
// `full_share` within 2.5 standard deviations of a binomial draw; the total within 3 %.
inline void check_node_idle(const std::string& capture, const core::Model& m, sim::Duration stalled_cycle,
                            double full_share, const std::vector<std::string>& stalled_full) {
  auto lines = read_capture(own_trace(capture));
  const Window w = steady_window(lines, stalled_cycle);
  Counts trace = scaled(count(lines, w.from, w.to), 1.0 / w.minutes());
  Counts model = day_rates(m);
  print_table(capture + ": steady idle, commands per minute", model, trace);
  for (const auto& [k, v] : trace) {
    if (is_one_of(k, stalled_full)) continue;
    INFO(capture << " " << k << ": model " << get(model, k) << "/min, trace " << v << "/min");
    CHECK(std::fabs(pct(get(model, k), v)) < 3.0);
  }
  for (const auto& [k, v] : model) {
    INFO(capture << " " << k << " only in the model");
    CHECK(trace.count(k) == 1);
  }
  const double checks = get(trace, "lua:EXISTS") * w.minutes();
  for (const auto& k : stalled_full) {
    const double share = get(trace, k) / get(trace, "lua:EXISTS");
    INFO(capture << " " << k << ": full-run share " << share << " of " << checks << " checks, model " << full_share);
    CHECK(std::fabs(share - full_share) <= 2.5 * std::sqrt(full_share * (1 - full_share) / checks));
    CHECK(get(model, k) == Approx(full_share * get(model, "lua:EXISTS")).epsilon(0.01));
  }
  CHECK(std::fabs(pct(total(model), total(trace))) < 3.0);
}

// A whole capture, from its first line to 1 s after the first QUIT, against one run of `m` over the
// same span plus `shutdown`: the `exact` commands equal, the others within 3 % (the `stalled_full`
// ones within `stalled_tolerance` %: a race, see check_node_idle), the total within 3 %. Returns the
// capture's lines for further checks.
inline std::vector<Line> check_node_whole_capture(const std::string& capture, const core::Model& m,
                                                  const std::vector<core::CommandCount>& shutdown,
                                                  const std::vector<std::string>& exact,
                                                  const std::vector<std::string>& stalled_full, double stalled_tolerance) {
  auto lines = read_capture(own_trace(capture));
  const sim::Time open = lines.front().t, quit = first_of(lines, "QUIT");
  Counts trace = count(lines, open, quit + sim::kSecond);
  Counts model = run(m, open, quit);
  add(model, shutdown);
  print_table(capture + ": whole capture", model, trace);
  for (const auto& k : exact) {
    INFO(capture << " " << k);
    CHECK(get(model, k) == get(trace, k));
  }
  for (const auto& [k, v] : trace) {
    INFO(capture << " " << k);
    CHECK(std::fabs(pct(get(model, k), v)) < (is_one_of(k, stalled_full) ? stalled_tolerance : 3.0));
  }
  CHECK(std::fabs(pct(total(model), total(trace))) < 3.0);
  return lines;
}

// Per job in a busy capture: the commands in the window of its `jobs` jobs (one every `every`),
// minus the stalled checker's (one EVALSHA and one EXISTS of the guard key per check, and one of each
// `stalled_full` command per full check), per job; the model's from `make(extra)` (a worker without
// its stalled checker; `extra` adds the jobs as a `tasks` field) over the same window, plus the
// workload producer's QUIT after its last job. The total must be `per_job` + `one_offs` / jobs, give
// or take one idle cycle of 8 at the window's edges.
inline void check_node_per_job(const std::string& capture, sim::Duration every, int jobs, double per_job,
                               double one_offs, const std::vector<std::string>& stalled_full,
                               const std::function<std::unique_ptr<core::Model>(const std::string&)>& make) {
  auto lines = read_capture(own_trace(capture));
  const sim::Time open = lines.front().t;
  const sim::Time first_job = first_of(lines, "lua:INCR");
  const Window w{first_job - every / 4, first_job - every / 4 + jobs * every};
  Counts trace = count(lines, w.from, w.to);
  double checks = 0, full = 0;
  for (const auto& l : lines)
    if (l.t >= w.from && l.t < w.to && l.first_arg.find("stalled-check") != std::string::npos) {
      if (l.cmd == "lua:EXISTS") checks += 1;
      if (l.cmd == "lua:SET") full += 1;
    }
  trace["EVALSHA"] -= checks;
  trace["lua:EXISTS"] -= checks;
  for (const auto& k : stalled_full) trace[k] -= full;
  trace = scaled(trace, 1.0 / jobs);
  const double phase = static_cast<double>(first_job - open) / 1e6;
  auto m = make(R"(, "tasks": [{"schedule": {"every": ")" + std::to_string(every / sim::kMillisecond) +
                R"(ms", "phase": )" + std::to_string(phase) + R"(}, "start_after": )" + std::to_string(phase - 0.001) +
                R"(, "limit": )" + std::to_string(jobs) + R"(, "duration": "3ms"}])");
  Counts model = run_window(*m, open, w.from, w.to);
  model["QUIT"] += 1;  // the workload's producer closes after its last job (a long-lived one does not)
  model = scaled(model, 1.0 / jobs);
  print_table(capture + ": per job, producer and worker", model, trace);
  for (const auto& [k, v] : trace) {
    if (std::fabs(v) < 1e-9) continue;
    INFO(capture << " " << k);
    CHECK(std::fabs(pct(get(model, k), v)) < 3.0);
  }
  CHECK(std::fabs(pct(total(model), total(trace))) < 3.0);
  CHECK(total(model) == Approx(per_job + one_offs / jobs).margin(8.0 / jobs));
}

}  // namespace node_trace
