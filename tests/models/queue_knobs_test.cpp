// The job-queue models' knobs (Model::knobs) through `recommend` on the shipped idle scenarios
// (scenarios/queues/<lib>-idle.json): the expected knob is offered, its saving is what re-projecting
// the patched scenario gives (the model's rate really drops), and that saving matches the loop
// arithmetic of docs/models.md, worked by hand below for 30 days (2,592,000 s) on Upstash's rules
// (INFO, PING and QUIT are free; MULTI and EXEC are billed).
#include <catch2/catch.hpp>

#include <string>

#include "core/projection/projection.hpp"
#include "core/recommend/recommend.hpp"

namespace {

constexpr double kMonth = 2'592'000.0;  // seconds in the 30 days the recommender prices

core::Scenario load(const std::string& rel) {
  return core::load_scenario_file(std::string(REDCAST_SOURCE_DIR) + "/scenarios/queues/" + rel);
}

// The recommendation whose patch sets `pointer` (relative to the component) to `value`.
const core::Recommendation* find(const core::Recommendations& r, const std::string& pointer, const core::json& value) {
  for (const auto& x : r.ranked)
    for (const auto& op : x.patch)
      if (op.path == "/components/0" + pointer && op.value == value) return &x;
  return nullptr;
}

double monthly_after(const core::Scenario& s, const std::vector<core::PatchOp>& patch) {
  core::Scenario patched = core::load_scenario_json(core::apply_patch(s.document, patch), "patched");
  return core::project(patched).monthly_billable.mean;
}

// Every candidate the model declares saves something (none is left out), and every recommendation
// re-projects to its "after"; ranked by saving.
void check_projected(const core::Scenario& s, const core::Recommendations& r) {
  CHECK(r.before == Approx(core::project(s).monthly_billable.mean));
  for (const auto& d : r.left_out) {  // left out only for the combination's sake, never for itself
    INFO(d.label << ": " << d.reason);
    CHECK(d.reason != "no saving");
    CHECK(d.reason != "not a valid scenario");
  }
  std::size_t candidates = 0;
  for (const auto& k : core::scenario_knobs(s)) candidates += k.knob.candidates.size();
  CHECK(r.ranked.size() == candidates);
  for (std::size_t i = 0; i < r.ranked.size(); ++i) {
    const auto& x = r.ranked[i];
    INFO(x.label);
    CHECK(x.saving > 0);
    CHECK(monthly_after(s, x.patch) == Approx(x.after));
    if (i > 0) CHECK(r.ranked[i - 1].saving >= x.saving);
  }
}

// The knob of component 0 called `name`.
const core::Knob* knob_named(const std::vector<core::ComponentKnob>& ks, const std::string& name) {
  for (const auto& k : ks)
    if (k.knob.name == name) return &k.knob;
  return nullptr;
}

}  // namespace

TEST_CASE("queue knobs: rq worker_ttl 3600 s", "[recommend][queues]") {
  core::Scenario s = load("rq-idle.json");
  core::Recommendations r = core::recommend(s);
  check_projected(s, r);
  CHECK(r.before == Approx(33621));  // 33,622 commands, the start-up's INFO free
  const auto* x = find(r, "/worker_ttl", "1h");
  REQUIRE(x);
  // BLPOP waits 3585 s: floor(2,591,999 / 3585) = 723 timeouts of 3 (heartbeat + BLPOP); every
  // timeout is past the 600 s maintenance interval (SET NX) and past the 899 s lock (a full clean of
  // 7 with one worker); start-up 25 + its clean 8, INFO free: 2169 + 723 + 5061 + 32 = 7985.
  CHECK(x->after == Approx(7985).epsilon(1e-3));
  CHECK(x->saving == Approx(33621 - 7985).epsilon(1e-3));
  CHECK(find(r, "/worker_ttl", "30m"));
  auto ks = core::scenario_knobs(s);
  const core::Knob* k = knob_named(ks, "worker_ttl");
  REQUIRE(k);
  CHECK(k->metric == &core::metrics::detection_latency);
  CHECK(k->candidates.back().metric_value == Approx(3660));  // the worker's key lives worker_ttl + 60 s
}

TEST_CASE("queue knobs: sidekiq concurrency, poll interval and Sidekiq 7", "[recommend][queues]") {
  core::Scenario s = load("sidekiq-idle.json");
  core::Recommendations r = core::recommend(s);
  check_projected(s, r);
  // concurrency 1: 9 of the 10 BRPOP loops go, each 2,592,000 / 2.021 s a month.
  const auto* c1 = find(r, "/concurrency", 1);
  REQUIRE(c1);
  CHECK(c1->saving == Approx(9 * kMonth / 2.021).epsilon(2e-3));
  const auto* c5 = find(r, "/concurrency", 5);
  REQUIRE(c5);
  CHECK(c5->saving == Approx(5 * kMonth / 2.021).epsilon(2e-3));
  // average_scheduled_poll_interval 30 s: the poller's 5 + 0.2 (a cleanup every 10th) commands per
  // mean wait, every 30 s instead of 5 s.
  const auto* p30 = find(r, "/average_scheduled_poll_interval", "30s");
  REQUIRE(p30);
  CHECK(p30->saving == Approx(5.2 * kMonth / 5 - 5.2 * kMonth / 30).epsilon(5e-3));
  // Sidekiq 7 with concurrency left to its default: 5 threads instead of 10; a beat of 11 (10
  // billable, PING free) every 10.0055 s instead of 18 (17) every 5.0055 s; the poller's 5 per 5 s
  // without the 10th-poll cleanup.
  const auto* v7 = find(r, "/sidekiq_version", "7.x");
  REQUIRE(v7);
  const double v7_saving = 5 * kMonth / 2.021 + (17 * kMonth / 5.0055 - 10 * kMonth / 10.0055) + (5.2 - 5) * kMonth / 5;
  CHECK(v7->saving == Approx(v7_saving).epsilon(3e-3));
  CHECK(v7->cost.find("5 threads per process instead of 10") != std::string::npos);
  CHECK(r.ranked.front().label == v7->label);  // the largest single saving
}

