// The knob API (core/engine/knob.hpp): each model declares its knobs from its parsed parameters,
// with one default (the parser's); candidates become patches against the component's document; the
// metrics are named and typed; and the recommender's per-group re-projection gives exactly what
// re-projecting the whole document gives.
#include <catch2/catch.hpp>

#include <string>

#include "core/recommend/recommend.hpp"

namespace {

core::Scenario scenario(const core::json& components, const std::string& start = "2026-03-01", const std::string& extra = "") {
  core::json doc = core::json::parse(R"({"name": "t", "period": {"start": ")" + start +
                                     R"(", "days": 30}, "plan": "upstash-free")" + extra + "}");
  doc["components"] = components;
  return core::load_scenario_json(doc, "test.json");
}

const core::Knob* knob_named(const std::vector<core::Knob>& ks, const std::string& name) {
  for (const auto& k : ks)
    if (k.name == name) return &k;
  return nullptr;
}

std::string component_json(const core::Recommendations& r) { return core::recommendation_to_json(r).dump(); }

}  // namespace

TEST_CASE("knobs: metrics are named and typed", "[knob]") {
  const core::Metric* s = core::find_metric("staleness");
  REQUIRE(s == &core::metrics::staleness);
  CHECK(s->kind == core::Metric::Kind::Duration);
  CHECK(std::string(s->unit) == "s");
  REQUIRE(core::find_metric("retention"));
  CHECK(core::find_metric("retention")->kind == core::Metric::Kind::Count);
  CHECK(std::string(core::find_metric("retention")->unit) == "days");
  CHECK(core::find_metric("pickup_latency"));
  CHECK(core::find_metric("detection_latency"));
  CHECK(core::find_metric("latency") == nullptr);
  for (const core::Metric* m : core::all_metrics()) CHECK(core::find_metric(m->name) == m);
}

TEST_CASE("knobs: a celery worker's defaults come from its parser", "[knob]") {
  core::Scenario s = scenario(core::json::parse(R"([{"name": "w", "type": "celery_worker"}])"));
  auto ks = s.components[0].model->knobs();
  // The parser's defaults: kombu 5.2.4 (polling_interval has no effect, so the knob upgrades), a 25 s
  // health check, heartbeat, gossip, mingle and remote control on.
  const core::Knob* pi = knob_named(ks, "polling_interval");
  REQUIRE(pi);
  CHECK(pi->current.is_null());
  CHECK(pi->metric == &core::metrics::shutdown_wait);
  REQUIRE(pi->candidates.size() == 2);
  CHECK(pi->candidates[0].label == "kombu 5.6 with broker_transport_options polling_interval 10 s (BRPOP waits 10 s instead of 1 s)");
  CHECK(pi->metric_after(pi->candidates[1]) == 30);
  REQUIRE(pi->candidates[0].sets.size() == 2);
  CHECK(pi->candidates[0].sets[0].pointer == "/kombu_version");
  const core::Knob* hc = knob_named(ks, "health_check_interval");
  REQUIRE(hc);
  CHECK(hc->current == "25s");
  CHECK(hc->metric == &core::metrics::detection_latency);
  CHECK(hc->candidates.at(0).label == "broker health_check_interval 120 s instead of 25 s");
  for (const char* f : {"heartbeat", "gossip", "mingle", "remote_control"}) {
    const core::Knob* k = knob_named(ks, f);
    REQUIRE(k);
    CHECK(k->current == true);
    CHECK(k->candidates.at(0).sets.at(0).value == false);
  }

  // Settings already turned: no knob left for them; kombu 5.6 with 10 s offers only 30 s.
  core::Scenario t = scenario(core::json::parse(
      R"([{"name": "w", "type": "celery_worker", "kombu_version": "5.6", "polling_interval": "10s", "heartbeat": false,
           "health_check_interval": "2m"}])"));
  auto kt = t.components[0].model->knobs();
  CHECK(knob_named(kt, "heartbeat") == nullptr);
  CHECK(knob_named(kt, "health_check_interval") == nullptr);
  REQUIRE(knob_named(kt, "polling_interval"));
  REQUIRE(knob_named(kt, "polling_interval")->candidates.size() == 1);
  CHECK(knob_named(kt, "polling_interval")->candidates[0].label ==
        "broker_transport_options polling_interval 30 s (BRPOP waits 30 s instead of 10 s)");
}

