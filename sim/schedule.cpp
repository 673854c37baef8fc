// Fixed-interval schedules and the Schedule variant. Cron, APScheduler and windows have their own files.
#include "sim/schedule.hpp"

namespace sim {

Time IntervalSchedule::next_after(Time t) const {
  if (period <= 0) return kNever;
  Time base = anchor + phase;
  // First base + k * period strictly after t, with floor division so t before base works too.
  Time diff = t - base;
  Time k = diff / period;
  if (diff % period != 0 && diff < 0) --k;
  Time next = base + (k + 1) * period;
  return next;
}

Time Schedule::next_after(Time t) const {
  return std::visit([t](const auto& s) { return s.next_after(t); }, s_);
}

}  // namespace sim
