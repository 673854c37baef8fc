#include "core/models/celery_worker.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <queue>

#include "core/models/celery_beat.hpp"  // the sends of the run's beats
#include "core/models/keyed_state.hpp"  // read_arrival_profile

namespace core {

namespace {

CommandId cmd(const char* name) { return *find_command(name); }

// A multiset of commands built up step by step.
struct Mix {
  std::vector<CommandCount> v;
  Mix& add(const char* name, std::uint32_t n = 1, bool in_script = false) {
    if (n == 0) return *this;
    CommandId id = cmd(name);
    for (auto& c : v)
      if (c.cmd == id && c.in_script == in_script) {
        c.count += n;
        return *this;
      }
    v.push_back(CommandCount{id, n, in_script});
    return *this;
  }
  Mix& times(std::uint32_t k) {
    for (auto& c : v) c.count *= k;
    return *this;
  }
};

// kombu's queue declare: MULTI, LLEN x4 (one per priority step), EXEC, SADD _kombu.binding.<q>.
void declare(Mix& m) { m.add("MULTI").add("LLEN", 4).add("EXEC").add("SADD"); }
// Deleting a queue at shut-down: SREM binding, MULTI, DEL x4, EXEC.
void undeclare(Mix& m) { m.add("SREM").add("MULTI").add("DEL", 4).add("EXEC"); }

}  // namespace

bool parse_major_minor(const std::string& text, int* major, int* minor) {
  int a = 0, b = 0;
  std::size_t i = 0;
  auto digits = [&](int* out) {
    std::size_t s = i;
    // A version part past six digits is no version any library has had: refused, never overflowed.
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (i - s >= 6) return false;
      *out = *out * 10 + (text[i++] - '0');
    }
    return i > s;
  };
  if (!digits(&a)) return false;
  if (i < text.size()) {
    if (text[i] != '.') return false;
    ++i;
    if (!digits(&b)) return false;
    while (i < text.size() && (text[i] == '.' || std::isdigit(static_cast<unsigned char>(text[i])))) ++i;
    if (i != text.size()) return false;
  }
  *major = a;
  *minor = b;
  return true;
}

std::vector<CommandCount> celery_worker_startup(const CeleryWorkerParams& p) {
  Mix m;
  m.add("PING", 2);  // the consumer channel: Channel.__init__'s ping, preceded by a health check
  if (p.ack_emulation) {
    // First restore sweep, on the channel's pooled connection (new: health-check PING first).
    m.add("PING").add("SET").add("ZREVRANGEBYSCORE").add("EVALSHA").add("GET", 1, true).add("DEL", 1, true);
    if (!p.script_cached) m.add("EVALSHA").add("SCRIPT|LOAD");  // NOSCRIPT, then SCRIPT LOAD, retry
  }
  if (p.dispatcher_on()) m.add("PING", 2).add("PING").add("PUBLISH");  // event channel, worker.online
  if (p.mingle) {
    declare(m);                              // reply queue
    m.add("PING", 2).add("PING").add("PUBLISH");  // broadcast producer channel, hello
    m.add("MULTI").add("LLEN", 4).add("EXEC");
    m.add("BRPOP");                          // waits 1 s for replies
    undeclare(m);                            // reply queue removed
  }
  for (int q = 0; q < p.queues; ++q) declare(m);  // the task queues
  if (p.remote_control) {
    m.add("PING", 2).add("PING");
    declare(m);
    m.add("PSUBSCRIBE");  // /0.celery.pidbox
  }
  if (p.gossip) {
    m.add("PING", 2).add("PING");
    declare(m);
    m.add("PSUBSCRIBE");  // /0.celeryev/worker.*
  }
  return m.v;
}

std::vector<CommandCount> celery_worker_shutdown(const CeleryWorkerParams& p) {
  Mix m;
  if (p.gossip) {
    m.add("UNSUBSCRIBE");
    m.add("PING");
    undeclare(m);
  }
  if (p.remote_control) {
    m.add("PING");
    undeclare(m);
  }
  if (p.dispatcher_on()) m.add("PUBLISH");  // worker.offline
  return m.v;
}

