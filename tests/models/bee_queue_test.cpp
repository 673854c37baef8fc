// The bee_queue_worker model against the Bee-Queue 2.0.0 recordings in tests/traces/ (README there):
// fitted on the default idle and the 2 s busy captures (start-up, per-job commands) and the timers'
// latencies of the checkStalledJobs(5000) and nearTermWindow 60 s captures; predicts stallInterval 2 s
// with concurrency 4 and activateDelayedJobs with the default window, which it was not fitted on.
#include <catch2/catch.hpp>

#include "core/models/bee_queue_worker.hpp"
#include "node_queue_trace.hpp"

using namespace node_trace;

namespace {

std::unique_ptr<core::BeeQueueWorkerModel> worker(const std::string& text) {
  return parse_model<core::BeeQueueWorkerModel>(&core::parse_bee_queue_worker, text);
}

// A whole capture, start-up and stop included, against one modelled run of the same span.
Counts whole_capture(const std::string& capture, const core::BeeQueueWorkerModel& m, Counts* trace_out) {
  auto lines = read_capture(own_trace(capture));
  const sim::Time open = lines.front().t, stop = lines.back().t + 1;
  const sim::Time quit = first_of(lines, "QUIT");
  *trace_out = count(lines, open, stop);
  Counts model = run(m, open, quit);
  add(model, core::bee_queue_worker_shutdown(m.params()).commands());
  print_table(capture + ": whole capture", model, *trace_out);
  return model;
}

}  // namespace

TEST_CASE("bee-queue: every recording's replay equals its INFO commandstats", "[bee_queue][traces]") {
  for (const char* name : {"bee-queue-2.0.0-idle-12min.monitor", "bee-queue-2.0.0-stall2s-c4-idle-10min.monitor",
                           "bee-queue-2.0.0-checkstalled5s-idle-10min.monitor", "bee-queue-2.0.0-delayed-idle-10min.monitor",
                           "bee-queue-2.0.0-delayed-window60s-idle-5min.monitor", "bee-queue-2.0.0-busy-60jobs-2s.monitor",
                           "bee-queue-2.0.0-producer-60jobs.monitor"})
    check_replay_equals_commandstats(name);
}

TEST_CASE("bee-queue: idle captures reproduced command by command (defaults fitted; stall 2 s + c4, delayed predicted)",
          "[bee_queue][traces]") {
  struct Case {
    const char* capture;
    const char* model;
  };
  for (const Case& c : {Case{"bee-queue-2.0.0-idle-12min.monitor", "{}"},
                        Case{"bee-queue-2.0.0-stall2s-c4-idle-10min.monitor", R"({"stall_interval": "2s", "concurrency": 4})"},
                        Case{"bee-queue-2.0.0-delayed-idle-10min.monitor", R"({"activate_delayed_jobs": true})"},
                        Case{"bee-queue-2.0.0-delayed-window60s-idle-5min.monitor",
                             R"({"activate_delayed_jobs": true, "near_term_window": "60s"})"}}) {
    Counts trace;
    Counts model = whole_capture(c.capture, *worker(c.model), &trace);
    INFO(c.capture);
    CHECK(model == trace);
  }
  // Start-up with defaults as recorded: 18 commands, then the one BRPOPLPUSH; nothing after it.
  CHECK(core::bee_queue_worker_startup(worker("{}")->params()).total() == 18);
  CHECK(total(day_rates(*worker(R"({"count_startup": false})"))) == Approx(1.0 / 1440));  // the pending BRPOPLPUSH
}

TEST_CASE("bee-queue: checkStalledJobs(5000) every 5.01 s, 4 commands each", "[bee_queue][traces]") {
  auto m = worker(R"({"check_stalled_interval": "5s"})");
  Counts trace;
  Counts model = whole_capture("bee-queue-2.0.0-checkstalled5s-idle-10min.monitor", *m, &trace);
  for (const auto& [k, v] : trace) {
    INFO(k);
    CHECK(std::fabs(pct(get(model, k), v)) < 3.0);
  }
  CHECK(std::fabs(pct(total(model), total(trace))) < 3.0);
  // Steady: 60 / 5.01 checks a minute x 4.
  Counts r = day_rates(*worker(R"({"count_startup": false, "check_stalled_interval": "5s"})"));
  CHECK(total(r) == Approx(4 * 60.0 / 5.01).epsilon(1e-3));
  // A check every 2 s under a 5 s block key: 2 commands each, the full 4 on every third.
  Counts fast = day_rates(*worker(R"({"count_startup": false, "check_stalled_interval": "2s"})"));
  CHECK(fast["lua:SET"] == Approx(60.0 / 2.01).epsilon(1e-3));
  CHECK(fast["lua:SMEMBERS"] == Approx(60.0 / 6.03).epsilon(1e-3));
}

