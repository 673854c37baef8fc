#include "core/models/poller_pages.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <set>

#include "core/input/errors.hpp"
#include "core/models/periodic.hpp"  // TickCommands
#include "core/models/poll_system.hpp"

namespace core {

CommandList sync_empty_commands(const SyncSpec& s) {
  std::uint32_t debug = s.debug ? 1 : 0, claim = s.claim ? 1 : 0;
  std::uint32_t create = s.group_create == SyncSpec::GroupCreate::PerSync ? 1 : 0;
  return commands_of({{"XLEN", debug}, {"XGROUP|CREATE", create}, {"XREADGROUP", 1}, {"XAUTOCLAIM", claim},
                      {"XPENDING", claim}, {"XRANGE", debug}});
}

CommandList sync_message_commands(const SyncSpec& s) {
  std::uint32_t debug = s.debug ? 1 : 0;
  std::uint32_t create = s.group_create == SyncSpec::GroupCreate::PerSync ? 1 : 0;
  return commands_of({{"XLEN", debug}, {"XGROUP|CREATE", create}, {"XREADGROUP", 1}, {"XACK", 1}});
}

namespace {

std::uint64_t size_of(const CommandList& c) {
  std::uint64_t n = 0;
  for (const auto& x : c) n += x.count;
  return n;
}

// The seed's average as a repeating pattern: of every k syncs, j take the message path (spread out as
// evenly as possible), so the average over a pattern is exactly `average` when it is reachable with
// k <= 1000.
struct AveragePattern {
  std::int64_t k = 1, j = 0;
  bool message(std::int64_t r) const { return ((r + 1) * j) / k - (r * j) / k == 1; }
};
AveragePattern average_pattern(double average, std::uint64_t empty, std::uint64_t message) {
  AveragePattern p;
  if (empty == message) return p;
  double share = (average - static_cast<double>(empty)) / (static_cast<double>(message) - static_cast<double>(empty));
  share = std::clamp(share, 0.0, 1.0);
  for (std::int64_t k = 1; k <= 1000; ++k) {
    double x = share * static_cast<double>(k);
    if (std::fabs(x - std::round(x)) < 1e-9 * static_cast<double>(k) || k == 1000) {
      p.k = k;
      p.j = std::llround(x);
      return p;
    }
  }
  return p;
}

class PagesRun : public Poller, public StreamReader, public LockContender {
 public:
  PagesRun(ModelContext& ctx, std::shared_ptr<const PollerPagesParams> p, PollSystem* sys)
      : ctx_(ctx), p_(std::move(p)), sys_(sys), pages_(p_->pages.size()) {}

  // At the period start, once every component has started (the cron poller has declared its state).
  void init(const std::shared_ptr<PagesRun>& self) {
    if (p_->state) state_ = *p_->state;
    else if (sys_->declared_state()) state_ = *sys_->declared_state();
    for (std::size_t i = 0; i < pages_.size(); ++i) {
      const PageSpec& spec = p_->pages[i];
      if (state_.group_index(spec.restaurant) < 0) {
        std::string names;
        for (const auto& r : state_.restaurants) names += (names.empty() ? "" : ", ") + r;
        throw InputError("", Location{.pointer = spec.restaurant_pointer},
                         "page \"" + spec.name + "\" reads restaurant \"" + spec.restaurant +
                             "\", which the polled state does not have (it has: " + names + ")");
      }
      pages_[i].group = sys_->group_id(spec.restaurant);
    }
    auto& rec = ctx_.rec;
    poll_ = rec.bundle(ctx_.component, active_poll_commands(state_));
    empty_ = rec.bundle(ctx_.component, sync_empty_commands(p_->sync));
    message_ = rec.bundle(ctx_.component, sync_message_commands(p_->sync));
    create_ = rec.single(ctx_.component, *find_command("XGROUP|CREATE"));
    wake_ = TickCommands(ctx_, p_->wake_up);
    retry_ = TickCommands(ctx_, p_->retry);
    if (p_->sync.average)
      pattern_ = average_pattern(*p_->sync.average, size_of(sync_empty_commands(p_->sync)),
                                 size_of(sync_message_commands(p_->sync)));
    if (p_->transfers) sys_->generate_transfers(*p_->transfers, state_, ctx_);

    for (std::size_t i = 0; i < pages_.size(); ++i) {
      for (auto [o, c] : p_->pages[i].active.intervals(ctx_.start, ctx_.end)) {
        int page = static_cast<int>(i);
        sim::Time close = c;
        ctx_.sim.at(o, [self, page, close] { self->open(page, close); }, 1);
        if (c < ctx_.end) ctx_.sim.at(c, [self, page, close] { self->close(page, close); }, 0);
      }
    }
  }

