// libFuzzer: a whole capture through replay and audit (the analyzer, tables, loops, extrapolation,
// the audit's detectors and both formatters). Bad input may throw InputError; nothing else may.
#include <cstdint>
#include <string>

#include "core/input/errors.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/format.hpp"
#include "core/replay/input.hpp"
#include "tests/fuzz/fuzz_options.hpp"

using namespace core::replay;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string capture(reinterpret_cast<const char*>(data), size);
  const ReplayOptions opt = fuzz::capture_options();
  try {
    auto src = ByteSource::from_string(capture);
    ReplayReport r = replay_source(*src, opt);
    (void)replay_text(r, TextStyle{});
    (void)dump_json(replay_json(r));
  } catch (const core::InputError&) {
  }
  try {
    auto src = ByteSource::from_string(capture);
    AuditReport a = audit_source(*src, opt);
    (void)audit_text(a, TextStyle{});
    (void)dump_json(audit_json(a));
  } catch (const core::InputError&) {
  }
  return 0;
}
