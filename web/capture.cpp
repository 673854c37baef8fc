#include "web/capture.hpp"

#include <exception>

#include "core/input/errors.hpp"
#include "core/replay/format.hpp"
#include "core/replay/input.hpp"

namespace web {

void Capture::begin(const std::string& file, std::uint64_t bytes, bool gz, double now_ms, sim::CivilDate today) {
  *this = Capture{};
  name = file;
  size = bytes;
  compressed = gz;
  reading = true;
  started_ms = now_ms;
  try {
    core::replay::ReplayOptions opt;
    opt.plan = plan;
    opt.today = today;
    opt.audit = true;
    opt.report_rows = 200;  // as `redcast replay` (max(--rows, 200)) and `redcast audit`
    analyzer_ = std::make_unique<core::replay::Analyzer>(opt);
    evidence_ = std::make_unique<core::calibrate::EvidenceCollector>();
    // The CLI's read buffer is its maximum line; lines come with the splitter's padding after them.
    splitter_ = std::make_unique<core::replay::LineSplitter>(core::replay::LineReader::kDefaultBuffer);
    analyzer_->set_padded_input(true);
  } catch (const std::exception& e) {
    error = e.what();
  }
}

void Capture::line(std::string_view text, std::uint64_t number, bool truncated) {
  lines = number;
  analyzer_->add_line(text, number, truncated);
  evidence_->add_line(text, number, truncated);
}

void Capture::feed(const char* data, std::size_t n) {
  if (!reading || !error.empty() || !analyzer_) return;
  received += n;
  try {
    splitter_->feed(data, n, [this](std::string_view l, std::uint64_t no, bool cut) { line(l, no, cut); });
  } catch (const std::exception& e) {
    error = e.what();
    analyzer_.reset();
    splitter_.reset();
  }
}

void Capture::end(const std::string& why, double now_ms) {
  reading = false;
  finished_ms = now_ms;
  if (!why.empty() && error.empty()) error = why;
  if (!error.empty() || !analyzer_) {
    analyzer_.reset();
    splitter_.reset();
    return;
  }
  try {
    splitter_->finish([this](std::string_view l, std::uint64_t no, bool cut) { line(l, no, cut); });
    splitter_.reset();
    analyzer_->set_source(name, compressed, received);
    report = std::make_unique<core::replay::AuditReport>(analyzer_->finish_audit());
    collected_ = std::make_unique<core::calibrate::CaptureEvidence>(evidence_->finish());
    replay_json = core::replay::replay_json(report->replay);
    audit_json = core::replay::audit_json(*report);
    core::replay::TextStyle style{false, 15};
    replay_text = core::replay::replay_text(report->replay, style);
    audit_text = core::replay::audit_text(*report, style);
    done = true;
  } catch (const std::exception& e) {
    error = e.what();
  }
  analyzer_.reset();
  splitter_.reset();
  evidence_.reset();
}

const core::calibrate::CalibrationReport* Capture::calibration() {
  if (calibration_ || !calibration_error.empty()) return calibration_.get();
  if (!done || !report || !collected_) return nullptr;
  try {
    // As `redcast calibrate CAPTURE` (core::calibrate::calibrate_capture, same options).
    core::replay::require_commands(report->replay);
    core::calibrate::CalibrateOptions opt;
    calibration_ = std::make_unique<core::calibrate::CalibrationReport>(
        core::calibrate::calibrate(report->replay, *collected_, opt));
  } catch (const std::exception& e) {
    calibration_error = e.what();
  }
  return calibration_.get();
}

}  // namespace web
