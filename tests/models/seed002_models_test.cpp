// Seed 002's models one by one: the per-tick command mix of each state layout, who holds the poller
// lock over time (overlapping pages, takeover after close + TTL), what the cron does around it,
// which poll finds a transfer and which sync reads it, the sync paths (empty, with messages, BLOCK,
// the seed's average), XGROUP CREATE once per session, and the scenario checks.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "core/models/cron_poller.hpp"
#include "core/models/poll_system.hpp"
#include "core/models/poller_pages.hpp"
#include "core/projection/projection.hpp"

namespace {

using core::json;

// One run of a scenario, kept open so a test can look at the poll system and the recorder.
struct ManualRun {
  core::Scenario s;
  sim::Time start, end;
  sim::Simulator sim;
  core::Recorder rec;
  core::SharedState shared;
  std::vector<core::ModelContext> ctx;
  std::shared_ptr<core::PollSystem> sys;

  explicit ManualRun(const std::string& text)
      : s(core::load_scenario_text(text, "t.json")),
        start(s.zone.to_utc(sim::CivilTime{s.start, 0, 0, 0})),
        end(s.zone.to_utc(sim::CivilTime{sim::civil_from_days(sim::days_from_civil(s.start) + s.days), 0, 0, 0})),
        sim(start),
        rec(start, end, static_cast<int>(s.components.size())) {
    ctx.reserve(s.components.size());
    for (std::size_t i = 0; i < s.components.size(); ++i)
      ctx.push_back(core::ModelContext{sim, rec, shared, sim::Rng::stream(s.seed, s.components[i].name, 0), start, end,
                                       s.zone, static_cast<int>(i), s.components[i].name});
    sys = core::PollSystem::of(ctx[0]);  // keeps the system alive after the run for the checks
    for (std::size_t i = 0; i < s.components.size(); ++i) s.components[i].model->start(ctx[i]);
    sim.run_until(end);
    rec.finish();
  }

  // Commands of one name sent by a component (-1 = all).
  std::uint64_t count(const std::string& cmd, int component = -1) const {
    auto id = core::find_command(cmd);
    REQUIRE(id.has_value());
    std::uint64_t n = 0;
    for (std::size_t b = 0; b < rec.bundles().size(); ++b) {
      const auto& bundle = rec.bundles()[b];
      if (component >= 0 && bundle.component != component) continue;
      std::uint64_t hits = 0;
      for (auto h : rec.hits()[b]) hits += h;
      for (const auto& c : bundle.commands)
        if (c.cmd == *id) n += hits * c.count;
    }
    return n;
  }
  std::uint64_t total(int component = -1) const {
    std::uint64_t n = 0;
    for (std::size_t b = 0; b < rec.bundles().size(); ++b) {
      if (component >= 0 && rec.bundles()[b].component != component) continue;
      for (auto h : rec.hits()[b]) n += h * rec.bundles()[b].size;
    }
    return n;
  }
  // A local wall-clock time of the scenario's zone.
  sim::Time at(const std::string& local) const { return s.zone.to_utc(*sim::parse_local_time(local)); }
};

std::string scenario(const std::string& components, int days = 1, const std::string& start = "2026-01-05") {
  return R"({"name": "t", "period": {"start": ")" + start + R"(", "days": )" + std::to_string(days) +
         R"(, "zone": "Europe/Berlin"}, "components": [)" + components + "]}";
}

std::string cron(const std::string& extra = "", const std::string& expr = "* * * * *") {
  return R"({"name": "cron", "type": "cron_poller", "schedule": {"cron": ")" + expr + R"(", "zone": "UTC"})" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

std::string page(const std::string& name, const std::string& restaurant, const std::string& hours,
                 const std::string& days = "*") {
  return R"({"name": ")" + name + R"(", "restaurant": ")" + restaurant + R"(", "active": [{"days": ")" + days +
         R"(", "hours": ")" + hours + R"(", "zone": "Europe/Berlin"}]})";
}

std::string pages(const std::string& list, const std::string& extra = "") {
  return R"({"name": "pages", "type": "poller_pages", "pages": [)" + list + "]" + (extra.empty() ? "" : ", " + extra) + "}";
}

std::uint64_t size(const core::CommandList& l) {
  std::uint64_t n = 0;
  for (const auto& c : l) n += c.count;
  return n;
}
std::uint64_t of(const core::CommandList& l, const std::string& cmd) {
  auto id = core::find_command(cmd);
  for (const auto& c : l)
    if (c.cmd == *id) return c.count;
  return 0;
}

}  // namespace

