// The jobs a queue worker consumes, as scenario files give them: a `tasks` list whose entries are
// either arrivals (a daily rate with an hourly profile) or a schedule, each with the job's execution
// time and an optional cap. Every job-queue model (Celery, RQ, Sidekiq, BullMQ, Bull, Bee-Queue,
// django-q) reads the same list, so one scenario shape serves all of them.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/model.hpp"
#include "sim/arrivals.hpp"
#include "sim/schedule.hpp"

namespace core {

struct JobSource {
  std::string name;
  bool scheduled = false;
  sim::ArrivalProfile arrivals;    // !scheduled
  bool arrivals_zone_given = false;
  sim::Schedule schedule;          // scheduled
  sim::Duration duration = 10 * sim::kMillisecond;  // execution time of one job
  std::optional<std::uint64_t> limit;               // only the first N jobs (a one-off batch)
  sim::Duration start_after = 0;                    // no jobs before period start + this
};

// Reads the fields every job source has. The caller may read its library's own fields from `t`
// afterwards, then calls t.finish().
JobSource read_job_source_fields(const Reader& t);
// Reads a whole list (`key`, default "tasks") of job sources with no library-specific fields.
std::vector<JobSource> read_job_sources(const Reader& r, const std::string& key = "tasks");

struct Job {
  sim::Time t;           // when the producer enqueues it
  std::uint32_t source;  // index into the source list
};

// When one source enqueues its jobs over [ctx.start, ctx.end), in increasing order (draws from
// ctx.rng for random arrivals).
std::vector<sim::Time> job_times(const JobSource& s, ModelContext& ctx);

// All jobs of the period, in enqueue order (ties keep source order). `Source` is JobSource or a
// library's own source type derived from it (celery_worker's adds the caller's options).
template <class Source>
std::vector<Job> generate_jobs(const std::vector<Source>& sources, ModelContext& ctx) {
  std::vector<Job> jobs;
  for (std::size_t i = 0; i < sources.size(); ++i)
    for (sim::Time t : job_times(sources[i], ctx)) jobs.push_back(Job{t, static_cast<std::uint32_t>(i)});
  std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.t < b.t; });
  return jobs;
}
// True if the source draws random arrivals; any_stochastic: if any of them does.
bool stochastic(const JobSource& s);
template <class Source>
bool any_stochastic(const std::vector<Source>& sources) {
  for (const auto& s : sources)
    if (stochastic(s)) return true;
  return false;
}

}  // namespace core
