#include "core/models/cron_poller.hpp"

#include <algorithm>
#include <sstream>

#include "core/models/poll_system.hpp"
#include "core/scenario/schedule_json.hpp"

namespace core {

namespace {

// The step in minutes of a cron expression that fires on a regular minute grid all day, every day:
// "* * * * *" (1), "*/n * * * *" with n dividing 60, "m * * * *" and "@hourly" (60). 0 otherwise.
int cron_grid_minutes(const std::string& expr) {
  std::istringstream in(expr);
  std::vector<std::string> f;
  for (std::string w; in >> w;) f.push_back(w);
  if (f.size() == 1 && f[0] == "@hourly") return 60;
  if (f.size() != 5) return 0;
  for (int i = 1; i < 5; ++i)
    if (f[i] != "*") return 0;
  const std::string& m = f[0];
  auto number = [](const std::string& s) -> int {
    if (s.empty() || s.size() > 2) return -1;
    int v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  if (m == "*") return 1;
  if (m.rfind("*/", 0) == 0) {
    int n = number(m.substr(2));
    return n > 0 && 60 % n == 0 ? n : 0;
  }
  int v = number(m);
  return v >= 0 && v < 60 ? 60 : 0;
}

// Fire by fire, merged into runs of equal gaps.
void enumerate_fires(const sim::Schedule& s, sim::Time from, sim::Time to, const std::function<void(const FireRun&)>& fn) {
  FireRun run{0, 0, 0};
  for (sim::Time t = s.next_after(from - 1); t < to; t = s.next_after(t)) {
    if (run.count == 0) {
      run = {t, 0, 1};
    } else if (run.count == 1) {
      run.period = t - run.first;
      run.count = 2;
    } else if (t == run.first + static_cast<sim::Time>(run.count) * run.period) {
      ++run.count;
    } else {
      fn(run);
      run = {t, 0, 1};
    }
  }
  if (run.count) fn(run);
}

}  // namespace

void for_each_fire_run(const sim::Schedule& s, sim::Time from, sim::Time to, const std::function<void(const FireRun&)>& fn) {
  if (from >= to) return;
  if (const auto* iv = std::get_if<sim::IntervalSchedule>(&s.kind())) {
    sim::Time first = iv->next_after(from - 1);
    if (first < to) fn({first, iv->period, static_cast<std::uint64_t>((to - 1 - first) / iv->period) + 1});
    return;
  }
  const auto* cron = std::get_if<sim::CronSchedule>(&s.kind());
  int minutes = cron ? cron_grid_minutes(cron->expression()) : 0;
  if (!minutes) {
    enumerate_fires(s, from, to, fn);
    return;
  }
  // A minute grid is regular within each span of constant zone offset.
  const sim::Duration step = minutes * sim::kMinute;
  for (sim::Time at = from; at < to;) {
    sim::TimeZone::Span span = cron->zone().span_at(at);
    sim::Time seg_end = std::min(span.end, to);
    sim::Time t1 = cron->next_after(at - 1);
    if (t1 < seg_end) {
      sim::Time t2 = cron->next_after(t1);
      if (t2 == t1 + step || (t2 >= seg_end && t1 + step >= seg_end))
        fn({t1, step, static_cast<std::uint64_t>((seg_end - 1 - t1) / step) + 1});
      else
        enumerate_fires(s, at, seg_end, fn);  // not the grid we expected: be exact
    }
    at = seg_end;
  }
}

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
    auto add = [&](const FireRun& f, bool skip) {
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
      for_each_fire_run(sched, pos, lo, [&](const FireRun& f) { add(f, false); });
      for_each_fire_run(sched, lo, hi, [&](const FireRun& f) {
        if (g.dense) return add(f, true);
        for (std::uint64_t i = 0; i < f.count; ++i) {
          sim::Time t = f.first + static_cast<sim::Time>(i) * f.period;
          add({t, 0, 1}, sys_->fresh_at(t, fresh));
        }
      });
      pos = hi;
    }
    for_each_fire_run(sched, pos, ctx_.end, [&](const FireRun& f) { add(f, false); });
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
  if (auto s = r.optional_object("state")) p.state = read_poll_state(*s);
  p.production_only = r.one_of("accounts", {"all", "production"}, "all") == "production";
  p.heartbeat_check = r.boolean("heartbeat_check", true);
  p.fresh_for = r.duration("heartbeat_fresh_for", p.fresh_for);
  if (p.fresh_for <= 0) r.fail("heartbeat_fresh_for", "expected a positive duration, e.g. \"30s\"");
  p.broadcast = r.boolean("broadcast", true);
  if (auto t = r.optional_object("transfers")) p.transfers = read_transfers(*t);
  return std::make_unique<CronPollerModel>(std::move(p));
}

bool CronPollerModel::stochastic() const {
  return p_->transfers && p_->transfers->arrivals.per_day > 0 && !p_->transfers->arrivals.deterministic;
}

void CronPollerModel::start(ModelContext& ctx) const {
  auto sys = PollSystem::of(ctx);
  sys->declare_state(p_->state);
  sys->add_poller(std::make_shared<CronRun>(ctx, p_, sys.get()));
  if (p_->transfers) sys->generate_transfers(*p_->transfers, p_->state, ctx);
}

}  // namespace core
