#include "sim/simulator.hpp"

#include <algorithm>
#include <stdexcept>

namespace sim {

void Simulator::at(Time t, Action action, int priority) {
  if (t < now_) throw std::logic_error("Simulator::at: event scheduled in the past");
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
    actions_[slot] = std::move(action);
  } else {
    slot = static_cast<std::uint32_t>(actions_.size());
    actions_.push_back(std::move(action));
  }
  heap_.push_back(Entry{t, priority, seq_++, slot});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

bool Simulator::step() {
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Entry e = heap_.back();
  heap_.pop_back();
  now_ = e.time;
  Action action = std::move(actions_[e.slot]);
  actions_[e.slot] = nullptr;
  free_slots_.push_back(e.slot);
  ++events_run_;
  action();
  return true;
}

std::uint64_t Simulator::run_until(Time end) {
  std::uint64_t before = events_run_;
  stopped_ = false;
  while (!heap_.empty() && !stopped_) {
    if (heap_.front().time >= end) break;
    step();
  }
  if (!stopped_ && now_ < end) now_ = end;
  return events_run_ - before;
}

}  // namespace sim
