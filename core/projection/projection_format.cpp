// Projection output: the JSON contract (docs/projection-json.md), a table for people, CSV and
// Markdown. Money is rounded to micro-dollars so outputs are stable across builds.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/format/format.hpp"
#include "core/projection/projection.hpp"

namespace core {
namespace {

using format::grouped;
using format::percent;
using format::usd;

double money(double usd) { return std::round(usd * 1e6) / 1e6; }
// Gauges are kept as doubles (expected values may be fractional); outputs count whole keys and bytes.
std::uint64_t whole(double v) { return v > 0 ? static_cast<std::uint64_t>(std::llround(v)) : 0; }

std::string iso_local(const Projection& p, sim::Time t) { return sim::format_iso(t, p.zone.offset_at(t)); }

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// Components whose document gives settings that change no traffic, in component order.
bool any_no_effect(const Projection& p) {
  for (const auto& c : p.components)
    if (!c.no_effect.empty()) return true;
  return false;
}

json optional_number(const std::optional<double>& v) { return v ? json(std::round(*v)) : json(nullptr); }

// "upstash-fixed-250mb is cheaper above 5.00M billable commands/month" (or that none ever is).
std::string break_even_sentence(const Projection& p, const BreakEven& b) {
  if (b.cheapest.empty()) return "no plan fits";
  std::string s = "at " + format::compact(p.billable_per_month) + " billable/month " + b.cheapest + " is cheapest (" +
                  usd(b.cheapest_usd) + "/month)";
  if (b.next.empty()) return s + "; no other plan becomes cheaper with more commands";
  return s + "; " + b.next + " is cheaper above " + format::compact(b.next_above) + " commands/month";
}

json break_even_json(const Projection& p, const BreakEven& be) {
  return {{"billable_per_month", std::round(p.billable_per_month)},
          {"cheapest_plan", be.cheapest.empty() ? json(nullptr) : json(be.cheapest)},
          {"cheapest_usd_per_month", money(be.cheapest_usd)},
          {"next_plan", be.next.empty() ? json(nullptr) : json(be.next)},
          {"next_cheaper_above", be.next.empty() ? json(nullptr) : json(std::round(be.next_above))},
          {"summary", break_even_sentence(p, be)}};
}

}  // namespace

json projection_to_json(const Projection& p) {
  json j;
  j["scenario"] = p.scenario;
  j["period"] = {{"start", iso_local(p, p.start)}, {"end", iso_local(p, p.end)}, {"days", p.days}, {"zone", p.zone.name()}};
  j["totals"] = {{"commands", p.commands}, {"billable", p.billable}, {"free", p.commands >= p.billable ? p.commands - p.billable : 0},
                 {"reads", p.reads}, {"writes", p.writes}, {"other", p.other}};
  j["commands"] = json::object();
  for (const auto& [name, n] : p.by_command) j["commands"][name] = n;
  j["components"] = json::array();
  for (const auto& c : p.components) {
    json cj = {{"name", c.name}, {"type", c.type}, {"commands", c.commands}, {"billable", c.billable}};
    cj["by_command"] = json::object();
    for (const auto& [name, n] : c.by_command) cj["by_command"][name] = n;
    cj["max_keys"] = whole(c.max_keys);
    cj["max_bytes"] = whole(c.max_bytes);
    if (!c.no_effect.empty()) cj["no_effect"] = c.no_effect;  // only where the document gives such settings
    j["components"].push_back(cj);
  }
  j["daily"] = json::array();
  for (const auto& d : p.daily) {
    json dj = {{"date", sim::format_date(d.date)}, {"commands", d.commands}, {"billable", d.billable},
               {"cumulative_billable", d.cumulative_billable}, {"by_component", d.by_component}};
    dj["keys"] = whole(d.keys);
    dj["bytes"] = whole(d.bytes);
    j["daily"].push_back(dj);
  }
  j["hour_of_day"] = p.hour_of_day;
  j["quota"] = {{"plan", p.plan.id},
                {"plan_name", p.plan.name},
                {"limit", p.plan.limit},
                {"period", to_string(p.plan.period)},
                {"exhausted_at", p.exhausted_at ? json(iso_local(p, *p.exhausted_at)) : json(nullptr)},
                {"periods_over", p.periods_over},
                {"peak_period_billable", p.peak_period_billable},
                {"used_pct", std::round(p.used_pct * 1000) / 1000},
                {"source", p.plan.source}};
  j["cost"] = {{"payg_usd", money(p.payg_usd)}, {"plan_usd", money(p.plan_usd)},
               {"cheapest_plan", p.cheapest_plan}, {"cheapest_usd", money(p.cheapest_usd)}};
  json plans = json::array();
  for (const auto& c : p.plan_costs)
    plans.push_back({{"plan", c.plan}, {"fits", c.fits}, {"over", c.over.empty() ? json(nullptr) : json(c.over)},
                     {"units", std::round(c.units)}, {"fixed_usd", money(c.fixed_usd)}, {"commands_usd", money(c.commands_usd)},
                     {"storage_usd", money(c.storage_usd)}, {"bandwidth_usd", money(c.bandwidth_usd)},
                     {"total_usd", money(c.total_usd)}});
  j["cost"]["plans"] = plans;
  j["cost"]["break_even"] = break_even_json(p, p.break_even);
  j["cost"]["break_even_any_provider"] = break_even_json(p, p.break_even_any);
  j["data"] = {{"storage_bytes", optional_number(p.data.storage_bytes)},
               {"peak_storage_bytes", optional_number(p.data.peak_storage_bytes)},
               {"bandwidth_bytes", optional_number(p.data.bandwidth_bytes)},
               {"bytes_per_command", optional_number(p.data.bytes_per_command)}};
  j["storage"] = {{"max_keys", whole(p.max_keys)}, {"max_bytes", whole(p.max_bytes)}, {"limit_bytes", p.plan.storage_bytes}};
  json free = json::array();
  for (const auto& f : p.rules.free_commands) free.push_back(f);
  const FreeCommandSet* set = p.daily.empty() ? nullptr : free_set_on(p.rules, p.daily.front().date);
  j["billing"] = {{"rules", p.rules.id},
                  {"regions", p.rules.regions},
                  {"free_commands", free},
                  {"free_commands_from", set && set->from ? json(sim::format_date(*set->from)) : json(nullptr)},
                  {"free_commands_source", set ? json(set->source) : json("scenario")},
                  {"assumptions", {{"bill_multi_exec", p.rules.bill_multi_exec}, {"bill_blocking", p.rules.bill_blocking},
                                   {"bill_script_inner", p.rules.bill_script_inner}}}};
  const auto& m = p.monthly_billable;
  j["replications"] = {{"n", m.n}, {"seed", p.seed},
                       {"monthly_billable", {{"mean", m.mean}, {"stddev", m.stddev}, {"p5", m.p5}, {"p50", m.p50},
                                             {"p95", m.p95}, {"ci95_low", m.ci95_low}, {"ci95_high", m.ci95_high}}},
                       {"p_exceed", m.p_exceed}};
  return j;
}

std::string projection_to_table(const Projection& p, bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* red = color ? "\033[31m" : "";
  const char* green = color ? "\033[32m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::ostringstream o;
  o << bold << p.scenario << reset << "  " << sim::format_date(p.daily.empty() ? sim::CivilDate{} : p.daily.front().date)
    << " + " << p.days << " days (" << p.zone.name() << ")\n\n";
  o << "  commands       " << grouped(p.commands) << "  (" << grouped(p.reads) << " reads, " << grouped(p.writes)
    << " writes, " << grouped(p.other) << " other)\n";
  o << "  billable       " << grouped(p.billable) << "  under " << p.rules.id << " rules\n";
  if (p.days > 0) o << "  per day        " << grouped(p.commands / static_cast<std::uint64_t>(p.days)) << " average\n";
  if (p.plan.limit) {
    bool over = p.exhausted_at.has_value();
    o << "  quota          " << p.plan.name << ": " << (over ? red : green) << percent(p.used_pct) << reset << " of "
      << grouped(p.plan.limit) << " per " << to_string(p.plan.period) << "\n";
    if (over) o << "  runs out       " << red << iso_local(p, *p.exhausted_at) << reset << "\n";
  } else {
    o << "  plan           " << p.plan.name << "\n";
  }
  o << "  pay-as-you-go  " << usd(p.payg_usd) << " for the period";
  if (!p.cheapest_plan.empty()) o << "; cheapest plan that fits: " << p.cheapest_plan << " (" << usd(p.cheapest_usd) << ")";
  o << "\n";
  o << "  break-even     " << break_even_sentence(p, p.break_even) << "\n";
  if (p.break_even_any.cheapest != p.break_even.cheapest || p.break_even_any.next != p.break_even.next)
    o << "  any provider   " << break_even_sentence(p, p.break_even_any) << "\n";
  if (p.max_keys > 0) o << "  storage        up to " << grouped(static_cast<std::uint64_t>(p.max_keys)) << " keys, "
                        << grouped(static_cast<std::uint64_t>(p.max_bytes)) << " bytes\n";
  if (p.monthly_billable.n > 1) {
    const auto& m = p.monthly_billable;
    o << "  replications   " << m.n << ": billable/month p5 " << grouped(m.p5) << ", p50 " << grouped(m.p50) << ", p95 "
      << grouped(m.p95) << "; P(over quota) " << percent(m.p_exceed * 100, 0) << "\n";
  }
  o << "\n" << bold << "  component                      commands      billable   share" << reset << "\n";
  std::vector<const ComponentTotals*> sorted;
  for (const auto& c : p.components) sorted.push_back(&c);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->commands > b->commands; });
  for (const auto* c : sorted) {
    char buf[200];
    double share = p.commands ? 100.0 * static_cast<double>(c->commands) / static_cast<double>(p.commands) : 0;
    std::snprintf(buf, sizeof buf, "  %-28s %12s  %12s  %6s\n", c->name.substr(0, 28).c_str(), grouped(c->commands).c_str(),
                  grouped(c->billable).c_str(), percent(share).c_str());
    o << buf;
  }
  if (any_no_effect(p)) {
    o << "\n" << bold << "  settings accepted with no effect on Redis traffic" << reset << "\n";
    for (const auto& c : p.components)
      if (!c.no_effect.empty()) o << "  " << c.name << ": " << joined(c.no_effect) << "\n";
  }
  o << "\n" << bold << "  command          count" << reset << "\n";
  std::vector<std::pair<std::string, std::uint64_t>> cmds(p.by_command.begin(), p.by_command.end());
  std::stable_sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.second > b.second; });
  for (std::size_t i = 0; i < cmds.size() && i < 12; ++i) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-14s %10s\n", cmds[i].first.c_str(), grouped(cmds[i].second).c_str());
    o << buf;
  }
  o << "\n" << bold << "  plan                            fits              cost" << reset << "\n";
  for (const auto& c : p.plan_costs) {
    char buf[200];
    std::string fits = c.fits ? "yes" : "no (" + c.over + ")";
    std::snprintf(buf, sizeof buf, "  %-31s %-14s %10s\n", c.plan.c_str(), fits.c_str(), usd(c.total_usd).c_str());
    o << buf;
  }
  return o.str();
}

