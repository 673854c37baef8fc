#include "cli/progress.hpp"

#include <string>

namespace cli {

ProgressMeter::ProgressMeter(bool enabled, std::FILE* out)
    : enabled_(enabled), out_(out), start_(std::chrono::steady_clock::now()), last_(start_) {}

ProgressMeter::~ProgressMeter() { done(); }

void ProgressMeter::update(const core::replay::ReadProgress& p) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  draw(p, false);
}

void ProgressMeter::draw(const core::replay::ReadProgress& p, bool) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double mbps = secs > 0 ? static_cast<double>(p.bytes) / 1e6 / secs : 0;
  char buf[200];
  if (p.input_size > 0) {
    double f = static_cast<double>(p.input_consumed) / static_cast<double>(p.input_size);
    if (f > 1) f = 1;
    int fill = static_cast<int>(f * 30);
    std::string bar(static_cast<std::size_t>(fill), '#');
    bar.resize(30, '.');
    std::snprintf(buf, sizeof buf, "\r[%s] %3.0f%%  %7.1f MB/s  %.0f MB  %llu lines ", bar.c_str(), f * 100, mbps,
                  static_cast<double>(p.bytes) / 1e6, static_cast<unsigned long long>(p.lines));
  } else {
    std::snprintf(buf, sizeof buf, "\rreading  %7.1f MB/s  %.0f MB  %llu lines ", mbps,
                  static_cast<double>(p.bytes) / 1e6, static_cast<unsigned long long>(p.lines));
  }
  std::fputs(buf, out_);
  std::fflush(out_);
  drawn_ = true;
}

void ProgressMeter::done() {
  if (!enabled_ || !drawn_) return;
  std::fputs("\r\x1b[2K", out_);  // clear the line
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace cli
