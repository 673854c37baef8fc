#include "core/models/keyed_state.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

namespace core {

// ---------------------------------------------------------------------------------------------
// Parsing

sim::ArrivalProfile read_arrival_profile(const Reader& r, bool* zone_given) {
  sim::ArrivalProfile p;
  p.per_day = r.number("per_day", 0, 1e9);
  if (const json* h = r.raw("hourly")) {
    if (!h->is_array() || h->size() != 24)
      r.fail("hourly", "expected an array of 24 non-negative weights, one per local hour 0..23");
    double sum = 0;
    for (std::size_t i = 0; i < 24; ++i) {
      const json& w = (*h)[i];
      if (!w.is_number() || w.get<double>() < 0 || !std::isfinite(w.get<double>()))
        throw FieldError(r.child_pointer("hourly") + "/" + std::to_string(i), "expected a non-negative number");
      p.hourly.push_back(w.get<double>());
      sum += w.get<double>();
    }
    if (sum <= 0) r.fail("hourly", "expected at least one positive weight");
  }
  if (zone_given) *zone_given = r.has("zone");
  p.zone = r.zone("zone", sim::TimeZone::utc());
  p.deterministic = r.boolean("deterministic", false);
  r.finish();
  return p;
}

LocalInstant read_local_instant(const Reader& r, const std::string& key, const std::string& text) {
  auto t = sim::parse_local_time(text);
  if (!t) r.fail(key, "expected a local time like \"2025-12-08T21:30\", got \"" + text + "\"");
  return LocalInstant{*t, std::nullopt};
}

sim::Time resolve_instant(const LocalInstant& at, const sim::TimeZone& def) {
  return (at.zone ? *at.zone : def).to_utc(at.local);
}

sim::Time cleanup_cutoff(sim::Time now, int days, const sim::TimeZone& zone) {
  sim::CivilTime local = zone.to_local(now);
  sim::Duration sub_second = ((now % sim::kSecond) + sim::kSecond) % sim::kSecond;
  local.date = sim::civil_from_days(sim::days_from_civil(local.date) - days);
  return zone.to_utc(local) + sub_second;
}

namespace {

std::optional<sim::TimeZone> optional_zone(const Reader& r, const std::string& key) {
  if (!r.has(key)) {
    r.zone(key, sim::TimeZone::utc());  // marks it known
    return std::nullopt;
  }
  return r.zone(key, sim::TimeZone::utc());
}

}  // namespace

std::unique_ptr<Model> parse_keyed_state(Reader& r) {
  KeyedStateParams p;
  p.key_pattern = r.string("key_pattern", "order:*");
  p.zone = optional_zone(r, "zone");
  p.arrivals = read_arrival_profile(r.object("arrivals"), &p.arrivals_zone_given);
  p.bytes_per_key = r.number("bytes_per_key", 0, 0, 512.0 * 1024 * 1024);
  if (r.has("ttl")) {
    p.ttl = r.duration("ttl");
    if (*p.ttl <= 0) r.fail("ttl", "expected a positive duration (leave it out for keys without a TTL)");
  } else {
    r.raw("ttl");
  }
  std::string save = r.one_of("save", {"set+expire", "set-ex"}, "set+expire");
  p.set_ex = save == "set-ex";
  if (auto lc = r.optional_object("lifecycle")) {
    p.lifecycle = lc->duration("duration", 0);
    p.reads = lc->count("reads", Reader::Count{}, 1e6);
    p.updates = lc->count("updates", Reader::Count{}, 1e6);
    lc->finish();
  }
  if (r.has("warmup")) p.warmup = r.duration("warmup");
  else r.raw("warmup");
  p.restore_on_restart = r.boolean("restore_on_restart", true);
  for (auto& s : r.objects("restarts")) {
    KeyedRestart k;
    int kinds = s.has("schedule") + s.has("per_day") + s.has("at") + s.has("idle");
    if (kinds != 1) s.fail("", "expected exactly one of \"schedule\", \"per_day\", \"at\" or \"idle\" in a restart source");
    if (s.has("schedule")) {
      k.kind = KeyedRestart::Kind::Schedule;
      k.schedule = read_schedule(s.object("schedule"), s.default_zone());
    } else if (s.has("per_day")) {
      k.kind = KeyedRestart::Kind::PerDay;
      k.per_day = s.number("per_day", 0, 1e6);
    } else if (s.has("at")) {
      k.kind = KeyedRestart::Kind::At;
      auto zone = optional_zone(s, "zone");
      auto texts = s.strings("at");
      for (const auto& t : texts) {
        LocalInstant li = read_local_instant(s, "at", t);
        li.zone = zone;
        k.at.push_back(li);
      }
    } else {
      k.kind = KeyedRestart::Kind::Idle;
      k.idle = s.duration("idle");
      if (k.idle <= 0) s.fail("idle", "expected a positive duration, e.g. \"15m\" (Render's free tier)");
    }
    s.finish();
    p.restarts.push_back(std::move(k));
  }
  for (auto& c : r.objects("cleanups")) {
    KeyedCleanup k;
    k.schedule = read_schedule(c.object("schedule"), c.default_zone());
    k.days_to_keep = static_cast<int>(c.integer("days_to_keep", 0, 3650));
    c.finish();
    p.cleanups.push_back(std::move(k));
  }
  for (auto& c : r.objects("manual_cleanups")) {
    KeyedManualCleanup k;
    k.at = read_local_instant(c, "at", c.string("at"));
    k.at.zone = optional_zone(c, "zone");
    k.days_to_keep = static_cast<int>(c.integer("days_to_keep", 0, 3650));
    k.deletes = c.boolean("deletes", true);
    c.finish();
    p.manual_cleanups.push_back(std::move(k));
  }
  for (auto& s : r.objects("scans")) {
    KeyedScan k;
    k.schedule = read_schedule(s.object("schedule"), s.default_zone());
    k.get_each_key = s.boolean("get_each_key", false);
    s.finish();
    p.scans.push_back(std::move(k));
  }
  if (r.has("jobs_need_awake")) p.jobs_need_awake = r.boolean("jobs_need_awake", true);
  else r.raw("jobs_need_awake");
  return std::make_unique<KeyedStateModel>(std::move(p));
}

bool KeyedStateModel::stochastic() const {
  if (!p_.arrivals.deterministic && p_.arrivals.per_day > 0) return true;
  if (!p_.reads.fixed() || !p_.updates.fixed()) return true;
  for (const auto& r : p_.restarts)
    if (r.kind == KeyedRestart::Kind::PerDay && r.per_day > 0) return true;
  return false;
}

void KeyedStateModel::start(ModelContext& ctx) const { run(ctx); }

// ---------------------------------------------------------------------------------------------
// The process

namespace {

enum class Ev : int {
  Expiry = 0,   // a key's TTL passes (before anything else at the same instant, as Redis sees it)
  Restart = 1,
  Cleanup = 2,
  Manual = 3,
  Scan = 4,
  Save = 5,     // create or re-save of an object (a request)
  Read = 6,     // a GET of an object (a request)
};

struct Event {
  sim::Time t;
  Ev kind;
  std::uint64_t seq;
  std::uint32_t obj;   // object index (Save, Read, Expiry) or source index (Cleanup, Manual, Scan)
  std::uint32_t aux;   // Expiry: version; Save: 1 when it is the create
  bool operator>(const Event& o) const {
    if (t != o.t) return t > o.t;
    if (kind != o.kind) return static_cast<int>(kind) > static_cast<int>(o.kind);
    return seq > o.seq;
  }
};

struct Object {
  sim::Time created = 0;
  std::uint32_t version = 0;
  bool exists = false;
  std::uint32_t live_pos = 0;  // index in the live list while it exists
};

std::uint64_t draw(sim::Rng& rng, const Reader::Count& c) { return rng.count(c.min, c.max, c.poisson); }

// One run of the process, in stages: the requests of each object's lifecycle, the jobs (restarts,
// cleanups, manual cleanups, scans), then the ordered event list played against the live keys.
class KeyedRun {
 public:
  KeyedRun(const KeyedStateParams& p, ModelContext& ctx)
      : p_(p), ctx_(ctx), rec_(ctx.rec), comp_(ctx.component), zone_(p.zone ? *p.zone : ctx.zone),
        from_(ctx.start - (p.warmup ? *p.warmup : (p.ttl ? *p.ttl + p.lifecycle : 0))), to_(ctx.end) {
    const CommandId SET = *find_command("SET"), EXPIRE = *find_command("EXPIRE");
    save_b_ = p_.set_ex || !p_.ttl ? rec_.bundle(comp_, {CommandCount{SET, 1}})
                                   : rec_.bundle(comp_, {CommandCount{SET, 1}, CommandCount{EXPIRE, 1}});
    get_b_ = rec_.single(comp_, *find_command("GET"));
    del_b_ = rec_.single(comp_, *find_command("DEL"));
    keys_b_ = rec_.single(comp_, *find_command("KEYS"));
    for (const auto& r : p_.restarts)
      if (r.kind == KeyedRestart::Kind::Idle) {
        idle_mode_ = true;
        idle_span_ = idle_span_ ? std::min(idle_span_, r.idle) : r.idle;
      }
    jobs_need_awake_ = p_.jobs_need_awake.value_or(idle_mode_) && idle_mode_;
    last_request_ = from_;  // the process is taken as awake when the warm-up starts
  }

