// Hostile numbers in the engine: fraction digits past a 64-bit product and intervals past the end
// of time (issue 13).
#include <catch2/catch.hpp>

#include "sim/schedule.hpp"
#include "sim/time.hpp"

using namespace sim;

TEST_CASE("durations with many fraction digits are exact, not wrapped", "[time][hostile]") {
  // 0.3 d = 7.2 h; twelve fraction digits times a day's microseconds overflowed 64 bits (read as 2.32 s).
  CHECK(parse_duration("0.300000000000d") == 7 * kHour + 12 * kMinute);
  CHECK(parse_duration("0.3d") == 7 * kHour + 12 * kMinute);
  CHECK(parse_duration("0.999999999999999999d") == kDay);
  CHECK(parse_duration("1.5h") == 90 * kMinute);
  CHECK(parse_duration("0.0000005s") == 1);  // rounded to the nearest microsecond
  CHECK(parse_duration("0.123456789012") == 123457);
}

TEST_CASE("durations past the 64-bit microsecond range are refused", "[time][hostile]") {
  CHECK_FALSE(parse_duration("106751992d").has_value());  // past 2^63 - 1 us
  auto almost = parse_duration("106751990.99999999999d");  // just under 2^63 us: positive, never wrapped
  CHECK((almost.has_value() && *almost > 106751990LL * kDay));
  CHECK_FALSE(parse_duration("9223372036854775807s").has_value());
  CHECK(parse_duration("106751990d") == 106751990LL * kDay);
}

TEST_CASE("an interval past the end of time never fires instead of wrapping", "[schedule][hostile]") {
  Time now = 1767225600LL * kSecond;  // 2026-01-01
  IntervalSchedule huge{106751990LL * kDay, 0, now};  // the next tick, now + period, is past 2^63 us
  CHECK(huge.next_after(now) == kNever);
  CHECK(huge.next_after(now - 1) == now);
  IntervalSchedule phase{kMinute, std::numeric_limits<Duration>::max(), 1};
  CHECK(phase.next_after(now) == kNever);
  IntervalSchedule fine{kMinute, 0, 0};
  CHECK(fine.next_after(now) == now + kMinute);
  CHECK(fine.next_after(std::numeric_limits<Time>::max() - 1) == kNever);
}
