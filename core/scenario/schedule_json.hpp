// Reading schedules and active windows from scenario JSON:
//   {"every": "6s", "phase": "2s"}
//   {"cron": "*/5 * * * *", "zone": "Europe/Berlin"}
//   {"aps": {"day": "*/3", "hour": 23, "minute": 59}, "zone": "Europe/Berlin"}   (or "day=*/3,hour=23,minute=59")
//   "active": [{"days": "mon-fri", "hours": "10:00-18:00", "zone": "Europe/Berlin"}]
#pragma once
#include <optional>

#include "core/catalog/commands.hpp"
#include "core/engine/knob.hpp"
#include "core/input/reader.hpp"
#include "sim/schedule.hpp"

namespace core {

// An interval schedule's anchor is left at 0 and means "the period start": call anchored().
sim::Schedule read_schedule(const Reader& r, const sim::TimeZone& default_zone);
sim::Schedule anchored(const sim::Schedule& s, sim::Time period_start);
sim::WindowSet read_windows(const Reader& r, const std::string& key, const sim::TimeZone& default_zone);

// The "schedule" knob: slower fires of a schedule read by read_schedule. A cron minute grid
// ("* * * * *", "*/n * * * *") gets the next two of */5, */10, */15, */30; an interval its period
// times each factor; any other schedule has no knob. `what` is what users wait for ("transfers
// seen"); each candidate's staleness is its new period.
std::optional<Knob> slower_schedule_knob(const sim::Schedule& s, const std::string& what, const std::vector<int>& factors);

// The command list of a tick: {"GET": 13, "SET": 2} -> counts. Unknown command names are errors.
struct CommandSpec {
  CommandId cmd;
  Reader::Count count;
  bool in_script = false;
};
std::vector<CommandSpec> read_commands(const Reader& r, const std::string& key, bool in_script = false);

}  // namespace core
