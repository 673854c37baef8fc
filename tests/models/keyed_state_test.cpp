// Unit tests of the keyed_state model: command mix per lifecycle, TTL expiry, the cleanup cutoff rule,
// restore cost, and the APScheduler cleanup fire dates.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>

#include "core/models/keyed_state.hpp"

namespace {

using core::json;

struct Run {
  std::unique_ptr<core::Recorder> rec;
  core::KeyedStateRun info;
  std::map<std::string, std::uint64_t> by_cmd;
  std::uint64_t total = 0;
};

std::unique_ptr<core::KeyedStateModel> parse(const std::string& text) {
  static std::vector<std::unique_ptr<json>> keep;  // Reader keeps references into the document
  keep.push_back(std::make_unique<json>(json::parse(text)));
  core::Reader r(*keep.back(), "");
  auto m = core::parse_keyed_state(r);
  r.finish();
  return std::unique_ptr<core::KeyedStateModel>(static_cast<core::KeyedStateModel*>(m.release()));
}

std::map<std::string, std::uint64_t> counts(const core::Recorder& rec, sim::Time from, sim::Time to) {
  std::map<std::string, std::uint64_t> out;
  for (std::size_t b = 0; b < rec.bundles().size(); ++b)
    for (std::int64_t i = rec.bin_of(std::max(from, rec.start())); i < rec.bins() && rec.start() + i * core::kBinWidth < to; ++i) {
      auto h = rec.hits()[b][static_cast<std::size_t>(i)];
      if (!h) continue;
      for (const auto& c : rec.bundles()[b].commands)
        out[(c.in_script ? "lua:" : "") + core::command_info(c.cmd).name] += h * c.count;
    }
  return out;
}

std::uint64_t sum(const std::map<std::string, std::uint64_t>& m) {
  std::uint64_t s = 0;
  for (auto& [k, v] : m) s += v;
  return s;
}

Run run(const core::KeyedStateModel& m, sim::Time start, sim::Time end, const sim::TimeZone& zone) {
  Run out;
  out.rec = std::make_unique<core::Recorder>(start, end, 1);
  sim::Simulator simulator(start);
  core::SharedState shared;
  core::ModelContext ctx{simulator, *out.rec, shared, sim::Rng::stream(1, "orders"), start, end, zone, 0, "orders"};
  out.info = m.run(ctx);
  simulator.run_until(end);
  out.rec->finish();
  out.by_cmd = counts(*out.rec, start, end);
  out.total = sum(out.by_cmd);
  return out;
}

const sim::TimeZone& berlin() {
  static sim::TimeZone z = *sim::TimeZone::find("Europe/Berlin");
  return z;
}
sim::Time at(int y, int mo, int d, int h = 0, int mi = 0) { return berlin().to_utc(sim::CivilTime{{y, mo, d}, h, mi, 0}); }

}  // namespace

TEST_CASE("keyed_state: one lifecycle sends the save, the re-saves and the reads", "[keyed_state]") {
  // 24 objects a day, one per hour (at :30); each: create + 3 updates as SET + EXPIRE, 10 GETs, all
  // within 20 minutes.
  auto m = parse(R"({"arrivals": {"per_day": 24, "deterministic": true}, "ttl": "7d", "warmup": "0s",
                     "lifecycle": {"duration": "20m", "reads": 10, "updates": 3}})");
  Run r = run(*m, at(2025, 12, 1), at(2025, 12, 2), berlin());
  CHECK(r.info.objects == 24);
  CHECK(r.by_cmd["SET"] == 24 * 4);
  CHECK(r.by_cmd["EXPIRE"] == 24 * 4);
  CHECK(r.by_cmd["GET"] == 24 * 10);
  CHECK(r.total == 24 * 18);

  SECTION("SET EX makes a save one command") {
    auto ex = parse(R"({"arrivals": {"per_day": 24, "deterministic": true}, "ttl": "7d", "warmup": "0s", "save": "set-ex",
                        "lifecycle": {"duration": "20m", "reads": 10, "updates": 3}})");
    Run e = run(*ex, at(2025, 12, 1), at(2025, 12, 2), berlin());
    CHECK(e.by_cmd["SET"] == 24 * 4);
    CHECK(e.by_cmd.count("EXPIRE") == 0);
    CHECK(e.total == 24 * 14);
  }
}

