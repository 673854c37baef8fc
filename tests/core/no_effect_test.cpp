// Settings accepted with no effect on Redis traffic (Model::no_effect) reach `project`'s output for
// every model that has them: JSON components[].no_effect (only where the document gives one), the
// table's and the markdown's "settings ... with no effect" lines. And they really change nothing:
// the same scenario without them projects the same totals.
#include <catch2/catch.hpp>

#include <string>

#include "core/projection/projection.hpp"

namespace {

core::Scenario scenario(const std::string& components) {
  return core::load_scenario_json(core::json::parse(R"({"name": "inert", "period": {"start": "2026-01-01", "days": 2},
                                                       "components": )" + components + "}"),
                                  "inert.json");
}

core::json no_effect_of(const core::Projection& p, std::size_t i) {
  const core::json j = core::projection_to_json(p);
  const auto& c = j.at("components").at(i);
  return c.contains("no_effect") ? c.at("no_effect") : core::json(nullptr);
}

}  // namespace

TEST_CASE("no_effect: every model's inert settings are listed with their component", "[projection][no_effect]") {
  struct Case {
    const char* type;
    const char* inert;     // fields with no effect
    core::json expected;   // what the projection lists
  };
  const Case cases[] = {
      {"rq_worker", R"("result_ttl": "1h", "job_timeout": "3m", "logging_level": "INFO", "serializer": "json")",
       {"result_ttl", "job_timeout", "logging_level", "serializer"}},
      {"sidekiq", R"("timeout": "25s", "strict": true, "queues": 2)",
       {"timeout", "strict", "queues (keys in the same BRPOP)"}},
      {"django_q_cluster", R"("workers": 4, "poll": "5s", "bulk": 3)", {"workers", "poll", "bulk"}},
      {"bullmq_worker", R"("max_stalled_count": 3, "concurrency": 10)", {"max_stalled_count", "concurrency (idle)"}},
      {"bull_worker", R"("retry_process_delay": "10s")", {"retry_process_delay"}},
      {"bee_queue_worker", R"("delayed_debounce": "2s", "stall_interval": "10s")",
       {"delayed_debounce", "stall_interval (idle)"}},
      {"celery_worker", R"("broker_pool_limit": 20)", {"broker_pool_limit"}},
  };
  for (const Case& c : cases) {
    INFO(c.type);
    const std::string with = std::string(R"([{"name": "w", "type": ")") + c.type + R"(", )" + c.inert + "}]";
    const std::string without = std::string(R"([{"name": "w", "type": ")") + c.type + R"("}])";
    core::Projection p = core::project(scenario(with));
    CHECK(no_effect_of(p, 0) == c.expected);
    // Inert: the projection is the same without them.
    core::Projection q = core::project(scenario(without));
    CHECK(p.commands == q.commands);
    CHECK(p.billable == q.billable);
    CHECK(no_effect_of(q, 0).is_null());  // the key only where the document gives such a setting
    const std::string table = core::projection_to_table(p, false);
    CHECK(table.find("settings accepted with no effect on Redis traffic") != std::string::npos);
    CHECK(table.find("  w: " + c.expected[0].get<std::string>()) != std::string::npos);
    CHECK(core::projection_to_table(q, false).find("with no effect") == std::string::npos);
    CHECK(core::projection_to_markdown(p).find("- w: " + c.expected[0].get<std::string>()) != std::string::npos);
  }
}

TEST_CASE("no_effect: a model without inert settings lists none", "[projection][no_effect]") {
  core::Projection p = core::project(scenario(R"([{"name": "job", "type": "periodic", "schedule": {"every": "1h"},
                                                   "commands": {"GET": 1}}])"));
  CHECK(no_effect_of(p, 0).is_null());
}
