// A multiset of commands built up step by step, for the job-queue models' bundles ("what one
// heartbeat sends"): add() merges repeats of a command, in_script marks commands a Lua script runs
// (MONITOR logs them as `lua` lines; Upstash bills them). Header-only: every model needs it.
#pragma once
#include <cstdint>
#include <vector>

#include "core/engine/recorder.hpp"

namespace core {

struct CommandMix {
  std::vector<CommandCount> v;
  CommandMix& add(const char* name, std::uint32_t n = 1, bool in_script = false) {
    if (n == 0) return *this;
    const CommandId id = *find_command(name);
    for (auto& c : v)
      if (c.cmd == id && c.in_script == in_script) {
        c.count += n;
        return *this;
      }
    v.push_back(CommandCount{id, n, in_script});
    return *this;
  }
  CommandMix& add(const CommandMix& other, std::uint32_t times = 1) {
    for (const auto& c : other.v) add(command_info(c.cmd).name.c_str(), c.count * times, c.in_script);
    return *this;
  }
  std::uint64_t total() const {
    std::uint64_t n = 0;
    for (const auto& c : v) n += c.count;
    return n;
  }
};

}  // namespace core
