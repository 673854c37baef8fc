// Loop detection on synthetic captures: periods, jitter, commands per cycle, merging of the
// commands of one cycle, loops across connections, and what is not a loop.
#include <catch2/catch.hpp>

#include <random>

#include "capture_builder.hpp"

using namespace core::replay;
using replay_test::Capture;

namespace {
// prefix + number (appended: GCC 12 warns falsely on string literal + std::string&&)
std::string name(const char* prefix, int n) {
  std::string s(prefix);
  s.append(std::to_string(n));
  return s;
}

const LoopRow* find(const ReplayReport& r, const std::string& sig) {
  for (const LoopRow& l : r.loops)
    if (l.signature.find(sig) != std::string::npos) return &l;
  return nullptr;
}
}  // namespace

TEST_CASE("a jittered poll is found with its period and jitter", "[replay][loops]") {
  Capture c;
  std::mt19937 rng(7);
  std::normal_distribution<double> jitter(0, 0.05);
  double t = 0;
  for (int i = 0; i < 400; ++i) {
    c.add(t, "10.0.0.1:5000", {"GET", name("lastId:acct-", i % 3)});
    t += 6.0 + jitter(rng);
  }
  ReplayReport r = c.replay();
  const LoopRow* l = find(r, "GET lastId:acct-{n}");
  REQUIRE(l);
  CHECK(l->period_s == Approx(6.0).margin(0.05));
  CHECK(l->jitter_s == Approx(0.05).margin(0.02));
  CHECK(l->commands_per_cycle == 1);
  CHECK(l->client == "10.0.0.1:5000");
  CHECK(l->monthly_commands == Approx(30 * 86400 / 6.0).epsilon(0.02));
}

TEST_CASE("commands of one cycle merge into one loop; bursts count as one cycle", "[replay][loops]") {
  Capture c;
  for (int i = 0; i < 50; ++i) {
    double t = 10 + i * 30.0;
    c.add(t, "10.0.0.2:6000", {"XLEN", "transfers"});
    c.add(t + 0.002, "10.0.0.2:6000", {"XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "STREAMS", "transfers", ">"});
    c.add(t + 0.004, "10.0.0.2:6000", {"PING"});
    c.add(t + 0.0041, "10.0.0.2:6000", {"PING"});
  }
  ReplayReport r = c.replay();
  REQUIRE(r.loops.size() == 1);
  const LoopRow& l = r.loops[0];
  CHECK(l.period_s == Approx(30).margin(0.01));
  CHECK(l.commands_per_cycle == 4);
  CHECK(l.signature == "XLEN transfers; XREADGROUP transfers; PING");
  REQUIRE(l.members.size() == 3);
  CHECK(l.members[2].per_cycle == 2);  // the PING pair is one burst
}

TEST_CASE("random traffic is not a loop", "[replay][loops]") {
  Capture c;
  std::mt19937 rng(11);
  std::exponential_distribution<double> gap(1.0 / 5.0);
  double t = 0;
  for (int i = 0; i < 500; ++i) {
    c.add(t, "10.0.0.3:7000", {"SET", name("order:", i), "x"});
    t += gap(rng);
  }
  ReplayReport r = c.replay();
  CHECK(find(r, "SET order:{n}") == nullptr);
}

TEST_CASE("a loop that opens a new connection every cycle is found per host", "[replay][loops]") {
  Capture c;
  for (int i = 0; i < 60; ++i) {
    std::string conn = name("10.0.0.4:", 40000 + i);
    double t = i * 60.0;
    c.add(t, conn, {"SELECT", "2"});
    c.add(t + 0.001, conn, {"KEYS", "order:*"});
    c.add(t + 0.002, conn, {"GET", "order:1"});
  }
  ReplayReport r = c.replay();
  REQUIRE(!r.loops.empty());
  const LoopRow& l = r.loops[0];
  CHECK(l.across_connections);
  CHECK(l.client.rfind("10.0.0.4 (", 0) == 0);
  CHECK(l.period_s == Approx(60).margin(0.1));
  CHECK(l.commands_per_cycle == 3);
}

TEST_CASE("a script's commands count in its caller's cycle", "[replay][loops]") {
  Capture c;
  for (int i = 0; i < 40; ++i) {
    double t = i * 10.0;
    c.add(t, "10.0.0.5:1000", {"EVALSHA", "c3f8721cbb97f72bc19e972846bd7aaf91901658", "1", "lock", "tok"});
    c.add(t + 0.0001, "lua", {"get", "lock"});
    c.add(t + 0.0002, "lua", {"del", "lock"});
  }
  ReplayReport r = c.replay();
  CHECK(r.lua_commands == 80);
  CHECK(r.lua_without_caller == 0);
  REQUIRE(r.loops.size() == 1);
  CHECK(r.loops[0].commands_per_cycle == 3);
  CHECK(r.loops[0].inner_per_cycle == 2);
  CHECK(r.clients[0].script_inner == 80);
}

TEST_CASE("start-up and shut-down bursts are cut from the steady state", "[replay][loops]") {
  Capture c;
  for (int i = 0; i < 80; ++i) c.add(0.01 * i, "10.0.0.6:1", {"SADD", "bindings", name("q", i)});
  c.every(1.0, 1.0, 600.0, "10.0.0.6:2", {"BRPOP", "q", "1"});
  for (int i = 0; i < 40; ++i) c.add(600.0 + 0.01 * i, "10.0.0.6:1", {"SREM", "bindings", name("q", i)});
  ReplayReport r = c.replay();
  CHECK(r.transients.has_startup);
  CHECK(r.transients.startup_commands >= 80);
  CHECK(r.transients.has_shutdown);
  CHECK(r.transients.shutdown_commands >= 40);
  const CaptureMonthEstimate& p = r.projection;
  CHECK_FALSE(p.whole_capture);
  CHECK(p.steady_per_min == Approx(60).margin(0.5));
  CHECK(p.monthly_commands == Approx(86400 * 30).epsilon(0.01));
  for (const CommandRow& row : r.commands) {
    if (row.name == "SADD" || row.name == "SREM") CHECK(row.steady == 0);
  }
}
