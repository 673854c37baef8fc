// redcast schedule: when does a cron line or an APScheduler CronTrigger fire, in a zone?
#include <iostream>

#include "cli/registry.hpp"
#include "core/input/errors.hpp"
#include "nlohmann/json.hpp"
#include "sim/schedule.hpp"

namespace {

struct Options {
  std::string cron, aps, tz = "UTC", from, format = "table";
  int count = 10;
};

void run(const Options& o) {
  auto zone = sim::TimeZone::find(o.tz);
  if (!zone) throw core::InputError("--tz", "", "unknown time zone \"" + o.tz + "\"; expected an IANA name such as Europe/Berlin (see `redcast zones`)");
  sim::Time from;
  if (o.from.empty()) {
    throw core::InputError("--from", "", "expected a local start time like 2025-12-08T00:00");
  } else {
    auto lt = sim::parse_local_time(o.from);
    if (!lt) {
      auto d = sim::parse_date(o.from);
      if (!d) throw core::InputError("--from", "", "expected a local time like 2025-12-08T20:15 or a date, got \"" + o.from + "\"");
      lt = sim::CivilTime{*d, 0, 0, 0};
    }
    from = zone->to_utc(*lt);
  }
  sim::Schedule sched;
  if (!o.cron.empty()) {
    auto parsed = sim::CronSchedule::parse(o.cron, *zone);
    if (auto* e = std::get_if<std::string>(&parsed)) throw core::InputError("--cron", "", "bad cron expression \"" + o.cron + "\": " + *e);
    sched = std::get<sim::CronSchedule>(parsed);
  } else {
    auto fields = sim::ApsCronSchedule::parse_fields(o.aps);
    if (auto* e = std::get_if<std::string>(&fields)) throw core::InputError("--aps", "", "bad CronTrigger fields \"" + o.aps + "\": " + *e);
    auto made = sim::ApsCronSchedule::make(std::get<sim::ApsFields>(fields), *zone);
    if (auto* e = std::get_if<std::string>(&made)) throw core::InputError("--aps", "", "bad CronTrigger fields \"" + o.aps + "\": " + *e);
    sched = std::get<sim::ApsCronSchedule>(made);
  }
  nlohmann::json list = nlohmann::json::array();
  std::string table;
  sim::Time t = from - 1;  // the start time itself may fire
  for (int i = 0; i < o.count; ++i) {
    t = sched.next_after(t);
    if (t == sim::kNever) break;  // e.g. "0 0 30 2 *", or a CronTrigger whose end_date/year passed
    std::string iso = sim::format_iso(t, zone->offset_at(t));
    list.push_back(iso);
    table += iso + "  " + zone->abbreviation_at(t) + "\n";
  }
  if (list.empty())
    throw core::InputError(o.cron.empty() ? "--aps" : "--cron", "",
                           "\"" + (o.cron.empty() ? o.aps : o.cron) + "\" never fires after " + o.from);
  std::cout << (o.format == "json" ? list.dump(2) + "\n" : table);
}

cli::Register reg(20, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("schedule", "Print the next fire times of a cron line or APScheduler CronTrigger in a zone");
  auto* cron = sub->add_option("--cron", o->cron, "5-field cron expression, e.g. \"*/5 * * * *\"");
  auto* aps = sub->add_option("--aps", o->aps, "APScheduler CronTrigger fields, e.g. \"day=*/3,hour=23,minute=59\"");
  cron->excludes(aps);
  sub->add_option("--tz", o->tz, "IANA time zone");
  sub->add_option("--from", o->from, "Local start time, e.g. 2025-12-08T20:15")->required();
  sub->add_option("--count", o->count, "How many fire times")->check(CLI::Range(1, 100000));
  sub->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json"}));
  sub->callback([o] {
    if (o->cron.empty() && o->aps.empty()) throw cli::Exit{cli::kExitBadInput, "redcast schedule: give --cron EXPR or --aps FIELDS"};
    run(*o);
  });
});

}  // namespace
