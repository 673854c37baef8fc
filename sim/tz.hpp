// IANA time zones with DST, identical in the native and browser builds: each supported zone is
// embedded as the POSIX TZ rule string from its TZif file's footer (e.g. "CET-1CEST,M3.5.0,M10.5.0/3"),
// so nothing depends on the OS's tz database at run time. The rules are the zone's current ones;
// they are right for the dates a capacity plan spans (2007 onwards for the US, 1996 for the EU).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.hpp"

namespace sim {

class TimeZone {
 public:
  // nullopt if the zone is unknown. Accepts the IANA names in supported_zones() and "UTC"/"Etc/UTC".
  static std::optional<TimeZone> find(std::string_view iana_name);
  // Parses a POSIX TZ string directly ("EST5EDT,M3.2.0,M11.1.0"); nullopt if malformed.
  static std::optional<TimeZone> from_posix(std::string_view name, std::string_view posix_rule);
  static TimeZone utc();
  static const std::vector<std::string>& supported_zones();

  const std::string& name() const { return name_; }
  const std::string& posix_rule() const { return rule_; }

  // Offset from UTC in seconds (local = utc + offset) at a UTC instant.
  int offset_at(Time utc) const;
  // Abbreviation in force ("CET", "CEST").
  std::string abbreviation_at(Time utc) const;

  // Local wall-clock -> UTC.
  //  - a time inside a DST gap (does not exist) -> nullopt from to_utc_exact;
  //  - a time in an overlap (exists twice) -> the earlier instant (fold = 0), as Python's zoneinfo.
  std::optional<Time> to_utc_exact(const CivilTime& local) const;
  // Like to_utc_exact but a time in a gap is moved forward by the gap's length (02:30 -> 03:30).
  Time to_utc(const CivilTime& local) const;
  // All UTC instants (0, 1 or 2) that show this wall-clock time.
  std::vector<Time> to_utc_all(const CivilTime& local) const;

  CivilTime to_local(Time utc) const;  // seconds precision

  // The stretch of time around a UTC instant during which the offset does not change: [start, end),
  // with the offset in force before `start`. Schedules use it to search in local wall-clock seconds
  // and convert with one offset instead of asking the zone for every candidate. Without DST the span
  // is unbounded (start = min, end = kNever).
  struct Span {
    Time start;
    Time end;
    int offset;         // seconds east of UTC, in force in [start, end)
    int offset_before;  // in force just before start (== offset when start is unbounded)
    bool dst;
  };
  Span span_at(Time utc) const;
  bool has_dst() const { return has_dst_; }

 private:
  // The instants (0, 1 or 2, ascending) that show local wall-clock second `wall`; returns the count.
  int resolve(std::int64_t wall, Time (&out)[2]) const;

  std::string name_;
  std::string rule_;
  std::string std_abbr_, dst_abbr_;
  int std_offset_ = 0;  // seconds east of UTC
  int dst_offset_ = 0;
  bool has_dst_ = false;
  // Transition rules (POSIX Mm.w.d/time or Jn or n forms), encoded as plain fields.
  int start_kind_ = 0, start_month_ = 0, start_week_ = 0, start_wday_ = 0, start_yday_ = 0, start_time_ = 7200;
  int end_kind_ = 0, end_month_ = 0, end_week_ = 0, end_wday_ = 0, end_yday_ = 0, end_time_ = 7200;
  // All of the above packed without loss, so the span cache can compare zones in two integer tests.
  std::uint64_t key_[2] = {0, 0};
};

}  // namespace sim
