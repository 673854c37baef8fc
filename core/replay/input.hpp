// Capture input: a file, stdin ("-"), either of them gzip-compressed (detected by its magic bytes),
// read through one fixed buffer so memory stays bounded whatever the size. LineReader hands out
// each line as a view into that buffer; a line longer than the buffer is handed out truncated
// (flagged) and the rest of it skipped, so one 2 GB SET value cannot blow the memory bound.
#pragma once
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace core::replay {

class ByteSource {
 public:
  // Opens `path` ("-" = stdin). Throws core::InputError naming the file if it cannot be opened.
  static std::unique_ptr<ByteSource> open(const std::string& path);
  // A source over bytes already in memory (tests).
  static std::unique_ptr<ByteSource> from_string(std::string data);
  virtual ~ByteSource() = default;
  // Fills up to n bytes of decoded data; 0 at the end. Throws core::InputError on a read error
  // or corrupt gzip data.
  virtual std::size_t read(char* dst, std::size_t n) = 0;
  // Size of the underlying file in bytes (compressed size for gzip), 0 when unknown (a pipe).
  std::uint64_t input_size() const { return input_size_; }
  // Bytes of the underlying file consumed so far (compressed bytes for gzip).
  std::uint64_t input_consumed() const { return input_consumed_; }
  bool compressed() const { return compressed_; }
  const std::string& name() const { return name_; }

 protected:
  std::string name_;
  std::uint64_t input_size_ = 0, input_consumed_ = 0;
  bool compressed_ = false;
};

struct ReadProgress {
  std::uint64_t bytes = 0;           // decoded bytes read so far
  std::uint64_t input_consumed = 0;  // bytes of the file consumed (compressed for gzip)
  std::uint64_t input_size = 0;      // 0 when unknown
  std::uint64_t lines = 0;
};

class LineReader {
 public:
  static constexpr std::size_t kDefaultBuffer = 4u << 20;
  // Slack after the buffer so word-sized loads near a line's end stay inside the allocation.
  static constexpr std::size_t kPadding = 64;

  explicit LineReader(ByteSource& src, std::size_t buffer_size = kDefaultBuffer)
      : src_(src), cap_(buffer_size), buf_(buffer_size + kPadding, '\0') {}

  // Calls fn(std::string_view line, std::uint64_t line_number, bool truncated) for every line
  // (1-based numbers; the '\n' is not part of the view, a '\r' may be). `progress`, when set, is
  // called after each buffer refill.
  template <class Fn>
  void for_each(Fn&& fn, const std::function<void(const ReadProgress&)>& progress = {});

  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t lines() const { return line_no_; }
  std::uint64_t truncated_lines() const { return truncated_; }
  // Increments each time the buffer content moves; a view taken under one generation is valid
  // while the generation is unchanged.
  std::uint64_t generation() const { return generation_; }

 private:
  std::size_t fill(std::size_t from);
  // Hands out every complete line of [p, end); returns where the incomplete rest begins.
  template <class Fn>
  const char* split_lines(const char* p, const char* end, Fn& fn);
  ByteSource& src_;
  std::size_t cap_;
  std::vector<char> buf_;
  std::uint64_t bytes_ = 0, line_no_ = 0, truncated_ = 0, generation_ = 0;
};

template <class Fn>
const char* LineReader::split_lines(const char* p, const char* end, Fn& fn) {
#if defined(__SSE2__)
  // Newlines found 64 bytes at a time as a bit mask: lines are short (100-200 bytes), and a
  // library call per line costs more than the scan itself. The buffer is padded, so the last
  // block may read past `end`; bits beyond it are dropped.
  const __m128i nlv = _mm_set1_epi8('\n');
  const char* line = p;
  for (const char* b = p; b < end; b += 64) {
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
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (!nl) return p;
    ++line_no_;
    fn(std::string_view(p, static_cast<std::size_t>(nl - p)), line_no_, false);
    p = nl + 1;
  }
#endif
}

template <class Fn>
void LineReader::for_each(Fn&& fn, const std::function<void(const ReadProgress&)>& progress) {
  char* base = buf_.data();
  std::size_t len = 0;  // bytes of unread data at the start of the buffer
  bool eof = false;
  bool skipping = false;  // discarding the rest of an over-long line
  auto report = [&] {
    if (progress) progress({bytes_, src_.input_consumed(), src_.input_size(), line_no_});
  };
  while (!eof || len > 0) {
    if (!eof && len < cap_) {
      std::size_t got = fill(len);
      if (got == 0) eof = true;
      len += got;
      report();
    }
    const char* p = base;
    const char* end = base + len;
    if (skipping) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', len));
      if (!nl) {
        len = 0;
        ++generation_;
        continue;
      }
      p = nl + 1;
      skipping = false;
    }
    p = split_lines(p, end, fn);
    std::size_t rest = static_cast<std::size_t>(end - p);
    if (eof) {
      if (rest > 0) {
        ++line_no_;
        fn(std::string_view(p, rest), line_no_, false);
      }
      len = 0;
      break;
    }
    if (p == base && rest == cap_) {
      // No newline in a full buffer: hand out the prefix, skip to the next newline.
      ++line_no_;
      ++truncated_;
      fn(std::string_view(p, rest), line_no_, true);
      skipping = true;
      len = 0;
      ++generation_;
      continue;
    }
    if (rest > 0 && p != base) std::memmove(base, p, rest);
    len = rest;
    ++generation_;
  }
}

}  // namespace core::replay
