// What calibration needs from a capture beyond the replay report: the arguments of the commands
// that carry a component's settings in the line itself (a blocking pop's timeout, its keys) and one
// example line per command, collected in the same pass as the analyzer (so stdin captures work and
// the replay's per-line path is not touched). Bounded: at most kMaxPops (command, key) pairs,
// kMaxPeers connections each, one example per command name.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace core::calibrate {

struct Example {
  std::uint64_t line = 0;
  std::string text;  // the capture line, first 200 bytes
};

// One blocking pop as written: BLPOP/BRPOP/BZPOPMIN/BZPOPMAX/BRPOPLPUSH/BLMOVE by its first key.
struct BlockingPop {
  std::string command;  // "BLPOP"
  std::string key;      // first key, unescaped
  int keys = 1;         // keys in the command (queues it waits on)
  std::map<std::string, std::uint64_t> timeouts;  // timeout argument as written -> times seen
  std::set<std::string> peers;                    // connections that sent it
  std::uint64_t count = 0;
  Example example;
  // The timeout seen most often, in seconds (0 = blocks forever).
  double timeout_s() const;
};

struct CaptureEvidence {
  std::vector<BlockingPop> pops;
  std::map<std::string, Example> first_line;  // command name -> its first line
};

class EvidenceCollector {
 public:
  static constexpr std::size_t kMaxPops = 64, kMaxPeers = 4096, kMaxCommands = 512;
  void add_line(std::string_view line, std::uint64_t number, bool truncated = false);
  CaptureEvidence finish() { return std::move(e_); }

 private:
  CaptureEvidence e_;
};

}  // namespace core::calibrate
