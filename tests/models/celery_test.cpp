// The Celery worker and beat models against real recordings: the shared Celery 5.2.6 traces
// (shared/traces/) and our own (tests/traces/). The trace side is counted here by a small MONITOR line
// counter (command = first quoted token; "[db lua]" lines kept apart as lua:CMD; SCRIPT LOAD as
// SCRIPT|LOAD; INFO dropped: it is the recorder's own INFO commandstats, not the worker).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "core/models/celery_beat.hpp"
#include "core/models/celery_worker.hpp"

namespace {

using core::json;
using Counts = std::map<std::string, double>;

// ---- the trace side ------------------------------------------------------------------------------

struct Line {
  sim::Time t;  // microseconds
  std::string cmd, text;
};

std::vector<Line> read_monitor(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<Line> out;
  std::string s;
  while (std::getline(in, s)) {
    if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) continue;  // "OK"
    std::size_t dot = s.find('.'), sp = s.find(' ');
    Line l;
    l.t = std::stoll(s.substr(0, dot)) * sim::kSecond + std::stoll(s.substr(dot + 1, sp - dot - 1));
    std::size_t close = s.find("] \"");
    std::size_t q = close + 3, e = s.find('"', q);
    std::string c = s.substr(q, e - q);
    for (auto& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (c == "SCRIPT") c = "SCRIPT|LOAD";
    if (s.find(" lua] ") != std::string::npos && s.find(" lua] ") < close + 2) c = "lua:" + c;
    l.cmd = c;
    l.text = s;
    out.push_back(std::move(l));
  }
  return out;
}

Counts count(const std::vector<Line>& lines, sim::Time from, sim::Time to) {
  Counts c;
  for (const auto& l : lines)
    if (l.t >= from && l.t < to && l.cmd != "INFO") c[l.cmd] += 1;
  return c;
}

sim::Time first_with(const std::vector<Line>& lines, const std::string& needle) {
  for (const auto& l : lines)
    if (l.text.find(needle) != std::string::npos) return l.t;
  FAIL("no line with " << needle);
  return 0;
}

double total(const Counts& c) {
  double s = 0;
  for (auto& [k, v] : c) s += v;
  return s;
}

// ---- the model side ------------------------------------------------------------------------------

std::unique_ptr<core::CeleryWorkerModel> worker(const std::string& text) {
  static std::vector<std::unique_ptr<json>> keep;
  keep.push_back(std::make_unique<json>(json::parse(text)));
  core::Reader r(*keep.back(), "");
  auto m = core::parse_celery_worker(r);
  r.finish();
  return std::unique_ptr<core::CeleryWorkerModel>(static_cast<core::CeleryWorkerModel*>(m.release()));
}

struct ModelRun {
  std::unique_ptr<core::Recorder> rec;
  Counts counts;
};

Counts recorder_counts(const core::Recorder& rec) {
  Counts out;
  for (std::size_t b = 0; b < rec.bundles().size(); ++b)
    for (auto h : rec.hits()[b]) {
      if (!h) continue;
      for (const auto& c : rec.bundles()[b].commands)
        out[(c.in_script ? "lua:" : "") + core::command_info(c.cmd).name] += static_cast<double>(h * c.count);
    }
  return out;
}

ModelRun run(const core::Model& m, sim::Time start, sim::Time end) {
  ModelRun out;
  out.rec = std::make_unique<core::Recorder>(start, end, 1);
  sim::Simulator simulator(start);
  core::SharedState shared;
  core::ModelContext ctx{simulator, *out.rec, shared, sim::Rng::stream(1, "celery"), start, end,
                         sim::TimeZone::utc(), 0, "celery"};
  m.start(ctx);
  simulator.run_until(end);
  out.rec->finish();
  out.counts = recorder_counts(*out.rec);
  return out;
}

void add(Counts& c, const std::vector<core::CommandCount>& v) {
  for (const auto& x : v) c[(x.in_script ? "lua:" : "") + core::command_info(x.cmd).name] += x.count;
}

// Per-minute idle rates of one worker in steady state: a day's run without start-up, / 1440.
Counts idle_rates(const core::CeleryWorkerModel& m) {
  const sim::Time t0 = 1'767'225'600LL * sim::kSecond;  // 2026-01-01
  ModelRun r = run(m, t0, t0 + sim::kDay);
  Counts out;
  for (auto& [k, v] : r.counts) out[k] = v / 1440.0;
  return out;
}

double pct(double model, double trace) { return trace == 0 ? (model == 0 ? 0 : 100) : 100.0 * (model - trace) / trace; }

std::string shared_trace(const std::string& name) { return std::string(REDCAST_SHARED_DIR) + "/traces/" + name; }
std::string own_trace(const std::string& name) { return std::string(REDCAST_SOURCE_DIR) + "/tests/traces/" + name; }

void print_table(const std::string& title, const Counts& model, const Counts& trace) {
  std::ostringstream os;
  os << title << "\n";
  Counts keys = model;
  for (auto& [k, v] : trace) keys[k] += 0;
  for (auto& [k, v] : keys) {
    double mv = model.count(k) ? model.at(k) : 0, tv = trace.count(k) ? trace.at(k) : 0;
    os << "  " << k << ": model " << mv << ", trace " << tv << ", " << pct(mv, tv) << " %\n";
  }
  os << "  total: model " << total(model) << ", trace " << total(trace) << ", " << pct(total(model), total(trace)) << " %";
  INFO(os.str());
  SUCCEED();
  WARN(os.str());
}

}  // namespace