// ---------------------------------------------------------------------------------------------
// Parsing

std::unique_ptr<Model> parse_celery_worker(Reader& r) {
  CeleryWorkerParams p;
  p.workers = static_cast<int>(r.integer("workers", 1, 1, 10000));
  p.pool = r.one_of("pool", {"prefork", "solo", "threads"}, "prefork");
  p.concurrency = static_cast<int>(r.integer("concurrency", 1, 1, 4096));
  if (p.pool == "solo" && p.concurrency != 1 && r.has("concurrency"))
    r.fail("concurrency", "the solo pool runs one task at a time: leave concurrency out or set it to 1");
  if (p.pool == "solo") p.concurrency = 1;
  p.prefetch_multiplier = static_cast<int>(r.integer("prefetch_multiplier", 4, 0, 100000));
  p.kombu_version = r.string("kombu_version", p.kombu_version);
  if (!parse_major_minor(p.kombu_version, &p.kombu_major, &p.kombu_minor))
    r.fail("kombu_version", "expected a version like \"5.2.4\" or \"5.6\"");
  r.string("celery_version", "");  // informational: behaviour follows kombu's version
  if (r.has("polling_interval")) {
    p.polling_interval = r.duration("polling_interval");
    if (*p.polling_interval <= 0)
      r.fail("polling_interval", "expected a positive duration: 0 would send BRPOP ... 0, a wait without end");
  } else {
    r.raw("polling_interval");
  }
  p.rtt = r.duration("rtt", 0);
  p.brpop_loop_latency = r.duration("brpop_loop_latency", p.brpop_loop_latency);
  if (p.brpop_loop_latency < 0) r.fail("brpop_loop_latency", "expected a duration of zero or more");
  p.brpop_delivery_latency = r.duration("brpop_delivery_latency", p.brpop_delivery_latency);
  if (p.brpop_delivery_latency < 0) r.fail("brpop_delivery_latency", "expected a duration of zero or more");
  p.heartbeat = r.boolean("heartbeat", p.heartbeat);
  p.heartbeat_interval = r.duration("heartbeat_interval", p.heartbeat_interval);
  if (p.heartbeat_interval <= 0) r.fail("heartbeat_interval", "expected a positive duration");
  p.gossip = r.boolean("gossip", p.gossip);
  p.mingle = r.boolean("mingle", p.mingle);
  p.remote_control = r.boolean("remote_control", p.remote_control);
  p.task_events = r.boolean("task_events", false);
  p.health_check_interval = r.duration("health_check_interval", p.health_check_interval);
  if (p.health_check_interval <= 0)
    r.fail("health_check_interval", "expected a positive duration (kombu's default is " +
                                       sim::format_duration(CeleryWorkerParams{}.health_check_interval) + ")");
  p.ack_emulation = r.boolean("ack_emulation", true);
  p.result_backend = r.boolean("result_backend", true);
  p.result_db = static_cast<int>(r.integer("result_db", 0, 0, 15));
  p.track_started = r.boolean("track_started", false);
  p.ignore_result = r.boolean("ignore_result", false);
  p.result_expires = r.duration("result_expires", sim::kDay);
  p.result_bytes = r.number("result_bytes", 200, 0, 512.0 * 1024 * 1024);
  p.queues = static_cast<int>(r.integer("queues", 1, 1, 1000));
  p.script_cached = r.boolean("script_cached", false);
  p.count_startup = r.boolean("count_startup", true);
  p.runs = read_windows(r, "runs", r.default_zone());
  // Accepted, recorded, no effect on Redis traffic (see the header and docs/models.md).
  for (const char* name : {"broker_heartbeat", "broker_heartbeat_checkrate", "broker_pool_limit", "max_sleep_time",
                           "visibility_timeout", "fanout_prefix", "fanout_patterns"}) {
    if (const json* v = r.raw(name)) {
      if (!v->is_number() && !v->is_boolean())
        r.fail(name, "expected a number or a boolean (the setting is accepted but changes no Redis traffic)");
      p.no_effect.push_back(name);
    }
  }
  if (r.has("prefetch_multiplier")) p.no_effect.push_back("prefetch_multiplier (idle)");
  if (p.polling_interval && !p.polling_interval_applies()) p.no_effect.push_back("polling_interval (kombu < 5.6)");
  for (auto& t : r.objects("tasks")) {
    CeleryTaskSource s;
    static_cast<JobSource&>(s) = read_job_source_fields(t);
    s.publish = t.boolean("publish", true);
    s.caller_get = t.boolean("caller_get", false);
    if (t.has("ignore_result")) s.ignore_result = t.boolean("ignore_result", false);
    else t.raw("ignore_result");
    s.sent_event = t.boolean("sent_event", false);
    t.finish();
    p.tasks.push_back(std::move(s));
  }
  return std::make_unique<CeleryWorkerModel>(std::move(p));
}

