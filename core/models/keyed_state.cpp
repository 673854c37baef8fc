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
  KeyedStateRun out;
  const sim::TimeZone zone = p_.zone ? *p_.zone : ctx.zone;
  const sim::Duration warmup = p_.warmup ? *p_.warmup : (p_.ttl ? *p_.ttl + p_.lifecycle : 0);
  const sim::Time from = ctx.start - warmup;
  const sim::Time to = ctx.end;
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;

  const CommandId SET = *find_command("SET"), EXPIRE = *find_command("EXPIRE"), GET = *find_command("GET"),
                  DEL = *find_command("DEL"), KEYS = *find_command("KEYS");
  const BundleId save_bundle = p_.set_ex || !p_.ttl
                                   ? rec.bundle(comp, {CommandCount{SET, 1}})
                                   : rec.bundle(comp, {CommandCount{SET, 1}, CommandCount{EXPIRE, 1}});
  const BundleId get_b = rec.single(comp, GET), del_b = rec.single(comp, DEL), keys_b = rec.single(comp, KEYS);

  bool idle_mode = false;
  sim::Duration idle_span = 0;
  for (const auto& r : p_.restarts)
    if (r.kind == KeyedRestart::Kind::Idle) {
      idle_mode = true;
      idle_span = idle_span ? std::min(idle_span, r.idle) : r.idle;
    }
  const bool jobs_need_awake = p_.jobs_need_awake.value_or(idle_mode) && idle_mode;

  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> q;
  std::uint64_t seq = 0;
  auto push = [&](sim::Time t, Ev k, std::uint32_t obj = 0, std::uint32_t aux = 0) {
    if (t < from || t >= to) return;
    q.push(Event{t, k, seq++, obj, aux});
  };

  // Arrivals and their lifecycles.
  sim::ArrivalProfile prof = p_.arrivals;
  if (!p_.arrivals_zone_given) prof.zone = zone;
  std::vector<sim::Time> arrivals =
      prof.per_day > 0 ? sim::generate_arrivals(prof, from, to, ctx.rng) : std::vector<sim::Time>{};
  std::vector<Object> objects(arrivals.size());
  out.objects = arrivals.size();
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    const sim::Time a = arrivals[i];
    objects[i].created = a;
    const auto idx = static_cast<std::uint32_t>(i);
    push(a, Ev::Save, idx, 1);
    const std::uint64_t u = draw(ctx.rng, p_.updates), n = draw(ctx.rng, p_.reads);
    for (std::uint64_t k = 1; k <= u; ++k)
      push(a + static_cast<sim::Duration>(static_cast<double>(p_.lifecycle) * k / u), Ev::Save, idx, 0);
    for (std::uint64_t k = 1; k <= n; ++k) {
      sim::Time t = a + static_cast<sim::Duration>(static_cast<double>(p_.lifecycle) * (k - 0.5) / n);
      if (idle_mode) push(t, Ev::Read, idx);
      else if (t >= from && t < to) rec.emit(t, get_b);  // reads change nothing: no event needed
    }
  }

  // Restarts, cleanups, manual cleanups, scans.
  for (const auto& r : p_.restarts) {
    switch (r.kind) {
      case KeyedRestart::Kind::Schedule:
        for (sim::Time t : sim::fire_times(anchored(r.schedule, ctx.start), sim::WindowSet{}, from, to)) push(t, Ev::Restart);
        break;
      case KeyedRestart::Kind::PerDay: {
        sim::ArrivalProfile rp;
        rp.per_day = r.per_day;
        rp.zone = zone;
        if (r.per_day > 0)
          for (sim::Time t : sim::generate_arrivals(rp, from, to, ctx.rng)) push(t, Ev::Restart);
        break;
      }
      case KeyedRestart::Kind::At:
        for (const auto& li : r.at) push(resolve_instant(li, zone), Ev::Restart);
        break;
      case KeyedRestart::Kind::Idle:
        break;  // driven by requests below
    }
  }
  for (std::size_t i = 0; i < p_.cleanups.size(); ++i)
    for (sim::Time t : sim::fire_times(anchored(p_.cleanups[i].schedule, ctx.start), sim::WindowSet{}, from, to))
      push(t, Ev::Cleanup, static_cast<std::uint32_t>(i));
  for (std::size_t i = 0; i < p_.manual_cleanups.size(); ++i)
    push(resolve_instant(p_.manual_cleanups[i].at, zone), Ev::Manual, static_cast<std::uint32_t>(i));
  for (std::size_t i = 0; i < p_.scans.size(); ++i) {
    const auto& s = p_.scans[i];
    auto times = sim::fire_times(anchored(s.schedule, ctx.start), sim::WindowSet{}, from, to);
    if (!s.get_each_key && !jobs_need_awake) {
      for (sim::Time t : times) rec.emit(t, keys_b);  // one KEYS whatever the key count: no state needed
    } else {
      for (sim::Time t : times) push(t, Ev::Scan, static_cast<std::uint32_t>(i));
    }
  }

  // State.
  std::vector<std::uint32_t> live;  // indices of existing objects
  bool gauged_start = false;
  auto gauge = [&](sim::Time t) {
    if (t < ctx.start) return;
    rec.gauge(t, comp, Recorder::Gauge::Keys, static_cast<double>(live.size()));
    rec.gauge(t, comp, Recorder::Gauge::Bytes, static_cast<double>(live.size()) * p_.bytes_per_key);
  };
  auto remove_live = [&](std::uint32_t o) {
    Object& ob = objects[o];
    ob.exists = false;
    std::uint32_t pos = ob.live_pos;
    live[pos] = live.back();
    objects[live[pos]].live_pos = pos;
    live.pop_back();
  };
  auto restore = [&](sim::Time t) {
    if (!p_.restore_on_restart) return;
    rec.emit(t, keys_b);
    rec.emit(t, get_b, live.size());
    if (t >= ctx.start) out.restores.push_back({t, live.size()});
  };
  auto cleanup = [&](sim::Time t, int days, bool deletes, bool manual) {
    KeyedStateRun::Cleanup c;
    c.t = t;
    c.days_to_keep = days;
    c.manual = manual;
    c.cutoff = cleanup_cutoff(t, days, zone);
    c.live_before = live.size();
    rec.emit(t, keys_b);
    rec.emit(t, get_b, live.size());
    if (deletes) {
      for (std::size_t i = 0; i < live.size();) {
        std::uint32_t o = live[i];
        if (objects[o].created < c.cutoff) {
          remove_live(o);  // moves the last element into slot i
          ++c.deleted;
        } else {
          ++i;
        }
      }
      rec.emit(t, del_b, c.deleted);
      gauge(t);
    }
    if (t >= ctx.start) out.cleanups.push_back(c);
  };

  sim::Time last_request = from;  // the process is taken as awake when the warm-up starts
  while (!q.empty()) {
    Event e = q.top();
    q.pop();
    if (!gauged_start && e.t >= ctx.start) {
      gauged_start = true;
      gauge(ctx.start);
    }
    const bool request = e.kind == Ev::Save || e.kind == Ev::Read;
    if (idle_mode && request) {
      if (e.t - last_request > idle_span) restore(e.t);  // spun down: this request starts the process
      last_request = e.t;
    }
    const bool awake = !jobs_need_awake || e.t - last_request <= idle_span;
    switch (e.kind) {
      case Ev::Expiry: {
        Object& ob = objects[e.obj];
        if (ob.exists && ob.version == e.aux) {
          remove_live(e.obj);
          gauge(e.t);
        }
        break;
      }
      case Ev::Save: {
        Object& ob = objects[e.obj];
        rec.emit(e.t, save_bundle);
        if (!ob.exists) {
          ob.exists = true;
          ob.live_pos = static_cast<std::uint32_t>(live.size());
          live.push_back(e.obj);
          out.max_live = std::max<std::uint64_t>(out.max_live, e.t >= ctx.start ? live.size() : 0);
          gauge(e.t);
        }
        ++ob.version;
        if (p_.ttl) push(e.t + *p_.ttl, Ev::Expiry, e.obj, ob.version);
        break;
      }
      case Ev::Read:
        rec.emit(e.t, get_b);
        break;
      case Ev::Restart:
        restore(e.t);
        break;
      case Ev::Cleanup:
        if (!awake) {
          if (e.t >= ctx.start) {
            KeyedStateRun::Cleanup c;
            c.t = e.t;
            c.days_to_keep = p_.cleanups[e.obj].days_to_keep;
            c.skipped_asleep = true;
            c.live_before = live.size();
            out.cleanups.push_back(c);
          }
          break;
        }
        cleanup(e.t, p_.cleanups[e.obj].days_to_keep, true, false);
        break;
      case Ev::Manual: {
        const auto& m = p_.manual_cleanups[e.obj];
        if (idle_mode) {  // a /cleanup message is a request: it wakes the process
          if (e.t - last_request > idle_span) restore(e.t);
          last_request = e.t;
        }
        cleanup(e.t, m.days_to_keep, m.deletes, true);
        break;
      }
      case Ev::Scan:
        if (!awake) break;
        rec.emit(e.t, keys_b);
        if (p_.scans[e.obj].get_each_key) rec.emit(e.t, get_b, live.size());
        break;
    }
  }
  if (!gauged_start) gauge(ctx.start);
  out.live_at_end = live.size();
  return out;
}

}  // namespace core
