// The bullmq_worker model against the BullMQ 5.47.3 recordings in tests/traces/ (README there):
// fitted on the default idle capture (fetch-loop latency, stalled-check lateness and full-run share)
// and the two busy captures' per-job scripts; predicts the drainDelay 2 s, concurrency 10 and
// stalledInterval 10 s captures and the 7 s job gaps, which it was not fitted on.
#include <catch2/catch.hpp>

#include "core/models/bullmq_worker.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/commandstats.hpp"
#include "queue_trace.hpp"

using namespace queue_trace;

namespace {

std::unique_ptr<core::BullmqWorkerModel> worker(const std::string& text) {
  return parse_model<core::BullmqWorkerModel>(&core::parse_bullmq_worker, text);
}

// The commands of a full stalled check beyond EVALSHA + EXISTS: how many of them a window holds
// depends on a sub-millisecond race (timer vs key expiry), so they are checked against the binomial
// spread of that race, not to 3 %.
const std::vector<std::string> kStalledFull = {"lua:SET", "lua:HGET", "lua:XTRIM", "lua:SMEMBERS", "lua:LRANGE"};
bool stalled_full(const std::string& c) { return std::find(kStalledFull.begin(), kStalledFull.end(), c) != kStalledFull.end(); }

struct Window {
  sim::Time from, to;
  double minutes() const { return static_cast<double>(to - from) / 60e6; }
};

// A steady window of whole stalled-check cycles: from just before the first check 30 s or more
// after start to the last whole cycle ending 5 s before the stop (QUIT).
Window steady_window(const std::vector<Line>& lines, sim::Duration stalled_cycle) {
  const sim::Time open = lines.front().t, quit = first_of(lines, "QUIT");
  const sim::Time first_check = first_of(lines, "lua:EXISTS", "stalled-check", open + 30 * sim::kSecond);
  Window w{first_check - sim::kSecond, 0};
  const auto n = (quit - 5 * sim::kSecond - w.from) / stalled_cycle;
  REQUIRE(n >= 9);
  w.to = w.from + n * stalled_cycle;
  return w;
}

// Steady idle rates: every command within 3 % but the stalled check's full-run commands, whose
// share of cycles must agree within 2.5 standard deviations of a binomial draw; the total within 3 %.
void check_idle(const std::string& capture, const std::string& model_json) {
  auto lines = read_capture(own_trace(capture));
  auto m = worker(model_json);
  const Window w = steady_window(lines, m->params().stalled_cycle());
  Counts trace = scaled(count(lines, w.from, w.to), 1.0 / w.minutes());
  Counts model = day_rates(*m);
  print_table(capture + ": steady idle, commands per minute", model, trace);
  for (const auto& [k, v] : trace) {
    if (stalled_full(k)) continue;
    INFO(capture << " " << k << ": model " << get(model, k) << "/min, trace " << v << "/min");
    CHECK(std::fabs(pct(get(model, k), v)) < 3.0);
  }
  for (const auto& [k, v] : model) {
    INFO(capture << " " << k << " only in the model");
    CHECK(trace.count(k) == 1);
  }
  const double checks = trace["lua:EXISTS"] * w.minutes();
  const double p = m->params().stalled_full_of_15() / 15.0;
  for (const auto& k : kStalledFull) {
    const double share = trace[k] / trace["lua:EXISTS"];
    INFO(capture << " " << k << ": full-run share " << share << " of " << checks << " checks, model " << p);
    CHECK(std::fabs(share - p) <= 2.5 * std::sqrt(p * (1 - p) / checks));
    CHECK(model[k] == Approx(p * model["lua:EXISTS"]).epsilon(0.01));
  }
  CHECK(std::fabs(pct(total(model), total(trace))) < 3.0);
}

}  // namespace

TEST_CASE("bullmq: every recording's replay equals its INFO commandstats", "[bullmq][traces]") {
  for (const char* name : {"bullmq-5.47.3-idle-12min.monitor", "bullmq-5.47.3-c10-idle-10min.monitor",
                           "bullmq-5.47.3-drainDelay2-idle-10min.monitor.gz", "bullmq-5.47.3-stalled10s-idle-10min.monitor",
                           "bullmq-5.47.3-busy-60jobs-2s.monitor.gz", "bullmq-5.47.3-busy-20jobs-7s.monitor",
                           "bullmq-5.47.3-producer-60jobs.monitor"}) {
    std::string base = name;
    base = base.substr(0, base.find(".monitor"));
    auto report = core::replay::replay_capture(own_trace(name), core::replay::ReplayOptions{});
    auto snap = core::replay::load_commandstats(own_trace(base + ".commandstats"));
    auto check = core::replay::check_commandstats(report, snap);
    INFO(name);
    CHECK(check.passed);
    CHECK(check.differs == 0);
    CHECK(check.ok >= 10);
  }
}

