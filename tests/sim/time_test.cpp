// Calendar arithmetic, parsing and formatting of times and durations.
#include <catch2/catch.hpp>

#include "sim/time.hpp"

using namespace sim;

TEST_CASE("civil dates round-trip through day numbers", "[time]") {
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(days_from_civil({2000, 3, 1}) == 11017);
  CHECK(days_from_civil({1969, 12, 31}) == -1);
  CHECK(days_from_civil({2026, 1, 5}) == 20458);
  CHECK(civil_from_days(20458) == CivilDate{2026, 1, 5});
  CHECK(civil_from_days(-719468) == CivilDate{0, 3, 1});
  for (std::int64_t d = -800000; d <= 800000; d += 37) {
    CivilDate c = civil_from_days(d);
    REQUIRE(days_from_civil(c) == d);
  }
}

TEST_CASE("weekdays, leap years and month lengths", "[time]") {
  CHECK(weekday_from_days(0) == 4);                             // 1970-01-01 was a Thursday
  CHECK(weekday_from_days(-1) == 3);
  CHECK(weekday_from_days(days_from_civil({2025, 12, 8})) == 1);  // a Monday
  CHECK(weekday_from_days(days_from_civil({2026, 3, 29})) == 0);  // a Sunday
  CHECK(is_leap_year(2024));
  CHECK_FALSE(is_leap_year(2100));
  CHECK(is_leap_year(2000));
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2026, 2) == 28);
  CHECK(days_in_month(2026, 4) == 30);
  CHECK(days_in_month(2026, 13) == 0);
}

TEST_CASE("civil times and seconds", "[time]") {
  CivilTime t{{2026, 3, 29}, 2, 30, 15};
  CHECK(seconds_from_civil(t) == 1774751415);
  CHECK(civil_from_seconds(1774751415) == t);
  CHECK(civil_from_seconds(-1) == CivilTime{{1969, 12, 31}, 23, 59, 59});
}

TEST_CASE("dates and local times parse strictly", "[time]") {
  CHECK(parse_date("2026-01-05") == CivilDate{2026, 1, 5});
  CHECK(parse_date("2024-02-29") == CivilDate{2024, 2, 29});
  CHECK_FALSE(parse_date("2026-02-29"));
  CHECK_FALSE(parse_date("2026-1-5"));
  CHECK_FALSE(parse_date("2026-01-05x"));
  CHECK_FALSE(parse_date(""));
  CHECK(parse_local_time("2026-01-05T10:00") == CivilTime{{2026, 1, 5}, 10, 0, 0});
  CHECK(parse_local_time("2026-01-05T10:00:30") == CivilTime{{2026, 1, 5}, 10, 0, 30});
  CHECK(parse_local_time("2026-01-05 10:00") == CivilTime{{2026, 1, 5}, 10, 0, 0});
  CHECK_FALSE(parse_local_time("2026-01-05T24:00"));
  CHECK_FALSE(parse_local_time("2026-01-05T10"));
  CHECK_FALSE(parse_local_time("2026-01-05"));
}

TEST_CASE("durations parse to exact microseconds", "[time]") {
  CHECK(parse_duration("500ms") == 500 * kMillisecond);
  CHECK(parse_duration("6s") == 6 * kSecond);
  CHECK(parse_duration("5m") == 5 * kMinute);
  CHECK(parse_duration("1h") == kHour);
  CHECK(parse_duration("7d") == 7 * kDay);
  CHECK(parse_duration("1h30m") == 90 * kMinute);
  CHECK(parse_duration("90") == 90 * kSecond);
  CHECK(parse_duration("0.5") == 500 * kMillisecond);
  CHECK(parse_duration("0.1s") == 100 * kMillisecond);
  CHECK(parse_duration("1.5h") == 90 * kMinute);
  CHECK(parse_duration("250us") == 250);
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("5x"));
  CHECK_FALSE(parse_duration("m"));
  CHECK_FALSE(parse_duration("-5s"));
  CHECK_FALSE(parse_duration("1h 30m"));
}

TEST_CASE("formatting dates, ISO times and durations", "[time]") {
  CHECK(format_date({2026, 1, 5}) == "2026-01-05");
  Time t = 1767603600LL * kSecond;  // 2026-01-05T09:00:00Z
  CHECK(format_iso_utc(t) == "2026-01-05T09:00:00Z");
  CHECK(format_iso(t, 3600) == "2026-01-05T10:00:00+01:00");
  CHECK(format_iso(t, -5 * 3600) == "2026-01-05T04:00:00-05:00");
  CHECK(format_iso(t, 5 * 3600 + 45 * 60) == "2026-01-05T14:45:00+05:45");
  CHECK(format_iso(t + 250 * kMillisecond, 0) == "2026-01-05T09:00:00.250+00:00");
  CHECK(format_iso_utc(t + 7) == "2026-01-05T09:00:00.000007Z");
  CHECK(format_iso_utc(-1) == "1969-12-31T23:59:59.999999Z");
  CHECK(format_duration(6 * kSecond) == "6s");
  CHECK(format_duration(5 * kMinute) == "5m");
  CHECK(format_duration(90 * kMinute) == "1h30m");
  CHECK(format_duration(250 * kMillisecond) == "250ms");
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(-90 * kSecond) == "-1m30s");
  CHECK(format_duration(8 * kDay + kHour) == "8d1h");
  for (const char* text : {"500ms", "6s", "1h30m", "7d", "1m30s", "2h5m7s250ms"})
    CHECK(format_duration(*parse_duration(text)) == text);
}