TEST_CASE("knobs: schedules slow down on their own grid", "[knob]") {
  core::Scenario s = scenario(core::json::parse(R"([
      {"name": "a", "type": "periodic", "schedule": {"every": "6s"}, "commands": {"GET": 1}},
      {"name": "b", "type": "periodic", "schedule": {"cron": "*/10 * * * *"}, "commands": {"GET": 1}},
      {"name": "c", "type": "periodic", "schedule": {"cron": "0 * * * *"}, "commands": {"GET": 1}},
      {"name": "d", "type": "periodic", "schedule": {"cron": "5 3 * * *"}, "commands": {"GET": 1}}])"));
  auto a = s.components[0].model->knobs();
  REQUIRE(a.size() == 1);
  CHECK(a[0].pointer == "/schedule/every");
  CHECK(a[0].current == "6s");
  REQUIRE(a[0].candidates.size() == 3);
  CHECK(a[0].candidates[2].label == "every minute instead of every 6 s");
  CHECK(a[0].metric_after(a[0].candidates[2]) == 60);
  auto b = s.components[1].model->knobs();
  REQUIRE(b.size() == 1);
  REQUIRE(b[0].candidates.size() == 2);  // */15 and */30
  CHECK(b[0].candidates[0].sets[0].value == "*/15 * * * *");
  CHECK(b[0].metric_after(b[0].candidates[1]) == 1800);
  CHECK(s.components[2].model->knobs().empty());  // hourly: nothing slower on the minute grid
  CHECK(s.components[3].model->knobs().empty());  // a daily time: not a grid
}

TEST_CASE("knobs: candidates become patches against the component's document", "[knob]") {
  core::json comp = core::json::parse(R"({"name": "p", "type": "poller_pages", "poll_every": "6s", "pages": []})");
  auto ops = core::set_ops(comp, {{"/poll_every", "12s"}, {"/sync/debug", false}, {"/lock_ttl", "60s"}});
  REQUIRE(ops.size() == 3);
  CHECK(ops[0].op == "replace");
  CHECK(ops[1].op == "add");
  CHECK(ops[1].path == "/sync");  // the missing parent is added with the field inside
  CHECK(ops[1].value == core::json{{"debug", false}});
  CHECK(ops[2].op == "add");
  CHECK(ops[2].path == "/lock_ttl");
  core::json patched = core::apply_patch(comp, ops);
  CHECK(patched["sync"]["debug"] == false);
  CHECK(patched["poll_every"] == "12s");
}

TEST_CASE("recommend: the per-group search gives exactly the whole-document search", "[recommend][knob]") {
  // Independent periodic components, a keyed state, and a cron poller with pages that share the poll
  // system (one group): the incremental search must take the same steps with the same numbers.
  core::json comps = core::json::parse(R"([
      {"name": "tick", "type": "periodic", "schedule": {"every": "10s"}, "commands": {"GET": 2, "SET": 1}},
      {"name": "cron", "type": "periodic", "schedule": {"cron": "* * * * *"}, "commands": {"HGETALL": 1}},
      {"name": "poller", "type": "cron_poller", "schedule": {"cron": "* * * * *"},
       "state": {"layout": "per_key"}},
      {"name": "pages", "type": "poller_pages", "pages": [{"name": "till", "restaurant": "indies",
       "active": [{"days": "mon-fri", "hours": "10:00-18:00"}]}]},
      {"name": "off", "type": "periodic", "enabled": false, "schedule": {"every": "1s"}, "commands": {"GET": 1}}])");
  core::Scenario s = scenario(comps);
  for (int mode = 0; mode < 4; ++mode) {
    core::RecommendOptions fast, naive;
    if (mode == 1) fast.budget = naive.budget = 200000;
    if (mode == 2) fast.max_staleness_s = naive.max_staleness_s = 300;
    if (mode == 3) fast.plan = naive.plan = "upstash-payg";
    naive.incremental = false;
    INFO("mode " << mode);
    core::Recommendations a = core::recommend(s, fast), b = core::recommend(s, naive);
    CHECK(a.ranked.size() > 4);
    CHECK(a.best.labels.size() >= 2);
    CHECK(component_json(a) == component_json(b));
  }
}

TEST_CASE("recommend: the per-group search falls back exactly: daily quota, replications", "[recommend][knob]") {
  core::json comps = core::json::parse(R"([
      {"name": "tick", "type": "periodic", "schedule": {"every": "30s"}, "commands": {"GET": 1}},
      {"name": "rand", "type": "periodic", "schedule": {"cron": "* * * * *"}, "commands": {"GET": {"min": 1, "max": 3}}},
      {"name": "slow", "type": "periodic", "schedule": {"every": "2m"}, "commands": {"SET": 2}}])");
  // 2024: the free plan's quota is 10K a day (the fit needs the days' bins); then 3 replications of
  // a scenario with random counts (a mean of totals is no sum of groups).
  for (auto [start, extra] : {std::pair<std::string, std::string>{"2024-06-01", ""}, {"2026-03-01", R"(, "replications": 3)"}}) {
    core::Scenario s = scenario(comps, start, extra);
    core::RecommendOptions naive;
    naive.incremental = false;
    INFO(start << extra);
    core::Recommendations a = core::recommend(s), b = core::recommend(s, naive);
    CHECK(a.ranked.size() >= 3);
    CHECK(component_json(a) == component_json(b));
  }
}
