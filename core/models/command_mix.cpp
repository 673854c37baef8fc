#include "core/models/command_mix.hpp"

namespace core {

CommandMix& CommandMix::add(const char* name, std::uint32_t n, bool in_script) {
  return add_id(*find_command(name), n, in_script);
}

CommandMix& CommandMix::add_id(CommandId id, std::uint32_t n, bool in_script) {
  if (n == 0) return *this;
  for (auto& c : v_)
    if (c.cmd == id && c.in_script == in_script) {
      c.count += n;
      return *this;
    }
  v_.push_back(CommandCount{id, n, in_script});
  return *this;
}

CommandMix& CommandMix::add(const CommandMix& other, std::uint32_t times) {
  for (const auto& c : other.v_) add_id(c.cmd, c.count * times, c.in_script);
  return *this;
}

CommandMix& CommandMix::times(std::uint32_t k) {
  for (auto& c : v_) c.count *= k;
  return *this;
}

std::uint64_t CommandMix::total() const {
  std::uint64_t n = 0;
  for (const auto& c : v_) n += c.count;
  return n;
}

}  // namespace core
