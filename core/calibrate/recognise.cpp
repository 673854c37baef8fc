#include "core/calibrate/recognise.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/format/format.hpp"

namespace core::calibrate {

double nice_period(double s) {
  for (double g : {60.0, 30.0, 10.0, 5.0, 1.0, 0.5, 0.1, 0.05, 0.01, 0.005, 0.001}) {
    const double r = std::round(s / g) * g;
    if (r > 0 && std::fabs(r - s) <= 0.01 * s) return r;
  }
  return std::round(s * 1000) / 1000;
}

double active_s(const replay::LoopRow& l) { return l.last_s - l.first_s + l.period_s; }

bool spans_window(const replay::LoopRow& l, double steady_s) { return steady_s <= 0 || active_s(l) >= 0.9 * steady_s; }

std::string duration_text(double s) {
  if (s >= 1 && std::fabs(s - std::round(s)) < 1e-9) return std::to_string(static_cast<long long>(std::round(s))) + "s";
  std::string t = format::fixed(s * 1000, 0);
  return t + "ms";
}

namespace {

bool has(const std::string& s, const std::string& sub) { return s.find(sub) != std::string::npos; }
bool starts(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool ends(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

std::string loop_text(const replay::LoopRow& l) {
  return "loop: " + l.signature + " every " + format::duration(l.period_s) + " on " + l.client + " (" +
         format::grouped(static_cast<double>(l.cycles)) + " cycles, " + format::fixed(l.commands_per_cycle, 0) +
         " commands per cycle)";
}
std::string pop_text(const BlockingPop& p) {
  return "line " + std::to_string(p.example.line) + ": " + p.example.text + " (" + p.command + " " + p.key +
         " from " + std::to_string(p.peers.size()) + " connection(s), timeout " + format::fixed(p.timeout_s(), 3) + " s)";
}

struct Ctx {
  const replay::ReplayReport& r;
  const CaptureEvidence& e;
  std::vector<const BlockingPop*> pops(const std::function<bool(const BlockingPop&)>& f) const {
    std::vector<const BlockingPop*> out;
    for (const auto& p : e.pops)
      if (f(p)) out.push_back(&p);
    return out;
  }
  std::vector<const replay::LoopRow*> loops(const std::function<bool(const std::string&)>& f) const {
    std::vector<const replay::LoopRow*> out;
    for (const auto& l : r.loops)
      if (f(l.signature)) out.push_back(&l);
    return out;
  }
  bool pattern(const std::function<bool(const std::string&)>& f) const {
    return std::any_of(r.patterns.begin(), r.patterns.end(), [&](const replay::PatternRow& p) { return f(p.pattern); });
  }
};

// Jobs seen: the enqueue command on the queue's key (RPUSH rq:queue:<q>, LPUSH queue:<q>), over
// the capture's span. The library's model then counts each job's own commands (worker and
// producer side), so the per-job cost is the model's, and what it misses shows in the remainder.
void add_jobs(const Ctx& x, CalibratedComponent& c, const std::string& pattern, const std::string& command) {
  bool on_queue = false;
  for (const auto& p : x.r.patterns)
    if (p.pattern == pattern)
      for (const auto& [cmd, n] : p.top) on_queue |= (cmd == command && n >= 2);
  if (!on_queue) return;
  // Jobs sent by a loop that runs through the window (celery beat, a timer in the app) come at the
  // loop's period: a window of 4 min holds 23 or 24 sends of a 10 s entry, and the window's count
  // (one every 10.35 s) would put an extra wait in every gap of the worker's 1 s fetch loop.
  for (const auto& l : x.r.loops)
    for (const auto& m : l.members)
      if (m.command == command && m.subject == pattern && m.per_cycle >= 1 && l.cycles >= 3 &&
          spans_window(l, x.r.projection.steady_s)) {
        const double every = nice_period(l.period_s) / m.per_cycle;
        c.fitted["tasks"] = json::array({{{"name", "jobs"}, {"schedule", {{"every", duration_text(every)}}}}});
        c.evidence.push_back("jobs: " + command + " " + pattern + " sent by a loop every " + format::duration(l.period_s) +
                             " on " + l.client + " (" + std::to_string(l.cycles) + " cycles, " +
                             format::fixed(m.per_cycle, 0) + " per cycle): one every " + format::fixed(every, 3) + " s");
        return;
      }
  // Otherwise the rate is the command's steady rate (the same window the check compares against),
  // not the count over the whole capture, which includes the minutes before the first job.
  for (const auto& row : x.r.commands)
    if (row.name == command && row.steady_per_min > 0) {
      const double every = 60.0 / row.steady_per_min;
      c.fitted["tasks"] = json::array({{{"name", "jobs"}, {"schedule", {{"every", duration_text(every)}}}}});
      c.evidence.push_back("jobs: " + format::fixed(row.steady_per_min, 2) + " " + command + " " + pattern +
                           " per minute in the steady window, one every " + format::fixed(every, 3) + " s");
    }
}

// The parts every recogniser fills the same way.
CalibratedComponent start(const std::string& name, const std::string& type, const BlockingPop& pop) {
  CalibratedComponent c;
  c.name = name;
  c.type = type;
  c.evidence.push_back(pop_text(pop));
  c.fitted = json::object();
  c.fitted["name"] = name;
  c.fitted["type"] = type;
  return c;
}
void claim(CalibratedComponent& c, const std::vector<const replay::LoopRow*>& loops) {
  for (const auto* l : loops) {
    c.loops.push_back(l->signature + " @ " + l->client);
    c.evidence.push_back(loop_text(*l));
  }
}
void finish(CalibratedComponent& c, const std::string& capture_note) {
  c.fitted["count_startup"] = false;  // a capture's steady state: no start-up in the rates compared
  std::string d = "Recognised (confidence " + format::fixed(c.confidence, 2) + ") from " + capture_note;
  for (std::size_t i = 0; i < c.evidence.size() && i < 3; ++i) d += (i ? "; " : ": ") + c.evidence[i];
  c.fitted["description"] = d;
}
int peers(const std::vector<const BlockingPop*>& ps) {
  std::set<std::string> all;
  for (const auto* p : ps) all.insert(p->peers.begin(), p->peers.end());
  return static_cast<int>(all.size());
}

void rq(const Ctx& x, std::vector<CalibratedComponent>& out) {
  auto ps = x.pops([](const BlockingPop& p) { return p.command == "BLPOP" && starts(p.key, "rq:queue:"); });
  if (ps.empty()) return;
  auto c = start("rq-worker", "rq_worker", *ps.front());
  const double t = ps.front()->timeout_s();
  c.fitted["workers"] = peers(ps);
  c.fitted["queues"] = ps.front()->keys;
  // rq/worker.py: dequeue_timeout = max(1, worker_ttl - 15), so the BLPOP's timeout gives the TTL.
  if (t >= 1) c.fitted["worker_ttl"] = duration_text(t + 15);
  add_jobs(x, c, ps.front()->key, "RPUSH");
  auto loops = x.loops([](const std::string& s) { return has(s, "rq:"); });
  c.confidence = 0.7 + (loops.empty() ? 0 : 0.15) + (x.pattern([](const std::string& p) { return starts(p, "rq:worker"); }) ? 0.15 : 0);
  claim(c, loops);
  finish(c, "RQ's dequeue BLPOP on rq:queue:* (timeout = worker_ttl - 15 s)");
  out.push_back(std::move(c));
}

void sidekiq(const Ctx& x, std::vector<CalibratedComponent>& out) {
  auto ps = x.pops([](const BlockingPop& p) { return p.command == "BRPOP" && starts(p.key, "queue:"); });
  if (ps.empty()) return;
  auto c = start("sidekiq", "sidekiq", *ps.front());
  auto beats = x.loops([](const std::string& s) { return has(s, "SADD processes"); });
  const int threads = peers(ps);
  // Processes: heartbeat loops running at once. A process's heartbeat can move to another
  // connection (a reconnect), so count heartbeat-time over the capture, not loops.
  double beat_time = 0;
  for (const auto* l : beats) beat_time += static_cast<double>(l->cycles) * l->period_s;
  const int procs = std::max(1, static_cast<int>(std::lround(beat_time / std::max(1.0, x.r.span_s))));
  c.fitted["workers"] = procs;
  c.fitted["concurrency"] = std::max(1, static_cast<int>(std::lround(static_cast<double>(threads) / procs)));
  c.fitted["queues"] = ps.front()->keys;
  add_jobs(x, c, ps.front()->key, "LPUSH");
  // The scheduled/retry poller waits a random time: no loop to read, but its rate is its count (one
  // SCARD processes per poll, cluster-wide) and the mean wait per process is processes / rate.
  for (const auto& row : x.r.commands)
    if (row.name == "SCARD" && row.steady_per_min > 0 && x.r.projection.steady_s >= 60) {
      const double mean_s = procs * 60.0 / row.steady_per_min;
      c.fitted["poll_interval_average"] = duration_text(std::round(mean_s * 1000) / 1000);
      c.evidence.push_back("scheduled-jobs poller: " + format::fixed(row.steady_per_min, 2) +
                           " SCARD processes per minute, a mean wait of " + format::fixed(mean_s, 3) + " s per process");
    }
  auto loops = x.loops([](const std::string& s) {
    return has(s, "BRPOP queue:") || has(s, "LPUSH queue:") || has(s, "processes") || has(s, "stat:") || has(s, "retry") || has(s, "schedule");
  });
  // The 2 s fetch timeout is a constant in Sidekiq 6 (BasicFetch::TIMEOUT): another one is not 6.x.
  c.confidence = (ps.front()->timeout_s() == 2 ? 0.7 : 0.4) + (beats.empty() ? 0 : 0.3);
  claim(c, loops);
  finish(c, "Sidekiq's fetch BRPOP queue:* 2 per processor thread and its heartbeat (SADD processes) per process");
  out.push_back(std::move(c));
}

const replay::LoopRow* period_loop(const std::vector<const replay::LoopRow*>& loops) {
  return loops.empty() ? nullptr : *std::max_element(loops.begin(), loops.end(), [](auto* a, auto* b) { return a->cycles < b->cycles; });
}

void celery(const Ctx& x, std::vector<CalibratedComponent>& out) {
  auto ps = x.pops([](const BlockingPop& p) { return p.command == "BRPOP" && (p.key == "celery" || starts(p.key, "celery")) && !starts(p.key, "celery-task-meta"); });
  if (!ps.empty()) {
    auto c = start("celery-worker", "celery_worker", *ps.front());
    c.fitted["workers"] = peers(ps);
    c.fitted["queues"] = ps.front()->keys;
    const double t = ps.front()->timeout_s();
    // kombu before 5.6 always waits 1 s; another timeout is kombu 5.6's polling_interval.
    if (t > 0 && std::fabs(t - 1) > 1e-9) {
      c.fitted["kombu_version"] = "5.6";
      c.fitted["polling_interval"] = duration_text(t);
    } else {
      c.fitted["kombu_version"] = "5.2";
    }
    auto hb = x.loops([](const std::string& s) { return has(s, "heartbeat"); });
    const bool heartbeat = !hb.empty();
    c.fitted["heartbeat"] = heartbeat;
    if (heartbeat) c.fitted["heartbeat_interval"] = duration_text(nice_period(period_loop(hb)->period_s));
    // Gossip and mingle need the event dispatcher; without heartbeats they were switched off with it
    // (--without-heartbeat --without-gossip --without-mingle is the usual trio).
    c.fitted["gossip"] = heartbeat;
    c.fitted["mingle"] = heartbeat;
    auto pings = x.loops([](const std::string& s) { return s == "PING"; });
    c.fitted["remote_control"] = !pings.empty();
    if (!pings.empty()) c.fitted["health_check_interval"] = duration_text(nice_period(period_loop(pings)->period_s));
    // Tasks sent to the queue (LPUSH celery) are the worker's tasks, with the caller's side
    // counted by the model (publish): a beat that sends them is then not modelled apart.
    add_jobs(x, c, ps.front()->key, "LPUSH");
    const bool tasks = c.fitted.contains("tasks");
    auto loops = x.loops([](const std::string& s) {
      return has(s, "celery") || has(s, "_kombu") || has(s, "unacked") || s == "PING";
    });
    if (!tasks)
      loops.erase(std::remove_if(loops.begin(), loops.end(), [](auto* l) { return has(l->signature, "LPUSH celery"); }), loops.end());
    c.confidence = 0.7 + (heartbeat || !pings.empty() ? 0.2 : 0) +
                   (x.pattern([](const std::string& p) { return has(p, "_kombu") || has(p, "unacked"); }) ? 0.1 : 0);
    claim(c, loops);
    finish(c, "kombu's BRPOP on the celery queue (1 s before kombu 5.6), its heartbeat PUBLISH and the pidbox health-check PINGs");
    out.push_back(std::move(c));
    if (tasks) return;
  }
  // Beat: LPUSH celery on a loop of its own (one loop per beat_schedule entry).
  auto sends = x.loops([](const std::string& s) { return starts(s, "LPUSH celery"); });
  if (sends.empty()) return;
  CalibratedComponent b;
  b.name = "celery-beat";
  b.type = "celery_beat";
  b.fitted = json::object({{"name", b.name}, {"type", b.type}});
  json entries = json::array();
  int i = 0;
  for (const auto* l : sends) {
    const double p = nice_period(l->period_s);
    entries.push_back({{"name", "entry-" + std::to_string(++i)}, {"task", "task-" + std::to_string(i)},
                       {"schedule", {{"every", duration_text(p)}}}});
  }
  b.fitted["entries"] = entries;
  auto results = x.loops([](const std::string& s) { return has(s, "SUBSCRIBE celery-task-meta"); });
  b.fitted["result_backend"] = !results.empty();
  sends.insert(sends.end(), results.begin(), results.end());
  b.confidence = 0.6 + (results.empty() ? 0 : 0.2);
  claim(b, sends);
  finish(b, "periodic LPUSH celery sends (one loop per beat entry) and the result SUBSCRIBE/UNSUBSCRIBE");
  out.push_back(std::move(b));
}

void bullmq(const Ctx& x, std::vector<CalibratedComponent>& out) {
  auto ps = x.pops([](const BlockingPop& p) { return p.command == "BZPOPMIN" && ends(p.key, ":marker"); });
  if (ps.empty()) return;
  auto c = start("bullmq-worker", "bullmq_worker", *ps.front());
  const std::string prefix = ps.front()->key.substr(0, ps.front()->key.size() - std::string("marker").size());
  c.fitted["workers"] = peers(ps);
  const double t = ps.front()->timeout_s();
  if (t > 0) c.fitted["drain_delay"] = duration_text(t);
  auto stalled = x.loops([&](const std::string& s) { return has(s, prefix + "stalled"); });
  if (stalled.empty()) c.fitted["skip_stalled_check"] = true;
  else c.fitted["stalled_interval"] = duration_text(nice_period(period_loop(stalled)->period_s - 0.005));
  add_jobs(x, c, prefix + "wait", "LPUSH");  // addStandardJob's LPUSH <q>:wait, one per job
  auto loops = x.loops([&](const std::string& s) { return has(s, prefix); });
  c.confidence = 0.8 + (loops.size() > 1 ? 0.2 : 0);
  claim(c, loops);
  finish(c, "BullMQ's BZPOPMIN <queue>:marker <drainDelay> fetch and its stalled-jobs check");
  out.push_back(std::move(c));
}

void bull(const Ctx& x, std::vector<CalibratedComponent>& out) {
  auto ps = x.pops([](const BlockingPop& p) { return p.command == "BRPOPLPUSH" && starts(p.key, "bull:") && ends(p.key, ":wait"); });
  if (ps.empty()) return;
  auto c = start("bull-worker", "bull_worker", *ps.front());
  const std::string prefix = ps.front()->key.substr(0, ps.front()->key.size() - std::string("wait").size());
  c.fitted["workers"] = peers(ps);
  const double t = ps.front()->timeout_s();
  if (t > 0) c.fitted["drain_delay"] = duration_text(t);
  auto stalled = x.loops([&](const std::string& s) { return has(s, prefix + "stalled"); });
  if (!stalled.empty()) c.fitted["stalled_interval"] = duration_text(nice_period(period_loop(stalled)->period_s));
  auto guard = x.loops([&](const std::string& s) { return starts(s, "EVALSHA " + prefix + "delayed"); });
  if (!guard.empty()) c.fitted["guard_interval"] = duration_text(nice_period(period_loop(guard)->period_s));
  add_jobs(x, c, prefix + "wait", "LPUSH");  // addJob's LPUSH <q>:wait, one per job
  auto loops = x.loops([&](const std::string& s) { return has(s, prefix); });
  c.confidence = 0.8 + (stalled.empty() ? 0 : 0.1) + (guard.empty() ? 0 : 0.1);
  claim(c, loops);
  finish(c, "Bull's BRPOPLPUSH <queue>:wait <queue>:active <drainDelay>, its guard (delayed) and stalled-jobs loops");
  out.push_back(std::move(c));
}

void bee_queue(const Ctx& x, std::vector<CalibratedComponent>& out) {
  auto ps = x.pops([](const BlockingPop& p) { return p.command == "BRPOPLPUSH" && starts(p.key, "bq:") && ends(p.key, ":waiting"); });
  if (ps.empty()) return;
  auto c = start("bee-queue-worker", "bee_queue_worker", *ps.front());
  const std::string prefix = ps.front()->key.substr(0, ps.front()->key.size() - std::string("waiting").size());
  c.fitted["workers"] = peers(ps);
  // queue.checkStalledJobs(interval): EVALSHA on <q>:stallBlock every interval + 10 ms (measured).
  auto stalled = x.loops([&](const std::string& s) { return has(s, prefix + "stallBlock"); });
  if (!stalled.empty())
    c.fitted["check_stalled_interval"] = duration_text(nice_period(period_loop(stalled)->period_s - 0.010));
  add_jobs(x, c, prefix + "id", "INCR");  // addJob's INCR bq:<q>:id, one per job
  auto loops = x.loops([&](const std::string& s) { return has(s, prefix); });
  c.confidence = 0.8 + (x.pattern([&](const std::string& p) { return starts(p, prefix); }) ? 0.1 : 0);
  claim(c, loops);
  finish(c, "Bee-Queue's BRPOPLPUSH bq:<queue>:waiting bq:<queue>:active 0");
  out.push_back(std::move(c));
}

void django_q(const Ctx& x, std::vector<CalibratedComponent>& out) {
  auto ps = x.pops([](const BlockingPop& p) { return p.command == "BLPOP" && starts(p.key, "django_q:") && ends(p.key, ":q"); });
  if (ps.empty()) return;
  auto c = start("django-q-cluster", "django_q_cluster", *ps.front());
  auto guards = x.loops([](const std::string& s) { return starts(s, "SET django_q:") && has(s, ":cluster"); });
  c.fitted["clusters"] = std::max<int>(1, static_cast<int>(guards.size()));
  if (!guards.empty()) c.fitted["guard_cycle"] = duration_text(nice_period(period_loop(guards)->period_s));
  add_jobs(x, c, ps.front()->key, "RPUSH");  // async_task's RPUSH django_q:<name>:q
  auto loops = x.loops([](const std::string& s) { return has(s, "django_q:"); });
  c.confidence = 0.7 + (guards.empty() ? 0 : 0.3);
  claim(c, loops);
  finish(c, "django-q's BLPOP django_q:<name>:q and the cluster's guard SET django_q:<name>:cluster:<id> per guard_cycle");
  out.push_back(std::move(c));
}

}  // namespace

std::vector<CalibratedComponent> recognise(const replay::ReplayReport& r, const CaptureEvidence& e) {
  Ctx x{r, e};
  std::vector<CalibratedComponent> out;
  celery(x, out);
  rq(x, out);
  sidekiq(x, out);
  bullmq(x, out);
  bull(x, out);
  bee_queue(x, out);
  django_q(x, out);
  return out;
}

}  // namespace core::calibrate