  // Pages still open at the end of the period.
  void finish(sim::Time end) {
    for (std::size_t i = 0; i < pages_.size(); ++i)
      if (pages_[i].open) close(static_cast<int>(i), end);
  }

  // --- the lock ----------------------------------------------------------------------------------
  std::pair<sim::Time, int> next_attempt(sim::Time t) const override {
    sim::Time best = sim::kNever;
    int who = -1;
    if (p_->retry_every <= 0) return {best, who};
    for (std::size_t i = 0; i < pages_.size(); ++i) {
      const Page& pg = pages_[i];
      if (!pg.open || !pg.waiting) continue;
      std::int64_t k = std::max<std::int64_t>(1, (t - pg.wait_from + p_->retry_every - 1) / p_->retry_every);
      sim::Time at = pg.wait_from + k * p_->retry_every;
      if (at < sessions_[static_cast<std::size_t>(pg.session)].close && at < best) {
        best = at;
        who = static_cast<int>(i);
      }
    }
    return {best, who};
  }

  void take(int page, sim::Time now) override { acquire(page, now); }

  // --- Poller: the elected page's polls ----------------------------------------------------------
  sim::Time next_find(sim::Time t, const Transfer&) const override {
    auto it = std::partition_point(runs_.begin(), runs_.end(), [t](const HeartbeatRun& r) { return r.last <= t; });
    if (it == runs_.end()) return sim::kNever;
    if (it->first > t) return it->first;
    return it->first + ((t - it->first) / it->period + 1) * it->period;
  }
  void emit_found(sim::Time t, const std::vector<const Transfer*>& found) override {
    emit_found_transfers(ctx_, state_, t, found);
  }
  void emit() override {
    for (const HeartbeatRun& r : runs_) ctx_.rec.emit_series(r.first, r.period, r.polls(), poll_);
  }
  int tie_rank() const override { return 1; }

  // --- StreamReader: the pages' syncs ------------------------------------------------------------
  std::pair<sim::Time, int> next_read(int group, sim::Time t) const override {
    sim::Time best = sim::kNever;
    int who = -1;
    const sim::Duration every = p_->sync.every;
    for (std::size_t s = 0; s < sessions_.size(); ++s) {
      const Session& ss = sessions_[s];
      if (ss.open > best) break;  // sessions are in opening order
      if (ss.group != group || ss.close <= t) continue;
      sim::Time at;
      if (t < ss.open) at = ss.open;                    // waiting in the stream: the first read gets it
      else if (blocking()) at = t;                      // a blocked read returns at once
      else at = ss.open + ((t - ss.open) / every + 1) * every;  // the next sync after it
      if (at < ss.close && at < best) {
        best = at;
        who = static_cast<int>(s);
      }
    }
    return {best, who};
  }
  void deliver(int session, sim::Time read_at) override { sessions_[static_cast<std::size_t>(session)].reads.push_back(read_at); }

  void emit_syncs() override {
    for (Session& s : sessions_) {
      std::sort(s.reads.begin(), s.reads.end());
      s.reads.erase(std::unique(s.reads.begin(), s.reads.end()), s.reads.end());
      if (p_->sync.average) emit_average(s);
      else if (blocking()) emit_blocking(s);
      else emit_ticks(s);
    }
  }

