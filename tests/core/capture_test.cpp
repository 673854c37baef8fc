// redcast capture's pure parts: Redis URLs into endpoints (with located errors naming the flag),
// and the sink that writes MONITOR replies in redis-cli's format, whole lines only.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/capture/monitor_sink.hpp"
#include "core/capture/redis_url.hpp"
#include "core/input/errors.hpp"

using core::capture::parse_redis_url;
using core::capture::RedisEndpoint;
using Transport = core::capture::RedisEndpoint::Transport;

namespace {
std::string error_of(const std::string& url) {
  try {
    parse_redis_url(url, "--url");
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("redis:// URLs give host, port, user, password and db", "[capture]") {
  RedisEndpoint e = parse_redis_url("redis://127.0.0.1:6380");
  CHECK(e.transport == Transport::Tcp);
  CHECK(e.host == "127.0.0.1");
  CHECK(e.port == 6380);
  CHECK_FALSE(e.tls);
  CHECK(e.user.empty());
  CHECK_FALSE(e.password.has_value());
  CHECK(e.db == 0);

  e = parse_redis_url("redis://cache.internal");
  CHECK(e.host == "cache.internal");
  CHECK(e.port == 6379);

  e = parse_redis_url("redis://alice:s%40cr%3At@db.example.com:12000/3");
  CHECK(e.user == "alice");
  REQUIRE(e.password.has_value());
  CHECK(*e.password == "s@cr:t");
  CHECK(e.host == "db.example.com");
  CHECK(e.port == 12000);
  CHECK(e.db == 3);

  e = parse_redis_url("redis://:onlypass@h:1");  // password with the default user
  CHECK(e.user.empty());
  CHECK(*e.password == "onlypass");

  e = parse_redis_url("redis://bob@h:2/");
  CHECK(e.user == "bob");
  CHECK_FALSE(e.password.has_value());
  CHECK(e.port == 2);

  e = parse_redis_url("REDISS://h:6379?db=7");
  CHECK(e.tls);
  CHECK(e.db == 7);

  e = parse_redis_url("redis://[::1]:7000/2");
  CHECK(e.host == "::1");
  CHECK(e.port == 7000);
  CHECK(e.db == 2);
  CHECK(core::capture::describe(e) == "[::1]:7000");
  CHECK(core::capture::describe(parse_redis_url("redis://[fe80::1]")) == "[fe80::1]:6379");
}

TEST_CASE("unix:// URLs give the socket path", "[capture]") {
  RedisEndpoint e = parse_redis_url("unix:///tmp/redis.sock");
  CHECK(e.transport == Transport::Unix);
  CHECK(e.socket_path == "/tmp/redis.sock");
  CHECK(core::capture::describe(e) == "unix:/tmp/redis.sock");

  e = parse_redis_url("unix://carol:pw@/var/run/redis/redis-server.sock?db=4");
  CHECK(e.user == "carol");
  CHECK(*e.password == "pw");
  CHECK(e.socket_path == "/var/run/redis/redis-server.sock");
  CHECK(e.db == 4);

  CHECK(parse_redis_url("unix:///tmp/with%20space.sock").socket_path == "/tmp/with space.sock");
}

TEST_CASE("bad URLs name the flag, the column and what was expected", "[capture]") {
  CHECK(error_of("127.0.0.1:6379").rfind("--url: column 1: expected a scheme", 0) == 0);
  CHECK(error_of("http://h:1").rfind("--url: column 1: unknown scheme \"http\"", 0) == 0);
  CHECK(error_of("redis://h:99999").rfind("--url: column 11: the port must be 1..65535, got \"99999\"", 0) == 0);
  CHECK(error_of("redis://h:0").rfind("--url: column 11: the port must be 1..65535", 0) == 0);
  CHECK(error_of("redis://h:63x9").rfind("--url: column 13: expected a port (digits only), got \"63x9\"", 0) == 0);
  CHECK(error_of("redis://h:").rfind("--url: column 11: expected a port", 0) == 0);
  CHECK(error_of("redis://:6379").rfind("--url: column 9: expected a host", 0) == 0);
  CHECK(error_of("redis://h:1/x").rfind("--url: column 13: expected a database number", 0) == 0);
  CHECK(error_of("redis://h:1?timeout=3").rfind("--url: column 13: unknown query parameter", 0) == 0);
  CHECK(error_of("redis://[::1:6379").rfind("--url: column 9: expected ']'", 0) == 0);
  CHECK(error_of("redis://[::1]6379").rfind("--url: column 14: expected ':'", 0) == 0);
  CHECK(error_of("redis://ho st:1").rfind("--url: column 11: unexpected character", 0) == 0);
  CHECK(error_of("redis://u:p%zz@h").rfind("--url: column 12: expected two hex digits", 0) == 0);
  CHECK(error_of("unix://tmp/redis.sock").rfind("--url: column 8: expected the socket path", 0) == 0);
  CHECK(error_of("unix://").rfind("--url: column 8: expected an absolute socket path", 0) == 0);
  // Every message repeats the URL and the forms understood.
  CHECK(error_of("redis://h:0").find("in \"redis://h:0\" (expected redis://[user@]host[:port][/db]") != std::string::npos);
  try {
    parse_redis_url("", "--url");
    FAIL("an empty URL parsed");
  } catch (const core::InputError& e) {
    CHECK(e.file() == "--url");
  }
}

TEST_CASE("the sink writes redis-cli's format in whole lines, header first", "[capture]") {
  std::vector<std::string> chunks;
  core::capture::MonitorSink sink([&](std::string_view s) {
    chunks.emplace_back(s);
    return true;
  });
  sink.header("OK");
  sink.line(R"(1701600000.123456 [0 127.0.0.1:50000] "GET" "k")");
  sink.line(R"(1701600000.200000 [3 lua] "set" "a b" "\x00\n")");
  CHECK(chunks.empty());  // nothing until flushed
  CHECK(sink.lines() == 0);
  REQUIRE(sink.flush());
  REQUIRE(chunks.size() == 1);
  CHECK(chunks[0] ==
        "OK\n"
        "1701600000.123456 [0 127.0.0.1:50000] \"GET\" \"k\"\n"
        "1701600000.200000 [3 lua] \"set\" \"a b\" \"\\x00\\n\"\n");
  CHECK(sink.lines() == 2);
  CHECK(sink.written() == chunks[0].size());
  CHECK(sink.flush());  // nothing pending: no empty chunk
  CHECK(chunks.size() == 1);
}

TEST_CASE("the sink hands out whole lines once its buffer fills, and stops after a refusal", "[capture]") {
  std::vector<std::string> chunks;
  int accept = 2;
  core::capture::MonitorSink sink(
      [&](std::string_view s) {
        if (accept-- <= 0) return false;
        chunks.emplace_back(s);
        return true;
      },
      32);
  sink.header("OK");
  sink.line("1.000001 [0 ] \"PING\"");                  // 3 + 21 bytes: still under 32
  CHECK(chunks.empty());
  sink.line("1.000002 [0 ] \"SET\" \"k\" \"v\"");     // past 32: flushed by itself
  REQUIRE(chunks.size() == 1);
  CHECK(chunks[0] == "OK\n1.000001 [0 ] \"PING\"\n1.000002 [0 ] \"SET\" \"k\" \"v\"\n");
  CHECK(sink.lines() == 2);
  sink.line("1.000003 [0 ] \"GET\" \"k\"");
  REQUIRE(sink.flush());
  CHECK(chunks.size() == 2);
  CHECK(chunks[1] == "1.000003 [0 ] \"GET\" \"k\"\n");
  sink.line("1.000004 [0 ] \"DEL\" \"k\"");
  CHECK_FALSE(sink.flush());  // the writer refuses: the output is gone
  CHECK(sink.failed());
  CHECK(sink.lines() == 3);   // the refused line is not counted as written
  sink.line("1.000005 [0 ] \"DEL\" \"k\"");
  CHECK_FALSE(sink.flush());
  CHECK(chunks.size() == 2);
}
