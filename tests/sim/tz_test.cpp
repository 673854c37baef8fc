// Time zones from embedded POSIX rules. Expected transitions come from the system tz database
// (tzdata 2025b), e.g. `zdump -v -c 2025,2027 Europe/Berlin` and
// `TZ=Europe/Berlin date -d @1743296399 +%FT%T%:z`, hard-coded because the wasm build has no tzdata.
#include <catch2/catch.hpp>

#include "test_util.hpp"

using namespace sim;
using sim_test::local_iso;
using sim_test::utc;
using sim_test::zone;

namespace {

struct Transition {
  const char* zone;
  std::int64_t at;     // UTC seconds of the change (zdump)
  const char* before;  // TZ=zone date -d @(at - 1) +%FT%T%:z
  const char* after;   // TZ=zone date -d @at +%FT%T%:z
  const char* abbr_before;
  const char* abbr_after;
};

const Transition kTransitions[] = {
    {"Europe/Berlin", 1743296400, "2025-03-30T01:59:59+01:00", "2025-03-30T03:00:00+02:00", "CET", "CEST"},
    {"Europe/Berlin", 1761440400, "2025-10-26T02:59:59+02:00", "2025-10-26T02:00:00+01:00", "CEST", "CET"},
    {"Europe/Berlin", 1774746000, "2026-03-29T01:59:59+01:00", "2026-03-29T03:00:00+02:00", "CET", "CEST"},
    {"Europe/Berlin", 1792890000, "2026-10-25T02:59:59+02:00", "2026-10-25T02:00:00+01:00", "CEST", "CET"},
    {"Europe/London", 1743296400, "2025-03-30T00:59:59+00:00", "2025-03-30T02:00:00+01:00", "GMT", "BST"},
    {"Europe/London", 1761440400, "2025-10-26T01:59:59+01:00", "2025-10-26T01:00:00+00:00", "BST", "GMT"},
    {"Europe/London", 1774746000, "2026-03-29T00:59:59+00:00", "2026-03-29T02:00:00+01:00", "GMT", "BST"},
    {"Europe/London", 1792890000, "2026-10-25T01:59:59+01:00", "2026-10-25T01:00:00+00:00", "BST", "GMT"},
    {"America/New_York", 1741503600, "2025-03-09T01:59:59-05:00", "2025-03-09T03:00:00-04:00", "EST", "EDT"},
    {"America/New_York", 1762063200, "2025-11-02T01:59:59-04:00", "2025-11-02T01:00:00-05:00", "EDT", "EST"},
    {"America/New_York", 1772953200, "2026-03-08T01:59:59-05:00", "2026-03-08T03:00:00-04:00", "EST", "EDT"},
    {"America/New_York", 1793512800, "2026-11-01T01:59:59-04:00", "2026-11-01T01:00:00-05:00", "EDT", "EST"},
    {"America/Los_Angeles", 1741514400, "2025-03-09T01:59:59-08:00", "2025-03-09T03:00:00-07:00", "PST", "PDT"},
    {"America/Los_Angeles", 1762074000, "2025-11-02T01:59:59-07:00", "2025-11-02T01:00:00-08:00", "PDT", "PST"},
    {"America/Los_Angeles", 1772964000, "2026-03-08T01:59:59-08:00", "2026-03-08T03:00:00-07:00", "PST", "PDT"},
    {"America/Los_Angeles", 1793523600, "2026-11-01T01:59:59-07:00", "2026-11-01T01:00:00-08:00", "PDT", "PST"},
    // Southern hemisphere: DST from October to April, across the new year.
    {"Australia/Sydney", 1743868800, "2025-04-06T02:59:59+11:00", "2025-04-06T02:00:00+10:00", "AEDT", "AEST"},
    {"Australia/Sydney", 1759593600, "2025-10-05T01:59:59+10:00", "2025-10-05T03:00:00+11:00", "AEST", "AEDT"},
    {"Australia/Sydney", 1775318400, "2026-04-05T02:59:59+11:00", "2026-04-05T02:00:00+10:00", "AEDT", "AEST"},
    {"Australia/Sydney", 1791043200, "2026-10-04T01:59:59+10:00", "2026-10-04T03:00:00+11:00", "AEST", "AEDT"},
};

}  // namespace

