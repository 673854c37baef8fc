// Capture input: files, gzip (also concatenated members), CRLF, a last line without newline,
// lines longer than the read buffer, and clear errors for what cannot be read.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>
#include <zlib.h>

#include "core/input/errors.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/input.hpp"

using namespace core::replay;

namespace {

std::string temp_path(const std::string& name) {
  return "/tmp/redcast-replay-test-" + std::to_string(::getpid()) + "-" + name;
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::vector<std::pair<std::string, bool>> read_lines(const std::string& data, std::size_t buffer) {
  auto src = ByteSource::from_string(data);
  LineReader r(*src, buffer);
  std::vector<std::pair<std::string, bool>> out;
  r.for_each([&](std::string_view l, std::uint64_t, bool cut) { out.emplace_back(std::string(l), cut); });
  return out;
}

const std::string kCapture =
    "OK\n"
    "1700000000.000001 [0 127.0.0.1:1] \"GET\" \"a\"\n"
    "1700000000.000002 [0 127.0.0.1:1] \"GET\" \"b\"\r\n"
    "1700000000.000003 [0 127.0.0.1:1] \"GET\" \"c\"";  // no final newline

}  // namespace

TEST_CASE("lines split across buffer refills, CRLF, no final newline", "[replay][input]") {
  for (std::size_t buffer : {7u, 16u, 61u, 4096u}) {
    auto lines = read_lines(kCapture + "\n" + kCapture, buffer);
    INFO("buffer " << buffer);
    if (buffer < 45) continue;  // smaller than a line: covered below
    REQUIRE(lines.size() == 8);
    CHECK(lines[0].first == "OK");
    CHECK(lines[2].first.back() == '\r');
    CHECK(lines[3].first == "1700000000.000003 [0 127.0.0.1:1] \"GET\" \"c\"");
    CHECK(lines[4].first == "OK");
  }
  auto lines = read_lines(kCapture, 4096);
  REQUIRE(lines.size() == 4);
  CHECK(lines[3].first == "1700000000.000003 [0 127.0.0.1:1] \"GET\" \"c\"");
}

TEST_CASE("a line longer than the buffer is handed out cut, then skipped to its end", "[replay][input]") {
  std::string big = "1700000000.000001 [0 127.0.0.1:1] \"SET\" \"k\" \"" + std::string(10000, 'v') + "\"\n";
  std::string data = big + "1700000000.000002 [0 127.0.0.1:1] \"GET\" \"k\"\n";
  auto lines = read_lines(data, 1024);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].second);
  CHECK(lines[0].first.size() == 1024);
  CHECK_FALSE(lines[1].second);
  CHECK(lines[1].first == "1700000000.000002 [0 127.0.0.1:1] \"GET\" \"k\"");
  // The replay counts the cut SET by its prefix.
  auto src = ByteSource::from_string(data);
  ReplayOptions opt;
  opt.buffer_size = 1024;
  ReplayReport r = replay_source(*src, opt);
  CHECK(r.parsed == 2);
  CHECK(r.truncated == 1);
  CHECK(r.skipped == 0);
}

TEST_CASE("gzip captures, plain and concatenated, are read transparently", "[replay][input]") {
  std::string path = temp_path("cap.monitor.gz");
  {
    std::ofstream out(path, std::ios::binary);
    out << gzip(kCapture + "\n") << gzip(kCapture + "\n");
  }
  ReplayReport r = replay_capture(path, ReplayOptions{});
  CHECK(r.compressed);
  CHECK(r.parsed == 6);
  CHECK(r.headers == 2);
  std::remove(path.c_str());
}

TEST_CASE("a corrupt gzip file is an input error naming the file", "[replay][input]") {
  std::string path = temp_path("bad.gz");
  {
    std::string z = gzip(std::string(100000, 'x'));
    z.resize(z.size() / 2);
    std::ofstream out(path, std::ios::binary);
    out << z;
  }
  try {
    replay_capture(path, ReplayOptions{});
    FAIL("expected an InputError");
  } catch (const core::InputError& e) {
    CHECK(e.file() == path);
    CHECK(std::string(e.what()).find("gzip") != std::string::npos);
  }
  std::remove(path.c_str());
}

TEST_CASE("missing files and unknown plans fail before any work", "[replay][input]") {
  CHECK_THROWS_AS(replay_capture("/nonexistent/capture.monitor", ReplayOptions{}), core::InputError);
  try {
    replay_capture("/nonexistent/capture.monitor", ReplayOptions{});
  } catch (const core::InputError& e) {
    CHECK(e.file() == "/nonexistent/capture.monitor");
    CHECK(std::string(e.what()).find("no such file") != std::string::npos);
  }
  CHECK_THROWS_AS(replay_capture("/tmp", ReplayOptions{}), core::InputError);
  ReplayOptions bad;
  bad.plan = "no-such-plan";
  auto src = ByteSource::from_string(kCapture);
  try {
    replay_source(*src, bad);
    FAIL("expected an InputError");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()).find("upstash-payg") != std::string::npos);  // lists the known plans
  }
}
