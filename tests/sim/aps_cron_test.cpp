// APScheduler 3.x CronTrigger. Expected fire times come from APScheduler itself (Debian's
// python3-apscheduler 3.9.1, given a zoneinfo zone so that localize/normalize behave as in 3.11):
//   CronTrigger(timezone=ZoneInfo(zone), **fields).get_next_fire_time(prev, prev) chained from
//   the start. The first fire includes the start instant, so the tests ask next_after(start - 1 us).
#include <catch2/catch.hpp>

#include "test_util.hpp"

using namespace sim;
using sim_test::local_iso;
using sim_test::utc;
using sim_test::zone;
using Strings = std::vector<std::string>;

namespace {

ApsCronSchedule aps(const std::string& text, const std::string& zone_name = "UTC") {
  auto fields = ApsCronSchedule::parse_fields(text);
  if (auto* error = std::get_if<std::string>(&fields)) FAIL("parse error for '" << text << "': " << *error);
  auto made = ApsCronSchedule::make(std::get<ApsFields>(fields), zone(zone_name));
  if (auto* error = std::get_if<std::string>(&made)) FAIL("bad fields '" << text << "': " << *error);
  return std::get<ApsCronSchedule>(made);
}

std::string aps_error(const std::string& text) {
  auto fields = ApsCronSchedule::parse_fields(text);
  if (auto* error = std::get_if<std::string>(&fields)) return *error;
  auto made = ApsCronSchedule::make(std::get<ApsFields>(fields), TimeZone::utc());
  if (auto* error = std::get_if<std::string>(&made)) return *error;
  return "(no error)";
}

// Fire times from a local start time, the start itself included (as get_next_fire_time(None, now)).
Strings fires_from(const std::string& text, const std::string& zone_name, const std::string& local_start, int n) {
  ApsCronSchedule s = aps(text, zone_name);
  return sim_test::fires(s, s.zone(), sim_test::local(local_start, s.zone()) - 1, n);
}

}  // namespace

TEST_CASE("the seed's CronTrigger(day='*/3', hour=23, minute=59) in Europe/Berlin", "[aps]") {
  // day='*/3' counts from the field's minimum, 1, in every month: days 1, 4, 7, ..., 28, 31. So
  // from Monday 2025-12-08 the next fire is Dec 10 (not Dec 11, as the seed's write-up assumed),
  // and Dec 31 is followed by Jan 1: two runs a day apart at the turn of the month.
  ApsCronSchedule s = aps("day=*/3,hour=23,minute=59", "Europe/Berlin");
  CHECK(sim_test::fires(s, s.zone(), sim_test::local("2025-12-08T00:00", s.zone()), 12) ==
        Strings{"2025-12-10T23:59:00+01:00", "2025-12-13T23:59:00+01:00", "2025-12-16T23:59:00+01:00",
                "2025-12-19T23:59:00+01:00", "2025-12-22T23:59:00+01:00", "2025-12-25T23:59:00+01:00",
                "2025-12-28T23:59:00+01:00", "2025-12-31T23:59:00+01:00", "2026-01-01T23:59:00+01:00",
                "2026-01-04T23:59:00+01:00", "2026-01-07T23:59:00+01:00", "2026-01-10T23:59:00+01:00"});
  // Across the spring change the wall time stays 23:59.
  CHECK(fires_from("day=*/3,hour=23,minute=59", "Europe/Berlin", "2026-03-20T00:00", 4) ==
        Strings{"2026-03-22T23:59:00+01:00", "2026-03-25T23:59:00+01:00", "2026-03-28T23:59:00+01:00",
                "2026-03-31T23:59:00+02:00"});
  CHECK(s.describe() == "cron[day='*/3', hour='23', minute='59']");
  // The Python spelling is accepted too.
  ApsCronSchedule python = aps("CronTrigger(day='*/3', hour=23, minute=59)", "Europe/Berlin");
  CHECK(python.next_after(utc("2025-12-08T00:00:00Z")) == s.next_after(utc("2025-12-08T00:00:00Z")));
}

