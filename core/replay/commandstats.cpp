#include "core/replay/commandstats.hpp"
#include "core/input/text_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include "core/input/errors.hpp"
#include "core/replay/analyzer.hpp"

namespace core::replay {
namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool parse_u64(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    // Past 2^64 - 1 is not a counter Redis can hold: refuse it rather than wrap.
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, static_cast<std::uint64_t>(c - '0'), &v))
      return false;
  }
  out = v;
  return true;
}

std::map<std::string, const CommandStat*> by_name(const CommandStatsSnapshot& s) {
  std::map<std::string, const CommandStat*> m;
  for (const CommandStat& c : s.stats) m[upper(c.name)] = &c;
  return m;
}

}  // namespace

CommandStatsSnapshot parse_commandstats(std::string_view text, const std::string& file) {
  CommandStatsSnapshot snap;
  snap.file = file;
  std::size_t pos = 0;
  std::uint64_t line_no = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("uptime_in_seconds:", 0) == 0) {
      std::uint64_t v;
      if (parse_u64(line.substr(18), v)) snap.uptime_s = static_cast<double>(v);
      continue;
    }
    if (line.rfind("cmdstat_", 0) != 0) continue;
    auto bad = [&](const std::string& what) {
      throw InputError(file, Location{.line = line_no, .column = 0, .pointer = std::nullopt},
                       what + "; expected cmdstat_<name>:calls=<n>,usec=<n>,usec_per_call=<x>[,rejected_calls=<n>,"
                              "failed_calls=<n>]");
    };
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 8) bad("no ':' after the command name");
    CommandStat st;
    st.name = std::string(line.substr(8, colon - 8));
    bool have_calls = false;
    std::string_view fields = line.substr(colon + 1);
    while (!fields.empty()) {
      std::size_t comma = fields.find(',');
      std::string_view f = fields.substr(0, comma);
      fields = comma == std::string_view::npos ? std::string_view() : fields.substr(comma + 1);
      std::size_t eq = f.find('=');
      if (eq == std::string_view::npos) bad("field '" + std::string(f) + "' has no '='");
      std::string_view k = f.substr(0, eq), v = f.substr(eq + 1);
      std::uint64_t n = 0;
      if (k == "calls") {
        if (!parse_u64(v, n)) bad("calls is not a count from 0 to 18446744073709551615: '" + std::string(v) + "'");
        st.calls = n;
        have_calls = true;
      } else if (k == "usec") {
        if (!parse_u64(v, n)) bad("usec is not a count from 0 to 18446744073709551615: '" + std::string(v) + "'");
        st.usec = n;
      } else if (k == "rejected_calls") {
        if (!parse_u64(v, n)) bad("rejected_calls is not a count from 0 to 18446744073709551615: '" + std::string(v) + "'");
        st.rejected = n;
      } else if (k == "failed_calls") {
        if (!parse_u64(v, n)) bad("failed_calls is not a count from 0 to 18446744073709551615: '" + std::string(v) + "'");
        st.failed = n;
      }
    }
    if (!have_calls) bad("no calls= field");
    snap.stats.push_back(std::move(st));
  }
  if (snap.stats.empty())
    throw InputError(file, "", "no cmdstat_ lines; expected the output of `redis-cli INFO commandstats`");
  return snap;
}

CommandStatsSnapshot load_commandstats(const std::string& path) {
  std::string text = read_text_file(path, "the output of `redis-cli INFO commandstats`");
  return parse_commandstats(text, path);
}