TEST_CASE("seed 002 layout cost table: per poll, per skip, per active poll", "[seed002]") {
  core::PollState s;  // 2 restaurants x 2 environments x 3 currencies
  CHECK(s.keys() == 12);
  CHECK(s.keys(true) == 6);

  s.layout = core::StateLayout::PerKey;
  auto cron = core::cron_poll_commands(s, false, true);
  CHECK(size(cron) == 16);
  CHECK(of(cron, "GET") == 13);
  CHECK(of(cron, "SET") == 2);
  CHECK(of(cron, "XADD") == 1);
  CHECK(size(core::cron_poll_commands(s, true, true)) == 10);  // Option 5
  CHECK(size(core::cron_skip_commands(s)) == 1);
  CHECK(of(core::cron_skip_commands(s), "GET") == 1);
  auto active = core::active_poll_commands(s);
  CHECK(size(active) == 15);
  CHECK(of(active, "GET") == 13);
  CHECK(of(active, "SET") == 1);
  CHECK(of(active, "EXPIRE") == 1);

  s.layout = core::StateLayout::HashPerGroup;
  cron = core::cron_poll_commands(s, false, true);
  CHECK(size(cron) == 6);
  CHECK(of(cron, "HGETALL") == 2);
  CHECK(of(cron, "GET") == 1);
  CHECK(size(core::cron_poll_commands(s, true, true)) == 6);  // a restaurant's hash holds both environments
  CHECK(size(core::active_poll_commands(s)) == 5);

  s.layout = core::StateLayout::SingleHash;
  CHECK(size(core::cron_poll_commands(s, false, false)) == 2);
  CHECK(size(core::cron_poll_commands(s, false, true)) == 3);
  CHECK(of(core::cron_skip_commands(s), "HGETALL") == 1);
  CHECK(size(core::active_poll_commands(s)) == 2);

  // Per transfer found: XADD each; lastId writes per distinct key / restaurant / none.
  s.layout = core::StateLayout::PerKey;
  auto c = core::found_cost(s, 3, 2, 1);
  CHECK((c.xadd == 3 && c.set == 2 && c.hmset == 0));
  s.layout = core::StateLayout::HashPerGroup;
  c = core::found_cost(s, 3, 2, 1);
  CHECK((c.xadd == 3 && c.set == 0 && c.hmset == 1));
  s.layout = core::StateLayout::SingleHash;
  c = core::found_cost(s, 3, 2, 1);
  CHECK((c.xadd == 3 && c.set == 0 && c.hmset == 0));
}

TEST_CASE("seed 002 cron poller: one tick of each layout", "[seed002]") {
  // "0 12 * * *" fires once a day (not a minute grid: fire by fire).
  auto tick = [](const std::string& state) {
    return ManualRun(scenario(cron(R"("state": {"layout": ")" + state + R"("})", "0 12 * * *")));
  };
  auto a = tick("per_key");
  CHECK(a.total() == 16);
  CHECK(a.count("GET") == 13);
  auto b = tick("hash_per_group");
  CHECK(b.total() == 6);
  CHECK(b.count("HGETALL") == 2);
  auto c = tick("single_hash");
  CHECK(c.total() == 3);  // HGETALL + HMSET + the broadcast XADD
  ManualRun d(scenario(cron(R"("state": {"layout": "single_hash"}, "broadcast": false)", "0 12 * * *")));
  CHECK(d.total() == 2);
  ManualRun e(scenario(cron(R"("accounts": "production", "state": {"currencies": ["HBD", "EURO"]})", "0 12 * * *")));
  CHECK(e.count("GET") == 1 + 2 * 2);  // heartbeat + 2 restaurants x 2 currencies, production only
}

TEST_CASE("seed 002 cron fire runs match the schedule fire by fire, across DST", "[seed002]") {
  auto berlin = *sim::TimeZone::find("Europe/Berlin");
  sim::Time from = berlin.to_utc(sim::CivilTime{{2026, 3, 28}, 0, 0, 0});
  sim::Time to = berlin.to_utc(sim::CivilTime{{2026, 3, 31}, 0, 0, 0});
  for (std::string expr : {"* * * * *", "*/5 * * * *", "7 * * * *", "0 9-17 * * mon-fri", "30 2 * * *"}) {
    auto cron = std::get<sim::CronSchedule>(sim::CronSchedule::parse(expr, berlin));
    sim::Schedule s(cron);
    std::vector<sim::Time> expected, got;
    for (sim::Time t = s.next_after(from - 1); t < to; t = s.next_after(t)) expected.push_back(t);
    sim::for_each_fire_run(s, from, to, [&](const sim::FireRun& r) {
      for (std::uint64_t i = 0; i < r.count; ++i) got.push_back(r.first + static_cast<sim::Time>(i) * r.period);
    });
    INFO(expr);
    CHECK(got == expected);
  }
}

