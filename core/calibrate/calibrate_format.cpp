#include "core/calibrate/calibrate_format.hpp"

#include <algorithm>
#include <sstream>

#include "core/format/format.hpp"

namespace core::calibrate {

namespace {
// Rates per minute: two decimals below 100, grouped above (a slow loop is 0.15 per minute).
std::string rate(double v) { return v < 100 ? format::fixed(v, 2) : format::grouped(v); }
std::string err(const CommandFit& f) { return (f.error_pct >= 0 ? "+" : "") + format::percent(f.error_pct, 2); }
std::string settings(const json& fitted) {
  std::string s;
  for (auto it = fitted.begin(); it != fitted.end(); ++it) {
    if (it.key() == "name" || it.key() == "type" || it.key() == "description" || it.key() == "operations") continue;
    s += (s.empty() ? "" : ", ") + it.key() + " " + (it->is_string() ? it->get<std::string>() : it->dump());
  }
  return s;
}
}  // namespace

json calibration_json(const CalibrationReport& r) {
  json j;
  j["source"] = r.source;
  j["span_s"] = r.span_s;
  j["steady_s"] = r.steady_s;
  j["components"] = json::array();
  for (const auto& c : r.components) {
    json f = c.fitted;
    f.erase("description");
    json o = {{"name", c.name}, {"type", c.type}, {"evidence", c.evidence}, {"confidence", c.confidence},
              {"fitted", f}, {"loops", c.loops}};
    if (!c.matched_user.empty()) o["matched_scenario_component"] = c.matched_user;
    j["components"].push_back(o);
  }
  j["unmatched"] = json::array();
  for (const auto& u : r.unmatched) j["unmatched"].push_back({{"side", u.side}, {"name", u.name}, {"why", u.why}});
  j["per_command"] = json::array();
  for (const auto& f : r.per_command) {
    json o = {{"command", f.command},
              {"recorded_per_min", f.recorded_per_min},
              {"recorded", f.recorded},
              {"resolution_pct", f.resolution_pct},
              {"recognised_per_min", f.recognised_per_min},
              {"modelled_per_min", f.modelled_per_min},
              {"error_pct", f.error_pct}};
    if (f.scenario_per_min) o["scenario_per_min"] = *f.scenario_per_min;
    j["per_command"].push_back(o);
  }
  j["totals"] = {{"recorded_per_min", r.recorded_per_min},
                 {"recognised_per_min", r.recognised_per_min},
                 {"modelled_per_min", r.modelled_per_min},
                 {"remainder_per_min", r.remainder_per_min},
                 {"modelled_monthly", r.modelled_monthly},
                 {"replay_monthly", r.replay_monthly}};
  j["scenario"] = r.scenario;
  return j;
}

std::string calibration_table(const CalibrationReport& r) {
  std::ostringstream o;
  o << "Calibration of " << r.source << " (" << format::duration(r.span_s) << " captured, "
    << format::duration(r.steady_s) << " steady)\n\nComponents\n";
  for (const auto& c : r.components) {
    o << "  " << c.name << "  " << c.type << "  confidence " << format::fixed(c.confidence, 2);
    if (!c.matched_user.empty()) o << "  = scenario's " << c.matched_user;
    o << "\n";
    const std::string s = settings(c.fitted);
    if (!s.empty()) o << "    fitted: " << s << "\n";
    for (std::size_t i = 0; i < c.evidence.size() && i < 4; ++i) o << "    " << c.evidence[i] << "\n";
  }
  if (!r.unmatched.empty()) {
    o << "\nUnmatched\n";
    for (const auto& u : r.unmatched) o << "  " << u.side << ": " << u.name << " - " << u.why << "\n";
  }
  const bool user = !r.per_command.empty() && r.per_command.front().scenario_per_min.has_value();
  o << "\nPer command (per minute)\n  " << "command              recorded  recognised  modelled      error";
  if (user) o << "   scenario";
  o << "\n";
  for (const auto& f : r.per_command) {
    std::string name = f.command;
    name.resize(std::max<std::size_t>(name.size(), 18), ' ');
    o << "  " << name << " " << std::string(std::max(0, 9 - (int)rate(f.recorded_per_min).size()), ' ') << rate(f.recorded_per_min)
      << std::string(std::max(0, 12 - (int)rate(f.recognised_per_min).size()), ' ') << rate(f.recognised_per_min)
      << std::string(std::max(0, 10 - (int)rate(f.modelled_per_min).size()), ' ') << rate(f.modelled_per_min)
      << std::string(std::max(0, 11 - (int)err(f).size()), ' ') << err(f);
    if (user) o << std::string(std::max(0, 11 - (int)rate(*f.scenario_per_min).size()), ' ') << rate(*f.scenario_per_min);
    o << "\n";
  }
  o << "\nTotal: recorded " << rate(r.recorded_per_min) << " per minute, recognised components "
    << rate(r.recognised_per_min) << ", calibrated scenario " << rate(r.modelled_per_min) << " (remainder "
    << rate(r.remainder_per_min) << ")\nMonth: calibrated scenario " << format::grouped(r.modelled_monthly)
    << " commands, replay's extrapolation " << format::grouped(r.replay_monthly) << "\n";
  return o.str();
}

std::string calibration_markdown(const CalibrationReport& r) {
  std::ostringstream o;
  o << "# Calibration of " << r.source << "\n\n" << format::duration(r.span_s) << " captured, "
    << format::duration(r.steady_s) << " steady.\n\n| component | type | confidence | fitted | evidence |\n|---|---|---|---|---|\n";
  for (const auto& c : r.components)
    o << "| " << c.name << " | " << c.type << " | " << format::fixed(c.confidence, 2) << " | " << settings(c.fitted) << " | "
      << (c.evidence.empty() ? "" : c.evidence.front()) << " |\n";
  if (!r.unmatched.empty()) {
    o << "\n| unmatched | name | why |\n|---|---|---|\n";
    for (const auto& u : r.unmatched) o << "| " << u.side << " | " << u.name << " | " << u.why << " |\n";
  }
  o << "\n| command | recorded/min | recognised/min | modelled/min | error |\n|---|---:|---:|---:|---:|\n";
  for (const auto& f : r.per_command)
    o << "| " << f.command << " | " << rate(f.recorded_per_min) << " | " << rate(f.recognised_per_min) << " | "
      << rate(f.modelled_per_min) << " | " << err(f) << " |\n";
  o << "\nMonth: calibrated scenario " << format::grouped(r.modelled_monthly) << " commands, replay's extrapolation "
    << format::grouped(r.replay_monthly) << ".\n";
  return o.str();
}

std::string calibration_json_text(const CalibrationReport& r) {
  return calibration_json(r).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string scenario_text(const CalibrationReport& r) {
  return r.scenario.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace core::calibrate