  // Arrivals and their lifecycles: the create, the re-saves and the reads, spread over `lifecycle`.
  void schedule_objects() {
    sim::ArrivalProfile prof = p_.arrivals;
    if (!p_.arrivals_zone_given) prof.zone = zone_;
    std::vector<sim::Time> arrivals =
        prof.per_day > 0 ? sim::generate_arrivals(prof, from_, to_, ctx_.rng) : std::vector<sim::Time>{};
    objects_.assign(arrivals.size(), Object{});
    out_.objects = arrivals.size();
    for (std::size_t i = 0; i < arrivals.size(); ++i) {
      const sim::Time a = arrivals[i];
      objects_[i].created = a;
      const auto idx = static_cast<std::uint32_t>(i);
      push(a, Ev::Save, idx, 1);
      const std::uint64_t u = draw(ctx_.rng, p_.updates), n = draw(ctx_.rng, p_.reads);
      for (std::uint64_t k = 1; k <= u; ++k)
        push(a + static_cast<sim::Duration>(static_cast<double>(p_.lifecycle) * k / u), Ev::Save, idx, 0);
      for (std::uint64_t k = 1; k <= n; ++k) {
        sim::Time t = a + static_cast<sim::Duration>(static_cast<double>(p_.lifecycle) * (k - 0.5) / n);
        if (idle_mode_) push(t, Ev::Read, idx);
        else if (t >= from_ && t < to_) rec_.emit(t, get_b_);  // reads change nothing: no event needed
      }
    }
  }

