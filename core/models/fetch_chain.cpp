#include "core/models/fetch_chain.hpp"

#include <algorithm>
#include <functional>

namespace core {

namespace {

// The slots of one process: `idle` never used yet (free since the open), and a min-heap of the times
// the used ones come free. Memory grows with the jobs a process has taken, never with `slots`
// (a hostile 100,000 slots x 10,000 processes would otherwise be 8 GB before the first job).
struct SlotPool {
  std::uint64_t idle = 0;
  std::vector<sim::Time> busy;  // min-heap
  sim::Time open = 0;
  sim::Time earliest() const { return idle ? open : busy.front(); }
  // Whether at least `k` slots are free at `t` (a walk of the heap's nodes <= t, at most k of them).
  bool free_at_least(sim::Time t, std::uint64_t k) const {
    if (idle >= k) return true;
    std::uint64_t found = idle;
    std::vector<std::size_t> stack;
    if (!busy.empty()) stack.push_back(0);
    while (!stack.empty()) {
      std::size_t i = stack.back();
      stack.pop_back();
      if (busy[i] > t) continue;  // its subtree is later still
      if (++found >= k) return true;
      for (std::size_t c : {2 * i + 1, 2 * i + 2})
        if (c < busy.size()) stack.push_back(c);
    }
    return false;
  }
  // The earliest slot runs a job until `end`.
  void take(sim::Time end) {
    if (idle) {
      --idle;
    } else {
      std::pop_heap(busy.begin(), busy.end(), std::greater<>());
      busy.pop_back();
    }
    busy.push_back(end);
    std::push_heap(busy.begin(), busy.end(), std::greater<>());
  }
};

struct Process {
  sim::Time chain_start = 0;     // the first fetch of the idle chain that runs now; kNever while none
  bool activated_any = false;    // its first drained take was sent
  bool finished_any = false;     // its first completion was sent
  bool tail_pending = false;     // a completion whose follow-up (drain tail or next fetch) is undecided
  sim::Time tail_at = 0;
  SlotPool slots;
};

// Each process's earliest free slot in a segment tree: the process a job goes to (the first, in
// process order, whose slot is free at the job's arrival, else the first of those free soonest) is
// found in O(log processes) rather than by a scan of every process and slot per job.
class EarliestFree {
 public:
  EarliestFree(std::size_t n, sim::Time t) {
    while (size_ < n) size_ <<= 1;
    tree_.assign(2 * size_, sim::kNever);
    for (std::size_t i = 0; i < n; ++i) tree_[size_ + i] = t;
    for (std::size_t i = size_ - 1; i >= 1; --i) tree_[i] = std::min(tree_[2 * i], tree_[2 * i + 1]);
  }
  void set(std::size_t i, sim::Time t) {
    i += size_;
    tree_[i] = t;
    for (i >>= 1; i >= 1; i >>= 1) tree_[i] = std::min(tree_[2 * i], tree_[2 * i + 1]);
  }
  std::size_t pick(sim::Time arrival) const {
    std::size_t i = 1;
    if (tree_[1] <= arrival) {
      while (i < size_) i = tree_[2 * i] <= arrival ? 2 * i : 2 * i + 1;
    } else {
      while (i < size_) i = tree_[2 * i] == tree_[i] ? 2 * i : 2 * i + 1;
    }
    return i - size_;
  }

 private:
  std::size_t size_ = 1;
  std::vector<sim::Time> tree_;
};

}  // namespace

std::vector<sim::Time> emit_fetch_chains(Recorder& rec, const FetchChainSpec& spec, int processes, int slots,
                                         const std::vector<FetchChainJob>& jobs, sim::Time open, sim::Time close) {
  const sim::Duration cycle = spec.cycle;
  std::vector<Process> ps(static_cast<std::size_t>(processes));
  for (auto& p : ps) {
    p.chain_start = open;
    p.slots.idle = static_cast<std::uint64_t>(slots);
    p.slots.open = open;
  }
  EarliestFree earliest(ps.size(), open);
  // The idle chain of `p` up to `until` (fetches sent before it). `caught`: the last fetch returned
  // a job, so no follow-up after it.
  auto run_chain = [&](const Process& p, sim::Time until, bool caught) {
    if (p.chain_start == sim::kNever || p.chain_start >= until) return;
    const auto n = static_cast<std::uint64_t>((until - 1 - p.chain_start) / cycle) + 1;
    rec.emit_series(p.chain_start, cycle, n, spec.wait);
    if (!spec.after_timeout) return;
    std::uint64_t timeouts = 0;
    if (caught) timeouts = n - 1;
    else if (p.chain_start + spec.timeout < until)
      timeouts = static_cast<std::uint64_t>((until - 1 - p.chain_start - spec.timeout) / cycle) + 1;
    rec.emit_series(p.chain_start + spec.timeout, cycle, timeouts, *spec.after_timeout);
  };
  // With a free slot the fetch loop kept going while the job ran (its chain continues); otherwise it
  // restarts after the drain tail.
  auto resolve_tail = [&](Process& p) {
    rec.emit(p.tail_at, spec.drain_tail);
    if (p.chain_start == sim::kNever) p.chain_start = p.tail_at;
    p.tail_pending = false;
  };

  std::vector<sim::Time> starts(jobs.size(), sim::kNever);
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const FetchChainJob& job = jobs[j];
    if (job.arrival >= close) break;
    const std::size_t best = earliest.pick(job.arrival);
    Process& p = ps[best];
    const sim::Time begin = std::max({job.arrival, p.slots.earliest(), open});
    if (begin >= close) break;
    if (p.tail_pending && begin > job.arrival && begin == p.tail_at) {
      rec.emit(begin, spec.activate_queued);  // fetched by the previous job's finish
      p.tail_pending = false;
    } else {
      if (p.tail_pending && p.tail_at <= begin) resolve_tail(p);
      if (p.chain_start != sim::kNever && p.chain_start <= begin) run_chain(p, begin + 1, true);
      else rec.emit(begin, spec.wait);  // a fetch sent while another slot's job ran
      rec.emit(begin, p.activated_any || !spec.activate_first ? spec.activate : *spec.activate_first);
      p.activated_any = true;
      // Worker#mainLoop (and Bull's, Bee-Queue's loops) fetch again at once while a slot is free.
      p.chain_start = p.slots.free_at_least(begin, 2) ? begin : sim::kNever;
    }
    starts[j] = begin;
    const sim::Time end = begin + job.duration;
    p.slots.take(end);
    earliest.set(best, p.slots.earliest());
    if (end < close) {
      rec.emit(end, p.finished_any ? spec.finish : spec.finish_first);
      p.finished_any = true;
    }
    p.tail_at = p.tail_pending ? std::max(p.tail_at, end) : end;
    p.tail_pending = true;
  }
  for (auto& p : ps) {
    if (p.tail_pending) {
      if (p.tail_at < close) resolve_tail(p);
      else p.chain_start = sim::kNever;  // still running at the close
    }
    run_chain(p, close, false);
  }
  return starts;
}

}  // namespace core
