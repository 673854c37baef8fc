// Fixed-interval schedules and the Schedule variant. Cron, APScheduler and windows have their own files.
#include "sim/schedule.hpp"

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

}  // namespace sim
