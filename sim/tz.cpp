// Time zones from POSIX TZ rule strings (the footer line of a TZif file): "CET-1CEST,M3.5.0,M10.5.0/3".
// Parsing follows POSIX and RFC 8536 (transition times from -167 to 167 hours, quoted <+0530> names).
#include "sim/tz.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include "sim/tz_data.hpp"

namespace sim {

namespace {

constexpr Time kTimeMin = std::numeric_limits<Time>::min();

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

enum RuleKind { kMonthWeekDay = 0, kJulianNoLeap = 1, kZeroBasedDay = 2 };

}  // namespace

namespace {

// One DST transition rule: a day of the year and a local time of day.
struct TransitionRule {
  int kind = kMonthWeekDay;
  int month = 0, week = 0, wday = 0;  // Mm.w.d
  int yday = 0;                       // Jn (1..365) or n (0..365)
  int time = 7200;                    // seconds after local midnight, may be negative or > 24 h

  // Days since the epoch of the rule's date in `year`.
  std::int64_t day(int year) const {
    std::int64_t jan1 = days_from_civil(CivilDate{year, 1, 1});
    switch (kind) {
      case kJulianNoLeap:  // Jn: February 29 is never counted, so J60 is always March 1
        return jan1 + yday - 1 + (is_leap_year(year) && yday >= 60 ? 1 : 0);
      case kZeroBasedDay:  // n: counts February 29
        return jan1 + yday;
      default: {  // Mm.w.d: day d of week w (5 = last) of month m
        std::int64_t first = days_from_civil(CivilDate{year, month, 1});
        int offset = (wday - weekday_from_days(first) + 7) % 7 + (week - 1) * 7;
        int length = days_in_month(year, month);
        while (offset >= length) offset -= 7;
        return first + offset;
      }
    }
  }
  // UTC seconds of the transition in `year`, given the offset in force before it.
  std::int64_t utc_seconds(int year, int offset_before) const {
    return day(year) * 86400 + time - offset_before;
  }
};

// ---- POSIX TZ string parsing -------------------------------------------------------------------

class PosixParser {
 public:
  explicit PosixParser(std::string_view s) : s_(s) {}