TEST_CASE("keyed_state: live keys follow the TTL, counted from the last save", "[keyed_state]") {
  // One object per hour, lifecycle 2 h (last save 2 h after creation), TTL 10 h: each key lives 12 h.
  auto m = parse(R"({"arrivals": {"per_day": 24, "deterministic": true}, "ttl": "10h", "warmup": "2d",
                     "bytes_per_key": 1000, "lifecycle": {"duration": "2h", "reads": 0, "updates": 1}})");
  Run r = run(*m, at(2025, 12, 1), at(2025, 12, 3), berlin());
  const auto& keys = r.rec->gauge_last()[0][0];
  const auto& bytes = r.rec->gauge_last()[0][1];
  // In steady state 12 objects are live (created in the last 12 h), give or take the one at the instant.
  for (std::int64_t b = 8; b < r.rec->bins(); b += 7) {
    CHECK(keys[static_cast<std::size_t>(b)] >= 11);
    CHECK(keys[static_cast<std::size_t>(b)] <= 13);
    CHECK(bytes[static_cast<std::size_t>(b)] == keys[static_cast<std::size_t>(b)] * 1000);
  }
  CHECK(r.rec->gauge_max()[0][0] <= 13);
}

TEST_CASE("keyed_state: restore after a restart costs KEYS + one GET per live key", "[keyed_state]") {
  auto m = parse(R"({"arrivals": {"per_day": 24, "deterministic": true}, "ttl": "10h", "warmup": "1d",
                     "lifecycle": {"duration": "2h", "reads": 0, "updates": 1},
                     "restarts": [{"at": ["2025-12-01T12:00:30", "2025-12-01T18:00:30"]}]})");
  Run r = run(*m, at(2025, 12, 1), at(2025, 12, 2), berlin());
  REQUIRE(r.info.restores.size() == 2);
  std::uint64_t gets = 0;
  for (const auto& x : r.info.restores) {
    CHECK(x.live == 12);  // created in the 12 h before (10 h TTL after a save 2 h in)
    gets += x.live;
  }
  CHECK(r.by_cmd["KEYS"] == 2);
  CHECK(r.by_cmd["GET"] == gets);
}

TEST_CASE("keyed_state: a cleanup deletes exactly the objects created before now minus N days", "[keyed_state]") {
  // One order per hour from Dec 1; /cleanup 2 on Dec 8 at 21:30 Berlin: cutoff Dec 6 21:30, so the
  // Dec 6 orders created before 21:30 go too (the seed says Dec 6-8 are kept).
  auto m = parse(R"({"arrivals": {"per_day": 24, "deterministic": true}, "ttl": "30d", "warmup": "0s",
                     "lifecycle": {"duration": "0s", "reads": 0, "updates": 0}, "zone": "Europe/Berlin",
                     "manual_cleanups": [{"at": "2025-12-08T21:30", "days_to_keep": 2}]})");
  Run r = run(*m, at(2025, 12, 1), at(2025, 12, 9), berlin());
  REQUIRE(r.info.cleanups.size() == 1);
  const auto& c = r.info.cleanups[0];
  CHECK(c.cutoff == at(2025, 12, 6, 21, 30));
  // The same arrivals the model drew: live = arrived before the run, deleted = created before the cutoff.
  sim::ArrivalProfile prof;
  prof.per_day = 24;
  prof.deterministic = true;
  prof.zone = berlin();
  sim::Rng rng(1);
  std::uint64_t before = 0, older = 0;
  for (sim::Time t : sim::generate_arrivals(prof, at(2025, 12, 1), at(2025, 12, 9), rng)) {
    before += t < c.t;  // an order arriving at the same instant is saved after the cleanup ran
    older += t < c.cutoff;
  }
  CHECK(c.live_before == before);
  CHECK(c.deleted == older);
  CHECK(older >= 5 * 24 + 21);  // Dec 1 .. Dec 6 about 21:00: Dec 6's orders before 21:30 included
  CHECK(r.by_cmd["KEYS"] == 1);
  CHECK(r.by_cmd["GET"] == c.live_before);
  CHECK(r.by_cmd["DEL"] == c.deleted);

  SECTION("/cleanup 0 deletes every order created before the command, today's included") {
    auto z = parse(R"({"arrivals": {"per_day": 24, "deterministic": true}, "ttl": "7d", "warmup": "0s",
                       "lifecycle": {"duration": "0s"}, "zone": "Europe/Berlin",
                       "manual_cleanups": [{"at": "2025-12-08T21:30", "days_to_keep": 0}]})");
    Run q = run(*z, at(2025, 12, 1), at(2025, 12, 9), berlin());
    CHECK(q.info.cleanups[0].deleted == q.info.cleanups[0].live_before);
  }
  SECTION("a failing run (seed 000's first /cleanup 1) reads every key and deletes nothing") {
    auto f = parse(R"({"arrivals": {"per_day": 24, "deterministic": true}, "ttl": "7d", "warmup": "0s",
                       "lifecycle": {"duration": "0s"}, "zone": "Europe/Berlin",
                       "manual_cleanups": [{"at": "2025-12-08T21:00", "days_to_keep": 1, "deletes": false}]})");
    Run q = run(*f, at(2025, 12, 1), at(2025, 12, 9), berlin());
    CHECK(q.info.cleanups[0].deleted == 0);
    CHECK(q.by_cmd["GET"] == q.info.cleanups[0].live_before);
    CHECK(q.by_cmd.count("DEL") == 0);
  }
}

