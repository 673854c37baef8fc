#include "web/capture.hpp"

#include <algorithm>
#include <cstring>
#include <exception>

#include "core/input/errors.hpp"
#include "core/replay/format.hpp"
#include "core/replay/input.hpp"

namespace web {

namespace {
// The CLI reads through LineReader's buffer; a longer line is cut to exactly this many bytes.
constexpr std::size_t kLineCap = core::replay::LineReader::kDefaultBuffer;
constexpr std::size_t kPadding = core::replay::LineReader::kPadding;
}  // namespace

void Capture::begin(const std::string& file, std::uint64_t bytes, bool gz, double now_ms) {
  *this = Capture{};
  name = file;
  size = bytes;
  compressed = gz;
  reading = true;
  started_ms = now_ms;
  try {
    core::replay::ReplayOptions opt;
    opt.plan = plan;
    opt.audit = true;
    opt.report_rows = 200;  // as `redcast replay` (max(--rows, 200)) and `redcast audit`
    analyzer_ = std::make_unique<core::replay::Analyzer>(opt);
  } catch (const std::exception& e) {
    error = e.what();
  }
}

void Capture::line(const char* p, std::size_t n, bool truncated) {
  ++lines;
  if (analyzer_) analyzer_->add_line(std::string_view(p, n), lines, truncated);
}

// Splits the stream into lines as LineReader does: '\n' ends a line (a '\r' stays in it), a last
// line without '\n' still counts, a line longer than kLineCap is handed out as its first kLineCap
// bytes (truncated) and the rest skipped. Views handed to the analyzer have kPadding readable
// bytes after them, as LineReader guarantees.
void Capture::feed(const char* data, std::size_t n) {
  if (!reading || !error.empty()) return;
  received += n;
  // Work buffer: the carried partial line, then this chunk, then padding.
  std::vector<char> work;
  work.reserve(carry_.size() + n + kPadding);
  work.insert(work.end(), carry_.begin(), carry_.end());
  work.insert(work.end(), data, data + n);
  std::size_t len = work.size();
  work.resize(len + kPadding, '\0');
  const char* base = work.data();
  const char* p = base;
  const char* end = base + len;
  try {
    if (skipping_) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', len));
      if (!nl) {
        carry_.clear();
        return;
      }
      p = nl + 1;
      skipping_ = false;
    }
    for (;;) {
      std::size_t rest = static_cast<std::size_t>(end - p);
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', std::min(rest, kLineCap)));
      if (nl) {
        line(p, static_cast<std::size_t>(nl - p), false);
        p = nl + 1;
        continue;
      }
      if (rest >= kLineCap) {
        // No newline within the cap: the prefix, flagged; skip to the next newline.
        line(p, kLineCap, true);
        const char* next = static_cast<const char*>(std::memchr(p + kLineCap, '\n', rest - kLineCap));
        if (!next) {
          skipping_ = true;
          carry_.clear();
          return;
        }
        p = next + 1;
        continue;
      }
      break;
    }
    carry_.assign(p, end);
  } catch (const std::exception& e) {
    error = e.what();
    analyzer_.reset();
  }
}

void Capture::end(const std::string& why, double now_ms) {
  reading = false;
  finished_ms = now_ms;
  if (!why.empty() && error.empty()) error = why;
  if (!error.empty() || !analyzer_) {
    analyzer_.reset();
    carry_ = {};
    return;
  }
  try {
    if (!carry_.empty() && !skipping_) {
      // The last line has no '\n': it still counts (with the padding the analyzer may read).
      std::size_t n = carry_.size();
      carry_.resize(n + kPadding, '\0');
      line(carry_.data(), n, false);
    }
    carry_ = {};
    analyzer_->set_source(name, compressed, received);
    report = std::make_unique<core::replay::AuditReport>(analyzer_->finish_audit());
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
}

}  // namespace web
