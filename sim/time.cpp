// Calendar arithmetic on integers only (H. Hinnant's civil-date algorithms), parsing and formatting
// of dates, local times and durations.
#include "sim/time.hpp"

#include <cstdio>
#include <limits>

namespace sim {

namespace {

// Floor division and modulo: time before 1970 must still land in the right day and second.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at text[pos]; advances pos.
bool read_digits(std::string_view text, std::size_t& pos, int count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (int i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  out = value;
  return true;
}

std::string two_digits(int v) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

}  // namespace

std::int64_t days_from_civil(CivilDate d) {
  std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  std::int64_t era = floor_div(y, 400);
  std::int64_t yoe = y - era * 400;                                   // [0, 399]
  std::int64_t mp = (d.month + 9) % 12;                               // March = 0
  std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;                  // [0, 365]
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  std::int64_t era = floor_div(z, 146097);
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), month, day};
}

int weekday_from_days(std::int64_t days) {
  return static_cast<int>(floor_mod(days + 4, 7));  // 1970-01-01 was a Thursday
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

std::int64_t seconds_from_civil(const CivilTime& t) {
  return days_from_civil(t.date) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

CivilTime civil_from_seconds(std::int64_t seconds) {
  std::int64_t days = floor_div(seconds, 86400);
  int sod = static_cast<int>(seconds - days * 86400);
  return CivilTime{civil_from_days(days), sod / 3600, sod / 60 % 60, sod % 60};
}

std::optional<CivilDate> parse_date(std::string_view text) {
  std::size_t pos = 0;
  CivilDate d;
  if (!read_digits(text, pos, 4, d.year)) return std::nullopt;
  if (pos >= text.size() || text[pos++] != '-') return std::nullopt;
  if (!read_digits(text, pos, 2, d.month)) return std::nullopt;
  if (pos >= text.size() || text[pos++] != '-') return std::nullopt;
  if (!read_digits(text, pos, 2, d.day)) return std::nullopt;
  if (pos != text.size()) return std::nullopt;
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) return std::nullopt;
  return d;
}

std::optional<CivilTime> parse_local_time(std::string_view text) {
  if (text.size() < 11 || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
  auto date = parse_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  CivilTime t{*date};
  std::size_t pos = 11;
  if (!read_digits(text, pos, 2, t.hour)) return std::nullopt;
  if (pos >= text.size() || text[pos++] != ':') return std::nullopt;
  if (!read_digits(text, pos, 2, t.minute)) return std::nullopt;
  if (pos < text.size()) {
    if (text[pos++] != ':') return std::nullopt;
    if (!read_digits(text, pos, 2, t.second)) return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return std::nullopt;
  return t;
}

namespace {

// One "<number><unit>" component; the number may have a fractional part, which is converted with
// integer arithmetic (rounded to the nearest microsecond) so "0.1s" is exactly 100000 us.
bool parse_component(std::string_view text, std::size_t& pos, Duration unit_default, bool unit_required,
                     Duration& out) {
  std::size_t start = pos;
  std::int64_t whole = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    if (whole > std::numeric_limits<std::int64_t>::max() / 100) return false;
    whole = whole * 10 + (text[pos++] - '0');
  }
  std::int64_t frac = 0, frac_scale = 1;
  bool has_point = pos < text.size() && text[pos] == '.';
  if (has_point) {
    ++pos;
    while (pos < text.size() && is_digit(text[pos])) {
      if (frac_scale < 1000000000000LL) {  // digits past 12 cannot change a microsecond count
        frac = frac * 10 + (text[pos] - '0');
        frac_scale *= 10;
      }
      ++pos;
    }
  }
  std::size_t digits = pos - start - (has_point ? 1 : 0);
  if (digits == 0) return false;

  Duration unit = unit_default;
  std::string_view rest = text.substr(pos);
  struct Unit { std::string_view name; Duration value; };
  // Longest names first so "ms" is not read as "m".
  static constexpr Unit kUnits[] = {{"us", kMicrosecond}, {"ms", kMillisecond}, {"s", kSecond},
                                    {"m", kMinute},       {"h", kHour},         {"d", kDay}};
  bool found = false;
  for (const Unit& u : kUnits) {
    if (rest.substr(0, u.name.size()) == u.name) {
      unit = u.value;
      pos += u.name.size();
      found = true;
      break;
    }
  }
  if (!found && unit_required) return false;
  if (whole > std::numeric_limits<std::int64_t>::max() / unit) return false;
  // frac (up to 12 digits) times a day's microseconds does not fit in 64 bits: 128-bit product.
  __int128 frac_us = (static_cast<__int128>(frac) * unit + frac_scale / 2) / frac_scale;
  if (frac_us > std::numeric_limits<std::int64_t>::max() - whole * unit) return false;
  out = whole * unit + static_cast<std::int64_t>(frac_us);
  return true;
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // A plain number is seconds.
  bool plain = true;
  for (char c : text) plain = plain && (is_digit(c) || c == '.');
  std::size_t pos = 0;
  Duration total = 0;
  if (plain) {
    if (!parse_component(text, pos, kSecond, false, total) || pos != text.size()) return std::nullopt;
    return total;
  }
  while (pos < text.size()) {
    Duration part = 0;
    if (!parse_component(text, pos, kSecond, true, part)) return std::nullopt;
    if (total > std::numeric_limits<Duration>::max() - part) return std::nullopt;
    total += part;
  }
  return total;
}

std::string format_date(CivilDate d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

namespace {

std::string format_local(Time utc, int offset_seconds) {
  std::int64_t secs = floor_div(utc, kSecond);
  int micros = static_cast<int>(utc - secs * kSecond);
  CivilTime t = civil_from_seconds(secs + offset_seconds);
  std::string out = format_date(t.date) + "T" + two_digits(t.hour) + ":" + two_digits(t.minute) + ":" +
                    two_digits(t.second);
  if (micros != 0) {
    char buf[16];
    if (micros % 1000 == 0)
      std::snprintf(buf, sizeof buf, ".%03d", micros / 1000);
    else
      std::snprintf(buf, sizeof buf, ".%06d", micros);
    out += buf;
  }
  return out;
}

}  // namespace

std::string format_iso(Time utc, int offset_seconds) {
  std::string out = format_local(utc, offset_seconds);
  int abs_off = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  out += offset_seconds < 0 ? "-" : "+";
  out += two_digits(abs_off / 3600) + ":" + two_digits(abs_off / 60 % 60);
  if (abs_off % 60 != 0) out += ":" + two_digits(abs_off % 60);  // as Python's isoformat does
  return out;
}

std::string format_iso_utc(Time utc) { return format_local(utc, 0) + "Z"; }

std::string format_duration(Duration d) {
  if (d == 0) return "0s";
  std::string out;
  // Work on the magnitude as unsigned so INT64_MIN does not overflow.
  std::uint64_t rest = d < 0 ? 0 - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
  if (d < 0) out = "-";
  struct Unit { const char* name; std::uint64_t value; };
  static constexpr Unit kUnits[] = {{"d", kDay},          {"h", kHour},         {"m", kMinute},
                                    {"s", kSecond},       {"ms", kMillisecond}, {"us", kMicrosecond}};
  for (const Unit& u : kUnits) {
    if (rest >= u.value) {
      out += std::to_string(rest / u.value) + u.name;
      rest %= u.value;
    }
  }
  return out;
}

}  // namespace sim
