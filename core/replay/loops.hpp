// Periodic loops: "BRPOP celery ... every 1.0 s", "PUBLISH /0.celeryev/worker.heartbeat every
// 2.0 s", "PING redis-py-health-check x2 every 25 s". Found incrementally, per stream = (client,
// command, subject pattern), without storing timestamps:
//
//  - occurrences closer than `burst_gap` form one burst (a health check's PING pair, the four
//    LLENs of one MULTI); a burst is one cycle of the loop;
//  - the interval between consecutive burst starts goes into a log-scale histogram (8 bins per
//    octave) that also keeps each bin's sum and sum of squares, so the period is the mean of the
//    densest window of bins and the jitter its standard deviation, robust to the odd short cycle
//    (a BRPOP that returns early because a message arrived);
//  - burst sizes go into a tiny histogram; the commands per cycle is its mode.
//
// At the end, periodic streams of one client with the same period and phase are merged into one
// loop (the restore sweep: PING, SET, ZREVRANGEBYSCORE, EVALSHA every 100 s). Streams are also
// kept per host, so a loop that opens a new connection each cycle (cron jobs, forking workers)
// is still seen.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/catalog/commands.hpp"
#include "core/replay/report.hpp"
#include "core/replay/tables.hpp"
#include "sim/time.hpp"

namespace core::replay {

// Intervals of one stream on a log scale: 8 bins per octave over 12 octaves centred on the
// stream's first intervals (a loop's cycles stay within a few octaves of each other; the rare
// far-off interval lands in an edge bin, far from the period), each bin with its count, sum and
// sum of squares. 1.2 KB.
struct IntervalHistogram {
  static constexpr int kPerOctave = 8;
  static constexpr int kOctaves = 12;
  static constexpr int kBins = kPerOctave * kOctaves;
  struct Bin {
    std::uint32_t count;
    float sum;    // floats: a bin holds intervals within 9 % of each other, so sums stay exact
    float sumsq;  // to well under a part in a million per 10^6 intervals
  };
  int base_exp = 0;  // the first bin starts at 2^base_exp seconds
  Bin bins[kBins];   // count, sum and sum of squares side by side: one cache line per interval
  // Clears the bins and centres them on `typical` seconds.
  void reset(double typical);
  void add(double seconds);
  int bin_of(double seconds) const;
};

struct StreamKey {
  std::uint32_t owner;    // client id, or host id | kHostBit
  CommandId cmd;
  std::uint32_t pattern;  // subject pattern id, kNone when the command has no subject
};
constexpr std::uint32_t kHostBit = 0x80000000u;
inline std::uint64_t pack_stream_key(const StreamKey& k) {
  return (static_cast<std::uint64_t>(k.owner) << 32) | (static_cast<std::uint64_t>(k.cmd) << 16) |
         (k.pattern & 0xFFFFu);
}

struct alignas(64) Stream {
  // Hot: touched by every command of the stream (the first cache line).
  StreamKey key{};
  std::uint32_t count = 0;      // client commands
  sim::Time last_us = 0, burst_start_us = 0;
  std::uint32_t bursts = 0;
  std::uint32_t intervals = 0;  // burst-to-burst intervals recorded
  std::uint32_t hist = kNone;   // histogram slot, from the second interval on
  std::uint32_t last_conn = kNone, switches = 0;  // host streams: connection changes
  std::uint16_t burst_size = 0, burst_inner = 0;
  float first_iv[8] = {};       // the first eight intervals (s), exact: enough for short captures,
                                // and a histogram is only taken for streams that go on
  // Touched once per cycle.
  std::uint16_t size_hist[8] = {};   // bursts of 1..7, 8+ client commands (saturating)
  std::uint16_t inner_hist[8] = {};  // bursts with 0..6, 7+ inner commands (saturating)
  // Cold.
  sim::Time first_us = 0, first_burst_us = 0;
  std::uint64_t first_line = 0;
  std::uint32_t inner = 0;  // commands its scripts ran ([db lua] lines)
  bool multi_key = false;
};

constexpr std::uint32_t kExactIntervals = 8;

// One periodic stream, as found.
struct PeriodicStream {
  std::uint32_t stream = 0;
  double period_s = 0, jitter_s = 0;
  double regular = 0;        // share of intervals within the period's window
  double per_cycle = 0;      // client commands per cycle (mode of burst sizes)
  double inner_per_cycle = 0;
};

class LoopTracker {
 public:
  LoopTracker(std::uint32_t max_streams, std::uint32_t max_histograms, sim::Duration burst_gap);
  // Queues one client command. Commands are processed in small batches (flush()), so the
  // memory their streams live in is fetched in parallel rather than one miss after another.
  void push(const StreamKey& key, sim::Time ts, std::uint64_t line, std::uint32_t conn, bool multi_key) {
    Pending& p = batch_[n_++];
    p.packed = pack_stream_key(key);
    p.key = key;
    p.ts = ts;
    p.line = line;
    p.conn = conn;
    p.multi_key = multi_key;
    p.inner = false;
    index_.prefetch(p.packed);  // the slot is read when the batch is flushed
    if (n_ == kBatch) flush();
  }
  // Queues a command run by the script of the stream `caller` (an EVAL/EVALSHA/FCALL stream).
  void push_inner(const StreamKey& caller, sim::Time ts);
  void flush();
  // Flushes and closes open bursts; call once at the end.
  void finish();
  // Periodic streams (at least `min_cycles` bursts, regular enough).
  std::vector<PeriodicStream> periodic(std::uint32_t min_cycles = 3) const;
  const Stream& stream(std::uint32_t id) const { return streams_[id]; }
  bool live(std::uint32_t id) const { return id < streams_.size() && streams_[id].key.owner != kNone; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(streams_.size()); }
  std::uint64_t untracked() const { return untracked_; }
  std::uint64_t evicted() const { return evicted_; }
  // Streams past eight cycles that found the histogram pool full: not judged as loops.
  std::uint64_t unjudged() const { return unjudged_; }
  sim::Duration burst_gap() const { return gap_; }
  // Estimates the period of one stream (false when it has too few intervals or none regular).
  bool estimate(const Stream& s, PeriodicStream& out) const;

