// The discrete-event engine: a future-event set ordered by (time, priority, insertion sequence), so
// ties run in the order they were scheduled and every run replays exactly (as SimPy and OMNeT++ do).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/time.hpp"

namespace sim {

class Simulator {
 public:
  using Action = std::function<void()>;

  explicit Simulator(Time start = 0) : now_(start) {}

  Time now() const { return now_; }
  // Schedules `action` at absolute time t (>= now). Lower priority runs first among equal times.
  void at(Time t, Action action, int priority = 0);
  void after(Duration d, Action action, int priority = 0) { at(now_ + d, std::move(action), priority); }

  // Runs events with time < end, then sets now() to end. Returns the number of events run.
  std::uint64_t run_until(Time end);
  // Runs a single event; false if none is pending.
  bool step();
  bool empty() const { return heap_.empty(); }
  std::size_t pending() const { return heap_.size(); }
  // Time of the next pending event (call only when !empty()).
  Time next_time() const { return heap_.front().time; }
  std::uint64_t events_run() const { return events_run_; }
  // A stop request from inside an action: run_until returns after the current event.
  void stop() { stopped_ = true; }

 private:
  struct Entry {
    Time time;
    int priority;
    std::uint64_t seq;
    std::uint32_t slot;  // index into actions_
  };
  static bool later(const Entry& a, const Entry& b) {
    if (a.time != b.time) return a.time > b.time;
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.seq > b.seq;
  }
  std::vector<Entry> heap_;
  std::vector<Action> actions_;
  std::vector<std::uint32_t> free_slots_;
  Time now_;
  std::uint64_t seq_ = 0;
  std::uint64_t events_run_ = 0;
  bool stopped_ = false;
};

}  // namespace sim
