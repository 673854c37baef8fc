#include "core/models/celery_beat.hpp"

#include <algorithm>

namespace core {

std::unique_ptr<Model> parse_celery_beat(Reader& r) {
  CeleryBeatParams p;
  p.result_backend = r.boolean("result_backend", true);
  p.ignore_result = r.boolean("ignore_result", false);
  p.result_db = static_cast<int>(r.integer("result_db", 0, 0, 15));
  p.health_check_interval = r.duration("health_check_interval", 25 * sim::kSecond);
  if (p.health_check_interval <= 0) r.fail("health_check_interval", "expected a positive duration (kombu's default is 25s)");
  p.count_startup = r.boolean("count_startup", true);
  p.max_loop_interval = r.duration("max_loop_interval", 300 * sim::kSecond);
  for (auto& e : r.objects("entries")) {
    CeleryBeatEntry en;
    en.name = e.string("name", "");
    e.string("task", "");  // informational
    en.schedule = read_schedule(e.object("schedule"), e.default_zone());
    if (e.has("ignore_result")) en.ignore_result = e.boolean("ignore_result", false);
    else e.raw("ignore_result");
    en.duration = e.duration("duration", en.duration);
    if (en.duration < 0) e.fail("duration", "expected a duration of zero or more");
    e.finish();
    p.entries.push_back(std::move(en));
  }
  return std::make_unique<CeleryBeatModel>(std::move(p));
}

std::vector<CeleryBeatSend> celery_beat_sends(const CeleryBeatParams& p, sim::Time start, sim::Time end) {
  std::vector<CeleryBeatSend> sends;
  for (const auto& e : p.entries) {
    const bool ignore = !p.result_backend || e.ignore_result.value_or(p.ignore_result);
    std::vector<sim::Time> times = sim::fire_times(anchored(e.schedule, start), sim::WindowSet{}, start, end);
    if (auto* iv = std::get_if<sim::IntervalSchedule>(&e.schedule.kind())) {
      // Beat starts at start + phase; its first send of the entry is one interval later.
      const sim::Time first = start + iv->phase + iv->period;
      times.erase(times.begin(), std::lower_bound(times.begin(), times.end(), first));
    }
    for (sim::Time t : times) sends.push_back(CeleryBeatSend{t, e.duration, ignore});
  }
  std::stable_sort(sends.begin(), sends.end(), [](const CeleryBeatSend& a, const CeleryBeatSend& b) { return a.t < b.t; });
  return sends;
}

void CeleryBeatModel::start(ModelContext& ctx) const {
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  const CommandId PING = *find_command("PING"), LPUSH = *find_command("LPUSH"), SUB = *find_command("SUBSCRIBE"),
                  UNSUB = *find_command("UNSUBSCRIBE"), MULTI = *find_command("MULTI"), LLEN = *find_command("LLEN"),
                  EXEC = *find_command("EXEC"), SADD = *find_command("SADD"), SELECT = *find_command("SELECT");
  const std::vector<CeleryBeatSend> sends = celery_beat_sends(p_, ctx.start, ctx.end);

  // The worker's side: the first celery_worker of the run claims these sends.
  auto& slot = ctx.shared.objects[kCeleryBeatState];
  if (!slot) slot = std::make_shared<CeleryBeatSends>();
  auto& shared = *static_cast<CeleryBeatSends*>(slot.get());
  shared.sends.insert(shared.sends.end(), sends.begin(), sends.end());

  const BundleId ping_b = rec.single(comp, PING);
  const BundleId send_plain = rec.single(comp, LPUSH);
  const BundleId send_result = rec.bundle(comp, {CommandCount{LPUSH, 1}, CommandCount{SUB, 1}, CommandCount{UNSUB, 1}});
  sim::Time last = 0;
  bool first = true, result_conn = false;
  for (const CeleryBeatSend& s : sends) {
    if (first) {
      // The lazy connection set-up: channel PINGs, the pooled connection's health check, the declare.
      if (p_.count_startup)
        rec.emit(s.t, rec.bundle(comp, {CommandCount{PING, 3}, CommandCount{MULTI, 1}, CommandCount{LLEN, 4},
                                        CommandCount{EXEC, 1}, CommandCount{SADD, 1}}));
      first = false;
    } else if (s.t - last > p_.health_check_interval) {
      rec.emit(s.t, ping_b);
    }
    if (!s.ignore_result && !result_conn) {
      result_conn = true;  // the result consumer connects at the first send that keeps its result
      if (p_.result_db != 0 && p_.count_startup) rec.emit(s.t, rec.single(comp, SELECT));
    }
    rec.emit(s.t, s.ignore_result ? send_plain : send_result);
    last = s.t;
  }
}

}  // namespace core
