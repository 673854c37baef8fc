// The instant the quota runs out, found from the emission times the first run keeps, against the
// method it replaced: run the scenario a second time, collect every billable command sent in the
// crossing bin, sort them by time and count up to the limit. Also: the emission log holds exactly
// what the bins count, and a hand-built run's crossing worked out by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "core/billing/quota.hpp"
#include "core/billing/usage.hpp"
#include "core/projection/projection.hpp"
#include "core/projection/run.hpp"
#include "core/scenario/embedded.hpp"

namespace {

struct Period {
  sim::CivilDate start_date;
  sim::Time start, end;
  core::Plan plan;
};

Period period_of(const core::Scenario& s, const core::ProjectionOptions& opt) {
  Period p;
  p.start_date = opt.start.value_or(s.start);
  p.start = s.zone.to_utc(sim::CivilTime{p.start_date, 0, 0, 0});
  p.end = s.zone.to_utc(sim::CivilTime{sim::civil_from_days(sim::days_from_civil(p.start_date) + s.days), 0, 0, 0});
  p.plan = *core::find_plan(opt.plan.value_or(s.plan_id), p.start_date);
  return p;
}

// The replaced method: a second run, every billable point of the crossing bin, stable-sorted by time.
std::optional<sim::Time> crossing_by_rerun(const core::Scenario& s, const Period& p) {
  core::ScenarioRun run(s, p.start, p.end, s.seed, 0, true);
  core::MeteredUse use = core::meter(run.rec, s.rules);
  auto starts = core::quota_period_starts(p.plan, p.start_date, p.start, p.end, s.zone);
  core::QuotaUse q = core::quota_use(use.billable, p.start, core::kBinWidth, starts, p.plan.limit);
  if (q.crossing_bin < 0) return std::nullopt;
  struct Point { sim::Time t; std::uint64_t billable; };
  std::vector<Point> trace;
  core::BinEmissions e = run.rec.emissions_in(q.crossing_bin);
  for (const auto& x : e.singles) trace.push_back({x.t, use.weight[x.bundle] * x.times});
  for (const auto& x : e.series)
    for (std::uint64_t i = 0; i < x.count; ++i) trace.push_back({x.first + static_cast<sim::Time>(i) * x.period, use.weight[x.bundle]});
  std::stable_sort(trace.begin(), trace.end(), [](const Point& a, const Point& b) { return a.t < b.t; });
  std::uint64_t used = q.used_before;
  for (const auto& tp : trace) {
    used += tp.billable;
    if (used >= p.plan.limit) return tp.t;
  }
  return std::nullopt;
}

// Every emission the log kept, counted per bundle and bin the way the recorder's bins count them.
void check_log_matches_bins(const core::Recorder& rec) {
  std::vector<std::vector<std::uint64_t>> hits(rec.bundles().size(), std::vector<std::uint64_t>(rec.bins(), 0));
  for (std::int64_t bin = 0; bin < rec.bins(); ++bin) {
    core::BinEmissions e = rec.emissions_in(bin);
    for (const auto& x : e.singles) hits[x.bundle][bin] += x.times;
    for (const auto& x : e.series) hits[x.bundle][bin] += x.count;
  }
  for (std::size_t b = 0; b < hits.size(); ++b) REQUIRE(hits[b] == rec.hits()[b]);
}

}  // namespace

TEST_CASE("the quota instant equals a second run's sorted trace on every shipped scenario", "[quota]") {
  int crossings = 0;
  for (const auto& f : core::embedded_scenarios()) {
    core::Scenario s = core::load_scenario_text(f.text, f.path);
    // The scenario's own plan, and the 2024 daily free quota (a crossing nearly every day).
    for (bool daily : {false, true}) {
      INFO(f.path << (daily ? " on the 2024 daily quota" : ""));
      core::ProjectionOptions opt;
      if (daily) {
        opt.start = sim::CivilDate{2024, 6, 3};
        opt.plan = "upstash-free";
      }
      core::Projection p = core::project(s, opt);
      auto want = crossing_by_rerun(s, period_of(s, opt));
      REQUIRE(p.exhausted_at.has_value() == want.has_value());
      if (want) {
        CHECK(*p.exhausted_at == *want);
        ++crossings;
      }
    }
  }
  CHECK(crossings >= 8);  // the goldens have 8 crossings on their own plans
}

TEST_CASE("the emission log holds exactly what the bins count", "[quota]") {
  for (const char* path : {"scenarios/seed-002/merchant-hub.json", "scenarios/seed-001/celery-default.json",
                           "scenarios/seed-000/order-bot.json"}) {
    INFO(path);
    const core::EmbeddedFile* f = nullptr;
    for (const auto& e : core::embedded_scenarios())
      if (std::string(e.path) == path) f = &e;
    REQUIRE(f);
    core::Scenario s = core::load_scenario_text(f->text, f->path);
    Period p = period_of(s, {});
    core::ScenarioRun run(s, p.start, p.end, s.seed, 0, true);
    check_log_matches_bins(run.rec);
  }
}

