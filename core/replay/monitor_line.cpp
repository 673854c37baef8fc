#include "core/replay/monitor_line.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace core::replay {

std::string_view to_string(PeerKind k) {
  switch (k) {
    case PeerKind::Tcp: return "tcp";
    case PeerKind::Unix: return "unix";
    case PeerKind::Lua: return "lua";
    case PeerKind::None: return "none";
    case PeerKind::Replication: return "replication";
    case PeerKind::Unknown: return "unknown";
    case PeerKind::Other: return "other";
  }
  return "other";
}

std::string_view to_string(LineError e) {
  switch (e) {
    case LineError::None: return "ok";
    case LineError::NoTimestamp: return "expected a timestamp (seconds.microseconds) at the start of the line";
    case LineError::NoPeer: return "expected \"[db client]\" after the timestamp";
    case LineError::UnterminatedPeer: return "the \"[db client]\" field is not closed by '] \"'";
    case LineError::NoCommand: return "expected a quoted command name after the client field";
    case LineError::UnterminatedArg: return "an argument's closing quote is missing";
    case LineError::JunkBetweenArgs: return "expected one space between quoted arguments";
  }
  return "malformed";
}

const char* find_quote_or_backslash(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i bslash = _mm_set1_epi8('\\');
  while (end - p >= 32) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
    unsigned ma = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(a, quote), _mm_cmpeq_epi8(a, bslash))));
    unsigned mb = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, bslash))));
    unsigned m = ma | (mb << 16);
    if (m) return p + __builtin_ctz(m);
    p += 32;
  }
  if (end - p >= 16) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned m = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(a, quote), _mm_cmpeq_epi8(a, bslash))));
    if (m) return p + __builtin_ctz(m);
    p += 16;
  }
#endif
  while (p < end && *p != '"' && *p != '\\') ++p;
  return p;
}

