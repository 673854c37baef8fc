// Simulated time: integer microseconds since the Unix epoch (UTC). Never accumulated floats,
// so a run replays exactly and native and wasm builds agree to the microsecond.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

using Time = std::int64_t;      // microseconds since 1970-01-01T00:00:00Z
using Duration = std::int64_t;  // microseconds

constexpr Duration kMicrosecond = 1;
constexpr Duration kMillisecond = 1000;
constexpr Duration kSecond = 1000 * kMillisecond;
constexpr Duration kMinute = 60 * kSecond;
constexpr Duration kHour = 60 * kMinute;
constexpr Duration kDay = 24 * kHour;
// "Never": what a schedule that cannot fire again answers (e.g. cron "0 0 30 2 *").
constexpr Time kNever = std::numeric_limits<Time>::max();

// Proleptic Gregorian calendar fields (no zone attached).
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

struct CivilTime {
  CivilDate date;
  int hour = 0;    // 0..23
  int minute = 0;  // 0..59
  int second = 0;  // 0..59
  friend bool operator==(const CivilTime&, const CivilTime&) = default;
};

// Days since 1970-01-01 for a civil date (H. Hinnant's algorithm), and back.
std::int64_t days_from_civil(CivilDate d);
CivilDate civil_from_days(std::int64_t days);
// 0 = Sunday .. 6 = Saturday
int weekday_from_days(std::int64_t days);
int days_in_month(int year, int month);
bool is_leap_year(int year);

// Seconds of a civil time as if it were UTC (used for local wall-clock arithmetic).
std::int64_t seconds_from_civil(const CivilTime& t);
CivilTime civil_from_seconds(std::int64_t seconds);

// "2026-01-05" -> date; nullopt on anything else.
std::optional<CivilDate> parse_date(std::string_view text);
// "2026-01-05T10:00", "2026-01-05T10:00:30", "2026-01-05 10:00"; nullopt on anything else.
std::optional<CivilTime> parse_local_time(std::string_view text);
// Durations: "500ms", "6s", "5m", "1h", "7d", "1h30m", or a plain number of seconds ("90", "0.5").
std::optional<Duration> parse_duration(std::string_view text);

std::string format_date(CivilDate d);                  // 2026-01-05
// ISO 8601 with offset, second precision unless fractional: 2026-01-05T10:00:00+01:00
std::string format_iso(Time utc, int offset_seconds);
std::string format_iso_utc(Time utc);                  // 2026-01-05T09:00:00Z
std::string format_duration(Duration d);               // "6s", "5m", "1h30m", "250ms"

}  // namespace sim
