// The lines of a MONITOR capture, written exactly as `redis-cli MONITOR` prints them and only in
// whole lines. redis-cli (src/redis-cli.c, cliSendCommand's monitor loop) prints each reply with
// cliFormatReplyRaw when stdout is not a terminal: a status reply's text as it came, then "\n".
// The server has already formatted the line (`1701600000.123456 [0 127.0.0.1:50000] "GET" "k"`,
// replicationFeedMonitors() in src/replication.c), and the first reply is MONITOR's own "+OK",
// which redis-cli prints as the header line "OK".
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace core::capture {

class MonitorSink {
 public:
  // Receives whole lines only (one or more, each ending in '\n'); returns false when the output
  // is gone (a closed pipe, a full disk), after which the sink drops what it is given.
  using Writer = std::function<bool(std::string_view whole_lines)>;
  // Lines are handed to the writer on flush(), or earlier once `buffer_limit` bytes are pending.
  explicit MonitorSink(Writer writer, std::size_t buffer_limit = 1u << 20);

  // MONITOR's acknowledgement (the "OK" of "+OK"), printed as redis-cli does; not a command line.
  void header(std::string_view reply_text);
  // One reply of the MONITOR stream: one command the server ran.
  void line(std::string_view reply_text);
  // Hands every pending line to the writer. Returns false once the writer has refused.
  bool flush();

  bool failed() const { return failed_; }
  std::uint64_t lines() const { return lines_; }     // command lines written, the header excluded
  std::uint64_t written() const { return written_; } // bytes the writer accepted

 private:
  void append(std::string_view text);
  Writer writer_;
  std::size_t limit_;
  std::string pending_;
  std::uint64_t lines_ = 0, pending_lines_ = 0, written_ = 0;
  bool failed_ = false;
};

}  // namespace core::capture