TEST_CASE("offsets on both sides of every 2025 and 2026 transition", "[tz]") {
  for (const Transition& tr : kTransitions) {
    INFO(tr.zone << " " << tr.at);
    TimeZone z = zone(tr.zone);
    Time at = tr.at * kSecond;
    CHECK(local_iso(at - kSecond, z) == tr.before);
    CHECK(local_iso(at, z) == tr.after);
    CHECK(z.abbreviation_at(at - 1) == tr.abbr_before);
    CHECK(z.abbreviation_at(at) == tr.abbr_after);
    // The span API agrees: the change is a span boundary.
    TimeZone::Span span = z.span_at(at);
    CHECK(span.start == at);
    CHECK(span.offset_before == z.offset_at(at - 1));
    CHECK(z.span_at(at - 1).end == at);
  }
}

TEST_CASE("southern summer spans the new year", "[tz]") {
  TimeZone sydney = zone("Australia/Sydney");
  CHECK(local_iso(utc("2025-12-31T12:00:00Z"), sydney) == "2025-12-31T23:00:00+11:00");
  CHECK(local_iso(utc("2026-01-01T12:00:00Z"), sydney) == "2026-01-01T23:00:00+11:00");
  CHECK(local_iso(utc("2026-07-01T00:00:00Z"), sydney) == "2026-07-01T10:00:00+10:00");
  TimeZone::Span summer = sydney.span_at(utc("2026-01-01T00:00:00Z"));
  CHECK(summer.start == 1759593600LL * kSecond);  // 2025-10-05 03:00 AEDT
  CHECK(summer.end == 1775318400LL * kSecond);    // 2026-04-05 03:00 AEDT -> 02:00 AEST
}

TEST_CASE("zones without DST", "[tz]") {
  TimeZone kolkata = zone("Asia/Kolkata");  // TZ=Asia/Kolkata date: +05:30 all year
  TimeZone tokyo = zone("Asia/Tokyo");      // +09:00 all year
  for (const char* when : {"2025-01-15T00:00:00Z", "2025-07-15T00:00:00Z", "2026-03-29T01:00:00Z"}) {
    CHECK(kolkata.offset_at(utc(when)) == 5 * 3600 + 1800);
    CHECK(tokyo.offset_at(utc(when)) == 9 * 3600);
  }
  CHECK(local_iso(utc("2026-01-05T09:00:00Z"), kolkata) == "2026-01-05T14:30:00+05:30");
  CHECK(kolkata.abbreviation_at(0) == "IST");
  CHECK(tokyo.abbreviation_at(0) == "JST");
  CHECK_FALSE(tokyo.has_dst());
  CHECK(zone("Asia/Kathmandu").offset_at(0) == 5 * 3600 + 45 * 60);
  CHECK(zone("Asia/Kathmandu").abbreviation_at(0) == "+0545");
  TimeZone u = TimeZone::utc();
  CHECK(u.name() == "UTC");
  CHECK(u.offset_at(utc("2026-06-01T00:00:00Z")) == 0);
  CHECK(zone("Etc/UTC").offset_at(0) == 0);
}

TEST_CASE("a wall time in the spring-forward gap", "[tz]") {
  // 2026-03-29 02:30 does not exist in Berlin: clocks go from 02:00 CET to 03:00 CEST.
  TimeZone berlin = zone("Europe/Berlin");
  CivilTime gap{{2026, 3, 29}, 2, 30, 0};
  CHECK_FALSE(berlin.to_utc_exact(gap));
  CHECK(berlin.to_utc_all(gap).empty());
  // Moved forward by the gap's length, as zoneinfo's fold=0 does: 03:30 CEST.
  CHECK(local_iso(berlin.to_utc(gap), berlin) == "2026-03-29T03:30:00+02:00");
  // The edges: 01:59:59 and 03:00 exist once.
  CHECK(berlin.to_utc_all({{2026, 3, 29}, 1, 59, 59}).size() == 1);
  CHECK(berlin.to_utc_all({{2026, 3, 29}, 3, 0, 0}) == std::vector<Time>{1774746000LL * kSecond});
  CHECK(berlin.to_utc_all({{2026, 3, 29}, 2, 0, 0}).empty());
}

