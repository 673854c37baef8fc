// Hostile captures and stats (issue 13): a line without a client field, all-garbage files, counters
// past 2^64.
#include <catch2/catch.hpp>

#include <string>

#include "core/input/errors.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/commandstats.hpp"
#include "core/replay/input.hpp"
#include "core/replay/monitor_line.hpp"

using namespace core::replay;

namespace {
std::string replay_error(const std::string& data, bool audit = false) {
  auto src = ByteSource::from_string(data);
  try {
    if (audit) audit_source(*src, ReplayOptions{});
    else replay_source(*src, ReplayOptions{});
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "(accepted)";
}
}  // namespace

TEST_CASE("a line with no client field parses to empty views inside the line", "[replay][hostile]") {
  const std::string line = "0 \"\"";
  MonitorLine ml;
  LineError err;
  REQUIRE(parse_line(line, ml, err) == LineKind::Command);
  CHECK(ml.peer.empty());
  CHECK(ml.peer.data() == line.data() + 2);  // never a null view: readers look past it
  CHECK(ml.db.data() == line.data() + 2);
  CHECK(ml.peer_kind == PeerKind::Unknown);
  const std::string db3 = "1 (db 3) \"GET\" \"k\"";
  REQUIRE(parse_line(db3, ml, err) == LineKind::Command);
  CHECK(ml.db == "3");
  CHECK(ml.peer.data() >= db3.data());
}

TEST_CASE("replay and audit survive lines with no client field", "[replay][hostile]") {
  // Segfaulted: the analyzer's peer cache read 16 bytes from a null view.
  auto src = ByteSource::from_string("0 \"\"\n1 \"GET\" \"k\"\n2 (db 1) \"SET\" \"k\" \"v\"\n");
  ReplayReport r = replay_source(*src, ReplayOptions{});
  CHECK(r.parsed == 3);
  CHECK(r.client_commands == 3);
  auto src2 = ByteSource::from_string("0 \"\"\n1 \"GET\" \"k\"\n");
  AuditReport a = audit_source(*src2, ReplayOptions{});
  CHECK(a.replay.parsed == 2);
}

TEST_CASE("a capture in which nothing parses is an error, not an empty report", "[replay][hostile]") {
  const std::string expected =
      "; expected redis-cli MONITOR output, lines like 1700000000.000001 [0 127.0.0.1:50412] \"GET\" \"key\"";
  CHECK(replay_error("") == "<memory>: the capture is empty" + expected);
  CHECK(replay_error("OK\n\n") == "<memory>: no command lines" + expected);
  CHECK(replay_error("garbage\n\x01\x02\x03\nmore garbage\n") ==
        "<memory>: line 1: nothing parsed: all 3 non-blank lines are malformed (expected a timestamp "
        "(seconds.microseconds) at the start of the line)" + expected);
  CHECK(replay_error("garbage\n", true).rfind("<memory>: line 1: nothing parsed: all 1 non-blank lines", 0) == 0);
  CHECK(replay_error("garbage\n1 \"GET\" \"k\"\n") == "(accepted)");
}

TEST_CASE("commandstats counters past 2^64 - 1 are refused, not wrapped", "[replay][commandstats][hostile]") {
  auto ok = parse_commandstats("cmdstat_get:calls=18446744073709551615,usec=1,usec_per_call=0.00\n", "s.txt");
  REQUIRE(ok.stats.size() == 1);
  CHECK(ok.stats[0].calls == 18446744073709551615ull);
  try {
    parse_commandstats("# Commandstats\ncmdstat_get:calls=18446744073709551616,usec=1,usec_per_call=0.00\n", "s.txt");
    FAIL("accepted calls=2^64");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()) ==
          "s.txt: line 2: calls is not a count from 0 to 18446744073709551615: '18446744073709551616'; expected "
          "cmdstat_<name>:calls=<n>,usec=<n>,usec_per_call=<x>[,rejected_calls=<n>,failed_calls=<n>]");
  }
  CHECK_THROWS_AS(parse_commandstats("cmdstat_get:calls=1,usec=99999999999999999999999\n", "s.txt"), core::InputError);
}

TEST_CASE("a directory given as the stats file names itself", "[replay][commandstats][hostile]") {
  try {
    load_commandstats("/tmp");
    FAIL("accepted a directory");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()) == "/tmp: is a directory; expected the output of `redis-cli INFO commandstats`");
  }
}

TEST_CASE("the other rows say how many clients and patterns they fold, tracked and untracked", "[replay][hostile]") {
  // 20,000 clients, each sending one GET on its own key family ("bcd:1": letters, so folding keeps
  // them apart). The client and pattern tables hold 8,192 each; the report shows report_rows of
  // them, sums the other tracked ones, and estimates the 11,808 seen after the tables were full.
  std::string text = "OK\n";
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    std::string family;
    for (int v = i + 1; v > 0; v /= 26) family += static_cast<char>('a' + v % 26);
    char line[128];
    std::snprintf(line, sizeof line, "1795000000.%06d [0 10.%d.%d.%d:5000] \"GET\" \"%s:1\"\n", i, i / 65536,
                  (i / 256) % 256, i % 256, family.c_str());
    text += line;
  }
  auto src = ByteSource::from_string(text);
  ReplayOptions opt;
  ReplayReport r = replay_source(*src, opt);
  REQUIRE(r.clients_overflow == n - 8192);
  REQUIRE(r.patterns_overflow == n - 8192);
  const ClientRow& c = r.clients.back();
  REQUIRE(c.other);
  CHECK(r.clients.size() == opt.report_rows + 1);
  CHECK(c.folded == 8192 - opt.report_rows);
  CHECK(c.commands == static_cast<std::uint64_t>(n) - opt.report_rows);
  CHECK(c.untracked == Approx(n - 8192).epsilon(0.06));  // HyperLogLog, 1,024 registers: about 3 %
  CHECK(c.addr.rfind("(other 7,992 clients + about 1", 0) == 0);  // 8,192 tracked - 200 shown; ~11.8K
  const PatternRow& p = r.patterns.back();
  REQUIRE(p.other);
  CHECK(p.folded == 8192 - opt.report_rows);
  CHECK(p.untracked == Approx(n - 8192).epsilon(0.06));
  CHECK(p.pattern.rfind("(other 7,992 patterns + about 1", 0) == 0);
}
