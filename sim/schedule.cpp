// Fixed-interval schedules, the Schedule variant and fire runs. Cron, APScheduler and windows have
// their own files.
#include "sim/schedule.hpp"

#include <algorithm>

namespace sim {

Time IntervalSchedule::next_after(Time t) const {
  if (period <= 0) return kNever;
  // First base + k * period strictly after t, with floor division so t before base works too.
  // Enormous periods or phases run past the end of time: that is "never", not a wrapped time.
  Time base, diff, k1, step, next;
  if (__builtin_add_overflow(anchor, phase, &base) || __builtin_sub_overflow(t, base, &diff)) return kNever;
  Time k = diff / period;
  if (diff % period != 0 && diff < 0) --k;
  if (__builtin_add_overflow(k, 1, &k1) || __builtin_mul_overflow(k1, period, &step) || __builtin_add_overflow(base, step, &next)) return kNever;
  return next;
}

Time Schedule::next_after(Time t) const {
  return std::visit([t](const auto& s) { return s.next_after(t); }, s_);
}

namespace {

// Fire by fire, merged into runs of equal gaps.
void enumerate_fires(const Schedule& s, Time from, Time to, const FireRunFn& fn) {
  FireRun run{0, 0, 0};
  for (Time t = s.next_after(from - 1); t < to; t = s.next_after(t)) {
    if (run.count == 0) {
      run = {t, 0, 1};
    } else if (run.count == 1) {
      run.period = t - run.first;
      run.count = 2;
    } else if (t == run.first + static_cast<Time>(run.count) * run.period) {
      ++run.count;
    } else {
      fn(run);
      run = {t, 0, 1};
    }
  }
  if (run.count) fn(run);
}

// The fires of a cron minute grid: regular within each span of constant zone offset.
void cron_grid_runs(const Schedule& s, const CronSchedule& cron, int minutes, Time from, Time to, const FireRunFn& fn) {
  const Duration step = minutes * kMinute;
  for (Time at = from; at < to;) {
    TimeZone::Span span = cron.zone().span_at(at);
    Time seg_end = std::min(span.end, to);
    Time t1 = cron.next_after(at - 1);
    if (t1 < seg_end) {
      Time t2 = cron.next_after(t1);
      if (t2 == t1 + step || (t2 >= seg_end && t1 + step >= seg_end))
        fn({t1, step, static_cast<std::uint64_t>((seg_end - 1 - t1) / step) + 1});
      else
        enumerate_fires(s, at, seg_end, fn);  // not the grid we expected: be exact
    }
    at = seg_end;
  }
}

}  // namespace

void for_each_fire_run(const Schedule& s, Time from, Time to, const FireRunFn& fn) {
  if (from >= to) return;
  if (const auto* iv = std::get_if<IntervalSchedule>(&s.kind())) {
    Time first = iv->next_after(from - 1);
    if (first < to) fn({first, iv->period, static_cast<std::uint64_t>((to - 1 - first) / iv->period) + 1});
    return;
  }
  const auto* cron = std::get_if<CronSchedule>(&s.kind());
  if (int minutes = cron ? cron->grid_minutes() : 0) return cron_grid_runs(s, *cron, minutes, from, to, fn);
  enumerate_fires(s, from, to, fn);
}

void for_each_fire_run(const Schedule& s, const WindowSet& w, Time from, Time to, const FireRunFn& fn) {
  if (w.always()) return for_each_fire_run(s, from, to, fn);
  for (auto [a, b] : w.intervals(from, to)) for_each_fire_run(s, a, b, fn);
}

std::vector<Time> fire_times(const Schedule& s, const WindowSet& w, Time from, Time to) {
  std::vector<Time> out;
  auto each = [&](Time a, Time b) {
    for (Time t = s.next_after(a - 1); t < b; t = s.next_after(t)) out.push_back(t);
  };
  if (w.always()) each(from, to);
  else
    for (auto [a, b] : w.intervals(from, to)) each(a, b);
  return out;
}

}  // namespace sim
