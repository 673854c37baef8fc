// Active time windows: days of the week and a local time range, per zone. A window belongs to the day
// it opens on, so "fri 22:00-02:00" is open from Friday 22:00 to Saturday 02:00 local time.
#include <algorithm>
#include <cctype>

#include "sim/schedule.hpp"

namespace sim {

namespace {

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::string lower_trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int day_index(const std::string& name) {
  static constexpr const char* kShort[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  static constexpr const char* kLong[7] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  for (int i = 0; i < 7; ++i)
    if (name == kShort[i] || name == kLong[i]) return i;
  return -1;
}

// "9", "09:00", "24:00" -> minutes after midnight.
std::optional<int> parse_clock(std::string_view s) {
  std::size_t colon = s.find(':');
  std::string_view h = s.substr(0, colon), m = colon == std::string_view::npos ? "00" : s.substr(colon + 1);
  auto number = [](std::string_view d) -> std::optional<int> {
    if (d.empty() || d.size() > 2) return std::nullopt;
    int v = 0;
    for (char c : d) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  auto hours = number(h);
  auto minutes = m.size() == 2 ? number(m) : std::nullopt;
  if (!hours || !minutes || *minutes > 59 || *hours > 24 || (*hours == 24 && *minutes != 0)) return std::nullopt;
  return *hours * 60 + *minutes;
}

bool window_active(const Window& w, Time t) {
  CivilTime local = w.zone.to_local(t);
  int wday = weekday_from_days(days_from_civil(local.date));
  int second = local.hour * 3600 + local.minute * 60 + local.second;
  int start = w.start_minute * 60, end = w.end_minute * 60;
  if (start < end) return w.days[wday] && second >= start && second < end;
  // Wraps past midnight: open from start on its own day until end on the next.
  return (w.days[wday] && second >= start) || (w.days[(wday + 6) % 7] && second < end);
}

}  // namespace

std::optional<std::bitset<7>> parse_days(std::string_view text) {
  std::string s = lower_trim(text);
  if (s == "*" || s == "daily" || s == "everyday" || s == "all") return std::bitset<7>().set();
  if (s == "weekdays") return std::bitset<7>(0b0111110);
  if (s == "weekends") return std::bitset<7>(0b1000001);
  std::bitset<7> days;
  std::size_t pos = 0;
  while (true) {
    std::size_t comma = s.find(',', pos);
    std::string item = lower_trim(std::string_view(s).substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    std::size_t dash = item.find('-');
    int first = day_index(lower_trim(std::string_view(item).substr(0, dash)));
    int last = dash == std::string::npos ? first : day_index(lower_trim(std::string_view(item).substr(dash + 1)));
    if (first < 0 || last < 0) return std::nullopt;
    // A range may wrap past Saturday: "fri-mon" is Friday to Monday.
    for (int d = first;; d = (d + 1) % 7) {
      days.set(d);
      if (d == last) break;
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return days;
}

std::optional<std::pair<int, int>> parse_hours(std::string_view text) {
  std::string s = lower_trim(text);
  std::size_t dash = s.find('-');
  if (dash == std::string::npos) return std::nullopt;
  auto start = parse_clock(lower_trim(std::string_view(s).substr(0, dash)));
  auto end = parse_clock(lower_trim(std::string_view(s).substr(dash + 1)));
  if (!start || !end || *start >= 24 * 60) return std::nullopt;
  return std::make_pair(*start, *end);
}

bool WindowSet::active_at(Time t) const {
  if (windows_.empty()) return true;
  for (const Window& w : windows_)
    if (window_active(w, t)) return true;
  return false;
}

std::optional<Time> WindowSet::next_change(Time t, Time horizon) const {
  if (windows_.empty()) return std::nullopt;
  // The state is weekly in each window's local time; DST can hide a week's changes in a gap, but
  // not two weeks'. So no change within 15 days means no change ever.
  const Time search_end = std::min(horizon, t > kNever - 15 * kDay ? kNever : t + 15 * kDay);
  for (Time chunk = t; chunk <= search_end;) {
    Time chunk_end = chunk > kNever - kDay ? kNever : std::min(chunk + kDay, search_end);  // inclusive
    std::vector<Time> candidates;
    for (const Window& w : windows_) {
      // Wall-clock boundaries of the local days around the chunk...
      std::int64_t first_day = floor_div(floor_div(chunk, kSecond) + w.zone.offset_at(chunk), 86400) - 1;
      std::int64_t last_day = floor_div(floor_div(chunk_end, kSecond) + w.zone.offset_at(chunk_end), 86400) + 1;
      for (std::int64_t d = first_day; d <= last_day; ++d) {
        for (int minute : {w.start_minute, w.end_minute}) {
          CivilTime wall = civil_from_seconds(d * 86400 + minute * 60);
          for (Time at : w.zone.to_utc_all(wall)) candidates.push_back(at);
        }
      }
      // ...and the zone's jumps, where a boundary inside a gap takes effect.
      for (Time at = chunk; at <= chunk_end;) {
        TimeZone::Span span = w.zone.span_at(at);
        if (span.end > chunk_end) break;
        candidates.push_back(span.end);
        at = span.end;
      }
    }
    std::sort(candidates.begin(), candidates.end());
    for (Time c : candidates) {
      if (c < chunk || c > chunk_end) continue;
      if (active_at(c) != active_at(c - 1)) return c;
    }
    if (chunk_end >= search_end) break;
    chunk = chunk_end + 1;
  }
  return std::nullopt;
}

std::vector<std::pair<Time, Time>> WindowSet::intervals(Time from, Time to) const {
  std::vector<std::pair<Time, Time>> out;
  if (from >= to) return out;
  if (windows_.empty()) return {{from, to}};
  bool open = active_at(from);
  Time opened = from;
  Time cursor = from;
  while (cursor < to) {
    std::optional<Time> change = next_change(cursor + 1, to - 1);
    if (!change) break;
    if (open) out.emplace_back(opened, *change);
    opened = *change;
    open = !open;
    cursor = *change;
  }
  if (open) out.emplace_back(opened, to);
  return out;
}

}  // namespace sim