TEST_CASE("aps: fields after the least significant given one default to their minimum", "[aps]") {
  CHECK(fires_from("hour=5", "UTC", "2026-01-05T06:00", 2) ==
        Strings{"2026-01-06T05:00:00+00:00", "2026-01-07T05:00:00+00:00"});
  CHECK(fires_from("month=6", "UTC", "2026-01-05T00:00", 2) ==
        Strings{"2026-06-01T00:00:00+00:00", "2027-06-01T00:00:00+00:00"});
  CHECK(fires_from("day_of_week=mon", "UTC", "2026-01-05T00:00", 2) ==
        Strings{"2026-01-05T00:00:00+00:00", "2026-01-12T00:00:00+00:00"});
  CHECK(fires_from("second=30", "UTC", "2026-01-05T00:00", 3) ==
        Strings{"2026-01-05T00:00:30+00:00", "2026-01-05T00:01:30+00:00", "2026-01-05T00:02:30+00:00"});
  CHECK(fires_from("minute=*/15", "UTC", "2026-01-05T00:07", 3) ==
        Strings{"2026-01-05T00:15:00+00:00", "2026-01-05T00:30:00+00:00", "2026-01-05T00:45:00+00:00"});
  // Fields before the last given one stay '*': day=1 with second=30 fires every minute of the 1st.
  CHECK(fires_from("day=1,second=30", "UTC", "2026-01-05T00:00", 3) ==
        Strings{"2026-02-01T00:00:30+00:00", "2026-02-01T00:01:30+00:00", "2026-02-01T00:02:30+00:00"});
  // year alone: once, at its first second.
  CHECK(fires_from("year=2027", "UTC", "2026-01-05T00:00", 3) == Strings{"2027-01-01T00:00:00+00:00"});
  CHECK(fires_from("second=*/20", "UTC", "2026-01-05T00:00", 4) ==
        Strings{"2026-01-05T00:00:00+00:00", "2026-01-05T00:00:20+00:00", "2026-01-05T00:00:40+00:00",
                "2026-01-05T00:01:00+00:00"});
  // No field at all: every second, as CronTrigger() does.
  CHECK(aps("").next_after(utc("2026-01-05T00:00:00Z")) == utc("2026-01-05T00:00:01Z"));
}

TEST_CASE("aps: expressions", "[aps]") {
  CHECK(fires_from("day=last,hour=12", "UTC", "2026-01-05T00:00", 3) ==
        Strings{"2026-01-31T12:00:00+00:00", "2026-02-28T12:00:00+00:00", "2026-03-31T12:00:00+00:00"});
  CHECK(fires_from("day=last fri", "UTC", "2026-01-05T00:00", 3) ==
        Strings{"2026-01-30T00:00:00+00:00", "2026-02-27T00:00:00+00:00", "2026-03-27T00:00:00+00:00"});
  CHECK(fires_from("day=1st mon,3rd mon,hour=8", "UTC", "2026-01-05T00:00", 4) ==
        Strings{"2026-01-05T08:00:00+00:00", "2026-01-19T08:00:00+00:00", "2026-02-02T08:00:00+00:00",
                "2026-02-16T08:00:00+00:00"});
  CHECK(fires_from("day=5th fri", "UTC", "2026-01-01T00:00", 3) ==
        Strings{"2026-01-30T00:00:00+00:00", "2026-05-29T00:00:00+00:00", "2026-07-31T00:00:00+00:00"});
  CHECK(fires_from("day_of_week=mon-fri,hour=9", "UTC", "2026-01-08T12:00", 3) ==
        Strings{"2026-01-09T09:00:00+00:00", "2026-01-12T09:00:00+00:00", "2026-01-13T09:00:00+00:00"});
  CHECK(fires_from("month=jan-mar,jul,day=15", "UTC", "2026-01-20T00:00", 4) ==
        Strings{"2026-02-15T00:00:00+00:00", "2026-03-15T00:00:00+00:00", "2026-07-15T00:00:00+00:00",
                "2027-01-15T00:00:00+00:00"});
  // ISO weeks: 2026-W01 starts Monday 2025-12-29.
  CHECK(fires_from("week=*/2,day_of_week=mon", "UTC", "2025-12-20T00:00", 4) ==
        Strings{"2025-12-29T00:00:00+00:00", "2026-01-12T00:00:00+00:00", "2026-01-26T00:00:00+00:00",
                "2026-02-09T00:00:00+00:00"});
  CHECK(fires_from("day=5/10", "UTC", "2026-01-06T00:00", 4) ==
        Strings{"2026-01-15T00:00:00+00:00", "2026-01-25T00:00:00+00:00", "2026-02-05T00:00:00+00:00",
                "2026-02-15T00:00:00+00:00"});
  CHECK(fires_from("hour=9-17/4", "UTC", "2026-01-05T00:00", 4) ==
        Strings{"2026-01-05T09:00:00+00:00", "2026-01-05T13:00:00+00:00", "2026-01-05T17:00:00+00:00",
                "2026-01-06T09:00:00+00:00"});
  // day_of_week numbers count from Monday = 0: 0,6 is Monday and Sunday.
  CHECK(fires_from("day_of_week=0,6", "UTC", "2026-01-05T01:00", 3) ==
        Strings{"2026-01-11T00:00:00+00:00", "2026-01-12T00:00:00+00:00", "2026-01-18T00:00:00+00:00"});
  // A date that never comes.
  CHECK(aps("month=2,day=30").next_after(utc("2026-01-01T00:00:00Z")) == kNever);
  CHECK(aps("year=2020").next_after(utc("2026-01-01T00:00:00Z")) == kNever);
}

