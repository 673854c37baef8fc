#include "core/chart/projection_chart.hpp"

#include <algorithm>
#include <cstdio>

#include "core/format/format.hpp"

namespace core::chart {
namespace {

// "03-14", or "2026-12-30" when the period crosses a new year (as the browser app labels days).
std::string day_label(const Projection& p, std::size_t d) {
  const auto& date = p.daily[d].date;
  bool crosses_year = p.daily.front().date.year != p.daily.back().date.year;
  char buf[24];
  if (crosses_year) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  else std::snprintf(buf, sizeof buf, "%02d-%02d", date.month, date.day);
  return buf;
}

std::string local(const Projection& p, sim::Time t) {
  sim::CivilTime c = p.zone.to_local(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d %s", c.date.year, c.date.month, c.date.day, c.hour, c.minute,
                p.zone.abbreviation_at(t).c_str());
  return buf;
}

}  // namespace

Chart projection_chart(const Projection& p) {
  Chart c;
  const std::size_t D = p.daily.size();
  const double span_days = p.end > p.start ? static_cast<double>(p.end - p.start) / static_cast<double>(sim::kDay) : 1.0;
  c.title = p.scenario + ": billable commands against the " + p.plan.id + " quota";
  c.subtitle = (D ? sim::format_date(p.daily.front().date) : std::string()) + " + " + std::to_string(p.days) + " days (" +
               p.zone.name() + "), " + format::grouped(p.billable) + " billable of " + format::grouped(p.commands) +
               " commands, pay-as-you-go " + format::usd(p.payg_usd);

  // Day labels: at most about twelve, every k-th day.
  std::size_t every = std::max<std::size_t>(1, (D + 11) / 12);
  LinePanel& l = c.line;
  l.title = "Cumulative billable commands";
  l.x_title = "day (" + p.zone.name() + ")";
  l.y_title = "billable commands";
  l.x_min = 0;
  l.x_max = span_days;
  l.curve_label = "cumulative billable";
  l.curve.emplace_back(0, 0);
  for (std::size_t d = 0; d < D; ++d) {
    // Day d ends at local midnight after it; days are 23 or 25 hours across a DST change.
    sim::Time day_end = d + 1 < D ? p.zone.to_utc(sim::CivilTime{p.daily[d + 1].date, 0, 0, 0}) : p.end;
    l.curve.emplace_back(static_cast<double>(day_end - p.start) / static_cast<double>(sim::kDay),
                         static_cast<double>(p.daily[d].cumulative_billable));
  }
  for (std::size_t d = 0; d < D; d += every) {
    sim::Time day_start = p.zone.to_utc(sim::CivilTime{p.daily[d].date, 0, 0, 0});
    l.x_ticks.push_back({static_cast<double>(day_start - p.start) / static_cast<double>(sim::kDay), day_label(p, d)});
  }
  const double limit = static_cast<double>(p.plan.limit);
  if (p.plan.limit > 0) {
    if (p.plan.period == QuotaPeriod::Day) {
      l.quota = {{0, 0}, {span_days, limit * span_days}};
      l.quota_label = "daily quota " + format::compact(limit) + " x days";
    } else {
      l.quota = {{0, limit}, {span_days, limit}};
      l.quota_label = "quota " + format::compact(limit) + "/month";
    }
  }
  if (p.exhausted_at) {
    l.exhausted_x = static_cast<double>(*p.exhausted_at - p.start) / static_cast<double>(sim::kDay);
    l.exhausted_label = "exhausted " + local(p, *p.exhausted_at);
  }

  BarPanel& b = c.bars;
  b.title = "Billable commands per day, by component";
  b.x_title = l.x_title;
  b.y_title = "billable / day";
  for (const auto& comp : p.components) b.layers.push_back(comp.name);
  if (b.layers.empty()) b.layers.push_back("total");
  for (std::size_t d = 0; d < D; ++d) {
    std::vector<double> bar;
    if (p.components.empty()) bar.push_back(static_cast<double>(p.daily[d].billable));
    for (auto v : p.daily[d].billable_by_component) bar.push_back(static_cast<double>(v));
    b.values.push_back(bar);
  }
  for (std::size_t d = 0; d < D; d += every) b.x_ticks.push_back({static_cast<double>(d) + 0.5, day_label(p, d)});
  if (p.plan.limit > 0 && p.plan.period == QuotaPeriod::Day) b.quota = limit;

  if (p.plan.limit > 0)
    c.notes.push_back(p.plan.name + ": " + format::percent(p.used_pct) + " of the quota used" +
                      (p.exhausted_at ? ", runs out " + local(p, *p.exhausted_at) : std::string(", fits")));
  return c;
}

}  // namespace core::chart
