// APScheduler 3.x CronTrigger, replayed: the same fields, defaults, expressions and the same
// get_next_fire_time walk (apscheduler/triggers/cron/__init__.py, fields.py, expressions.py), so fire
// times match what a Python service with that trigger does, DST included. Local date-times are
// plain wall-clock fields; every time the walk builds a new one it is normalised through the zone
// the way zoneinfo does with fold=0 (TimeZone::to_utc), then read back (TimeZone::to_local).
#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include "sim/schedule.hpp"

namespace sim {

namespace {

// Field indices, in CronTrigger.FIELD_NAMES order (most significant first).
namespace field {
enum : int { year, month, day, week, day_of_week, hour, minute, second };
}
constexpr int kFieldCount = 8;

constexpr const char* kFieldNames[kFieldCount] = {"year", "month", "day", "week",
                                                  "day_of_week", "hour", "minute", "second"};
constexpr int kMinValues[kFieldCount] = {1970, 1, 1, 1, 0, 0, 0, 0};
constexpr int kMaxValues[kFieldCount] = {9999, 12, 31, 53, 6, 23, 59, 59};
constexpr const char* kDefaultValues[kFieldCount] = {"*", "1", "1", "*", "*", "0", "0", "0"};
// week and day_of_week are not datetime fields: the walk never sets them, it moves the day instead.
constexpr bool kReal[kFieldCount] = {true, true, true, false, false, true, true, true};

constexpr const char* kWeekdays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr const char* kMonths[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kPositions[6] = {"1st", "2nd", "3rd", "4th", "5th", "last"};

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
// Python's % for a positive divisor.
constexpr int py_mod(int a, int b) { return ((a % b) + b) % b; }

// A local wall-clock date-time, as a naive Python datetime.
struct Wall {
  int year, month, day, hour, minute, second;
};

Wall wall_from(const CivilTime& t) { return {t.date.year, t.date.month, t.date.day, t.hour, t.minute, t.second}; }
CivilTime civil_from(const Wall& w) { return {{w.year, w.month, w.day}, w.hour, w.minute, w.second}; }

int weekday_mon0(const Wall& w) {  // date.weekday(): Monday = 0
  return (weekday_from_days(days_from_civil({w.year, w.month, w.day})) + 6) % 7;
}

int iso_week(const Wall& w) {  // date.isocalendar()[1]
  std::int64_t days = days_from_civil({w.year, w.month, w.day});
  int wd = (weekday_from_days(days) + 6) % 7;
  std::int64_t thursday = days - wd + 3;  // the ISO year is the year of the week's Thursday
  int iso_year = civil_from_days(thursday).year;
  return static_cast<int>((thursday - days_from_civil({iso_year, 1, 1})) / 7 + 1);
}

int get_value(int f, const Wall& w) {
  switch (f) {
    case field::year: return w.year;
    case field::month: return w.month;
    case field::day: return w.day;
    case field::week: return iso_week(w);
    case field::day_of_week: return weekday_mon0(w);
    case field::hour: return w.hour;
    case field::minute: return w.minute;
    default: return w.second;
  }
}
int get_min(int f) { return kMinValues[f]; }
int get_max(int f, const Wall& w) { return f == field::day ? days_in_month(w.year, w.month) : kMaxValues[f]; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}
bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}
bool all_letters(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  return true;
}
int index_of(const char* const* names, int count, std::string_view name) {
  std::string l = lower(name);
  for (int i = 0; i < count; ++i)
    if (l == names[i]) return i;
  return -1;
}

// One expression of a field, as expressions.py defines them.
struct ApsExpr {
  enum Kind { kAll, kRange, kWeekdayPosition, kLastDayOfMonth } kind = kAll;
  int first = 0;
  int last = -1;  // -1: None
  int step = 0;   // 0: None
  int position = 0, weekday = 0;  // "xth dow": position 0..4 = 1st..5th, 5 = last; weekday mon = 0

