#include "core/replay/key_pattern.hpp"

#include <cstring>

namespace core::replay {
namespace {

// Character classes, one table lookup per byte.
enum : unsigned char { kOther = 0, kDigit = 1, kLower = 2, kUpper = 4, kHexLetter = 8, kB64Sym = 16 };

struct ClassTable {
  unsigned char t[256] = {};
  constexpr ClassTable() {
    for (int c = '0'; c <= '9'; ++c) t[c] = kDigit;
    for (int c = 'a'; c <= 'z'; ++c) t[c] = kLower;
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = kUpper;
    for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHexLetter;
    for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHexLetter;
    t[static_cast<unsigned char>('+')] = kB64Sym;
    t[static_cast<unsigned char>('/')] = kB64Sym;
  }
};
constexpr ClassTable kClass;

inline unsigned char cls(char c) { return kClass.t[static_cast<unsigned char>(c)]; }
inline bool alnum(char c) { return (cls(c) & (kDigit | kLower | kUpper)) != 0; }
inline bool hex(char c) { return (cls(c) & (kDigit | kHexLetter)) != 0; }

// 8-4-4-4-12 hex digits with dashes, not followed by another alphanumeric.
bool is_uuid_at(const char* p, const char* end) {
  if (end - p < 36) return false;
  static constexpr int dash[4] = {8, 13, 18, 23};
  for (int i = 0, d = 0; i < 36; ++i) {
    if (d < 4 && i == dash[d]) {
      if (p[i] != '-') return false;
      ++d;
    } else if (!hex(p[i])) {
      return false;
    }
  }
  return !(end - p > 36 && alnum(p[36]));
}

// A base64 (or base64url-free) run of at least 20 characters that looks random: upper, lower
// and digits mixed, changing class often. Returns its length (with '=' padding), 0 if none.
std::size_t base64_run(const char* p, const char* end) {
  const char* q = p;
  unsigned seen = 0;
  unsigned switches = 0;
  unsigned char last = 0;
  while (q < end) {
    unsigned char c = cls(*q) & (kDigit | kLower | kUpper | kB64Sym);
    if (!c) break;
    if (c != last) ++switches;
    last = c;
    seen |= c;
    ++q;
  }
  std::size_t n = static_cast<std::size_t>(q - p);
  if (n < 20) return 0;
  if ((seen & (kDigit | kLower | kUpper)) != (kDigit | kLower | kUpper)) return 0;
  if (switches * 3 < n) return 0;  // words like "ProfileData2024" change class rarely
  while (q < end && *q == '=') ++q;
  return static_cast<std::size_t>(q - p);
}

struct Out {
  char* o;
  std::size_t n = 0;
  bool full = false;
  void put(const char* s, std::size_t k) {
    if (full) return;
    if (n + k > kMaxPatternBytes) {
      std::size_t room = kMaxPatternBytes - n;
      std::memcpy(o + n, s, room);
      n += room;
      o[n++] = '~';
      full = true;
      return;
    }
    std::memcpy(o + n, s, k);
    n += k;
  }
  void put(char c) {
    if (full) return;
    if (n + 1 > kMaxPatternBytes) {
      o[n++] = '~';
      full = true;
      return;
    }
    o[n++] = c;
  }
};

}  // namespace

std::size_t fold_key(std::string_view key, char* out) {
  Out w{out};
  const char* p = key.data();
  const char* end = p + key.size();
  char prev = 0;  // previous input byte (0 at the start)
  while (p < end && !w.full) {
    char c = *p;
    if (c == '\\') {
      // An escape is copied as a separator: \xNN (4 bytes) or \n, \" ... (2 bytes).
      std::size_t k = (p + 3 < end && p[1] == 'x' && hex(p[2]) && hex(p[3])) ? 4 : 2;
      if (p + k > end) k = static_cast<std::size_t>(end - p);
      w.put(p, k);
      p += k;
      prev = 'x';
      continue;
    }
    if (!alnum(c)) {
      w.put(c);
      prev = c;
      ++p;
      continue;
    }
    // One pass over the alphanumeric word; the rarer shapes (uuid, base64) are checked only
    // when the word can start one.
    const char* q = p;
    unsigned seen = 0;
    bool hexword = true;
    while (q < end) {
      unsigned char k = cls(*q);
      if (!(k & (kDigit | kLower | kUpper))) break;
      seen |= k;
      hexword = hexword && (k & (kDigit | kHexLetter));
      ++q;
    }
    if (q - p == 8 && hexword && q < end && *q == '-' && is_uuid_at(p, end)) {
      w.put("{uuid}", 6);
      p += 36;
      prev = 'u';
      continue;
    }
    if ((seen & (kDigit | kLower | kUpper)) == (kDigit | kLower | kUpper) &&
        (q - p >= 20 || (q < end && (*q == '+' || *q == '/' || *q == '=')))) {
      if (std::size_t b = base64_run(p, end)) {
        w.put("{b64}", 5);
        p += b;
        prev = 'b';
        continue;
      }
    }
    std::size_t n = static_cast<std::size_t>(q - p);
    bool at_key_end = q == end;
    if (seen == kDigit) {
      bool alone = prev == 0 && at_key_end;
      bool id_sep = prev == ':' || prev == '-' || prev == '_' || prev == '#' || prev == '=';
      if (n >= 2 || id_sep || alone) {
        w.put("{n}", 3);
      } else {
        w.put(p, n);
      }
    } else if (hexword && n >= 8 && (seen & kDigit) && (seen & (kLower | kUpper))) {
      w.put("{hex}", 5);
    } else if (seen & kDigit) {
      // Mixed word: fold runs of three or more digits ("job12345" -> "job{n}", "solo1" stays).
      const char* r = p;
      while (r < q) {
        if (cls(*r) == kDigit) {
          const char* s = r;
          while (s < q && cls(*s) == kDigit) ++s;
          if (s - r >= 3) {
            w.put("{n}", 3);
          } else {
            w.put(r, static_cast<std::size_t>(s - r));
          }
          r = s;
        } else {
          const char* s = r;
          while (s < q && cls(*s) != kDigit) ++s;
          w.put(r, static_cast<std::size_t>(s - r));
          r = s;
        }
      }
    } else {
      w.put(p, n);
    }
    prev = q[-1];
    p = q;
  }
  return w.n;
}

}  // namespace core::replay
