#include "core/chart/replay_chart.hpp"

#include <algorithm>
#include <cstdio>

#include "core/billing/billing.hpp"
#include "core/format/format.hpp"
#include "sim/tz.hpp"

namespace core::chart {

Chart replay_chart(const replay::ReplayReport& r) {
  const replay::CaptureMonthEstimate& m = r.projection;
  Chart c;
  // The file's name without its folders: the title has to fit one line.
  std::string name = r.source.substr(r.source.find_last_of('/') == std::string::npos ? 0 : r.source.find_last_of('/') + 1);
  c.title = name + ": a month at the capture's rate against the " + r.plan.id + " quota";
  c.subtitle = format::grouped(r.client_commands) + " commands over " + format::duration(r.span_s, format::DurationStyle::whole_seconds) +
               "; a month at the steady rate: " + format::compact(m.monthly_billable) + " billable (95 % " +
               format::compact(m.billable_low) + " to " + format::compact(m.billable_high) + "), " + format::usd(m.monthly_cost_usd) + " on the plan, " +
               format::usd(m.payg_cost_usd) + " on pay-as-you-go";

  LinePanel& l = c.line;
  const double month = kBillingMonthDays;
  l.title = "Cumulative billable commands over a billing month, at the capture's steady rate";
  l.x_title = "day of the billing month";
  l.y_title = "billable commands";
  l.x_min = 0;
  l.x_max = month;
  l.curve_label = "estimated cumulative billable";
  l.curve = {{0, 0}, {month, m.monthly_billable}};
  l.band_low = {{0, 0}, {month, m.billable_low}};
  l.band_high = {{0, 0}, {month, m.billable_high}};
  double step = nice_step(month, 6);
  for (double d = 0; d <= month + 1e-9; d += step) l.x_ticks.push_back({d, "day " + format::fixed(d, 0)});
  const double limit = static_cast<double>(r.plan.limit);
  if (r.plan.limit > 0) {
    if (r.plan.period == QuotaPeriod::Day) {
      l.quota = {{0, 0}, {month, limit * month}};
      l.quota_label = "daily quota " + format::compact(limit) + " x days";
    } else {
      l.quota = {{0, limit}, {month, limit}};
      l.quota_label = "quota " + format::compact(limit) + "/month";
    }
  }
  if (m.quota_exhausted_day) {
    l.exhausted_x = *m.quota_exhausted_day;
    l.exhausted_label = "exhausted on day " + format::fixed(*m.quota_exhausted_day, 1);
  }

  BarPanel& b = c.bars;
  const double width_s = static_cast<double>(r.series_width) / static_cast<double>(sim::kSecond);
  b.title = "The capture: commands per " + format::duration(width_s, format::DurationStyle::whole_seconds) + " (UTC)";
  b.x_title = "time (UTC)";
  b.y_title = "commands / bin";
  b.layers = {"billable", "free"};
  for (const auto& bin : r.series)
    b.values.push_back({static_cast<double>(bin.billable),
                        static_cast<double>(bin.commands > bin.billable ? bin.commands - bin.billable : 0)});
  std::size_t every = std::max<std::size_t>(1, (r.series.size() + 9) / 10);
  for (std::size_t i = 0; i < r.series.size(); i += every) {
    sim::CivilTime t = sim::TimeZone::utc().to_local(r.series[i].start_us);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
    b.x_ticks.push_back({static_cast<double>(i) + 0.5, buf});
  }
  if (r.plan.limit > 0)
    c.notes.push_back(r.plan.name + ": " + format::percent(m.quota_used * 100) + " of the quota a month" +
                      (m.quota_exhausted_day ? ", runs out on day " + format::fixed(*m.quota_exhausted_day, 1) : std::string()));
  for (const auto& cav : m.caveats) c.notes.push_back("note: " + cav);
  return c;
}

}  // namespace core::chart
