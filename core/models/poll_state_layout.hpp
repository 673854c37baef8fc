// How a transfer poller (seed 002) stores its state in Redis, and what each layout costs per poll.
// The polled state is one lastId per account and currency (accounts = restaurants x environments),
// plus the heartbeat, the poller lock and the mode. Three layouts:
//   per_key         one string key per lastId, read with one GET each (the seed's 12 GETs);
//   hash_per_group  one hash per restaurant holding its lastIds: one HGETALL per restaurant, one HMSET
//                   per restaurant written (the seed's Option 2);
//   single_hash     heartbeat, poller, mode and every lastId in one hash: one HGETALL and one HMSET per
//                   poll (the seed's Option 3).
// The cost table below is the only place these counts live; cron_poller and poller_pages build their
// bundles from it, so a what-if flips the layout with one field.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/engine/knob.hpp"
#include "core/input/reader.hpp"
#include "core/engine/recorder.hpp"
#include "sim/arrivals.hpp"

namespace core {

enum class StateLayout { PerKey, HashPerGroup, SingleHash };
std::string to_string(StateLayout l);

struct PollState {
  StateLayout layout = StateLayout::PerKey;
  std::vector<std::string> restaurants{"indies", "croque"};  // groups: one hash and one stream each
  std::vector<std::string> environments{"prod", "dev"};      // the first is production
  std::vector<std::string> currencies{"HBD", "EURO", "OCLT"};

  int groups() const { return static_cast<int>(restaurants.size()); }
  int accounts() const { return groups() * static_cast<int>(environments.size()); }
  // lastId keys polled: all accounts, or the production accounts only.
  int keys(bool production_only = false) const {
    return groups() * (production_only ? 1 : static_cast<int>(environments.size())) *
           static_cast<int>(currencies.size());
  }
  int group_index(const std::string& name) const;  // -1 if unknown
};

// {"layout": "per_key", "restaurants": [...], "environments": [...], "currencies": [...]}
PollState read_poll_state(const Reader& r);
// The "state.layout" knob of the components that hold the polled state (cron_poller, poller_pages):
// the layouts that read fewer commands per poll than the current one; nullopt for single_hash.
std::optional<Knob> layout_knob(const PollState& s);

// Counted commands, by name, for one tick of a poller; turned into a Recorder bundle by the caller.
using CommandList = std::vector<CommandCount>;
CommandList commands_of(const std::vector<std::pair<const char*, std::uint32_t>>& named);

// The cron poller's heartbeat check when it skips: getHeartbeat() (GET), or HGETALL of the state hash.
CommandList cron_skip_commands(const PollState& s);
// A cron poll with nothing found: the heartbeat read, the lastId reads, setMode + setHeartbeat, and the
// system broadcast (XADD) when `broadcast`. per_key: 1 + keys GET, 2 SET, 1 XADD = 16 for the seed.
CommandList cron_poll_commands(const PollState& s, bool production_only, bool broadcast);
// An active (elected) poll with nothing found: getPoller() + the lastId reads + setHeartbeat + the lock
// refresh (EXPIRE). per_key: 13 GET, 1 SET, 1 EXPIRE = 15. single_hash: HGETALL + HMSET = 2 (the lock
// is the hash's poller and heartbeat fields, refreshed by the HMSET).
CommandList active_poll_commands(const PollState& s);

// What a poll that found transfers adds: one XADD per transfer, and the lastId writes: one SET per
// key written (per_key), one HMSET per restaurant written (hash_per_group), nothing more for
// single_hash (its per-poll HMSET already carries the lastIds).
struct FoundCost {
  std::uint64_t xadd = 0;
  std::uint64_t set = 0;    // per_key: distinct keys written
  std::uint64_t hmset = 0;  // hash_per_group: distinct restaurants written
};
FoundCost found_cost(const PollState& s, std::uint64_t transfers, std::uint64_t distinct_keys,
                     std::uint64_t distinct_groups);

// Transfers arriving on the polled accounts: a Poisson rate (sim arrivals) with an hourly profile.
// Each transfer lands on one lastId key: a restaurant drawn uniformly, a development environment with
// probability dev_share (else production), a currency drawn uniformly.
struct TransferSpec {
  sim::ArrivalProfile arrivals;
  bool zone_given = false;  // else the scenario's zone
  double dev_share = 0;
};
// {"per_day": 40, "hourly": [24 weights], "zone": "Europe/Berlin", "deterministic": false, "dev_share": 0}
TransferSpec read_transfers(const Reader& r);

}  // namespace core
