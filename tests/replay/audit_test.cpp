// The audit on synthetic captures, one anti-pattern at a time: each is found, with evidence and a
// monthly saving that follows from the capture's own rates; a clean capture has no finding.
#include <catch2/catch.hpp>

#include "capture_builder.hpp"

using namespace core::replay;
using replay_test::Capture;

namespace {

std::string num(const char* prefix, int n) {
  std::string s(prefix);
  s.append(std::to_string(n));
  return s;
}

const Finding* find(const AuditReport& a, const std::string& id) {
  for (const Finding& f : a.findings)
    if (f.id == id) return &f;
  return nullptr;
}

constexpr double kMonth = 30 * 86400.0;

}  // namespace

TEST_CASE("KEYS in a hot path, with the reads it drives", "[replay][audit]") {
  Capture c;
  for (int i = 0; i < 20; ++i) {
    double t = i * 60.0;
    c.add(t, "10.1.0.1:100", {"KEYS", "order:*"});
    for (int k = 0; k < 30; ++k) c.add(t + 0.001 * (k + 1), "10.1.0.1:100", {"GET", num("order:", k)});
  }
  AuditReport a = c.audit();
  const Finding* f = find(a, "keys-hot-path");
  REQUIRE(f);
  CHECK(f->title.find("KEYS order:*") != std::string::npos);
  CHECK(f->title.find("every 60 s") != std::string::npos);
  CHECK(f->monthly_commands_saved == Approx(30.0 * kMonth / 60.0).epsilon(0.02));
  REQUIRE_FALSE(f->evidence.empty());
  CHECK(f->evidence[0].find("\"KEYS\" \"order:*\"") != std::string::npos);
}

TEST_CASE("SET followed by EXPIRE on the same key", "[replay][audit]") {
  Capture c;
  for (int i = 0; i < 100; ++i) {
    double t = i * 6.0;
    c.add(t, "10.1.0.2:100", {"SET", num("order:", i), "{}"});
    c.add(t + 0.0005, "10.1.0.2:100", {"EXPIRE", num("order:", i), "86400"});
    c.add(t + 1, "10.1.0.2:100", {"SET", num("cache:", i), "{}", "EX", "60"});  // fine as it is
  }
  AuditReport a = c.audit();
  const Finding* f = find(a, "set-then-expire");
  REQUIRE(f);
  CHECK(f->title.find("order:{n}") != std::string::npos);
  double span = 99 * 6.0 + 1;
  CHECK(f->monthly_commands_saved == Approx(100 / span * kMonth).epsilon(0.01));
  CHECK(f->monthly_billable_saved == Approx(f->monthly_commands_saved).epsilon(1e-9));
  CHECK(f->monthly_usd_saved == Approx(f->monthly_billable_saved * 0.2 / 1e5).epsilon(1e-9));
  REQUIRE_FALSE(f->evidence.empty());
  CHECK(f->evidence[0].find("\"SET\" \"order:0\"") != std::string::npos);
  CHECK(f->evidence[0].find("\"EXPIRE\" \"order:0\"") != std::string::npos);
}

TEST_CASE("runs of GETs that one MGET or a hash would serve", "[replay][audit]") {
  Capture c;
  for (int i = 0; i < 50; ++i) {
    double t = i * 6.0;
    for (int k = 0; k < 12; ++k) c.add(t + 0.002 * k, "10.1.0.3:100", {"GET", num("lastId:acct-", k)});
    c.add(t + 0.5, "10.1.0.3:100", {"SET", "poller:heartbeat", "1"});
  }
  AuditReport a = c.audit();
  const Finding* f = find(a, "get-runs");
  REQUIRE(f);
  CHECK(f->title.find("lastId:acct-{n}") != std::string::npos);
  CHECK(f->fix.find("HASH") != std::string::npos);
  double span = 49 * 6.0 + 0.5;
  CHECK(f->monthly_commands_saved == Approx(50 * 11 / span * kMonth).epsilon(0.01));
}

TEST_CASE("keys written without a TTL that keep growing; lists and streams that only grow", "[replay][audit]") {
  Capture c;
  for (int i = 0; i < 300; ++i) {
    double t = i * 2.0;
    c.add(t, "10.1.0.4:100", {"SET", num("session:", 100000 + i), "payload"});
    c.add(t + 0.5, "10.1.0.4:100", {"SETEX", num("token:", i), "60", "x"});  // has a TTL
    c.add(t + 0.7, "10.1.0.4:100", {"LPUSH", "audit:log", "event"});
    c.add(t + 0.9, "10.1.0.4:100", {"XADD", "events", "*", "k", "v"});
    c.add(t + 1.1, "10.1.0.4:100", {"XADD", "trimmed", "MAXLEN", "~", "100", "*", "k", "v"});
  }
  AuditReport a = c.audit();
  const Finding* keys = find(a, "keys-without-ttl");
  REQUIRE(keys);
  CHECK(keys->title.find("session:{n}") != std::string::npos);
  CHECK(keys->saving_note.find("storage") != std::string::npos);
  CHECK(keys->detail.find("7 bytes") != std::string::npos);  // the value size
  int growing = 0;
  for (const Finding& f : a.findings) {
    if (f.id != "growing-list") continue;
    ++growing;
    CHECK((f.title.find("audit:log") != std::string::npos || f.title.find("Stream events") != std::string::npos));
  }
  CHECK(growing == 2);  // audit:log and events; token:{n} has TTLs and "trimmed" has MAXLEN
  for (const Finding& f : a.findings) CHECK(f.title.find("token:") == std::string::npos);
}

