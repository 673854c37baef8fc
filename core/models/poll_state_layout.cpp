#include "core/models/poll_state_layout.hpp"

#include <set>
#include <stdexcept>

#include "core/models/keyed_state.hpp"  // read_arrival_profile

namespace core {

std::string to_string(StateLayout l) {
  switch (l) {
    case StateLayout::PerKey: return "per_key";
    case StateLayout::HashPerGroup: return "hash_per_group";
    case StateLayout::SingleHash: return "single_hash";
  }
  return "per_key";
}

int PollState::group_index(const std::string& name) const {
  for (std::size_t i = 0; i < restaurants.size(); ++i)
    if (restaurants[i] == name) return static_cast<int>(i);
  return -1;
}

namespace {

std::vector<std::string> read_names(const Reader& r, const std::string& key, const std::vector<std::string>& def) {
  if (!r.has(key)) {
    r.raw(key);
    return def;
  }
  auto names = r.strings(key);
  if (names.empty()) r.fail(key, "expected a non-empty array of names");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) throw FieldError(r.child_pointer(key) + "/" + std::to_string(i), "expected a non-empty name");
    if (!seen.insert(names[i]).second)
      throw FieldError(r.child_pointer(key) + "/" + std::to_string(i), "duplicate name \"" + names[i] + "\"");
  }
  return names;
}

}  // namespace

PollState read_poll_state(const Reader& r) {
  PollState s;
  std::string layout = r.one_of("layout", {"per_key", "hash_per_group", "single_hash"}, "per_key");
  s.layout = layout == "hash_per_group" ? StateLayout::HashPerGroup
             : layout == "single_hash"  ? StateLayout::SingleHash
                                        : StateLayout::PerKey;
  s.restaurants = read_names(r, "restaurants", s.restaurants);
  s.environments = read_names(r, "environments", s.environments);
  s.currencies = read_names(r, "currencies", s.currencies);
  r.finish();
  return s;
}

CommandList commands_of(const std::vector<std::pair<const char*, std::uint32_t>>& named) {
  CommandList out;
  for (const auto& [name, n] : named) {
    if (n == 0) continue;
    auto id = find_command(name);
    if (!id) throw std::logic_error(std::string("command catalog lacks ") + name);
    out.push_back(CommandCount{*id, n, false});
  }
  return out;
}

CommandList cron_skip_commands(const PollState& s) {
  if (s.layout == StateLayout::SingleHash) return commands_of({{"HGETALL", 1}});
  return commands_of({{"GET", 1}});
}

CommandList cron_poll_commands(const PollState& s, bool production_only, bool broadcast) {
  std::uint32_t xadd = broadcast ? 1 : 0;
  switch (s.layout) {
    case StateLayout::PerKey:
      return commands_of({{"GET", 1 + static_cast<std::uint32_t>(s.keys(production_only))}, {"SET", 2}, {"XADD", xadd}});
    case StateLayout::HashPerGroup:
      // Each restaurant's hash holds both environments, so production-only reads the same hashes.
      return commands_of({{"GET", 1}, {"HGETALL", static_cast<std::uint32_t>(s.groups())}, {"SET", 2}, {"XADD", xadd}});
    case StateLayout::SingleHash:
      return commands_of({{"HGETALL", 1}, {"HMSET", 1}, {"XADD", xadd}});
  }
  return {};
}

CommandList active_poll_commands(const PollState& s) {
  switch (s.layout) {
    case StateLayout::PerKey:
      return commands_of({{"GET", 1 + static_cast<std::uint32_t>(s.keys())}, {"SET", 1}, {"EXPIRE", 1}});
    case StateLayout::HashPerGroup:
      return commands_of({{"GET", 1}, {"HGETALL", static_cast<std::uint32_t>(s.groups())}, {"SET", 1}, {"EXPIRE", 1}});
    case StateLayout::SingleHash:
      return commands_of({{"HGETALL", 1}, {"HMSET", 1}});
  }
  return {};
}

FoundCost found_cost(const PollState& s, std::uint64_t transfers, std::uint64_t distinct_keys,
                     std::uint64_t distinct_groups) {
  FoundCost c;
  c.xadd = transfers;
  if (s.layout == StateLayout::PerKey) c.set = distinct_keys;
  if (s.layout == StateLayout::HashPerGroup) c.hmset = distinct_groups;
  return c;
}

TransferSpec read_transfers(const Reader& r) {
  TransferSpec t;
  t.dev_share = r.number("dev_share", 0, 0, 1);
  t.arrivals = read_arrival_profile(r, &t.zone_given);  // reads per_day, hourly, zone, deterministic; finishes
  return t;
}

std::optional<Knob> layout_knob(const PollState& s) {
  const std::string migration = "none in freshness; a code and data migration of the lastId keys";
  Knob k = knob("state.layout", "/state/layout", to_string(s.layout));
  if (s.layout == StateLayout::PerKey)
    k.candidates.push_back({"lastIds in one hash per restaurant (HGETALL) instead of one key each (GET)", migration,
                            std::nullopt, {{"/state/layout", "hash_per_group"}}});
  if (s.layout != StateLayout::SingleHash)
    k.candidates.push_back({"all lastIds in one hash (one HGETALL, one HMSET) instead of " +
                                std::string(s.layout == StateLayout::PerKey ? "one key each" : "one hash per restaurant"),
                            migration, std::nullopt, {{"/state/layout", "single_hash"}}});
  if (k.candidates.empty()) return std::nullopt;
  return k;
}

}  // namespace core
