// A progress bar on stderr for long captures: share done (when the size is known), MB/s of
// decoded input, lines. Redrawn at most ten times a second; cleared when done, so the report that
// follows on stdout (or in -o FILE) is never interleaved with it.
#pragma once
#include <chrono>
#include <cstdio>

#include "core/replay/input.hpp"

namespace cli {

class ProgressMeter {
 public:
  explicit ProgressMeter(bool enabled, std::FILE* out = stderr);
  ~ProgressMeter();
  void update(const core::replay::ReadProgress& p);
  void done();

 private:
  void draw(const core::replay::ReadProgress& p, bool final);
  bool enabled_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace cli