 private:
  struct Page {
    int group = 0;
    bool open = false, waiting = false, holder = false;
    int session = -1;
    sim::Time wait_from = 0, run_first = 0;
  };
  struct Session {
    int page, group;
    sim::Time open, close;
    std::vector<sim::Time> reads;  // when this session's syncs read messages
  };

  bool blocking() const { return p_->sync.block > 0 && !p_->sync.average; }

  void open(int page, sim::Time close) {
    Page& pg = pages_[static_cast<std::size_t>(page)];
    sim::Time now = ctx_.sim.now();
    pg.open = true;
    pg.session = static_cast<int>(sessions_.size());
    sessions_.push_back({page, pg.group, now, close, {}});
    if (!p_->wake_up.empty()) wake_.emit(ctx_, now);
    if (sys_->lock_free(now)) {
      acquire(page, now);
    } else {
      pg.waiting = true;
      pg.wait_from = now;
    }
  }

  void close(int page, sim::Time at) {
    Page& pg = pages_[static_cast<std::size_t>(page)];
    if (!pg.open) return;
    if (pg.holder) {
      const sim::Duration every = p_->poll_every;
      sim::Time last = pg.run_first + ((at - 1 - pg.run_first) / every) * every;
      HeartbeatRun run{pg.run_first, last, every, p_->pages[static_cast<std::size_t>(page)].name};
      runs_.push_back(run);
      sys_->add_run(run);
      ctx_.shared.times["poller.heartbeat"] = last;
      pg.holder = false;
      sys_->release(this, last + p_->lock_ttl);
    } else if (pg.waiting) {
      emit_retries(pg, at - 1);
      pg.waiting = false;
    }
    pg.open = false;
  }

  void acquire(int page, sim::Time now) {
    Page& pg = pages_[static_cast<std::size_t>(page)];
    if (pg.waiting) {
      emit_retries(pg, now);
      pg.waiting = false;
    }
    pg.holder = true;
    pg.run_first = now;
    sys_->acquire(this, p_->pages[static_cast<std::size_t>(page)].name, now);
  }

  // The lock attempts after the wake-up, at wait_from + k * every for k >= 1, up to `until` inclusive.
  void emit_retries(const Page& pg, sim::Time until) {
    const sim::Duration every = p_->retry_every;
    if (every <= 0 || p_->retry.empty() || until < pg.wait_from + every) return;
    auto n = static_cast<std::uint64_t>((until - pg.wait_from) / every);
    retry_.emit_run(ctx_, {pg.wait_from + every, every, n});
  }

  // Syncs on the grid open + k * every; the ones right after a publication take the message path.
  void emit_ticks(const Session& s) {
    const sim::Duration every = p_->sync.every;
    auto n = static_cast<std::uint64_t>((s.close - 1 - s.open) / every) + 1;
    if (p_->sync.group_create == SyncSpec::GroupCreate::PerSession) ctx_.rec.emit(s.open, create_);
    std::uint64_t next = 0;
    for (sim::Time r : s.reads) {
      auto idx = static_cast<std::uint64_t>((r - s.open) / every);
      ctx_.rec.emit_series(s.open + static_cast<sim::Time>(next) * every, every, idx - next, empty_);
      ctx_.rec.emit(r, message_);
      next = idx + 1;
    }
    if (next < n) ctx_.rec.emit_series(s.open + static_cast<sim::Time>(next) * every, every, n - next, empty_);
  }

  // BLOCK reads back to back: idle calls every `block`; a call returns when a message is published
  // and the next call starts at once.
  void emit_blocking(const Session& s) {
    const sim::Duration block = p_->sync.block;
    if (p_->sync.group_create == SyncSpec::GroupCreate::PerSession) ctx_.rec.emit(s.open, create_);
    sim::Time from = s.open;
    for (sim::Time r : s.reads) {
      auto idle = static_cast<std::uint64_t>((r - from) / block);
      ctx_.rec.emit_series(from, block, idle, empty_);
      ctx_.rec.emit(r, message_);
      from = r;
    }
    if (from < s.close) ctx_.rec.emit_series(from, block, static_cast<std::uint64_t>((s.close - 1 - from) / block) + 1, empty_);
  }

