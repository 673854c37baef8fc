// Command names of a capture -> catalog ids, at hot-path speed. The catalog (core/commands.hpp)
// is keyed by std::string; here a name of up to 24 bytes is upper-cased into three words with a
// SWAR trick and looked up in a small open-addressing table, so a line costs one hash probe and
// no allocation. Unknown names (module commands like JSON.SET, typos) are interned into the
// catalog once, up to a cap; beyond it they share one "?OTHER" id so junk cannot grow memory.
//
// Also derived here, once per id: which commands are containers ("CLIENT" + "SETNAME" ->
// "CLIENT|SETNAME", as INFO commandstats names them) and where each command's keys are.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/catalog/commands.hpp"
#include "core/replay/monitor_line.hpp"

namespace core::replay {

enum class KeyRule : std::uint8_t {
  None,      // no keys (PING, SELECT, KEYS: its argument is a glob, not a key)
  Fixed,     // catalog positions: first, last (negative = from the end), step
  NumKeys,   // a numkeys argument at `numkeys_at`, keys right after it (EVAL, ZUNION, LMPOP)
  Streams,   // keys after the STREAMS token (XREAD, XREADGROUP), half of the remaining args
  Channel,   // pub/sub: the first argument is a channel, reported as the command's subject
  FirstArg,  // unknown (module) command: the first argument is taken as its key
};

enum CommandFlag : std::uint16_t {
  kFlagContainer = 1 << 0,  // has subcommands
  kFlagScript = 1 << 1,     // runs a script: its redis.call()s follow as [db lua] lines
  kFlagMulti = 1 << 2,
  kFlagExec = 1 << 3,
  kFlagDiscard = 1 << 4,
  kFlagBlocking = 1 << 5,
  kFlagAdmin = 1 << 6,      // never logged by MONITOR
  kFlagUnknown = 1 << 7,    // not in the catalog
};

struct CommandSpec {
  CommandClass cls = CommandClass::Other;
  KeyRule rule = KeyRule::None;
  std::int8_t first = 0, last = 0, step = 1;
  std::uint8_t numkeys_at = 0;
  std::uint16_t flags = 0;
};

class CommandIndex {
 public:
  CommandIndex();
  // Id of an escaped command name as it appears in a capture ("get", "JSON.SET"). When the bytes
  // up to `readable_end` may be read (the rest of the line), the name is loaded without a copy.
  CommandId lookup(std::string_view escaped_name, const char* readable_end = nullptr);
  // Subcommand of a container: ("CLIENT", "setname") -> CLIENT|SETNAME; the container itself when
  // the subcommand is unknown.
  CommandId resolve(CommandId container, std::string_view escaped_arg);
  const CommandSpec& spec(CommandId id) {
    if (id >= specs_.size()) grow();
    return specs_[id];
  }
  std::string_view name(CommandId id) const;
  // Size of the catalog right after construction; ids below it are catalog commands, ids above
  // were interned from the capture.
  std::size_t catalog_size() const { return catalog_size_; }
  std::size_t unknown_names() const { return unknown_; }

 private:
  struct Slot {
    std::uint64_t w[3];
    std::uint32_t tag;  // 0 = empty; (container+1) << 8 | length, or length for plain names
    CommandId id;
  };
  CommandId slow_lookup(std::string_view escaped, std::uint32_t container_plus1);
  void insert(const std::uint64_t w[3], std::uint32_t tag, CommandId id);
  void grow();

  std::vector<Slot> table_;
  std::size_t mask_ = 0, used_ = 0;
  std::vector<CommandSpec> specs_;
  std::size_t catalog_size_ = 0, unknown_ = 0;
  CommandId other_id_ = 0;
};

// Walks the keys of one command. `cur` must stand right after the command name (and after the
// subcommand for a container: `consumed` = arguments already read, 1 or 2). Calls fn(escaped key)
// for up to `max_keys` keys; returns how many keys the command has (all of them are counted, so
// commands whose keys run to the end walk all their arguments).
template <class Fn>
std::uint32_t for_each_key(const CommandSpec& spec, ArgCursor& cur, std::uint32_t consumed, std::uint32_t max_keys,
                           Fn&& fn);

// Parses a decimal argument (escaped bytes); false when it is not one.
bool parse_int(std::string_view s, std::int64_t& out);
// Case-insensitive comparison of an escaped argument with an upper-case ASCII word.
bool equals_upper(std::string_view arg, std::string_view upper_word);

template <class Fn>
std::uint32_t for_each_key(const CommandSpec& spec, ArgCursor& cur, std::uint32_t consumed, std::uint32_t max_keys,
                           Fn&& fn) {
  std::string_view a;
  switch (spec.rule) {
    case KeyRule::None:
      return 0;
    case KeyRule::Channel:
    case KeyRule::FirstArg:
      if (cur.next(a)) {
        if (max_keys) fn(a);
        return 1;
      }
      return 0;
    case KeyRule::Fixed: {
      std::uint32_t first = static_cast<std::uint32_t>(spec.first);
      if (first > consumed) cur.skip(first - consumed);
      if (spec.last > 0) {
        // Keys at first, first+step, ..., last.
        std::uint32_t n = 0;
        for (int i = spec.first; i <= spec.last; i += spec.step) {
          if (!cur.next(a)) break;
          if (n < max_keys) fn(a);
          ++n;
          if (spec.step > 1 && i + spec.step <= spec.last) cur.skip(static_cast<std::uint32_t>(spec.step - 1));
        }
        return n;
      }
      // last < 0: keys run to the end but for (-last - 1) trailing arguments (BRPOP's timeout).
      // An argument is known to be a key once that many more have followed it, so keep a
      // small ring of the latest arguments.
      std::uint32_t trailing = static_cast<std::uint32_t>(-spec.last - 1);
      constexpr std::uint32_t kWin = 8;
      if (trailing >= kWin) return 0;  // no Redis command has that many trailing arguments
      std::string_view ring[kWin];
      std::uint32_t seen = 0, emitted = 0, keys = 0;
      std::uint32_t step = spec.step > 0 ? static_cast<std::uint32_t>(spec.step) : 1;
      while (cur.next(a)) {
        ring[seen % kWin] = a;
        ++seen;
        if (seen > trailing) {
          std::uint32_t k = seen - trailing - 1;
          if (k % step == 0) {
            if (emitted < max_keys) {
              fn(ring[k % kWin]);
              ++emitted;
            }
            ++keys;
          }
        }
      }
      return keys;
    }
    case KeyRule::NumKeys: {
      std::uint32_t at = spec.numkeys_at;
      if (at > consumed) cur.skip(at - consumed);
      std::int64_t n = 0;
      if (!cur.next(a) || !parse_int(a, n) || n <= 0) return 0;
      std::uint32_t k = 0;
      while (k < n && cur.next(a)) {
        if (k < max_keys) fn(a);
        ++k;
      }
      return k;
    }
    case KeyRule::Streams: {
      // XREAD [COUNT n] [BLOCK ms] STREAMS k1 k2 id1 id2: find STREAMS, then half the rest.
      std::string_view ring[16];
      std::uint32_t n = 0;
      bool found = false;
      while (cur.next(a)) {
        if (!found) {
          if (equals_upper(a, "STREAMS")) found = true;
          continue;
        }
        if (n < 16) ring[n] = a;
        ++n;
      }
      std::uint32_t keys = n / 2;
      for (std::uint32_t i = 0; i < keys && i < max_keys && i < 16; ++i) fn(ring[i]);
      return keys;
    }
  }
  return 0;
}

}  // namespace core::replay