  // Restarts, cleanups, manual cleanups, scans.
  void schedule_jobs() {
    for (const auto& r : p_.restarts) {
      switch (r.kind) {
        case KeyedRestart::Kind::Schedule:
          for (sim::Time t : fires(r.schedule)) push(t, Ev::Restart);
          break;
        case KeyedRestart::Kind::PerDay: {
          sim::ArrivalProfile rp;
          rp.per_day = r.per_day;
          rp.zone = zone_;
          if (r.per_day > 0)
            for (sim::Time t : sim::generate_arrivals(rp, from_, to_, ctx_.rng)) push(t, Ev::Restart);
          break;
        }
        case KeyedRestart::Kind::At:
          for (const auto& li : r.at) push(resolve_instant(li, zone_), Ev::Restart);
          break;
        case KeyedRestart::Kind::Idle:
          break;  // driven by requests
      }
    }
    for (std::size_t i = 0; i < p_.cleanups.size(); ++i)
      for (sim::Time t : fires(p_.cleanups[i].schedule)) push(t, Ev::Cleanup, static_cast<std::uint32_t>(i));
    for (std::size_t i = 0; i < p_.manual_cleanups.size(); ++i)
      push(resolve_instant(p_.manual_cleanups[i].at, zone_), Ev::Manual, static_cast<std::uint32_t>(i));
    for (std::size_t i = 0; i < p_.scans.size(); ++i) {
      const auto& s = p_.scans[i];
      if (!s.get_each_key && !jobs_need_awake_) {
        for (sim::Time t : fires(s.schedule)) rec_.emit(t, keys_b_);  // one KEYS whatever the key count: no state needed
      } else {
        for (sim::Time t : fires(s.schedule)) push(t, Ev::Scan, static_cast<std::uint32_t>(i));
      }
    }
  }

