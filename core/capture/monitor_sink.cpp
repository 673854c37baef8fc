#include "core/capture/monitor_sink.hpp"

namespace core::capture {

MonitorSink::MonitorSink(Writer writer, std::size_t buffer_limit) : writer_(std::move(writer)), limit_(buffer_limit) {}

void MonitorSink::append(std::string_view text) {
  if (failed_) return;
  pending_.append(text);
  pending_ += '\n';
  if (pending_.size() >= limit_) flush();
}

void MonitorSink::header(std::string_view reply_text) { append(reply_text); }

void MonitorSink::line(std::string_view reply_text) {
  if (failed_) return;
  ++pending_lines_;
  append(reply_text);
}

bool MonitorSink::flush() {
  if (failed_) return false;
  if (pending_.empty()) return true;
  if (!writer_(pending_)) {
    failed_ = true;
    pending_.clear();
    pending_lines_ = 0;
    return false;
  }
  written_ += pending_.size();
  lines_ += pending_lines_;
  pending_lines_ = 0;
  pending_.clear();
  return true;
}

}  // namespace core::capture
