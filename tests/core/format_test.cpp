#include "core/format/format.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

namespace f = core::format;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("grouped puts a comma every three digits", "[format]") {
  CHECK(f::grouped(std::uint64_t{0}) == "0");
  CHECK(f::grouped(999) == "999");
  CHECK(f::grouped(1000) == "1,000");
  CHECK(f::grouped(999999) == "999,999");
  CHECK(f::grouped(1234567) == "1,234,567");
  CHECK(f::grouped(-1234567) == "-1,234,567");
  CHECK(f::grouped(std::numeric_limits<std::uint64_t>::max()) == "18,446,744,073,709,551,615");
  CHECK(f::grouped(std::numeric_limits<std::int64_t>::min()) == "-9,223,372,036,854,775,808");
  CHECK(f::grouped(std::size_t{12345}) == "12,345");
}

TEST_CASE("grouped rounds doubles to whole numbers", "[format]") {
  CHECK(f::grouped(0.0) == "0");
  CHECK(f::grouped(999.4) == "999");
  CHECK(f::grouped(999.5) == "1,000");
  CHECK(f::grouped(2.5) == "3");
  CHECK(f::grouped(-2.5) == "-3");
  CHECK(f::grouped(-0.3) == "0");
  CHECK(f::grouped(-1500.0) == "-1,500");
  CHECK(f::grouped(1e15) == "1,000,000,000,000,000");
  CHECK(f::grouped(kNaN) == "n/a");
  CHECK(f::grouped(kInf) == "inf");
  CHECK(f::grouped(-kInf) == "-inf");
}

TEST_CASE("compact numbers use K, M and B, chosen by the rounded value", "[format]") {
  CHECK(f::compact(0) == "0");
  CHECK(f::compact(7) == "7");
  CHECK(f::compact(97.6) == "97.6");
  CHECK(f::compact(0.04) == "0.0");
  CHECK(f::compact(-0.04) == "0.0");
  CHECK(f::compact(99.96) == "100");
  CHECK(f::compact(999) == "999");
  CHECK(f::compact(1000) == "1000");
  CHECK(f::compact(9999) == "9999");
  CHECK(f::compact(9999.6) == "10.0K");
  CHECK(f::compact(10000) == "10.0K");
  CHECK(f::compact(460400) == "460.4K");
  CHECK(f::compact(999949) == "999.9K");
  CHECK(f::compact(999999) == "1.00M");
  CHECK(f::compact(1234567) == "1.23M");
  CHECK(f::compact(999994999) == "999.99M");
  CHECK(f::compact(999999999) == "1.00B");
  CHECK(f::compact(2.5e9) == "2.50B");
  CHECK(f::compact(1e15) == "1000000.00B");
  CHECK(f::compact(-1234567) == "-1.23M");
  CHECK(f::compact(-12.34) == "-12.3");
  CHECK(f::compact(kNaN) == "n/a");
  CHECK(f::compact(kInf) == "inf");
  CHECK(f::compact(-kInf) == "-inf");
}

TEST_CASE("dollars always show cents and group thousands", "[format]") {
  CHECK(f::usd(0) == "$0.00");
  CHECK(f::usd(0.004) == "$0.00");
  CHECK(f::usd(-0.004) == "$0.00");
  CHECK(f::usd(0.005001) == "$0.01");
  CHECK(f::usd(0.2) == "$0.20");
  CHECK(f::usd(999.99) == "$999.99");
  CHECK(f::usd(999.999) == "$1,000.00");
  CHECK(f::usd(1234.5) == "$1,234.50");
  CHECK(f::usd(-3.1) == "-$3.10");
  CHECK(f::usd(1e12) == "$1,000,000,000,000.00");
  CHECK(f::usd(kNaN) == "n/a");
  CHECK(f::usd(kInf) == "inf");
}