  bool done() const { return pos_ == s_.size(); }
  bool peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  // std / dst name: three or more letters, or anything alphanumeric with signs inside <...>.
  bool name(std::string& out) {
    if (eat('<')) {
      std::size_t start = pos_;
      while (pos_ < s_.size() && s_[pos_] != '>') {
        char c = s_[pos_];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-') return false;
        ++pos_;
      }
      if (!peek('>') || pos_ - start < 1) return false;
      out = std::string(s_.substr(start, pos_ - start));
      ++pos_;
      return true;
    }
    std::size_t start = pos_;
    while (pos_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    if (pos_ - start < 3) return false;
    out = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  // [+-]hh[:mm[:ss]] in seconds; hours up to max_hours.
  bool hms(int max_hours, int& out) {
    int sign = 1;
    if (eat('-'))
      sign = -1;
    else
      eat('+');
    int h = 0, m = 0, sec = 0;
    if (!number(h, 3) || h > max_hours) return false;
    if (eat(':')) {
      if (!number(m, 2) || m > 59) return false;
      if (eat(':') && (!number(sec, 2) || sec > 59)) return false;
    }
    out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }

  bool rule(TransitionRule& r);

  bool number(int& out, int max_digits) {
    std::size_t start = pos_;
    int v = 0;
    while (pos_ < s_.size() && pos_ - start < static_cast<std::size_t>(max_digits) &&
           std::isdigit(static_cast<unsigned char>(s_[pos_])))
      v = v * 10 + (s_[pos_++] - '0');
    if (pos_ == start) return false;
    out = v;
    return true;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

bool PosixParser::rule(TransitionRule& r) {
  if (eat('M')) {
    r.kind = kMonthWeekDay;
    if (!number(r.month, 2) || r.month < 1 || r.month > 12) return false;
    if (!eat('.') || !number(r.week, 1) || r.week < 1 || r.week > 5) return false;
    if (!eat('.') || !number(r.wday, 1) || r.wday > 6) return false;
  } else if (eat('J')) {
    r.kind = kJulianNoLeap;
    if (!number(r.yday, 3) || r.yday < 1 || r.yday > 365) return false;
  } else {
    r.kind = kZeroBasedDay;
    if (!number(r.yday, 3) || r.yday > 365) return false;
  }
  r.time = 7200;  // POSIX default: 02:00
  if (eat('/') && !hms(167, r.time)) return false;
  return true;
}

}  // namespace

std::optional<TimeZone> TimeZone::from_posix(std::string_view name, std::string_view posix_rule) {
  TimeZone tz;
  tz.name_ = std::string(name);
  tz.rule_ = std::string(posix_rule);
  PosixParser p(posix_rule);
  int std_west = 0;  // POSIX offsets count hours west of Greenwich
  if (!p.name(tz.std_abbr_) || !p.hms(24, std_west)) return std::nullopt;
  tz.std_offset_ = -std_west;
  tz.dst_offset_ = tz.std_offset_;
  if (p.done()) return tz;

  if (!p.name(tz.dst_abbr_)) return std::nullopt;
  tz.has_dst_ = true;
  tz.dst_offset_ = tz.std_offset_ + 3600;  // default: one hour ahead of standard time
  if (!p.peek(',') && !p.done()) {
    int dst_west = 0;
    if (!p.hms(24, dst_west)) return std::nullopt;
    tz.dst_offset_ = -dst_west;
  }
  TransitionRule start, end;
  if (p.done()) {
    // No rule given: glibc falls back to the US rules (its "posixrules" file is America/New_York).
    start = TransitionRule{kMonthWeekDay, 3, 2, 0, 0, 7200};
    end = TransitionRule{kMonthWeekDay, 11, 1, 0, 0, 7200};
  } else if (!p.eat(',') || !p.rule(start) || !p.eat(',') || !p.rule(end) || !p.done()) {
    return std::nullopt;
  }
  tz.start_kind_ = start.kind, tz.start_month_ = start.month, tz.start_week_ = start.week;
  tz.start_wday_ = start.wday, tz.start_yday_ = start.yday, tz.start_time_ = start.time;
  tz.end_kind_ = end.kind, tz.end_month_ = end.month, tz.end_week_ = end.week;
  tz.end_wday_ = end.wday, tz.end_yday_ = end.yday, tz.end_time_ = end.time;
  // Offsets are within +-25 h (18 bits as seconds + 2^17), rule times within +-167 h (20 bits).
  auto pack_rule = [](const TransitionRule& r) {
    return std::uint64_t(r.kind) | std::uint64_t(r.month) << 2 | std::uint64_t(r.week) << 6 |
           std::uint64_t(r.wday) << 9 | std::uint64_t(r.yday) << 12 | std::uint64_t(r.time + (1 << 20)) << 21;
  };
  tz.key_[0] = pack_rule(start) | std::uint64_t(tz.std_offset_ + (1 << 17)) << 43;
  tz.key_[1] = pack_rule(end) | std::uint64_t(tz.dst_offset_ + (1 << 17)) << 43;
  return tz;
}

TimeZone TimeZone::utc() { return *from_posix("UTC", "UTC0"); }

std::optional<TimeZone> TimeZone::find(std::string_view iana_name) {
  const auto& zones = detail::embedded_zones();
  auto it = std::lower_bound(zones.begin(), zones.end(), iana_name,
                             [](const detail::ZoneEntry& e, std::string_view n) { return e.name < n; });
  if (it == zones.end() || it->name != iana_name) return std::nullopt;
  return from_posix(it->name, it->posix_rule);
}

const std::vector<std::string>& TimeZone::supported_zones() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& e : detail::embedded_zones()) names.emplace_back(e.name);
    return names;
  }();
  return kNames;
}

// ---- Offsets -----------------------------------------------------------------------------------

namespace {

struct CachedSpan {
  std::uint64_t key[2];
  TimeZone::Span span;
  bool valid = false;
};

// Consecutive queries nearly always fall in the span of the previous one (a schedule asks for the
// next minute, then the next...). A few per thread, so alternating zones do not thrash and threads
// never share one.
constexpr int kCacheSlots = 4;
thread_local std::array<CachedSpan, kCacheSlots> t_span_cache;
thread_local int t_span_cache_next = 0;

}  // namespace

TimeZone::Span TimeZone::span_at(Time utc) const {
  if (!has_dst_) return Span{kTimeMin, kNever, std_offset_, std_offset_, false};

  for (const CachedSpan& c : t_span_cache)
    if (c.valid && c.span.start <= utc && utc < c.span.end && c.key[0] == key_[0] && c.key[1] == key_[1])
      return c.span;

  TransitionRule start{start_kind_, start_month_, start_week_, start_wday_, start_yday_, start_time_};
  TransitionRule end{end_kind_, end_month_, end_week_, end_wday_, end_yday_, end_time_};

  // Transitions of the surrounding years, in order. A rule's time may reach days into a neighbouring
  // year (RFC 8536 allows +-167 h), so two years either side keeps the answer bracketed.
  struct Change {
    std::int64_t at;  // UTC seconds
    bool to_dst;
  };
  std::int64_t secs = floor_div(utc, kSecond);
  int year = civil_from_days(floor_div(secs, 86400)).year;
  std::array<Change, 10> changes;
  int n = 0;
  for (int y = year - 2; y <= year + 2; ++y) {
    changes[n++] = Change{start.utc_seconds(y, std_offset_), true};
    changes[n++] = Change{end.utc_seconds(y, dst_offset_), false};
  }
  // On a tie the change to standard time goes first, so a zone that is on DST all year
  // ("EST5EDT4,0/0,J365/25": DST ends at the instant it restarts) stays on DST.
  std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return a.at != b.at ? a.at < b.at : (!a.to_dst && b.to_dst);
  });

