// Bounded hash tables for the replay hot path. Captures can hold millions of distinct keys,
// connections and junk command names; every table here has a fixed capacity chosen up front, so
// memory stays bounded whatever the input, and a lookup never allocates once the entry exists.
// When a table is full, callers fold the new entry into an explicit "other" bucket.
#pragma once
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace core::replay {

// 64-bit hash of a short byte string (keys, client addresses). Reads 8 bytes at a time; not
// cryptographic, only well mixed (the mixer is the 128-bit multiply of wyhash).
inline std::uint64_t mix64(std::uint64_t a, std::uint64_t b) {
#if defined(__SIZEOF_INT128__)
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
#else
  std::uint64_t x = (a ^ (b >> 29)) * 0xbf58476d1ce4e5b9ull;
  x ^= (x >> 31) ^ b;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 32);
#endif
}

inline std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline std::uint64_t load32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Fixed-size loads only (overlapping at the ends, as wyhash does): a variable-length copy would
// be a library call on every key.
inline std::uint64_t hash_bytes(const char* p, std::size_t n, std::uint64_t seed = 0x9E3779B97F4A7C15ull) {
  constexpr std::uint64_t k1 = 0xa0761d6478bd642full, k2 = 0xe7037ed1a0b428dbull;
  std::uint64_t h = seed ^ (n * k1);
  std::uint64_t a, b;
  if (n <= 16) {
    if (n >= 8) {
      a = load64(p);
      b = load64(p + n - 8);
    } else if (n >= 4) {
      a = load32(p);
      b = load32(p + n - 4);
    } else if (n > 0) {
      a = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
          (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n >> 1])) << 8) |
          static_cast<unsigned char>(p[n - 1]);
      b = 0;
    } else {
      a = b = 0;
    }
  } else {
    std::size_t i = n;
    while (i > 16) {
      h = mix64(load64(p) ^ k1 ^ h, load64(p + 8) ^ k2);
      p += 16;
      i -= 16;
    }
    a = load64(p + i - 16);
    b = load64(p + i - 8);
  }
  return mix64(a ^ k1 ^ h, b ^ k2 ^ n);
}
inline std::uint64_t hash_bytes(std::string_view s) { return hash_bytes(s.data(), s.size()); }

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

// Open-addressing map from a non-zero 64-bit key to a dense id (0, 1, 2, ... in insertion order),
// holding at most `capacity` entries.
class IdMap64 {
 public:
  explicit IdMap64(std::uint32_t capacity) : cap_(capacity) {
    std::size_t n = 16;
    int bits = 4;
    while (n < static_cast<std::size_t>(capacity) * 2) n <<= 1, ++bits;
    slots_.assign(n, Slot{0, kNone});
    mask_ = n - 1;
    shift_ = 64 - bits;
  }
  // The id of `key`, inserting it if absent; kNone when the map is full.
  std::uint32_t get_or_insert(std::uint64_t key, bool* inserted = nullptr) {
    if (key == 0) key = 1;  // 0 marks an empty slot
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.key == key) return s.id;
      if (s.key == 0) {
        if (size_ >= cap_) return kNone;
        s.key = key;
        s.id = size_++;
        if (inserted) *inserted = true;
        return s.id;
      }
    }
  }
  std::uint32_t find(std::uint64_t key) const {
    if (key == 0) key = 1;
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == key) return s.id;
      if (s.key == 0) return kNone;
    }
  }
  std::uint32_t size() const { return size_; }
  std::uint32_t capacity() const { return cap_; }

 private:
  struct Slot {
    std::uint64_t key;
    std::uint32_t id;
  };
  // Fibonacci hashing: the top bits of the product depend on every bit of the key (keys packed
  // from fields, like the loop tracker's, differ in their high bits only).
  std::size_t slot(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_) & mask_;
  }
  std::vector<Slot> slots_;  // key and id side by side: one cache miss per probe, not two
  std::size_t mask_ = 0;
  int shift_ = 60;
  std::uint32_t size_ = 0, cap_;
};