TEST_CASE("aps in Europe/Berlin across DST", "[aps][dst]") {
  // 02:30 does not exist on 2026-03-29: it fires at 03:30 (02:30 moved forward by the gap).
  CHECK(fires_from("hour=2,minute=30", "Europe/Berlin", "2026-03-27T00:00", 4) ==
        Strings{"2026-03-27T02:30:00+01:00", "2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00",
                "2026-03-30T02:30:00+02:00"});
  CHECK(fires_from("hour=2", "Europe/Berlin", "2026-03-28T12:00", 3) ==
        Strings{"2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00", "2026-03-31T02:00:00+02:00"});
  // 02:30 happens twice on 2026-10-25: it fires once, at the first.
  CHECK(fires_from("hour=2,minute=30", "Europe/Berlin", "2026-10-23T00:00", 4) ==
        Strings{"2026-10-23T02:30:00+02:00", "2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00",
                "2026-10-26T02:30:00+01:00"});
  CHECK(fires_from("minute=*/30", "Europe/Berlin", "2026-03-29T01:00", 4) ==
        Strings{"2026-03-29T01:00:00+01:00", "2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00",
                "2026-03-29T03:30:00+02:00"});
  // Even every-30-minutes skips the second pass of the repeated hour, as APScheduler 3.11 does.
  CHECK(fires_from("minute=*/30", "Europe/Berlin", "2026-10-25T01:00", 5) ==
        Strings{"2026-10-25T01:00:00+02:00", "2026-10-25T01:30:00+02:00", "2026-10-25T02:00:00+02:00",
                "2026-10-25T02:30:00+02:00", "2026-10-25T03:00:00+01:00"});
  CHECK(fires_from("minute=*", "Europe/Berlin", "2026-10-25T02:57", 4) ==
        Strings{"2026-10-25T02:57:00+02:00", "2026-10-25T02:58:00+02:00", "2026-10-25T02:59:00+02:00",
                "2026-10-25T03:00:00+01:00"});
  // Asked from inside the second pass, APScheduler's arithmetic would answer a time in the past
  // (02:31 of the first pass); we resume after the repeated hour.
  ApsCronSchedule every_minute = aps("minute=*", "Europe/Berlin");
  Time inside = utc("2026-10-25T01:30:00Z");  // 02:30 CET, second pass
  CHECK(local_iso(every_minute.next_after(inside), every_minute.zone()) == "2026-10-25T03:00:00+01:00");
}

