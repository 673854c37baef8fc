// A MONITOR capture streamed in from the page in chunks and fed, line by line, to the core's
// streaming replay analyzer (core/replay/analyzer.hpp) with the audit on. The chunks go through the
// core's LineSplitter with the CLI's maximum line, the same splitter the CLI's file reader fills,
// so the lines (CRLF, a last line without '\n', over-long lines cut and flagged) and therefore the
// browser's report equal `redcast replay` / `redcast audit` for the same file. Memory stays
// bounded: the splitter holds at most one line.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/calibrate/calibrate.hpp"
#include "core/calibrate/evidence.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/line_splitter.hpp"
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

  // Calibration (core/calibrate): the evidence is collected in the same pass as the replay; the
  // calibration itself (it projects the calibrated scenario) runs once, when first asked for.
  const core::calibrate::CalibrationReport* calibration();
  std::string calibration_error;

  // `today`: the date the plan is resolved at when no line has a timestamp (the CLI's `today`).
  void begin(const std::string& name, std::uint64_t size, bool compressed, double now_ms, sim::CivilDate today);
  void feed(const char* data, std::size_t n);
  void end(const std::string& error, double now_ms);

 private:
  std::unique_ptr<core::replay::Analyzer> analyzer_;
  std::unique_ptr<core::calibrate::EvidenceCollector> evidence_;
  std::unique_ptr<core::calibrate::CaptureEvidence> collected_;           // when done
  std::unique_ptr<core::calibrate::CalibrationReport> calibration_;
  std::unique_ptr<core::replay::LineSplitter> splitter_;  // made by begin() (it holds a 4 MB buffer)
  void line(std::string_view text, std::uint64_t number, bool truncated);
};

}  // namespace web