TEST_CASE("queue knobs: django-q guard_cycle", "[recommend][queues]") {
  core::Scenario s = load("django-q-idle.json");
  core::Recommendations r = core::recommend(s);
  check_projected(s, r);
  // The guard's SET every guard_cycle + 4 ms: 0.504 s -> 2.504 s.
  const auto* x = find(r, "/guard_cycle", "2s500ms");
  REQUIRE(x);
  CHECK(x->saving == Approx(kMonth / 0.504 - kMonth / 2.504).epsilon(1e-3));
  CHECK(find(r, "/guard_cycle", "1s"));
  CHECK_FALSE(find(r, "/poll", "5s"));  // poll is not read by the Redis broker: no knob
  auto ks = core::scenario_knobs(s);
  for (const auto& k : ks) CHECK(k.knob.name == "guard_cycle");
}

TEST_CASE("queue knobs: bullmq drain_delay, stalled_interval, skip_stalled_check", "[recommend][queues]") {
  core::Scenario s = load("bullmq-idle.json");
  core::Recommendations r = core::recommend(s);
  check_projected(s, r);
  // The fetch loop's 8 commands every drain_delay + 30 ms.
  const auto* d = find(r, "/drain_delay", "5m");
  REQUIRE(d);
  CHECK(d->saving == Approx(8 * kMonth / 5.03 - 8 * kMonth / 300.03).epsilon(2e-3));
  CHECK(r.ranked.front().label == d->label);
  // No checker: 2 every 30.005 s, and the 5 more of a full run on 14 cycles in 15.
  const auto* skip = find(r, "/skip_stalled_check", true);
  REQUIRE(skip);
  CHECK(skip->saving == Approx(kMonth / 30.005 * (2 + 5.0 * 14 / 15)).epsilon(5e-3));
  const auto* st = find(r, "/stalled_interval", "5m");
  REQUIRE(st);
  CHECK(st->saving == Approx(kMonth / 30.005 * (2 + 5.0 * 14 / 15) - kMonth / 300.005 * (2 + 5.0 * 14 / 15)).epsilon(5e-3));
  auto ks = core::scenario_knobs(s);
  const core::Knob* k = knob_named(ks, "drain_delay");
  REQUIRE(k);
  CHECK(k->metric == &core::metrics::detection_latency);  // not pickup: the marker wakes BZPOPMIN
  CHECK(k->candidates.back().metric_value == Approx(301));  // Worker#waitForJob's guard: timeout + 1 s
  const core::Knob* sk = knob_named(ks, "skip_stalled_check");
  REQUIRE(sk);
  CHECK(sk->metric == nullptr);  // a feature lost: stalled jobs are never recovered
}

TEST_CASE("queue knobs: bull guard_interval, drain_delay, stalled_interval", "[recommend][queues]") {
  core::Scenario s = load("bull-idle.json");
  core::Recommendations r = core::recommend(s);
  check_projected(s, r);
  // The delay-set guard: 3 commands every guard_interval + 4 ms.
  const auto* g = find(r, "/guard_interval", "1m");
  REQUIRE(g);
  CHECK(g->saving == Approx(3 * kMonth / 5.004 - 3 * kMonth / 60.004).epsilon(2e-3));
  CHECK(r.ranked.front().label == g->label);
  // BRPOPLPUSH every drain_delay + 35 ms.
  const auto* d = find(r, "/drain_delay", "5m");
  REQUIRE(d);
  CHECK(d->saving == Approx(kMonth / 5.035 - kMonth / 300.035).epsilon(2e-3));
  // stalled_interval 0: 2 every 30.003 s and 3 more on 6 cycles in 7, and the start-up's first check.
  const auto* off = find(r, "/stalled_interval", 0);
  REQUIRE(off);
  CHECK(off->saving == Approx(kMonth / 30.003 * (2 + 3.0 * 6 / 7) + 5).epsilon(5e-3));
}

TEST_CASE("queue knobs: an idle default Bee-Queue worker has nothing to turn", "[recommend][queues]") {
  core::Scenario s = load("bee-queue-idle.json");
  core::Recommendations r = core::recommend(s);
  CHECK(r.before == Approx(16));  // its start-up: 19, the 3 INFO free
  CHECK(r.ranked.empty());
  CHECK(core::scenario_knobs(s).empty());
  // With checkStalledJobs(5000): a check every 5.01 s, each in full (EVALSHA, SET, SMEMBERS, LRANGE:
  // the 5 s block key has always expired), 2.07M a month; every 5 min instead saves almost all of it.
  core::json doc = s.document;
  doc["components"][0]["check_stalled_interval"] = "5s";
  core::Scenario c = core::load_scenario_json(doc, "checked");
  core::Recommendations rc = core::recommend(c);
  check_projected(c, rc);
  const auto* x = find(rc, "/check_stalled_interval", "5m");
  REQUIRE(x);
  CHECK(x->saving == Approx(4 * kMonth / 5.01 - 4 * kMonth / 300.01).epsilon(3e-3));
}
