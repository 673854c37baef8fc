// The audit: anti-patterns of a capture, each with evidence (example lines) and the monthly saving
// of its fix. Detection is online, fed by the analyzer line by line, with fixed per-client,
// per-pattern and per-stream state; findings are built at the end from that state, the report's
// loops and the plan's billing rules.
//
//   keys-hot-path      KEYS run repeatedly (in a loop, or more than once an hour), and the reads
//                      that follow it per key
//   set-then-expire    SET k v then EXPIRE k n from the same client: SET k v EX n is one command
//   get-runs           runs of single-key GETs from one client that one MGET (or a hash) serves
//   keys-without-ttl   a key family created without TTL and never deleted: it grows forever
//   growing-list       lists (and streams without MAXLEN) that are pushed to and never popped
//   debug-reads        XLEN, XRANGE, XPENDING, LLEN, ... repeated in every cycle of a loop
//   empty-polls        blocking pops that nearly always time out, polls of keys nobody writes
//   health-pings       PINGs sent to keep idle connections checked
//   script-inner       loops of EVAL/EVALSHA/FCALL whose scripts' commands are billed too
//   connection-churn   a new connection per job, each paying its own handshake (PING, SELECT,
//                      CLIENT SETNAME, HELLO)
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/replay/command_index.hpp"
#include "core/replay/loops.hpp"
#include "core/replay/report.hpp"

namespace core::replay {

struct AuditEvent {
  std::uint64_t line_no = 0;
  sim::Time ts = 0;
  CommandId cmd = 0;
  const CommandSpec* spec = nullptr;
  bool lua = false;
  std::uint32_t client = kNone;   // kNone for script-run lines and untracked clients
  std::uint32_t pattern = kNone;  // first key's pattern
  std::string_view key;           // first key, escaped
  std::uint64_t key_hash = 0;
  std::uint32_t nkeys = 0;
  std::uint64_t stream_key = 0;   // packed (client, command, pattern) stream key; 0 = none
  bool new_client = false;        // first command seen from this client
  std::string_view line;          // the whole line, for evidence
  std::string_view args;          // MonitorLine::args
  bool truncated = false;
};

// Context the findings are priced in.
struct AuditContext {
  const ReplayReport* report = nullptr;
  const LoopTracker* loops = nullptr;
  std::vector<std::string> pattern_names;   // by pattern id
  std::vector<std::string> client_names;    // by client id
  std::function<double(CommandId, bool)> weight;  // billable weight of one call
  double usd_per_billable = 0;                    // marginal price of one billable command
  std::string price_note;                         // where that price comes from
};

struct AuditState;  // what the tracker has accumulated (audit.cpp)

class AuditTracker {
 public:
  AuditTracker(CommandIndex& index, std::uint32_t max_clients, std::uint32_t max_patterns,
               std::uint32_t max_streams);
  ~AuditTracker();
  void on_command(const AuditEvent& e);
  std::vector<Finding> findings(const AuditContext& ctx) const;

 private:
  std::unique_ptr<AuditState> s_;
};

}  // namespace core::replay
