// The bull_worker model against the Bull 4.16.5 recordings in tests/traces/ (README there): fitted on
// the default idle capture (loop latencies, the stalled check's full-run share) and the 2 s busy
// capture's per-job scripts; predicts drainDelay 2 s, concurrency 4, stalledInterval 10 s with
// guardInterval 2 s, and the 7 s job gaps, which it was not fitted on.
#include <catch2/catch.hpp>

#include "core/models/bull_worker.hpp"
#include "node_queue_trace.hpp"

using namespace node_trace;

namespace {

std::unique_ptr<core::BullWorkerModel> worker(const std::string& text) {
  return parse_model<core::BullWorkerModel>(&core::parse_bull_worker, text);
}

const std::vector<std::string> kStalledFull = {"lua:SET", "lua:SMEMBERS", "lua:LRANGE"};

void check_idle(const std::string& capture, const std::string& model_json) {
  auto m = worker(model_json);
  check_node_idle(capture, *m, m->params().stalled_cycle(), 6.0 / 7.0, kStalledFull);
}

void check_per_job(const std::string& capture, sim::Duration every, int jobs, double per_job) {
  // The producer connection's one-offs: INFO, QUIT.
  check_node_per_job(capture, every, jobs, per_job, 2, kStalledFull, [](const std::string& extra) {
    // The delay guard runs on its own clock whatever the jobs do: left in, the same on both sides.
    return std::unique_ptr<core::Model>(worker(R"({"stalled_interval": 0)" + extra + "}"));
  });
}

}  // namespace

TEST_CASE("bull: every recording's replay equals its INFO commandstats", "[bull][traces]") {
  for (const char* name : {"bull-4.16.5-idle-12min.monitor", "bull-4.16.5-c4-idle-10min.monitor",
                           "bull-4.16.5-drainDelay2-idle-10min.monitor", "bull-4.16.5-stalled10s-guard2s-idle-10min.monitor",
                           "bull-4.16.5-busy-60jobs-2s.monitor", "bull-4.16.5-busy-20jobs-7s.monitor",
                           "bull-4.16.5-producer-60jobs.monitor"})
    check_replay_equals_commandstats(name);
}

TEST_CASE("bull: the default idle rate per command (fitted) matches its recording", "[bull][traces]") {
  check_idle("bull-4.16.5-idle-12min.monitor", R"({"count_startup": false})");
  // BRPOPLPUSH every 5.035 s (11.92/min) + 3 per guard run every 5.004 s (35.97/min) + 2 per stalled
  // check every 30.003 s (4.00/min) + 3 on 6 of 7 of them (5.14/min) = 57.03 a minute.
  CHECK(total(day_rates(*worker(R"({"count_startup": false})"))) == Approx(57.03).margin(0.01));
}

TEST_CASE("bull: predictions at settings it was not fitted on (drainDelay 2, concurrency 4, stalled 10 s + guard 2 s)",
          "[bull][traces]") {
  check_idle("bull-4.16.5-drainDelay2-idle-10min.monitor", R"({"count_startup": false, "drain_delay": "2s"})");
  check_idle("bull-4.16.5-c4-idle-10min.monitor", R"({"count_startup": false, "concurrency": 4})");
  check_idle("bull-4.16.5-stalled10s-guard2s-idle-10min.monitor",
             R"({"count_startup": false, "stalled_interval": "10s", "guard_interval": "2s"})");
}

TEST_CASE("bull: the whole default idle capture, start-up and stop included", "[bull][traces]") {
  auto m = worker("{}");
  auto lines = check_node_whole_capture("bull-4.16.5-idle-12min.monitor", *m, core::bull_worker_shutdown(m->params()).commands(),
                                        {"CLIENT|SETNAME", "INFO", "EVAL", "QUIT", "SUBSCRIBE"}, kStalledFull, 10.0);
  const sim::Time open = lines.front().t;
  // Start-up as recorded: 12 commands before the first BRPOPLPUSH; stop: QUIT x2 + CLIENT SETNAME.
  CHECK(core::bull_worker_startup(m->params()).total() == 12);
  CHECK(total(count(lines, open, first_of(lines, "BRPOPLPUSH"))) == 12);
  CHECK(core::bull_worker_shutdown(m->params()).total() == 3);
}

