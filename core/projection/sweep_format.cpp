// Sweep output: one row per value with the figures a what-if compares (commands, billable, cost,
// quota use, when it runs out), numbers through core/format as in every text output.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/format/format.hpp"
#include "core/projection/sweep.hpp"

namespace core {
namespace {

using format::grouped;
using format::percent;
using format::usd;

double money(double usd) { return std::round(usd * 1e6) / 1e6; }
std::string runs_out(const Projection& p) {
  return p.exhausted_at ? sim::format_iso(*p.exhausted_at, p.zone.offset_at(*p.exhausted_at)) : std::string();
}
std::string quota_used(const Projection& p) { return p.plan.limit ? percent(p.used_pct) : std::string("-"); }

// RFC 4180: a field with a comma, quote or newline is quoted, quotes doubled.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string md_cell(const std::string& s) {
  std::string o;
  for (char c : s) o += c == '|' ? std::string("\\|") : std::string(1, c);
  return o;
}

}  // namespace

json sweep_to_json(const Sweep& s) {
  json rows = json::array();
  for (const auto& r : s.rows) {
    const Projection& p = r.projection;
    rows.push_back({{"value", r.value},
                    {"commands", p.commands},
                    {"billable", p.billable},
                    {"payg_usd", money(p.payg_usd)},
                    {"plan_usd", money(p.plan_usd)},
                    {"used_pct", std::round(p.used_pct * 1000) / 1000},
                    {"exhausted_at", p.exhausted_at ? json(runs_out(p)) : json(nullptr)}});
  }
  const Projection* first = s.rows.empty() ? nullptr : &s.rows.front().projection;
  return {{"scenario", s.scenario},
          {"sweep", {{"path", s.path}, {"pointer", s.pointer}}},
          {"plan", first ? first->plan.id : ""},
          {"limit", first ? first->plan.limit : 0},
          {"days", first ? first->days : 0},
          {"rows", rows}};
}

std::string sweep_to_table(const Sweep& s) {
  std::ostringstream o;
  o << s.scenario << "  sweep " << s.path;
  if (!s.rows.empty()) {
    const Projection& p = s.rows.front().projection;
    o << "  (" << p.days << " days, " << p.plan.id << ")";
  }
  o << "\n\n";
  std::size_t w = 5;
  for (const auto& r : s.rows) w = std::max(w, r.text.size());
  w = std::min<std::size_t>(w, 40);
  char buf[400];
  std::snprintf(buf, sizeof buf, "  %-*s %14s %14s %14s %9s  %s\n", static_cast<int>(w), "value", "commands", "billable",
                "pay-as-you-go", "of quota", "runs out");
  o << buf;
  for (const auto& r : s.rows) {
    const Projection& p = r.projection;
    std::string out = runs_out(p);
    std::snprintf(buf, sizeof buf, "  %-*s %14s %14s %14s %9s  %s\n", static_cast<int>(w), r.text.substr(0, 40).c_str(),
                  grouped(p.commands).c_str(), grouped(p.billable).c_str(), usd(p.payg_usd).c_str(), quota_used(p).c_str(),
                  out.empty() ? "no" : out.c_str());
    o << buf;
  }
  return o.str();
}

std::string sweep_to_csv(const Sweep& s) {
  std::ostringstream o;
  o << "value,commands,billable,payg_usd,plan_usd,used_pct,exhausted_at\n";
  for (const auto& r : s.rows) {
    const Projection& p = r.projection;
    char money_buf[64];
    std::snprintf(money_buf, sizeof money_buf, "%.6f,%.6f", money(p.payg_usd), money(p.plan_usd));
    o << csv_field(r.text) << "," << p.commands << "," << p.billable << "," << money_buf << ","
      << format::fixed(std::round(p.used_pct * 1000) / 1000, 3) << "," << runs_out(p) << "\n";
  }
  return o.str();
}

std::string sweep_to_markdown(const Sweep& s) {
  std::ostringstream o;
  o << "### " << md_cell(s.scenario) << ": sweep `" << md_cell(s.path) << "`\n\n";
  o << "| value | commands | billable | pay-as-you-go | of quota | runs out |\n|---|---:|---:|---:|---:|---|\n";
  for (const auto& r : s.rows) {
    const Projection& p = r.projection;
    std::string out = runs_out(p);
    o << "| `" << md_cell(r.text) << "` | " << grouped(p.commands) << " | " << grouped(p.billable) << " | " << usd(p.payg_usd)
      << " | " << quota_used(p) << " | " << (out.empty() ? "no" : out) << " |\n";
  }
  return o.str();
}

}  // namespace core