TEST_CASE("a hand-built run's quota instant", "[quota]") {
  // One hour from 00:00 UTC: a GET every 10 s from 00:00:05 (360 ticks, a series), and 3 SETs
  // emitted at once at 00:20:00.5. Under Upstash's rules each counts 1. With a limit of 130:
  // by 00:20:00.5 the GETs sent are those at 00:00:05 ... 00:19:55, 120 of them; the 3 SETs take
  // the count to 123; 7 more GETs reach 130, the 7th at 00:21:05.
  sim::Time t0 = sim::TimeZone::utc().to_utc(sim::CivilTime{{2026, 1, 1}, 0, 0, 0});
  core::Recorder rec(t0, t0 + sim::kHour, 1);
  rec.keep_emission_times();
  core::BundleId get = rec.single(0, *core::find_command("GET"));
  core::BundleId set = rec.single(0, *core::find_command("SET"));
  rec.emit_series(t0 + 5 * sim::kSecond, 10 * sim::kSecond, 360, get);
  rec.emit(t0 + 20 * sim::kMinute + 500 * sim::kMillisecond, set, 3);
  rec.finish();
  check_log_matches_bins(rec);
  core::MeteredUse use = core::meter(rec, *core::find_rules("upstash", {2026, 1, 1}));
  CHECK(use.total == 363);
  // Bins of 15 minutes: 90 GETs in the first, 90 + 3 in the second. The crossing is in bin 1 with
  // 90 used before it: 40 more are needed.
  core::QuotaUse q = core::quota_use(use.billable, t0, core::kBinWidth, {t0}, 130);
  REQUIRE(q.crossing_bin == 1);
  CHECK(q.used_before == 90);
  auto at = core::quota_exhausted_at(rec, use, 1, 130 - q.used_before);
  REQUIRE(at);
  CHECK(*at == t0 + 21 * sim::kMinute + 5 * sim::kSecond);
  // A limit the SETs reach: 121 is reached by the first SET (120 GETs before it), at 00:20:00.5.
  CHECK(*core::quota_exhausted_at(rec, use, 1, 121 - 90) == t0 + 20 * sim::kMinute + 500 * sim::kMillisecond);
  // Under rules where SET is free the second bin holds 90: 91 is never reached in it.
  core::BillingRules no_set = *core::find_rules("upstash", {2026, 1, 1});
  no_set.free_commands.insert("SET");
  core::MeteredUse gets_only = core::meter(rec, no_set);
  CHECK(gets_only.total == 360);
  CHECK_FALSE(core::quota_exhausted_at(rec, gets_only, 1, 91).has_value());
}

TEST_CASE("past its budget of kept times the recorder keeps none, and one bin's times give the same instant", "[quota]") {
  // The run above: a GET series from 00:00:05 every 10 s, 3 SETs at 00:20:00.5; limit 130 is
  // reached at 00:21:05 in bin 1 (90 used before it).
  sim::Time t0 = sim::TimeZone::utc().to_utc(sim::CivilTime{{2026, 1, 1}, 0, 0, 0});
  auto run = [&](std::uint64_t max_kept, std::int64_t only_bin) {
    auto rec = std::make_unique<core::Recorder>(t0, t0 + sim::kHour, 1);
    rec->keep_emission_times(max_kept, only_bin);
    core::BundleId get = rec->single(0, *core::find_command("GET"));
    core::BundleId set = rec->single(0, *core::find_command("SET"));
    rec->emit_series(t0 + 5 * sim::kSecond, 10 * sim::kSecond, 360, get);
    rec->emit(t0 + 20 * sim::kMinute + 500 * sim::kMillisecond, set, 3);
    rec->emit(t0 + 50 * sim::kMinute, set, 1);  // in bin 3: not kept when only bin 1 is
    rec->finish();
    return rec;
  };
  auto over = run(1, -1);  // two emissions to keep, budget one
  CHECK_FALSE(over->emission_times_complete());
  CHECK(over->emissions_in(1).singles.empty());
  CHECK(over->emissions_in(1).series.empty());
  auto one_bin = run(2, 1);  // the series and the SETs at 00:20 fall in bin 1; the SET at 00:50 does not
  REQUIRE(one_bin->emission_times_complete());
  CHECK(one_bin->emissions_in(1).singles.size() == 1);
  CHECK(one_bin->emissions_in(3).singles.empty());
  core::MeteredUse use = core::meter(*one_bin, *core::find_rules("upstash", {2026, 1, 1}));
  auto at = core::quota_exhausted_at(*one_bin, use, 1, 130 - 90);
  REQUIRE(at);
  CHECK(*at == t0 + 21 * sim::kMinute + 5 * sim::kSecond);
  // The counts do not depend on what is kept.
  CHECK(core::meter(*over, *core::find_rules("upstash", {2026, 1, 1})).total == 364);
}

TEST_CASE("the recorder refuses emit calls past its emission limit", "[quota][hostile]") {
  sim::Time t0 = sim::TimeZone::utc().to_utc(sim::CivilTime{{2026, 1, 1}, 0, 0, 0});
  core::Recorder rec(t0, t0 + sim::kHour, 1);
  rec.limit_emissions(3);
  core::BundleId get = rec.single(0, *core::find_command("GET"));
  rec.emit(t0, get);
  rec.emit(t0 - sim::kHour, get);  // outside the period: still work done, still counted
  rec.emit_series(t0, sim::kSecond, 1000, get);
  CHECK(rec.emissions() == 3);
  CHECK_THROWS_AS(rec.emit(t0, get), core::EmissionLimitExceeded);
}