std::vector<Knob> CeleryWorkerModel::knobs() const {
  std::vector<Knob> out;
  {
    // BRPOP's timeout: polling_interval has no effect below kombu 5.6, so older versions upgrade.
    const bool old = !p_.polling_interval_applies();
    const auto& pi = p_.polling_interval;
    Knob k = knob("polling_interval", "/polling_interval", pi ? json(sim::format_duration(*pi)) : json(nullptr),
                  &metrics::shutdown_wait);
    for (sim::Duration v : {10 * sim::kSecond, 30 * sim::kSecond}) {
      if (!old && pi && *pi >= v) continue;
      KnobCandidate c{std::string(old ? "kombu 5.6 with " : "") + "broker_transport_options polling_interval " +
                          duration_words(v) + " (BRPOP waits " + duration_words(v) + " instead of " +
                          duration_words(p_.brpop_timeout()) + ")",
                      std::string(old ? "an upgrade to kombu >= 5.6; " : "") +
                          "none in task latency (BRPOP returns when a task arrives); warm shut-down may wait up to " +
                          duration_words(v),
                      seconds_of(v), {}};
      if (old) c.sets.push_back({"/kombu_version", "5.6"});
      c.sets.push_back({"/polling_interval", sim::format_duration(v)});
      k.candidates.push_back(std::move(c));
    }
    if (!k.candidates.empty()) out.push_back(std::move(k));
  }
  if (p_.heartbeat)
    out.push_back(turn_off("heartbeat", "/heartbeat", "--without-heartbeat (no event heartbeat PUBLISH every " +
                                                          duration_words(p_.heartbeat_interval) + ")",
                           "monitors (flower, celery events) no longer see the worker's heartbeats"));
  if (p_.gossip)
    out.push_back(turn_off("gossip", "/gossip", "--without-gossip", "workers no longer follow each other's events"));
  if (p_.mingle)
    out.push_back(turn_off("mingle", "/mingle", "--without-mingle",
                           "no sync of revoked tasks and clocks with other workers at start-up"));
  if (p_.remote_control)
    out.push_back(turn_off("remote_control", "/remote_control", "worker_enable_remote_control = False (no pidbox)",
                           "celery inspect / control (ping, revoke, rate limits) no longer reach the worker"));
  const sim::Duration slow_check = 120 * sim::kSecond;
  if (p_.health_check_interval < slow_check) {
    Knob k = knob("health_check_interval", "/health_check_interval", sim::format_duration(p_.health_check_interval),
                  &metrics::detection_latency);
    k.candidates.push_back({"broker health_check_interval 120 s instead of " + duration_words(p_.health_check_interval),
                            "a dead broker connection is noticed up to 120 s late", seconds_of(slow_check),
                            {{"/health_check_interval", "120s"}}});
    out.push_back(std::move(k));
  }
  return out;
}

std::string CeleryWorkerModel::shared_state() const { return kCeleryBeatState; }

bool CeleryWorkerModel::stochastic() const { return any_stochastic(p_.tasks); }

// ---------------------------------------------------------------------------------------------
// The process

