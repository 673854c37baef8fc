// The django_q_cluster model against the django-q 1.3.9 recordings in tests/traces/: the default
// idle (12 min), and, predicted from it, workers 4 idle and guard_cycle 2 s + poll 5 s idle; the busy
// capture (60 jobs, one every 2 s) with its per-job cost; the producer-only capture.
#include <catch2/catch.hpp>

#include "core/models/django_q_cluster.hpp"
#include "tests/models/queue_trace.hpp"

using namespace queue_trace;

namespace {

std::unique_ptr<core::DjangoQClusterModel> dq(const std::string& text) {
  return model_run::parse_model<core::DjangoQClusterModel>(&core::parse_django_q_cluster, text);
}

// Steady state: 5 s after the cluster's PING to 5 s before the shut-down's burst of status saves
// (the recording's stop signal comes `duration_s` after start).
void check_idle(const std::string& file, double duration_s, const std::string& model_json, const std::string& title) {
  auto lines = read_monitor(own_trace(file));
  const sim::Time open = lines.front().t;
  const sim::Time w0 = open + 5 * sim::kSecond, w1 = open + static_cast<sim::Time>((duration_s - 5) * 1e6);
  auto m = dq(model_json);
  Counts tc = count(lines, w0, w1), mc = run_window(*m, open, w0, w1);
  print_table(title + " (steady window)", mc, tc);
  check_families(mc, tc, 3.0);
  CHECK(std::fabs(pct(total(mc), total(tc))) < 3.0);
}

}  // namespace

TEST_CASE("django-q: the default idle cluster: guard SET every 0.504 s, pusher BLPOP every 1.01 s", "[django_q]") {
  check_idle("django-q-1.3.9-idle-12min.monitor.gz", 720, "{}", "django-q default idle");
  auto lines = read_monitor(own_trace("django-q-1.3.9-idle-12min.monitor.gz"));
  // Start-up: PING and two status saves before the guard loop's first.
  const sim::Time open = lines.front().t;
  Counts first = count(lines, open, open + 80 * sim::kMillisecond);
  Counts su;
  add(su, core::django_q_cluster_startup(core::DjangoQClusterParams{}));
  CHECK(first["PING"] == su["PING"]);
  CHECK(first["SET"] == su["SET"] + 1);  // + the guard loop's first save (at 78 ms)
  // 60 / 0.504 + 60 / 1.01 = 178.5 a minute.
  Counts day = per_minute(run(*dq(R"({"count_startup": false})"), 1'767'225'600LL * sim::kSecond,
                              1'767'225'600LL * sim::kSecond + sim::kDay),
                          sim::kDay);
  CHECK(total(day) == Approx(60 / 0.504 + 60 / 1.01).epsilon(1e-4));
}

TEST_CASE("django-q: workers 4 idle is predicted: workers send nothing to Redis", "[django_q]") {
  check_idle("django-q-1.3.9-workers4-idle-10min.monitor.gz", 600, R"({"workers": 4})", "django-q workers 4 idle");
  CHECK(dq(R"({"workers": 4})")->params().no_effect.size() == 1);
}

TEST_CASE("django-q: guard_cycle 2 s and poll 5 s idle is predicted: a quarter of the SETs, poll inert", "[django_q]") {
  check_idle("django-q-1.3.9-guard2s-poll5-idle-10min.monitor", 600, R"({"guard_cycle": "2s", "poll": "5s"})",
             "django-q guard_cycle 2 s, poll 5 s idle");
}

TEST_CASE("django-q: the busy capture (60 jobs, one every 2 s) costs one RPUSH per job", "[django_q]") {
  auto lines = read_monitor(own_trace("django-q-1.3.9-busy-60jobs-2s.monitor"));
  const sim::Time open = lines.front().t;
  const sim::Time first_job = first_with(lines, "\"RPUSH\"");
  const sim::Time last_job = last_with(lines, "\"RPUSH\"");
  const double phase = static_cast<double>(first_job - open) / 1e6;
  auto m = dq(R"({"tasks": [{"schedule": {"every": "2s", "phase": )" + std::to_string(phase) + R"(}, "start_after": )" +
              std::to_string(phase - 0.001) + R"(, "limit": 60}]})");
  // The jobs' window, against the same window of the idle model: the difference per job.
  const sim::Time w0 = first_job - sim::kSecond, w1 = last_job + sim::kSecond;
  Counts tc = count(lines, w0, w1), mc = run_window(*m, open, w0, w1);
  print_table("django-q busy, the jobs' window", mc, tc);
  check_families(mc, tc, 3.0);
  Counts idle = run_window(*dq("{}"), open, w0, w1);
  Counts per_job_model, per_job_trace;
  for (const char* c : {"RPUSH", "BLPOP", "SET"}) {
    per_job_model[c] = (mc[c] - idle[c]) / 60;
    per_job_trace[c] = (tc[c] - idle[c]) / 60;
  }
  print_table("django-q per job (window minus the idle model)", per_job_model, per_job_trace);
  CHECK(per_job_model["RPUSH"] == 1);
  CHECK(std::fabs(pct(per_job_model["RPUSH"], per_job_trace["RPUSH"])) < 3.0);
  CHECK(std::fabs(per_job_trace["BLPOP"]) < 0.1);  // a job every 2 s ends a wait that would have ended anyway
  CHECK(std::fabs(per_job_model["BLPOP"]) < 0.1);
}

TEST_CASE("django-q: the producer-only capture is one RPUSH per job", "[django_q]") {
  check_producer_only("django-q-1.3.9-producer-60jobs.monitor",
                      core::django_q_cluster_job_producer(core::DjangoQClusterParams{}), 60);
}

TEST_CASE("django-q: clusters multiply the loops; settings with no effect; versions", "[django_q]") {
  const sim::Time t0 = 1'767'225'600LL * sim::kSecond;
  const double one = total(run(*dq(R"({"count_startup": false})"), t0, t0 + sim::kDay));
  CHECK(total(run(*dq(R"({"count_startup": false, "clusters": 3})"), t0, t0 + sim::kDay)) == Approx(3 * one));
  auto n = dq(R"({"workers": 8, "poll": "1s", "scheduler": false, "save_limit": 0, "sync": false, "timeout": "60s",
                 "retry": "90s", "queue_limit": 50, "bulk": 10})");
  CHECK(n->params().no_effect.size() == 9);
  CHECK(total(run(*n, t0, t0 + sim::kDay)) == Approx(total(run(*dq("{}"), t0, t0 + sim::kDay))));
  core::json j = core::json::parse(R"({"django_q_version": "2.0"})");
  core::Reader r(j, "/components/0");
  CHECK_THROWS_AS(core::parse_django_q_cluster(r), core::FieldError);
}