TEST_CASE("bull: the producer's side, command by command", "[bull][traces]") {
  auto lines = read_capture(own_trace("bull-4.16.5-producer-60jobs.monitor"));
  Counts trace = count(lines, lines.front().t, lines.back().t + 1);
  const auto& s = core::bull_scripts();
  Counts model;
  for (int i = 1; i < 60; ++i) add(model, s.produce.commands());
  add(model, s.producer_first.commands());
  model["QUIT"] += 1;  // the producer script's queue.close()
  print_table("producer, 60 jobs", model, trace);
  CHECK(model == trace);
  CHECK(s.produce.total() == 6);
}

TEST_CASE("bull: per-job cost, jobs closer than drainDelay (fitted) and further apart (predicted)", "[bull][traces]") {
  // 6 producer + 22 worker, no idle BRPOPLPUSH in the 2 s gaps; the delay guard runs regardless (its
  // runs in the window count on both sides: 2 s of a 5 s cycle is 1.2 per job).
  check_per_job("bull-4.16.5-busy-60jobs-2s.monitor", 2 * sim::kSecond, 60, 28.0 + 3 * 2.0 / 5.004);
  // 7 s gaps: one idle BRPOPLPUSH per gap on top.
  check_per_job("bull-4.16.5-busy-20jobs-7s.monitor", 7 * sim::kSecond, 20, 29.0 + 3 * 7.0 / 5.004);
  const auto& s = core::bull_scripts();
  CHECK(1 + s.activate.total() + s.finish.total() + s.drain_tail.total() == 22);
}

TEST_CASE("bull: the settings that move traffic, and those that do not", "[bull]") {
  const double base = total(day_rates(*worker(R"({"count_startup": false})")));
  SECTION("concurrency, max_stalled_count, retry_process_delay change nothing idle") {
    auto m = worker(R"({"count_startup": false, "concurrency": 8, "max_stalled_count": 2, "retry_process_delay": "1s"})");
    CHECK(total(day_rates(*m)) == Approx(base).margin(1e-9));
    CHECK(m->params().no_effect == std::vector<std::string>{"max_stalled_count", "retry_process_delay", "concurrency (idle)"});
  }
  SECTION("stalled_interval 0 turns the checker off") {
    Counts r = day_rates(*worker(R"({"count_startup": false, "stalled_interval": 0})"));
    CHECK(r.count("lua:EXISTS") == 0);
    CHECK(total(r) == Approx(60.0 / 5.035 + 3 * 60.0 / 5.004).epsilon(1e-4));
  }
  SECTION("workers: every loop per process, the full stalled run once per queue") {
    Counts one = day_rates(*worker(R"({"count_startup": false})"));
    Counts two = day_rates(*worker(R"({"count_startup": false, "workers": 2})"));
    CHECK(two["BRPOPLPUSH"] == Approx(2 * one["BRPOPLPUSH"]));
    CHECK(two["lua:ZRANGE"] == Approx(2 * one["lua:ZRANGE"]));
    CHECK(two["lua:SMEMBERS"] == Approx(one["lua:SMEMBERS"]));
  }
  SECTION("a job of 40 s renews its lock twice (every 15 s)") {
    const sim::Time t0 = 1'767'225'600LL * sim::kSecond;
    auto idle = worker(R"({"count_startup": false, "stalled_interval": 0})");
    auto busy = worker(R"({"count_startup": false, "stalled_interval": 0,
                           "tasks": [{"schedule": {"every": "60s"}, "duration": "40s", "publish": false}]})");
    Counts b = run(*busy, t0, t0 + sim::kHour), i = run(*idle, t0, t0 + sim::kHour);
    CHECK(b["lua:GET"] - i["lua:GET"] == Approx(60 * (1 + 2)));  // moveToFinished's GET lock + 2 renewals
  }
  SECTION("bad settings get located messages") {
    for (const char* bad : {R"({"drain_delay": 0})", R"({"guard_interval": "0s"})", R"({"bull_version": "3.22.0"})",
                            R"({"workers": 0})", R"({"drainDelay": 5})", R"({"tasks": [{"every": "1s"}]})"}) {
      INFO(bad);
      CHECK_THROWS_AS(worker(bad), core::FieldError);
    }
  }
}
