// The run state shared by the components of one transfer-polling system (seed 002): the poller lock
// and who held it when, the heartbeat runs of the elected poller (so a cron poller skips while it is
// fresh), the transfers waiting on the accounts, and the streams the pollers publish them to and the
// pages read them from.
//
// Everything except the transfers is deterministic and does not depend on the transfers, so the
// components work in two steps. During the run, the simulator sees events only at state changes
// (a page opens or closes, the lock expires, another page takes it over); the elected poller's runs
// are recorded as arithmetic series. At the end of the period one resolve event settles the rest in
// O(changes + transfers): the cron's poll/skip segments from the heartbeat runs, which poll finds each
// transfer (the first poll after its arrival), which sync reads each published batch, and emits every
// periodic run with Recorder::emit_series. No event is ever scheduled per 6-second tick.
//
// Tie rule, used everywhere: at equal times readers act before writers. A cron fire at the instant the
// elected poller writes its first heartbeat does not see it; a sync at the instant of an XADD does not
// read it; a transfer found at the same instant by the cron and by an active poll is the cron's.
#pragma once
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/poll_state_layout.hpp"

namespace core {

// One transfer on a polled account.
struct Transfer {
  sim::Time at = 0;        // when it lands on chain
  int group = 0;           // restaurant (PollSystem::group_id), whose stream it is published to
  bool production = true;  // on a production account (a production-only cron sees only these)
  int key = 0;             // its lastId key, to count distinct keys written per poll
};

// The elected poller's polls while it held the lock: first, first + period, ..., last. Each poll
// writes the heartbeat.
struct HeartbeatRun {
  sim::Time first = 0, last = 0;
  sim::Duration period = 0;
  std::string holder;  // page name
  std::uint64_t polls() const { return period > 0 ? static_cast<std::uint64_t>((last - first) / period) + 1 : 1; }
};

// Something that reads the accounts at known times and publishes what it finds.
class Poller {
 public:
  virtual ~Poller() = default;
  // Called once at the end, before any next_find: settle the poll times (the cron reads the runs).
  virtual void prepare() {}
  // The first poll strictly after t that would find `tr`; sim::kNever if none in the period.
  virtual sim::Time next_find(sim::Time t, const Transfer& tr) const = 0;
  // Emits what a poll at t adds for the transfers it found (XADD each, lastId writes).
  virtual void emit_found(sim::Time t, const std::vector<const Transfer*>& found) = 0;
  // Emits the polls themselves.
  virtual void emit() = 0;
  // Among polls at the same instant, the lower rank finds first (the cron is 0, active pollers 1).
  virtual int tie_rank() const = 0;
};

// Something that reads the streams (the pages' sync loops).
class StreamReader {
 public:
  virtual ~StreamReader() = default;
  // When this reader would read a batch published to `group`'s stream at t: {time, session}; time is
  // sim::kNever if never.
  virtual std::pair<sim::Time, int> next_read(int group, sim::Time t) const = 0;
  virtual void deliver(int session, sim::Time read_at) = 0;
  // Emits every sync, knowing which ones read messages.
  virtual void emit_syncs() = 0;
};

// A component whose open pages may take the lock when it expires.
class LockContender {
 public:
  virtual ~LockContender() = default;
  // The first attempt at or after t by a page that is open and waiting: {time, page}; kNever if none.
  virtual std::pair<sim::Time, int> next_attempt(sim::Time t) const = 0;
  // The lock is free at `now`: page `page` takes it.
  virtual void take(int page, sim::Time now) = 0;
};

// Emits, for ctx's component, what a poll at t adds under `state`'s layout for the transfers it
// found: one XADD each, and the lastId writes (found_cost).
void emit_found_transfers(ModelContext& ctx, const PollState& state, sim::Time t,
                          const std::vector<const Transfer*>& found);

class PollSystem {
 public:
  // The system of the run `ctx` belongs to, created (with its end-of-period resolve event) on first use.
  static std::shared_ptr<PollSystem> of(ModelContext& ctx);

  int group_id(const std::string& name);
  const std::string& group_name(int id) const { return groups_[static_cast<std::size_t>(id)]; }

  // Registration (components keep their run objects alive through these).
  void add_poller(std::shared_ptr<Poller> p) { pollers_.push_back(std::move(p)); }
  void add_reader(std::shared_ptr<StreamReader> r) { readers_.push_back(std::move(r)); }
  void add_contender(LockContender* c) { contenders_.push_back(c); }
  void add_finisher(std::function<void(sim::Time end)> f) { finishers_.push_back(std::move(f)); }
  void add_transfers(const std::vector<Transfer>& t) { transfers_.insert(transfers_.end(), t.begin(), t.end()); }
  // Draws the transfers of a spec in [ctx.start, ctx.end) from ctx.rng and adds them.
  void generate_transfers(const TransferSpec& spec, const PollState& state, ModelContext& ctx);

  // The state layout a cron poller declared (pages without their own state use the first one).
  void declare_state(const PollState& s) {
    if (!declared_state_) declared_state_ = s;
  }
  const std::optional<PollState>& declared_state() const { return declared_state_; }

  // --- the poller lock -------------------------------------------------------------------------
  // Free at t when nobody holds it and the last holder's TTL has run out.
  bool lock_free(sim::Time t) const { return holder_ == nullptr && t >= lock_expires_; }
  void acquire(const void* owner, const std::string& name, sim::Time t);
  // The holder stops refreshing; the lock expires at `expires`, when the first waiting page takes over.
  void release(const void* owner, sim::Time expires);
  const void* holder() const { return holder_; }
  struct LockChange {
    sim::Time t;
    std::string holder;  // "" = free
  };
  const std::vector<LockChange>& lock_log() const { return lock_log_; }

  // --- heartbeat -------------------------------------------------------------------------------
  void add_run(const HeartbeatRun& r) { runs_.push_back(r); }
  // Sorted by first poll (holders never overlap).
  const std::vector<HeartbeatRun>& runs() const { return runs_; }
  // Is there a heartbeat written strictly before t and less than fresh_for old at t?
  bool fresh_at(sim::Time t, sim::Duration fresh_for) const;

  // --- results, for tests and explanations -------------------------------------------------------
  struct Find {
    sim::Time arrived, found;
    int group;
    int poller;  // index in registration order, -1 if never found
  };
  const std::vector<Find>& finds() const { return finds_; }
  struct Read {
    int group;
    sim::Time published, read;  // read = kNever if unread at the end
    std::uint64_t messages;
  };
  const std::vector<Read>& reads() const { return reads_; }
  bool resolved() const { return resolved_; }

 private:
  void resolve(sim::Time end);

  ModelContext* ctx_ = nullptr;  // the first registering component's (for the simulator)
  std::vector<std::string> groups_;
  std::vector<std::shared_ptr<Poller>> pollers_;
  std::vector<std::shared_ptr<StreamReader>> readers_;
  std::vector<LockContender*> contenders_;
  std::vector<std::function<void(sim::Time)>> finishers_;
  std::vector<Transfer> transfers_;
  std::optional<PollState> declared_state_;
  const void* holder_ = nullptr;
  sim::Time lock_expires_ = std::numeric_limits<sim::Time>::min();
  std::vector<LockChange> lock_log_;
  std::vector<HeartbeatRun> runs_;
  std::vector<Find> finds_;
  std::vector<Read> reads_;
  bool resolved_ = false;
};

}  // namespace core
