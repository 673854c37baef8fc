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

inline std::uint64_t hash_bytes(const char* p, std::size_t n, std::uint64_t seed = 0x9E3779B97F4A7C15ull) {
  constexpr std::uint64_t k1 = 0xa0761d6478bd642full, k2 = 0xe7037ed1a0b428dbull;
  std::uint64_t h = seed ^ (n * k1);
  while (n >= 16) {
    std::uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + 8, 8);
    h = mix64(a ^ k1 ^ h, b ^ k2);
    p += 16;
    n -= 16;
  }
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    if (n > 8) std::memcpy(&b, p + 8, n - 8);
  } else if (n > 0) {
    std::memcpy(&a, p, n);
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
    while (n < static_cast<std::size_t>(capacity) * 2) n <<= 1;
    keys_.assign(n, 0);
    ids_.assign(n, kNone);
    mask_ = n - 1;
  }
  // The id of `key`, inserting it if absent; kNone when the map is full.
  std::uint32_t get_or_insert(std::uint64_t key, bool* inserted = nullptr) {
    if (key == 0) key = 1;  // 0 marks an empty slot
    std::size_t i = static_cast<std::size_t>(key * 0x9E3779B97F4A7C15ull >> 20) & mask_;
    for (;;) {
      if (keys_[i] == key) return ids_[i];
      if (keys_[i] == 0) {
        if (size_ >= cap_) return kNone;
        keys_[i] = key;
        ids_[i] = size_++;
        if (inserted) *inserted = true;
        return ids_[i];
      }
      i = (i + 1) & mask_;
    }
  }
  std::uint32_t find(std::uint64_t key) const {
    if (key == 0) key = 1;
    std::size_t i = static_cast<std::size_t>(key * 0x9E3779B97F4A7C15ull >> 20) & mask_;
    for (;;) {
      if (keys_[i] == key) return ids_[i];
      if (keys_[i] == 0) return kNone;
      i = (i + 1) & mask_;
    }
  }
  std::uint32_t size() const { return size_; }
  std::uint32_t capacity() const { return cap_; }

 private:
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> ids_;
  std::size_t mask_ = 0;
  std::uint32_t size_ = 0, cap_;
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
  std::uint32_t intern(std::string_view s, std::uint64_t h, bool* inserted = nullptr) {
    if (s.size() > max_len_) s = s.substr(0, max_len_);
    // Hash collisions between different strings are resolved by linear re-hashing.
    for (std::uint64_t salt = 0;; ++salt) {
      std::uint64_t key = salt ? mix64(h, salt + 0x51) : h;
      bool ins = false;
      std::uint32_t id = map_.find(key);
      if (id == kNone) {
        if (arena_.size() + s.size() > budget_) return kNone;
        id = map_.get_or_insert(key, &ins);
        if (id == kNone) return kNone;
        offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
        lens_.push_back(static_cast<std::uint32_t>(s.size()));
        arena_.append(s.data(), s.size());
        if (inserted) *inserted = true;
        return id;
      }
      if (str(id) == s) return id;
    }
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

// HyperLogLog with 64 six-bit registers (kept in bytes): distinct-count estimates within about
// 13 % in 64 bytes, enough to tell "50 keys" from "50,000 keys" per pattern.
struct TinyHll {
  std::uint8_t reg[64] = {};
  void add(std::uint64_t h) {
    unsigned idx = static_cast<unsigned>(h & 63);
    std::uint64_t rest = h >> 6;
    std::uint8_t rank = rest ? static_cast<std::uint8_t>(__builtin_ctzll(rest) + 1) : 59;
    if (rank > reg[idx]) reg[idx] = rank;
  }
  double estimate() const;
};

}  // namespace core::replay