TEST_CASE("bullmq: the default idle rate per command (fitted) matches its recording", "[bullmq][traces]") {
  check_idle("bullmq-5.47.3-idle-12min.monitor", R"({"count_startup": false})");
  // 8 per fetch cycle of 5.03 s (95.43/min) + 2 per stalled check every 30.005 s (4.00/min) + 5 x 14/15
  // of them (9.33/min) = 108.76 commands a minute.
  CHECK(total(day_rates(*worker(R"({"count_startup": false})"))) == Approx(108.76).margin(0.01));
}

TEST_CASE("bullmq: predictions at settings it was not fitted on (drainDelay 2, concurrency 10, stalledInterval 10 s)",
          "[bullmq][traces]") {
  check_idle("bullmq-5.47.3-drainDelay2-idle-10min.monitor.gz", R"({"count_startup": false, "drain_delay": "2s"})");
  check_idle("bullmq-5.47.3-c10-idle-10min.monitor", R"({"count_startup": false, "concurrency": 10})");
  check_idle("bullmq-5.47.3-stalled10s-idle-10min.monitor", R"({"count_startup": false, "stalled_interval": "10s"})");
}

TEST_CASE("bullmq: the whole default idle capture, start-up and stop included", "[bullmq][traces]") {
  auto lines = read_capture(own_trace("bullmq-5.47.3-idle-12min.monitor"));
  const sim::Time open = lines.front().t, quit = first_of(lines, "QUIT");
  Counts trace = count(lines, open, quit + 1);
  auto m = worker("{}");
  Counts model = run(*m, open, quit);
  add(model, core::bullmq_worker_shutdown(m->params()).commands());
  print_table("default idle capture, whole run", model, trace);
  for (const char* exact : {"CLIENT|SETNAME", "INFO", "EVAL", "QUIT", "lua:HSET"}) {
    INFO(exact);
    CHECK(model[exact] == trace[exact]);
  }
  for (const auto& [k, v] : trace) {
    INFO(k);
    CHECK(std::fabs(pct(get(model, k), v)) < (stalled_full(k) ? 8.0 : 3.0));
  }
  CHECK(std::fabs(pct(total(model), total(trace))) < 3.0);
  // Start-up as recorded in the first 2.5 s: 20 commands before the first BZPOPMIN.
  CHECK(core::bullmq_worker_startup(m->params()).total() == 20);
  CHECK(count(lines, open, first_of(lines, "BZPOPMIN")).size() > 0);
  CHECK(total(count(lines, open, first_of(lines, "BZPOPMIN"))) == 20);
}

TEST_CASE("bullmq: the producer's side, command by command", "[bullmq][traces]") {
  auto lines = read_capture(own_trace("bullmq-5.47.3-producer-60jobs.monitor"));
  Counts trace = count(lines, lines.front().t, lines.back().t + 1);
  const auto& s = core::bullmq_scripts();
  Counts model;
  for (int i = 1; i < 60; ++i) add(model, s.produce.commands());
  add(model, s.producer_first.commands());
  model["QUIT"] += 1;  // the producer script's queue.close(); a producer that stays up never sends it
  print_table("producer, 60 jobs", model, trace);
  CHECK(model == trace);
  CHECK(s.produce.total() == 9);
}

namespace {

// Per job in a busy capture: the commands in the window of its jobs, minus the stalled checker's
// (each check is one EVALSHA and one EXISTS of the guard key, a full one also SET HGET XTRIM
// SMEMBERS LRANGE), divided by the number of jobs; the model's from a run without the checker.
void check_per_job(const std::string& capture, sim::Duration every, int jobs, double per_job) {
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
  for (const auto& k : kStalledFull) trace[k] -= full;
  trace = scaled(trace, 1.0 / jobs);
  const double phase = static_cast<double>(first_job - open) / 1e6;
  auto m = worker(R"({"skip_stalled_check": true, "tasks": [{"schedule": {"every": ")" +
                  std::to_string(every / sim::kMillisecond) + R"(ms", "phase": )" + std::to_string(phase) +
                  R"(}, "start_after": )" + std::to_string(phase - 0.001) + R"(, "limit": )" + std::to_string(jobs) +
                  R"(, "duration": "3ms", "publish": true}]})");
  Counts model = run_window(*m, open, w.from, w.to);
  model["QUIT"] += 1;  // the workload's producer closes after its last job (a long-lived producer does not)
  model = scaled(model, 1.0 / jobs);
  print_table(capture + ": per job, producer and worker", model, trace);
  for (const auto& [k, v] : trace) {
    if (std::fabs(v) < 1e-9) continue;
    INFO(capture << " " << k);
    CHECK(std::fabs(pct(get(model, k), v)) < 3.0);
  }
  CHECK(std::fabs(pct(total(model), total(trace))) < 3.0);
  // per_job, plus the producer connection's one-offs (INFO x2, HMSET meta, QUIT) spread over the jobs,
  // give or take one fetch cycle (8) at the window's edges.
  CHECK(total(model) == Approx(per_job + 4.0 / jobs).margin(8.0 / jobs));
}

}  // namespace