TEST_CASE("bee-queue: the producer's side and the per-job cost", "[bee_queue][traces]") {
  {
    auto lines = read_capture(own_trace("bee-queue-2.0.0-producer-60jobs.monitor"));
    Counts trace = count(lines, lines.front().t, lines.back().t + 1);
    const auto& s = core::bee_queue_scripts();
    Counts model;
    for (int i = 1; i < 60; ++i) add(model, s.produce.commands());
    add(model, s.producer_first.commands());
    model["SCRIPT|LOAD"] += 5;  // a fresh server: the producer loads the scripts (a worker usually has)
    model["QUIT"] += 1;         // the producer script's close()
    print_table("producer, 60 jobs", model, trace);
    CHECK(model == trace);
  }
  // The busy capture as a whole: the worker (started first, loads the scripts) and the producer
  // (5 s later: INFO, SCRIPT EXISTS x5, then 60 jobs, QUIT).
  auto lines = read_capture(own_trace("bee-queue-2.0.0-busy-60jobs-2s.monitor"));
  const sim::Time open = lines.front().t, stop = lines.back().t;  // the worker's last QUIT
  const sim::Time first_job = first_of(lines, "lua:INCR");
  const double phase = static_cast<double>(first_job - open) / 1e6;
  auto m = worker(R"({"tasks": [{"schedule": {"every": "2s", "phase": )" + std::to_string(phase) + R"(}, "start_after": )" +
                  std::to_string(phase - 0.001) + R"(, "limit": 60, "duration": "3ms"}]})");
  Counts trace = count(lines, open, lines.back().t + 1);
  Counts model = run(*m, open, stop);
  add(model, core::bee_queue_worker_shutdown(m->params()).commands());
  model["QUIT"] += 1;  // the producer's close()
  print_table("busy capture, whole run", model, trace);
  CHECK(model == trace);
  // 5 producer + 10 worker per job.
  CHECK(core::bee_queue_scripts().produce.total() + core::bee_queue_job_worker_side(m->params()).total() == 15);
}

TEST_CASE("bee-queue: settings", "[bee_queue]") {
  SECTION("remove_on_success and send_events false: 8 on the worker per job") {
    CHECK(core::bee_queue_job_worker_side(
              worker(R"({"remove_on_success": true, "send_events": false})")->params()).total() == 8);
  }
  SECTION("no eclient without events or delayed jobs: one INFO and one QUIT fewer, no SUBSCRIBE") {
    auto m = worker(R"({"get_events": false, "scripts_cached": true})");
    CHECK(core::bee_queue_worker_startup(m->params()).total() == 2 + 5 + 4);
    CHECK(core::bee_queue_worker_shutdown(m->params()).total() == 1);
  }
  SECTION("a 10 s job refreshes its stall mark every 2.5 s") {
    const sim::Time t0 = 1'767'225'600LL * sim::kSecond;
    auto busy = worker(R"({"count_startup": false, "tasks": [{"schedule": {"every": "60s"}, "duration": "10s", "publish": false}]})");
    CHECK(run(*busy, t0, t0 + sim::kHour)["SREM"] == Approx(60 * (2 + 4)));
  }
  SECTION("inert settings are listed") {
    auto m = worker(R"({"stall_interval": "2s", "concurrency": 4, "delayed_debounce": "1s"})");
    CHECK(m->params().no_effect == std::vector<std::string>{"delayed_debounce", "stall_interval (idle)", "concurrency (idle)"});
  }
  SECTION("bad settings get located messages") {
    for (const char* bad : {R"({"bee_queue_version": "1.4.0"})", R"({"check_stalled_interval": 0})",
                            R"({"near_term_window": "0s"})", R"({"stallInterval": 5000})"}) {
      INFO(bad);
      CHECK_THROWS_AS(worker(bad), core::FieldError);
    }
  }
}
