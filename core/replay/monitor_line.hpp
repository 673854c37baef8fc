// One line of a MONITOR capture, parsed in place. The format comes from replicationFeedMonitors()
// in redis/src/replication.c:
//
//   1700000000.000001 [0 127.0.0.1:50412] "SET" "user:42" "a\"b\\c d"
//
// with every argument written by sdscatrepr() (quoted; \\ \" \n \r \t \a \b escaped; any other
// non-printable byte as \xNN with exactly two lower-case hex digits). Also accepted, because real
// captures contain them: a leading '+' (raw protocol), a trailing '\r', the "OK" header that
// redis-cli prints, IPv6 peers "[::1]:6379" and "[::ffff:1.2.3.4]:6379", "unix:/path", "lua",
// the empty peer of a connection-less client "[0 ]", kvrocks' namespace in place of the db
// number "[__namespace 1.2.3.4:5]", Dragonfly's "[0 REPLICATION:0]", and Redis 2.4's forms
// without a peer: `ts "GET" "k"` (db 0) and `ts (db 3) "GET" "k"`.
//
// Nothing here allocates: the parsed line is a set of views into the caller's buffer, and
// arguments are produced one at a time, still escaped, by ArgCursor; unescape() decodes one.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace core::replay {

enum class LineKind : std::uint8_t {
  Command,    // a logged command
  Header,     // "OK" (redis-cli MONITOR prints it first)
  Blank,      // empty or whitespace-only
  Malformed,  // anything else; counted with its line number, never dropped silently
};

enum class PeerKind : std::uint8_t {
  Tcp,          // "10.0.0.5:6001" or "[::1]:6379"
  Unix,         // "unix:/tmp/redis.sock"
  Lua,          // "lua": run by a script (EVAL/EVALSHA/FCALL) of the client logged just before
  None,         // "" (connection-less client, e.g. a module's fake client)
  Replication,  // Dragonfly "REPLICATION:0": applied from the master
  Unknown,      // Redis 2.4 lines carry no peer
  Other,        // anything else inside the brackets
};
std::string_view to_string(PeerKind k);

enum class LineError : std::uint8_t {
  None,
  NoTimestamp,       // the line does not start with seconds.fraction
  NoPeer,            // no "[db peer]" (or 2.4 "(db N)") after the timestamp
  UnterminatedPeer,  // "[" without the closing "] \""
  NoCommand,         // nothing quoted after the peer
  UnterminatedArg,   // an argument's closing quote is missing
  JunkBetweenArgs,   // something other than one space between two quoted arguments
};
std::string_view to_string(LineError e);

struct MonitorLine {
  std::int64_t ts_us = 0;   // microseconds since the epoch
  std::string_view db;      // db field as written: "0", "__namespace"; "" for 2.4 lines at db 0
  int db_index = 0;         // numeric db, or -1 when the field is not a number (kvrocks namespace)
  std::string_view peer;    // "127.0.0.1:50412", "[::1]:6379", "unix:/tmp/s", "lua", ""
  PeerKind peer_kind = PeerKind::Unknown;
  std::string_view args;    // from the opening quote of the command name to the end of the line
  bool truncated = false;   // the line was longer than the reader's buffer: `args` is a prefix
};

// Parses one line (without its '\n'; a trailing '\r' is allowed). Only the header, the command
// name's opening quote and the line's closing quote are checked here; arguments are validated as
// ArgCursor walks them. A `truncated` line (cut by the reader) need not end with a quote.
LineKind parse_line(std::string_view line, MonitorLine& out, LineError& error, bool truncated = false);

// Walks the quoted arguments of `MonitorLine::args`, yielding each one's escaped bytes (the text
// between its quotes). Stops at the end of the line or at the first malformed argument.
class ArgCursor {
 public:
  ArgCursor() = default;
  // `padded`: at least 16 bytes after the end of `args` may be read (LineReader's buffer), so
  // short arguments are found with one 16-byte load.
  ArgCursor(std::string_view args, bool truncated, bool padded = false)
      : p_(args.data()), end_(args.data() + args.size()), truncated_(truncated), padded_(padded) {}
  // Next argument (escaped); false when there are no more or the line is malformed (see error()).
  bool next(std::string_view& escaped);
  // Skips up to n arguments; returns how many were skipped.
  std::uint32_t skip(std::uint32_t n);
  // Counts the remaining arguments (consumes them).
  std::uint32_t count_rest();
  LineError error() const { return error_; }
  bool at_end() const { return p_ >= end_; }
  // The unparsed rest of the line (for display).
  std::string_view rest() const { return {p_, static_cast<std::size_t>(end_ - p_)}; }

 private:
  const char* p_ = nullptr;
  const char* end_ = nullptr;
  bool truncated_ = false;
  bool padded_ = false;
  LineError error_ = LineError::None;
};

// Decodes one escaped argument exactly as sdscatrepr() encoded it. \xNN takes exactly two hex
// digits ("\x163" is 0x16 then '3'); an unknown escape or a \x without two hex digits is kept as
// written (backslash included), so nothing is lost.
std::string unescape(std::string_view escaped);
// Appends the decoding to `out` (no allocation when `out` has capacity); returns bytes appended.
std::size_t unescape_append(std::string_view escaped, std::string& out);
// Decoded length without building the string.
std::size_t unescaped_size(std::string_view escaped);
// True when the escaped argument contains no escape at all (decoded == escaped).
inline bool is_plain(std::string_view escaped) {
  return escaped.find('\\') == std::string_view::npos;
}

// Finds the first '"' or '\\' in [p, end), or end. SIMD where the target has it.
const char* find_quote_or_backslash(const char* p, const char* end);

}  // namespace core::replay
