// Arrivals: the rate follows the hourly profile in local time; Poisson counts have variance equal to
// their mean; deterministic arrivals are evenly spread and exact in number.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "sim/arrivals.hpp"
#include "test_util.hpp"

using namespace sim;
using sim_test::local;
using sim_test::utc;
using sim_test::zone;

namespace {

// Quiet nights, a busy afternoon: hours 0-5 weight 0, 6-11 weight 1, 12-17 weight 3, 18-23 weight 2.
std::vector<double> office_profile() {
  std::vector<double> w(24);
  for (int h = 0; h < 24; ++h) w[h] = h < 6 ? 0 : h < 12 ? 1 : h < 18 ? 3 : 2;
  return w;
}

}  // namespace

TEST_CASE("rates and expected counts follow the profile in local time", "[arrivals]") {
  ArrivalProfile flat;
  flat.per_day = 1440;
  CHECK(arrival_rate_at(flat, 0) == Approx(1440.0 / kDay));
  CHECK(expected_arrivals(flat, 0, kDay) == Approx(1440));
  CHECK(expected_arrivals(flat, 0, kHour) == Approx(60));

  ArrivalProfile office;
  office.per_day = 600;  // mean weight 1.5, so the busy hours (3) get 50 an hour, night none
  office.hourly = office_profile();
  office.zone = zone("Europe/Berlin");
  const TimeZone& berlin = office.zone;
  CHECK(arrival_rate_at(office, local("2026-01-05T03:00", berlin)) == 0.0);
  CHECK(arrival_rate_at(office, local("2026-01-05T14:30", berlin)) * kHour == Approx(50));
  CHECK(expected_arrivals(office, local("2026-01-05T12:00", berlin), local("2026-01-05T18:00", berlin)) == Approx(300));
  CHECK(expected_arrivals(office, local("2026-01-05T00:00", berlin), local("2026-01-06T00:00", berlin)) == Approx(600));
  // Scaling the weights does not change the profile.
  ArrivalProfile scaled = office;
  for (double& w : scaled.hourly) w *= 5;
  CHECK(expected_arrivals(scaled, 0, 3 * kDay) == Approx(expected_arrivals(office, 0, 3 * kDay)));
  // The spring-forward day has 23 local hours; the missing one (02:00) is a night hour, so the day
  // still expects 600. Flat, it expects 23/24 of a day.
  CHECK(expected_arrivals(office, local("2026-03-29T00:00", berlin), local("2026-03-30T00:00", berlin)) == Approx(600));
  ArrivalProfile flat_berlin = flat;
  flat_berlin.zone = berlin;
  CHECK(expected_arrivals(flat_berlin, local("2026-03-29T00:00", berlin), local("2026-03-30T00:00", berlin)) ==
        Approx(1380));
  // A zone with a half-hour offset: local hours start at :30 UTC.
  ArrivalProfile kolkata = office;
  kolkata.zone = zone("Asia/Kolkata");
  CHECK(arrival_rate_at(kolkata, utc("2026-01-05T06:29:59Z")) * kHour == Approx(600.0 / 36));  // 11:59:59, weight 1
  CHECK(arrival_rate_at(kolkata, utc("2026-01-05T06:30:00Z")) * kHour == Approx(50));           // 12:00, weight 3
}

TEST_CASE("bad profiles are rejected", "[arrivals]") {
  ArrivalProfile p;
  p.per_day = 10;
  p.hourly = std::vector<double>(23, 1.0);
  CHECK_THROWS_AS(expected_arrivals(p, 0, kDay), std::invalid_argument);
  p.hourly = std::vector<double>(24, 1.0);
  p.hourly[3] = -1;
  CHECK_THROWS_AS(expected_arrivals(p, 0, kDay), std::invalid_argument);
  p.hourly = std::vector<double>(24, 0.0);
  CHECK(expected_arrivals(p, 0, kDay) == 0.0);
  Rng rng(1);
  CHECK(generate_arrivals(p, 0, kDay, rng).empty());
}

TEST_CASE("Poisson arrivals: mean and variance over many days", "[arrivals]") {
  ArrivalProfile p;
  p.per_day = 200;
  p.zone = zone("America/New_York");
  Rng rng = Rng::stream(42, "arrivals");
  const int days = 2000;
  double sum = 0, sum_sq = 0;
  Time day0 = utc("2026-01-01T05:00:00Z");  // local midnight
  for (int d = 0; d < days; ++d) {
    Time from = day0 + d * kDay, to = from + kDay;
    std::vector<Time> a = generate_arrivals(p, from, to, rng);
    for (std::size_t i = 0; i < a.size(); ++i) {
      REQUIRE(a[i] >= from);
      REQUIRE(a[i] < to);
      if (i > 0) REQUIRE(a[i] >= a[i - 1]);
    }
    sum += static_cast<double>(a.size());
    sum_sq += static_cast<double>(a.size()) * static_cast<double>(a.size());
  }
  double mean = sum / days, variance = sum_sq / days - mean * mean;
  // Standard error of the mean: sqrt(200 / 2000) = 0.32; of the variance about 200 * sqrt(2 / 2000) = 6.3.
  CHECK(mean == Approx(200).margin(1.5));
  CHECK(variance == Approx(200).margin(25));
}