std::string projection_to_csv(const Projection& p) {
  std::ostringstream o;
  o << "date,commands,billable,cumulative_billable";
  for (const auto& c : p.components) o << "," << c.name;
  o << "\n";
  for (const auto& d : p.daily) {
    o << sim::format_date(d.date) << "," << d.commands << "," << d.billable << "," << d.cumulative_billable;
    for (auto v : d.by_component) o << "," << v;
    o << "\n";
  }
  return o.str();
}

std::string projection_to_markdown(const Projection& p) {
  std::ostringstream o;
  o << "### " << p.scenario << "\n\n";
  o << "| | |\n|---|---|\n";
  o << "| commands | " << grouped(p.commands) << " |\n";
  o << "| billable | " << grouped(p.billable) << " |\n";
  if (p.plan.limit) {
    o << "| quota | " << percent(p.used_pct) << " of " << grouped(p.plan.limit) << " per " << to_string(p.plan.period) << " (" << p.plan.id << ") |\n";
    o << "| runs out | " << (p.exhausted_at ? iso_local(p, *p.exhausted_at) : std::string("no")) << " |\n";
  }
  o << "| pay-as-you-go | " << usd(p.payg_usd) << " |\n";
  o << "| break-even | " << break_even_sentence(p, p.break_even) << " |\n";
  o << "| any provider | " << break_even_sentence(p, p.break_even_any) << " |\n\n";
  o << "| plan | fits | cost for the period |\n|---|---|---:|\n";
  for (const auto& c : p.plan_costs)
    o << "| " << c.plan << " | " << (c.fits ? "yes" : "no (" + c.over + ")") << " | " << usd(c.total_usd) << " |\n";
  o << "\n";
  o << "| component | type | commands | billable |\n|---|---|---:|---:|\n";
  for (const auto& c : p.components) o << "| " << c.name << " | " << c.type << " | " << grouped(c.commands) << " | " << grouped(c.billable) << " |\n";
  if (any_no_effect(p)) {
    o << "\nSettings with no effect on Redis traffic:\n\n";
    for (const auto& c : p.components)
      if (!c.no_effect.empty()) o << "- " << c.name << ": " << joined(c.no_effect) << "\n";
  }
  return o.str();
}

}  // namespace core
