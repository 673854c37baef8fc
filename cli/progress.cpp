#include "cli/progress.hpp"

#include <string>

#include "core/format/format.hpp"

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
  namespace fmt = core::format;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = secs > 0 ? static_cast<double>(p.bytes) / secs : 0;
  // Fixed-width fields so the line does not jitter while it redraws.
  auto pad = [](std::string s, std::size_t w) { return s.size() >= w ? s : std::string(w - s.size(), ' ') + s; };
  std::string line = "\r";
  if (p.input_size > 0) {
    double f = static_cast<double>(p.input_consumed) / static_cast<double>(p.input_size);
    if (f > 1) f = 1;
    int fill = static_cast<int>(f * 30);
    std::string bar(static_cast<std::size_t>(fill), '#');
    bar.resize(30, '.');
    line += "[" + bar + "] " + pad(fmt::percent(f * 100, 0), 4);
  } else {
    line += "reading";
  }
  // The rate stays in MB/s: a unit that changed while reading would be hard to follow.
  line += "  " + pad(fmt::fixed(rate / 1e6, 1), 7) + " MB/s  " + fmt::bytes(static_cast<double>(p.bytes)) + "  " +
          fmt::grouped(p.lines) + " lines ";
  std::fputs(line.c_str(), out_);
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
