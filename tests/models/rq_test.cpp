// The rq_worker model against the RQ 1.13 recordings in tests/traces/ (see its README): the busy
// capture (60 jobs, one every 2 s, default worker) command by command, the per-job cost split into
// producer and worker sides, the producer-only capture, and the idle loops read from source.
#include <catch2/catch.hpp>

#include "core/models/rq_worker.hpp"
#include "tests/models/queue_trace.hpp"

using namespace queue_trace;

namespace {

std::unique_ptr<core::RqWorkerModel> rq(const std::string& text) {
  return model_run::parse_model<core::RqWorkerModel>(&core::parse_rq_worker, text);
}

// A model of the recording's 60 jobs: the first enqueued `phase` after the worker started, then
// one every 2 s.
std::string busy_json(double phase_s, const std::string& extra = "") {
  return R"({"tasks": [{"schedule": {"every": "2s", "phase": )" + std::to_string(phase_s) +
         R"(}, "start_after": )" + std::to_string(phase_s - 0.001) + R"(, "limit": 60, "duration": "60ms"}])" + extra + "}";
}

const sim::Time kDay0 = 1'767'225'600LL * sim::kSecond;  // 2026-01-01

}  // namespace

TEST_CASE("rq: the busy capture (60 jobs) is reproduced command by command", "[rq]") {
  auto lines = read_monitor(own_trace("rq-1.13-busy-60jobs-2s.monitor.gz"));
  const sim::Time open = lines.front().t;
  const sim::Time close = first_with(lines, "\"SREM\" \"rq:workers\"") - 1000;  // register_death's MULTI
  const sim::Time first_job = first_with(lines, "\"RPUSH\" \"rq:queue:default\"");
  Counts trace = count(lines, open, close + 10 * sim::kSecond);
  auto m = rq(busy_json(static_cast<double>(first_job - open) / 1e6));
  Counts model = run(*m, open, close);
  add(model, core::rq_worker_shutdown(m->params()));
  print_table("rq busy capture, whole run", model, trace);
  check_exact(model, trace);
  // 25 start-up + 8 first maintenance (SET won, 7 cleaning commands), 49 per job, 7 at shut-down,
  // and the producer's INFO server: 33 + 2940 + 7 + 1.
  Counts su;
  add(su, core::rq_worker_startup(m->params()));
  CHECK(total(su) == 25);
  CHECK(total(trace) == 2981);
}

TEST_CASE("rq: per-job cost, producer and worker sides, within 3 % of the busy capture", "[rq]") {
  auto lines = read_monitor(own_trace("rq-1.13-busy-60jobs-2s.monitor.gz"));
  const sim::Time open = lines.front().t;
  const sim::Time first_job = first_with(lines, "\"RPUSH\" \"rq:queue:default\"");
  const sim::Time last_job = last_with(lines, "\"RPUSH\" \"rq:queue:default\"");
  const std::string producer = [&] {
    for (const auto& l : lines)
      if (l.cmd == "RPUSH") return l.peer;
    return std::string();
  }();
  // The 60 jobs' window: from just before the first enqueue to 1.5 s after the last (its BLPOP
  // is sent ~40 ms after it). No BLPOP timeout falls in it (405 s), so the idle rate is nil.
  const sim::Time w0 = first_job - sim::kSecond / 2, w1 = last_job + 1500 * sim::kMillisecond;
  Counts prod_trace, work_trace;
  for (const auto& l : lines) {
    if (l.t < w0 || l.t >= w1) continue;
    (l.peer == producer ? prod_trace : work_trace)[l.cmd] += 1.0 / 60;
  }
  auto m = rq(busy_json(static_cast<double>(first_job - open) / 1e6));
  Counts prod_model, work_model;
  add(prod_model, core::rq_worker_job_producer(m->params()));
  add(work_model, core::rq_worker_job_worker(m->params(), 60 * sim::kMillisecond));
  prod_model["INFO"] += 1.0 / 60;  // the producer connection's version check, once
  print_table("rq per job, producer", prod_model, prod_trace);
  print_table("rq per job, worker", work_model, work_trace);
  check_families(prod_model, prod_trace, 3.0);
  check_families(work_model, work_trace, 3.0);
  CHECK(total(work_model) == 43);
  CHECK(total(prod_model) == Approx(6 + 1.0 / 60));
  // And the model's own window agrees with the per-job lists.
  Counts mw = run_window(*m, open, w0, w1);
  CHECK(total(mw) == Approx(60 * 49 + 1));
}

TEST_CASE("rq: the producer-only capture is 6 commands per job and one INFO", "[rq]") {
  check_producer_only("rq-1.13-producer-60jobs.monitor", core::rq_worker_job_producer(core::RqWorkerParams{}), 60,
                      {{"INFO", 1}});
}

