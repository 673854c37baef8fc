#include "core/replay/command_index.hpp"

#include <cstring>
#include <string>

#include "core/replay/tables.hpp"

namespace core::replay {
namespace {

constexpr std::size_t kFastMax = 24;          // names up to this length take the fast path
constexpr std::size_t kMaxUnknownNames = 1024;  // interned unknown names before "?OTHER"

// Upper-cases the ASCII letters of a little-endian word of bytes (SWAR: no per-byte branch).
inline std::uint64_t upper_word(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  std::uint64_t h = w & (0x7F * ones);
  std::uint64_t ge_a = h + (0x80 - 'a') * ones;       // bit 7 set where byte >= 'a'
  std::uint64_t gt_z = h + (0x80 - 'z' - 1) * ones;   // bit 7 set where byte > 'z'
  std::uint64_t lower = ge_a & ~gt_z & ~w & (0x80 * ones);
  return w ^ (lower >> 2);
}

inline void pack(std::string_view s, std::uint64_t w[3]) {
  char buf[kFastMax] = {};
  std::memcpy(buf, s.data(), s.size());
  std::memcpy(&w[0], buf, 8);
  std::memcpy(&w[1], buf + 8, 8);
  std::memcpy(&w[2], buf + 16, 8);
  w[0] = upper_word(w[0]);
  w[1] = upper_word(w[1]);
  w[2] = upper_word(w[2]);
}

// Same as pack() for a name whose 24 bytes from its start may be read (the line goes on after
// it): three loads and masks instead of a variable-length copy.
inline void pack_readable(const char* p, std::size_t n, std::uint64_t w[3]) {
  std::memcpy(&w[0], p, 8);
  std::memcpy(&w[1], p + 8, 8);
  std::memcpy(&w[2], p + 16, 8);
  auto mask = [](std::size_t k) { return k >= 8 ? ~0ull : (k == 0 ? 0ull : (~0ull >> (64 - 8 * k))); };
  w[0] = upper_word(w[0] & mask(n));
  w[1] = upper_word(w[1] & mask(n > 8 ? n - 8 : 0));
  w[2] = upper_word(w[2] & mask(n > 16 ? n - 16 : 0));
}

inline std::size_t slot_of(const std::uint64_t w[3], std::uint32_t tag, std::size_t mask) {
  // Multiplicative: every word and the tag reach the product's top bits, which pick the slot.
  std::uint64_t h = (w[0] ^ (w[1] * 0xC2B2AE3D27D4EB4Full) ^ (w[2] * 0xD6E8FEB86659FD93ull) ^ tag) *
                    0x9E3779B97F4A7C15ull;
  return static_cast<std::size_t>(h >> 40) & mask;
}

bool is_script_command(std::string_view n) {
  return n == "EVAL" || n == "EVALSHA" || n == "EVAL_RO" || n == "EVALSHA_RO" || n == "FCALL" || n == "FCALL_RO";
}

}  // namespace

bool parse_int(std::string_view s, std::int64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  std::size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    i = 1;
    if (s.size() == 1) return false;
  }
  std::int64_t v = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = neg ? -v : v;
  return true;
}

