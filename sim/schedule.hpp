// When things happen: fixed intervals, Vixie cron, APScheduler CronTrigger, and active time windows.
// All schedules answer one question, "first fire time strictly after t", in UTC microseconds.
#pragma once
#include <array>
#include <bitset>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/time.hpp"
#include "sim/tz.hpp"

namespace sim {

// Every `period`, aligned so that fires happen at anchor + phase + k*period (anchor = period start).
struct IntervalSchedule {
  Duration period = kMinute;
  Duration phase = 0;
  Time anchor = 0;
  Time next_after(Time t) const;
};

// 5-field cron, Vixie semantics: minute hour day-of-month month day-of-week; lists, ranges, steps,
// names (jan..dec, sun..sat), 7 = Sunday, and the rule that when both day fields are restricted a day
// matches if EITHER matches ("restricted" = the field does not start with '*', so "*/2" counts as
// unrestricted, as in Vixie cron). Also @hourly, @daily, @midnight, @weekly, @monthly,
// @yearly/@annually.
// Evaluated in a zone, with cronie's DST handling (cron.c, "DST begins" / "DST ends"):
//  - wildcard jobs (minute or hour field starting with '*', e.g. "* * * * *", "*/5 * * * *",
//    "0 * * * *") fire whenever the wall clock matches: nothing for times in a gap, twice for times
//    in an overlap (every real minute of a repeated hour);
//  - fixed-time jobs ("30 2 * * *") fire once for times in an overlap (the first occurrence) and, for
//    times in a gap, once right after the jump (02:30 on a spring-forward night fires at 03:00).
class CronSchedule {
 public:
  // Returns an error message (what was expected, which field) or the schedule.
  static std::variant<CronSchedule, std::string> parse(std::string_view expr, TimeZone zone);
  Time next_after(Time t) const;
  const std::string& expression() const { return expr_; }
  const TimeZone& zone() const { return zone_; }
  // The step in minutes when the expression fires on a regular minute grid all day, every day:
  // "* * * * *" (1), "*/n * * * *" with n dividing 60 (n), "m * * * *" and "@hourly" (60); 0 otherwise.
  int grid_minutes() const;

 private:
  std::string expr_;
  TimeZone zone_ = TimeZone::utc();
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> mdays_;   // 1..31
  std::bitset<13> months_;  // 1..12
  std::bitset<7> wdays_;    // 0..6, Sunday = 0
  bool mday_star_ = true, wday_star_ = true;
  bool wildcard_ = true;    // minute or hour field starts with '*' (cronie's MIN_STAR | HR_STAR)
  bool every_day_ = true;   // every day of every month matches: the search needs no calendar

  // First matching wall-clock minute at or after local second `from` (a minute boundary) and before
  // `limit`, in local seconds; nullopt if none.
  std::optional<std::int64_t> next_local_match(std::int64_t from, std::int64_t limit) const;
  bool day_matches(std::int64_t days, const CivilDate& date) const;
};

// APScheduler 3.x CronTrigger fields: year, month, day, week, day_of_week, hour, minute, second.
// Field syntax per APScheduler: '*', '*/n', 'a-b', 'a-b/n', 'x,y,z', 'last', 'last dow' / 'xth dow'
// for day, names for month and day_of_week (mon=0 .. sun=6 as APScheduler numbers them).
// Unset fields after the least significant given field default to their minimum (month=1, day=1,
// hour=0, minute=0, second=0; week and day_of_week to '*'), all other unset fields to '*', exactly as
// CronTrigger.__init__ does: CronTrigger(day='*/3', hour=23, minute=59) fires at 23:59:00, and
// CronTrigger(hour=5) every day at 05:00:00. day='*/3' means days 1,4,7,...,31 of every month.
// next_after replays CronTrigger.get_next_fire_time of APScheduler 3.11 (zoneinfo), field by field:
// a local time inside a DST gap fires at the same distance past the gap's end (02:30 -> 03:30, and
// the search goes on from there); in an overlap it fires once, at the first occurrence.
// Expressions are matched whole: APScheduler silently ignores trailing text after a name ('mon-fri/2'
// reads as 'mon-fri'), this rejects it.
struct ApsFields {
  std::optional<std::string> year, month, day, week, day_of_week, hour, minute, second;
};
class ApsCronSchedule {
 public:
  // Parses "day=*/3,hour=23,minute=59" (commas inside values separate list items only when the
  // next token has no '='), or takes fields directly.
  static std::variant<ApsFields, std::string> parse_fields(std::string_view text);
  static std::variant<ApsCronSchedule, std::string> make(const ApsFields& fields, TimeZone zone);
  Time next_after(Time t) const;
  const TimeZone& zone() const { return zone_; }
  const ApsFields& fields() const { return fields_; }
  // As APScheduler prints the trigger: "cron[day='*/3', hour='23', minute='59']".
  std::string describe() const;