namespace {

using Task = Job;  // a task enqueued at t from source sources[source]

struct WorkerState {
  sim::Time chain_start = 0;   // BRPOPs are issued at chain_start + k*cycle until the next fetch
  sim::Time free_at = 0;       // solo: the loop is blocked until then
  std::vector<sim::Time> slot_free;
  std::priority_queue<sim::Time, std::vector<sim::Time>, std::greater<sim::Time>> inflight;  // completion times
  sim::Time last_chan = 0;     // last use of the channel's pooled connection (ack emulation)
  std::vector<sim::Time> chan_uses;
  bool result_conn = false;    // the result backend connection has been opened (SELECT on db != 0)
};

// One run of a worker component, in stages: the bundles (constructor), the tasks in arrival order,
// the callers' side, each session of the workers, and the live result keys.
class CeleryRun {
 public:
  // `beat`: the sends of the run's celery_beat components this worker runs (their LPUSH is beat's).
  CeleryRun(const CeleryWorkerParams& p, ModelContext& ctx, const std::vector<CeleryBeatSend>& beat)
      : p(p), ctx(ctx), rec(ctx.rec), comp(ctx.component), W(static_cast<std::uint32_t>(p.workers)),
        hci(p.health_check_interval), cycle(p.brpop_cycle()),
        sweep_first((p.mingle ? 90 : 100) * sim::kSecond), consume_delay(p.mingle ? sim::kSecond : 0),
        prefetch(p.pool == "solo" ? 1
                                  : (p.prefetch_multiplier == 0 ? ~std::uint64_t{0}
                                                                : static_cast<std::uint64_t>(p.prefetch_multiplier) * p.concurrency)) {
    add_beat_sources(beat);
    heartbeat_b = rec.bundle(comp, Mix().add("PUBLISH", W).v);
    pair_b = rec.bundle(comp, Mix().add("PING", 2 * W).v);
    sweep_b = rec.bundle(
        comp, Mix().add("SET").add("ZREVRANGEBYSCORE").add("EVALSHA").add("GET", 1, true).add("DEL", 1, true).times(W).v);
    append_b = rec.bundle(comp, Mix().add("MULTI").add("ZADD").add("HSET").add("EXEC").v);
    ack_b = rec.bundle(comp, Mix().add("MULTI").add("ZREM").add("HDEL").add("EXEC").v);
    result_b = rec.bundle(comp, Mix().add("GET").add("MULTI").add("SETEX").add("PUBLISH").add("EXEC").v);
    events_b = rec.bundle(comp, Mix().add("PUBLISH", 3).v);
    std::vector<CommandCount> su = celery_worker_startup(p), sd = celery_worker_shutdown(p);
    for (auto& c : su) c.count *= W;
    for (auto& c : sd) c.count *= W;
    startup_b = rec.bundle(comp, su);
    shutdown_b = rec.bundle(comp, sd);
    for (const auto& s : sources) {
      Mix m;
      m.add("LPUSH");
      if (!ignores(s)) {
        m.add("SUBSCRIBE").add("UNSUBSCRIBE");
        if (s.caller_get) m.add("GET").add("UNSUBSCRIBE");
      }
      if (s.sent_event) m.add("PUBLISH");
      publish_b.push_back(rec.bundle(comp, m.v));
    }
  }

  // Tasks, in arrival order.
  std::vector<Task> tasks_in_arrival_order() {
    std::vector<Task> tasks = generate_jobs(p.tasks, ctx);
    tasks.insert(tasks.end(), beat_jobs.begin(), beat_jobs.end());
    std::stable_sort(tasks.begin(), tasks.end(), [](const Task& a, const Task& b) { return a.t < b.t; });
    return tasks;
  }