TEST_CASE("seed 002 lock: overlapping pages, takeover after close + TTL", "[seed002]") {
  // A 10:00-14:00 and B 12:00-18:00; B retries every 30 s. A polls 10:00:00 .. 13:59:54; its lock
  // expires at 13:59:54 + 30 s = 14:00:24; B's attempts are at 12:00:00 + k x 30 s, so it takes over
  // at 14:00:30 and holds until its TTL runs out after 18:00.
  ManualRun r(scenario(cron() + "," + pages(page("A", "indies", "10:00-14:00") + "," + page("B", "croque", "12:00-18:00"),
                                             R"("retry": {"every": "30s"})")));
  const auto& log = r.sys->lock_log();
  REQUIRE(log.size() == 4);
  CHECK(log[0].t == r.at("2026-01-05T10:00:00"));
  CHECK(log[0].holder == "A");
  CHECK(log[1].t == r.at("2026-01-05T14:00:24"));
  CHECK(log[1].holder.empty());
  CHECK(log[2].t == r.at("2026-01-05T14:00:30"));
  CHECK(log[2].holder == "B");
  CHECK(log[3].t == r.at("2026-01-05T18:00:24"));
  CHECK(log[3].holder.empty());
  const auto& runs = r.sys->runs();
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].holder == "A");
  CHECK(runs[0].polls() == 4 * 600);
  CHECK(runs[1].holder == "B");
  CHECK(runs[1].first == r.at("2026-01-05T14:00:30"));
  CHECK(runs[1].last == r.at("2026-01-05T17:59:54"));
  // Active polls: A's 2,400 and B's 2,395 (14:00:30 .. 17:59:54).
  CHECK(r.count("EXPIRE") == 2400 + 2395);
  // Wake-ups: one SET NX each; B's retries while A holds: 12:00:30 .. 14:00:30 = 241 (the last wins).
  // The cron skips 10:01 .. 18:00 (the heartbeat is never 30 s old in between): 480 skips, 960 polls.
  CHECK(r.count("XADD", 0) == 960);
  CHECK(r.count("SET", 1) == 2400 + 2395 + 2 + 241);  // setHeartbeat per poll, wake-ups, retries
  CHECK(r.shared.owners["poller.lock"].empty());
}

TEST_CASE("seed 002 lock: the first of two pages opening together holds it; no retry, no takeover", "[seed002]") {
  ManualRun r(scenario(cron() + "," + pages(page("A", "indies", "10:00-14:00") + "," + page("B", "croque", "10:00-18:00"))));
  const auto& log = r.sys->lock_log();
  REQUIRE(log.size() == 2);
  CHECK(log[0].holder == "A");
  CHECK(log[1].holder.empty());
  CHECK(log[1].t == r.at("2026-01-05T14:00:24"));
  // B never retries, so after A's heartbeat goes stale the cron polls again: skips 10:01 .. 14:00.
  CHECK(r.count("XADD", 0) == 1440 - 240);
  // B syncs all its 8 hours.
  CHECK(r.count("XREADGROUP") == 4 * 600 + 8 * 600);
}

TEST_CASE("seed 002 cron: a takeover at a minute boundary; the cron reads first", "[seed002]") {
  // B retries every 60 s from 12:00, so it takes over at 14:01:00 (A's lock expired at 14:00:24).
  // The cron fire at 14:01:00 reads the heartbeat before B writes it: A's last one is 66 s old, so
  // it polls. Later transfers are B's to find.
  ManualRun r(scenario(cron(R"("transfers": {"per_day": 1, "deterministic": true, "zone": "Europe/Berlin",
                                             "hourly": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0]})") +
                       "," +
                       pages(page("A", "indies", "10:00-14:00") + "," + page("B", "croque", "12:00-18:00"),
                             R"("retry": {"every": "60s"})")));
  REQUIRE(r.sys->runs().size() == 2);
  CHECK(r.sys->runs()[1].first == r.at("2026-01-05T14:01:00"));
  // One arrival, when the expected count passes 1/2: 14:30 (the hour 14 holds the whole day's rate).
  REQUIRE(r.sys->finds().size() == 1);
  const auto& f = r.sys->finds()[0];
  CHECK(f.arrived == r.at("2026-01-05T14:30:00"));
  CHECK(f.found == r.at("2026-01-05T14:30:06"));  // B is polling by then
  CHECK(f.poller == 1);
  // Cron: skips 10:01 .. 14:00 and 14:02 .. 18:00; polls at 14:01 too.
  CHECK(r.count("XADD", 0) == 1440 - 240 - 239);
}

