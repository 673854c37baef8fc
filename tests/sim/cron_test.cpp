// Vixie cron: syntax, the day-of-month/day-of-week OR rule, macros, errors, and cronie's DST rules.
// Expected DST behaviour was cross-checked with a minute-by-minute model of cronie's cron.c (wildcard
// jobs run on every real minute whose wall clock matches; fixed-time jobs run once in an overlap and
// right after the jump for times in a gap).
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <iostream>

#include "test_util.hpp"

using namespace sim;
using sim_test::fires;
using sim_test::utc;
using sim_test::zone;

namespace {

CronSchedule cron(const std::string& expr, const std::string& zone_name = "UTC") {
  auto parsed = CronSchedule::parse(expr, zone(zone_name));
  if (auto* error = std::get_if<std::string>(&parsed)) FAIL("parse error for '" << expr << "': " << *error);
  return std::get<CronSchedule>(parsed);
}

std::string parse_error(const std::string& expr) {
  auto parsed = CronSchedule::parse(expr, TimeZone::utc());
  if (auto* error = std::get_if<std::string>(&parsed)) return *error;
  return "(no error)";
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("cron: every minute, every five minutes, fixed times", "[cron]") {
  CHECK(fires(cron("* * * * *"), TimeZone::utc(), utc("2026-01-05T10:00:00Z"), 3) ==
        Strings{"2026-01-05T10:01:00+00:00", "2026-01-05T10:02:00+00:00", "2026-01-05T10:03:00+00:00"});
  // Strictly after: from an instant inside a minute, the next minute start.
  CHECK(cron("* * * * *").next_after(utc("2026-01-05T10:00:00Z") + 1) == utc("2026-01-05T10:01:00Z"));
  CHECK(cron("* * * * *").next_after(utc("2026-01-05T10:00:00Z") - 1) == utc("2026-01-05T10:00:00Z"));
  CHECK(fires(cron("*/5 * * * *"), TimeZone::utc(), utc("2026-01-05T10:03:00Z"), 3) ==
        Strings{"2026-01-05T10:05:00+00:00", "2026-01-05T10:10:00+00:00", "2026-01-05T10:15:00+00:00"});
  CHECK(fires(cron("15,45 9-10 * * *"), TimeZone::utc(), utc("2026-01-05T00:00:00Z"), 5) ==
        Strings{"2026-01-05T09:15:00+00:00", "2026-01-05T09:45:00+00:00", "2026-01-05T10:15:00+00:00",
                "2026-01-05T10:45:00+00:00", "2026-01-06T09:15:00+00:00"});
  CHECK(fires(cron("0 8-18/4 * * *"), TimeZone::utc(), utc("2026-01-05T00:00:00Z"), 4) ==
        Strings{"2026-01-05T08:00:00+00:00", "2026-01-05T12:00:00+00:00", "2026-01-05T16:00:00+00:00",
                "2026-01-06T08:00:00+00:00"});
  // A month of every-minute fires is exactly 30 * 1440 in a zone without DST changes.
  CronSchedule every_minute = cron("* * * * *", "Europe/Berlin");
  int count = 0;
  for (Time t = every_minute.next_after(utc("2026-06-01T00:00:00Z") - 1); t < utc("2026-07-01T00:00:00Z");
       t = every_minute.next_after(t))
    ++count;
  CHECK(count == 43200);
}

TEST_CASE("cron: day-of-month and day-of-week are ORed when both are restricted", "[cron]") {
  // "0 0 13 * 5": every Friday and every 13th (Friday the 13th once).
  CHECK(fires(cron("0 0 13 * 5"), TimeZone::utc(), utc("2026-02-01T00:00:00Z"), 12) ==
        Strings{"2026-02-06T00:00:00+00:00", "2026-02-13T00:00:00+00:00", "2026-02-20T00:00:00+00:00",
                "2026-02-27T00:00:00+00:00", "2026-03-06T00:00:00+00:00", "2026-03-13T00:00:00+00:00",
                "2026-03-20T00:00:00+00:00", "2026-03-27T00:00:00+00:00", "2026-04-03T00:00:00+00:00",
                "2026-04-10T00:00:00+00:00", "2026-04-13T00:00:00+00:00", "2026-04-17T00:00:00+00:00"});
  // Only one restricted: it alone decides.
  CHECK(fires(cron("0 0 13 * *"), TimeZone::utc(), utc("2026-02-01T00:00:00Z"), 2) ==
        Strings{"2026-02-13T00:00:00+00:00", "2026-03-13T00:00:00+00:00"});
  CHECK(fires(cron("0 0 * * 5"), TimeZone::utc(), utc("2026-02-01T00:00:00Z"), 2) ==
        Strings{"2026-02-06T00:00:00+00:00", "2026-02-13T00:00:00+00:00"});
  // Vixie's quirk: a field starting with '*' counts as unrestricted even with a step, so
  // "*/2" (odd days) AND Monday.
  CHECK(fires(cron("0 0 */2 * 1"), TimeZone::utc(), utc("2026-01-01T00:00:00Z"), 4) ==
        Strings{"2026-01-05T00:00:00+00:00", "2026-01-19T00:00:00+00:00", "2026-02-09T00:00:00+00:00",
                "2026-02-23T00:00:00+00:00"});
}

TEST_CASE("cron: names, 7 = Sunday, and @-forms", "[cron]") {
  CHECK(fires(cron("0 9 * jan,JUL mon-fri"), TimeZone::utc(), utc("2026-06-28T00:00:00Z"), 3) ==
        Strings{"2026-07-01T09:00:00+00:00", "2026-07-02T09:00:00+00:00", "2026-07-03T09:00:00+00:00"});
  Time from = utc("2026-01-01T00:00:00Z");
  CHECK(cron("0 0 * * 7").next_after(from) == cron("0 0 * * 0").next_after(from));
  CHECK(cron("0 0 * * sun").next_after(from) == utc("2026-01-04T00:00:00Z"));
  CHECK(fires(cron("0 0 * * 5-7"), TimeZone::utc(), from, 3) ==
        Strings{"2026-01-02T00:00:00+00:00", "2026-01-03T00:00:00+00:00", "2026-01-04T00:00:00+00:00"});
  CHECK(fires(cron("0 0 * * sat,sun"), TimeZone::utc(), from, 2) ==
        Strings{"2026-01-03T00:00:00+00:00", "2026-01-04T00:00:00+00:00"});

  CHECK(cron("@hourly").next_after(from) == utc("2026-01-01T01:00:00Z"));
  CHECK(cron("@daily").next_after(from) == utc("2026-01-02T00:00:00Z"));
  CHECK(cron("@midnight").next_after(from) == utc("2026-01-02T00:00:00Z"));
  CHECK(cron("@weekly").next_after(from) == utc("2026-01-04T00:00:00Z"));  // Sunday
  CHECK(cron("@monthly").next_after(from) == utc("2026-02-01T00:00:00Z"));
  CHECK(cron("@yearly").next_after(from) == utc("2027-01-01T00:00:00Z"));
  CHECK(cron("@annually").next_after(from) == utc("2027-01-01T00:00:00Z"));
  CHECK(cron("@DAILY").expression() == "@DAILY");
  CHECK(cron("  */5  *\t* * *  ").expression() == "*/5  *\t* * *");
}

TEST_CASE("cron: dates that are rare or never come", "[cron]") {
  CHECK(cron("0 0 29 2 *").next_after(utc("2026-01-01T00:00:00Z")) == utc("2028-02-29T00:00:00Z"));
  CHECK(cron("0 0 31 * *").next_after(utc("2026-02-01T00:00:00Z")) == utc("2026-03-31T00:00:00Z"));
  CHECK(cron("0 0 30 2 *").next_after(utc("2026-01-01T00:00:00Z")) == kNever);
  CHECK(cron("0 0 31 4,6,9,11 *", "Europe/Berlin").next_after(utc("2026-01-01T00:00:00Z")) == kNever);
  CHECK(cron("* * * * *").next_after(kNever) == kNever);
}

TEST_CASE("cron: parse errors name the field and what was expected", "[cron]") {
  CHECK(parse_error("61 * * * *") == "minute field: expected 0-59, got 61");
  CHECK(parse_error("* 24 * * *") == "hour field: expected 0-23, got 24");
  CHECK(parse_error("* * 0 * *") == "day-of-month field: expected 1-31, got 0");
  CHECK(parse_error("* * * 13 *") == "month field: expected 1-12 or a name jan-dec, got 13");
  CHECK(parse_error("* * * foo *") == "month field: expected 1-12 or a name jan-dec, got 'foo'");
  CHECK(parse_error("* * * * 8") == "day-of-week field: expected 0-7 or a name sun-sat, got 8");
  CHECK(parse_error("* * * * funday") == "day-of-week field: expected 0-7 or a name sun-sat, got 'funday'");
  CHECK(parse_error("*/0 * * * *") == "minute field: expected a step 1-59, got '0'");
  CHECK(parse_error("*/x * * * *") == "minute field: expected a step 1-59, got 'x'");
  CHECK(parse_error("5/15 * * * *") ==
        "minute field: a step needs '*' or a range before it (e.g. 5-59/15), got 5/15");
  CHECK(parse_error("* 10-5 * * *") == "hour field: expected a range low-high, got 10-5");
  CHECK(parse_error("* * * * sat-sun") == "day-of-week field: expected a range low-high, got sat-sun");  // as cronie
  CHECK(parse_error("1,,2 * * * *") == "minute field: empty item in list '1,,2'");
  CHECK(parse_error("* * * *") == "expected 5 fields (minute hour day-of-month month day-of-week), got 4 in '* * * *'");
  CHECK(parse_error("* * * * * *") ==
        "expected 5 fields (minute hour day-of-month month day-of-week), got 6 in '* * * * * *'");
  CHECK(parse_error("") == "expected 5 fields (minute hour day-of-month month day-of-week), got 0");
  CHECK(parse_error("@reboot") ==
        "unknown cron macro '@reboot' (expected @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)");
}

TEST_CASE("cron in Europe/Berlin across DST", "[cron][dst]") {
  SECTION("fixed time in the spring gap runs at the jump; in the autumn overlap once") {
    CronSchedule s = cron("30 2 * * *", "Europe/Berlin");
    CHECK(fires(s, s.zone(), utc("2026-03-27T00:00:00Z"), 4) ==
          Strings{"2026-03-27T02:30:00+01:00", "2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00",
                  "2026-03-30T02:30:00+02:00"});
    CHECK(fires(s, s.zone(), utc("2026-10-23T00:00:00Z"), 4) ==
          Strings{"2026-10-23T02:30:00+02:00", "2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00",
                  "2026-10-26T02:30:00+01:00"});
    // Asked from inside the repeated hour, the second 02:30 does not fire.
    CHECK(sim_test::local_iso(s.next_after(utc("2026-10-25T01:00:00Z")), s.zone()) == "2026-10-26T02:30:00+01:00");
  }
  SECTION("several skipped fixed times run once at the jump") {
    CronSchedule s = cron("15 2,3 * * *", "Europe/Berlin");
    CHECK(fires(s, s.zone(), utc("2026-03-28T23:00:00Z"), 2) ==
          Strings{"2026-03-29T03:00:00+02:00", "2026-03-29T03:15:00+02:00"});
  }
  SECTION("every minute: no fires in the gap, every real minute of the repeated hour") {
    CronSchedule s = cron("* * * * *", "Europe/Berlin");
    CHECK(fires(s, s.zone(), utc("2026-03-29T00:56:00Z"), 5) ==
          Strings{"2026-03-29T01:57:00+01:00", "2026-03-29T01:58:00+01:00", "2026-03-29T01:59:00+01:00",
                  "2026-03-29T03:00:00+02:00", "2026-03-29T03:01:00+02:00"});
    // A day of 23 hours has 1380 minutes, one of 25 hours 1500.
    auto count_day = [&](const char* from, const char* to) {
      int n = 0;
      for (Time t = s.next_after(utc(from) - 1); t < utc(to); t = s.next_after(t)) ++n;
      return n;
    };
    CHECK(count_day("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z") == 1380);
    CHECK(count_day("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z") == 1500);
  }
  SECTION("*/30 through the repeated hour fires in both passes") {
    CronSchedule s = cron("*/30 * * * *", "Europe/Berlin");
    CHECK(fires(s, s.zone(), utc("2026-10-24T23:59:00Z"), 5) ==
          Strings{"2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00",
                  "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00"});
  }
}

TEST_CASE("cron in New York and Sydney across DST", "[cron][dst]") {
  CronSchedule ny_two = cron("0 2 * * *", "America/New_York");
  CHECK(fires(ny_two, ny_two.zone(), utc("2026-03-07T00:00:00Z"), 3) ==
        Strings{"2026-03-07T02:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"});
  CronSchedule ny_half_one = cron("30 1 * * *", "America/New_York");
  CHECK(fires(ny_half_one, ny_half_one.zone(), utc("2026-10-31T00:00:00Z"), 3) ==
        Strings{"2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"});
  // "0 * * * *" is a wildcard job (hour '*'): 01:00 runs in both passes.
  CronSchedule ny_hourly = cron("0 * * * *", "America/New_York");
  CHECK(fires(ny_hourly, ny_hourly.zone(), utc("2026-11-01T03:30:00Z"), 5) ==
        Strings{"2026-11-01T00:00:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00",
                "2026-11-01T02:00:00-05:00", "2026-11-01T03:00:00-05:00"});
  CronSchedule sydney = cron("30 2 * * *", "Australia/Sydney");
  CHECK(fires(sydney, sydney.zone(), utc("2026-10-02T00:00:00Z"), 4) ==
        Strings{"2026-10-03T02:30:00+10:00", "2026-10-04T03:00:00+11:00", "2026-10-05T02:30:00+11:00",
                "2026-10-06T02:30:00+11:00"});
  CHECK(fires(sydney, sydney.zone(), utc("2026-04-03T00:00:00Z"), 4) ==
        Strings{"2026-04-04T02:30:00+11:00", "2026-04-05T02:30:00+11:00", "2026-04-06T02:30:00+10:00",
                "2026-04-07T02:30:00+10:00"});
}

TEST_CASE("cron agrees with a minute-by-minute model of cronie around transitions", "[cron][dst]") {
  // The model: step through real time one minute at a time. Whether a wall time matches is asked of
  // the same expression in UTC (no DST there). Wildcard jobs fire on every match; fixed-time jobs on
  // the first instant that shows a matching wall time, and at a forward jump if a skipped wall
  // minute matches.
  struct Case {
    const char* expr;
    const char* zone;
    const char* from;
  };
  const Case cases[] = {
      {"*/7 * * * *", "Europe/Berlin", "2026-03-28T22:00:00Z"}, {"*/7 * * * *", "Europe/Berlin", "2026-10-24T22:00:00Z"},
      {"0,30 2 * * *", "Europe/Berlin", "2026-03-28T22:00:00Z"}, {"0,30 2 * * *", "Europe/Berlin", "2026-10-24T22:00:00Z"},
      {"45 1 * * *", "America/New_York", "2026-11-01T02:00:00Z"}, {"17 * * * *", "America/New_York", "2026-03-08T02:00:00Z"},
      {"59 1 * * *", "Europe/London", "2026-03-28T22:00:00Z"},   {"0 1-3 * * *", "Europe/London", "2026-10-24T22:00:00Z"},
      {"*/20 2 * * *", "Australia/Sydney", "2026-04-04T10:00:00Z"}, {"10 2 * * *", "Australia/Sydney", "2026-10-03T10:00:00Z"},
      {"0 0 * * *", "America/Santiago", "2026-09-05T00:00:00Z"},  // DST starts at 24:00: midnight is skipped
      {"0 1 * * *", "Europe/Dublin", "2026-03-28T22:00:00Z"},
  };
  for (const Case& c : cases) {
    INFO(c.expr << " in " << c.zone << " from " << c.from);
    CronSchedule s = cron(c.expr, c.zone);
    CronSchedule as_utc = cron(c.expr);
    const TimeZone& z = s.zone();
    bool wildcard = c.expr[0] == '*' || std::string(c.expr).substr(std::string(c.expr).find(' ') + 1)[0] == '*';
    auto matches = [&](std::int64_t wall) {
      Time w = wall * kSecond;
      return as_utc.next_after(w - 1) == w;
    };
    std::vector<Time> expected;
    Time begin = utc(c.from), end = begin + 2 * kDay;
    for (Time u = begin + kMinute; u < end; u += kMinute) {
      std::int64_t wall = u / kSecond + z.offset_at(u);
      bool fire = matches(wall) && (wildcard || z.to_utc_exact(civil_from_seconds(wall)) == u);
      std::int64_t previous_wall = (u - kMinute) / kSecond + z.offset_at(u - kMinute);
      for (std::int64_t skipped = previous_wall + 60; !wildcard && skipped < wall; skipped += 60)
        fire = fire || matches(skipped);
      if (fire) expected.push_back(u);
    }
    std::vector<Time> actual;
    for (Time t = s.next_after(begin); t < end; t = s.next_after(t)) actual.push_back(t);
    CHECK(actual == expected);
  }
}

TEST_CASE("cron: a million consecutive next_after calls", "[.][bench]") {
  CronSchedule s = cron("* * * * *", "Europe/Berlin");
  Time t = utc("2026-01-01T00:00:00Z");
  // CPU time as well as wall time: on a shared machine the wall clock also counts other processes.
  std::clock_t cpu_begin = std::clock();
  auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 1'000'000; ++i) t = s.next_after(t);
  auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
  double cpu = 1000.0 * static_cast<double>(std::clock() - cpu_begin) / CLOCKS_PER_SEC;
  std::cout << "1,000,000 next_after calls of '* * * * *' in Europe/Berlin: " << elapsed << " ms wall, " << cpu
            << " ms CPU\n";
  // Every real minute shows some wall minute, so a wildcard job fires each one, DST or not.
  CHECK(t == utc("2026-01-01T00:00:00Z") + 1'000'000 * kMinute);
}
