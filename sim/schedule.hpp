// When things happen: fixed intervals, Vixie cron, APScheduler CronTrigger, and active time windows.
// All schedules answer one question, "first fire time strictly after t", in UTC microseconds.
#pragma once
#include <array>
#include <bitset>
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
// matches if EITHER matches. Also @hourly, @daily, @midnight, @weekly, @monthly, @yearly/@annually.
// Evaluated in a zone: wall-clock times in a DST gap are skipped, times in an overlap fire once
// (the first occurrence), as cronie does for jobs that are not hourly-or-more-frequent wildcard jobs.
class CronSchedule {
 public:
  // Returns an error message (what was expected, which field) or the schedule.
  static std::variant<CronSchedule, std::string> parse(std::string_view expr, TimeZone zone);
  Time next_after(Time t) const;
  const std::string& expression() const { return expr_; }
  const TimeZone& zone() const { return zone_; }

 private:
  std::string expr_;
  TimeZone zone_ = TimeZone::utc();
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> mdays_;   // 1..31
  std::bitset<13> months_;  // 1..12
  std::bitset<7> wdays_;    // 0..6, Sunday = 0
  bool mday_star_ = true, wday_star_ = true;
};

// APScheduler 3.x CronTrigger fields: year, month, day, week, day_of_week, hour, minute, second.
// Field syntax per APScheduler: '*', '*/n', 'a-b', 'a-b/n', 'x,y,z', 'last', 'last dow' / 'xth dow'
// for day, names for month and day_of_week (mon=0 .. sun=6 as APScheduler numbers them).
// Unset fields below the most significant set field default to their minimum, above it to '*',
// exactly as CronTrigger.__init__ does. day='*/3' means days 1,4,7,...,31 of every month.
// A local time inside a DST gap fires at the next existing time; in an overlap, once, at the first.
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

 private:
  ApsFields fields_;
  TimeZone zone_ = TimeZone::utc();
  struct Impl;
  std::vector<std::vector<int>> expanded_;  // implementation detail: per-field allowed values etc.
  std::vector<std::string> raw_;
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

}  // namespace sim