  // The callers' side: one producer connection (health-checked after idle gaps).
  void emit_callers(const std::vector<Task>& tasks) {
    bool first = true;
    sim::Time last_pub = 0;
    bool any_result = false;
    for (const auto& s : sources)
      if (s.publish) any_result = any_result || !ignores(s);
    double extra_unsub = 0;
    for (const Task& t : tasks) {
      const auto& s = sources[t.source];
      if (!s.publish) continue;
      if (first) {
        Mix m;
        if (any_result && p.result_db != 0) m.add("SELECT");  // the caller's result consumer
        m.add("PING", 2).add("PING");
        declare(m);
        rec.emit(t.t, rec.bundle(comp, m.v));
        first = false;
      } else if (t.t - last_pub > hci) {
        rec.emit(t.t, ping_b);
      }
      last_pub = t.t;
      rec.emit(t.t, publish_b[t.source]);
      if (s.caller_get && !ignores(s)) {  // measured about 2.7 UNSUBSCRIBE per task with .get()
        extra_unsub += 0.7;
        if (extra_unsub >= 1) {
          extra_unsub -= 1;
          rec.emit(t.t, unsub_b);
        }
      }
    }
  }

  // One session of the workers, [open, close): start-up and shut-down, the tasks that arrive before
  // it closes (from tasks[*next_task] on), the rest of the BRPOP chains, and the idle traffic.
  void emit_session(sim::Time open_, sim::Time close_, const std::vector<Task>& tasks, std::size_t* next_task) {
    open = open_;
    close = close_;
    const bool real_start = open > ctx.start || p.count_startup;
    const bool real_stop = close < ctx.end;
    if (real_start) rec.emit(open, startup_b);
    if (real_stop) rec.emit(close, shutdown_b);
    consume_from = open + consume_delay;
    ws.assign(W, WorkerState{});
    for (auto& w : ws) {
      w.chain_start = consume_from;
      w.free_at = consume_from;
      w.slot_free.assign(static_cast<std::size_t>(p.concurrency), consume_from);
      w.last_chan = consume_from;
    }
    for (; *next_task < tasks.size() && tasks[*next_task].t < close; ++*next_task) consume(tasks[*next_task]);
    // The rest of each loop's BRPOP chain, until the session closes.
    for (auto& w : ws)
      if (w.chain_start < close)
        rec.emit_series(w.chain_start, cycle, static_cast<std::uint64_t>((close - 1 - w.chain_start) / cycle) + 1,
                        brpop_b);
    emit_idle();
  }

  // Live result keys (celery-task-meta-*, SETEX result_expires) sampled once per bin.
  void emit_result_keys() {
    if (results.empty()) return;
    std::sort(results.begin(), results.end());
    std::size_t added = 0, expired = 0;
    for (std::int64_t b = 0; b < rec.bins(); ++b) {
      sim::Time bin_end = rec.start() + (b + 1) * kBinWidth;
      while (added < results.size() && results[added] < bin_end) ++added;
      while (expired < added && results[expired] + p.result_expires < bin_end) ++expired;
      double keys = static_cast<double>(added - expired);
      sim::Time t = std::min(bin_end - 1, rec.end() - 1);
      rec.gauge(t, comp, Recorder::Gauge::Keys, keys);
      rec.gauge(t, comp, Recorder::Gauge::Bytes, keys * p.result_bytes);
    }
  }

 private:
  // One task source per (duration, ignore_result) of the beat sends, after the worker's own; the
  // sends become jobs of those sources.
  void add_beat_sources(const std::vector<CeleryBeatSend>& beat) {
    std::map<std::pair<sim::Duration, bool>, std::uint32_t> index;
    for (const CeleryBeatSend& b : beat) {
      auto [it, fresh] = index.try_emplace({b.duration, b.ignore_result}, static_cast<std::uint32_t>(sources.size()));
      if (fresh) {
        CeleryTaskSource s;
        s.name = "celery beat";
        s.scheduled = true;
        s.duration = b.duration;
        s.publish = false;  // counted by the beat component
        s.ignore_result = b.ignore_result;
        sources.push_back(std::move(s));
      }
      beat_jobs.push_back(Task{b.t, it->second});
    }
  }

  bool ignores(const CeleryTaskSource& s) const { return !p.result_backend || s.ignore_result.value_or(p.ignore_result); }

  sim::Time last_sweep(sim::Time t) const {
    if (!p.ack_emulation || t < open + sweep_first) return open;
    return open + sweep_first + ((t - open - sweep_first) / sweep_period) * sweep_period;
  }
  void use_chan(WorkerState& w, sim::Time t) {
    sim::Time prev = std::max(w.last_chan, last_sweep(t));
    if (t - prev > hci) rec.emit(t, ping_b);
    w.last_chan = std::max(w.last_chan, t);
    w.chan_uses.push_back(t);
  }

