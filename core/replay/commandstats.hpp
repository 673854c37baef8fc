// INFO commandstats: the server's own per-command call counters. Two snapshots and the time
// between them give per-command rates and a monthly projection without any capture; one snapshot
// taken right after a capture (with CONFIG RESETSTAT right before it) checks a replay: every
// command MONITOR can log must agree exactly, and the admin commands MONITOR never logs (CONFIG,
// MONITOR, CLIENT LIST, ...) are listed apart.
//
// Format (redis/src/server.c, genRedisInfoString):
//   cmdstat_<name>:calls=<n>,usec=<n>,usec_per_call=<f>,rejected_calls=<n>,failed_calls=<n>
// with subcommands named "script|load"; Redis before 6.2 has no rejected/failed fields.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/billing/billing.hpp"
#include "core/replay/report.hpp"

namespace core::replay {

struct CommandStat {
  std::string name;  // as INFO writes it, lower case: "get", "script|load"
  std::uint64_t calls = 0, usec = 0, rejected = 0, failed = 0;
};

struct CommandStatsSnapshot {
  std::string file;
  std::vector<CommandStat> stats;
  std::optional<double> uptime_s;  // when the snapshot includes the Server section
};

// Parses INFO output (any sections; only cmdstat_ lines and uptime_in_seconds are read). Throws
// core::InputError naming the file and line of a malformed cmdstat_ line, or when there is none.
CommandStatsSnapshot parse_commandstats(std::string_view text, const std::string& file);
CommandStatsSnapshot load_commandstats(const std::string& path);

struct RateRow {
  std::string name;        // catalog name, upper case ("SCRIPT|LOAD")
  CommandClass cls = CommandClass::Other;
  bool admin = false;      // never logged by MONITOR
  bool known = true;
  std::uint64_t calls = 0, failed = 0, rejected = 0;
  double per_min = 0, monthly = 0, monthly_billable = 0;
};

struct RatesReport {
  std::string before, after;
  double elapsed_s = 0;
  std::string elapsed_source;  // "--elapsed", "uptime_in_seconds"
  std::vector<RateRow> rows;   // by calls, descending
  std::uint64_t calls = 0, rejected = 0;
  double per_min = 0, monthly = 0, monthly_billable = 0, monthly_cost_usd = 0;
  Plan plan;
  BillingRules rules;
  std::vector<std::string> notes;
};

// Rates between two snapshots (`before` may be null: counters since the last reset). `elapsed_s`
// overrides the uptime difference. Throws core::InputError when the elapsed time is unknown or not
// positive, or when a counter went down (restart or CONFIG RESETSTAT between the snapshots).
RatesReport commandstats_rates(const CommandStatsSnapshot* before, const CommandStatsSnapshot& after,
                               std::optional<double> elapsed_s, const std::string& plan_id, sim::CivilDate on);

struct CheckRow {
  std::string name;                       // catalog name
  std::uint64_t replay = 0, stats = 0;
  std::string status;  // "ok", "admin", "snapshot-info", "blocked", "differs"
  std::string note;
};

struct CheckReport {
  std::string file;
  std::vector<CheckRow> rows;
  std::uint64_t ok = 0, admin = 0, differs = 0;
  bool passed = true;  // no row "differs"
  std::vector<std::string> notes;
};

// Compares a replay's per-command totals (client and script-run lines) with a snapshot (minus
// `before`, when given).
CheckReport check_commandstats(const ReplayReport& replay, const CommandStatsSnapshot& after,
                               const CommandStatsSnapshot* before = nullptr);

}  // namespace core::replay
