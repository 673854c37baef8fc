// The MONITOR line parser: every line form real captures contain, every sdscatrepr escape, and
// malformed lines (counted with their line numbers, never a crash).
#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/replay/analyzer.hpp"
#include "core/replay/monitor_line.hpp"
#include "capture_builder.hpp"

using namespace core::replay;

namespace {

struct Parsed {
  std::shared_ptr<std::string> line;  // owns the bytes ml's views point into
  LineKind kind;
  LineError error;
  MonitorLine ml;
  std::vector<std::string> args;  // unescaped
  std::vector<std::string> raw;   // escaped, as written
  LineError arg_error = LineError::None;
};

Parsed parse(const std::string& text) {
  Parsed p;
  p.line = std::make_shared<std::string>(text);
  p.kind = parse_line(*p.line, p.ml, p.error);
  if (p.kind == LineKind::Command) {
    ArgCursor cur(p.ml.args, false);
    std::string_view a;
    while (cur.next(a)) {
      p.raw.emplace_back(a);
      p.args.push_back(unescape(a));
    }
    p.arg_error = cur.error();
  }
  return p;
}

}  // namespace

using replay_test::repr;  // sdscatrepr() as the server escapes arguments

TEST_CASE("IPv4 peer, db, timestamp and quoted arguments", "[replay][parser]") {
  auto p = parse(R"(1700000000.000001 [0 127.0.0.1:50412] "SET" "user:42" "a\"b\\c d")");
  REQUIRE(p.kind == LineKind::Command);
  CHECK(p.ml.ts_us == 1700000000000001LL);
  CHECK(p.ml.db == "0");
  CHECK(p.ml.db_index == 0);
  CHECK(p.ml.peer == "127.0.0.1:50412");
  CHECK(p.ml.peer_kind == PeerKind::Tcp);
  REQUIRE(p.args.size() == 3);
  CHECK(p.args[0] == "SET");
  CHECK(p.args[1] == "user:42");
  CHECK(p.args[2] == "a\"b\\c d");  // spaces are not escaped
  CHECK(p.arg_error == LineError::None);
}

TEST_CASE("any db number, binary bytes and newlines", "[replay][parser]") {
  auto p = parse(R"(1700000000.000002 [3 10.0.0.5:6001] "HSET" "bin:\x00\xff" "f" "l1\nl2")");
  REQUIRE(p.kind == LineKind::Command);
  CHECK(p.ml.db_index == 3);
  REQUIRE(p.args.size() == 4);
  CHECK(p.args[1] == std::string("bin:\x00\xff", 6));
  CHECK(p.args[3] == "l1\nl2");
  auto q = parse(R"(1700000000.000002 [15 10.0.0.5:6001] "GET" "k")");
  CHECK(q.ml.db_index == 15);
  auto big = parse(R"(1700000000.000002 [1234 10.0.0.5:6001] "GET" "k")");
  CHECK(big.ml.db_index == 1234);
}

TEST_CASE("unix socket, lua, empty peer, AUTH redacted", "[replay][parser]") {
  auto u = parse(R"(1700000000.000003 [0 unix:/tmp/redis.sock] "GET" "k")");
  CHECK(u.ml.peer == "unix:/tmp/redis.sock");
  CHECK(u.ml.peer_kind == PeerKind::Unix);
  auto l = parse(R"(1700000000.000004 [0 lua] "incr" "ctr")");
  CHECK(l.ml.peer_kind == PeerKind::Lua);
  CHECK(l.args[0] == "incr");
  auto e = parse(R"(1700000000.000005 [0 ] "GET" "k")");
  REQUIRE(e.kind == LineKind::Command);
  CHECK(e.ml.peer.empty());
  CHECK(e.ml.peer_kind == PeerKind::None);
  CHECK(e.args == std::vector<std::string>{"GET", "k"});
  auto a = parse(R"~(1700000000.000006 [0 127.0.0.1:50412] "AUTH" "(redacted)")~");
  CHECK(a.args == std::vector<std::string>{"AUTH", "(redacted)"});
}