TEST_CASE("rq: idle loops from source: BLPOP every worker_ttl - 15 s, maintenance every 10 min rounded up", "[rq]") {
  // A day without start-up: timeouts at k * 405 s (213 of them before 86400 s), each EXPIRE +
  // HSET + BLPOP; maintenance at the first timeout more than 600 s after the last one (every
  // 2nd: 106 runs, SET each), cleaning when the 899 s lock is free (every 2nd run after the
  // start-up's: 53): 5 + SMEMBERS... = 7 commands.
  auto m = rq(R"({"count_startup": false})");
  Counts day = run(*m, kDay0, kDay0 + sim::kDay);
  CHECK(day["BLPOP"] == 213);
  CHECK(day["EXPIRE"] == 213);
  CHECK(day["SET"] == 106);
  CHECK(day["ZRANGEBYSCORE"] == 53);
  CHECK(day["ZREMRANGEBYSCORE"] == 106);
  CHECK(total(day) == 3 * 213 + 106 + 7 * 53);
  SECTION("worker_ttl 30s: BLPOP 15 s, maintenance every 41st timeout (615 s)") {
    Counts d = run(*rq(R"({"count_startup": false, "worker_ttl": "30s"})"), kDay0, kDay0 + sim::kDay);
    CHECK(d["BLPOP"] == 86400 / 15 - 1);
    CHECK(d["SET"] == (86400 / 15 - 1) / 41);
  }
  SECTION("workers multiply the loops; one of them wins each cleaning lock") {
    Counts d = run(*rq(R"({"count_startup": false, "workers": 3})"), kDay0, kDay0 + sim::kDay);
    CHECK(d["BLPOP"] == 3 * 213);
    CHECK(d["SET"] == 3 * 106);
    CHECK(d["ZRANGEBYSCORE"] == 53);
    CHECK(d["EXISTS"] == 53 * 3);  // the cleaner checks every registered worker
  }
  SECTION("a long job sends the monitoring heartbeat every 30 s") {
    auto one = rq(R"({"count_startup": false, "tasks": [{"schedule": {"every": "1h"}, "limit": 1, "duration": "95s"}]})");
    auto none = rq(R"({"count_startup": false})");
    const double d = total(run(*one, kDay0, kDay0 + sim::kHour)) - total(run(*none, kDay0, kDay0 + sim::kHour));
    CHECK(d == 6 + 1 + 43 + 3 * 7);  // producer + INFO + worker + 3 monitoring rounds
  }
  SECTION("settings with no effect are listed") {
    auto n = rq(R"({"result_ttl": "1h", "job_timeout": "10m", "logging_level": "DEBUG"})");
    CHECK(n->params().no_effect.size() == 3);
  }
  SECTION("bad settings are rejected") {
    core::json j = core::json::parse(R"({"rq_version": "2.0"})");
    core::Reader r(j, "/components/0");
    CHECK_THROWS_AS(core::parse_rq_worker(r), core::FieldError);
    core::json k = core::json::parse(R"({"worker_ttl": "1500ms"})");
    core::Reader r2(k, "");
    CHECK_THROWS_AS(core::parse_rq_worker(r2), core::FieldError);
  }
}

// A setting the busy recording does not have, predicted from source: --worker-ttl 60 (dequeue
// timeout 45 s), 23 minutes idle. Maintenance at the 14th timeout (630 s: the first loop point more
// than 600 s after start-up) sends only SET (the start-up's 899 s lock still holds), the 28th
// (1261 s) wins the lock and cleans.
TEST_CASE("rq: the worker_ttl 60 idle capture is predicted command by command", "[rq]") {
  auto lines = read_monitor(own_trace("rq-1.13-ttl60-idle-23min.monitor"));
  const sim::Time open = lines.front().t;
  const sim::Time close = first_with(lines, "\"SREM\" \"rq:workers\"") - 1000;
  Counts trace = count(lines, open, close + 10 * sim::kSecond);
  auto m = rq(R"({"worker_ttl": "60s"})");
  Counts model = run(*m, open, close);
  add(model, core::rq_worker_shutdown(m->params()));
  print_table("rq worker_ttl 60, idle capture, whole run", model, trace);
  check_exact(model, trace);
  CHECK(trace["SET"] == 3);
  CHECK(trace["ZRANGEBYSCORE"] == 2);
  // Steady state, between start-up and shut-down: 3 commands per 45 s timeout, within 3 %.
  const sim::Time w0 = open + 60 * sim::kSecond, w1 = close - 60 * sim::kSecond;
  Counts tw = count(lines, w0, w1), mw = run_window(*m, open, w0, w1);
  print_table("rq worker_ttl 60, steady window", mw, tw);
  for (const char* c : {"BLPOP", "EXPIRE", "HSET"}) {
    INFO(c);
    CHECK(std::fabs(pct(mw[c], tw[c])) < 3.0);
  }
}

// The default idle worker over 35 minutes (its slowest loop, the cleaning every 1620 s, seen once
// after start-up): 5 BLPOP timeouts (405 s), maintenance at the 2nd (810 s: SET only, the start-up
// lock holds) and the 4th (1620 s: lock won, cleaned), command by command.
TEST_CASE("rq: the default 35-minute idle capture is reproduced command by command", "[rq]") {
  auto lines = read_monitor(own_trace("rq-1.13-idle-35min.monitor"));
  const sim::Time open = lines.front().t;
  const sim::Time close = first_with(lines, "\"SREM\" \"rq:workers\"") - 1000;
  Counts trace = count(lines, open, close + 10 * sim::kSecond);
  auto m = rq("{}");
  Counts model = run(*m, open, close);
  add(model, core::rq_worker_shutdown(m->params()));
  print_table("rq default idle 35 min, whole run", model, trace);
  check_exact(model, trace);
  CHECK(trace["BLPOP"] == 6);
  CHECK(trace["SET"] == 3);
  CHECK(trace["ZRANGEBYSCORE"] == 2);
  // The steady rate between start-up and shut-down: 3 per 405 s + 1 per 810 s + 7 per 1620 s.
  const sim::Time w0 = open + 60 * sim::kSecond, w1 = w0 + 1620 * sim::kSecond;
  REQUIRE(w1 < close);
  Counts tw = count(lines, w0, w1), mw = run_window(*m, open, w0, w1);
  print_table("rq default idle, one 1620 s cleaning cycle", mw, tw);
  check_families(mw, tw, 3.0);
  CHECK(total(tw) == 4 * 3 + 2 + 7);
}
