// A run's counts priced under one set of billing rules: what each bundle the recorder counted weighs
// under those rules, the billable use per bin, and the exact instant a quota runs out inside its
// crossing bin. Counting is the recorder's; this is where the plan's rules meet the counts, once
// per set of rules, so a plan is never judged on counts billed under another provider's rules.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/billing/billing.hpp"
#include "core/engine/recorder.hpp"

namespace core {

struct MeteredUse {
  std::string rules;                    // BillingRules id
  std::vector<std::uint64_t> weight;    // billable commands per hit, per bundle
  std::vector<std::uint64_t> billable;  // billable commands per bin
  std::uint64_t total = 0;              // over the run
};

MeteredUse meter(const Recorder& rec, const BillingRules& rules);

// The first instant in bin `bin` at which the bin's billable use so far reaches `need` (the quota
// left when the bin starts). Exactly the time of the emission that uses the quota up; nullopt if
// the bin's use never reaches `need`. Requires the recorder to have kept its emission times.
std::optional<sim::Time> quota_exhausted_at(const Recorder& rec, const MeteredUse& use, std::int64_t bin,
                                            std::uint64_t need);

}  // namespace core
