// A multiset of commands built up step by step, for the bundles a model hands to the Recorder:
// CommandMix().add("EVALSHA").add("GET", 1, true) is one EVALSHA whose script runs one GET (in_script:
// MONITOR logs it as a "lua" line, Upstash bills it). Shared by the job-queue models.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "core/catalog/commands.hpp"
#include "core/engine/recorder.hpp"

namespace core {

class CommandMix {
 public:
  CommandMix() = default;
  // Starts from a command list (as a model's startup or per-cycle helper returns it).
  explicit CommandMix(std::vector<CommandCount> v) : v_(std::move(v)) {}
  CommandMix& add(const char* name, std::uint32_t n = 1, bool in_script = false);
  CommandMix& lua(const char* name, std::uint32_t n = 1) { return add(name, n, true); }
  CommandMix& add(const CommandMix& other, std::uint32_t times = 1);
  CommandMix& times(std::uint32_t k);
  const std::vector<CommandCount>& commands() const { return v_; }
  std::uint64_t total() const;

 private:
  CommandMix& add_id(CommandId id, std::uint32_t n, bool in_script);
  std::vector<CommandCount> v_;
};

}  // namespace core
