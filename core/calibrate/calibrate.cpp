#include "core/calibrate/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <initializer_list>
#include <set>

#include "core/calibrate/recognise.hpp"
#include "core/format/format.hpp"
#include "core/input/errors.hpp"
#include "core/projection/projection.hpp"
#include "core/replay/input.hpp"

namespace core::calibrate {

namespace {

constexpr double kMinutesPerDay = 24 * 60;

// A loop nobody recognised: a periodic component with the loop's period and its client commands
// per cycle (a script's inner commands are not named per loop: the remainder covers them).
//
// A loop active for only part of the capture is given its average over the window (spans_window).
CalibratedComponent periodic_of(const replay::LoopRow& l, int index, double steady_s) {
  CalibratedComponent c;
  const bool ping = l.signature == "PING";
  c.name = ping ? "health-check-" + std::to_string(index) : "loop-" + std::to_string(index);
  c.type = "periodic";
  c.confidence = std::clamp(l.regularity, 0.0, 1.0) * (l.cycles >= 3 ? 0.8 : 0.5) + (ping ? 0.2 : 0);
  json cmds = json::object();
  std::map<std::string, double> per;
  for (const auto& m : l.members) per[m.command] += m.per_cycle;
  for (const auto& [cmd, n] : per) cmds[cmd] = std::max(1.0, std::round(n));
  c.evidence.push_back("loop: " + l.signature + " every " + format::duration(l.period_s) + " on " + l.client + " (" +
                       format::grouped(static_cast<double>(l.cycles)) + " cycles, line " + std::to_string(l.first_line) + ")");
  c.loops.push_back(l.signature + " @ " + l.client);
  double every = l.period_s;
  if (l.cycles > 0 && !spans_window(l, steady_s)) {
    const double active = active_s(l);
    every = steady_s / static_cast<double>(l.cycles);
    c.evidence.push_back("active " + format::duration(active) + " of the " + format::duration(steady_s) +
                         " steady window: modelled at its average, one cycle every " + format::duration(every));
    c.confidence *= 0.75;
  }
  c.fitted = {{"name", c.name},
              {"type", "periodic"},
              {"description", (ping ? std::string("Health-check PINGs: ") : std::string("Unrecognised polling loop: ")) +
                                  c.evidence.front()},
              {"schedule", {{"every", duration_text(every)}}},
              {"commands", cmds}};
  return c;
}

json scenario_doc(const replay::ReplayReport& r, const std::string& capture, const std::vector<CalibratedComponent>& comps,
                  const json& remainder) {
  json d;
  d["name"] = "calibrated from " + capture;
  d["description"] = "Calibrated by redcast calibrate from " + capture + " (" + format::duration(r.span_s) +
                     " captured): each component names its evidence; the remainder holds what no model explains.";
  d["period"] = {{"start", sim::format_date(replay::date_of(r.first_us))}, {"days", 30}, {"zone", "UTC"}};
  d["plan"] = r.plan.id;
  d["components"] = json::array();
  for (const auto& c : comps) d["components"].push_back(c.fitted);
  if (!remainder.is_null()) d["components"].push_back(remainder);
  return d;
}

// Commands per minute of a scenario, projected over one whole day from its period start, within the
// caller's work bound (CalibrateOptions::max_work).
std::map<std::string, double> rates(const Scenario& s, std::uint64_t max_work) {
  ProjectionOptions o;
  o.days = 1;
  o.replications = 1;
  o.max_events_per_run = max_work;
  Projection p = project(s, o);
  std::map<std::string, double> out;
  for (const auto& [cmd, n] : p.by_command) out[cmd] = static_cast<double>(n) / (kMinutesPerDay * p.days);
  return out;
}

std::map<std::string, double> rates_of(const json& doc, const std::string& name, std::uint64_t max_work) {
  return rates(load_scenario_json(doc, name), max_work);
}

std::set<std::string> commands_of(const json& comp) {
  std::set<std::string> out;
  if (comp.contains("commands") && comp["commands"].is_object())
    for (auto it = comp["commands"].begin(); it != comp["commands"].end(); ++it) out.insert(it.key());
  if (comp.contains("operations") && comp["operations"].is_array())
    for (const auto& op : comp["operations"])
      if (op.contains("commands") && op["commands"].is_object())
        for (auto it = op["commands"].begin(); it != op["commands"].end(); ++it) out.insert(it.key());
  return out;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

void match_user(const Scenario& user, CalibrationReport& out) {
  std::vector<bool> used(out.components.size(), false);
  const json& comps = user.document["components"];
  for (std::size_t i = 0; i < user.components.size(); ++i) {
    const auto& u = user.components[i];
    int found = -1;
    for (std::size_t k = 0; k < out.components.size() && found < 0; ++k)
      if (!used[k] && out.components[k].type == u.type && u.type != "periodic" && u.type != "freeform") found = static_cast<int>(k);
    if (found < 0 && (u.type == "periodic" || u.type == "freeform") && i < comps.size()) {
      std::set<std::string> want;
      for (const auto& c : commands_of(comps[i])) want.insert(upper(c));
      for (std::size_t k = 0; k < out.components.size() && found < 0; ++k) {
        if (used[k] || out.components[k].type != "periodic") continue;
        for (const auto& c : commands_of(out.components[k].fitted))
          if (want.count(c)) { found = static_cast<int>(k); break; }
      }
    }
    if (found < 0) {
      out.unmatched.push_back({"scenario", u.name, "type " + u.type + ": nothing in the capture matches it (its commands were not seen as a loop or a recognised library)"});
      continue;
    }
    used[found] = true;
    out.components[found].matched_user = u.name;
  }
  for (std::size_t k = 0; k < out.components.size(); ++k)
    if (!used[k]) out.unmatched.push_back({"capture", out.components[k].name, "recorded as " + out.components[k].type + ", not in the scenario"});
}

}  // namespace

CalibrationReport calibrate(const replay::ReplayReport& r, const CaptureEvidence& e, const CalibrateOptions& opt) {
  CalibrationReport out;
  out.source = r.source;
  out.span_s = r.span_s;
  out.steady_s = r.projection.steady_s;
  out.replay_monthly = r.projection.monthly_commands;
  const std::string capture = opt.capture_name.empty() ? r.source : opt.capture_name;

  // 1-2. Recognised components, then a periodic component per loop nobody explains.
  out.components = recognise(r, e);
  std::set<std::string> claimed;
  for (const auto& c : out.components) claimed.insert(c.loops.begin(), c.loops.end());
  int n = 0;
  for (const auto& l : r.loops)
    if (!claimed.count(l.signature + " @ " + l.client)) out.components.push_back(periodic_of(l, ++n, r.projection.steady_s));

  // 3. Project, compare per command, add the remainder, project again.
  std::map<std::string, double> recorded;
  std::map<std::string, std::uint64_t> counts;
  for (const auto& c : r.commands)
    if (c.steady_per_min > 0) recorded[c.name] = c.steady_per_min, counts[c.name] = c.steady;
  json doc = scenario_doc(r, capture, out.components, nullptr);
  const auto explained = rates_of(doc, capture + " (calibrated)", opt.max_work);
  json ops = json::array();
  for (const auto& [cmd, rec] : recorded) {
    const double have = explained.count(cmd) ? explained.at(cmd) : 0.0;
    const double missing = rec - have;
    if (missing <= 0.002 * rec) continue;  // within 0.2 %: explained
    ops.push_back({{"name", cmd},
                   {"schedule", {{"every", duration_text(60.0 / missing)}}},
                   {"commands", {{cmd, 1}}}});
    out.remainder_per_min += missing;
  }
  json remainder;
  if (!ops.empty()) {
    remainder = {{"name", "remainder"},
                 {"type", "freeform"},
                 {"description", "Recorded traffic no recognised component or loop explains: each command's missing steady rate per minute, as one operation."},
                 {"operations", ops}};
    CalibratedComponent rc;
    rc.name = "remainder";
    rc.type = "freeform";
    rc.confidence = 0;
    rc.fitted = remainder;
    rc.evidence.push_back(format::fixed(out.remainder_per_min, 2) + " commands per minute not explained by any component");
    out.components.push_back(rc);
  }
  doc = scenario_doc(r, capture, std::vector<CalibratedComponent>(out.components.begin(), out.components.end() - (ops.empty() ? 0 : 1)), remainder);
  const auto modelled = ops.empty() ? explained : rates_of(doc, capture + " (calibrated)", opt.max_work);
  out.scenario = doc;

  std::map<std::string, double> before;
  if (opt.user) before = rates(*opt.user, opt.max_work);
  std::set<std::string> names;
  for (const auto& [k, v] : recorded) names.insert(k);
  for (const auto& [k, v] : modelled) names.insert(k);
  for (const auto& [k, v] : explained) names.insert(k);
  for (const auto& k : names) {
    CommandFit f;
    f.command = k;
    if (!recorded.count(k) && (!modelled.count(k) || modelled.at(k) <= 0)) continue;  // neither seen nor modelled
    f.recorded_per_min = recorded.count(k) ? recorded.at(k) : 0;
    f.recorded = counts.count(k) ? counts.at(k) : 0;
    f.resolution_pct = f.recorded ? 100.0 / static_cast<double>(f.recorded) : 100.0;
    f.recognised_per_min = explained.count(k) ? explained.at(k) : 0;
    f.modelled_per_min = modelled.count(k) ? modelled.at(k) : 0;
    f.error_pct = f.recorded_per_min > 0 ? (f.modelled_per_min - f.recorded_per_min) / f.recorded_per_min * 100
                                         : (f.modelled_per_min > 0 ? 100 : 0);
    if (opt.user) f.scenario_per_min = before.count(k) ? before.at(k) : 0;
    out.recorded_per_min += f.recorded_per_min;
    out.recognised_per_min += f.recognised_per_min;
    out.modelled_per_min += f.modelled_per_min;
    out.per_command.push_back(f);
  }
  std::stable_sort(out.per_command.begin(), out.per_command.end(),
                   [](const CommandFit& a, const CommandFit& b) { return a.recorded_per_min > b.recorded_per_min; });
  out.modelled_monthly = out.modelled_per_min * replay::kSecondsPerMonth / 60;

  // 4. The user's scenario beside the capture.
  if (opt.user) match_user(*opt.user, out);
  return out;
}

CalibrationReport calibrate_capture(const std::string& path, const replay::ReplayOptions& ropt, const CalibrateOptions& opt) {
  check_plan_id(ropt.plan, path, "--plan");
  auto src = replay::ByteSource::open(path);
  return calibrate_source(*src, ropt, opt);
}

CalibrationReport calibrate_source(replay::ByteSource& source, const replay::ReplayOptions& ropt, const CalibrateOptions& opt) {
  replay::ByteSource* src = &source;
  replay::Analyzer a(ropt);
  a.set_padded_input(true);
  EvidenceCollector ev;
  replay::LineReader reader(*src, ropt.buffer_size);
  reader.for_each(
      [&](std::string_view line, std::uint64_t no, bool cut) {
        a.add_line(line, no, cut);
        ev.add_line(line, no, cut);
      },
      ropt.progress);
  a.set_source(src->name(), src->compressed(), reader.bytes());
  replay::ReplayReport r = a.finish();
  replay::require_commands(r);
  CaptureEvidence e = ev.finish();
  return calibrate(r, e, opt);
}

}  // namespace core::calibrate