  // Walk the changes, keeping only those that change the offset.
  bool dst = !changes[0].to_dst;
  Time span_start = kTimeMin;
  bool before_dst = dst;
  Time span_end = kNever;
  for (int i = 0; i < n; ++i) {
    if (changes[i].to_dst == dst) continue;
    if (i + 1 < n && changes[i + 1].at == changes[i].at) continue;  // tie: the later entry decides
    Time at = changes[i].at * kSecond;
    if (at > utc) {
      span_end = at;
      break;
    }
    before_dst = dst;
    dst = changes[i].to_dst;
    span_start = at;
  }
  Span span{span_start, span_end, dst ? dst_offset_ : std_offset_, before_dst ? dst_offset_ : std_offset_, dst};
  if (span_start == kTimeMin) span.offset_before = span.offset;

  t_span_cache[t_span_cache_next] = CachedSpan{{key_[0], key_[1]}, span, true};
  t_span_cache_next = (t_span_cache_next + 1) % kCacheSlots;
  return span;
}

int TimeZone::offset_at(Time utc) const { return has_dst_ ? span_at(utc).offset : std_offset_; }

std::string TimeZone::abbreviation_at(Time utc) const {
  return has_dst_ && span_at(utc).dst ? dst_abbr_ : std_abbr_;
}

CivilTime TimeZone::to_local(Time utc) const {
  return civil_from_seconds(floor_div(utc, kSecond) + offset_at(utc));
}

int TimeZone::resolve(std::int64_t wall, Time (&out)[2]) const {
  int n = 0;
  // Each candidate offset gives one instant; it counts if the zone really uses that offset then.
  // The larger offset first, so an overlap's two instants come out in order.
  int first = std::max(std_offset_, dst_offset_), second = std::min(std_offset_, dst_offset_);
  for (int offset : {first, second}) {
    Time at = (wall - offset) * kSecond;
    if (offset_at(at) == offset && (n == 0 || out[0] != at)) out[n++] = at;
    if (!has_dst_) break;
  }
  return n;
}

std::vector<Time> TimeZone::to_utc_all(const CivilTime& local) const {
  Time at[2];
  int n = resolve(seconds_from_civil(local), at);
  return std::vector<Time>(at, at + n);
}

std::optional<Time> TimeZone::to_utc_exact(const CivilTime& local) const {
  Time at[2];
  if (resolve(seconds_from_civil(local), at) == 0) return std::nullopt;
  return at[0];
}

Time TimeZone::to_utc(const CivilTime& local) const {
  std::int64_t wall = seconds_from_civil(local);
  Time at[2];
  if (resolve(wall, at) > 0) return at[0];
  // In a gap: read the wall time with the offset in force before the gap (the smaller one, since
  // clocks jump forward), which lands as far past the gap's end as the time was past its start.
  // This is what Python's zoneinfo does with fold=0, and so what APScheduler 3.x relies on.
  return (wall - std::min(std_offset_, dst_offset_)) * kSecond;
}

}  // namespace sim
