// Memory of models whose ticks draw their counts (issue 13): freeform-all-fields.json with random
// script_commands made a Recorder bundle (a row of 15-minute bins) at every tick, so memory grew with
// the square of the period (611 MiB at 30 days). Bundles are now made once per command.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "core/projection/projection.hpp"

namespace {

core::Scenario schema_scenario(const std::string& name, int days) {
  std::ifstream in(std::string(REDCAST_SOURCE_DIR) + "/tests/schema/valid/" + name);
  std::stringstream text;
  text << in.rdbuf();
  core::json doc = core::json::parse(text.str());
  doc["period"]["days"] = days;
  return core::load_scenario_json(doc, name);
}

// Runs the scenario's components into one recorder and returns how many bundles they made.
std::size_t bundles_of_run(const core::Scenario& s) {
  sim::Time start = s.zone.to_utc(sim::CivilTime{s.start, 0, 0, 0});
  sim::Time end = start + s.days * sim::kDay;
  sim::Simulator simulator(start);
  core::Recorder rec(start, end, static_cast<int>(s.components.size()));
  core::SharedState shared;
  std::vector<core::ModelContext> ctx;
  for (std::size_t i = 0; i < s.components.size(); ++i)
    ctx.push_back(core::ModelContext{simulator, rec, shared, sim::Rng::stream(s.seed, s.components[i].name), start, end,
                                     s.zone, static_cast<int>(i), s.components[i].name});
  for (std::size_t i = 0; i < s.components.size(); ++i) s.components[i].model->start(ctx[i]);
  simulator.run_until(end);
  return rec.bundles().size();
}

}  // namespace

TEST_CASE("tick commands: bundles do not grow with the period", "[freeform][memory]") {
  for (const char* name : {"freeform-all-fields.json", "periodic-all-fields.json", "poller_pages-all-fields.json"}) {
    INFO(name);
    std::size_t two = bundles_of_run(schema_scenario(name, 2)), thirty = bundles_of_run(schema_scenario(name, 30));
    CHECK(two == thirty);
    CHECK(thirty < 40);
  }
  // And the 30-day projection still counts every tick's script commands.
  core::Projection p = core::project(schema_scenario("freeform-all-fields.json", 30));
  CHECK(p.by_command.at("HSET") > 10000);
}
