// The bullmq_worker model against the BullMQ 5.47.3 recordings in tests/traces/ (README there):
// fitted on the default idle capture (fetch-loop latency, stalled-check lateness and full-run share)
// and the two busy captures' per-job scripts; predicts the drainDelay 2 s, concurrency 10 and
// stalledInterval 10 s captures and the 7 s job gaps, which it was not fitted on.
#include <catch2/catch.hpp>

#include "core/models/bullmq_worker.hpp"
#include "node_queue_trace.hpp"

using namespace node_trace;

namespace {

std::unique_ptr<core::BullmqWorkerModel> worker(const std::string& text) {
  return parse_model<core::BullmqWorkerModel>(&core::parse_bullmq_worker, text);
}

const std::vector<std::string> kStalledFull = {"lua:SET", "lua:HGET", "lua:XTRIM", "lua:SMEMBERS", "lua:LRANGE"};

void check_idle(const std::string& capture, const std::string& model_json) {
  auto m = worker(model_json);
  check_node_idle(capture, *m, m->params().stalled_cycle(), m->params().stalled_full_of_15() / 15.0, kStalledFull);
}

}  // namespace

TEST_CASE("bullmq: every recording's replay equals its INFO commandstats", "[bullmq][traces]") {
  for (const char* name : {"bullmq-5.47.3-idle-12min.monitor", "bullmq-5.47.3-c10-idle-10min.monitor",
                           "bullmq-5.47.3-drainDelay2-idle-10min.monitor.gz", "bullmq-5.47.3-stalled10s-idle-10min.monitor",
                           "bullmq-5.47.3-busy-60jobs-2s.monitor.gz", "bullmq-5.47.3-busy-20jobs-7s.monitor",
                           "bullmq-5.47.3-producer-60jobs.monitor"}) {
    check_replay_equals_commandstats(name);
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
  auto m = worker("{}");
  auto lines = check_node_whole_capture("bullmq-5.47.3-idle-12min.monitor", *m,
                                        core::bullmq_worker_shutdown(m->params()).commands(),
                                        {"CLIENT|SETNAME", "INFO", "EVAL", "QUIT", "lua:HSET"}, kStalledFull, 8.0);
  const sim::Time open = lines.front().t;
  // Start-up as recorded in the first 2.5 s: 20 commands before the first BZPOPMIN.
  CHECK(core::bullmq_worker_startup(m->params()).total() == 20);
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

void check_per_job(const std::string& capture, sim::Duration every, int jobs, double per_job) {
  // The producer connection's one-offs: INFO x2, HMSET meta, QUIT.
  check_node_per_job(capture, every, jobs, per_job, 4, kStalledFull, [](const std::string& extra) {
    return std::unique_ptr<core::Model>(worker(R"({"skip_stalled_check": true)" + extra + "}"));
  });
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
  SECTION("with a free slot the fetch loop goes on while a job runs (concurrency 2; source, not recorded)") {
    const sim::Time t0 = 1'767'225'600LL * sim::kSecond;
    auto jobs = [](int c) {
      return worker(R"({"count_startup": false, "skip_stalled_check": true, "concurrency": )" + std::to_string(c) +
                    R"(, "tasks": [{"schedule": {"every": "120s"}, "duration": "60s", "publish": false}]})");
    };
    const double one = run(*jobs(1), t0, t0 + sim::kHour)["BZPOPMIN"];
    const double two = run(*jobs(2), t0, t0 + sim::kHour)["BZPOPMIN"];
    // Concurrency 1 waits out each 60 s job without fetching; concurrency 2 keeps a cycle every
    // 5.03 s: about 60 / 5.03 = 11.9 more per job, 30 jobs.
    CHECK(two - one == Approx(30 * 60 / 5.03).epsilon(0.05));
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
