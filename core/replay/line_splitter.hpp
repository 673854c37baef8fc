// Push-mode line splitter: bytes go in, in chunks of any size cut anywhere; complete lines come out.
// The one set of line rules for every capture reader: the file reader (LineReader, core/replay/
// input.hpp) fills it straight from the file or the gzip decoder, the browser app feeds it the
// chunks the page streams in (web/capture.cpp), so both hand the analyzer the same lines.
//   - '\n' ends a line and is not part of it; a '\r' before it stays (the MONITOR parser drops it).
//   - The last line of the input counts even without a final '\n' (finish()).
//   - A line of max_line bytes or more is handed out as its first max_line bytes, flagged
//     truncated, and the rest of it is skipped: memory stays bounded whatever the input.
//   - Every line handed out has kPadding readable bytes after it, so word-sized loads near its end
//     stay inside the allocation (Analyzer::set_padded_input).
// Decompression is not its business: the file reader decodes gzip before the bytes get here (the
// page decodes it with DecompressionStream).
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace core::replay {

class LineSplitter {
 public:
  static constexpr std::size_t kDefaultMaxLine = 4u << 20;
  static constexpr std::size_t kPadding = 64;

  explicit LineSplitter(std::size_t max_line = kDefaultMaxLine)
      : cap_(std::max<std::size_t>(max_line, 1)), buf_(cap_ + kPadding, '\0') {}

  // Each call below takes fn(std::string_view line, std::uint64_t line_number, bool truncated),
  // called for every line the new bytes complete (1-based numbers). A view is valid during the call.

  // Copies n bytes in, whatever their chunk boundaries.
  template <class Fn>
  void feed(const char* data, std::size_t n, Fn&& fn) {
    while (n > 0) {
      std::size_t k = std::min(n, space_size());
      std::memcpy(space(), data, k);
      commit(k, fn);
      data += k;
      n -= k;
    }
  }

  // Without a copy (the file reader): write up to space_size() bytes at space(), then commit them.
  // space_size() is never 0.
  char* space() { return buf_.data() + len_; }
  std::size_t space_size() const { return cap_ - len_; }
  template <class Fn>
  void commit(std::size_t n, Fn&& fn);

  // The end of the input: hands out the last line if it had no '\n'.
  template <class Fn>
  void finish(Fn&& fn);

  std::size_t max_line() const { return cap_; }
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t lines() const { return line_no_; }
  std::uint64_t truncated_lines() const { return truncated_; }
  // Increments each time the buffer content moves or is dropped; a view taken under one generation
  // is valid while the generation is unchanged.
  std::uint64_t generation() const { return generation_; }

 private:
  // Hands out every line of [line, end) that ends with '\n'; [line, scan) is known to hold none.
  // Returns where the incomplete rest begins.
  template <class Fn>
  const char* split(const char* line, const char* scan, const char* end, Fn& fn);

  std::size_t cap_;
  std::vector<char> buf_;   // cap_ bytes of data, then kPadding bytes of slack
  std::size_t len_ = 0;     // bytes of the unfinished line at the start of buf_
  bool skipping_ = false;   // discarding the rest of an over-long line
  std::uint64_t bytes_ = 0, line_no_ = 0, truncated_ = 0, generation_ = 0;
};

template <class Fn>
const char* LineSplitter::split(const char* line, const char* scan, const char* end, Fn& fn) {
#if defined(__SSE2__)
  // Newlines found 64 bytes at a time as a bit mask: lines are short (100-200 bytes), and a
  // library call per line costs more than the scan itself. The buffer is padded, so the last
  // block may read past `end`; bits beyond it are dropped.
  const __m128i nlv = _mm_set1_epi8('\n');
  for (const char* b = scan; b < end; b += 64) {
    std::uint64_t m = 0;
    for (int k = 0; k < 4; ++k) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 16 * k));
      m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nlv)))) << (16 * k);
    }
    if (end - b < 64) m &= (std::uint64_t{1} << (end - b)) - 1;
    while (m) {
      const char* nl = b + __builtin_ctzll(m);
      m &= m - 1;
      ++line_no_;
      fn(std::string_view(line, static_cast<std::size_t>(nl - line)), line_no_, false);
      line = nl + 1;
    }
  }
  return line;
#else
  for (;;) {
    const char* nl = static_cast<const char*>(std::memchr(scan, '\n', static_cast<std::size_t>(end - scan)));
    if (!nl) return line;
    ++line_no_;
    fn(std::string_view(line, static_cast<std::size_t>(nl - line)), line_no_, false);
    line = scan = nl + 1;
  }
#endif
}

template <class Fn>
void LineSplitter::commit(std::size_t n, Fn&& fn) {
  bytes_ += n;
  char* base = buf_.data();
  const char* end = base + len_ + n;
  const char* line = base;
  const char* scan = base + len_;  // the carried part has no '\n' (it was scanned before)
  if (skipping_) {
    const char* nl = static_cast<const char*>(std::memchr(base, '\n', n));
    if (!nl) {
      len_ = 0;
      ++generation_;
      return;
    }
    line = scan = nl + 1;
    skipping_ = false;
  }
  line = split(line, scan, end, fn);
  std::size_t rest = static_cast<std::size_t>(end - line);
  if (rest == cap_) {
    // No newline in a full buffer: hand out the prefix, skip to the next newline.
    ++line_no_;
    ++truncated_;
    fn(std::string_view(line, rest), line_no_, true);
    skipping_ = true;
    len_ = 0;
    ++generation_;
    return;
  }
  if (rest > 0 && line != base) std::memmove(base, line, rest);
  if (line != base || rest == 0) ++generation_;
  len_ = rest;
}

template <class Fn>
void LineSplitter::finish(Fn&& fn) {
  if (!skipping_ && len_ > 0) {
    ++line_no_;
    fn(std::string_view(buf_.data(), len_), line_no_, false);
  }
  len_ = 0;
  skipping_ = false;
  ++generation_;
}

}  // namespace core::replay
