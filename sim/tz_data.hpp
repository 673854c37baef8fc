// The embedded zone table: IANA name -> POSIX TZ rule string (see tz_data.cpp). Internal to sim/.
#pragma once
#include <string_view>
#include <vector>

namespace sim::detail {

struct ZoneEntry {
  std::string_view name;
  std::string_view posix_rule;
};

// Sorted by name.
const std::vector<ZoneEntry>& embedded_zones();

}  // namespace sim::detail
