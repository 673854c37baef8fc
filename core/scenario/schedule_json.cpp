#include "core/scenario/schedule_json.hpp"

#include <string>

namespace core {

sim::Schedule read_schedule(const Reader& r, const sim::TimeZone& default_zone) {
  int kinds = r.has("every") + r.has("cron") + r.has("aps");
  if (kinds != 1) r.fail("", "expected exactly one of \"every\", \"cron\" or \"aps\" in a schedule");
  if (r.has("every")) {
    if (r.has("zone")) r.fail("zone", "an interval schedule (\"every\") runs in absolute time; a zone applies to \"cron\" and \"aps\" schedules only");
    sim::IntervalSchedule s;
    s.period = r.duration("every");
    if (s.period <= 0) r.fail("every", "expected a positive duration");
    s.phase = r.duration("phase", 0);
    r.finish();
    return s;
  }
  sim::TimeZone zone = r.zone("zone", default_zone);
  if (r.has("cron")) {
    std::string expr = r.string("cron");
    auto parsed = sim::CronSchedule::parse(expr, zone);
    if (auto* err = std::get_if<std::string>(&parsed)) r.fail("cron", "bad cron expression \"" + expr + "\": " + *err);
    r.finish();
    return std::get<sim::CronSchedule>(parsed);
  }
  sim::ApsFields fields;
  const json* aps = r.raw("aps");
  if (aps->is_string()) {
    auto parsed = sim::ApsCronSchedule::parse_fields(aps->get<std::string>());
    if (auto* err = std::get_if<std::string>(&parsed)) r.fail("aps", "bad APScheduler cron fields: " + *err);
    fields = std::get<sim::ApsFields>(parsed);
  } else if (aps->is_object()) {
    Reader a(*aps, r.child_pointer("aps"));
    auto field = [&](const char* name, std::optional<std::string>& out) {
      const json* v = a.raw(name);
      if (!v) return;
      if (v->is_number_integer()) out = std::to_string(v->get<long long>());
      else if (v->is_string()) out = v->get<std::string>();
      else a.fail(name, "expected a string or an integer");
    };
    field("year", fields.year);
    field("month", fields.month);
    field("day", fields.day);
    field("week", fields.week);
    field("day_of_week", fields.day_of_week);
    field("hour", fields.hour);
    field("minute", fields.minute);
    field("second", fields.second);
    a.finish();
  } else {
    r.fail("aps", "expected an object of CronTrigger fields or a string like \"day=*/3,hour=23,minute=59\"");
  }
  auto made = sim::ApsCronSchedule::make(fields, zone);
  if (auto* err = std::get_if<std::string>(&made)) r.fail("aps", "bad APScheduler cron fields: " + *err);
  r.finish();
  return std::get<sim::ApsCronSchedule>(made);
}

sim::Schedule anchored(const sim::Schedule& s, sim::Time period_start) {
  if (auto* iv = std::get_if<sim::IntervalSchedule>(&s.kind())) {
    sim::IntervalSchedule copy = *iv;
    copy.anchor = period_start;
    return copy;
  }
  return s;
}

sim::WindowSet read_windows(const Reader& r, const std::string& key, const sim::TimeZone& default_zone) {
  std::vector<sim::Window> windows;
  for (auto& w : r.objects(key)) {
    sim::Window win;
    win.zone = w.zone("zone", default_zone);
    std::string days = w.string("days", "*");
    auto d = sim::parse_days(days);
    if (!d) w.fail("days", "expected days like \"mon-fri\", \"sat,sun\", \"*\" or \"weekdays\", got \"" + days + "\"");
    win.days = *d;
    std::string hours = w.string("hours", "00:00-24:00");
    auto h = sim::parse_hours(hours);
    if (!h) w.fail("hours", "expected hours like \"10:00-18:00\", got \"" + hours + "\"");
    win.start_minute = h->first;
    win.end_minute = h->second;
    w.finish();
    windows.push_back(win);
  }
  return sim::WindowSet(std::move(windows));
}

namespace {
// A duration as an amount: "1 minute", not duration_words' "minute" (which reads after "every").
std::string amount_words(sim::Duration d) {
  std::string w = duration_words(d);
  return !w.empty() && (w[0] < '0' || w[0] > '9') ? "1 " + w : w;
}
}  // namespace

std::optional<Knob> slower_schedule_knob(const sim::Schedule& s, const std::string& what, const std::vector<int>& factors) {
  std::optional<Knob> k;
  if (const auto* cron = std::get_if<sim::CronSchedule>(&s.kind())) {
    int n = cron->grid_minutes();
    k = knob("schedule", "/schedule/cron", cron->expression(), &metrics::staleness);
    const std::string now = n == 1 ? "every minute" : "every " + std::to_string(n) + " min";
    for (int m : {5, 10, 15, 30}) {
      if (m <= n || n == 0 || k->candidates.size() >= 2) continue;
      k->candidates.push_back({"cron every " + std::to_string(m) + " min instead of " + now,
                               what + " up to " + std::to_string(m) + " min later instead of " + std::to_string(n) + " min",
                               m * 60.0, {{"/schedule/cron", "*/" + std::to_string(m) + " * * * *"}}});
    }
  } else if (const auto* iv = std::get_if<sim::IntervalSchedule>(&s.kind())) {
    const sim::Duration d = iv->period;
    if (d <= 0) return std::nullopt;
    k = knob("schedule", "/schedule/every", sim::format_duration(d), &metrics::staleness);
    for (int f : factors) {
      sim::Duration nd = d * f;
      k->candidates.push_back({"every " + duration_words(nd) + " instead of every " + duration_words(d),
                               what + " up to " + amount_words(nd) + " later instead of " + amount_words(d),
                               seconds_of(nd), {{"/schedule/every", sim::format_duration(nd)}}});
    }
  }
  if (!k || k->candidates.empty()) return std::nullopt;
  return k;
}

std::vector<CommandSpec> read_commands(const Reader& r, const std::string& key, bool in_script) {
  std::vector<CommandSpec> out;
  const json* v = r.raw(key);
  if (!v) return out;
  if (!v->is_object()) r.fail(key, "expected an object of command counts like {\"GET\": 13, \"SET\": 2}");
  Reader cmds(*v, r.child_pointer(key));
  for (auto it = v->begin(); it != v->end(); ++it) {
    auto id = find_command(it.key());
    if (!id) cmds.fail(it.key(), "unknown Redis command \"" + it.key() + "\" (subcommands as \"XGROUP|CREATE\")");
    CommandSpec c{*id, cmds.count(it.key(), Reader::Count{}, 1e9), in_script};
    out.push_back(c);
  }
  cmds.finish();
  return out;
}

}  // namespace core