TEST_CASE("bullmq: per-job cost, jobs closer than drainDelay (fitted) and further apart (predicted)", "[bullmq][traces]") {
  // 9 producer + 44 worker, no idle fetch cycle in the 2 s gaps.
  check_per_job("bullmq-5.47.3-busy-60jobs-2s.monitor.gz", 2 * sim::kSecond, 60, 53.0);
  // 7 s gaps: one idle cycle (8) per gap on top.
  check_per_job("bullmq-5.47.3-busy-20jobs-7s.monitor", 7 * sim::kSecond, 20, 61.0);
  const auto& s = core::bullmq_scripts();
  CHECK(s.activate.total() + s.finish.total() + s.drain_tail.total() + 1 == 44);
}

TEST_CASE("bullmq: the settings that move traffic, and those that do not", "[bullmq]") {
  const double base = total(day_rates(*worker(R"({"count_startup": false})")));
  SECTION("concurrency, max_stalled_count, run_retry_delay change nothing idle") {
    auto m = worker(R"({"count_startup": false, "concurrency": 50, "max_stalled_count": 3, "run_retry_delay": "5s"})");
    CHECK(total(day_rates(*m)) == Approx(base).margin(1e-9));
    CHECK(m->params().no_effect == std::vector<std::string>{"max_stalled_count", "run_retry_delay", "concurrency (idle)"});
  }
  SECTION("skip_stalled_check removes the checker: the fetch loop alone") {
    Counts r = day_rates(*worker(R"({"count_startup": false, "skip_stalled_check": true})"));
    CHECK(r.count("lua:EXISTS") == 0);
    CHECK(total(r) == Approx(8 * 60.0 / 5.03).epsilon(1e-4));
  }
  SECTION("drain_delay 60 s: one fetch cycle a minute") {
    Counts r = day_rates(*worker(R"({"count_startup": false, "drain_delay": "60s"})"));
    CHECK(r["BZPOPMIN"] == Approx(60.0 / 60.03).epsilon(1e-3));
  }
  SECTION("workers: the fetch loop and the short check per process, the full check once per queue") {
    Counts one = day_rates(*worker(R"({"count_startup": false})"));
    Counts three = day_rates(*worker(R"({"count_startup": false, "workers": 3})"));
    CHECK(three["BZPOPMIN"] == Approx(3 * one["BZPOPMIN"]));
    CHECK(three["lua:EXISTS"] == Approx(3 * one["lua:EXISTS"]));
    CHECK(three["lua:SMEMBERS"] == Approx(one["lua:SMEMBERS"]));
  }
  SECTION("a 20 ms round trip: fetch cycle 5.07 s, every stalled check runs in full") {
    Counts r = day_rates(*worker(R"({"count_startup": false, "rtt": "20ms"})"));
    CHECK(r["BZPOPMIN"] == Approx(60.0 / 5.07).epsilon(1e-3));
    CHECK(r["lua:SMEMBERS"] == Approx(r["lua:EXISTS"]));
  }
  SECTION("jobs longer than lock_renew_time / 2 extend their lock") {
    const sim::Time t0 = 1'767'225'600LL * sim::kSecond;
    auto idle = worker(R"({"count_startup": false, "skip_stalled_check": true})");
    auto busy = worker(R"({"count_startup": false, "skip_stalled_check": true,
                           "tasks": [{"schedule": {"every": "60s"}, "duration": "37500ms", "publish": false}]})");
    Counts b = run(*busy, t0, t0 + sim::kHour), i = run(*idle, t0, t0 + sim::kHour);
    // (37.5 - 7.5) / 7.5 = 4 extendLocks calls per job, 60 jobs.
    CHECK(b["lua:SREM"] - i["lua:SREM"] == Approx(60 * (1 + 4)));
  }
  SECTION("bad settings get located messages") {
    for (const char* bad : {R"({"drain_delay": "0s"})", R"({"stalled_interval": 0})", R"({"bullmq_version": "4.18.3"})",
                            R"({"bullmq_version": "five"})", R"({"concurrency": 0})", R"({"drainDelay": 5})"}) {
      INFO(bad);
      CHECK_THROWS_AS(worker(bad), core::FieldError);
    }
    CHECK_NOTHROW(worker(R"({"bullmq_version": "6.7.0"})"));
  }
}
