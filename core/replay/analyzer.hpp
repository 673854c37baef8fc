// The replay: one streaming pass over a MONITOR capture that keeps, in bounded memory, everything
// the report needs (per command, client, db, key pattern; scripts; transactions; the time
// series; periodic loops; the steady state) and, when asked, the audit's evidence.
//
// The per-line path allocates nothing once a client, pattern or stream has been seen: clients
// are interned by their address bytes, commands by an upper-cased hash (CommandIndex), patterns
// by hashing the folded key in a stack buffer, and every table has a cap beyond which entries
// go to an "other" bucket.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/replay/input.hpp"
#include "core/replay/report.hpp"

namespace core::replay {

struct ReplayOptions {
  std::string plan = kCapturePlan;  // plan id (core/billing.hpp), resolved at the capture's date
  // The front end's date (the core never reads the clock): the plan's date for a capture with no
  // timestamped line.
  sim::CivilDate today;
  std::optional<int> regions;         // overrides the rules' region count (global databases)
  bool audit = false;                 // also collect the audit's evidence
  std::uint32_t max_clients = 8192;
  std::uint32_t max_patterns = 8192;  // must stay below 65535 (stream keys hold 16 bits)
  std::uint32_t max_streams = 32768;
  std::uint32_t max_histograms = 8192;  // interval histograms (1.2 KB each) for streams past 8 cycles
  sim::Duration burst_gap = 10 * sim::kMillisecond;  // commands closer than this are one cycle
  std::size_t keep_malformed = 20;    // malformed lines shown (all are counted)
  std::size_t report_rows = 200;      // clients and patterns listed (all are counted)
  std::size_t buffer_size = LineReader::kDefaultBuffer;
  std::function<void(const ReadProgress&)> progress;
};

class Analyzer {
 public:
  explicit Analyzer(const ReplayOptions& options);
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // One line of the capture (without '\n'), its 1-based number, and whether it was cut short.
  void add_line(std::string_view line, std::uint64_t number, bool truncated = false);
  // Builds the report; call once, after the last line.
  ReplayReport finish();
  // Builds the report and the audit's findings (the analyzer must have been made with audit).
  AuditReport finish_audit();

  void set_source(std::string name, bool compressed, std::uint64_t bytes);
  // Declares that every line handed to add_line() is followed by LineReader::kPadding readable
  // bytes (true for LineReader's buffer), so word-sized loads may run past a line's end.
  void set_padded_input(bool padded);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens and analyses a whole capture. Throws core::InputError for an unreadable file, an unknown
// plan, or a capture in which no command line parsed (empty, or all garbage: see require_commands).
ReplayReport replay_capture(const std::string& path, const ReplayOptions& options);
AuditReport audit_capture(const std::string& path, ReplayOptions options);
ReplayReport replay_source(ByteSource& source, const ReplayOptions& options);
AuditReport audit_source(ByteSource& source, ReplayOptions options);
// Throws core::InputError (naming the first malformed line) unless at least one command parsed.
void require_commands(const ReplayReport& r);

sim::CivilDate date_of(sim::Time utc_us);

}  // namespace core::replay