namespace {

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

PeerKind classify_peer(std::string_view peer) {
  if (peer.empty()) return PeerKind::None;
  if (is_digit(peer.front()) || peer.front() == '[') return PeerKind::Tcp;  // the common case first
  if (peer == "lua") return PeerKind::Lua;
  if (peer.size() >= 5 && std::memcmp(peer.data(), "unix:", 5) == 0) return PeerKind::Unix;
  if (peer.size() >= 11 && std::memcmp(peer.data(), "REPLICATION", 11) == 0) return PeerKind::Replication;
  if (peer.front() == '[' || peer.find(':') != std::string_view::npos) return PeerKind::Tcp;
  return PeerKind::Other;
}

// Eight ASCII digits (a little-endian word, first digit in the low byte)?
inline bool all_digits(std::uint64_t v) {
  return ((v & 0xF0F0F0F0F0F0F0F0ull) | (((v + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) ==
         0x3333333333333333ull;
}

// The value of eight ASCII digits (first digit most significant).
inline std::uint32_t swar8(std::uint64_t v) {
  v -= 0x3030303030303030ull;
  v = (v * 10) + (v >> 8);
  v = (((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
       (((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >> 32;
  return static_cast<std::uint32_t>(v);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// The rest of a line after its timestamp: "[db peer] " (or a 2.4 form), then the arguments.
static LineKind parse_after_timestamp(const char* p, const char* end, MonitorLine& out, LineError& error,
                                      bool truncated);

LineKind parse_line(std::string_view line, MonitorLine& out, LineError& error, bool truncated) {
  error = LineError::None;
  const char* p = line.data();
  const char* end = p + line.size();
  if (end > p && end[-1] == '\r') --end;
  if (p < end && *p == '+') ++p;
  if (p == end) return LineKind::Blank;
  if (end - p == 2 && p[0] == 'O' && p[1] == 'K') return LineKind::Header;

  // Timestamp. Fast path: Redis' "%ld.%06ld " with ten-digit seconds (2001 to 2286), eight
  // digits at a time.
  if (end - p >= 18 && p[10] == '.' && p[17] == ' ') {
    std::uint64_t hi, lo, us8;
    std::memcpy(&hi, p, 8);             // seconds, first 8 digits
    std::uint64_t hi2 = static_cast<unsigned char>(p[8]) | (static_cast<std::uint64_t>(static_cast<unsigned char>(p[9])) << 8);
    std::memcpy(&lo, p + 10, 8);        // ".dddddd " (the '.' and ' ' are replaced below)
    us8 = (lo & 0x00FFFFFFFFFFFF00ull) | 0x3000000000000030ull;  // "0dddddd0": a leading and a trailing 0
    lo = 0x0000303030303030ull | (hi2 << 48);                     // "000000" + the last two seconds digits
    if (all_digits(hi) && all_digits(lo) && all_digits(us8)) {
      std::int64_t sec = static_cast<std::int64_t>(swar8(hi)) * 100 + static_cast<std::int64_t>(swar8(lo));
      std::int64_t us = static_cast<std::int64_t>(swar8(us8)) / 10;  // drop the trailing 0
      out.ts_us = sec * 1000000 + us;
      out.truncated = truncated;
      return parse_after_timestamp(p + 18, end, out, error, truncated);
    }
  }
  // General form: seconds, then optionally '.' and the microseconds. Redis zero-pads to six
  // digits; kvrocks prints tv_usec unpadded, so fewer digits are read as a count of microseconds.
  const char* s = p;
  std::int64_t sec = 0;
  while (p < end && is_digit(*p) && p - s < 12) sec = sec * 10 + (*p++ - '0');
  if (p == s) {
    const char* q = s;
    while (q < end && is_space(*q)) ++q;
    if (q == end) return LineKind::Blank;
    error = LineError::NoTimestamp;
    return LineKind::Malformed;
  }
  std::int64_t us = 0;
  if (p < end && *p == '.') {
    ++p;
    const char* f = p;
    // Six digits or more: the first six are the microseconds. Fewer: kvrocks' unpadded
    // tv_usec, which the accumulated value already is.
    while (p < end && is_digit(*p)) {
      if (p - f < 6) us = us * 10 + (*p - '0');
      ++p;
    }
  }
  if (p >= end || *p != ' ') {
    error = LineError::NoTimestamp;
    return LineKind::Malformed;
  }
  ++p;
  out.ts_us = sec * 1000000 + us;
  out.truncated = truncated;
  return parse_after_timestamp(p, end, out, error, truncated);
}

static LineKind parse_after_timestamp(const char* p, const char* end, MonitorLine& out, LineError& error,
                                      bool truncated) {
#if defined(__SSE2__)
  // Fast path, nearly every line: "[d " or "[dd " then an IPv4 peer (no ']' of its own) and '] "'.
  if (end - p >= 24 && p[0] == '[' && is_digit(p[1])) {
    int dbn = p[1] - '0';
    const char* peer = nullptr;
    if (p[2] == ' ') {
      peer = p + 3;
    } else if (is_digit(p[2]) && p[3] == ' ' && p[1] != '0') {
      dbn = dbn * 10 + (p[2] - '0');
      peer = p + 4;
    }
    if (peer && is_digit(*peer) && end - peer >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(peer));
      unsigned m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(']'))));
      if (m) {
        const char* b = peer + __builtin_ctz(m);
        if (b + 3 < end && b[1] == ' ' && b[2] == '"' && (truncated || end[-1] == '"')) {
          out.db = {p + 1, static_cast<std::size_t>(peer - p - 2)};
          out.db_index = dbn;
          out.peer = {peer, static_cast<std::size_t>(b - peer)};
          out.peer_kind = PeerKind::Tcp;
          out.args = {b + 2, static_cast<std::size_t>(end - b - 2)};
          return LineKind::Command;
        }
      }
    }
  }
#endif
  if (p < end && *p == '[') {
    ++p;
    const char* db = p;
    while (p < end && *p != ' ' && *p != ']') ++p;
    if (p >= end || *p != ' ') {
      error = LineError::UnterminatedPeer;
      return LineKind::Malformed;
    }
    out.db = {db, static_cast<std::size_t>(p - db)};
    ++p;
    // The peer ends at the first ']' followed by ' "'; an IPv6 peer has its own ']' inside.
    const char* peer = p;
    const char* close = nullptr;
    for (const char* q = p; q < end;) {
      const void* hit = std::memchr(q, ']', static_cast<std::size_t>(end - q));
      if (!hit) break;
      const char* b = static_cast<const char*>(hit);
      if (b + 2 < end && b[1] == ' ' && b[2] == '"') {
        close = b;
        break;
      }
      q = b + 1;
    }
    if (!close) {
      // "] " then something unquoted: the peer is there, the command is not.
      const void* b = std::memchr(p, ']', static_cast<std::size_t>(end - p));
      bool closed = b && static_cast<const char*>(b) + 1 < end && static_cast<const char*>(b)[1] == ' ';
      error = closed ? LineError::NoCommand : LineError::UnterminatedPeer;
      return LineKind::Malformed;
    }
    out.peer = {peer, static_cast<std::size_t>(close - peer)};
    out.peer_kind = classify_peer(out.peer);
    p = close + 2;
  } else if (p < end && *p == '(') {
    // Redis 2.4: "(db N) " before the arguments, no peer.
    if (end - p < 6 || std::memcmp(p, "(db ", 4) != 0) {
      error = LineError::NoPeer;
      return LineKind::Malformed;
    }
    p += 4;
    const char* db = p;
    while (p < end && is_digit(*p)) ++p;
    if (p == db || p + 1 >= end || p[0] != ')' || p[1] != ' ') {
      error = LineError::NoPeer;
      return LineKind::Malformed;
    }
    out.db = {db, static_cast<std::size_t>(p - db)};
    // Empty, but pointing into the line (never a null view): consumers may read the bytes
    // that follow a peer (the analyzer's 16-byte peer cache does).
    out.peer = {p, 0};
    out.peer_kind = PeerKind::Unknown;
    p += 2;
  } else if (p < end && *p == '"') {
    // Redis 2.4 at db 0: the arguments follow the timestamp directly. Empty views into the line,
    // as above.
    out.db = {p, 0};
    out.peer = {p, 0};
    out.peer_kind = PeerKind::Unknown;
  } else {
    error = LineError::NoPeer;
    return LineKind::Malformed;
  }

  int dbi = 0;
  if (out.db.empty()) {
    dbi = 0;
  } else {
    for (char c : out.db) {
      if (!is_digit(c) || dbi > 100000000) {
        dbi = -1;
        break;
      }
      dbi = dbi * 10 + (c - '0');
    }
  }
  out.db_index = dbi;

  if (p >= end || *p != '"') {
    error = LineError::NoCommand;
    return LineKind::Malformed;
  }
  // Every argument is quoted, so a complete line ends with a quote. Arguments in between are
  // checked when (and as far as) they are read.
  if (!truncated && (end - p < 2 || end[-1] != '"')) {
    error = LineError::UnterminatedArg;
    return LineKind::Malformed;
  }
  out.args = {p, static_cast<std::size_t>(end - p)};
  return LineKind::Command;
}

#if defined(__SSE2__)
namespace {

// Masks of '"' and '\\' over 64 bytes (bit i = byte i).
inline void masks64(const char* p, std::uint64_t& quotes, std::uint64_t& slashes) {
  const __m128i q = _mm_set1_epi8('"');
  const __m128i b = _mm_set1_epi8('\\');
  quotes = slashes = 0;
  for (int k = 0; k < 4; ++k) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    quotes |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, q)))) << (16 * k);
    slashes |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, b)))) << (16 * k);
  }
}