TEST_CASE("IPv6 peers with their own brackets", "[replay][parser]") {
  auto p = parse(R"(1489434066.308193 [0 [::ffff:172.17.0.1]:43346] "get" "...")");
  REQUIRE(p.kind == LineKind::Command);
  CHECK(p.ml.peer == "[::ffff:172.17.0.1]:43346");
  CHECK(p.ml.peer_kind == PeerKind::Tcp);
  CHECK(p.ml.ts_us == 1489434066308193LL);
  auto q = parse(R"(1700000000.000001 [2 [::1]:6380] "PING")");
  CHECK(q.ml.peer == "[::1]:6380");
  CHECK(q.ml.db_index == 2);
  CHECK(q.args == std::vector<std::string>{"PING"});
  // An argument containing "] " (redis-py#2942) does not confuse the peer field.
  auto r = parse(R"(1700000000.000001 [0 [::1]:6380] "SET" "a] \"b" "] \"")");
  CHECK(r.args == std::vector<std::string>{"SET", "a] \"b", "] \""});
}

TEST_CASE("\\x takes exactly two hex digits", "[replay][parser]") {
  auto p = parse(R"(1700651584.787773 [1 127.0.0.1:62174] "BRPOP" "celery" "celery\x06\x163" "1")");
  REQUIRE(p.args.size() == 4);
  CHECK(p.args[2] == std::string("celery\x06\x16", 8) + "3");
  CHECK(p.args[2].size() == 9);
  CHECK(unescape(R"(\x41\x4a\x4A)") == "AJJ");
  CHECK(unescape(R"(\x0)") == "\\x0");        // not two hex digits: kept as written
  CHECK(unescape(R"(\xg1)") == "\\xg1");
  CHECK(unescape(R"(\q)") == "\\q");          // unknown escape: kept
  CHECK(unescape(R"(\a\b\t\r\n\"\\)") == "\a\b\t\r\n\"\\");
  CHECK(unescaped_size(R"(celery\x06\x163)") == 9);
  CHECK(unescaped_size(R"(\q\x0)") == 5);
}

TEST_CASE("every byte round-trips through sdscatrepr", "[replay][parser]") {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  std::string line = "1700000000.000001 [0 127.0.0.1:1] \"SET\" ";  // (no const char* + string&&: GCC 12 -Wrestrict)
  line += repr("k");
  line += " ";
  line += repr(all);
  auto p = parse(line);
  REQUIRE(p.args.size() == 3);
  CHECK(p.args[2] == all);
  CHECK(unescaped_size(p.raw[2]) == 256);
}

TEST_CASE("long escaped arguments: the 64-byte scanner agrees with the byte-wise one", "[replay][parser]") {
  std::mt19937_64 rng(42);
  const char alphabet[] = {'a', 'b', '"', '\\', ' ', '\n', '\x01', '\xff', 'x', '0', ']', '['};
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> args{"PUBLISH"};
    int nargs = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < nargs; ++i) {
      std::size_t len = rng() % 300;
      std::string a;
      for (std::size_t k = 0; k < len; ++k) a += alphabet[rng() % sizeof alphabet];
      args.push_back(a);
    }
    std::string line = "1700000000.000001 [0 10.1.2.3:4567]";
    for (const auto& a : args) {
      line += ' ';
      line += repr(a);
    }
    auto p = parse(line);
    REQUIRE(p.kind == LineKind::Command);
    REQUIRE(p.arg_error == LineError::None);
    REQUIRE(p.args == args);
  }
}

TEST_CASE("wrappers: leading +, trailing CR, the OK header, blank lines", "[replay][parser]") {
  auto p = parse("+1700000000.000001 [0 127.0.0.1:1] \"PING\"\r");
  REQUIRE(p.kind == LineKind::Command);
  CHECK(p.args == std::vector<std::string>{"PING"});
  MonitorLine ml;
  LineError e;
  CHECK(parse_line("OK", ml, e) == LineKind::Header);
  CHECK(parse_line("+OK\r", ml, e) == LineKind::Header);
  CHECK(parse_line("", ml, e) == LineKind::Blank);
  CHECK(parse_line("   \r", ml, e) == LineKind::Blank);
}

TEST_CASE("Redis 2.4 forms without a peer", "[replay][parser]") {
  auto a = parse(R"(1339518083.107412 "SET" "k" "v")");
  REQUIRE(a.kind == LineKind::Command);
  CHECK(a.ml.db.empty());
  CHECK(a.ml.db_index == 0);
  CHECK(a.ml.peer_kind == PeerKind::Unknown);
  CHECK(a.args == std::vector<std::string>{"SET", "k", "v"});
  auto b = parse(R"(1339518083.107412 (db 3) "GET" "k")");
  REQUIRE(b.kind == LineKind::Command);
  CHECK(b.ml.db == "3");
  CHECK(b.ml.db_index == 3);
  CHECK(b.args == std::vector<std::string>{"GET", "k"});
}

