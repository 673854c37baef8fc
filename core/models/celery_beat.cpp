#include "core/models/celery_beat.hpp"

#include <algorithm>

namespace core {

std::unique_ptr<Model> parse_celery_beat(Reader& r) {
  CeleryBeatParams p;
  p.result_backend = r.boolean("result_backend", true);
  p.ignore_result = r.boolean("ignore_result", false);
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
    e.finish();
    p.entries.push_back(std::move(en));
  }
  return std::make_unique<CeleryBeatModel>(std::move(p));
}

void CeleryBeatModel::start(ModelContext& ctx) const {
  Recorder& rec = ctx.rec;
  const int comp = ctx.component;
  const CommandId PING = *find_command("PING"), LPUSH = *find_command("LPUSH"), SUB = *find_command("SUBSCRIBE"),
                  UNSUB = *find_command("UNSUBSCRIBE"), MULTI = *find_command("MULTI"), LLEN = *find_command("LLEN"),
                  EXEC = *find_command("EXEC"), SADD = *find_command("SADD");
  if (p_.count_startup) rec.emit(ctx.start, rec.bundle(comp, {CommandCount{PING, 3}}));
  const BundleId declare_b =
      rec.bundle(comp, {CommandCount{MULTI, 1}, CommandCount{LLEN, 4}, CommandCount{EXEC, 1}, CommandCount{SADD, 1}});
  const BundleId ping_b = rec.single(comp, PING);
  const BundleId send_plain = rec.single(comp, LPUSH);
  const BundleId send_result = rec.bundle(comp, {CommandCount{LPUSH, 1}, CommandCount{SUB, 1}, CommandCount{UNSUB, 1}});

  struct Send {
    sim::Time t;
    bool result;
  };
  std::vector<Send> sends;
  for (const auto& e : p_.entries) {
    bool result = p_.result_backend && !e.ignore_result.value_or(p_.ignore_result);
    for (sim::Time t : sim::fire_times(anchored(e.schedule, ctx.start), sim::WindowSet{}, ctx.start, ctx.end))
      sends.push_back(Send{t, result});
  }
  std::stable_sort(sends.begin(), sends.end(), [](const Send& a, const Send& b) { return a.t < b.t; });
  sim::Time last = ctx.start;  // the start-up PINGs used the pool's connection
  bool first = true;
  for (const Send& s : sends) {
    if (s.t - last > p_.health_check_interval) rec.emit(s.t, ping_b);
    if (first) {
      rec.emit(s.t, declare_b);
      first = false;
    }
    rec.emit(s.t, s.result ? send_result : send_plain);
    last = s.t;
  }
}

}  // namespace core