TEST_CASE("Poisson arrivals are shaped by the hourly profile", "[arrivals]") {
  ArrivalProfile p;
  p.per_day = 1200;
  p.hourly = office_profile();
  p.zone = zone("Europe/Berlin");
  Rng rng = Rng::stream(7, "shaped");
  std::vector<int> by_hour(24, 0);
  Time from = local("2026-01-05T00:00", p.zone);
  std::vector<Time> all = generate_arrivals(p, from, from + 100 * kDay, rng);
  for (Time t : all) ++by_hour[p.zone.to_local(t).hour];
  CHECK(static_cast<double>(all.size()) == Approx(120000).epsilon(0.01));
  for (int h = 0; h < 6; ++h) CHECK(by_hour[h] == 0);
  // Per hour over 100 days: 1200 / 36 * weight * 100 -> 3333, 10000, 6667 (sd <= 100).
  for (int h = 6; h < 12; ++h) CHECK(by_hour[h] == Approx(3333.3).margin(400));
  for (int h = 12; h < 18; ++h) CHECK(by_hour[h] == Approx(10000).margin(400));
  for (int h = 18; h < 24; ++h) CHECK(by_hour[h] == Approx(6666.7).margin(400));
}

TEST_CASE("Poisson arrivals replay exactly for a seed", "[arrivals]") {
  ArrivalProfile p;
  p.per_day = 1000;
  p.zone = zone("Europe/Berlin");
  Rng a(12345), b(12345);
  Time from = utc("2026-01-01T00:00:00Z");
  std::vector<Time> first = generate_arrivals(p, from, from + kDay, a);
  CHECK(first == generate_arrivals(p, from, from + kDay, b));
  // Pinned, so the wasm build can be checked against the native one.
  REQUIRE(first.size() == 1022);
  CHECK(first[0] == 1767225638239809LL);
  CHECK(first[1] == 1767225739258314LL);
  CHECK(first[2] == 1767225813076389LL);
}

TEST_CASE("deterministic arrivals are evenly spread and exact in number", "[arrivals]") {
  ArrivalProfile p;
  p.per_day = 1440;
  p.deterministic = true;
  p.zone = zone("Europe/Berlin");
  Rng unused(1);
  Time from = utc("2026-03-01T00:00:00Z");
  std::vector<Time> month = generate_arrivals(p, from, from + 30 * kDay, unused);
  CHECK(month.size() == 43200);  // 30 days of one a minute, DST change included
  CHECK(month[0] == from + 30 * kSecond);
  CHECK(month[1] == from + 90 * kSecond);
  for (std::size_t i = 1; i < month.size(); ++i) REQUIRE(month[i] - month[i - 1] == kMinute);

  // With a profile: per local hour, per_day / 24 * relative weight; fractions carry over.
  p.per_day = 100;  // mean weight 1.5: busy hours 100/36*3 = 8.33 an hour
  p.hourly = office_profile();
  Time day = local("2026-01-05T00:00", p.zone);
  std::vector<Time> one_day = generate_arrivals(p, day, day + kDay, unused);
  CHECK(one_day.size() == 100);
  std::vector<int> by_hour(24, 0);
  for (Time t : one_day) ++by_hour[p.zone.to_local(t).hour];
  for (int h = 0; h < 6; ++h) CHECK(by_hour[h] == 0);
  int busy = 0;
  for (int h = 12; h < 18; ++h) busy += by_hour[h];
  CHECK(busy == 50);
  CHECK(std::abs(by_hour[12] - 8.33) < 1);
  // Fractional rates: 1 a day spread over 10 days is 10 arrivals, one each local noon-ish.
  ArrivalProfile sparse;
  sparse.per_day = 1;
  sparse.deterministic = true;
  std::vector<Time> ten = generate_arrivals(sparse, 0, 10 * kDay, unused);
  CHECK(ten.size() == 10);
  CHECK(ten[0] == 12 * kHour);
  // Deterministic arrivals draw nothing.
  CHECK(unused.next_u64() == Rng(1).next_u64());
}

// fuzz_scenario found a profile with a weight of 1e308 that never finished: 1e308 x 24 overflowed to
// infinity, the peak rate was infinite, every thinning gap was 0 and the candidate time never moved.
// Weights are scaled by the largest first, so any finite weights give finite rates.
TEST_CASE("weights near the largest double give finite rates and arrivals that end", "[arrivals][hostile]") {
  ArrivalProfile p;
  p.per_day = 30;
  p.hourly = std::vector<double>(24, 1.0);
  p.hourly[4] = 1e308;
  p.hourly[18] = 1.18e20;
  // Hour 4 holds all but a part in 1e288 of the day: 30 there, nothing measurable elsewhere.
  CHECK(expected_arrivals(p, 0, kDay) == Approx(30.0));
  CHECK(arrival_rate_at(p, 4 * kHour + kMinute) * static_cast<double>(kHour) == Approx(30.0));
  CHECK(arrival_rate_at(p, 10 * kHour) * static_cast<double>(kDay) < 1e-250);
  Rng rng(7);
  auto a = generate_arrivals(p, 0, kDay, rng);
  CHECK(a.size() > 10);
  CHECK(a.size() < 60);
  for (Time t : a) CHECK((t >= 4 * kHour && t < 5 * kHour));
  // Two weights at the largest double: the sum no longer overflows either.
  p.hourly[5] = 1.7e308;
  CHECK(expected_arrivals(p, 0, kDay) == Approx(30.0));
}
