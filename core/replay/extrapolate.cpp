#include "core/replay/extrapolate.hpp"

#include <algorithm>
#include <cmath>

#include "core/format/format.hpp"
#include "core/replay/analyzer.hpp"

namespace core::replay {
namespace {
// Prose about the capture's length: whole seconds are enough.
std::string duration_text(double s) { return format::duration(s, format::DurationStyle::whole_seconds); }
}  // namespace

SteadyWindow choose_steady_window(const Transients& t, double span_s) {
  SteadyWindow w{0, span_s, true};
  double start = t.has_startup ? t.startup_s : 0;
  double end = t.has_shutdown ? t.shutdown_from_s : span_s;
  // Keep the trim only if a good part of the capture is left to measure.
  if ((t.has_startup || t.has_shutdown) && end - start >= std::max(10.0, 0.3 * span_s)) {
    w.start_s = start;
    w.end_s = end;
    w.whole = false;
  }
  return w;
}

void marginal_price(const ReplayReport& r, double& usd, std::string& note) {
  usd = 0;
  note.clear();
  if (auto payg = pay_as_you_go(r.plan, date_of(r.first_us))) {
    usd = usd_per_command(*payg);
    note = "priced as " + payg->name;
  }
}

void estimate_month(ReplayReport& r, const SteadyWindow& w, const std::function<double(CommandId, bool)>& weight) {
  CaptureMonthEstimate& pr = r.projection;
  pr.steady_start_s = w.start_s;
  pr.steady_end_s = w.end_s;
  pr.steady_s = w.end_s - w.start_s;
  pr.whole_capture = w.whole;
  const double T = pr.steady_s;
  const double M = kSecondsPerMonth;

  double steady = 0, steady_billable = 0, lua_steady = 0, lua_billable = 0;
  for (CommandRow& c : r.commands) {
    double billable = c.monthly_billable;  // steady billable count, set by the analyzer
    steady += static_cast<double>(c.steady);
    steady_billable += billable;
    if (c.total) {
      double lua_share = static_cast<double>(c.lua) / static_cast<double>(c.total);
      lua_steady += lua_share * static_cast<double>(c.steady);
      lua_billable += lua_share * static_cast<double>(c.steady) * static_cast<double>(c.weight_lua);
    }
    if (T > 0) {
      c.steady_per_min = static_cast<double>(c.steady) / T * 60;
      c.monthly = static_cast<double>(c.steady) / T * M;
      c.monthly_billable = billable / T * M;
    } else {
      c.steady_per_min = c.monthly = c.monthly_billable = 0;
    }
  }
  pr.steady_commands = static_cast<std::uint64_t>(steady);
  if (T <= 0) {
    pr.caveats.push_back("the capture spans less than a second: nothing to extrapolate");
    return;
  }
  pr.steady_per_min = steady / T * 60;
  pr.steady_billable_per_min = steady_billable / T * 60;
  pr.monthly_commands = steady / T * M;
  pr.monthly_billable = steady_billable / T * M;
  double billable_ratio = steady > 0 ? steady_billable / steady : 1;
  double lua_weight = lua_steady > 0 ? lua_billable / lua_steady : 1;

  // Loops.
  double loops_rate = 0, loops_var = 0;
  for (LoopRow& l : r.loops) {
    if (l.period_s <= 0) continue;
    double rate = l.commands_per_cycle / l.period_s;
    double brate = 0;
    for (const LoopMember& m : l.members)
      brate += (m.per_cycle * weight(m.cmd, false) + m.inner_per_cycle * lua_weight) / l.period_s;
    l.monthly_commands = rate * M;
    l.monthly_billable = brate * M;
    // Only loops alive in the steady window count towards its explained part.
    if (l.last_s < w.start_s || l.first_s > w.end_s) continue;
    loops_rate += rate;
    double n = std::max<double>(1, static_cast<double>(l.cycles) - 1);
    double rel = l.jitter_s / l.period_s / std::sqrt(n) + 0.5 / static_cast<double>(std::max<std::uint64_t>(l.cycles, 1));
    loops_var += (rate * M * rel) * (rate * M * rel);
  }
  double total_rate = steady / T;
  pr.loops_monthly = std::min(loops_rate, total_rate) * M;
  pr.traffic_monthly = pr.monthly_commands - pr.loops_monthly;
  double traffic_n = std::max(0.0, steady - loops_rate * T);

  // Spread of per-bin counts inside the window (captures clustering: one job = many commands).
  double block_sd = -1;
  {
    std::vector<double> rates;
    double width = static_cast<double>(r.series_width) * 1e-6;
    double start_abs = static_cast<double>(r.first_us) * 1e-6 + w.start_s;
    double end_abs = static_cast<double>(r.first_us) * 1e-6 + w.end_s;
    for (const SeriesBin& b : r.series) {
      double bs = static_cast<double>(b.start_us) * 1e-6;
      if (bs >= start_abs && bs + width <= end_abs) rates.push_back(static_cast<double>(b.commands) / width);
    }
    if (rates.size() >= 4) {
      double mean = 0;
      for (double x : rates) mean += x;
      mean /= static_cast<double>(rates.size());
      double var = 0;
      for (double x : rates) var += (x - mean) * (x - mean);
      var /= static_cast<double>(rates.size() - 1);
      block_sd = std::sqrt(var / static_cast<double>(rates.size())) * M;
    }
  }
  double poisson_sd = std::sqrt(traffic_n) / T * M;
  double sd = std::sqrt(loops_var + poisson_sd * poisson_sd);
  if (block_sd > sd) sd = block_sd;
  pr.monthly_low = std::max(0.0, pr.monthly_commands - 1.96 * sd);
  pr.monthly_high = pr.monthly_commands + 1.96 * sd;
  pr.billable_low = pr.monthly_low * billable_ratio;
  pr.billable_high = pr.monthly_high * billable_ratio;

  // Money and quota.
  // ElastiCache counts ECPUs: the capture's own ECPUs per command (its argument sizes).
  DataUse measured;
  measured.ecpus_per_command = r.ecpus_per_command;
  pr.monthly_cost_usd = plan_cost(r.plan, pr.monthly_billable, 1, measured).total_usd;
  if (auto payg = pay_as_you_go(r.plan, date_of(r.first_us))) pr.payg_cost_usd = usage_cost_usd(*payg, pr.monthly_billable, 1);
  pr.quota_used = quota_share(r.plan, pr.monthly_billable);
  // A monthly quota runs out on the day of the month the average rate reaches it.
  if (r.plan.period == QuotaPeriod::Month && pr.quota_used > 1) pr.quota_exhausted_day = kBillingMonthDays / pr.quota_used;

  // What the capture cannot tell.
  if (T < 3600)
    pr.caveats.push_back("rates measured over " + duration_text(T) +
                         " of steady state: hourly and daily variation (business hours, cron jobs) is not in it");
  if (T < 86400)
    pr.caveats.push_back("loops slower than " + duration_text(T / 3) + " cannot be seen in a capture this long");
  if (r.transients.has_startup && !w.whole)
    pr.caveats.push_back("start-up transient left out: " + std::to_string(r.transients.startup_commands) +
                         " commands in the first " + duration_text(r.transients.startup_s) +
                         "; each restart adds about as many");
  if (r.transients.has_shutdown && !w.whole)
    pr.caveats.push_back("shut-down transient left out: " + std::to_string(r.transients.shutdown_commands) +
                         " commands in the last " + duration_text(r.span_s - r.transients.shutdown_from_s));
  if ((r.transients.has_startup || r.transients.has_shutdown) && w.whole)
    pr.caveats.push_back("the capture is too short to separate its start-up and shut-down from the steady state; "
                         "the whole capture was used");
  if (r.skipped)
    pr.caveats.push_back(std::to_string(r.skipped) + " malformed line(s) could not be counted");
  if (r.lua_without_caller)
    pr.caveats.push_back(std::to_string(r.lua_without_caller) +
                         " script-run line(s) had no EVAL/EVALSHA/FCALL before them (capture started mid-script?)");
}

}  // namespace core::replay
