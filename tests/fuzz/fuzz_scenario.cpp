// libFuzzer: scenario text through the loader, then a short projection (fuzz_options.hpp: at most
// 2 days, one replication, bounded work, so no input runs long) and its four formatters, so model
// code runs on odd but valid scenarios. Bad input may throw InputError; nothing else may.
#include <cstdint>
#include <string>

#include "core/input/errors.hpp"
#include "core/projection/projection.hpp"
#include "core/scenario/scenario.hpp"
#include "fuzz_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    core::Scenario s = core::load_scenario_text(text, "fuzz.json");
    if (s.components.size() > 20) return 0;
    core::Projection p = core::project(s, fuzz::projection_options(s));
    (void)core::projection_to_json(p).dump();
    (void)core::projection_to_table(p, false);
    (void)core::projection_to_csv(p);
    (void)core::projection_to_markdown(p);
  } catch (const core::InputError&) {
  }
  return 0;
}
