// The co pages of seed 002: pages open in time windows (per page: days, hours, zone). Each page
//  - on open calls wake-up, which tries to take the poller lock (SET NX PX);
//  - if it holds the lock, polls every poll_every (6 s): getPoller() + the lastId reads +
//    setHeartbeat() + the lock refresh (EXPIRE), per the state layout (15 for per_key), plus XADD and
//    the lastId writes for every transfer it finds. When it closes, the lock expires lock_ttl after
//    its last refresh and the first open page that attempts after that takes over;
//  - if it does not hold the lock, may retry every retry.every (each attempt a SET NX), and only syncs;
//  - always syncs every sync.every (6 s): reads its restaurant's transfer stream with a consumer group:
//    XLEN (debug), XGROUP CREATE once per page session (it fails after the first time but is still a
//    command), XREADGROUP; when nothing was read XAUTOCLAIM and XPENDING, and XRANGE (debug); XACK
//    when messages were read. With sync.block > 0 the reads are XREADGROUP BLOCK calls back to back:
//    one call per block period while idle, returning as soon as a message is published.
//  The seed's "average N per sync" shortcut (sync.average) replaces the stream mechanism by a fixed
//  mix of the empty and the message paths that averages N commands (4 = half of each).
//
// Scenario fields:
//   "pages": [{"name": "indies-co", "restaurant": "indies",
//              "active": [{"days": "*", "hours": "10:00-18:00", "zone": "Europe/Berlin"}]}]
//   "state": {...}            as cron_poller's; absent: the scenario's cron_poller's state
//   "poll_every": "6s", "lock_ttl": "30s"
//   "wake_up": {"SET": 1}     commands on open ({} when not counted)
//   "retry": {"every": "30s", "commands": {"SET": 1}}    absent: only the wake-up attempt
//   "sync": {"every": "6s", "debug": true, "claim_when_empty": true,
//            "group_create": "per_session" | "per_sync" | "never", "block": "0s", "average": 4}
//   "transfers": {...}        as cron_poller's (define them once per scenario)
//
// Events are scheduled only when a page opens or closes, when the lock expires and when another page
// takes it over; polls and syncs are emitted as series at the end of the period (poll_system.hpp).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/poll_state_layout.hpp"
#include "core/scenario/schedule_json.hpp"

namespace core {

struct PageSpec {
  std::string name;
  std::string restaurant;          // whose stream it reads
  std::string restaurant_pointer;  // JSON pointer of the field, for errors found at start
  sim::WindowSet active;           // no windows = open all the time
};

struct SyncSpec {
  enum class GroupCreate { PerSession, PerSync, Never };
  sim::Duration every = 6 * sim::kSecond;
  bool debug = true;  // XLEN each sync, XRANGE when empty
  bool claim = true;  // XAUTOCLAIM + XPENDING when empty
  GroupCreate group_create = GroupCreate::PerSession;
  sim::Duration block = 0;        // > 0: XREADGROUP BLOCK calls back to back
  std::optional<double> average;  // the seed's shortcut: commands per sync, messages or not
};

struct PollerPagesParams {
  std::vector<PageSpec> pages;
  std::optional<PollState> state;
  sim::Duration poll_every = 6 * sim::kSecond;
  sim::Duration lock_ttl = 30 * sim::kSecond;
  std::vector<CommandSpec> wake_up;
  sim::Duration retry_every = 0;  // 0 = no retries
  std::vector<CommandSpec> retry;
  SyncSpec sync;
  std::optional<TransferSpec> transfers;
};

class PollerPagesModel : public Model {
 public:
  explicit PollerPagesModel(PollerPagesParams p) : p_(std::make_shared<const PollerPagesParams>(std::move(p))) {}
  void start(ModelContext& ctx) const override;
  bool stochastic() const override;
  std::vector<Knob> knobs() const override;
  std::string shared_state() const override { return "poll_system"; }
  const PollerPagesParams& params() const { return *p_; }

 private:
  std::shared_ptr<const PollerPagesParams> p_;
};

std::unique_ptr<Model> parse_poller_pages(Reader& r);

// The sync paths' commands (without XGROUP CREATE unless per_sync).
CommandList sync_empty_commands(const SyncSpec& s);
CommandList sync_message_commands(const SyncSpec& s);

}  // namespace core