  // The events in order, against the live keys.
  KeyedStateRun play() {
    while (!q_.empty()) {
      Event e = q_.top();
      q_.pop();
      if (!gauged_start_ && e.t >= ctx_.start) {
        gauged_start_ = true;
        gauge(ctx_.start);
      }
      const bool request = e.kind == Ev::Save || e.kind == Ev::Read;
      if (idle_mode_ && request) wake(e.t);
      const bool awake = !jobs_need_awake_ || e.t - last_request_ <= idle_span_;
      switch (e.kind) {
        case Ev::Expiry: expire(e); break;
        case Ev::Save: save(e); break;
        case Ev::Read: rec_.emit(e.t, get_b_); break;
        case Ev::Restart: restore(e.t); break;
        case Ev::Cleanup:
          if (awake) cleanup(e.t, p_.cleanups[e.obj].days_to_keep, true, false);
          else skipped_cleanup(e);
          break;
        case Ev::Manual: {
          const auto& m = p_.manual_cleanups[e.obj];
          if (idle_mode_) wake(e.t);  // a /cleanup message is a request: it wakes the process
          cleanup(e.t, m.days_to_keep, m.deletes, true);
          break;
        }
        case Ev::Scan:
          if (!awake) break;
          rec_.emit(e.t, keys_b_);
          if (p_.scans[e.obj].get_each_key) rec_.emit(e.t, get_b_, live_.size());
          break;
      }
    }
    if (!gauged_start_) gauge(ctx_.start);
    out_.live_at_end = live_.size();
    return std::move(out_);
  }

 private:
  std::vector<sim::Time> fires(const sim::Schedule& s) const {
    return sim::fire_times(anchored(s, ctx_.start), sim::WindowSet{}, from_, to_);
  }
  void push(sim::Time t, Ev k, std::uint32_t obj = 0, std::uint32_t aux = 0) {
    if (t < from_ || t >= to_) return;
    q_.push(Event{t, k, seq_++, obj, aux});
  }
  void gauge(sim::Time t) {
    if (t < ctx_.start) return;
    rec_.gauge(t, comp_, Recorder::Gauge::Keys, static_cast<double>(live_.size()));
    rec_.gauge(t, comp_, Recorder::Gauge::Bytes, static_cast<double>(live_.size()) * p_.bytes_per_key);
  }
  void remove_live(std::uint32_t o) {
    Object& ob = objects_[o];
    ob.exists = false;
    std::uint32_t pos = ob.live_pos;
    live_[pos] = live_.back();
    objects_[live_[pos]].live_pos = pos;
    live_.pop_back();
  }
  // A request: after a spin-down (idle longer than the idle span) it starts the process.
  void wake(sim::Time t) {
    if (t - last_request_ > idle_span_) restore(t);
    last_request_ = t;
  }
  void restore(sim::Time t) {
    if (!p_.restore_on_restart) return;
    rec_.emit(t, keys_b_);
    rec_.emit(t, get_b_, live_.size());
    if (t >= ctx_.start) out_.restores.push_back({t, live_.size()});
  }
  void expire(const Event& e) {
    Object& ob = objects_[e.obj];
    if (ob.exists && ob.version == e.aux) {
      remove_live(e.obj);
      gauge(e.t);
    }
  }
  void save(const Event& e) {
    Object& ob = objects_[e.obj];
    rec_.emit(e.t, save_b_);
    if (!ob.exists) {
      ob.exists = true;
      ob.live_pos = static_cast<std::uint32_t>(live_.size());
      live_.push_back(e.obj);
      out_.max_live = std::max<std::uint64_t>(out_.max_live, e.t >= ctx_.start ? live_.size() : 0);
      gauge(e.t);
    }
    ++ob.version;
    if (p_.ttl) push(e.t + *p_.ttl, Ev::Expiry, e.obj, ob.version);
  }
  void cleanup(sim::Time t, int days, bool deletes, bool manual) {
    KeyedStateRun::Cleanup c;
    c.t = t;
    c.days_to_keep = days;
    c.manual = manual;
    c.cutoff = cleanup_cutoff(t, days, zone_);
    c.live_before = live_.size();
    rec_.emit(t, keys_b_);
    rec_.emit(t, get_b_, live_.size());
    if (deletes) {
      for (std::size_t i = 0; i < live_.size();) {
        std::uint32_t o = live_[i];
        if (objects_[o].created < c.cutoff) {
          remove_live(o);  // moves the last element into slot i
          ++c.deleted;
        } else {
          ++i;
        }
      }
      rec_.emit(t, del_b_, c.deleted);
      gauge(t);
    }
    if (t >= ctx_.start) out_.cleanups.push_back(c);
  }
  // A scheduled cleanup while the process sleeps: recorded, nothing sent.
  void skipped_cleanup(const Event& e) {
    if (e.t < ctx_.start) return;
    KeyedStateRun::Cleanup c;
    c.t = e.t;
    c.days_to_keep = p_.cleanups[e.obj].days_to_keep;
    c.skipped_asleep = true;
    c.live_before = live_.size();
    out_.cleanups.push_back(c);
  }