 private:
  void close_burst(Stream& s);
  static constexpr std::uint32_t kBatch = 32;
  struct Pending {
    std::uint64_t packed;
    StreamKey key;
    sim::Time ts;
    std::uint64_t line;
    std::uint32_t conn, id;
    bool multi_key, inner, created;
  };
  struct HistAdd {
    std::uint32_t hist;
    int bin;
    float value;
  };
  Pending batch_[kBatch];
  HistAdd hist_pending_[kBatch];
  std::uint32_t n_ = 0;
  // Frees the ids of streams that can no longer become loops (one burst, idle for a while), so
  // connection churn (a connection per job) cannot fill the table for good.
  void compact(sim::Time now);
  KeyIndex index_;
  std::vector<Stream> streams_;
  std::vector<std::uint32_t> free_;
  std::uint32_t max_streams_, live_ = 0;
  std::uint64_t evicted_ = 0, unjudged_ = 0;
  std::vector<IntervalHistogram> hists_;
  std::uint32_t max_hists_;
  sim::Duration gap_;
  std::uint64_t untracked_ = 0;
};

// Names for building loop rows: an owner id (client, or host | kHostBit) as text, a stream's
// signature ("BRPOP celery …") and subject, and the host of a client id.
struct LoopNames {
  std::function<std::string(std::uint32_t owner)> owner;
  std::function<std::string(const Stream&)> signature;
  std::function<std::string(const Stream&)> subject;
  std::function<std::uint32_t(std::uint32_t client)> host_of;
};

// Periodic streams merged into loops: per connection, streams whose period agrees within 5 % and
// whose last cycles line up are one loop; per host, loops that span connections and are not
// explained by per-connection loops. Monthly figures are left for the projection.
std::vector<LoopRow> build_loops(const LoopTracker& tracker, const LoopNames& names, sim::Time capture_start);

}  // namespace core::replay