// The shared idle trace (defaults, solo pool). Steady-state window: from the first pidbox health-check
// PING (the last periodic loop to settle: its first tick is skipped, so it starts 50 s after launch)
// for 200 s, i.e. two whole periods of the slowest loop (the 100 s restore sweep) and a whole number of
// periods of every other loop (1 s BRPOP, 2 s heartbeat, 25 s PING pairs); it ends before shut-down
// (the worker's UNSUBSCRIBE at +320 s). A window of whole periods counts every strictly periodic loop
// exactly, whatever its phase. The recorder's own "info commandstats" at +240 s is not counted.
TEST_CASE("celery: idle rate per command matches the shared Celery 5.2.6 idle trace within 3 %", "[celery]") {
  auto lines = read_monitor(shared_trace("celery-5.2.6-solo-idle-320s.monitor"));
  const sim::Time w0 = first_with(lines, "redis-py-health-check");
  const sim::Time w1 = w0 + 200 * sim::kSecond;
  REQUIRE(w1 < first_with(lines, "\"UNSUBSCRIBE\""));
  Counts trace = count(lines, w0, w1);
  for (auto& [k, v] : trace) v /= (200.0 / 60.0);  // per minute

  auto m = worker(R"({"pool": "solo", "kombu_version": "5.2.4", "count_startup": false})");
  Counts model = idle_rates(*m);
  print_table("idle, commands per minute (shared trace, 200 s window)", model, trace);
  for (const char* c : {"BRPOP", "PUBLISH", "PING", "SET", "ZREVRANGEBYSCORE", "EVALSHA", "lua:GET", "lua:DEL"}) {
    INFO(c << ": model " << model[c] << "/min, trace " << trace[c] << "/min");
    CHECK(std::fabs(pct(model[c], trace[c])) < 3.0);
  }
  CHECK(std::fabs(pct(total(model), total(trace))) < 3.0);
  // 59.76 BRPOP (one per 1 s timeout + 4 ms loop latency) + 30 PUBLISH + 4.8 pidbox PING + 4 x 0.6
  // sweep (PING, SET, ZREVRANGEBYSCORE, EVALSHA) + 2 x 0.6 lines of the script (GET, DEL) = 98.16
  // lines a minute; the trace: 98.1 (BRPOP 59.7 in this window).
  CHECK(total(model) == Approx(98.161).margin(0.01));
  CHECK(total(trace) == Approx(98.1).margin(0.05));
}

