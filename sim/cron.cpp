// Vixie/cronie 5-field cron: parsing (with errors that name the field) and the next fire time in a
// zone. The search runs in local wall-clock seconds within one span of constant UTC offset, so a
// schedule that fires every minute costs one offset look-up (cached) and a few bit tests per call.
#include <bit>
#include <cctype>
#include <limits>
#include <string>
#include <vector>

#include "sim/schedule.hpp"

namespace sim {

namespace {

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
constexpr std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return -floor_div(-a, b); }
constexpr std::int64_t ceil_to_minute(std::int64_t seconds) { return ceil_div(seconds, 60) * 60; }

// Lowest set bit at or above `from`, or -1.
int next_bit(std::uint64_t mask, int from) {
  if (from >= 64) return -1;
  std::uint64_t rest = mask & (~std::uint64_t{0} << from);
  return rest ? std::countr_zero(rest) : -1;
}

struct FieldSpec {
  const char* name;
  int lo, hi;
  const char* const* names;  // nullptr, or 3-letter names for lo..lo+count-1
  int name_count;
  const char* expected;  // what a single value may be, for error messages
};

constexpr const char* kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

constexpr FieldSpec kFields[5] = {
    {"minute", 0, 59, nullptr, 0, "0-59"},
    {"hour", 0, 23, nullptr, 0, "0-23"},
    {"day-of-month", 1, 31, nullptr, 0, "1-31"},
    {"month", 1, 12, kMonthNames, 12, "1-12 or a name jan-dec"},
    {"day-of-week", 0, 7, kDayNames, 7, "0-7 or a name sun-sat"},
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string field_error(const FieldSpec& f, const std::string& what) { return std::string(f.name) + " field: " + what; }

// One value: a number in range or a name.
bool parse_value(std::string_view token, const FieldSpec& f, int& out, std::string& error) {
  bool digits = !token.empty();
  for (char c : token) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits) {
    long v = 0;
    for (char c : token) v = std::min(v * 10 + (c - '0'), 1000000L);
    if (v < f.lo || v > f.hi) {
      error = field_error(f, "expected " + std::string(f.expected) + ", got " + std::string(token));
      return false;
    }
    out = static_cast<int>(v);
    return true;
  }
  if (f.names) {
    std::string name = lower(token);
    for (int i = 0; i < f.name_count; ++i) {
      if (name == f.names[i]) {
        out = f.lo + i;  // jan = 1, sun = 0
        return true;
      }
    }
  }
  error = field_error(f, "expected " + std::string(f.expected) + ", got '" + std::string(token) + "'");
  return false;
}

// A comma-separated list of '*', 'a', 'a-b', each of '*' and 'a-b' optionally with '/step'.
bool parse_field(std::string_view text, const FieldSpec& f, std::uint64_t& bits, std::string& error) {
  bits = 0;
  std::size_t pos = 0;
  while (true) {
    std::size_t comma = text.find(',', pos);
    std::string_view item = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    if (item.empty()) {
      error = field_error(f, "empty item in list '" + std::string(text) + "'");
      return false;
    }
    std::string_view range = item, step_text;
    if (std::size_t slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      step_text = item.substr(slash + 1);
    }
    int first = f.lo, last = f.hi, step = 1;
    if (range == "*") {
      // whole range
    } else if (std::size_t dash = range.find('-'); dash != std::string_view::npos && dash > 0) {
      if (!parse_value(range.substr(0, dash), f, first, error)) return false;
      if (!parse_value(range.substr(dash + 1), f, last, error)) return false;
      if (first > last) {
        error = field_error(f, "expected a range low-high, got " + std::string(range));
        return false;
      }
    } else {
      if (!parse_value(range, f, first, error)) return false;
      last = first;
      if (item.size() != range.size()) {
        error = field_error(f, "a step needs '*' or a range before it (e.g. " + std::string(range) + "-" +
                                   std::to_string(f.hi) + "/" + std::string(step_text) + "), got " +
                                   std::string(item));
        return false;
      }
    }
    if (item.size() != range.size()) {
      bool digits = !step_text.empty() && step_text.size() < 4;
      for (char c : step_text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
      step = digits ? std::stoi(std::string(step_text)) : 0;
      if (step < 1 || step > f.hi) {
        error = field_error(f, "expected a step 1-" + std::to_string(f.hi) + ", got '" + std::string(step_text) + "'");
        return false;
      }
    }
    for (int v = first; v <= last; v += step) bits |= std::uint64_t{1} << v;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return true;
}

std::string_view expand_macro(std::string_view expr, bool& known) {
  struct Macro { std::string_view name, fields; };
  static constexpr Macro kMacros[] = {
      {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
      {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"},
      {"@hourly", "0 * * * *"},
  };
  for (const Macro& m : kMacros) {
    if (expr == m.name) {
      known = true;
      return m.fields;
    }
  }
  known = false;
  return expr;
}

}  // namespace

std::variant<CronSchedule, std::string> CronSchedule::parse(std::string_view expr, TimeZone zone) {
  std::string_view text = expr;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (!text.empty() && text.front() == '@') {
    bool known = false;
    std::string lowered = lower(text);
    std::string_view fields = expand_macro(lowered, known);
    if (!known)
      return "unknown cron macro '" + std::string(text) +
             "' (expected @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)";
    auto parsed = parse(fields, std::move(zone));
    if (auto* s = std::get_if<CronSchedule>(&parsed)) s->expr_ = std::string(text);
    return parsed;
  }

  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    std::size_t start = pos;
    while (pos < text.size() && !std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos > start) fields.push_back(text.substr(start, pos - start));
  }
  if (fields.size() != 5)
    return "expected 5 fields (minute hour day-of-month month day-of-week), got " + std::to_string(fields.size()) +
           (fields.empty() ? std::string() : " in '" + std::string(text) + "'");

  std::uint64_t bits[5];
  std::string error;
  for (int i = 0; i < 5; ++i)
    if (!parse_field(fields[i], kFields[i], bits[i], error)) return error;

  CronSchedule s;
  s.expr_ = std::string(text);
  s.zone_ = std::move(zone);
  s.minutes_ = std::bitset<60>(bits[0]);
  s.hours_ = std::bitset<24>(bits[1]);
  s.mdays_ = std::bitset<32>(bits[2]);
  s.months_ = std::bitset<13>(bits[3]);
  std::uint64_t wdays = bits[4];
  if (wdays & (std::uint64_t{1} << 7)) wdays |= 1;  // 7 is Sunday too
  s.wdays_ = std::bitset<7>(wdays & 0x7f);
  s.mday_star_ = fields[2].front() == '*';
  s.wday_star_ = fields[4].front() == '*';
  s.wildcard_ = fields[0].front() == '*' || fields[1].front() == '*';
  bool all_mdays = (bits[2] >> 1) == 0x7fffffff, all_wdays = s.wdays_.all();
  bool days_all = (s.mday_star_ || s.wday_star_) ? (all_mdays && all_wdays) : (all_mdays || all_wdays);
  s.every_day_ = s.months_.count() == 12 && days_all;
  return s;
}

bool CronSchedule::day_matches(std::int64_t days, const CivilDate& date) const {
  bool mday = mdays_[date.day];
  bool wday = wdays_[weekday_from_days(days)];
  // Vixie: if either field starts with '*', both must match; if both are restricted, either may.
  return (mday_star_ || wday_star_) ? (mday && wday) : (mday || wday);
}

std::optional<std::int64_t> CronSchedule::next_local_match(std::int64_t from, std::int64_t limit) const {
  const std::uint64_t minute_mask = minutes_.to_ullong();
  const std::uint64_t hour_mask = hours_.to_ullong();
  const std::uint64_t month_mask = months_.to_ullong();
  std::int64_t days = floor_div(from, 86400);
  int sod = static_cast<int>(from - days * 86400);
  int hour = sod / 3600, minute = sod / 60 % 60;
  if (every_day_) {
    // Only the time of day matters: the next allowed minute of this or a later hour, else the
    // first allowed time of the next day.
    for (int h = next_bit(hour_mask, hour); h >= 0; h = next_bit(hour_mask, h + 1)) {
      int m = next_bit(minute_mask, h == hour ? minute : 0);
      if (m >= 0) {
        std::int64_t at = days * 86400 + h * 3600 + m * 60;
        return at < limit ? std::optional<std::int64_t>(at) : std::nullopt;
      }
    }
    std::int64_t at = (days + 1) * 86400 + next_bit(hour_mask, 0) * 3600 + next_bit(minute_mask, 0) * 60;
    return at < limit ? std::optional<std::int64_t>(at) : std::nullopt;
  }
  CivilDate date = civil_from_days(days);
  // Every pattern of months, days and weekdays repeats within the 400-year Gregorian cycle.
  const int last_year = date.year + 400;

  auto next_day = [&] {
    ++days;
    if (date.day < days_in_month(date.year, date.month)) {
      ++date.day;
    } else {
      date = date.month == 12 ? CivilDate{date.year + 1, 1, 1} : CivilDate{date.year, date.month + 1, 1};
    }
    hour = minute = 0;
  };

  while (true) {
    if (days * 86400 >= limit || date.year > last_year) return std::nullopt;
    if (!(month_mask >> date.month & 1)) {
      int m = next_bit(month_mask, date.month + 1);
      date = m > 0 ? CivilDate{date.year, m, 1} : CivilDate{date.year + 1, next_bit(month_mask, 1), 1};
      days = days_from_civil(date);
      hour = minute = 0;
      continue;
    }
    if (!day_matches(days, date)) {
      next_day();
      continue;
    }
    int h = next_bit(hour_mask, hour);
    if (h < 0) {
      next_day();
      continue;
    }
    if (h != hour) hour = h, minute = 0;
    int m = next_bit(minute_mask, minute);
    if (m < 0) {
      if (++hour == 24) next_day();
      minute = 0;
      continue;
    }
    std::int64_t at = days * 86400 + hour * 3600 + m * 60;
    if (at >= limit) return std::nullopt;
    return at;
  }
}

Time CronSchedule::next_after(Time t) const {
  if (t >= kNever - kDay) return kNever;
  constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();
  Time from = t + 1;  // earliest instant that may fire
  // Each pass looks in one span of constant offset; a DST zone has two spans a year, so a schedule
  // that fires at all is found within a few passes. The bound only guards against a broken zone.
  for (int pass = 0; pass < 2000; ++pass) {
    const TimeZone::Span span = zone_.span_at(from);
    const std::int64_t offset = span.offset;
    const std::int64_t start_s = floor_div(span.start, kSecond);
    const bool bounded = span.end != kNever;
    const std::int64_t limit = bounded ? ceil_div(span.end, kSecond) + offset : kNoLimit;

    // Fixed-time job, clocks just jumped forward: wall times that were skipped run at the jump.
    if (!wildcard_ && span.start == from && span.offset_before < span.offset) {
      std::int64_t gap_from = ceil_to_minute(start_s + span.offset_before);
      if (next_local_match(gap_from, start_s + offset)) return span.start;
    }

    std::int64_t lo = ceil_to_minute(ceil_div(from, kSecond) + offset);
    // Fixed-time job, clocks just went back: the repeated wall times already ran before the change.
    if (!wildcard_ && span.offset_before > span.offset)
      lo = std::max(lo, ceil_to_minute(start_s + span.offset_before));

    if (auto local = next_local_match(lo, limit)) return (*local - offset) * kSecond;
    if (!bounded) return kNever;
    from = span.end;
  }
  return kNever;
}

int CronSchedule::grid_minutes() const {
  std::vector<std::string> f;
  for (std::size_t i = 0; i < expr_.size();) {
    while (i < expr_.size() && std::isspace(static_cast<unsigned char>(expr_[i]))) ++i;
    std::size_t j = i;
    while (j < expr_.size() && !std::isspace(static_cast<unsigned char>(expr_[j]))) ++j;
    if (j > i) f.push_back(expr_.substr(i, j - i));
    i = j;
  }
  if (f.size() == 1 && f[0] == "@hourly") return 60;
  if (f.size() != 5) return 0;
  for (int i = 1; i < 5; ++i)
    if (f[i] != "*") return 0;
  const std::string& m = f[0];
  auto number = [](std::string_view s) -> int {
    if (s.empty() || s.size() > 2) return -1;
    int v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  if (m == "*") return 1;
  if (m.rfind("*/", 0) == 0) {
    int n = number(std::string_view(m).substr(2));
    return n > 0 && 60 % n == 0 ? n : 0;
  }
  int v = number(m);
  return v >= 0 && v < 60 ? 60 : 0;
}

}  // namespace sim