TEST_CASE("a wall time in the fall-back overlap", "[tz]") {
  // 2026-10-25 02:30 happens twice in Berlin: 00:30Z (CEST) and 01:30Z (CET).
  TimeZone berlin = zone("Europe/Berlin");
  CivilTime twice{{2026, 10, 25}, 2, 30, 0};
  CHECK(berlin.to_utc_all(twice) == std::vector<Time>{utc("2026-10-25T00:30:00Z"), utc("2026-10-25T01:30:00Z")});
  CHECK(berlin.to_utc_exact(twice) == utc("2026-10-25T00:30:00Z"));  // the earlier, as fold=0
  CHECK(berlin.to_utc(twice) == utc("2026-10-25T00:30:00Z"));
  CHECK(berlin.to_local(utc("2026-10-25T01:30:00Z")) == twice);
  CHECK(berlin.to_utc_all({{2026, 10, 25}, 3, 0, 0}).size() == 1);
  // New York's overlap is 01:00-02:00 local.
  TimeZone ny = zone("America/New_York");
  CHECK(ny.to_utc_all({{2026, 11, 1}, 1, 30, 0}).size() == 2);
  CHECK(ny.to_utc_all({{2026, 11, 1}, 2, 0, 0}).size() == 1);
}

TEST_CASE("POSIX TZ strings in all their forms", "[tz]") {
  SECTION("Jn (no Feb 29), n (zero-based, counts Feb 29), times past 24h and negative") {
    // DST from J60 (always March 1) to day 300 (zero-based: 2024 is leap, so Oct 27).
    auto z = TimeZone::from_posix("Test", "AAA-1BBB,J60/0,300/26");
    REQUIRE(z);
    CHECK(local_iso(utc("2024-02-29T22:59:59Z"), *z) == "2024-02-29T23:59:59+01:00");
    CHECK(local_iso(utc("2024-02-29T23:00:00Z"), *z) == "2024-03-01T01:00:00+02:00");
    // 300/26: day 300 of 2024 is Oct 27, 26:00 local DST = Oct 28 02:00 +02 = Oct 28 00:00Z.
    CHECK(z->offset_at(utc("2024-10-27T23:59:59Z")) == 7200);
    CHECK(z->offset_at(utc("2024-10-28T00:00:00Z")) == 3600);
  }
  SECTION("America/Nuuk's negative transition time") {
    // <-02>2<-01>,M3.5.0/-1,M10.5.0/0: DST starts on the last Sunday of March at -1:00, i.e.
    // Saturday 23:00 local. 2026: Sat 2026-03-28 23:00 -02 = 2026-03-29T01:00Z (zdump agrees).
    TimeZone nuuk = zone("America/Nuuk");
    CHECK(local_iso(utc("2026-03-29T00:59:59Z"), nuuk) == "2026-03-28T22:59:59-02:00");
    CHECK(local_iso(utc("2026-03-29T01:00:00Z"), nuuk) == "2026-03-29T00:00:00-01:00");
    CHECK(nuuk.abbreviation_at(utc("2026-06-01T00:00:00Z")) == "-01");
  }
  SECTION("Asia/Jerusalem's 26:00 and Africa/Cairo's 24:00") {
    // IST-2IDT,M3.4.4/26: Thursday before the last Friday of March, 26:00 = Friday 02:00.
    // 2026: Fri 2026-03-27 02:00 +02 = 00:00Z.
    TimeZone jerusalem = zone("Asia/Jerusalem");
    CHECK(local_iso(utc("2026-03-27T00:00:00Z"), jerusalem) == "2026-03-27T03:00:00+03:00");
    CHECK(local_iso(utc("2026-03-26T23:59:59Z"), jerusalem) == "2026-03-27T01:59:59+02:00");
    // EET-2EEST,M4.5.5/0,M10.5.4/24: DST ends on the last Thursday of October at 24:00 (EEST).
    // 2026: Thu Oct 29 24:00 +03 = 2026-10-29T21:00Z.
    TimeZone cairo = zone("Africa/Cairo");
    CHECK(local_iso(utc("2026-10-29T20:59:59Z"), cairo) == "2026-10-29T23:59:59+03:00");
    CHECK(local_iso(utc("2026-10-29T21:00:00Z"), cairo) == "2026-10-29T23:00:00+02:00");
  }
  SECTION("Dublin: winter is the 'DST' of a +1 standard time") {
    // IST-1GMT0,M10.5.0,M3.5.0/1: standard IST +1 in summer, "DST" GMT +0 in winter.
    TimeZone dublin = zone("Europe/Dublin");
    CHECK(local_iso(utc("2026-01-15T12:00:00Z"), dublin) == "2026-01-15T12:00:00+00:00");
    CHECK(local_iso(utc("2026-07-15T12:00:00Z"), dublin) == "2026-07-15T13:00:00+01:00");
    CHECK(dublin.abbreviation_at(utc("2026-01-15T12:00:00Z")) == "GMT");
    CHECK(dublin.abbreviation_at(utc("2026-07-15T12:00:00Z")) == "IST");
    CHECK(local_iso(utc("2026-03-29T01:00:00Z"), dublin) == "2026-03-29T02:00:00+01:00");
    CHECK(dublin.to_utc_all({{2026, 3, 29}, 1, 30, 0}).empty());  // the gap
  }
  SECTION("quoted names, half-hour DST, and the default DST offset") {
    // Lord Howe: <+1030>-10:30<+11>-11,M10.1.0,M4.1.0 - DST is only 30 minutes ahead.
    TimeZone lord_howe = zone("Australia/Lord_Howe");
    CHECK(lord_howe.offset_at(utc("2026-07-01T00:00:00Z")) == 10 * 3600 + 1800);
    CHECK(lord_howe.offset_at(utc("2026-01-01T00:00:00Z")) == 11 * 3600);
    auto z = TimeZone::from_posix("X", "<-03>3<-02>,M3.2.0,M11.1.0");  // DST offset omitted: +1 h
    REQUIRE(z);
    CHECK(z->offset_at(utc("2026-07-01T00:00:00Z")) == -2 * 3600);
    CHECK(z->abbreviation_at(utc("2026-07-01T00:00:00Z")) == "-02");
    auto us = TimeZone::from_posix("X", "EST5EDT");  // no rule: the US one, as glibc
    REQUIRE(us);
    CHECK(us->offset_at(utc("2026-07-01T00:00:00Z")) == -4 * 3600);
    CHECK(us->offset_at(utc("2026-03-08T07:00:00Z")) == -4 * 3600);
    CHECK(us->offset_at(utc("2026-03-08T06:59:59Z")) == -5 * 3600);
  }
  SECTION("malformed strings") {
    for (const char* bad : {"", "CE", "CET", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0",
                            "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0", "<+03-3", "CET-1CEST,J0,J365",
                            "CET-1CEST,M3.5.0/168,M10.5.0", "CET-25", "CET-1CEST,M3.5.0,M10.5.0x"}) {
      INFO(bad);
      CHECK_FALSE(TimeZone::from_posix("X", bad));
    }
  }
}

