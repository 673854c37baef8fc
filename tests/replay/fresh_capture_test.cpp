// Run by tests/integration/replay_redis.sh on the capture it has just recorded from a real
// redis-server (hidden otherwise): every argument of its workload must come back byte for byte.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "core/replay/analyzer.hpp"
#include "core/replay/input.hpp"
#include "core/replay/monitor_line.hpp"

using namespace core::replay;

namespace {
struct Line {
  MonitorLine ml;
  std::vector<std::string> args;
};
}  // namespace

TEST_CASE("a fresh capture from redis-server round-trips every argument", "[.fresh]") {
  const char* path = std::getenv("REDCAST_FRESH_CAPTURE");
  const char* bin_path = std::getenv("REDCAST_FRESH_BINARY");
  REQUIRE(path);
  REQUIRE(bin_path);
  std::ifstream bin_in(bin_path, std::ios::binary);
  std::string binary((std::istreambuf_iterator<char>(bin_in)), {});
  REQUIRE(binary.size() == 12);

  auto src = ByteSource::open(path);
  LineReader reader(*src);
  std::vector<Line> lines;
  std::vector<std::string> storage;
  std::string text;
  reader.for_each([&](std::string_view l, std::uint64_t, bool) { text.append(l).push_back('\n'); });
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view l(text.data() + pos, nl - pos);
    pos = nl + 1;
    Line line;
    LineError err;
    LineKind kind = parse_line(l, line.ml, err);
    if (kind == LineKind::Header) continue;
    INFO(std::string(l));
    REQUIRE(kind == LineKind::Command);
    ArgCursor cur(line.ml.args, false);
    std::string_view a;
    while (cur.next(a)) line.args.push_back(unescape(a));
    REQUIRE(cur.error() == LineError::None);
    lines.push_back(std::move(line));
  }
  auto find = [&](std::vector<std::string> prefix) -> const Line* {
    for (const Line& l : lines) {
      if (l.args.size() < prefix.size()) continue;
      bool ok = true;
      for (std::size_t i = 0; i < prefix.size(); ++i) {
        std::string a = l.args[i];
        if (i == 0)
          for (char& c : a) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        ok = ok && a == prefix[i];
      }
      if (ok) return &l;
    }
    return nullptr;
  };
  const Line* q = find({"SET", "q\"uote"});
  REQUIRE(q);
  CHECK(q->args[2] == "two words\nsecond line\ttab\\back\a\b\r");
  const Line* b = find({"SET", "bin:1"});
  REQUIRE(b);
  CHECK(b->args[2] == binary);
  const Line* u = find({"SET", "unicode:\xc3\xbc"});
  REQUIRE(u);
  CHECK(u->args[2] == "\xe2\x82\xac and \xe2\x9c\x93");
  const Line* sp = find({"SET", "sp ace] \"x"});
  REQUIRE(sp);
  CHECK(sp->args[2] == "] \"");
  const Line* pub = find({"PUBLISH", "/0.celeryev/worker.heartbeat"});
  REQUIRE(pub);
  CHECK(pub->args[2].size() > 300);
  CHECK(pub->args[2].rfind("{\\\"body\\\": \\\"aaa", 0) == 0);
  // The script's calls, logged as [0 lua] right after the EVAL.
  const Line* lset = find({"SET", "lua:k", "v\"1"});
  REQUIRE(lset);
  CHECK(lset->ml.peer_kind == PeerKind::Lua);
  const Line* incr = find({"INCR", "lua:ctr"});
  REQUIRE(incr);
  CHECK(incr->ml.peer_kind == PeerKind::Lua);
  // dbs and the unix socket.
  const Line* db3 = find({"SET", "db3:k"});
  REQUIRE(db3);
  CHECK(db3->ml.db_index == 3);
  const Line* db5 = find({"HSET", "db5:h"});
  REQUIRE(db5);
  CHECK(db5->ml.db_index == 5);
  const Line* ux = find({"SET", "unix:k"});
  REQUIRE(ux);
  CHECK(ux->ml.peer_kind == PeerKind::Unix);
  CHECK(ux->ml.peer.rfind("unix:", 0) == 0);
  const Line* auth = find({"AUTH"});
  if (auth) CHECK(auth->args.size() == 2);  // logged redacted when the server logs it at all
  if (auth) CHECK(auth->args[1] == "(redacted)");

  // The analysis: scripts attributed, the transaction seen, the dbs counted.
  ReplayReport r = replay_capture(path, ReplayOptions{});
  CHECK(r.skipped == 0);
  CHECK(r.lua_commands == 4);
  CHECK(r.lua_without_caller == 0);
  CHECK(r.transactions.blocks == 1);
  CHECK(r.transactions.discarded == 1);
  std::map<std::string, std::uint64_t> dbs;
  for (const DbRow& d : r.dbs) dbs[d.db] = d.commands;
  CHECK(dbs["3"] >= 1);
  CHECK(dbs["5"] >= 1);
  bool unix_client = false;
  for (const ClientRow& c : r.clients) unix_client = unix_client || c.kind == "unix";
  CHECK(unix_client);
}
