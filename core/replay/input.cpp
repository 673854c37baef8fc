#include "core/replay/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/input/errors.hpp"

#if defined(REDCAST_HAVE_ZLIB)
#include <zlib.h>
#endif

namespace core::replay {
namespace {

constexpr std::size_t kRawChunk = 1u << 20;

// Reads from a file descriptor. The first bytes are peeked to detect gzip, then either handed
// out as they are or inflated.
class FdSource : public ByteSource {
 public:
  FdSource(int fd, std::string name, bool owned) : fd_(fd), owned_(owned) {
    name_ = std::move(name);
    struct stat st{};
    if (fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) input_size_ = static_cast<std::uint64_t>(st.st_size);
#if defined(POSIX_FADV_SEQUENTIAL)
    if (input_size_ > 0) posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    // Peek at the magic bytes.
    raw_.resize(kRawChunk);
    raw_len_ = read_raw(raw_.data(), raw_.size());
    if (raw_len_ >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f &&
        static_cast<unsigned char>(raw_[1]) == 0x8b) {
#if defined(REDCAST_HAVE_ZLIB)
      compressed_ = true;
      std::memset(&zs_, 0, sizeof zs_);
      if (inflateInit2(&zs_, 15 + 32) != Z_OK) fail("cannot initialise the gzip decoder");
      zs_.next_in = reinterpret_cast<Bytef*>(raw_.data());
      zs_.avail_in = static_cast<uInt>(raw_len_);
      z_open_ = true;
#else
      fail("the file is gzip-compressed and this build has no zlib; decompress it first (gunzip)");
#endif
    }
  }
  ~FdSource() override {
#if defined(REDCAST_HAVE_ZLIB)
    if (z_open_) inflateEnd(&zs_);
#endif
    if (owned_) ::close(fd_);
  }

  std::size_t read(char* dst, std::size_t n) override {
    if (!compressed_) {
      // Hand out the peeked bytes first.
      if (raw_pos_ < raw_len_) {
        std::size_t k = std::min(n, raw_len_ - raw_pos_);
        std::memcpy(dst, raw_.data() + raw_pos_, k);
        raw_pos_ += k;
        if (raw_pos_ == raw_len_) {
          raw_.clear();
          raw_.shrink_to_fit();
        }
        return k;
      }
      return read_raw(dst, n);
    }
#if defined(REDCAST_HAVE_ZLIB)
    std::size_t produced = 0;
    while (produced < n && !z_done_) {
      if (zs_.avail_in == 0) {
        raw_len_ = read_raw(raw_.data(), raw_.size());
        if (raw_len_ == 0) {
          if (!z_stream_end_) fail("the gzip data ends early (truncated file?)");
          z_done_ = true;
          break;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(raw_.data());
        zs_.avail_in = static_cast<uInt>(raw_len_);
      }
      if (z_stream_end_) {
        // Concatenated gzip members (e.g. rotated logs joined with cat).
        if (inflateReset(&zs_) != Z_OK) fail("cannot restart the gzip decoder");
        z_stream_end_ = false;
      }
      zs_.next_out = reinterpret_cast<Bytef*>(dst + produced);
      zs_.avail_out = static_cast<uInt>(n - produced);
      int rc = inflate(&zs_, Z_NO_FLUSH);
      produced = n - zs_.avail_out;
      if (rc == Z_STREAM_END) {
        z_stream_end_ = true;
      } else if (rc == Z_BUF_ERROR && zs_.avail_in != 0) {
        fail("corrupt gzip data (the decoder cannot make progress)");
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        fail(std::string("corrupt gzip data (") + (zs_.msg ? zs_.msg : "inflate failed") + ")");
      }
    }
    return produced;
#else
    return 0;
#endif
  }

 private:
  [[noreturn]] void fail(const std::string& msg) { throw core::InputError(name_, "", msg); }

  std::size_t read_raw(char* dst, std::size_t n) {
    for (;;) {
      ssize_t got = ::read(fd_, dst, n);
      if (got >= 0) {
        input_consumed_ += static_cast<std::uint64_t>(got);
        return static_cast<std::size_t>(got);
      }
      if (errno == EINTR) continue;
      fail(std::string("read error: ") + std::strerror(errno));
    }
  }

  int fd_;
  bool owned_;
  std::vector<char> raw_;
  std::size_t raw_len_ = 0, raw_pos_ = 0;
#if defined(REDCAST_HAVE_ZLIB)
  z_stream zs_;
  bool z_open_ = false, z_stream_end_ = false, z_done_ = false;
#endif
};

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {
    name_ = "<memory>";
    input_size_ = data_.size();
  }
  std::size_t read(char* dst, std::size_t n) override {
    std::size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(dst, data_.data() + pos_, k);
    pos_ += k;
    input_consumed_ = pos_;
    return k;
  }

 private:
  std::string data_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> ByteSource::open(const std::string& path) {
  if (path == "-") return std::make_unique<FdSource>(STDIN_FILENO, "<stdin>", false);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    std::string why = e == ENOENT ? "no such file" : std::strerror(e);
    throw core::InputError(path, "", "cannot open the capture (" + why +
                                         "); expected a redis-cli MONITOR capture, plain or gzip, or - for stdin");
  }
  struct stat st{};
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw core::InputError(path, "", "is a directory; expected a redis-cli MONITOR capture file");
  }
  return std::make_unique<FdSource>(fd, path, true);
}

std::unique_ptr<ByteSource> ByteSource::from_string(std::string data) {
  return std::make_unique<StringSource>(std::move(data));
}

std::size_t LineReader::fill() {
  std::size_t total = 0;
  while (total < lines_.space_size()) {
    std::size_t got = src_.read(lines_.space() + total, lines_.space_size() - total);
    if (got == 0) break;
    total += got;
  }
  bytes_ += total;
  return total;
}

}  // namespace core::replay