// Characters escaped by a backslash in a 64-byte block, carrying an escape across blocks (the
// series-of-backslashes trick of simdjson's escape scanner: in "\\\\\"" the quote is escaped
// only when the run of backslashes before it is odd).
struct EscapeScanner {
  std::uint64_t next_is_escaped = 0;
  std::uint64_t escaped(std::uint64_t backslash) {
    if (!backslash) {
      std::uint64_t e = next_is_escaped;
      next_is_escaped = 0;
      return e;
    }
    constexpr std::uint64_t kOdd = 0xAAAAAAAAAAAAAAAAull;
    std::uint64_t potential = backslash & ~next_is_escaped;
    std::uint64_t maybe = potential << 1;
    std::uint64_t codes = ((maybe | kOdd) - potential) ^ kOdd;
    std::uint64_t esc = codes ^ (backslash | next_is_escaped);
    std::uint64_t escape = codes & backslash;
    next_is_escaped = escape >> 63;
    return esc;
  }
};

}  // namespace
#endif

bool ArgCursor::next(std::string_view& escaped) {
  if (p_ >= end_ || error_ != LineError::None) return false;
  if (*p_ != '"') {
    error_ = LineError::JunkBetweenArgs;
    p_ = end_;
    return false;
  }
  const char* s = p_ + 1;
  const char* q = s;
#if defined(__SSE2__)
  // Short arguments (names, keys, small values): one 16-byte load finds the closing quote when
  // no backslash comes before it.
  if (padded_ || end_ - s >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    unsigned mq = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
    unsigned mb = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    if (end_ - s < 16) {
      unsigned keep = (1u << (end_ - s)) - 1;
      mq &= keep;
      mb &= keep;
    }
    if (mq && (mb == 0 || __builtin_ctz(mq) < __builtin_ctz(mb))) {
      const char* c = s + __builtin_ctz(mq);
      const char* after = c + 1;
      if (after == end_) {
        escaped = {s, static_cast<std::size_t>(c - s)};
        p_ = end_;
        return true;
      }
      if (*after == ' ' && after + 1 < end_ && after[1] == '"') {
        escaped = {s, static_cast<std::size_t>(c - s)};
        p_ = after + 1;
        return true;
      }
    }
  }
  // Long arguments (JSON bodies full of \") go 64 bytes at a time: the closing quote is the
  // first quote no backslash escapes.
  if (end_ - q >= 64) {
    EscapeScanner esc;
    while (end_ - q >= 64) {
      std::uint64_t quotes, slashes;
      masks64(q, quotes, slashes);
      std::uint64_t real = quotes & ~esc.escaped(slashes);
      while (real) {
        const char* c = q + __builtin_ctzll(real);
        const char* after = c + 1;
        if (after == end_) {
          escaped = {s, static_cast<std::size_t>(c - s)};
          p_ = end_;
          return true;
        }
        if (*after == ' ') {
          if (after + 1 < end_ && after[1] == '"') {
            escaped = {s, static_cast<std::size_t>(c - s)};
            p_ = after + 1;
            return true;
          }
          error_ = LineError::JunkBetweenArgs;
          p_ = end_;
          return false;
        }
        real &= real - 1;  // a bare quote inside the argument (see below)
      }
      q += 64;
    }
    if (esc.next_is_escaped) q += 1;  // the block ended inside an escape
  }
#endif
  for (;;) {
    q = find_quote_or_backslash(q, end_);
    if (q >= end_) {
      if (truncated_) {
        escaped = {s, static_cast<std::size_t>(end_ - s)};
        p_ = end_;
        return true;
      }
      error_ = LineError::UnterminatedArg;
      p_ = end_;
      return false;
    }
    if (*q == '\\') {
      q += 2;
      if (q > end_) q = end_;
      continue;
    }
    const char* after = q + 1;
    if (after == end_) {
      escaped = {s, static_cast<std::size_t>(q - s)};
      p_ = end_;
      return true;
    }
    if (*after == ' ') {
      if (after + 1 < end_ && after[1] == '"') {
        escaped = {s, static_cast<std::size_t>(q - s)};
        p_ = after + 1;
        return true;
      }
      error_ = LineError::JunkBetweenArgs;
      p_ = end_;
      return false;
    }
    // A quote followed by neither a space nor the end: sdscatrepr never writes one, but kvrocks
    // before apache/kvrocks#1476 wrote arguments raw. Read it as part of the argument.
    q = after;
  }
}

