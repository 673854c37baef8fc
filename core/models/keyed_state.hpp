// Keyed state with retention (seeds 000 and 003): objects (orders) arrive at a daily rate with an
// hourly profile; each is saved as one key (SET + EXPIRE, or SET EX), read and re-saved during a
// lifecycle, and expires a TTL after its last save. A process restart restores the in-memory state
// (KEYS pattern + one GET per live key); a scheduled cleanup (APScheduler cron in a zone) and manual
// cleanups delete the objects whose created_at is before "now minus days_to_keep" (wall clock in the
// app's zone, as `datetime.now(ZoneInfo(z)) - timedelta(days=n)` does), costing KEYS + one GET per
// live key + one DEL per deleted key; periodic scans cost KEYS (and a GET per key if the app reads
// them all). Live keys and stored bytes are tracked as gauges.
//
// The component's traffic does not depend on other components, so start() runs the whole process
// (including a warm-up before the period, so the period opens with the steady-state keys) in its own
// ordered event list and emits straight into the Recorder; the shared simulator sees no events.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/scenario/schedule_json.hpp"
#include "sim/arrivals.hpp"

namespace core {

// A wall-clock time in a zone; the zone defaults to the component's (or the scenario's) zone.
struct LocalInstant {
  sim::CivilTime local;
  std::optional<sim::TimeZone> zone;
};

struct KeyedRestart {
  enum class Kind { Schedule, PerDay, At, Idle };
  Kind kind = Kind::Schedule;
  sim::Schedule schedule;         // Schedule
  double per_day = 0;             // PerDay: Poisson restarts per day
  std::vector<LocalInstant> at;   // At: deploys, crashes
  sim::Duration idle = 0;         // Idle: spin-down after this long without requests; restart on the next
};

struct KeyedCleanup {
  sim::Schedule schedule;  // in-process scheduler (APScheduler BackgroundScheduler)
  int days_to_keep = 2;
};

struct KeyedManualCleanup {
  LocalInstant at;
  int days_to_keep = 2;
  bool deletes = true;  // false: the run fails after reading every key (seed 000's first /cleanup 1)
};

struct KeyedScan {
  sim::Schedule schedule;
  bool get_each_key = false;  // redis_get_all_orders(): KEYS + one GET per key
};

struct KeyedStateParams {
  std::string key_pattern = "order:*";
  std::optional<sim::TimeZone> zone;  // the app's zone: cutoff arithmetic, "at" times, arrival hours
  sim::ArrivalProfile arrivals;       // zone filled from `zone` / the scenario at start()
  bool arrivals_zone_given = false;
  double bytes_per_key = 0;           // value + key + per-key overhead, for the stored-bytes gauge
  std::optional<sim::Duration> ttl;
  bool set_ex = false;                // one SET ... EX per save instead of SET + EXPIRE
  sim::Duration lifecycle = 0;        // reads and re-saves are spread evenly over this span
  Reader::Count reads{0, 0, false};   // GETs per object
  Reader::Count updates{0, 0, false}; // re-saves per object (each a SET + EXPIRE or SET EX)
  std::optional<sim::Duration> warmup;  // default: ttl + lifecycle (or 0 without a TTL)
  bool restore_on_restart = true;
  std::vector<KeyedRestart> restarts;
  std::vector<KeyedCleanup> cleanups;
  std::vector<KeyedManualCleanup> manual_cleanups;
  std::vector<KeyedScan> scans;
  // With an idle spin-down, in-process jobs (scheduled cleanups, scans) only run while the process is
  // awake (a request within the idle span). Default: true when an idle restart source is given.
  std::optional<bool> jobs_need_awake;
};

// What a run did, for tests and explanations (times are UTC; only events inside the period and the
// warm-up are listed).
struct KeyedStateRun {
  struct Cleanup {
    sim::Time t = 0;
    sim::Time cutoff = 0;
    int days_to_keep = 0;
    bool manual = false, skipped_asleep = false;
    std::uint64_t live_before = 0, deleted = 0;
  };
  struct Restore {
    sim::Time t = 0;
    std::uint64_t live = 0;
  };
  std::vector<Cleanup> cleanups;
  std::vector<Restore> restores;
  std::uint64_t objects = 0;  // arrivals (including warm-up)
  std::uint64_t max_live = 0;
  std::uint64_t live_at_end = 0;
};

class KeyedStateModel : public Model {
 public:
  explicit KeyedStateModel(KeyedStateParams p) : p_(std::move(p)) {}
  void start(ModelContext& ctx) const override;
  bool stochastic() const override;
  std::vector<Knob> knobs() const override;
  const KeyedStateParams& params() const { return p_; }
  // Runs the process into ctx.rec and reports what happened.
  KeyedStateRun run(ModelContext& ctx) const;

 private:
  KeyedStateParams p_;
};

std::unique_ptr<Model> parse_keyed_state(Reader& r);

// The cleanup cutoff of the seed's code: the wall clock of `now` in `zone` minus `days` days
// (Python aware-datetime arithmetic keeps the wall clock), as a UTC instant.
sim::Time cleanup_cutoff(sim::Time now, int days, const sim::TimeZone& zone);

// Reads "2025-12-08T21:30" into a LocalInstant (zone left to the caller).
LocalInstant read_local_instant(const Reader& r, const std::string& key, const std::string& text);

// {"per_day": 45, "hourly": [24 weights], "zone": "Europe/Berlin", "deterministic": false}. Sets
// *zone_given when "zone" is present (else the caller fills in its default zone). Shared by the
// models whose work arrives at a daily rate (keyed_state, celery_worker, freeform).
sim::ArrivalProfile read_arrival_profile(const Reader& r, bool* zone_given);
sim::Time resolve_instant(const LocalInstant& at, const sim::TimeZone& def);

}  // namespace core
