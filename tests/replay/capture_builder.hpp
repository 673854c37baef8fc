// Builds synthetic MONITOR captures for the replay tests: lines in the exact format of
// replicationFeedMonitors(), arguments escaped as sdscatrepr() does.
#pragma once
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/replay/analyzer.hpp"

namespace replay_test {

inline std::string repr(const std::string& s) {
  std::string o = "\"";
  char buf[8];
  for (unsigned char c : s) {
    switch (c) {
      case '\\': o += "\\\\"; break;
      case '"': o += "\\\""; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      case '\a': o += "\\a"; break;
      case '\b': o += "\\b"; break;
      default:
        if (c >= 32 && c < 127) {
          o += static_cast<char>(c);
        } else {
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          o += buf;
        }
    }
  }
  o += '"';
  return o;
}

struct Capture {
  struct Line {
    double t;
    int seq;
    std::string text;
  };
  std::vector<Line> lines;
  double base = 1795000000.0;
  // One command at `t` seconds from the start.
  void add(double t, const std::string& client, const std::vector<std::string>& args, int db = 0) {
    char ts[48];
    double abs = base + t;
    long long us = static_cast<long long>(abs * 1e6 + 0.5);
    std::snprintf(ts, sizeof ts, "%lld.%06lld", us / 1000000, us % 1000000);
    std::string l = ts;
    l += " [";
    l += std::to_string(db);
    l += ' ';
    l += client;
    l += ']';
    for (const std::string& a : args) {
      l += ' ';
      l += repr(a);
    }
    lines.push_back({t, static_cast<int>(lines.size()), l});
  }
  // `args` every `period` seconds from `start` to `end`.
  void every(double period, double start, double end, const std::string& client, const std::vector<std::string>& args) {
    for (double t = start; t < end; t += period) add(t, client, args);
  }
  std::string text() const {
    std::vector<Line> sorted = lines;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Line& a, const Line& b) { return a.t < b.t; });
    std::string out = "OK\n";
    for (const Line& l : sorted) {
      out += l.text;
      out += '\n';
    }
    return out;
  }
  core::replay::ReplayReport replay(core::replay::ReplayOptions opt = {}) const {
    auto src = core::replay::ByteSource::from_string(text());
    return core::replay::replay_source(*src, opt);
  }
  core::replay::AuditReport audit(core::replay::ReplayOptions opt = {}) const {
    auto src = core::replay::ByteSource::from_string(text());
    return core::replay::audit_source(*src, opt);
  }
};

}  // namespace replay_test