  // The worker that takes a task, and when: the first free loop (ties: the longest idle chain).
  std::size_t take(sim::Time a, sim::Time* when) {
    std::size_t best = 0;
    sim::Time best_f = sim::kNever;
    for (std::size_t i = 0; i < ws.size(); ++i) {
      auto& w = ws[i];
      sim::Time f;
      if (p.pool == "solo") {
        f = std::max(a, w.free_at);
      } else {
        while (!w.inflight.empty() && w.inflight.top() <= a) w.inflight.pop();
        f = w.inflight.size() < prefetch ? a : w.inflight.top();
      }
      f = std::max(f, w.chain_start);
      if (f < best_f || (f == best_f && w.chain_start < ws[best].chain_start)) {
        best_f = f;
        best = i;
      }
    }
    *when = best_f;
    return best;
  }

  // A task: the BRPOPs up to the one that returns it, execution, ack emulation, result and events.
  void consume(const Task& task) {
    const auto& src = sources[task.source];
    sim::Time f;
    WorkerState& w = ws[take(std::max(task.t, consume_from), &f)];
    // The BRPOPs this worker's loop sent up to and including the one that returns the message: the
    // wait sent at s holds the message if it arrives in (s, s + cycle], so a message arriving just
    // as a wait times out is that wait's, not the next one's (Redis serves a blocked client on the
    // LPUSH itself, before any timeout). The chain restarts at f, the new wait after the reply: a
    // floor here counted the wait that starts at f twice whenever f - chain_start was a whole number
    // of cycles (tasks every whole second on prefork: 61 BRPOP a minute where Redis saw 60).
    const sim::Duration waited = f - w.chain_start;
    auto n = std::max<std::uint64_t>(1, static_cast<std::uint64_t>((waited + cycle - 1) / cycle));
    rec.emit_series(w.chain_start, cycle, n, brpop_b);
    // Execution.
    sim::Time begin, end;
    if (p.pool == "solo") {
      begin = f;
      end = f + src.duration;
      w.free_at = end;
      w.chain_start = end + p.brpop_delivery_latency;  // the loop was blocked while the task ran
    } else {
      auto slot = std::min_element(w.slot_free.begin(), w.slot_free.end());
      begin = std::max(f, *slot);
      end = begin + src.duration;
      *slot = end;
      while (!w.inflight.empty() && w.inflight.top() <= f) w.inflight.pop();
      w.inflight.push(end);
      // The next wait goes out once the message is handed to the pool (brpop_delivery_latency); with
      // the prefetch full, when a task's ack frees a place, a hub turn (brpop_loop_latency) later.
      w.chain_start = w.inflight.size() < prefetch ? f + p.brpop_delivery_latency : w.inflight.top() + p.brpop_loop_latency;
    }
    if (p.ack_emulation) {
      use_chan(w, f);
      rec.emit(f, append_b);
    }
    if (!ignores(src)) {
      if (!w.result_conn) {
        w.result_conn = true;
        if (p.result_db != 0) rec.emit(begin, select_b);
      }
      if (p.track_started) rec.emit(begin, result_b);
      rec.emit(end, result_b);
      results.push_back(end);
    }
    if (p.task_events) rec.emit(end, events_b);
    if (p.ack_emulation) {
      use_chan(w, end);
      rec.emit(end, ack_b);
    }
  }

  // Periodic idle traffic (same phase for every worker: bundles carry the worker count).
  void emit_idle() {
    auto series = [&](sim::Time first, sim::Duration period, BundleId b) {
      if (first >= close) return;
      rec.emit_series(first, period, static_cast<std::uint64_t>((close - 1 - first) / period) + 1, b);
    };
    if (p.heartbeat) series(open + p.heartbeat_interval, p.heartbeat_interval, heartbeat_b);
    if (p.remote_control) series(open + 2 * hci, p.pidbox_period(), pair_b);
    if (p.ack_emulation && open + sweep_first < close) {
      series(open + sweep_first, sweep_period, sweep_b);
      for (auto& w : ws) emit_sweep_pings(w);
    }
  }

