// Active windows: parsing, membership, changes and merged intervals, across midnight and DST.
#include <catch2/catch.hpp>

#include "test_util.hpp"

using namespace sim;
using sim_test::local;
using sim_test::local_iso;
using sim_test::utc;
using sim_test::zone;

namespace {

Window window(const char* days, const char* hours, const char* zone_name) {
  Window w;
  w.days = *parse_days(days);
  auto [start, end] = *parse_hours(hours);
  w.start_minute = start;
  w.end_minute = end;
  w.zone = zone(zone_name);
  return w;
}

std::vector<std::string> as_local(const std::vector<std::pair<Time, Time>>& intervals, const TimeZone& z) {
  std::vector<std::string> out;
  for (auto [open, close] : intervals) out.push_back(local_iso(open, z) + " .. " + local_iso(close, z));
  return out;
}

}  // namespace

TEST_CASE("parsing days and hours", "[window]") {
  CHECK(parse_days("mon-fri") == std::bitset<7>("0111110"));
  CHECK(parse_days("sat,sun") == std::bitset<7>("1000001"));
  CHECK(parse_days("Sat, Sunday") == std::bitset<7>("1000001"));
  CHECK(parse_days("*") == std::bitset<7>("1111111"));
  CHECK(parse_days("daily") == std::bitset<7>("1111111"));
  CHECK(parse_days("weekdays") == std::bitset<7>("0111110"));
  CHECK(parse_days("weekends") == std::bitset<7>("1000001"));
  CHECK(parse_days("fri-mon") == std::bitset<7>("1100011"));  // wraps past Saturday
  CHECK(parse_days("wed") == std::bitset<7>("0001000"));
  CHECK_FALSE(parse_days("funday"));
  CHECK_FALSE(parse_days("mon-"));
  CHECK_FALSE(parse_days(""));
  CHECK_FALSE(parse_days("mon,,tue"));

  CHECK(parse_hours("10:00-18:00") == std::make_pair(600, 1080));
  CHECK(parse_hours("22:00-02:00") == std::make_pair(1320, 120));
  CHECK(parse_hours("9-17") == std::make_pair(540, 1020));
  CHECK(parse_hours("00:00-24:00") == std::make_pair(0, 1440));
  CHECK_FALSE(parse_hours("10:00"));
  CHECK_FALSE(parse_hours("25:00-26:00"));
  CHECK_FALSE(parse_hours("10:60-11:00"));
  CHECK_FALSE(parse_hours("24:00-01:00"));
  CHECK_FALSE(parse_hours("10:0-11:00"));
}

TEST_CASE("business hours in Berlin", "[window]") {
  WindowSet office({window("mon-fri", "10:00-18:00", "Europe/Berlin")});
  TimeZone berlin = zone("Europe/Berlin");
  CHECK_FALSE(office.always());
  CHECK_FALSE(office.active_at(local("2026-01-05T09:59:59", berlin)));  // Monday
  CHECK(office.active_at(local("2026-01-05T10:00", berlin)));
  CHECK(office.active_at(local("2026-01-05T17:59:59", berlin)));
  CHECK_FALSE(office.active_at(local("2026-01-05T18:00", berlin)));
  CHECK_FALSE(office.active_at(local("2026-01-10T12:00", berlin)));  // Saturday
  // Changes: the open at 10:00 counts from 10:00 itself.
  CHECK(local_iso(*office.next_change(local("2026-01-05T08:00", berlin), kNever), berlin) == "2026-01-05T10:00:00+01:00");
  CHECK(local_iso(*office.next_change(local("2026-01-05T10:00", berlin), kNever), berlin) == "2026-01-05T10:00:00+01:00");
  CHECK(local_iso(*office.next_change(local("2026-01-05T10:00", berlin) + 1, kNever), berlin) ==
        "2026-01-05T18:00:00+01:00");
  CHECK(local_iso(*office.next_change(local("2026-01-09T18:00", berlin) + 1, kNever), berlin) ==
        "2026-01-12T10:00:00+01:00");  // Friday evening -> Monday morning
  CHECK_FALSE(office.next_change(local("2026-01-09T18:00", berlin) + 1, local("2026-01-12T09:00", berlin)));
  auto week = office.intervals(local("2026-01-05T00:00", berlin), local("2026-01-12T00:00", berlin));
  CHECK(as_local(week, berlin) == std::vector<std::string>{
                                      "2026-01-05T10:00:00+01:00 .. 2026-01-05T18:00:00+01:00",
                                      "2026-01-06T10:00:00+01:00 .. 2026-01-06T18:00:00+01:00",
                                      "2026-01-07T10:00:00+01:00 .. 2026-01-07T18:00:00+01:00",
                                      "2026-01-08T10:00:00+01:00 .. 2026-01-08T18:00:00+01:00",
                                      "2026-01-09T10:00:00+01:00 .. 2026-01-09T18:00:00+01:00"});
  // Clipped to the range asked for.
  auto part = office.intervals(local("2026-01-05T12:00", berlin), local("2026-01-06T11:00", berlin));
  CHECK(as_local(part, berlin) == std::vector<std::string>{
                                      "2026-01-05T12:00:00+01:00 .. 2026-01-05T18:00:00+01:00",
                                      "2026-01-06T10:00:00+01:00 .. 2026-01-06T11:00:00+01:00"});
}