std::uint32_t ArgCursor::skip(std::uint32_t n) {
  std::uint32_t k = 0;
  std::string_view a;
  while (k < n && next(a)) ++k;
  return k;
}

std::uint32_t ArgCursor::count_rest() {
  std::uint32_t k = 0;
  std::string_view a;
  while (next(a)) ++k;
  return k;
}

std::size_t unescape_append(std::string_view e, std::string& out) {
  std::size_t before = out.size();
  const char* p = e.data();
  const char* end = p + e.size();
  while (p < end) {
    const char* b = static_cast<const char*>(std::memchr(p, '\\', static_cast<std::size_t>(end - p)));
    if (!b) {
      out.append(p, static_cast<std::size_t>(end - p));
      break;
    }
    out.append(p, static_cast<std::size_t>(b - p));
    if (b + 1 >= end) {  // a lone trailing backslash (only in a truncated argument)
      out.push_back('\\');
      break;
    }
    char c = b[1];
    p = b + 2;
    switch (c) {
      case '\\': out.push_back('\\'); break;
      case '"': out.push_back('"'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'x': {
        int hi = b + 2 < end ? hex_value(b[2]) : -1;
        int lo = b + 3 < end ? hex_value(b[3]) : -1;
        if (hi >= 0 && lo >= 0) {
          out.push_back(static_cast<char>(hi * 16 + lo));
          p = b + 4;
        } else {
          out.append(b, 2);
        }
        break;
      }
      default: out.append(b, 2); break;
    }
  }
  return out.size() - before;
}

std::string unescape(std::string_view escaped) {
  std::string out;
  out.reserve(escaped.size());
  unescape_append(escaped, out);
  return out;
}

std::size_t unescaped_size(std::string_view e) {
  std::size_t n = 0;
  const char* p = e.data();
  const char* end = p + e.size();
  while (p < end) {
    const char* b = static_cast<const char*>(std::memchr(p, '\\', static_cast<std::size_t>(end - p)));
    if (!b) {
      n += static_cast<std::size_t>(end - p);
      break;
    }
    n += static_cast<std::size_t>(b - p);
    if (b + 1 >= end) {
      n += 1;
      break;
    }
    char c = b[1];
    p = b + 2;
    if (c == 'x') {
      bool ok = b + 3 < end && hex_value(b[2]) >= 0 && hex_value(b[3]) >= 0;
      if (ok) {
        n += 1;
        p = b + 4;
      } else {
        n += 2;
      }
    } else if (c == '\\' || c == '"' || c == 'n' || c == 'r' || c == 't' || c == 'a' || c == 'b') {
      n += 1;
    } else {
      n += 2;
    }
  }
  return n;
}

}  // namespace core::replay