TEST_CASE("aps in New York, Sydney and London across DST", "[aps][dst]") {
  CHECK(fires_from("hour=2", "America/New_York", "2026-03-07T12:00", 3) ==
        Strings{"2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00", "2026-03-10T02:00:00-04:00"});
  CHECK(fires_from("hour=1,minute=30", "America/New_York", "2026-10-31T12:00", 3) ==
        Strings{"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00", "2026-11-03T01:30:00-05:00"});
  CHECK(fires_from("minute=*/15", "America/New_York", "2026-03-08T01:40", 4) ==
        Strings{"2026-03-08T01:45:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:15:00-04:00",
                "2026-03-08T03:30:00-04:00"});
  CHECK(fires_from("hour=2,minute=30", "Australia/Sydney", "2026-10-02T12:00", 4) ==
        Strings{"2026-10-03T02:30:00+10:00", "2026-10-04T03:30:00+11:00", "2026-10-05T02:30:00+11:00",
                "2026-10-06T02:30:00+11:00"});
  CHECK(fires_from("hour=2,minute=30", "Australia/Sydney", "2026-04-03T12:00", 4) ==
        Strings{"2026-04-04T02:30:00+11:00", "2026-04-05T02:30:00+11:00", "2026-04-06T02:30:00+10:00",
                "2026-04-07T02:30:00+10:00"});
  CHECK(fires_from("hour=1,minute=15", "Europe/London", "2026-03-28T12:00", 3) ==
        Strings{"2026-03-29T02:15:00+01:00", "2026-03-30T01:15:00+01:00", "2026-03-31T01:15:00+01:00"});
}

TEST_CASE("aps: parsing field lists", "[aps]") {
  auto fields = std::get<ApsFields>(ApsCronSchedule::parse_fields(" day = 1,15 , hour=3, day_of_week='last fri' "));
  CHECK(fields.day == "1,15");
  CHECK(fields.hour == "3");
  CHECK(fields.day_of_week == "last fri");
  CHECK_FALSE(fields.minute);
  CHECK(aps_error("days=1") ==
        "unknown field 'days' (expected year, month, day, week, day_of_week, hour, minute or second)");
  CHECK(aps_error("day=1,day=2") == "field 'day' given twice");
  CHECK(aps_error("*/3") == "expected field=value, got '*/3'");
  CHECK(aps_error("hour=") == "field 'hour' has no value");
}

TEST_CASE("aps: bad expressions name the field", "[aps]") {
  CHECK(aps_error("hour=24") ==
        "hour field: error validating expression '24': the last value (24) is higher than the maximum value (23)");
  CHECK(aps_error("day=0") ==
        "day field: error validating expression '0': the first value (0) is lower than the minimum value (1)");
  CHECK(aps_error("minute=*/61") ==
        "minute field: error validating expression '*/61': the step value (61) is higher than the total range of the "
        "expression (59)");
  CHECK(aps_error("hour=10-20/11") ==
        "hour field: error validating expression '10-20/11': the step value (11) is higher than the total range of "
        "the expression (10)");
  CHECK(aps_error("minute=*/0") == "minute field: Increment must be higher than 0");
  CHECK(aps_error("hour=5-3") == "hour field: The minimum value in a range must not be higher than the maximum");
  CHECK(aps_error("day_of_week=fri-mon") ==
        "day_of_week field: The minimum value in a range must not be higher than the maximum");
  CHECK(aps_error("day_of_week=funday") == "day_of_week field: Invalid weekday name \"funday\"");
  CHECK(aps_error("month=foo") == "month field: Invalid month name \"foo\"");
  CHECK(aps_error("day=2nd xyz") == "day field: Invalid weekday name \"xyz\"");
  CHECK(aps_error("hour=nine") ==
        "hour field: unrecognized expression \"nine\" (expected *, */n, a, a-b, a-b/n or a/n)");
  CHECK(aps_error("day_of_week=mon-fri/2") ==
        "day_of_week field: unrecognized expression \"mon-fri/2\" (expected *, */n, a, a-b, a-b/n or a/n, or "
        "names mon..sun (mon = 0) and name ranges like mon-fri)");
}
