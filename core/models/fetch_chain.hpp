// The blocking-fetch loop of a job-queue worker process, shared by the Node queue models (BullMQ,
// Bull): while the queue is drained the process sends one blocking fetch per `cycle` (timeout +
// loop latency), each timed-out one optionally followed `timeout` later by a follow-up (BullMQ's
// empty moveToActive); a job that arrives ends the pending fetch early, the job's scripts run, and
// when it finishes with nothing waiting a drain tail runs and the chain restarts at the job's end.
// A job that waited for a free slot is fetched by the previous job's finish instead; while another
// slot is free the chain goes on during a job (concurrency > 1: not recorded). So jobs closer
// together than the timeout cost no idle cycles, and a gap g between a job's end and the next
// arrival costs floor(g / cycle) of them.
#pragma once
#include <optional>
#include <vector>

#include "core/engine/recorder.hpp"
#include "core/models/job_source.hpp"

namespace core {

struct FetchChainSpec {
  sim::Duration cycle = 0;          // one idle fetch to the next
  sim::Duration timeout = 0;        // fetch sent -> timed out (when the follow-up goes out)
  BundleId wait = 0;                // the blocking fetch
  std::optional<BundleId> after_timeout;  // sent when a fetch times out (BullMQ: empty moveToActive)
  BundleId activate = 0;            // a drained process takes a job (after its fetch returned)
  std::optional<BundleId> activate_first;  // the first such on a process (Bull: EVAL; default: activate)
  BundleId activate_queued = 0;     // the previous job's finish fetched this one (it had waited)
  BundleId finish = 0;              // a job's completion
  BundleId finish_first = 0;        // the first completion of a process (ioredis: EVAL, not EVALSHA)
  BundleId drain_tail = 0;          // after a completion with nothing waiting, before the chain restarts
};

struct FetchChainJob {
  sim::Time arrival;
  sim::Duration duration;
};

// Emits the fetch loops of `processes` processes with `slots` concurrent jobs each over
// [open, close), consuming `jobs` (in arrival order; each goes to the process with the earliest free
// slot). Returns each job's start time (kNever for jobs at or after close), for per-job extras.
std::vector<sim::Time> emit_fetch_chains(Recorder& rec, const FetchChainSpec& spec, int processes, int slots,
                                         const std::vector<FetchChainJob>& jobs, sim::Time open, sim::Time close);

}  // namespace core