  std::optional<int> next_value(int f, const Wall& w) const {
    int value = get_value(f, w);
    switch (kind) {
      case kAll: {
        int minval = get_min(f), maxval = get_max(f, w);
        int start = std::max(value, minval);
        int next = step ? start + py_mod(step - (start - minval), step) : start;
        if (next <= maxval) return next;
        return std::nullopt;
      }
      case kRange: {
        int minval = std::max(get_min(f), first);
        int maxval = last >= 0 ? std::min(get_max(f, w), last) : get_max(f, w);
        int next = std::max(minval, value);
        if (step) next += py_mod(step - (next - minval), step);
        if (next <= maxval) return next;
        return std::nullopt;
      }
      case kWeekdayPosition: {
        int first_day_wday = weekday_mon0(Wall{w.year, w.month, 1, 0, 0, 0});
        int last_day = days_in_month(w.year, w.month);
        int first_hit = weekday - first_day_wday + 1;
        if (first_hit <= 0) first_hit += 7;
        int target = position < 5 ? first_hit + position * 7 : first_hit + (last_day - first_hit) / 7 * 7;
        if (target <= last_day && target >= w.day) return target;
        return std::nullopt;
      }
      default:
        return days_in_month(w.year, w.month);
    }
  }
};

}  // namespace

struct ApsCronSchedule::Impl {
  std::array<std::vector<ApsExpr>, kFieldCount> fields;
  // A field that is just '*' accepts every value as it is, so the walk can step over it without
  // computing the value (ISO weeks and weekdays cost a calendar conversion each).
  std::array<bool, kFieldCount> any_value{};