  // The sweep's health-check PING: only when its connection has been idle longer than hci.
  void emit_sweep_pings(WorkerState& w) {
    std::sort(w.chan_uses.begin(), w.chan_uses.end());
    std::size_t u = 0;
    sim::Time prev_use = consume_from;  // start-up declares on that connection
    sim::Time run_first = 0;
    std::uint64_t run_len = 0;
    auto flush = [&]() {
      if (run_len) rec.emit_series(run_first, sweep_period, run_len, ping_b);
      run_len = 0;
    };
    for (sim::Time s = open + sweep_first; s < close; s += sweep_period) {
      while (u < w.chan_uses.size() && w.chan_uses[u] < s) prev_use = std::max(prev_use, w.chan_uses[u++]);
      bool ping = s - prev_use > hci;
      if (ping) {
        if (!run_len) run_first = s;
        ++run_len;
      } else {
        flush();
      }
      prev_use = s;
    }
    flush();
  }

  const CeleryWorkerParams& p;
  ModelContext& ctx;
  std::vector<CeleryTaskSource> sources = p.tasks;  // the worker's own, then beat's
  std::vector<Task> beat_jobs;
  Recorder& rec;
  const int comp;
  const std::uint32_t W;
  const sim::Duration hci, cycle;
  // The sweep runs on every 10th call of a 10 s timer; mingle's reply wait makes one extra call, so
  // the first periodic sweep comes 90 s after start with mingle and 100 s without (both recorded).
  const sim::Duration sweep_period = 100 * sim::kSecond;
  const sim::Duration sweep_first;
  const sim::Duration consume_delay;  // mingle waits 1 s for replies
  const std::uint64_t prefetch;
  const BundleId brpop_b = rec.single(comp, cmd("BRPOP"));
  const BundleId ping_b = rec.single(comp, cmd("PING"));
  const BundleId select_b = rec.single(comp, cmd("SELECT"));
  const BundleId unsub_b = rec.single(comp, cmd("UNSUBSCRIBE"));
  BundleId heartbeat_b, pair_b, sweep_b, append_b, ack_b, result_b, events_b, startup_b, shutdown_b;
  std::vector<BundleId> publish_b;
  // The session being emitted.
  sim::Time open = 0, close = 0, consume_from = 0;
  std::vector<WorkerState> ws;
  std::vector<sim::Time> results;  // times results are stored (for the live-keys gauge)
};

}  // namespace

void CeleryWorkerModel::start(ModelContext& ctx) const {
  // Beat's sends are known once every component has started: run at the period start, after them.
  ctx.sim.at(ctx.start, [this, &ctx]() { run(ctx); });
}

void CeleryWorkerModel::run(ModelContext& ctx) const {
  // The first celery_worker of the run claims the sends of every celery_beat.
  std::vector<CeleryBeatSend> beat;
  auto slot = ctx.shared.objects.find(kCeleryBeatState);
  if (slot != ctx.shared.objects.end() && slot->second) {
    auto& sends = *static_cast<CeleryBeatSends*>(slot->second.get());
    if (!sends.claimed) {
      sends.claimed = true;
      beat = sends.sends;
      std::stable_sort(beat.begin(), beat.end(), [](const CeleryBeatSend& a, const CeleryBeatSend& b) { return a.t < b.t; });
    }
  }
  CeleryRun run(p_, ctx, beat);
  const std::vector<Task> tasks = run.tasks_in_arrival_order();
  run.emit_callers(tasks);
  // Sessions: when the worker runs.
  std::vector<std::pair<sim::Time, sim::Time>> sessions;
  if (p_.runs.always()) sessions.push_back({ctx.start, ctx.end});
  else sessions = p_.runs.intervals(ctx.start, ctx.end);
  std::size_t next_task = 0;
  for (const auto& session : sessions) run.emit_session(session.first, session.second, tasks, &next_task);
  run.emit_result_keys();
}

}  // namespace core