TEST_CASE("kvrocks namespace and Dragonfly replication peers", "[replay][parser]") {
  auto k = parse(R"(1700000000.123 [__namespace 127.0.0.1:55614] "get" "a")");
  REQUIRE(k.kind == LineKind::Command);
  CHECK(k.ml.db == "__namespace");
  CHECK(k.ml.db_index == -1);
  CHECK(k.ml.ts_us == 1700000000000123LL);  // kvrocks prints tv_usec unpadded
  auto d = parse(R"(1700000000.000001 [0 REPLICATION:0] "SET" "k" "v")");
  CHECK(d.ml.peer_kind == PeerKind::Replication);
  auto auth = parse(R"(1700000000.000001 [0 127.0.0.1:1] "AUTH")");  // Dragonfly logs AUTH bare
  CHECK(auth.args == std::vector<std::string>{"AUTH"});
  // kvrocks before #1476 wrote arguments raw: a bare quote stays in its argument.
  auto raw = parse(R"(1700000000.000001 [0 127.0.0.1:1] "SET" "say "hi"" "v")");
  CHECK(raw.args == std::vector<std::string>{"SET", "say \"hi\"", "v"});
}

TEST_CASE("command names with dots, dashes, pipes", "[replay][parser]") {
  auto p = parse(R"(1700000000.000001 [0 127.0.0.1:1] "JSON.SET" "doc" "$" "{}")");
  CHECK(p.args[0] == "JSON.SET");
  auto q = parse(R"(1700000000.000001 [0 127.0.0.1:1] "my-module|sub" "x")");
  CHECK(q.args[0] == "my-module|sub");
}

TEST_CASE("malformed lines are classified, not crashed on", "[replay][parser]") {
  MonitorLine ml;
  LineError e;
  CHECK(parse_line("hello world", ml, e) == LineKind::Malformed);
  CHECK(e == LineError::NoTimestamp);
  CHECK(parse_line("1700000000.000001", ml, e) == LineKind::Malformed);
  CHECK(parse_line("1700000000.000001 GET k", ml, e) == LineKind::Malformed);
  CHECK(e == LineError::NoPeer);
  CHECK(parse_line("1700000000.000001 [0 127.0.0.1:1 \"GET\"", ml, e) == LineKind::Malformed);
  CHECK(e == LineError::UnterminatedPeer);
  CHECK(parse_line("1700000000.000001 [0 127.0.0.1:1] GET", ml, e) == LineKind::Malformed);
  CHECK(e == LineError::NoCommand);
  CHECK(parse_line("1700000000.000001 [0 127.0.0.1:1] \"GET\" \"k", ml, e) == LineKind::Malformed);
  CHECK(e == LineError::UnterminatedArg);
  // A cut line (longer than the read buffer) is still read by its prefix.
  CHECK(parse_line("1700000000.000001 [0 127.0.0.1:1] \"SET\" \"k\" \"vvvv", ml, e, true) == LineKind::Command);
  // Junk between arguments shows up when the arguments are walked.
  REQUIRE(parse_line("1700000000.000001 [0 127.0.0.1:1] \"GET\" x \"k\"", ml, e) == LineKind::Command);
  ArgCursor cur(ml.args, false);
  CHECK(cur.count_rest() == 0);
  CHECK(cur.error() != LineError::None);
}

TEST_CASE("the analyzer counts malformed lines with their numbers and keeps going", "[replay][parser]") {
  ReplayOptions opt;
  Analyzer a(opt);
  std::vector<std::string> lines = {
      "OK",
      R"(1700000000.000001 [0 127.0.0.1:1] "GET" "k")",
      "garbage line",
      R"(1700000000.000002 [0 127.0.0.1:1] "SET" "k" "v)",
      "",
      R"(1700000000.000003 [0 127.0.0.1:1] "GET" "k")",
      R"(1700000000.000004 [0 127.0.0.1:1] "GET" oops "k")",
  };
  for (std::size_t i = 0; i < lines.size(); ++i) a.add_line(lines[i], i + 1);
  ReplayReport r = a.finish();
  CHECK(r.lines == 7);
  CHECK(r.parsed == 2);
  CHECK(r.skipped == 3);
  CHECK(r.headers == 1);
  CHECK(r.blank == 1);
  REQUIRE(r.malformed.size() == 3);
  CHECK(r.malformed[0].line == 3);
  CHECK(r.malformed[1].line == 4);
  CHECK(r.malformed[2].line == 7);
  CHECK(r.malformed[0].text == "garbage line");
  CHECK_FALSE(r.malformed[1].reason.empty());
}