TEST_CASE("seed 002 cron: ties with the first active poll go to the cron", "[seed002]") {
  // A opens at 10:00; a transfer at 09:59:15 is found at 10:00:00 by both the cron and A's first
  // poll: the cron reads first.
  ManualRun r(scenario(cron(R"("transfers": {"per_day": 40, "deterministic": true, "zone": "Europe/Berlin",
                                             "hourly": [0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0]})") +
                       "," + pages(page("A", "indies", "10:00-14:00"))));
  // 40 a day in hour 9 only: one arrival every 90 s from 09:00:45, the last at 09:59:15.
  REQUIRE(r.sys->finds().size() == 40);
  for (const auto& f : r.sys->finds()) {
    CHECK(f.poller == 0);
    CHECK(f.found <= r.at("2026-01-05T10:00:00"));
  }
  CHECK(r.sys->finds().back().arrived == r.at("2026-01-05T09:59:15"));
  CHECK(r.sys->finds().back().found == r.at("2026-01-05T10:00:00"));
  CHECK(r.count("XADD", 1) == 0);
}

TEST_CASE("seed 002 cron: a freshness window shorter than the poll interval skips nothing on the minute", "[seed002]") {
  // The page polls on the minute grid, so at every cron fire its newest heartbeat (written strictly
  // before) is 6 s old: with fresh_for 5 s the cron never skips.
  ManualRun r(scenario(cron(R"("heartbeat_fresh_for": "5s")") + "," + pages(page("A", "indies", "10:00-14:00"))));
  CHECK(r.count("XADD", 0) == 1440);
  ManualRun s(scenario(cron(R"("heartbeat_fresh_for": "7s")") + "," + pages(page("A", "indies", "10:00-14:00"))));
  CHECK(s.count("XADD", 0) == 1440 - 240);
}