// The whole idle capture, start-up and shut-down included, against one modelled session of the same
// span: every command count, every phase (the first PING pair at +50 s, sweeps at +90 s, +190 s, +290 s).
TEST_CASE("celery: the whole shared idle capture is reproduced command by command", "[celery]") {
  auto lines = read_monitor(shared_trace("celery-5.2.6-solo-idle-320s.monitor"));
  const sim::Time open = lines.front().t, close = first_with(lines, "\"UNSUBSCRIBE\"");
  Counts trace = count(lines, open, close + sim::kSecond);
  auto m = worker(R"({"pool": "solo", "kombu_version": "5.2.4"})");
  Counts model = run(*m, open, close).counts;
  add(model, core::celery_worker_shutdown(m->params()));
  print_table("idle capture, whole run", model, trace);
  for (auto& [k, v] : trace) {
    INFO(k);
    if (k == "BRPOP") CHECK(std::fabs(pct(model[k], v)) < 3.0);
    else CHECK(model[k] == v);
  }
  CHECK(model.size() == trace.size());
  // Start-up as recorded: 66 commands, +2 (the first EVALSHA fails with NOSCRIPT, then SCRIPT LOAD).
  Counts su;
  add(su, core::celery_worker_startup(m->params()));
  CHECK(total(su) == 68);
  Counts sd;
  add(sd, core::celery_worker_shutdown(m->params()));
  CHECK(total(sd) == 18);
}