  const KeyedStateParams& p_;
  ModelContext& ctx_;
  Recorder& rec_;
  const int comp_;
  const sim::TimeZone zone_;
  const sim::Time from_, to_;  // the warm-up and the period
  BundleId save_b_ = 0, get_b_ = 0, del_b_ = 0, keys_b_ = 0;
  bool idle_mode_ = false, jobs_need_awake_ = false;
  sim::Duration idle_span_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> q_;
  std::uint64_t seq_ = 0;
  std::vector<Object> objects_;
  std::vector<std::uint32_t> live_;  // indices of existing objects
  bool gauged_start_ = false;
  sim::Time last_request_ = 0;
  KeyedStateRun out_;
};

}  // namespace

std::vector<Knob> KeyedStateModel::knobs() const {
  std::vector<Knob> out;
  if (!p_.set_ex)
    out.push_back(single("save", "/save", "set+expire", "set-ex", "save with SET ... EX instead of SET + EXPIRE", "none"));
  if (!p_.cleanups.empty()) {
    for (std::size_t i = 0; i < p_.cleanups.size(); ++i) {
      const int keep = p_.cleanups[i].days_to_keep;
      if (keep <= 0) continue;
      const std::string at = "/cleanups/" + std::to_string(i) + "/days_to_keep";
      Knob k = knob("cleanup.days_to_keep", at, keep, &metrics::retention);
      for (int n = keep - 1; n >= 0 && k.candidates.size() < 2; --n)
        k.candidates.push_back({"cleanup keeps " + std::to_string(n) + " days instead of " + std::to_string(keep),
                                "finished objects older than " + std::to_string(n) + " days are deleted (history kept " +
                                    std::to_string(n) + " days instead of " + std::to_string(keep) + ")",
                                static_cast<double>(n), {{at, n}}});
      out.push_back(std::move(k));
    }
    Knob k = single("cleanups", "/cleanups", p_.cleanups.size(), json::array(), "no scheduled cleanup (keys expire by their TTL)",
                    "finished objects stay until their TTL instead of being deleted early");
    out.push_back(std::move(k));
  } else if (p_.ttl) {
    json cleanup = {{"schedule", {{"cron", "0 3 * * *"}}}, {"days_to_keep", 2}};
    out.push_back(single("cleanups", "/cleanups", json::array(), json::array({cleanup}),
                         "a daily cleanup at 03:00 keeping 2 days", "finished objects older than 2 days are deleted"));
  }
  return out;
}

KeyedStateRun KeyedStateModel::run(ModelContext& ctx) const {
  KeyedRun run(p_, ctx);
  run.schedule_objects();
  run.schedule_jobs();
  return run.play();
}

}  // namespace core