  std::optional<int> next_value(int f, const Wall& w) const {
    std::optional<int> smallest;
    for (const ApsExpr& e : fields[f]) {
      std::optional<int> v = e.next_value(f, w);
      if (v && (!smallest || *v < *smallest)) smallest = v;
    }
    return smallest;
  }
};

namespace {

// Range checks of AllExpression/RangeExpression.validate_range.
std::optional<std::string> validate(const ApsExpr& e, int f) {
  auto step_error = [&](int range) {
    return "the step value (" + std::to_string(e.step) + ") is higher than the total range of the expression (" +
           std::to_string(range) + ")";
  };
  int full = kMaxValues[f] - kMinValues[f];
  if (e.step && e.step > full) return step_error(full);
  if (e.kind != ApsExpr::kRange) return std::nullopt;
  if (e.first < kMinValues[f])
    return "the first value (" + std::to_string(e.first) + ") is lower than the minimum value (" +
           std::to_string(kMinValues[f]) + ")";
  if (e.last >= 0 && e.last > kMaxValues[f])
    return "the last value (" + std::to_string(e.last) + ") is higher than the maximum value (" +
           std::to_string(kMaxValues[f]) + ")";
  int range = (e.last > 0 ? e.last : kMaxValues[f]) - e.first;  // Python's `last or max`: 0 counts as unset
  if (e.step && e.step > range) return step_error(range);
  return std::nullopt;
}

std::string expected_forms(int f) {
  std::string forms = "*, */n, a, a-b, a-b/n or a/n";
  if (f == field::day) forms += ", 'last', 'xth dow' (1st..5th) or 'last dow'";
  if (f == field::day_of_week) forms += ", or names mon..sun (mon = 0) and name ranges like mon-fri";
  if (f == field::month) forms += ", or names jan..dec and name ranges like jan-mar";
  return forms;
}

// One list item of a field (BaseField.compile_expression): the first matching expression kind.
std::variant<ApsExpr, std::string> compile_expression(const std::string& text, int f) {
  ApsExpr e;
  std::string step_text;
  std::string range_text = text;
  if (std::size_t slash = text.find('/'); slash != std::string::npos) {
    range_text = text.substr(0, slash);
    step_text = text.substr(slash + 1);
  }
  auto parse_step = [&]() -> std::optional<std::string> {
    if (step_text.empty()) return std::nullopt;
    e.step = std::stoi(step_text);
    if (e.step == 0) return std::string("Increment must be higher than 0");
    return std::nullopt;
  };
  bool step_ok = step_text.empty() ? text.find('/') == std::string::npos : all_digits(step_text);

  if (range_text == "*" && step_ok) {  // AllExpression: \*(?:/(?P<step>\d+))?$
    e.kind = ApsExpr::kAll;
    if (auto err = parse_step()) return *err;
    return e;
  }
  std::size_t dash = range_text.find('-');
  std::string first_text = range_text.substr(0, dash);
  std::string last_text = dash == std::string::npos ? "" : range_text.substr(dash + 1);
  if (all_digits(first_text) && (dash == std::string::npos || all_digits(last_text)) && step_ok) {
    // RangeExpression: (?P<first>\d+)(?:-(?P<last>\d+))?(?:/(?P<step>\d+))?$
    e.kind = ApsExpr::kRange;
    e.first = std::stoi(first_text);
    e.last = dash == std::string::npos ? -1 : std::stoi(last_text);
    if (auto err = parse_step()) return *err;
    if (e.last < 0 && e.step == 0) e.last = e.first;
    if (e.last >= 0 && e.first > e.last) return std::string("The minimum value in a range must not be higher than the maximum");
    return e;
  }
  if (f == field::day) {
    // WeekdayPositionExpression: (1st|2nd|3rd|4th|5th|last) +(dow name)
    std::size_t space = text.find(' ');
    if (space != std::string::npos) {
      int position = index_of(kPositions, 6, text.substr(0, space));
      if (position >= 0) {
        std::string name = trim(text.substr(space + 1));
        int weekday = index_of(kWeekdays, 7, name);
        if (weekday < 0) return "Invalid weekday name \"" + name + "\"";
        e.kind = ApsExpr::kWeekdayPosition;
        e.position = position;
        e.weekday = weekday;
        return e;
      }
    }
    if (lower(text) == "last") {  // LastDayOfMonthExpression
      e.kind = ApsExpr::kLastDayOfMonth;
      return e;
    }
  }
  if ((f == field::day_of_week || f == field::month) && step_text.empty() && text.find('/') == std::string::npos &&
      all_letters(first_text) && (dash == std::string::npos || all_letters(last_text))) {
    // WeekdayRangeExpression / MonthRangeExpression: names, then a RangeExpression of their numbers.
    const char* const* names = f == field::day_of_week ? kWeekdays : kMonths;
    int count = f == field::day_of_week ? 7 : 12, base = f == field::day_of_week ? 0 : 1;
    const char* what = f == field::day_of_week ? "weekday" : "month";
    int a = index_of(names, count, first_text);
    if (a < 0) return "Invalid " + std::string(what) + " name \"" + first_text + "\"";
    int b = a;
    if (dash != std::string::npos) {
      b = index_of(names, count, last_text);
      if (b < 0) return "Invalid " + std::string(what) + " name \"" + last_text + "\"";
    }
    e.kind = ApsExpr::kRange;
    e.first = a + base;
    e.last = b + base;
    if (e.first > e.last) return std::string("The minimum value in a range must not be higher than the maximum");
    return e;
  }
  return "unrecognized expression \"" + text + "\" (expected " + expected_forms(f) + ")";
}

// Splits on commas with optional spaces around them (fields.py's SEPARATOR ' *, *').
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t pos = 0;
  while (true) {
    std::size_t comma = text.find(',', pos);
    items.push_back(trim(text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos)));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return items;
}

std::optional<std::string>* field_slot(ApsFields& f, int i) {
  std::optional<std::string>* slots[kFieldCount] = {&f.year,        &f.month, &f.day,    &f.week,
                                                    &f.day_of_week, &f.hour,  &f.minute, &f.second};
  return slots[i];
}
const std::optional<std::string>& field_slot(const ApsFields& f, int i) {
  return *field_slot(const_cast<ApsFields&>(f), i);
}

std::string strip_quotes(std::string s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  return trim(s);
}

}  // namespace