// Open-addressing map from a non-zero 64-bit key to an id the caller chooses. Entries are never
// deleted one by one: the owner clears it and inserts the live ones again (see LoopTracker).
class KeyIndex {
 public:
  explicit KeyIndex(std::uint32_t capacity) {
    std::size_t n = 16;
    int bits = 4;
    while (n < static_cast<std::size_t>(capacity) * 2) n <<= 1, ++bits;
    slots_.assign(n, Slot{0, kNone});
    mask_ = n - 1;
    shift_ = 64 - bits;
  }
  std::uint32_t find(std::uint64_t key) const {
    if (key == 0) key = 1;
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return slots_[i].id;
      if (slots_[i].key == 0) return kNone;
    }
  }
  // `key` must be absent and the index below its capacity.
  void insert(std::uint64_t key, std::uint32_t id) {
    if (key == 0) key = 1;
    std::size_t i = slot(key);
    while (slots_[i].key != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{key, id};
  }
  void clear() { std::fill(slots_.begin(), slots_.end(), Slot{0, kNone}); }
  // Hint the cache about the slot `key` will probe first.
  void prefetch(std::uint64_t key) const { __builtin_prefetch(&slots_[slot(key == 0 ? 1 : key)]); }

 private:
  struct Slot {
    std::uint64_t key;
    std::uint32_t id;
  };
  std::size_t slot(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_) & mask_;
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  int shift_ = 60;
};

// Byte strings -> dense ids, each string copied once into an arena. Bounded by a count and a
// total byte budget; strings longer than `max_len` are interned by their first `max_len` bytes.
class Interner {
 public:
  Interner(std::uint32_t capacity, std::size_t byte_budget, std::size_t max_len = 256)
      : map_(capacity), budget_(byte_budget), max_len_(max_len) {
    offsets_.reserve(capacity);
    lens_.reserve(capacity);
  }
  // Id of `s` (hash `h` = hash_bytes(s) of the possibly truncated string), kNone if full.
  // Strings are identified by their 64-bit hash mixed with their length: for the few thousand
  // strings a table holds, two colliding is about as likely as 1 in 10^12, and skipping the byte
  // comparison keeps the arena out of the hot path.
  std::uint32_t intern(std::string_view s, std::uint64_t h, bool* inserted = nullptr) {
    if (s.size() > max_len_) s = s.substr(0, max_len_);
    std::uint64_t key = h ^ (static_cast<std::uint64_t>(s.size()) * 0xD6E8FEB86659FD93ull);
    std::uint32_t id = map_.find(key);
    if (id != kNone) return id;
    if (map_.size() >= map_.capacity() || arena_.size() + s.size() > budget_) return kNone;
    bool ins = false;
    id = map_.get_or_insert(key, &ins);
    if (id == kNone) return kNone;
    offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
    lens_.push_back(static_cast<std::uint32_t>(s.size()));
    arena_.append(s.data(), s.size());
    if (inserted) *inserted = true;
    return id;
  }
  std::uint32_t intern(std::string_view s) {
    return intern(s, hash_bytes(s.substr(0, std::min(s.size(), max_len_))));
  }
  std::string_view str(std::uint32_t id) const { return {arena_.data() + offsets_[id], lens_[id]}; }
  std::uint32_t size() const { return map_.size(); }
  std::uint32_t capacity() const { return map_.capacity(); }

 private:
  IdMap64 map_;
  std::string arena_;
  std::vector<std::uint32_t> offsets_, lens_;
  std::size_t budget_, max_len_;
};

// HyperLogLog with M six-bit registers (kept in bytes; M a power of two): distinct-count estimates
// within about 1.04/sqrt(M). TinyHll (64 bytes, about 13 %) is enough to tell "50 keys" from
// "50,000 keys" per pattern; WideHll (1 KB, about 3 %) says how many clients or patterns an "other"
// bucket folded once a table is full.
template <unsigned M>
struct Hll {
  static_assert(M >= 16 && (M & (M - 1)) == 0, "M must be a power of two");
  static constexpr unsigned kBits = __builtin_ctz(M);
  std::uint8_t reg[M] = {};
  void add(std::uint64_t h) {
    unsigned idx = static_cast<unsigned>(h & (M - 1));
    std::uint64_t rest = h >> kBits;
    std::uint8_t rank = rest ? static_cast<std::uint8_t>(__builtin_ctzll(rest) + 1) : static_cast<std::uint8_t>(65 - kBits);
    if (rank > reg[idx]) reg[idx] = rank;
  }
  double estimate() const;
};
using TinyHll = Hll<64>;
using WideHll = Hll<1024>;

}  // namespace core::replay
