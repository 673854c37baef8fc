// libFuzzer: INFO commandstats text through the reader and the rates report.
#include <cstdint>
#include <string>

#include "core/input/errors.hpp"
#include "core/replay/commandstats.hpp"
#include "core/replay/format.hpp"

using namespace core::replay;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    CommandStatsSnapshot after = parse_commandstats(text, "fuzz.txt");
    RatesReport r = commandstats_rates(nullptr, after, 3600.0, "upstash-payg", sim::CivilDate{2026, 1, 1});
    (void)rates_text(r, TextStyle{});
    (void)dump_json(rates_json(r));
  } catch (const core::InputError&) {
  }
  return 0;
}
