// Fixed-interval schedules and the Schedule variant.
#include <catch2/catch.hpp>

#include "test_util.hpp"

using namespace sim;
using sim_test::utc;

TEST_CASE("interval schedules fire at anchor + phase + k * period", "[interval]") {
  IntervalSchedule five{5 * kMinute, 0, 0};
  CHECK(five.next_after(utc("2026-01-05T10:02:00Z")) == utc("2026-01-05T10:05:00Z"));
  CHECK(five.next_after(utc("2026-01-05T10:05:00Z")) == utc("2026-01-05T10:10:00Z"));  // strictly after
  CHECK(five.next_after(utc("2026-01-05T10:05:00Z") - 1) == utc("2026-01-05T10:05:00Z"));
  IntervalSchedule phased{5 * kMinute, 30 * kSecond, 0};
  CHECK(phased.next_after(utc("2026-01-05T10:02:00Z")) == utc("2026-01-05T10:05:30Z"));
  IntervalSchedule anchored{6 * kSecond, 0, utc("2026-01-05T10:00:01Z")};
  CHECK(anchored.next_after(utc("2026-01-05T10:00:02Z")) == utc("2026-01-05T10:00:07Z"));
  CHECK(anchored.next_after(utc("2026-01-05T09:59:58Z")) == utc("2026-01-05T10:00:01Z"));  // before the anchor
  CHECK(anchored.next_after(utc("2026-01-05T09:59:54Z")) == utc("2026-01-05T09:59:55Z"));
  CHECK(IntervalSchedule{0, 0, 0}.next_after(0) == kNever);
  CHECK(IntervalSchedule{-kSecond, 0, 0}.next_after(0) == kNever);
  // Integer arithmetic: a month of 6-second ticks is exactly 432,000 of them.
  IntervalSchedule six{6 * kSecond, 0, utc("2026-06-01T00:00:00Z")};
  int n = 0;
  for (Time t = six.next_after(utc("2026-06-01T00:00:00Z") - 1); t < utc("2026-07-01T00:00:00Z"); t = six.next_after(t)) ++n;
  CHECK(n == 432000);
}

TEST_CASE("Schedule dispatches to its kind", "[interval]") {
  Schedule interval(IntervalSchedule{kHour, 0, 0});
  CHECK(interval.next_after(utc("2026-01-05T10:30:00Z")) == utc("2026-01-05T11:00:00Z"));
  CHECK(std::holds_alternative<IntervalSchedule>(interval.kind()));
  Schedule cron(std::get<CronSchedule>(CronSchedule::parse("0 9 * * *", *TimeZone::find("Asia/Tokyo"))));
  CHECK(cron.next_after(utc("2026-01-05T00:00:00Z")) == utc("2026-01-06T00:00:00Z"));  // 09:00 JST
  ApsFields fields;
  fields.hour = "9";
  Schedule aps(std::get<ApsCronSchedule>(ApsCronSchedule::make(fields, *TimeZone::find("Asia/Tokyo"))));
  CHECK(aps.next_after(utc("2026-01-05T00:00:00Z")) == utc("2026-01-06T00:00:00Z"));
  Schedule default_constructed;
  CHECK(default_constructed.next_after(0) == kMinute);  // IntervalSchedule's default: every minute
}
