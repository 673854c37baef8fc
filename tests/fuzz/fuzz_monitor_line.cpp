// libFuzzer: one MONITOR line through parse_line, every argument through ArgCursor and unescape
// (its decoded size must agree with unescaped_size).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/replay/monitor_line.hpp"

using namespace core::replay;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  for (bool truncated : {false, true}) {
    MonitorLine ml;
    LineError err;
    if (parse_line(line, ml, err, truncated) != LineKind::Command) continue;
    ArgCursor cur(ml.args, truncated);
    std::string_view arg;
    while (cur.next(arg)) {
      std::string out = unescape(arg);
      if (out.size() != unescaped_size(arg)) std::abort();
    }
  }
  return 0;
}
