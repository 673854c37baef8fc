// The real recordings in ../shared/traces: what the replay finds must be what the server counted
// (INFO commandstats of the same run), command by command, except the admin commands MONITOR
// never logs; and the loops must be the ones the Celery and kombu source code says run.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "core/replay/analyzer.hpp"
#include "core/replay/commandstats.hpp"
#include "core/replay/format.hpp"

using namespace core::replay;

namespace {

const std::string kTraces = std::string(REDCAST_SHARED_DIR) + "/traces/";

std::map<std::string, std::uint64_t> counts(const ReplayReport& r) {
  std::map<std::string, std::uint64_t> m;
  for (const CommandRow& c : r.commands) m[c.name] = c.total;
  return m;
}

const ReplayReport& trace(const std::string& name) {
  static std::map<std::string, ReplayReport> cache;
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, replay_capture(kTraces + name + ".monitor", ReplayOptions{})).first;
  return it->second;
}

const LoopRow* find_loop(const ReplayReport& r, const std::string& client, const std::string& signature_part) {
  for (const LoopRow& l : r.loops)
    if (l.client.rfind(client, 0) == 0 && l.signature.find(signature_part) != std::string::npos) return &l;
  return nullptr;
}

// Every command the server counted and MONITOR can log agrees exactly; the rest are admin.
void check_against_stats(const std::string& name, const std::vector<std::string>& admin_expected) {
  const ReplayReport& r = trace(name);
  CommandStatsSnapshot snap = load_commandstats(kTraces + name + ".commandstats");
  auto replayed = counts(r);
  std::vector<std::string> admin_seen;
  for (const CommandStat& s : snap.stats) {
    std::string upper = s.name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto id = core::find_command(upper);
    REQUIRE(id);
    if (core::command_info(*id).admin) {
      CHECK(replayed.count(upper) == 0);
      admin_seen.push_back(upper);
      continue;
    }
    INFO(name << ": " << upper);
    CHECK(replayed[upper] == s.calls);
  }
  // And nothing in the capture that the server did not count.
  for (const auto& [cmd, n] : replayed) {
    bool in_stats = false;
    for (const CommandStat& s : snap.stats) {
      std::string upper = s.name;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      in_stats = in_stats || upper == cmd;
    }
    INFO(name << ": " << cmd);
    CHECK(in_stats);
  }
  std::sort(admin_seen.begin(), admin_seen.end());
  CHECK(admin_seen == admin_expected);
  CheckReport check = check_commandstats(r, snap);
  CHECK(check.passed);
  CHECK(check.differs == 0);
  CHECK(check.admin == admin_expected.size());
}

}  // namespace

TEST_CASE("idle Celery worker: replayed counts equal INFO commandstats", "[replay][traces]") {
  const ReplayReport& r = trace("celery-5.2.6-solo-idle-320s");
  CHECK(r.lines == 605);
  CHECK(r.parsed == 604);
  CHECK(r.skipped == 0);
  CHECK(r.headers == 1);
  CHECK(r.client_commands == 596);
  CHECK(r.lua_commands == 8);
  CHECK(r.lua_without_caller == 0);
  auto c = counts(r);
  std::map<std::string, std::uint64_t> expected = {
      {"BRPOP", 319}, {"PUBLISH", 162}, {"PING", 42}, {"LLEN", 20}, {"DEL", 16},       {"MULTI", 8},
      {"EXEC", 8},    {"EVALSHA", 5},   {"GET", 4},   {"SET", 4},   {"ZREVRANGEBYSCORE", 4}, {"SADD", 4},
      {"SREM", 3},    {"PSUBSCRIBE", 2}, {"INFO", 1}, {"UNSUBSCRIBE", 1}, {"SCRIPT|LOAD", 1}};
  CHECK(c == expected);
  // The script-run GET and DEL of the unacked mutex release, kept apart.
  for (const CommandRow& row : r.commands) {
    if (row.name == "GET") CHECK(row.lua == 4);
    if (row.name == "DEL") {
      CHECK(row.lua == 4);
      CHECK(row.client == 12);
    }
  }
  check_against_stats("celery-5.2.6-solo-idle-320s", {"CONFIG|RESETSTAT", "MONITOR"});
}

TEST_CASE("busy Celery worker: replayed counts equal INFO commandstats", "[replay][traces]") {
  const ReplayReport& r = trace("celery-5.2.6-solo-busy-60jobs");
  CHECK(r.parsed == 1277);
  CHECK(r.skipped == 0);
  auto c = counts(r);
  CHECK(c["MULTI"] == 189);
  CHECK(c["EXEC"] == 189);
  CHECK(c["BRPOP"] == 140);
  CHECK(c["PUBLISH"] == 132);
  CHECK(c["GET"] == 62);
  CHECK(c["UNSUBSCRIBE"] == 61);
  CHECK(c["LPUSH"] == 60);
  CHECK(c["SETEX"] == 60);
  CHECK(c["SUBSCRIBE"] == 60);
  CHECK(c["ZADD"] == 60);
  CHECK(c["ZREM"] == 60);
  CHECK(c["HSET"] == 60);
  CHECK(c["HDEL"] == 60);
  CHECK(c["PING"] == 28);
  CHECK(c["LLEN"] == 24);
  CHECK(c["DEL"] == 14);
  CHECK(c["SELECT"] == 2);
  CHECK(c["EVALSHA"] == 2);
  // The result backend runs on db 1.
  std::map<std::string, std::uint64_t> dbs;
  for (const DbRow& d : r.dbs) dbs[d.db] = d.commands;
  CHECK(dbs.size() == 2);
  CHECK(dbs["0"] + dbs["1"] == 1277);
  CHECK(dbs["1"] > 300);
  check_against_stats("celery-5.2.6-solo-busy-60jobs", {"CONFIG|RESETSTAT", "MONITOR"});
}

