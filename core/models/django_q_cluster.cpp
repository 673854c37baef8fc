#include "core/models/django_q_cluster.hpp"

#include <algorithm>

#include "core/models/blocking_pop.hpp"
#include "core/models/celery_worker.hpp"  // parse_major_minor
#include "core/models/command_mix.hpp"
#include "core/models/no_effect.hpp"
#include "core/models/duration_amount.hpp"

namespace core {

namespace {

// The Redis broker's BLPOP timeout (brokers/redis_broker.py Redis.dequeue: blpop(list_key, 1)).
constexpr sim::Duration kDequeueTimeout = sim::kSecond;
// Measured on loopback against redis-server 7.0.15 (django-q-1.3.9-idle-12min): the guard's SETs are
// 0.504 s apart at guard_cycle 0.5 (its checks and the signed Stat), 2.004 s at 2; the pusher's
// BLPOPs 1.01 s apart.
constexpr sim::Duration kGuardWork = 4 * sim::kMillisecond;
constexpr sim::Duration kPusherLatency = 10 * sim::kMillisecond;
// The first guard save and the first BLPOP come this long after the cluster's PING (recorded:
// 0.07 s and 0.05 s).
constexpr sim::Duration kGuardStart = 70 * sim::kMillisecond;
constexpr sim::Duration kPusherStart = 50 * sim::kMillisecond;

}  // namespace

sim::Duration DjangoQClusterParams::guard_period() const { return guard_cycle + kGuardWork; }
sim::Duration DjangoQClusterParams::pusher_cycle() const { return kDequeueTimeout + kPusherLatency; }

std::vector<CommandCount> django_q_cluster_startup(const DjangoQClusterParams&) {
  CommandMix m;
  m.add("PING").add("SET", 2);  // the broker check; spawn_cluster's status saves
  return m.commands();
}

std::vector<CommandCount> django_q_cluster_job_producer(const DjangoQClusterParams&) {
  CommandMix m;
  m.add("RPUSH");  // async_task -> Redis.enqueue
  return m.commands();
}

std::unique_ptr<Model> parse_django_q_cluster(Reader& r) {
  DjangoQClusterParams p;
  p.clusters = static_cast<int>(r.integer("clusters", 1, 1, 10000));
  if (r.has("workers")) p.no_effect.push_back("workers");
  p.workers = static_cast<int>(r.integer("workers", 1, 1, 10000));
  p.django_q_version = r.string("django_q_version", "1.3.9");
  int major = 0, minor = 0;
  if (!parse_major_minor(p.django_q_version, &major, &minor))
    r.fail("django_q_version", "expected a version like \"1.3.9\"");
  if (major != 1)
    r.fail("django_q_version", "django-q 1.x (1.3.9 recorded); " + std::to_string(major) + ".x is not modelled");
  p.guard_cycle = r.duration("guard_cycle", 500 * sim::kMillisecond);
  if (p.guard_cycle < sim::kMillisecond)
    r.fail("guard_cycle", "expected a duration of at least 1ms (django-q's default is 0.5 s)");
  p.count_startup = r.boolean("count_startup", true);
  // Accepted, no effect on the Redis broker's traffic (see the header and docs/models.md).
  for (const char* name : {"poll", "timeout", "retry"}) accept_no_effect(r, name, SettingKind::PositiveDuration, p.no_effect);
  for (const char* name : {"save_limit", "queue_limit", "bulk"}) accept_no_effect(r, name, SettingKind::Integer, p.no_effect);
  for (const char* name : {"scheduler", "sync"}) accept_no_effect(r, name, SettingKind::Boolean, p.no_effect);
  p.tasks = read_job_sources(r);
  return std::make_unique<DjangoQClusterModel>(std::move(p));
}

// guard_cycle: the Sentinel's loop. Each turn saves the status (SET ... EX 3) and restarts a dead
// pusher, monitor or worker; so a longer cycle means fewer SETs and later restarts. The status key
// lives 3 s, so past 3 s qinfo/qmonitor would see the cluster vanish between saves: no candidate
// reaches it. The pusher's 1 s BLPOP is the Redis broker's constant and `poll` is not read by the
// Redis broker (it is in no_effect): neither is a knob.
std::vector<Knob> DjangoQClusterModel::knobs() const {
  std::vector<Knob> out;
  Knob k = knob("guard_cycle", "/guard_cycle", sim::format_duration(p_.guard_cycle), &metrics::detection_latency);
  for (sim::Duration v : {sim::kSecond, 2 * sim::kSecond, 2500 * sim::kMillisecond}) {
    if (v <= p_.guard_cycle) continue;
    k.candidates.push_back({"Q_CLUSTER guard_cycle " + duration_amount(v) + " instead of " + duration_amount(p_.guard_cycle),
                            "a dead worker, pusher or monitor is restarted up to " + duration_amount(v) + " after it died instead of " +
                                duration_amount(p_.guard_cycle),
                            seconds_of(v), {{"/guard_cycle", sim::format_duration(v)}}});
  }
  if (!k.candidates.empty()) out.push_back(std::move(k));
  return out;
}

void DjangoQClusterModel::start(ModelContext& ctx) const {
  const DjangoQClusterParams& p = p_;
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  const sim::Time open = ctx.start, close = ctx.end;
  const auto C = static_cast<std::uint32_t>(p.clusters);
  const sim::Duration guard = p.guard_period(), cycle = p.pusher_cycle();

  auto series = [&](sim::Time first, sim::Duration period, BundleId b) { emit_until(rec, first, period, close, b); };
  auto per_cluster = [&](const char* name) {
    return rec.bundle(comp, CommandMix{}.add(name, C).commands());
  };

  if (p.count_startup) {
    std::vector<CommandCount> su = django_q_cluster_startup(p);
    for (auto& c : su) c.count *= C;
    rec.emit(open, rec.bundle(comp, std::move(su)));
  }
  series(open + kGuardStart, guard, per_cluster("SET"));

  // The pushers' BLPOP chains. A task goes to the cluster whose current BLPOP was sent first (Redis
  // serves waiters in order); the pusher hands it on at once and sends its next BLPOP.
  const std::vector<Job> jobs = generate_jobs(p.tasks, ctx);
  if (jobs.empty()) {
    series(open + kPusherStart, cycle, per_cluster("BLPOP"));
    return;
  }
  const BundleId blpop_b = rec.single(comp, *find_command("BLPOP"));
  const BundleId producer_b = rec.bundle(comp, django_q_cluster_job_producer(p));
  BlockedConsumers chains(C, open + kPusherStart, cycle);
  for (const Job& job : jobs) {
    if (job.t >= close) break;
    rec.emit(job.t, producer_b);
    const std::size_t i = chains.pick(job.t);
    const sim::Time from = chains[i].chain_start, a = std::max(job.t, from);
    rec.emit_series(from, cycle, static_cast<std::uint64_t>((a - from) / cycle) + 1, blpop_b);
    chains.busy_until(i, a);  // the pusher hands the task on at once and sends its next BLPOP
  }
  for (std::size_t i = 0; i < chains.size(); ++i) series(chains[i].chain_start, cycle, blpop_b);
}

}  // namespace core