// The shared busy trace: 60 add.delay() calls, one every 2 s, results not fetched; the worker runs
// solo with the result backend on db 1 (hence two SELECTs). The model gets the same 60 tasks.
TEST_CASE("celery: the shared busy capture (60 tasks) is reproduced, and so is the per-task cost", "[celery]") {
  auto lines = read_monitor(shared_trace("celery-5.2.6-solo-busy-60jobs.monitor"));
  const sim::Time open = lines.front().t;
  const sim::Time close = first_with(lines, "\"SREM\" \"_kombu.binding.celery.pidbox\"") - 100;  // its PING
  const sim::Time first_task = first_with(lines, "\"LPUSH\" \"celery\"");
  Counts trace = count(lines, open, close + sim::kSecond);
  const double phase_s = static_cast<double>(first_task - open) / 1e6;
  auto m = worker(R"({"pool": "solo", "kombu_version": "5.2.4", "result_db": 1, "script_cached": true,
                      "tasks": [{"schedule": {"every": "2s", "phase": )" + std::to_string(phase_s) +
                  R"(}, "start_after": )" + std::to_string(phase_s - 0.001) + R"(, "limit": 60, "duration": "2ms"}]})");
  ModelRun busy = run(*m, open, close);
  Counts model = busy.counts;
  add(model, core::celery_worker_shutdown(m->params()));
  print_table("busy capture, whole run", model, trace);
  for (auto& [k, v] : trace) {
    INFO(k);
    if (k == "BRPOP") CHECK(std::fabs(pct(model[k], v)) < 3.0);
    else CHECK(model[k] == v);
  }

  // Per-task cost: over the 120 s in which the 60 tasks run, minus the idle rate of the same
  // window length (trace: the idle trace's steady rates; model: the model's), per task.
  auto idle_lines = read_monitor(shared_trace("celery-5.2.6-solo-idle-320s.monitor"));
  const sim::Time i0 = first_with(idle_lines, "redis-py-health-check");
  Counts idle_trace = count(idle_lines, i0, i0 + 200 * sim::kSecond);
  for (auto& [k, v] : idle_trace) v /= (200.0 / 60.0);
  auto idle_model_m = worker(R"({"pool": "solo", "kombu_version": "5.2.4", "count_startup": false})");
  Counts idle_model = idle_rates(*idle_model_m);
  const sim::Time w0 = first_task - sim::kSecond / 2, w1 = w0 + 120 * sim::kSecond;
  Counts tw = count(lines, w0, w1);
  Counts mw;
  {
    // Bins are 15 minutes wide: the model's count in the window is a run to w1 minus a run to w0.
    ModelRun win = run(*m, open, w1);
    ModelRun before = run(*m, open, w0);
    for (auto& [k, v] : win.counts) mw[k] = v - (before.counts.count(k) ? before.counts.at(k) : 0);
  }
  Counts per_task_trace, per_task_model;
  for (auto& [k, v] : tw) per_task_trace[k] = (v - idle_trace[k] * 2.0) / 60.0;
  for (auto& [k, v] : mw) per_task_model[k] = (v - idle_model[k] * 2.0) / 60.0;
  print_table("per task (busy window minus idle rate, / 60 tasks)", per_task_model, per_task_trace);
  for (const char* c : {"LPUSH", "SUBSCRIBE", "UNSUBSCRIBE", "MULTI", "EXEC", "ZADD", "HSET", "ZREM", "HDEL", "GET",
                        "SETEX", "PUBLISH"}) {
    INFO(c);
    CHECK(std::fabs(pct(per_task_model[c], per_task_trace[c])) < 3.0);
  }
  CHECK(std::fabs(pct(total(per_task_model), total(per_task_trace))) < 3.0);
  // 16 per task on the worker and caller, and no extra BRPOP: with one task every 2 s and a 1 s
  // timeout, each message ends a wait that would otherwise have timed out.
  CHECK(total(per_task_model) == Approx(16.1).margin(0.1));  // 16 + the caller's one-off start-up / 60
  CHECK(std::fabs(per_task_trace["BRPOP"]) < 0.1);
}

// Our own recording (tests/traces/README.md): --without-heartbeat --without-gossip --without-mingle.
TEST_CASE("celery: our own flags trace is reproduced (start-up, loops, shut-down)", "[celery]") {
  auto lines = read_monitor(own_trace("celery-5.2.6-solo-flags-idle-125s.monitor"));
  const sim::Time open = lines.front().t, close = first_with(lines, "\"SREM\"") - 200;
  Counts trace = count(lines, open, close + sim::kSecond);
  auto m = worker(R"({"pool": "solo", "kombu_version": "5.2.4", "heartbeat": false, "gossip": false, "mingle": false})");
  Counts model = run(*m, open, close).counts;
  add(model, core::celery_worker_shutdown(m->params()));
  print_table("flags capture, whole run", model, trace);
  for (auto& [k, v] : trace) {
    INFO(k);
    if (k == "BRPOP") CHECK(std::fabs(pct(model[k], v)) < 3.0);
    else CHECK(model[k] == v);
  }
  CHECK(std::fabs(pct(total(model), total(trace))) < 3.0);
  // No heartbeat, no worker.online/offline (the event dispatcher is off), no mingle, no gossip.
  CHECK(trace.count("PUBLISH") == 0);
  Counts su;
  add(su, core::celery_worker_startup(m->params()));
  CHECK(total(su) == 28);
  // Steady idle rate with these flags: 59.76 BRPOP + 4.8 PING + 2.4 sweep + 1.2 lua = 68.16 per minute.
  CHECK(total(idle_rates(*worker(R"({"heartbeat": false, "gossip": false, "mingle": false, "count_startup": false})"))) ==
        Approx(68.161).margin(0.05));
  // The trace's BRPOP rate from the first celery BRPOP to shut-down.
  const sim::Time b0 = first_with(lines, "\"BRPOP\" \"celery\"");
  double brpop_per_min = count(lines, b0, close)["BRPOP"] / (static_cast<double>(close - b0) / 60e6);
  CHECK(std::fabs(pct(60.0, brpop_per_min)) < 3.0);
}

TEST_CASE("celery: the settings that change traffic, and those that do not", "[celery]") {
  const double base = total(idle_rates(*worker(R"({"count_startup": false})")));
  CHECK(base == Approx(98.161).margin(0.01));
  SECTION("prefetch, broker_heartbeat, max_sleep_time, pool limit, visibility timeout change nothing") {
    auto m = worker(R"({"count_startup": false, "prefetch_multiplier": 1, "broker_heartbeat": 60,
                        "broker_heartbeat_checkrate": 2, "broker_pool_limit": 10, "max_sleep_time": 1,
                        "visibility_timeout": 3600, "fanout_prefix": true, "fanout_patterns": true})");
    CHECK(total(idle_rates(*m)) == Approx(base).margin(1e-9));
    CHECK(m->params().no_effect.size() == 8);
  }
  SECTION("polling_interval only applies from kombu 5.6") {
    CHECK(total(idle_rates(*worker(R"({"count_startup": false, "kombu_version": "5.5.4", "polling_interval": "10s"})"))) ==
          Approx(base));
    Counts r = idle_rates(*worker(R"({"count_startup": false, "kombu_version": "5.6.0", "polling_interval": "10s"})"));
    CHECK(r["BRPOP"] == Approx(60.0 / 10.004).margin(0.001));
    CHECK(total(r) == Approx(base - 60.0 / 1.004 + 60.0 / 10.004).margin(0.01));
  }
  SECTION("--without-heartbeat removes the 30 PUBLISH a minute; --heartbeat-interval scales them") {
    CHECK(idle_rates(*worker(R"({"count_startup": false, "heartbeat": false})"))["PUBLISH"] == 0);
    CHECK(idle_rates(*worker(R"({"count_startup": false, "heartbeat_interval": "10s"})"))["PUBLISH"] == Approx(6).margin(0.01));
  }
  SECTION("health_check_interval 120 s: pidbox pairs every 120 s and no sweep PING") {
    Counts r = idle_rates(*worker(R"({"count_startup": false, "health_check_interval": "120s"})"));
    CHECK(r["PING"] == Approx(1.0).margin(0.01));
    CHECK(total(r) == Approx(93.761).margin(0.01));  // 59.76 + 30 + 1.0 + 3 x 0.6 + 2 x 0.6
  }
  SECTION("remote control off removes the pidbox PINGs") {
    CHECK(idle_rates(*worker(R"({"count_startup": false, "remote_control": false})"))["PING"] == Approx(0.6));
  }
  SECTION("worker count multiplies the idle traffic") {
    CHECK(total(idle_rates(*worker(R"({"count_startup": false, "workers": 3})"))) == Approx(3 * base));
  }
  SECTION("a 30 ms round trip: 1 BRPOP per 1.034 s (with the 4 ms loop latency) and PING pairs every 50 s") {
    Counts r = idle_rates(*worker(R"({"count_startup": false, "rtt": "30ms"})"));
    CHECK(r["BRPOP"] == Approx(60.0 / 1.034).epsilon(0.001));
    CHECK(r["PING"] == Approx(2.4 + 0.6).margin(0.01));
  }
  SECTION("bad settings are rejected") {
    json j = json::parse(R"({"polling_interval": 0})");
    core::Reader r(j, "/components/1");
    CHECK_THROWS_AS(core::parse_celery_worker(r), core::FieldError);
    json k = json::parse(R"({"pool": "gevent"})");
    core::Reader r2(k, "");
    CHECK_THROWS_AS(core::parse_celery_worker(r2), core::FieldError);
  }
}

TEST_CASE("celery: per task, by setting", "[celery]") {
  const sim::Time t0 = 1'767'225'600LL * sim::kSecond;
  auto per_task = [&](const std::string& extra) {
    // 100 tasks, one every 30 s (so no BRPOP changes), against the same worker idle.
    auto busy = worker(R"({"count_startup": false, "tasks": [{"schedule": {"every": "30s", "phase": "15s"}, "limit": 100}])" +
                       extra + "}");
    auto idle = worker(R"({"count_startup": false)" + extra + "}");
    double b = total(run(*busy, t0, t0 + sim::kHour).counts), i = total(run(*idle, t0, t0 + sim::kHour).counts);
    return (b - i) / 100.0;
  };
  // LPUSH + SUBSCRIBE + UNSUBSCRIBE + 8 ack emulation + 5 result = 16, plus the producer's one-off
  // start-up (10) and its health-check PING after each 30 s gap, ack-emulation PINGs when the channel
  // connection has been idle more than 25 s (about 3 tasks in 4), minus the sweep PINGs the tasks
  // make unnecessary, plus 0.12 BRPOP: on prefork the loop starts a new wait at each message, and a
  // message every 30 s ends the 30th wait of 1.004 s (29 time out), where an idle loop sends 29.88.
  // (Before the tie fix this was one whole BRPOP: a message landing on a wait's end counted twice.)
  double d = per_task("");
  CHECK(d > 17.4);
  CHECK(d < 17.8);
  CHECK(per_task(R"(, "ignore_result": true)") == Approx(d - 7).margin(0.05));
  CHECK(per_task(R"(, "track_started": true)") == Approx(d + 5).margin(0.05));
  CHECK(per_task(R"(, "task_events": true)") == Approx(d + 3).margin(0.05));
  CHECK(per_task(R"(, "ack_emulation": false)") < d - 8);
}

TEST_CASE("celery: the BRPOP loop is one series per idle gap, a message ends a wait early", "[celery]") {
  const sim::Time t0 = 1'767'225'600LL * sim::kSecond;
  // Tasks every 0.5 s on a solo worker: BRPOP count = tasks (each wait ends early), not 60/min + tasks.
  auto m = worker(R"({"pool": "solo", "count_startup": false, "heartbeat": false, "remote_control": false,
                      "ack_emulation": false, "result_backend": false,
                      "tasks": [{"schedule": {"every": "500ms"}, "duration": "1ms", "publish": false}]})");
  Counts c = run(*m, t0, t0 + sim::kMinute).counts;
  CHECK(c["BRPOP"] == Approx(120).margin(1));
  // Sparse tasks (every 10 s): one BRPOP per second still, the task's wait included.
  auto s = worker(R"({"pool": "solo", "count_startup": false, "heartbeat": false, "remote_control": false,
                      "ack_emulation": false, "result_backend": false,
                      "tasks": [{"schedule": {"every": "10s", "phase": "5500ms"}, "duration": "1ms", "publish": false}]})");
  CHECK(run(*s, t0, t0 + sim::kMinute).counts["BRPOP"] == Approx(60).margin(1));
}