TEST_CASE("a window that wraps past midnight belongs to the day it opens", "[window]") {
  WindowSet night({window("fri", "22:00-02:00", "America/New_York")});
  TimeZone ny = zone("America/New_York");
  CHECK(night.active_at(local("2026-01-09T23:00", ny)));   // Friday
  CHECK(night.active_at(local("2026-01-10T01:59", ny)));   // Saturday morning
  CHECK_FALSE(night.active_at(local("2026-01-10T02:00", ny)));
  CHECK_FALSE(night.active_at(local("2026-01-10T23:00", ny)));  // Saturday night
  CHECK_FALSE(night.active_at(local("2026-01-09T01:00", ny)));  // Thursday night into Friday
  CHECK(as_local(night.intervals(local("2026-01-05T00:00", ny), local("2026-01-19T00:00", ny)), ny) ==
        std::vector<std::string>{"2026-01-09T22:00:00-05:00 .. 2026-01-10T02:00:00-05:00",
                                 "2026-01-16T22:00:00-05:00 .. 2026-01-17T02:00:00-05:00"});
}

TEST_CASE("windows across DST follow the wall clock", "[window][dst]") {
  TimeZone berlin = zone("Europe/Berlin");
  WindowSet early({window("*", "01:00-04:00", "Europe/Berlin")});
  // Spring: 01:00 CET to 04:00 CEST is two hours of real time; autumn: four.
  CHECK(early.intervals(utc("2026-03-28T12:00:00Z"), utc("2026-03-29T12:00:00Z")) ==
        std::vector<std::pair<Time, Time>>{{utc("2026-03-29T00:00:00Z"), utc("2026-03-29T02:00:00Z")}});
  CHECK(early.intervals(utc("2026-10-24T12:00:00Z"), utc("2026-10-25T12:00:00Z")) ==
        std::vector<std::pair<Time, Time>>{{utc("2026-10-24T23:00:00Z"), utc("2026-10-25T03:00:00Z")}});
  // 02:00-03:00 does not exist on the spring day and happens twice on the autumn day.
  WindowSet two({window("sun", "02:00-03:00", "Europe/Berlin")});
  CHECK(two.intervals(utc("2026-03-28T12:00:00Z"), utc("2026-03-29T12:00:00Z")).empty());
  CHECK(two.intervals(utc("2026-10-24T12:00:00Z"), utc("2026-10-25T12:00:00Z")) ==
        std::vector<std::pair<Time, Time>>{{utc("2026-10-25T00:00:00Z"), utc("2026-10-25T02:00:00Z")}});
  // A window whose boundary falls in the gap changes state at the jump.
  WindowSet from_half_two({window("sun", "02:30-05:00", "Europe/Berlin")});
  CHECK(local_iso(*from_half_two.next_change(utc("2026-03-28T12:00:00Z"), kNever), berlin) ==
        "2026-03-29T03:00:00+02:00");
  // Sydney, southern hemisphere: a daily 09-17 window is 8 hours on both sides of its changes.
  TimeZone sydney = zone("Australia/Sydney");
  WindowSet office({window("*", "09:00-17:00", "Australia/Sydney")});
  for (const char* day : {"2026-04-04", "2026-04-05", "2026-10-03", "2026-10-04"}) {
    auto got = office.intervals(local(std::string(day) + "T00:00", sydney), local(std::string(day) + "T23:00", sydney));
    REQUIRE(got.size() == 1);
    CHECK(got[0].second - got[0].first == 8 * kHour);
  }
}

TEST_CASE("window sets: always, never-changing, union and merge", "[window]") {
  WindowSet always;
  CHECK(always.always());
  CHECK(always.active_at(0));
  CHECK_FALSE(always.next_change(0, kNever));
  CHECK(always.intervals(10, 20) == std::vector<std::pair<Time, Time>>{{10, 20}});
  CHECK(always.intervals(20, 10).empty());

  WindowSet all_day({window("daily", "00:00-24:00", "Europe/Berlin")});
  CHECK(all_day.active_at(utc("2026-03-29T01:30:00Z")));
  CHECK_FALSE(all_day.next_change(utc("2026-01-01T00:00:00Z"), kNever));
  CHECK(all_day.intervals(utc("2026-01-01T00:00:00Z"), utc("2026-03-01T00:00:00Z")).size() == 1);

  // Overlapping windows merge; windows in different zones combine.
  TimeZone utc_zone = TimeZone::utc();
  WindowSet morning_and_noon({window("mon", "09:00-12:00", "UTC"), window("mon", "11:00-14:00", "UTC"),
                              window("mon", "11:00-12:00", "Asia/Kolkata")});  // 05:30-06:30 UTC
  CHECK(as_local(morning_and_noon.intervals(utc("2026-01-05T00:00:00Z"), utc("2026-01-06T00:00:00Z")), utc_zone) ==
        std::vector<std::string>{"2026-01-05T05:30:00+00:00 .. 2026-01-05T06:30:00+00:00",
                                 "2026-01-05T09:00:00+00:00 .. 2026-01-05T14:00:00+00:00"});
  // Adjacent windows (one closes when the next opens) are one interval.
  WindowSet adjacent({window("*", "08:00-12:00", "UTC"), window("*", "12:00-13:00", "UTC")});
  CHECK(adjacent.intervals(utc("2026-01-05T00:00:00Z"), utc("2026-01-06T00:00:00Z")) ==
        std::vector<std::pair<Time, Time>>{{utc("2026-01-05T08:00:00Z"), utc("2026-01-05T13:00:00Z")}});
}