TEST_CASE("seed 002 sync: empty vs with messages, and who reads a transfer", "[seed002]") {
  // One page open all day holds the lock; 24 transfers a day, deterministic: one at hh:30:00, found by
  // the poll at hh:30:06 (XADD + SET lastId), read by the sync at hh:30:12 (after the XADD).
  ManualRun r(scenario(pages(R"({"name": "A", "restaurant": "indies"})",
                             R"("state": {"restaurants": ["indies"]},
                                "transfers": {"per_day": 24, "deterministic": true, "zone": "Europe/Berlin"})")));
  const auto& reads = r.sys->reads();
  REQUIRE(reads.size() == 24);
  CHECK(reads[0].published == r.at("2026-01-05T00:30:06"));
  CHECK(reads[0].read == r.at("2026-01-05T00:30:12"));
  CHECK(reads[0].messages == 1);
  const std::uint64_t syncs = 14400;
  CHECK(r.count("XREADGROUP") == syncs);
  CHECK(r.count("XLEN") == syncs);
  CHECK(r.count("XACK") == 24);
  CHECK(r.count("XAUTOCLAIM") == syncs - 24);
  CHECK(r.count("XPENDING") == syncs - 24);
  CHECK(r.count("XRANGE") == syncs - 24);
  CHECK(r.count("XGROUP|CREATE") == 1);  // one session
  CHECK(r.count("XADD") == 24);
  CHECK(r.count("SET") == 14400 + 1 + 24);  // heartbeat per poll, the wake-up, one lastId per find
  // One restaurant: an active poll is 1 + 6 GET + SET + EXPIRE = 9. Empty sync 5, message sync 3.
  CHECK(r.total() == 14400 * 9 + 1 + 24 * 2 + (syncs - 24) * 5 + 24 * 3 + 1);
}

TEST_CASE("seed 002 sync: transfers found while the page is closed are read when it opens", "[seed002]") {
  // 10 a day, deterministic: 01:12, 03:36, 06:00, 08:24 (found by the cron at the next minute, waiting
  // in the stream), 10:48, 13:12, 15:36 (found and read while the page is open), 18:00, 20:24, 22:48
  // (the page closed at 18:00 and its heartbeat is stale by 18:01: the cron finds them, nobody reads).
  ManualRun r(scenario(cron(R"("state": {"restaurants": ["indies"]},
                                "transfers": {"per_day": 10, "deterministic": true, "zone": "Europe/Berlin"})") +
                       "," + pages(page("A", "indies", "10:00-18:00"), R"("wake_up": {})")));
  std::uint64_t waited = 0, unread = 0;
  for (const auto& rd : r.sys->reads()) {
    if (rd.published < r.at("2026-01-05T10:00:00")) {
      ++waited;
      CHECK(rd.read == r.at("2026-01-05T10:00:00"));  // the first sync of the session reads them all
    }
    if (rd.read == sim::kNever) ++unread;
  }
  CHECK(waited == 4);
  CHECK(unread == 3);
  CHECK(r.count("XACK") == 1 + 3);
  CHECK(r.sys->finds()[7].found == r.at("2026-01-05T18:01:00"));
  CHECK(r.sys->finds()[7].poller == 0);
}

TEST_CASE("seed 002 sync: BLOCK reads, one call per block period when idle", "[seed002]") {
  ManualRun idle(scenario(pages(R"({"name": "A", "restaurant": "indies"})", R"("sync": {"block": "5s"})")));
  CHECK(idle.count("XREADGROUP") == 86400 / 5);
  CHECK(idle.count("XAUTOCLAIM") == 86400 / 5);
  // With a transfer at hh:30:00 (published 00:30:06): the blocked call returns at the XADD, the next
  // one starts at once: 361 idle calls to 00:30:06, 720 between reads, 359 after the last.
  ManualRun busy(scenario(pages(R"({"name": "A", "restaurant": "indies"})",
                                R"("state": {"restaurants": ["indies"]}, "sync": {"block": "5s"},
                                   "transfers": {"per_day": 24, "deterministic": true, "zone": "Europe/Berlin"})")));
  REQUIRE(busy.sys->reads().size() == 24);
  CHECK(busy.sys->reads()[0].read == busy.at("2026-01-05T00:30:06"));
  CHECK(busy.count("XACK") == 24);
  CHECK(busy.count("XAUTOCLAIM") == 361 + 23 * 720 + 359);
  CHECK(busy.count("XREADGROUP") == 361 + 23 * 720 + 359 + 24);
}

TEST_CASE("seed 002 sync: XGROUP CREATE once per page session", "[seed002]") {
  auto run = [](const std::string& create) {
    return ManualRun(scenario(pages(page("A", "indies", "10:00-18:00"), R"("sync": {"group_create": ")" + create + R"("})"), 3));
  };
  CHECK(run("per_session").count("XGROUP|CREATE") == 3);
  CHECK(run("per_sync").count("XGROUP|CREATE") == 3 * 4800);
  CHECK(run("never").count("XGROUP|CREATE") == 0);
  // A page that closes and reopens the same day has two sessions.
  ManualRun two(scenario(pages(R"({"name": "A", "restaurant": "indies", "active": [
      {"days": "*", "hours": "11:00-14:00", "zone": "Europe/Berlin"},
      {"days": "*", "hours": "18:00-22:00", "zone": "Europe/Berlin"}]})")));
  CHECK(two.count("XGROUP|CREATE") == 2);
}

TEST_CASE("seed 002 sync: the seed's average as a mix of both paths", "[seed002]") {
  auto run = [](const std::string& sync) {
    return ManualRun(scenario(pages(page("A", "indies", "10:00-18:00"), R"("wake_up": {}, "sync": )" + sync)));
  };
  const std::uint64_t polls = 4800, syncs = 4800;
  auto four = run(R"({"average": 4})");
  CHECK(four.total() == polls * 15 + syncs * 4);
  CHECK(four.count("XACK") == syncs / 2);  // every other sync takes the message path
  CHECK(four.count("XAUTOCLAIM") == syncs / 2);
  CHECK(four.count("XGROUP|CREATE") == 0);  // the average is the whole cost
  auto five = run(R"({"average": 5})");
  CHECK(five.total() == polls * 15 + syncs * 5);
  auto quarter = run(R"({"average": 3.5})");  // 3 of 4 syncs with messages
  CHECK(quarter.total() == polls * 15 + syncs * 7 / 2);
  CHECK(quarter.count("XACK") == syncs * 3 / 4);
  auto quiet = run(R"({"average": 2.5, "debug": false})");  // empty 3, message 2
  CHECK(quiet.total() == polls * 15 + syncs * 5 / 2);
  CHECK(quiet.count("XLEN") == 0);
}

TEST_CASE("seed 002 scenarios are checked field by field", "[seed002]") {
  auto bad = [](const std::string& components) {
    try {
      core::load_scenario_text(scenario(components), "bad.json");
    } catch (const core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(bad(cron(R"("state": {"layout": "hashes"})")),
             Catch::Contains("/components/0/state/layout") && Catch::Contains("per_key"));
  CHECK_THAT(bad(cron(R"("heartbeat_fresh_for": "0s")")), Catch::Contains("heartbeat_fresh_for"));
  CHECK_THAT(bad(cron(R"("accounts": "dev")")), Catch::Contains("production"));
  CHECK_THAT(bad(cron(R"("pollers": 2)")), Catch::Contains("pollers"));
  CHECK_THAT(bad(cron(R"("transfers": {"per_day": 5, "dev_share": 2})")), Catch::Contains("dev_share"));
  CHECK_THAT(bad(pages(page("A", "indies", "10:00-18:00"), R"("lock_ttl": "6s")")), Catch::Contains("lock_ttl"));
  CHECK_THAT(bad(pages(page("A", "indies", "10:00-18:00"), R"("state": {"restaurants": ["croque"]})")),
             Catch::Contains("/components/0/pages/0/restaurant"));
  CHECK_THAT(bad(pages(page("A", "indies", "10:00-18:00"), R"("sync": {"average": 7})")),
             Catch::Contains("/components/0/sync/average"));
  CHECK_THAT(bad(pages(page("A", "indies", "10:00-18:00"), R"("sync": {"average": 4, "block": "5s"})")),
             Catch::Contains("average"));
  CHECK_THAT(bad(pages(page("A", "indies", "10:00-18:00") + "," + page("A", "croque", "10:00-18:00"))),
             Catch::Contains("duplicate page"));
  CHECK_THAT(bad(pages(page("A", "indies", "10:00-18:00"), R"("wake_up": {"SETNX2": 1})")), Catch::Contains("SETNX2"));
  CHECK_THAT(bad(pages("")), Catch::Contains("pages"));
  // A page reading a restaurant the cron's state lacks fails when the run starts.
  auto s = core::load_scenario_text(scenario(cron() + "," + pages(page("A", "bistro", "10:00-18:00"))), "t.json");
  CHECK_THROWS_WITH(core::project(s), Catch::Contains("/components/1/pages/0/restaurant") && Catch::Contains("bistro"));
}

TEST_CASE("seed 002 merchant-hub: who holds the lock on a Monday and a Tuesday", "[seed002]") {
  std::ifstream in(std::string(REDCAST_SOURCE_DIR) + "/scenarios/seed-002/merchant-hub.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ManualRun r(text);
  std::vector<core::PollSystem::LockChange> monday, tuesday;
  for (const auto& c : r.sys->lock_log()) {
    if (c.t >= r.at("2026-01-05T00:00") && c.t < r.at("2026-01-06T00:00")) monday.push_back(c);
    if (c.t >= r.at("2026-01-06T00:00") && c.t < r.at("2026-01-07T00:00")) tuesday.push_back(c);
  }
  // Monday: Croque is closed; Indies holds it 10:00 to its last poll 17:59:54 + 30 s.
  REQUIRE(monday.size() == 2);
  CHECK((monday[0].holder == "indies-co" && monday[0].t == r.at("2026-01-05T10:00")));
  CHECK((monday[1].holder.empty() && monday[1].t == r.at("2026-01-05T18:00:24")));
  // Tuesday: Croque opens at 11:00 and retries every 30 s; it takes over at 18:00:30.
  REQUIRE(tuesday.size() == 4);
  CHECK((tuesday[0].holder == "indies-co" && tuesday[0].t == r.at("2026-01-06T10:00")));
  CHECK((tuesday[1].holder.empty() && tuesday[1].t == r.at("2026-01-06T18:00:24")));
  CHECK((tuesday[2].holder == "croque-co" && tuesday[2].t == r.at("2026-01-06T18:00:30")));
  CHECK((tuesday[3].holder.empty() && tuesday[3].t == r.at("2026-01-06T23:00:24")));
  // The cron polls all accounts, so every transfer is found (but one in the period's last minute).
  for (const auto& f : r.sys->finds())
    if (f.arrived < r.end - sim::kMinute) CHECK(f.poller >= 0);
}