TEST_CASE("celery: beat ticks cost nothing; each due entry costs LPUSH (+PING after 25 s idle, +SUBSCRIBE/UNSUBSCRIBE)", "[celery]") {
  auto beat = [](const std::string& text) {
    static std::vector<std::unique_ptr<json>> keep;
    keep.push_back(std::make_unique<json>(json::parse(text)));
    core::Reader r(*keep.back(), "");
    auto m = core::parse_celery_beat(r);
    r.finish();
    return m;
  };
  const sim::Time t0 = 1'767'225'600LL * sim::kSecond;
  Counts none = run(*beat(R"({"entries": []})"), t0, t0 + sim::kDay).counts;
  CHECK(total(none) == 0);  // beat connects at its first send: with none due, nothing (recorded)
  Counts hourly = run(*beat(R"({"entries": [{"name": "h", "schedule": {"cron": "0 * * * *"}}]})"), t0, t0 + sim::kDay).counts;
  CHECK(hourly["LPUSH"] == 24);
  CHECK(hourly["SUBSCRIBE"] == 24);
  CHECK(hourly["UNSUBSCRIBE"] == 24);
  CHECK(hourly["PING"] == 3 + 23);  // the first send's set-up, then every later gap is an hour > 25 s
  CHECK(hourly["LLEN"] == 4);       // first-send declare
  Counts fast = run(*beat(R"({"ignore_result": true, "entries": [{"schedule": {"every": "10s"}}]})"), t0, t0 + sim::kHour).counts;
  CHECK(fast["LPUSH"] == 359);  // the first one interval after beat starts
  CHECK(fast["PING"] == 3);
  CHECK(fast.count("SUBSCRIBE") == 0);
}
