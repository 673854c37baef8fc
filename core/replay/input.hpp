// Capture input: a file, stdin ("-"), either of them gzip-compressed (detected by its magic bytes),
// read through one fixed buffer so memory stays bounded whatever the size. LineReader hands out
// each line as a view into that buffer, by the rules of LineSplitter (line_splitter.hpp): a line
// longer than the buffer is handed out truncated (flagged) and the rest of it skipped, so one
// 2 GB SET value cannot blow the memory bound.
#pragma once
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/replay/line_splitter.hpp"

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

// A ByteSource read through a LineSplitter: the splitter's buffer is filled straight from the
// source (no copy), and its line rules apply (CRLF kept, last line without '\n', over-long lines
// cut and flagged).
class LineReader {
 public:
  static constexpr std::size_t kDefaultBuffer = LineSplitter::kDefaultMaxLine;
  static constexpr std::size_t kPadding = LineSplitter::kPadding;

  explicit LineReader(ByteSource& src, std::size_t buffer_size = kDefaultBuffer)
      : src_(src), lines_(buffer_size) {}

  // Calls fn(std::string_view line, std::uint64_t line_number, bool truncated) for every line
  // (1-based numbers; the '\n' is not part of the view, a '\r' may be). `progress`, when set, is
  // called after each buffer refill.
  template <class Fn>
  void for_each(Fn&& fn, const std::function<void(const ReadProgress&)>& progress = {});

  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t lines() const { return lines_.lines(); }
  std::uint64_t truncated_lines() const { return lines_.truncated_lines(); }
  // Increments each time the buffer content moves; a view taken under one generation is valid
  // while the generation is unchanged.
  std::uint64_t generation() const { return lines_.generation(); }

 private:
  std::size_t fill();  // reads into the splitter's free space until it is full or the source ends
  ByteSource& src_;
  LineSplitter lines_;
  std::uint64_t bytes_ = 0;
};

template <class Fn>
void LineReader::for_each(Fn&& fn, const std::function<void(const ReadProgress&)>& progress) {
  for (;;) {
    std::size_t got = fill();
    if (progress) progress({bytes_, src_.input_consumed(), src_.input_size(), lines_.lines()});
    if (got == 0) break;
    lines_.commit(got, fn);
  }
  lines_.finish(fn);
}

}  // namespace core::replay
