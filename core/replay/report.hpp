// What a replay produces: plain structs, filled by the analyzer, read by the formatters (table,
// JSON) and by tests. Times are seconds from the capture's first line unless named *_us.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/billing/billing.hpp"
#include "core/catalog/commands.hpp"
#include "core/replay/timeline.hpp"

namespace core::replay {

constexpr double kSecondsPerMonth = kBillingMonthSeconds;  // monthly figures are per billing month

struct CommandRow {
  std::string name;        // catalog name, subcommands as "SCRIPT|LOAD"
  CommandClass cls = CommandClass::Other;
  bool known = true;       // in the redis-server 7.0 catalog
  std::uint64_t total = 0, client = 0, lua = 0;  // whole capture; lua = run by scripts
  std::uint64_t steady = 0;                      // inside the steady-state window
  double steady_per_min = 0;
  double monthly = 0, monthly_billable = 0;
  std::uint64_t weight_client = 0, weight_lua = 0;  // billable weight per call under the plan's rules
};

struct ClientRow {
  std::string addr;   // as in the capture: "127.0.0.1:47772", "[::1]:6379", "unix:/tmp/s", ""
  std::string host;   // addr without the port
  std::string kind;   // tcp, unix, none, replication, unknown, other
  std::string name;   // from CLIENT SETNAME, when seen
  std::string db;     // last db seen
  std::uint64_t commands = 0, script_inner = 0;
  double first_s = 0, last_s = 0;
  std::vector<std::pair<std::string, std::uint64_t>> top;  // most frequent commands
  bool other = false;  // the bucket for clients beyond the rows shown and the tracking cap
  // In the "other" row: how many tracked clients it sums, and an estimate (HyperLogLog, about 3 %)
  // of the distinct clients seen after the table was full.
  std::uint64_t folded = 0;
  double untracked = 0;
};

struct PatternRow {
  std::string pattern;  // folded key (escapes kept as written)
  std::string kind;     // "key" or "channel"
  std::uint64_t commands = 0, reads = 0, writes = 0, lua = 0;
  double distinct_keys = 0;  // estimate (HyperLogLog)
  std::vector<std::pair<std::string, std::uint64_t>> top;
  bool other = false;
  // In the "other" row: tracked patterns summed, and distinct patterns seen after the table was full.
  std::uint64_t folded = 0;
  double untracked = 0;
};

struct DbRow {
  std::string db;
  std::uint64_t commands = 0;
};

struct TransactionShape {
  std::string shape;  // "MULTI LLEN x4 EXEC"
  std::uint64_t count = 0;
};

struct Transactions {
  std::uint64_t blocks = 0;      // MULTI ... EXEC
  std::uint64_t queued = 0;      // commands inside them
  std::uint64_t discarded = 0;   // MULTI ... DISCARD
  std::uint64_t empty = 0;       // MULTI EXEC with nothing logged between (aborted, or empty)
  std::uint64_t unclosed = 0;    // MULTI without EXEC/DISCARD by the end of the capture
  std::vector<TransactionShape> shapes;
};

struct LoopMember {
  std::string signature;  // "BRPOP celery …"
  std::string command, subject;
  CommandId cmd = 0;
  std::uint32_t stream = 0xFFFFFFFFu;  // the loop tracker's stream
  std::uint64_t stream_key = 0;        // its packed (client, command, pattern) key
  double per_cycle = 0, inner_per_cycle = 0;
  double period_s = 0;
  std::uint64_t count = 0, inner = 0;
};

struct LoopRow {
  std::string client;        // connection, or "host (N connections)" for a loop across connections
  bool across_connections = false;
  std::string signature;     // members joined by "; "
  double period_s = 0, jitter_s = 0;
  double regularity = 0;          // share of cycles whose length is within about 9 % of the period
  double commands_per_cycle = 0;  // client commands + script-run commands per cycle
  double inner_per_cycle = 0;     // of which run by scripts
  std::uint64_t cycles = 0;
  double first_s = 0, last_s = 0;
  double monthly_commands = 0, monthly_billable = 0;
  std::uint64_t first_line = 0;
  std::vector<LoopMember> members;
};

struct MalformedLine {
  std::uint64_t line = 0;
  std::string reason;
  std::string text;  // first 200 bytes
};

// A capture's steady rate extrapolated to a billing month (not a scenario's core::Projection).
struct CaptureMonthEstimate {
  double steady_start_s = 0, steady_end_s = 0, steady_s = 0;
  bool whole_capture = true;          // no transient trimmed (or too short to tell)
  std::uint64_t steady_commands = 0;
  double steady_per_min = 0, steady_billable_per_min = 0;
  double monthly_commands = 0, monthly_billable = 0;
  double monthly_low = 0, monthly_high = 0;            // 95 % interval, commands
  double billable_low = 0, billable_high = 0;          // 95 % interval, billable
  double loops_monthly = 0, traffic_monthly = 0;       // split of monthly_commands
  double monthly_cost_usd = 0;                          // on the chosen plan
  double payg_cost_usd = 0;                             // the same billable count on pay-as-you-go
  double quota_used = 0;                                // share of the plan's quota per period (0 = none)
  std::optional<double> quota_exhausted_day;            // day of the month the quota runs out
  std::vector<std::string> caveats;
};

struct ReplayReport {
  std::string source;
  bool compressed = false;
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0, parsed = 0, skipped = 0, headers = 0, blank = 0;
  std::uint64_t truncated = 0;     // lines longer than the read buffer (analysed by their prefix)
  std::uint64_t out_of_order = 0;  // lines whose timestamp goes back
  double span_s = 0;
  sim::Time first_us = 0, last_us = 0;
  std::uint64_t client_commands = 0, lua_commands = 0;
  // ElastiCache Serverless ECPUs per client command: max(1, argument bytes / 1024) on average. The
  // bytes are the MONITOR line's quoted argument text (close to the request on the wire); replies
  // are not in a capture, so this is a lower bound for reads that return large values.
  double ecpus_per_command = 1;
  double request_bytes = 0;  // the client commands' argument text, summed
  std::vector<CommandRow> commands;  // by total, descending
  std::vector<ClientRow> clients;
  std::vector<PatternRow> patterns;
  std::vector<DbRow> dbs;
  Transactions transactions;
  std::vector<LoopRow> loops;
  std::vector<SeriesBin> series;
  sim::Duration series_width = sim::kMinute;
  Transients transients;
  CaptureMonthEstimate projection;
  std::vector<MalformedLine> malformed;  // the first ones
  std::uint64_t lua_without_caller = 0;  // [db lua] lines not after an EVAL/EVALSHA/FCALL
  std::uint64_t clients_overflow = 0, patterns_overflow = 0, streams_untracked = 0;
  std::uint64_t streams_unjudged = 0;  // streams past eight cycles left without a histogram
  Plan plan;
  BillingRules rules;
};

// Audit: an anti-pattern, its evidence and what fixing it saves.
struct Finding {
  std::string id;        // "set-then-expire", "keys-hot-path", ...
  std::string title;     // one line
  std::string detail;    // what was seen, with numbers
  std::string fix;       // what to change
  std::vector<std::string> evidence;  // "line 123: <capture line>"
  double monthly_commands_saved = 0, monthly_billable_saved = 0, monthly_usd_saved = 0;
  std::string saving_note;  // when the saving is not in commands (storage) or is an upper bound
};

struct AuditReport {
  ReplayReport replay;
  std::vector<Finding> findings;  // by billable saving, descending
};

}  // namespace core::replay
