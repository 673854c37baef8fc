// The push-mode line splitter shared by the file reader and the browser app: the same lines
// whatever the chunk boundaries (every cut of a sample, byte by byte), CRLF split across chunks,
// a last line without '\n', lines at and over the maximum length, and the file reader (LineReader)
// giving the same lines from a source that returns one byte at a time.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/replay/input.hpp"
#include "core/replay/line_splitter.hpp"

using core::replay::ByteSource;
using core::replay::LineReader;
using core::replay::LineSplitter;

namespace {

struct Line {
  std::string text;
  std::uint64_t number;
  bool truncated;
  friend bool operator==(const Line&, const Line&) = default;
};

std::ostream& operator<<(std::ostream& os, const Line& l) {
  return os << '{' << l.number << ", \"" << l.text << "\"" << (l.truncated ? ", cut" : "") << '}';
}

// Feeds `data` to `s` cut at the given positions (ascending), then finishes.
std::vector<Line> split_at(const std::string& data, const std::vector<std::size_t>& cuts, LineSplitter& s) {
  std::vector<Line> out;
  auto fn = [&](std::string_view l, std::uint64_t no, bool cut) { out.push_back({std::string(l), no, cut}); };
  std::size_t from = 0;
  for (std::size_t c : cuts) {
    s.feed(data.data() + from, c - from, fn);
    from = c;
  }
  s.feed(data.data() + from, data.size() - from, fn);
  s.finish(fn);
  return out;
}

std::vector<Line> split_at(const std::string& data, const std::vector<std::size_t>& cuts, std::size_t max_line) {
  LineSplitter s(max_line);
  return split_at(data, cuts, s);
}

// A source that hands out one byte per read, as a slow pipe might.
class TrickleSource : public ByteSource {
 public:
  explicit TrickleSource(std::string d) : data_(std::move(d)) { name_ = "<trickle>"; }
  std::size_t read(char* dst, std::size_t n) override {
    if (pos_ == data_.size() || n == 0) return 0;
    *dst = data_[pos_++];
    input_consumed_ = pos_;
    return 1;
  }

 private:
  std::string data_;
  std::size_t pos_ = 0;
};

// Max line 16: "0123456789abcde" (15 bytes) fits, "0123456789abcdef" (16) does not.
const std::string kSample =
    "OK\n"
    "a b\r\n"
    "\n"
    "0123456789abcde\n"            // 15 bytes: whole
    "0123456789abcdef\n"           // 16 bytes: cut (the cap), nothing skipped but the '\n'
    "0123456789abcdefghijklmnop\n"  // 26 bytes: the first 16, the rest skipped
    "x\r\n"
    "last";                        // no final newline

const std::vector<Line> kExpected = {
    {"OK", 1, false},
    {"a b\r", 2, false},
    {"", 3, false},
    {"0123456789abcde", 4, false},
    {"0123456789abcdef", 5, true},
    {"0123456789abcdef", 6, true},
    {"x\r", 7, false},
    {"last", 8, false},
};

}  // namespace

TEST_CASE("one chunk: CRLF kept, blank lines, cap, skip, last line without newline", "[replay][splitter]") {
  CHECK(split_at(kSample, {}, 16) == kExpected);
}

TEST_CASE("a cut at every byte gives the same lines", "[replay][splitter]") {
  for (std::size_t cut = 0; cut <= kSample.size(); ++cut) {
    INFO("cut at " << cut);
    REQUIRE(split_at(kSample, {cut}, 16) == kExpected);
  }
}

TEST_CASE("two cuts at every pair of bytes give the same lines", "[replay][splitter]") {
  for (std::size_t a = 0; a <= kSample.size(); ++a)
    for (std::size_t b = a; b <= kSample.size(); ++b) {
      INFO("cuts at " << a << " and " << b);
      REQUIRE(split_at(kSample, {a, b}, 16) == kExpected);
    }
}

TEST_CASE("byte by byte gives the same lines", "[replay][splitter]") {
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < kSample.size(); ++i) every.push_back(i);
  CHECK(split_at(kSample, every, 16) == kExpected);
}

TEST_CASE("CRLF split across chunks: the '\\r' stays with its line", "[replay][splitter]") {
  const std::string data = "GET a\r\nGET b\r\n";
  auto lines = split_at(data, {6}, 64);  // "GET a\r" | "\nGET b\r\n"
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == Line{"GET a\r", 1, false});
  CHECK(lines[1] == Line{"GET b\r", 2, false});
}

TEST_CASE("an over-long last line without newline is cut and nothing follows", "[replay][splitter]") {
  const std::string data = "a\n" + std::string(40, 'v');
  for (std::size_t cut = 0; cut <= data.size(); ++cut) {
    INFO("cut at " << cut);
    auto lines = split_at(data, {cut}, 16);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == Line{std::string(16, 'v'), 2, true});
  }
}

TEST_CASE("a long line over many chunks is cut at the cap, then the next line is whole", "[replay][splitter]") {
  const std::size_t cap = 1000;
  const std::string data = std::string(5000, 'v') + "\nGET k\n";
  std::vector<std::size_t> cuts;
  for (std::size_t c = 7; c < data.size(); c += 7) cuts.push_back(c);
  LineSplitter s(cap);
  std::vector<Line> out = split_at(data, cuts, s);
  REQUIRE(out.size() == 2);
  CHECK(out[0] == Line{std::string(cap, 'v'), 1, true});
  CHECK(out[1] == Line{"GET k", 2, false});
  CHECK(s.lines() == 2);
  CHECK(s.truncated_lines() == 1);
  CHECK(s.bytes() == data.size());
}

TEST_CASE("the file reader gives the same lines from a source that trickles one byte at a time",
          "[replay][splitter]") {
  TrickleSource src(kSample);
  LineReader r(src, 16);
  std::vector<Line> out;
  r.for_each([&](std::string_view l, std::uint64_t no, bool cut) { out.push_back({std::string(l), no, cut}); });
  CHECK(out == kExpected);
  CHECK(r.bytes() == kSample.size());
  CHECK(r.lines() == 8);
  CHECK(r.truncated_lines() == 2);
}

TEST_CASE("empty input and input of newlines only", "[replay][splitter]") {
  CHECK(split_at("", {}, 16).empty());
  CHECK(split_at("\n\n", {1}, 16) == std::vector<Line>{{"", 1, false}, {"", 2, false}});
}