  // The seed's average: a fixed mix of both paths on the sync grid, whatever was published.
  void emit_average(const Session& s) {
    const sim::Duration every = p_->sync.every;
    auto n = static_cast<std::int64_t>((s.close - 1 - s.open) / every) + 1;
    const std::int64_t k = pattern_.k;
    for (std::int64_t r = 0; r < std::min(k, n); ++r) {
      auto count = static_cast<std::uint64_t>((n - 1 - r) / k + 1);
      ctx_.rec.emit_series(s.open + r * every, k * every, count, pattern_.message(r) ? message_ : empty_);
    }
  }

  ModelContext& ctx_;
  std::shared_ptr<const PollerPagesParams> p_;
  PollSystem* sys_;
  PollState state_;
  std::vector<Page> pages_;
  std::vector<Session> sessions_;
  std::vector<HeartbeatRun> runs_;
  BundleId poll_ = 0, empty_ = 0, message_ = 0, create_ = 0;
  TickCommands wake_, retry_;
  AveragePattern pattern_;
};

std::vector<CommandSpec> read_commands_or(const Reader& r, const std::string& key, const std::vector<CommandSpec>& def) {
  if (!r.has(key)) {
    r.raw(key);
    return def;
  }
  return read_commands(r, key);
}

}  // namespace

std::unique_ptr<Model> parse_poller_pages(Reader& r) {
  PollerPagesParams p;
  const std::vector<CommandSpec> set_nx{CommandSpec{*find_command("SET"), Reader::Count{1, 1, false}, false}};
  if (auto s = r.optional_object("state")) p.state = read_poll_state(*s);

  auto pages = r.objects("pages");
  if (pages.empty()) r.fail("pages", "expected a non-empty array of pages, e.g. [{\"name\": \"indies-co\", \"restaurant\": \"indies\", \"active\": [...]}]");
  std::set<std::string> names;
  for (auto& pr : pages) {
    PageSpec page;
    page.name = pr.string("name");
    if (!names.insert(page.name).second) pr.fail("name", "duplicate page name \"" + page.name + "\"");
    page.restaurant = pr.string("restaurant");
    page.restaurant_pointer = pr.child_pointer("restaurant");
    if (p.state && p.state->group_index(page.restaurant) < 0)
      pr.fail("restaurant", "expected one of the state's restaurants, got \"" + page.restaurant + "\"");
    page.active = read_windows(pr, "active", pr.default_zone());
    pr.finish();
    p.pages.push_back(std::move(page));
  }

  p.poll_every = r.duration("poll_every", p.poll_every);
  if (p.poll_every <= 0) r.fail("poll_every", "expected a positive duration, e.g. \"6s\"");
  p.lock_ttl = r.duration("lock_ttl", p.lock_ttl);
  if (p.lock_ttl <= p.poll_every)
    r.fail("lock_ttl", "expected a lock TTL longer than poll_every (" + sim::format_duration(p.poll_every) +
                           "), or the holder would lose the lock between its refreshes");
  p.wake_up = read_commands_or(r, "wake_up", set_nx);
  if (auto retry = r.optional_object("retry")) {
    p.retry_every = retry->duration("every");
    if (p.retry_every <= 0) retry->fail("every", "expected a positive duration (leave \"retry\" out for no retries)");
    p.retry = read_commands_or(*retry, "commands", set_nx);
    retry->finish();
  }

  if (auto s = r.optional_object("sync")) {
    SyncSpec& y = p.sync;
    y.every = s->duration("every", y.every);
    if (y.every <= 0) s->fail("every", "expected a positive duration, e.g. \"6s\"");
    y.debug = s->boolean("debug", y.debug);
    y.claim = s->boolean("claim_when_empty", y.claim);
    std::string gc = s->one_of("group_create", {"per_session", "per_sync", "never"}, "per_session");
    y.group_create = gc == "per_sync" ? SyncSpec::GroupCreate::PerSync
                     : gc == "never"  ? SyncSpec::GroupCreate::Never
                                      : SyncSpec::GroupCreate::PerSession;
    y.block = s->duration("block", y.block);
    if (s->has("average")) {
      double a = s->number("average", 0, 1000);
      if (y.block > 0) s->fail("average", "expected either \"average\" (the seed's shortcut) or \"block\", not both");
      if (s->has("group_create")) s->fail("average", "\"average\" is the whole cost of a sync; leave \"group_create\" out");
      double e = static_cast<double>(size_of(sync_empty_commands(y)));
      double m = static_cast<double>(size_of(sync_message_commands(y)));
      if (a < std::min(e, m) - 1e-12 || a > std::max(e, m) + 1e-12)
        s->fail("average", "expected an average between the message path (" + std::to_string(static_cast<int>(m)) +
                               " commands) and the empty path (" + std::to_string(static_cast<int>(e)) +
                               ") with these options");
      y.average = a;
    } else {
      s->raw("average");
    }
    s->finish();
  }
  if (auto t = r.optional_object("transfers")) p.transfers = read_transfers(*t);
  return std::make_unique<PollerPagesModel>(std::move(p));
}

std::vector<Knob> PollerPagesModel::knobs() const {
  std::vector<Knob> out;
  const SyncSpec& y = p_->sync;
  if (!y.average) {  // the seed's shortcut fixes the cost of a sync: no knob inside it
    if (y.debug)
      out.push_back(turn_off("sync.debug", "/sync/debug", "sync without the debug calls (no XLEN every sync, no XRANGE when empty)",
                             "none: the calls only fed debug output"));
    if (y.block == 0) {
      Knob k = knob("sync.block", "/sync/block", sim::format_duration(y.block));
      for (sim::Duration b : {10 * sim::kSecond, 30 * sim::kSecond})
        k.candidates.push_back({"XREADGROUP BLOCK " + duration_words(b) + " instead of polling the stream every sync",
                                "none in freshness (messages return as they arrive); one connection held open per page",
                                std::nullopt, {{"/sync/block", sim::format_duration(b)}}});
      out.push_back(std::move(k));
    }
  }
  {
    const sim::Duration poll = p_->poll_every, ttl = p_->lock_ttl;
    Knob k = knob("poll_every", "/poll_every", sim::format_duration(poll), &metrics::staleness);
    for (int f : {2, 5}) {
      const sim::Duration np = poll * f;
      KnobCandidate c{"elected page polls every " + duration_words(np) + " instead of every " + duration_words(poll),
                      "transfers seen up to " + duration_words(np) + " later instead of " + duration_words(poll),
                      seconds_of(np), {{"/poll_every", sim::format_duration(np)}}};
      // The lock must outlive the poll interval: keep the TTL's ratio to it.
      if (ttl <= np) c.sets.push_back({"/lock_ttl", sim::format_duration(ttl * f)});
      k.candidates.push_back(std::move(c));
    }
    out.push_back(std::move(k));
  }
  if (p_->state)
    if (auto k = layout_knob(*p_->state)) out.push_back(std::move(*k));
  return out;
}

bool PollerPagesModel::stochastic() const {
  return p_->transfers && p_->transfers->arrivals.per_day > 0 && !p_->transfers->arrivals.deterministic;
}

void PollerPagesModel::start(ModelContext& ctx) const {
  auto sys = PollSystem::of(ctx);
  auto run = std::make_shared<PagesRun>(ctx, p_, sys.get());
  sys->add_poller(run);
  sys->add_reader(run);
  sys->add_contender(run.get());
  sys->add_finisher([run](sim::Time end) { run->finish(end); });
  ctx.sim.at(ctx.start, [run] { run->init(run); }, INT_MIN);
}

}  // namespace core