 private:
  ApsFields fields_;
  TimeZone zone_ = TimeZone::utc();
  struct Impl;                        // compiled expressions per field (aps_cron.cpp)
  std::shared_ptr<const Impl> impl_;  // shared and immutable, so copies are cheap
  std::vector<std::string> raw_;      // the 8 fields' expressions after defaults
  std::vector<bool> given_;           // which fields were given (the rest are defaults)
};

// Active windows: a set of (days of week, local start..end) in a zone. "mon-fri", "10:00-18:00".
// An end at or before the start wraps past midnight ("22:00-02:00"). Empty list = always active.
struct Window {
  std::bitset<7> days = std::bitset<7>().set();  // Sunday = 0
  int start_minute = 0;                           // minutes after local midnight
  int end_minute = 24 * 60;
  TimeZone zone = TimeZone::utc();
};
// Parses days "mon-fri", "sat,sun", "*", "daily", "weekdays", "weekends"; nullopt on error.
std::optional<std::bitset<7>> parse_days(std::string_view text);
// Parses "10:00-18:00"; nullopt on error.
std::optional<std::pair<int, int>> parse_hours(std::string_view text);

class WindowSet {
 public:
  WindowSet() = default;
  explicit WindowSet(std::vector<Window> windows) : windows_(std::move(windows)) {}
  bool always() const { return windows_.empty(); }
  bool active_at(Time t) const;
  // Next time >= t at which the active state changes (open->closed or closed->open); nullopt if never.
  std::optional<Time> next_change(Time t, Time horizon) const;
  // Active intervals [open, close) intersected with [from, to), merged, in order.
  std::vector<std::pair<Time, Time>> intervals(Time from, Time to) const;
  const std::vector<Window>& windows() const { return windows_; }

 private:
  std::vector<Window> windows_;
};

// Any schedule.
class Schedule {
 public:
  Schedule() = default;
  Schedule(IntervalSchedule s) : s_(s) {}
  Schedule(CronSchedule s) : s_(std::move(s)) {}
  Schedule(ApsCronSchedule s) : s_(std::move(s)) {}
  Time next_after(Time t) const;
  const std::variant<IntervalSchedule, CronSchedule, ApsCronSchedule>& kind() const { return s_; }

 private:
  std::variant<IntervalSchedule, CronSchedule, ApsCronSchedule> s_;
};

// Fire times as arithmetic runs: first, first + period, ... (count fires; period 0 when count is 1).
struct FireRun {
  Time first;
  Duration period;
  std::uint64_t count;
};
using FireRunFn = std::function<void(const FireRun&)>;
// The fires of a schedule in [from, to) as runs, in order. Interval schedules and cron minute grids
// (CronSchedule::grid_minutes) give one run per span of constant zone offset, whatever the length of
// the period; any other schedule is enumerated fire by fire, merged into runs of equal gaps.
void for_each_fire_run(const Schedule& s, Time from, Time to, const FireRunFn& fn);
// The same, restricted to the active intervals of a window set.
void for_each_fire_run(const Schedule& s, const WindowSet& w, Time from, Time to, const FireRunFn& fn);
// Fire times in [from, to) within a window set, one by one (for models that act on each fire).
std::vector<Time> fire_times(const Schedule& s, const WindowSet& w, Time from, Time to);

}  // namespace sim
