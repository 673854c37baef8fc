// Quotas: where a plan's quota periods start, and in which bin of a run's billable counts use within
// a period first reaches the limit. Plain counts in, plain figures out; the exact instant inside
// that bin comes from the run's emission times (core/billing/usage.hpp).
#pragma once
#include <cstdint>
#include <vector>

#include "core/billing/billing.hpp"
#include "sim/tz.hpp"

namespace core {

// Start (UTC) of each of the plan's quota periods covering [start, end), the period starting on
// `start_date` in `zone`: days start at UTC midnight (assumption: a daily quota resets at 00:00
// UTC); months start on the start date, each month later (clamped to the month's last day).
// Empty for a plan without a quota period.
std::vector<sim::Time> quota_period_starts(const Plan& plan, sim::CivilDate start_date, sim::Time start, sim::Time end,
                                           const sim::TimeZone& zone);

struct QuotaUse {
  std::int64_t crossing_bin = -1;       // first bin in which use within a period reaches the limit; -1 never
  std::uint64_t used_before = 0;        // use in that period before that bin
  int periods_over = 0;                 // periods whose use reaches the limit
  std::uint64_t peak_period_billable = 0;  // most use in one period (the whole run when there are none)
};

// `billable[i]` is the use in bin i, which starts at first_bin + i * bin_width.
QuotaUse quota_use(const std::vector<std::uint64_t>& billable, sim::Time first_bin, sim::Duration bin_width,
                   const std::vector<sim::Time>& period_starts, std::uint64_t limit);

}  // namespace core