std::variant<ApsFields, std::string> ApsCronSchedule::parse_fields(std::string_view input) {
  std::string text = trim(input);
  // Accept the Python spelling too: CronTrigger(day='*/3', hour=23, minute=59).
  if (lower(text).rfind("crontrigger(", 0) == 0 && !text.empty() && text.back() == ')')
    text = trim(std::string_view(text).substr(12, text.size() - 13));
  ApsFields fields;
  if (text.empty()) return fields;  // CronTrigger() is valid: every second

  // "day=1,15,hour=3": a comma starts a new field only if the next token has '='.
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& token : split_list(text)) {
    std::size_t eq = token.find('=');
    if (eq == std::string::npos) {
      if (pairs.empty()) return "expected field=value, got '" + token + "'";
      pairs.back().second += "," + token;
      continue;
    }
    pairs.emplace_back(trim(token.substr(0, eq)), trim(token.substr(eq + 1)));
  }
  for (auto& [key, value] : pairs) {
    int index = -1;
    for (int i = 0; i < kFieldCount; ++i)
      if (key == kFieldNames[i]) index = i;
    if (index < 0)
      return "unknown field '" + key + "' (expected year, month, day, week, day_of_week, hour, minute or second)";
    std::optional<std::string>* slot = field_slot(fields, index);
    if (slot->has_value()) return "field '" + key + "' given twice";
    value = strip_quotes(value);
    if (value.empty()) return "field '" + key + "' has no value";
    *slot = value;
  }
  return fields;
}

std::variant<ApsCronSchedule, std::string> ApsCronSchedule::make(const ApsFields& fields, TimeZone zone) {
  ApsCronSchedule s;
  s.fields_ = fields;
  s.zone_ = std::move(zone);
  auto impl = std::make_shared<Impl>();

  // CronTrigger.__init__: fields after the least significant given one take DEFAULT_VALUES.
  int last_given = -1;
  for (int i = 0; i < kFieldCount; ++i)
    if (field_slot(fields, i)) last_given = i;
  for (int i = 0; i < kFieldCount; ++i) {
    const auto& given = field_slot(fields, i);
    std::string expr = given ? trim(*given) : (last_given >= 0 && i > last_given ? kDefaultValues[i] : "*");
    s.raw_.push_back(expr);
    s.given_.push_back(given.has_value());
    for (const std::string& item : split_list(expr)) {
      auto compiled = compile_expression(item, i);
      if (auto* err = std::get_if<std::string>(&compiled)) return std::string(kFieldNames[i]) + " field: " + *err;
      ApsExpr e = std::get<ApsExpr>(compiled);
      if (auto err = validate(e, i))
        return std::string(kFieldNames[i]) + " field: error validating expression '" + item + "': " + *err;
      impl->fields[i].push_back(e);
    }
  }
  for (int i = 0; i < kFieldCount; ++i)
    impl->any_value[i] = impl->fields[i].size() == 1 && impl->fields[i][0].kind == ApsExpr::kAll && impl->fields[i][0].step == 0;
  s.impl_ = std::move(impl);
  return s;
}

std::string ApsCronSchedule::describe() const {
  std::string out = "cron[";
  bool first = true;
  for (int i = 0; i < kFieldCount && i < static_cast<int>(raw_.size()); ++i) {
    if (!given_[i]) continue;
    out += (first ? "" : ", ") + std::string(kFieldNames[i]) + "='" + raw_[i] + "'";
    first = false;
  }
  return out + "]";
}