TEST_CASE("the zone table", "[tz]") {
  const auto& names = TimeZone::supported_zones();
  CHECK(names.size() >= 40);
  for (const char* required :
       {"UTC", "Etc/UTC", "Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Kolkata",
        "Asia/Tokyo", "Australia/Sydney", "Europe/Paris", "Europe/Amsterdam", "Europe/Madrid", "Europe/Rome",
        "Europe/Zurich", "Europe/Warsaw", "Europe/Moscow", "Europe/Istanbul", "America/Chicago", "America/Denver",
        "America/Phoenix", "America/Toronto", "America/Sao_Paulo", "America/Mexico_City", "Asia/Singapore",
        "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Dubai", "Asia/Seoul", "Asia/Jakarta", "Asia/Kathmandu",
        "Australia/Melbourne", "Pacific/Auckland", "Africa/Johannesburg", "Africa/Lagos"}) {
    INFO(required);
    auto z = TimeZone::find(required);
    REQUIRE(z);
    CHECK(z->name() == required);
  }
  CHECK(TimeZone::find("Europe/Berlin")->posix_rule() == "CET-1CEST,M3.5.0,M10.5.0/3");
  CHECK_FALSE(TimeZone::find("Mars/Olympus_Mons"));
  CHECK_FALSE(TimeZone::find("europe/berlin"));
  CHECK(std::is_sorted(names.begin(), names.end()));
  // Every embedded rule parses.
  for (const auto& n : names) CHECK(TimeZone::find(n));
  // Auckland, southern: NZDT in January (+13), NZST in July (+12).
  CHECK(zone("Pacific/Auckland").offset_at(utc("2026-01-15T00:00:00Z")) == 13 * 3600);
  CHECK(zone("Pacific/Auckland").offset_at(utc("2026-07-15T00:00:00Z")) == 12 * 3600);
}