TEST_CASE("percentages take a value already in percent", "[format]") {
  CHECK(f::percent(0) == "0.0%");
  CHECK(f::percent(12.345) == "12.3%");
  CHECK(f::percent(99.96) == "100.0%");
  CHECK(f::percent(250, 0) == "250%");
  CHECK(f::percent(41.6, 0) == "42%");
  CHECK(f::percent(-5.25) == "-5.2%");
  CHECK(f::percent(-0.01) == "0.0%");
  CHECK(f::percent(kNaN) == "n/a");
  CHECK(f::percent(kInf, 0) == "inf");
}

TEST_CASE("durations move to the next unit when they round up to it", "[format]") {
  CHECK(f::duration(0) == "0 ms");
  CHECK(f::duration(0.0004) == "0 ms");
  CHECK(f::duration(0.35) == "350 ms");
  CHECK(f::duration(0.9996) == "1.0 s");
  CHECK(f::duration(4.54) == "4.5 s");
  CHECK(f::duration(9.96) == "10 s");
  CHECK(f::duration(42.4) == "42 s");
  CHECK(f::duration(119.4) == "119 s");
  CHECK(f::duration(119.6) == "2.0 min");
  CHECK(f::duration(750) == "12.5 min");
  CHECK(f::duration(7197) == "2.0 h");
  CHECK(f::duration(11520) == "3.2 h");
  CHECK(f::duration(2 * 86400) == "2.0 days");
  CHECK(f::duration(30 * 86400) == "30.0 days");
  CHECK(f::duration(-4.54) == "-4.5 s");
  CHECK(f::duration(kNaN) == "n/a");
  CHECK(f::duration(kInf) == "inf");
}

TEST_CASE("durations in whole seconds round below two minutes", "[format]") {
  using core::format::DurationStyle;
  CHECK(f::duration(0.4, DurationStyle::whole_seconds) == "0 s");
  CHECK(f::duration(1.6, DurationStyle::whole_seconds) == "2 s");
  CHECK(f::duration(46.2, DurationStyle::whole_seconds) == "46 s");
  CHECK(f::duration(119.6, DurationStyle::whole_seconds) == "2.0 min");
  CHECK(f::duration(318, DurationStyle::whole_seconds) == "5.3 min");
  CHECK(f::duration(3 * 86400, DurationStyle::whole_seconds) == "3.0 days");
}

TEST_CASE("bytes use powers of 1000", "[format]") {
  CHECK(f::bytes(0) == "0 B");
  CHECK(f::bytes(999) == "999 B");
  CHECK(f::bytes(999.6) == "1.0 KB");
  CHECK(f::bytes(1536) == "1.5 KB");
  CHECK(f::bytes(999960) == "1.0 MB");
  CHECK(f::bytes(12.34e6) == "12.3 MB");
  CHECK(f::bytes(1.25e9) == "1.25 GB");
  CHECK(f::bytes(kNaN) == "n/a");
}

TEST_CASE("fixed prints a plain decimal", "[format]") {
  CHECK(f::fixed(97.64, 1) == "97.6");
  CHECK(f::fixed(60, 2) == "60.00");
  CHECK(f::fixed(2.5, 0) == "2");  // printf rounds half to even
  CHECK(f::fixed(-0.04, 1) == "0.0");
  CHECK(f::fixed(-1.25, 1) == "-1.2");
  CHECK(f::fixed(kNaN, 1) == "n/a");
}

TEST_CASE("format: storage in the units providers sell (1024s, three significant digits)", "[format]") {
  CHECK(f::storage(256.0 * 1024 * 1024) == "256 MB");  // Upstash's free tier, not "268 MB"
  CHECK(f::storage(1024.0 * 1024 * 1024) == "1 GB");
  CHECK(f::storage(1.5 * 1024) == "1.5 KB");
  CHECK(f::storage(12.34 * 1024 * 1024) == "12.3 MB");
  CHECK(f::storage(512) == "512 B");
  // Upstash's largest fixed plan allows 20 TB of bandwidth a month (20 x 2^40 bytes), not "2.05e+04 GB".
  CHECK(f::storage(20.0 * 1024 * 1024 * 1024 * 1024) == "20 TB");
  CHECK(f::storage(0) == "0 B");
  CHECK(f::storage(kNaN) == "n/a");
}