bool equals_upper(std::string_view arg, std::string_view word) {
  if (arg.size() != word.size()) return false;
  for (std::size_t i = 0; i < arg.size(); ++i) {
    char c = arg[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (c != word[i]) return false;
  }
  return true;
}

CommandIndex::CommandIndex() {
  table_.assign(4096, Slot{{0, 0, 0}, 0, 0});
  mask_ = table_.size() - 1;
  catalog_size_ = command_catalog_size();
  grow();
  // Containers: any catalog name "X|Y" marks X.
  for (std::size_t id = 0; id < catalog_size_; ++id) {
    const std::string& n = command_info(static_cast<CommandId>(id)).name;
    auto bar = n.find('|');
    if (bar == std::string::npos) continue;
    if (auto c = find_command(n.substr(0, bar))) specs_[*c].flags |= kFlagContainer;
  }
  // Pre-load every catalog name into the fast table.
  for (std::size_t id = 0; id < catalog_size_; ++id) {
    const std::string& n = command_info(static_cast<CommandId>(id)).name;
    if (n.find('|') != std::string::npos || n.size() > kFastMax) continue;
    std::uint64_t w[3];
    pack(n, w);
    insert(w, static_cast<std::uint32_t>(n.size()), static_cast<CommandId>(id));
  }
  other_id_ = intern_command("?OTHER");
  grow();
}

void CommandIndex::grow() {
  std::size_t n = command_catalog_size();
  std::size_t old = specs_.size();
  specs_.resize(n);
  for (std::size_t id = old; id < n; ++id) {
    const CommandInfo& info = command_info(static_cast<CommandId>(id));
    CommandSpec s;
    s.cls = info.cls;
    if (info.blocking) s.flags |= kFlagBlocking;
    if (info.admin) s.flags |= kFlagAdmin;
    if (!info.known) s.flags |= kFlagUnknown;
    const std::string& nm = info.name;
    if (is_script_command(nm)) s.flags |= kFlagScript;
    if (nm == "MULTI") s.flags |= kFlagMulti;
    if (nm == "EXEC") s.flags |= kFlagExec;
    if (nm == "DISCARD") s.flags |= kFlagDiscard;
    if (info.first_key > 0) {
      s.rule = KeyRule::Fixed;
      s.first = static_cast<std::int8_t>(info.first_key);
      s.last = static_cast<std::int8_t>(info.last_key);
      s.step = static_cast<std::int8_t>(info.key_step > 0 ? info.key_step : 1);
    } else if (is_script_command(nm) || nm == "BLMPOP" || nm == "BZMPOP") {
      s.rule = KeyRule::NumKeys;
      s.numkeys_at = 2;
    } else if (nm == "LMPOP" || nm == "ZMPOP" || nm == "SINTERCARD" || nm == "ZINTER" || nm == "ZUNION" ||
               nm == "ZDIFF" || nm == "ZINTERCARD") {
      s.rule = KeyRule::NumKeys;
      s.numkeys_at = 1;
    } else if (nm == "XREAD" || nm == "XREADGROUP") {
      s.rule = KeyRule::Streams;
    } else if (nm == "PUBLISH" || nm == "SUBSCRIBE" || nm == "PSUBSCRIBE" || nm == "UNSUBSCRIBE" ||
               nm == "PUNSUBSCRIBE" || nm == "SSUBSCRIBE" || nm == "SUNSUBSCRIBE") {
      s.rule = KeyRule::Channel;
    } else if (!info.known && nm != "?OTHER") {
      s.rule = KeyRule::FirstArg;
    }
    specs_[id] = s;
  }
}

void CommandIndex::insert(const std::uint64_t w[3], std::uint32_t tag, CommandId id) {
  if ((used_ + 1) * 2 > table_.size()) {
    // Rehash into a table twice as large (rare: only unknown names and subcommands add entries).
    std::vector<Slot> old = std::move(table_);
    table_.assign(old.size() * 2, Slot{{0, 0, 0}, 0, 0});
    mask_ = table_.size() - 1;
    used_ = 0;
    for (const Slot& s : old)
      if (s.tag) insert(s.w, s.tag, s.id);
  }
  std::size_t i = slot_of(w, tag, mask_);
  while (table_[i].tag != 0) i = (i + 1) & mask_;
  table_[i] = Slot{{w[0], w[1], w[2]}, tag, id};
  ++used_;
}

CommandId CommandIndex::lookup(std::string_view e, const char* readable_end) {
  if (e.size() <= kFastMax && !e.empty()) {
    std::uint64_t w[3];
    if (readable_end && e.data() + kFastMax <= readable_end) pack_readable(e.data(), e.size(), w);
    else pack(e, w);
    std::uint32_t tag = static_cast<std::uint32_t>(e.size());
    std::size_t i = slot_of(w, tag, mask_);
    for (;;) {
      const Slot& s = table_[i];
      if (s.tag == tag && s.w[0] == w[0] && s.w[1] == w[1] && s.w[2] == w[2]) return s.id;
      if (s.tag == 0) break;
      i = (i + 1) & mask_;
    }
  }
  return slow_lookup(e, 0);
}

CommandId CommandIndex::resolve(CommandId container, std::string_view e) {
  std::uint32_t cp1 = static_cast<std::uint32_t>(container) + 1;
  if (e.size() <= kFastMax) {
    std::uint64_t w[3];
    pack(e, w);
    std::uint32_t tag = (cp1 << 8) | static_cast<std::uint32_t>(e.size());
    std::size_t i = slot_of(w, tag, mask_);
    for (;;) {
      const Slot& s = table_[i];
      if (s.tag == tag && s.w[0] == w[0] && s.w[1] == w[1] && s.w[2] == w[2]) return s.id;
      if (s.tag == 0) break;
      i = (i + 1) & mask_;
    }
  }
  return slow_lookup(e, cp1);
}

CommandId CommandIndex::slow_lookup(std::string_view e, std::uint32_t container_plus1) {
  std::string name = unescape(e);
  CommandId id;
  if (container_plus1) {
    CommandId container = static_cast<CommandId>(container_plus1 - 1);
    id = resolve_subcommand(container, name);
  } else if (auto known = find_command(name)) {
    id = *known;
  } else if (name.empty() || unknown_ >= kMaxUnknownNames) {
    id = other_id_;
  } else {
    ++unknown_;
    id = intern_command(name);
  }
  grow();
  if (e.size() <= kFastMax && (container_plus1 < (1u << 23))) {
    std::uint64_t w[3];
    pack(e, w);
    std::uint32_t tag = (container_plus1 << 8) | static_cast<std::uint32_t>(e.size());
    // Only cache while the table stays small: junk subcommand arguments must not grow it.
    if (used_ < 65536) insert(w, tag, id);
  }
  return id;
}

std::string_view CommandIndex::name(CommandId id) const { return command_info(id).name; }

}  // namespace core::replay
