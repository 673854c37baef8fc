#include "core/models/cron_poller.hpp"

#include <algorithm>

#include "core/models/poll_system.hpp"
#include "core/scenario/schedule_json.hpp"

namespace core {

namespace {

// One run of the cron poller: its bundles and, once the heartbeat runs are known, its fires as poll
// and skip segments.
class CronRun : public Poller {
 public:
  CronRun(ModelContext& ctx, std::shared_ptr<const CronPollerParams> p, PollSystem* sys)
      : ctx_(ctx), p_(std::move(p)), sys_(sys) {
    poll_ = ctx.rec.bundle(ctx.component, cron_poll_commands(p_->state, p_->production_only, p_->broadcast));
    skip_ = ctx.rec.bundle(ctx.component, cron_skip_commands(p_->state));
  }

  void prepare() override {
    sim::Schedule sched = anchored(p_->schedule, ctx_.start);
    const sim::Duration fresh = p_->fresh_for;
    // Where the active poller's heartbeat may be fresh: after each run's first poll (a fire at that
    // very instant reads first) until fresh_for after its last. Dense: fresh throughout, because the
    // poller writes more often than fresh_for.
    struct Region {
      sim::Time lo, hi;
      bool dense;
    };
    std::vector<Region> regions;
    if (p_->heartbeat_check) {
      for (const HeartbeatRun& r : sys_->runs()) {
        Region g{r.first + 1, r.last + fresh, r.polls() == 1 || fresh > r.period};
        if (g.hi <= g.lo) continue;
        if (!regions.empty() && g.lo <= regions.back().hi) {
          regions.back().hi = std::max(regions.back().hi, g.hi);
          regions.back().dense = regions.back().dense && g.dense;
        } else {
          regions.push_back(g);
        }
      }
    }
    auto add = [&](const sim::FireRun& f, bool skip) {
      if (!segs_.empty()) {
        Seg& b = segs_.back();
        if (b.skip == skip && f.count == 1 && (b.count == 1 || b.period == f.first - b.last()) && f.first > b.last()) {
          if (b.count == 1) b.period = f.first - b.first;
          ++b.count;
          return;
        }
      }
      segs_.push_back({f.first, f.period, f.count, skip});
    };
    sim::Time pos = ctx_.start;
    for (const Region& g : regions) {
      sim::Time lo = std::max(g.lo, pos), hi = std::min(g.hi, ctx_.end);
      if (lo >= hi) continue;
      sim::for_each_fire_run(sched, pos, lo, [&](const sim::FireRun& f) { add(f, false); });
      sim::for_each_fire_run(sched, lo, hi, [&](const sim::FireRun& f) {
        if (g.dense) return add(f, true);
        for (std::uint64_t i = 0; i < f.count; ++i) {
          sim::Time t = f.first + static_cast<sim::Time>(i) * f.period;
          add({t, 0, 1}, sys_->fresh_at(t, fresh));
        }
      });
      pos = hi;
    }
    sim::for_each_fire_run(sched, pos, ctx_.end, [&](const sim::FireRun& f) { add(f, false); });
  }

  sim::Time next_find(sim::Time t, const Transfer& tr) const override {
    if (p_->production_only && !tr.production) return sim::kNever;
    auto it = std::partition_point(segs_.begin(), segs_.end(), [t](const Seg& s) { return s.last() <= t; });
    for (; it != segs_.end(); ++it) {
      if (it->skip) continue;
      if (it->first > t) return it->first;
      return it->first + ((t - it->first) / it->period + 1) * it->period;
    }
    return sim::kNever;
  }

  void emit_found(sim::Time t, const std::vector<const Transfer*>& found) override {
    emit_found_transfers(ctx_, p_->state, t, found);
  }

  void emit() override {
    for (const Seg& s : segs_) ctx_.rec.emit_series(s.first, s.period, s.count, s.skip ? skip_ : poll_);
  }

  int tie_rank() const override { return 0; }

 private:
  struct Seg {
    sim::Time first;
    sim::Duration period;
    std::uint64_t count;
    bool skip;
    sim::Time last() const { return first + static_cast<sim::Time>(count - 1) * period; }
  };
  ModelContext& ctx_;
  std::shared_ptr<const CronPollerParams> p_;
  PollSystem* sys_;
  BundleId poll_, skip_;
  std::vector<Seg> segs_;
};

}  // namespace

std::unique_ptr<Model> parse_cron_poller(Reader& r) {
  CronPollerParams p;
  p.schedule = read_schedule(r.object("schedule"), r.default_zone());
  if (auto s = r.optional_object("state")) {
    p.state = read_poll_state(*s);
    p.state_given = true;
  }
  p.production_only = r.one_of("accounts", {"all", "production"}, "all") == "production";
  p.heartbeat_check = r.boolean("heartbeat_check", p.heartbeat_check);
  p.fresh_for = r.duration("heartbeat_fresh_for", p.fresh_for);
  if (p.fresh_for <= 0) r.fail("heartbeat_fresh_for", "expected a positive duration, e.g. \"30s\"");
  p.broadcast = r.boolean("broadcast", p.broadcast);
  if (auto t = r.optional_object("transfers")) p.transfers = read_transfers(*t);
  return std::make_unique<CronPollerModel>(std::move(p));
}

bool CronPollerModel::stochastic() const {
  return p_->transfers && p_->transfers->arrivals.per_day > 0 && !p_->transfers->arrivals.deterministic;
}

std::vector<Knob> CronPollerModel::knobs() const {
  std::vector<Knob> out;
  if (auto k = slower_schedule_knob(p_->schedule, "transfers seen", {2, 5, 10})) out.push_back(std::move(*k));
  // The layout and the accounts are knobs of a state the scenario spells out.
  if (p_->state_given)
    if (auto k = layout_knob(p_->state)) out.push_back(std::move(*k));
  if (p_->state_given && !p_->production_only)
    out.push_back(single("accounts", "/accounts", "all", "production",
                         "poll production accounts only (skip the dev environment's lastIds)",
                         "dev accounts' transfers are no longer picked up by the cron"));
  if (p_->broadcast)
    out.push_back(turn_off("broadcast", "/broadcast", "drop the system broadcast XADD from each poll",
                           "nothing reads the broadcast stream any more (only if no one consumes it)"));
  return out;
}

void CronPollerModel::start(ModelContext& ctx) const {
  auto sys = PollSystem::of(ctx);
  sys->declare_state(p_->state);
  sys->add_poller(std::make_shared<CronRun>(ctx, p_, sys.get()));
  if (p_->transfers) sys->generate_transfers(*p_->transfers, p_->state, ctx);
}

}  // namespace core
