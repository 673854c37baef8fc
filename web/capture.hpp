// A MONITOR capture streamed in from the page in chunks and fed, line by line, to the core's
// streaming replay analyzer (core/replay/analyzer.hpp) with the audit on. Memory stays bounded:
// one partial line is carried between chunks, and a line longer than the CLI's read buffer is
// analysed by its prefix, flagged truncated, exactly as the CLI's LineReader does, so the browser's
// report equals `redcast replay` / `redcast audit` for the same file.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/replay/analyzer.hpp"
#include "core/replay/report.hpp"
#include "core/scenario/scenario.hpp"

namespace web {

class Capture {
 public:
  std::string name;
  std::uint64_t size = 0;      // bytes of the file, as the browser reported it
  std::uint64_t received = 0;  // decoded bytes streamed in so far
  std::uint64_t lines = 0;
  bool compressed = false;     // gzip, decoded by the page (DecompressionStream)
  bool reading = false, done = false;
  double started_ms = 0, finished_ms = 0;
  std::string error;
  std::string plan = core::kCapturePlan;  // billing rules and prices for the replay (as the CLI's default)

  std::unique_ptr<core::replay::AuditReport> report;  // when done
  core::json replay_json, audit_json;                  // the CLI's JSON contracts for it
  std::string replay_text, audit_text;                 // and its text reports

  void begin(const std::string& name, std::uint64_t size, bool compressed, double now_ms);
  void feed(const char* data, std::size_t n);
  void end(const std::string& error, double now_ms);

 private:
  std::unique_ptr<core::replay::Analyzer> analyzer_;
  std::vector<char> carry_;  // the unfinished last line of the previous chunk (+ padding)
  bool skipping_ = false;    // discarding the rest of an over-long line
  void line(const char* p, std::size_t n, bool truncated);
};

}  // namespace web