RatesReport commandstats_rates(const CommandStatsSnapshot* before, const CommandStatsSnapshot& after,
                               std::optional<double> elapsed_s, const std::string& plan_id, sim::CivilDate on) {
  RatesReport r;
  r.before = before ? before->file : std::string();
  r.after = after.file;
  if (elapsed_s) {
    r.elapsed_s = *elapsed_s;
    r.elapsed_source = "--elapsed";
  } else if (before && before->uptime_s && after.uptime_s) {
    r.elapsed_s = *after.uptime_s - *before->uptime_s;
    r.elapsed_source = "uptime_in_seconds";
  } else if (!before && after.uptime_s) {
    r.elapsed_s = *after.uptime_s;
    r.elapsed_source = "uptime_in_seconds (counters since start; pass --elapsed if CONFIG RESETSTAT ran since)";
  } else {
    throw InputError("--elapsed", "", "the time between the snapshots is unknown: give --elapsed (e.g. 10m, 1h, 3600) "
                                      "or snapshots taken with INFO all, which carry uptime_in_seconds");
  }
  if (!(r.elapsed_s > 0))
    throw InputError("--elapsed", "", "the time between the snapshots must be positive (got " +
                                          std::to_string(r.elapsed_s) + " s)");
  r.plan = resolve_plan(plan_id, on, "", "--plan");
  if (auto rules = find_rules(r.plan.rules, on)) r.rules = *rules;
  else r.rules.id = r.plan.rules;

  auto b = before ? by_name(*before) : std::map<std::string, const CommandStat*>{};
  for (const CommandStat& a : after.stats) {
    std::string name = upper(a.name);
    std::uint64_t b_calls = 0, b_failed = 0, b_rejected = 0;
    if (auto it = b.find(name); it != b.end()) {
      b_calls = it->second->calls;
      b_failed = it->second->failed;
      b_rejected = it->second->rejected;
    }
    if (a.calls < b_calls)
      throw InputError(after.file, "cmdstat_" + a.name,
                       "calls went down from " + std::to_string(b_calls) + " to " + std::to_string(a.calls) +
                           " (server restarted or CONFIG RESETSTAT between the snapshots?); expected the AFTER "
                           "snapshot second");
    RateRow row;
    auto id = find_command(name);
    CommandId cmd = id ? *id : intern_command(name);
    const CommandInfo& info = command_info(cmd);
    row.name = info.name;
    row.cls = info.cls;
    row.admin = info.admin;
    row.known = info.known;
    row.calls = a.calls - b_calls;
    row.failed = a.failed >= b_failed ? a.failed - b_failed : 0;
    row.rejected = a.rejected >= b_rejected ? a.rejected - b_rejected : 0;
    if (row.calls == 0 && row.rejected == 0) continue;
    double rate = static_cast<double>(row.calls) / r.elapsed_s;
    row.per_min = rate * 60;
    row.monthly = rate * kSecondsPerMonth;
    row.monthly_billable = row.monthly * static_cast<double>(r.rules.weight(cmd, false));
    r.calls += row.calls;
    r.rejected += row.rejected;
    r.per_min += row.per_min;
    r.monthly += row.monthly;
    r.monthly_billable += row.monthly_billable;
    r.rows.push_back(std::move(row));
  }
  std::sort(r.rows.begin(), r.rows.end(), [](const RateRow& x, const RateRow& y) {
    return x.calls != y.calls ? x.calls > y.calls : x.name < y.name;
  });
  r.monthly_cost_usd = usage_cost_usd(r.plan, r.monthly_billable, 1);
  r.notes.push_back("INFO commandstats counts commands run by scripts under their own names; they are billed "
                    "here like client commands");
  if (r.rejected)
    r.notes.push_back(std::to_string(r.rejected) + " rejected calls (unknown command, arity, ACL, OOM) are not in "
                      "the counts; whether a provider bills them is not published");
  if (r.elapsed_s < 3600)
    r.notes.push_back("measured over less than an hour: hourly and daily variation is not in the projection");
  return r;
}

CheckReport check_commandstats(const ReplayReport& replay, const CommandStatsSnapshot& after,
                               const CommandStatsSnapshot* before) {
  CheckReport c;
  c.file = after.file;
  std::map<std::string, std::uint64_t> rep;
  for (const CommandRow& row : replay.commands) rep[row.name] += row.total;
  std::map<std::string, std::uint64_t> stats;
  auto b = before ? by_name(*before) : std::map<std::string, const CommandStat*>{};
  for (const CommandStat& s : after.stats) {
    std::string name = upper(s.name);
    std::uint64_t base = 0;
    if (auto it = b.find(name); it != b.end()) base = it->second->calls;
    stats[name] += s.calls >= base ? s.calls - base : 0;
  }
  std::map<std::string, bool> names;
  for (const auto& [n, v] : rep) names[n] = true;
  for (const auto& [n, v] : stats) names[n] = true;
  bool saw_blocked = false;
  for (const auto& [name, unused] : names) {
    (void)unused;
    CheckRow row;
    auto id = find_command(name);
    row.name = id ? command_info(*id).name : name;
    row.replay = rep.count(name) ? rep[name] : 0;
    row.stats = stats.count(name) ? stats[name] : 0;
    if (row.replay == 0 && row.stats == 0) continue;
    bool admin = id && command_info(*id).admin;
    bool blocking = id && command_info(*id).blocking;
    if (row.replay == row.stats) {
      row.status = "ok";
      ++c.ok;
    } else if (admin && row.replay == 0) {
      row.status = "admin";
      row.note = "admin command: MONITOR never logs it";
      ++c.admin;
    } else if (row.name == "INFO" && row.replay == row.stats + 1) {
      row.status = "snapshot-info";
      row.note = "the capture includes the INFO call that took the snapshot, which its own counters do not";
      ++c.ok;
    } else if (blocking && row.replay > row.stats && row.replay - row.stats <= replay.clients.size()) {
      row.status = "blocked";
      row.note = "still blocked when the snapshot was taken: logged by MONITOR when it started, counted by "
                 "INFO only when it returns";
      saw_blocked = true;
      ++c.ok;
    } else {
      row.status = "differs";
      row.note = row.replay > row.stats ? "more in the capture than in the server's counters"
                                        : "fewer in the capture than in the server's counters";
      ++c.differs;
      c.passed = false;
    }
    c.rows.push_back(std::move(row));
  }
  std::sort(c.rows.begin(), c.rows.end(), [](const CheckRow& x, const CheckRow& y) {
    auto rank = [](const std::string& s) { return s == "differs" ? 0 : s == "ok" ? 2 : 1; };
    if (rank(x.status) != rank(y.status)) return rank(x.status) < rank(y.status);
    return x.name < y.name;
  });
  if (!c.passed)
    c.notes.push_back("counts must agree when the capture covers exactly the counters' window (CONFIG RESETSTAT "
                      "just before MONITOR starts, INFO commandstats just after it stops); rejected commands are "
                      "in neither");
  if (saw_blocked) c.notes.push_back("blocked commands were still waiting when the snapshot was taken");
  if (replay.skipped)
    c.notes.push_back(std::to_string(replay.skipped) + " malformed capture line(s) were not counted");
  return c;
}

}  // namespace core::replay