TEST_CASE("debug reads every cycle, script-run commands, empty polls", "[replay][audit]") {
  Capture c;
  for (int i = 0; i < 100; ++i) {
    double t = i * 6.0;
    c.add(t, "10.1.0.5:100", {"XLEN", "transfers"});
    c.add(t + 0.001, "10.1.0.5:100", {"XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "STREAMS", "transfers", ">"});
    c.add(t + 0.002, "10.1.0.5:100", {"XPENDING", "transfers", "g"});
    c.add(t + 3, "10.1.0.6:100", {"LPOP", "jobs"});  // nobody pushes: always empty
    c.add(t + 4, "10.1.0.11:100", {"XADD", "transfers", "*", "amount", "10"});  // the stream is fed
  }
  for (int i = 0; i < 60; ++i) {
    double t = i * 10.0;
    c.add(t + 5, "10.1.0.7:100", {"EVALSHA", "c3f8721cbb97f72bc19e972846bd7aaf91901658", "1", "lock", "tok"});
    c.add(t + 5.0001, "lua", {"get", "lock"});
    c.add(t + 5.0002, "lua", {"del", "lock"});
  }
  c.every(1.0, 0, 600, "10.1.0.8:100", {"BRPOP", "celery", "1"});
  AuditReport a = c.audit();
  int debug = 0;
  for (const Finding& f : a.findings)
    if (f.id == "debug-reads") {
      ++debug;
      CHECK(f.monthly_commands_saved == Approx(kMonth / 6.0).epsilon(0.01));
      REQUIRE_FALSE(f.evidence.empty());
    }
  CHECK(debug == 2);  // XLEN and XPENDING; XREADGROUP is the real read
  const Finding* script = find(a, "script-inner");
  REQUIRE(script);
  CHECK(script->monthly_billable_saved == Approx(2 * kMonth / 10.0).epsilon(0.01));
  CHECK(script->evidence[0].find("EVALSHA") != std::string::npos);
  int empty = 0;
  for (const Finding& f : a.findings) {
    if (f.id != "empty-polls") continue;
    ++empty;
    if (f.title.find("BRPOP") != std::string::npos) {
      // 1 s -> 10 s timeout saves 90 % of the idle calls.
      CHECK(f.monthly_commands_saved == Approx(0.9 * kMonth).epsilon(0.02));
      CHECK(f.fix.find("polling_interval") != std::string::npos);
    } else {
      CHECK(f.title.find("LPOP jobs") != std::string::npos);
      CHECK(f.monthly_commands_saved == Approx((1 / 6.0 - 0.1) * kMonth).epsilon(0.02));
    }
  }
  CHECK(empty == 2);
}

TEST_CASE("health-check PINGs and connection churn", "[replay][audit]") {
  Capture c;
  // A subscriber checked every 25 s.
  c.add(0, "10.1.0.9:100", {"PSUBSCRIBE", "events.*"});
  c.every(25.0, 25.0, 1000, "10.1.0.9:100", {"PING", "redis-py-health-check"});
  // A job runner that connects per job and says hello each time.
  for (int i = 0; i < 40; ++i) {
    std::string conn = num("10.1.0.10:", 20000 + i);
    double t = 10 + i * 24.0;
    c.add(t, conn, {"SELECT", "1"});
    c.add(t + 0.001, conn, {"CLIENT", "SETNAME", "job"});
    c.add(t + 0.002, conn, {"INCR", "jobs:done"});
  }
  AuditReport a = c.audit();
  const Finding* ping = find(a, "health-pings");
  REQUIRE(ping);
  CHECK(ping->monthly_billable_saved == 0);  // Upstash does not bill PING
  CHECK(ping->saving_note.find("not billed") != std::string::npos);
  CHECK(ping->monthly_commands_saved > 0);
  const Finding* churn = find(a, "connection-churn");
  REQUIRE(churn);
  CHECK(churn->detail.find("2.0 set-up commands") != std::string::npos);
  REQUIRE_FALSE(churn->evidence.empty());
  CHECK(churn->evidence[0].find("SELECT, CLIENT|SETNAME") != std::string::npos);
}

TEST_CASE("a clean capture has no finding; findings sort by billable saving", "[replay][audit]") {
  Capture c;
  for (int i = 0; i < 200; ++i) {
    c.add(i * 3.0, "10.1.1.1:100", {"SET", num("order:", i), "v", "EX", "3600"});
    c.add(i * 3.0 + 1, "10.1.1.1:100", {"MGET", num("order:", i), num("order:", i + 1)});
  }
  CHECK(c.audit().findings.empty());
  AuditReport tr = audit_capture(std::string(REDCAST_SHARED_DIR) + "/traces/celery-5.2.6-solo-idle-320s.monitor", {});
  REQUIRE(tr.findings.size() >= 3);
  CHECK(tr.findings[0].id == "empty-polls");  // the 1 s BRPOP: most of the bill
  for (std::size_t i = 1; i < tr.findings.size(); ++i)
    CHECK(tr.findings[i - 1].monthly_billable_saved >= tr.findings[i].monthly_billable_saved);
}
