#include "core/calibrate/evidence.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/replay/monitor_line.hpp"

namespace core::calibrate {

double BlockingPop::timeout_s() const {
  std::string best;
  std::uint64_t n = 0;
  for (const auto& [t, c] : timeouts)
    if (c > n) best = t, n = c;
  return best.empty() ? 0 : std::strtod(best.c_str(), nullptr);
}

namespace {
bool is_blocking(const std::string& c) {
  return c == "BLPOP" || c == "BRPOP" || c == "BZPOPMIN" || c == "BZPOPMAX" || c == "BRPOPLPUSH" || c == "BLMOVE";
}
}  // namespace

void EvidenceCollector::add_line(std::string_view line, std::uint64_t number, bool truncated) {
  replay::MonitorLine m;
  replay::LineError err{};
  if (replay::parse_line(line, m, err, truncated) != replay::LineKind::Command) return;
  if (m.peer_kind == replay::PeerKind::Lua) return;  // scripts' inner commands carry no settings
  replay::ArgCursor args(m.args, m.truncated);
  std::string_view a;
  if (!args.next(a)) return;
  std::string cmd = replay::unescape(a);
  std::transform(cmd.begin(), cmd.end(), cmd.begin(), [](unsigned char c) { return std::toupper(c); });
  if (!e_.first_line.count(cmd) && e_.first_line.size() < kMaxCommands)
    e_.first_line[cmd] = Example{number, std::string(line.substr(0, 200))};
  if (!is_blocking(cmd)) return;
  std::vector<std::string> rest;
  while (args.next(a) && rest.size() < 64) rest.push_back(replay::unescape(a));
  if (rest.size() < 2) return;
  // BLMOVE src dst LEFT RIGHT timeout, BRPOPLPUSH src dst timeout: one source key; the others list
  // keys then the timeout.
  int keys = (cmd == "BLMOVE" || cmd == "BRPOPLPUSH") ? 1 : static_cast<int>(rest.size()) - 1;
  auto it = std::find_if(e_.pops.begin(), e_.pops.end(),
                         [&](const BlockingPop& p) { return p.command == cmd && p.key == rest.front(); });
  if (it == e_.pops.end()) {
    if (e_.pops.size() >= kMaxPops) return;
    e_.pops.push_back(BlockingPop{cmd, rest.front(), keys, {}, {}, 0, Example{number, std::string(line.substr(0, 200))}});
    it = e_.pops.end() - 1;
  }
  it->count++;
  it->timeouts[rest.back()]++;
  if (it->peers.size() < kMaxPeers) it->peers.insert(std::string(m.peer));
}

}  // namespace core::calibrate
