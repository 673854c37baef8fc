// What the Node job-queue models (bullmq_worker, bull_worker, bee_queue_worker) share around their
// jobs: the `tasks` list with each source's `publish` flag (count the producer's Queue#add in the
// same component), the producer's side of every job, and the settings accepted with no effect.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "core/models/fetch_chain.hpp"
#include "core/models/job_source.hpp"

namespace core {

struct QueueJobSource {
  JobSource job;
  bool publish = true;  // count the producer's side in this component
};

// The `tasks` list: job_source's fields plus `publish`.
std::vector<QueueJobSource> read_queue_job_sources(const Reader& r);
bool any_stochastic(const std::vector<QueueJobSource>& sources);

// Generates the period's jobs, emits the producer's side of each published one (`first` for the
// first on the producer's connection, its one-offs included; `each` for the rest), and returns them
// as the fetch chain's input (arrival, execution time).
std::vector<FetchChainJob> produce_jobs(ModelContext& ctx, const std::vector<QueueJobSource>& sources, BundleId first,
                                        BundleId each);

// A setting accepted with no effect on Redis traffic: when present, `validate` reads it (so a bad
// value still gets its located message) and `key` is listed in `no_effect`.
void accept_no_effect(const Reader& r, const std::string& key, const std::function<void()>& validate,
                      std::vector<std::string>& no_effect);

}  // namespace core
