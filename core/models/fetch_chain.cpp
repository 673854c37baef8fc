#include "core/models/fetch_chain.hpp"

#include <algorithm>

namespace core {

namespace {

struct Process {
  sim::Time chain_start = 0;     // the first fetch of the idle chain that runs now; kNever while none
  bool activated_any = false;    // its first drained take was sent
  bool finished_any = false;     // its first completion was sent
  bool tail_pending = false;     // a completion whose follow-up (drain tail or next fetch) is undecided
  sim::Time tail_at = 0;
  std::vector<sim::Time> slot_free;
};

}  // namespace

std::vector<sim::Time> emit_fetch_chains(Recorder& rec, const FetchChainSpec& spec, int processes, int slots,
                                         const std::vector<FetchChainJob>& jobs, sim::Time open, sim::Time close) {
  const sim::Duration cycle = spec.cycle;
  std::vector<Process> ps(static_cast<std::size_t>(processes));
  for (auto& p : ps) {
    p.chain_start = open;
    p.slot_free.assign(static_cast<std::size_t>(slots), open);
  }
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
    std::size_t best = 0;
    sim::Time best_begin = sim::kNever;
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const sim::Time b = std::max(*std::min_element(ps[i].slot_free.begin(), ps[i].slot_free.end()), job.arrival);
      if (b < best_begin) {
        best_begin = b;
        best = i;
      }
    }
    Process& p = ps[best];
    auto slot = std::min_element(p.slot_free.begin(), p.slot_free.end());
    const sim::Time begin = std::max({job.arrival, *slot, open});
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
      const auto free_left = std::count_if(p.slot_free.begin(), p.slot_free.end(), [&](sim::Time f) { return f <= begin; });
      p.chain_start = free_left > 1 ? begin : sim::kNever;
    }
    starts[j] = begin;
    const sim::Time end = begin + job.duration;
    *slot = end;
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