TEST_CASE("busy RQ worker: replayed counts equal INFO commandstats", "[replay][traces]") {
  const ReplayReport& r = trace("rq-1.13-busy-60jobs");
  CHECK(r.parsed == 2981);
  auto c = counts(r);
  CHECK(c["HSET"] == 1026);
  CHECK(c["EXPIRE"] == 544);
  CHECK(c["MULTI"] == 245);
  CHECK(c["EXEC"] == 245);
  CHECK(c["ZADD"] == 120);
  CHECK(c["BLPOP"] == 61);
  CHECK(c["XADD"] == 60);
  CHECK(c["CLIENT|SETNAME"] == 1);  // CLIENT SETNAME is logged; CLIENT LIST (admin) is not
  CHECK(c["INFO"] == 2);
  check_against_stats("rq-1.13-busy-60jobs", {"CLIENT|LIST", "CONFIG|RESETSTAT", "MONITOR"});
  // The worker names itself with CLIENT SETNAME; the replay labels the connection with it.
  bool named = false;
  for (const ClientRow& cl : r.clients) named = named || cl.name == "bc0cff2d4ed24e3bb4e4b69615c02c1a";
  CHECK(named);
}

TEST_CASE("idle Celery worker: the loops kombu and celery run", "[replay][traces][loops]") {
  const ReplayReport& r = trace("celery-5.2.6-solo-idle-320s");
  // kombu: BRPOP with a 1 s timeout, reissued as soon as it returns.
  const LoopRow* brpop = find_loop(r, "127.0.0.1:47772", "BRPOP celery");
  REQUIRE(brpop);
  CHECK(brpop->period_s == Approx(1.0).margin(0.02));
  CHECK(brpop->commands_per_cycle == 1);
  CHECK(brpop->cycles >= 300);
  CHECK(brpop->signature == "BRPOP celery …");
  // celery: the worker.heartbeat event every 2 s.
  const LoopRow* hb = find_loop(r, "127.0.0.1:47802", "PUBLISH /0.celeryev/worker.heartbeat");
  REQUIRE(hb);
  CHECK(hb->period_s == Approx(2.0).margin(0.02));
  CHECK(hb->commands_per_cycle == 1);
  CHECK(hb->cycles >= 150);
  // redis-py's pub/sub health check on the pidbox connection: a PING pair every 25 s.
  const LoopRow* ping = find_loop(r, "127.0.0.1:47828", "PING");
  REQUIRE(ping);
  CHECK(ping->period_s == Approx(25.0).margin(1.0));
  CHECK(ping->commands_per_cycle == 2);
  // kombu's unacked restore sweep: every 100 s, PING + SET NX PX + ZREVRANGEBYSCORE + EVALSHA,
  // the script running GET and DEL.
  const LoopRow* sweep = find_loop(r, "127.0.0.1:47788", "EVALSHA unacked_mutex");
  REQUIRE(sweep);
  CHECK(sweep->period_s == Approx(100.0).margin(5.0));
  CHECK(sweep->signature == "PING; SET unacked_mutex; ZREVRANGEBYSCORE unacked_index; EVALSHA unacked_mutex");
  CHECK(sweep->commands_per_cycle == 6);
  CHECK(sweep->inner_per_cycle == 2);
  // Nothing else is periodic in an idle worker.
  CHECK(r.loops.size() == 4);
  // Loops are most frequent first.
  CHECK(r.loops.front().signature == "BRPOP celery …");
}

