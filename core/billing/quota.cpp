#include "core/billing/quota.hpp"

#include <algorithm>

namespace core {

std::vector<sim::Time> quota_period_starts(const Plan& plan, sim::CivilDate start_date, sim::Time start, sim::Time end,
                                           const sim::TimeZone& zone) {
  std::vector<sim::Time> starts;
  if (plan.period == QuotaPeriod::Day) {
    sim::Time t = start - ((start % sim::kDay) + sim::kDay) % sim::kDay;
    for (; t < end; t += sim::kDay) starts.push_back(t);
  } else if (plan.period == QuotaPeriod::Month) {
    for (int k = 0;; ++k) {
      int y = start_date.year, m = start_date.month + k;
      y += (m - 1) / 12;
      m = (m - 1) % 12 + 1;
      int d = std::min(start_date.day, sim::days_in_month(y, m));
      sim::Time t = zone.to_utc(sim::CivilTime{sim::CivilDate{y, m, d}, 0, 0, 0});
      if (t >= end) break;
      starts.push_back(t);
    }
  }
  return starts;
}

QuotaUse quota_use(const std::vector<std::uint64_t>& billable, sim::Time first_bin, sim::Duration bin_width,
                   const std::vector<sim::Time>& period_starts, std::uint64_t limit) {
  QuotaUse q;
  bool quota = limit > 0 && !period_starts.empty();
  std::size_t p = 0;
  std::uint64_t used = 0;
  bool over = false;
  for (std::size_t i = 0; i < billable.size(); ++i) {
    sim::Time t = first_bin + static_cast<sim::Time>(i) * bin_width;
    while (p + 1 < period_starts.size() && t >= period_starts[p + 1]) {
      ++p;
      used = 0;
      over = false;
    }
    if (quota && !over && used + billable[i] >= limit) {
      over = true;
      ++q.periods_over;
      if (q.crossing_bin < 0) {
        q.crossing_bin = static_cast<std::int64_t>(i);
        q.used_before = used;
      }
    }
    used += billable[i];
    q.peak_period_billable = std::max(q.peak_period_billable, used);
  }
  return q;
}

}  // namespace core