TEST_CASE("keyed_state: the cutoff keeps the wall clock across a DST change, as Python's aware datetimes do", "[keyed_state]") {
  // 2026-03-30 12:00 CEST minus 2 days = 2026-03-28 12:00 CET: 47 hours earlier, not 48.
  sim::Time now = at(2026, 3, 30, 12, 0);
  CHECK(core::cleanup_cutoff(now, 2, berlin()) == at(2026, 3, 28, 12, 0));
  CHECK(now - core::cleanup_cutoff(now, 2, berlin()) == 47 * sim::kHour);
}

TEST_CASE("keyed_state: the scheduled cleanup fires on APScheduler's day='*/3' days", "[keyed_state]") {
  auto m = parse(R"({"arrivals": {"per_day": 24, "deterministic": true}, "ttl": "7d",
                     "lifecycle": {"duration": "0s"}, "zone": "Europe/Berlin",
                     "cleanups": [{"schedule": {"aps": {"day": "*/3", "hour": 23, "minute": 59}, "zone": "Europe/Berlin"},
                                   "days_to_keep": 2}]})");
  Run r = run(*m, at(2025, 12, 8, 20, 15), at(2026, 1, 8), berlin());
  std::vector<int> days;
  for (const auto& c : r.info.cleanups) {
    sim::CivilTime local = berlin().to_local(c.t);
    CHECK(local.hour == 23);
    CHECK(local.minute == 59);
    days.push_back(local.date.month * 100 + local.date.day);
  }
  CHECK(days == std::vector<int>{1210, 1213, 1216, 1219, 1222, 1225, 1228, 1231, 101, 104, 107});
  // Each keeps 48 hours: the Dec 10 run deletes everything created before Dec 8 23:59.
  CHECK(r.info.cleanups[0].cutoff == at(2025, 12, 8, 23, 59));
}

TEST_CASE("keyed_state: an idle spin-down restarts on the next request and skips in-process jobs while asleep", "[keyed_state]") {
  // Orders only 10:00-12:00; lifecycle 30 min; the process sleeps at night, so a 23:59 cleanup never runs.
  std::vector<int> hourly(24, 0);
  auto m = parse(R"({"arrivals": {"per_day": 4, "deterministic": true,
                                  "hourly": [0,0,0,0,0,0,0,0,0,0,1,1,0,0,0,0,0,0,0,0,0,0,0,0]},
                     "ttl": "7d", "zone": "Europe/Berlin", "warmup": "0s",
                     "lifecycle": {"duration": "30m", "reads": 2, "updates": 1},
                     "restarts": [{"idle": "15m"}],
                     "cleanups": [{"schedule": {"aps": {"hour": 23, "minute": 59}, "zone": "Europe/Berlin"}, "days_to_keep": 1}]})");
  (void)hourly;
  Run r = run(*m, at(2025, 12, 1), at(2025, 12, 4), berlin());
  CHECK(r.info.cleanups.size() == 3);
  for (const auto& c : r.info.cleanups) CHECK(c.skipped_asleep);
  CHECK(r.by_cmd.count("DEL") == 0);
  // One wake-up (restore) per morning after the first day's start.
  CHECK(r.info.restores.size() >= 2);
}

TEST_CASE("keyed_state: bad fields are rejected with their JSON pointer", "[keyed_state]") {
  auto bad = [](const std::string& text) {
    json j = json::parse(text);
    core::Reader r(j, "/components/0");
    try {
      auto m = core::parse_keyed_state(r);
      r.finish();
    } catch (const core::FieldError& e) {
      return e.pointer;
    }
    return std::string("no error");
  };
  CHECK(bad(R"({"arrivals": {"per_day": -1}})") == "/components/0/arrivals/per_day");
  CHECK(bad(R"({"arrivals": {"per_day": 1}, "ttl": "0s"})") == "/components/0/ttl");
  CHECK(bad(R"({"arrivals": {"per_day": 1}, "restarts": [{"per_day": 1, "idle": "1m"}]})") == "/components/0/restarts/0");
  CHECK(bad(R"({"arrivals": {"per_day": 1}, "manual_cleanups": [{"at": "Dec 8", "days_to_keep": 1}]})") ==
        "/components/0/manual_cleanups/0/at");
  CHECK(bad(R"({"arrivals": {"per_day": 1}, "cleanup": []})") == "/components/0/cleanup");
}