namespace {

// The walk's position: the instant and how the zone's wall clock shows it.
struct Position {
  Time utc;
  Wall wall;
};

Position normalize(const TimeZone& zone, const Wall& wall) {
  Time utc = zone.to_utc(civil_from(wall));
  return {utc, wall_from(zone.to_local(utc))};
}

// CronTrigger._increment_field_value: add one to field `fieldnum` (carrying into more significant
// fields, skipping week and day_of_week) and reset the less significant ones to their minimum.
// Returns the field actually incremented, or -1 when the year would pass 9999.
int increment_field(const TimeZone& zone, Position& pos, int fieldnum) {
  int values[kFieldCount] = {};
  int i = 0;
  while (i < kFieldCount) {
    if (fieldnum < 0) return -1;
    if (!kReal[i]) {
      if (i == fieldnum) {
        --fieldnum;
        --i;
      } else {
        ++i;
      }
      continue;
    }
    if (i < fieldnum) {
      values[i] = get_value(i, pos.wall);
      ++i;
    } else if (i > fieldnum) {
      values[i] = get_min(i);
      ++i;
    } else {
      int value = get_value(i, pos.wall);
      if (value == get_max(i, pos.wall)) {
        --fieldnum;
        --i;
      } else {
        values[i] = value + 1;
        ++i;
      }
    }
  }
  pos = normalize(zone, Wall{values[field::year], values[field::month], values[field::day], values[field::hour], values[field::minute], values[field::second]});
  return fieldnum;
}

// CronTrigger._set_field_value: set field `fieldnum`, keep the more significant ones, reset the rest.
void set_field(const TimeZone& zone, Position& pos, int fieldnum, int new_value) {
  int values[kFieldCount] = {};
  for (int i = 0; i < kFieldCount; ++i) {
    if (!kReal[i]) continue;
    values[i] = i < fieldnum ? get_value(i, pos.wall) : i > fieldnum ? get_min(i) : new_value;
  }
  pos = normalize(zone, Wall{values[field::year], values[field::month], values[field::day], values[field::hour], values[field::minute], values[field::second]});
}

}  // namespace

Time ApsCronSchedule::next_after(Time t) const {
  if (!impl_ || t >= kNever - kDay) return kNever;
  for (int attempt = 0; attempt < 3; ++attempt) {
    // get_next_fire_time(previous_fire_time=t): start 1 us later, rounded up to a whole second.
    Time start = floor_div(t + 1 + kSecond - 1, kSecond) * kSecond;
    Position pos{start, wall_from(zone_.to_local(start))};
    int fieldnum = 0;
    // The walk ends within a few hundred steps for any schedule that fires within a year; the cap
    // stops the (APScheduler-faithful) year-by-year search for a date that never exists.
    for (long steps = 0; fieldnum >= 0 && fieldnum < kFieldCount; ++steps) {
      if (steps > 2'000'000) return kNever;
      if (impl_->any_value[fieldnum]) {
        ++fieldnum;
        continue;
      }
      int curr = get_value(fieldnum, pos.wall);
      std::optional<int> next = impl_->next_value(fieldnum, pos.wall);
      if (!next) {
        fieldnum = increment_field(zone_, pos, fieldnum - 1);
      } else if (*next > curr) {
        if (kReal[fieldnum]) {
          set_field(zone_, pos, fieldnum, *next);
          ++fieldnum;
        } else {
          fieldnum = increment_field(zone_, pos, fieldnum);
        }
      } else {
        ++fieldnum;
      }
    }
    if (fieldnum < 0) return kNever;
    if (pos.utc > t) return pos.utc;
    // Started inside the second pass of a repeated (fall-back) hour: APScheduler's fold=0 arithmetic
    // maps every wall time there to its first pass, which is already over, and would return a time
    // in the past. The repeated wall times fire once, on the first pass, so resume after them.
    TimeZone::Span span = zone_.span_at(start);
    if (span.offset_before <= span.offset) return pos.utc;  // cannot happen; keep the answer
    t = span.start + static_cast<Time>(span.offset_before - span.offset) * kSecond - 1;
  }
  return kNever;
}

}  // namespace sim