TEST_CASE("idle Celery worker: transients and the monthly projection", "[replay][traces]") {
  const ReplayReport& r = trace("celery-5.2.6-solo-idle-320s");
  CHECK(r.span_s == Approx(319.6).margin(0.5));
  // Start-up: about 67 commands in the first seconds (queue declares, mingle, PSUBSCRIBEs).
  CHECK(r.transients.has_startup);
  CHECK(r.transients.startup_s <= 3);
  CHECK(r.transients.startup_commands >= 60);
  CHECK(r.transients.startup_commands <= 80);
  // Shut-down: the bindings removed, queues deleted, UNSUBSCRIBE.
  CHECK(r.transients.has_shutdown);
  CHECK(r.transients.shutdown_commands >= 15);
  const CaptureMonthEstimate& p = r.projection;
  CHECK_FALSE(p.whole_capture);
  // ../shared/research/celery-kombu.md measured 97.6 commands/min for a default idle worker.
  CHECK(p.steady_per_min == Approx(97.6).margin(1.5));
  CHECK(p.monthly_commands == Approx(97.6 * 60 * 24 * 30).epsilon(0.02));
  CHECK(p.monthly_low < p.monthly_commands);
  CHECK(p.monthly_high > p.monthly_commands);
  // Nearly all of it is loops.
  CHECK(p.loops_monthly / p.monthly_commands > 0.95);
  // Upstash does not bill PING: billable is below the command count.
  CHECK(p.monthly_billable < p.monthly_commands);
  CHECK(r.plan.id == "upstash-payg");
  CHECK(p.monthly_cost_usd == Approx(p.monthly_billable / 100000.0 * 0.20).epsilon(1e-9));
  CHECK_FALSE(p.caveats.empty());
}

TEST_CASE("busy Celery and RQ captures: the per-job loops and BRPOP/BLPOP", "[replay][traces][loops]") {
  const ReplayReport& c = trace("celery-5.2.6-solo-busy-60jobs");
  const LoopRow* brpop = find_loop(c, "127.0.0.1:43394", "BRPOP celery");
  REQUIRE(brpop);
  CHECK(brpop->period_s == Approx(1.0).margin(0.05));
  const LoopRow* hb = find_loop(c, "127.0.0.1:43450", "worker.heartbeat");
  REQUIRE(hb);
  CHECK(hb->period_s == Approx(2.0).margin(0.05));
  // One task every 2 s: the ack emulation's two transactions, 8 commands per task.
  const LoopRow* ack = find_loop(c, "127.0.0.1:43402", "ZADD unacked_index");
  REQUIRE(ack);
  CHECK(ack->period_s == Approx(2.0).margin(0.05));
  CHECK(ack->commands_per_cycle == 8);
  // The result backend: GET, MULTI, SETEX, PUBLISH, EXEC.
  const LoopRow* result = find_loop(c, "127.0.0.1:41922", "SETEX celery-task-meta-{uuid}");
  REQUIRE(result);
  CHECK(result->commands_per_cycle == 5);
  CHECK(c.transactions.blocks == 189);
  bool ack_shape = false;
  for (const TransactionShape& s : c.transactions.shapes) ack_shape = ack_shape || s.shape == "MULTI ZADD HSET EXEC";
  CHECK(ack_shape);

  const ReplayReport& q = trace("rq-1.13-busy-60jobs");
  // The work horse forks a new connection per job: seen as one loop across connections.
  bool horse = false;
  for (const LoopRow& l : q.loops)
    if (l.across_connections && l.signature.find("PERSIST rq:job:{uuid}") != std::string::npos) {
      horse = true;
      CHECK(l.period_s == Approx(2.0).margin(0.1));
    }
  CHECK(horse);
}

TEST_CASE("key patterns fold ids into placeholders", "[replay][traces][patterns]") {
  const ReplayReport& q = trace("rq-1.13-busy-60jobs");
  std::map<std::string, const PatternRow*> pats;
  for (const PatternRow& p : q.patterns) pats[p.pattern] = &p;
  REQUIRE(pats.count("rq:job:{uuid}"));
  REQUIRE(pats.count("rq:worker:{hex}"));
  REQUIRE(pats.count("rq:queue:default"));
  CHECK(pats["rq:job:{uuid}"]->distinct_keys == Approx(60).epsilon(0.3));
  const ReplayReport& c = trace("celery-5.2.6-solo-busy-60jobs");
  bool meta = false;
  for (const PatternRow& p : c.patterns) meta = meta || p.pattern == "celery-task-meta-{uuid}";
  CHECK(meta);
}

TEST_CASE("the JSON contract", "[replay][traces][json]") {
  nlohmann::json j = replay_json(trace("celery-5.2.6-solo-idle-320s"));
  for (const char* k : {"lines", "parsed", "skipped", "span_s", "commands", "sources", "clients", "patterns", "loops",
                        "projection"})
    CHECK(j.contains(k));
  CHECK(j["lines"] == 605);
  CHECK(j["commands"]["BRPOP"] == 319);
  CHECK(j["sources"]["client"] == 596);
  CHECK(j["sources"]["lua"] == 8);
  REQUIRE(j["loops"].is_array());
  for (const auto& l : j["loops"])
    for (const char* k : {"client", "signature", "period_s", "commands_per_cycle"}) CHECK(l.contains(k));
  for (const char* k : {"monthly_commands", "monthly_billable", "steady_state_per_min"})
    CHECK(j["projection"].contains(k));
  CHECK(j["projection"]["steady_state_per_min"].get<double>() == Approx(97.6).margin(1.5));
  // The text report renders without throwing and names the loops.
  std::string text = replay_text(trace("celery-5.2.6-solo-idle-320s"), TextStyle{});
  CHECK(text.find("BRPOP celery …") != std::string::npos);
}
