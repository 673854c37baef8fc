#include "core/models/queue_jobs.hpp"

namespace core {

std::vector<QueueJobSource> read_queue_job_sources(const Reader& r) {
  std::vector<QueueJobSource> out;
  for (auto& t : r.objects("tasks")) {
    QueueJobSource s;
    s.job = read_job_source_fields(t);
    s.publish = t.boolean("publish", true);
    t.finish();
    out.push_back(std::move(s));
  }
  return out;
}

bool any_stochastic(const std::vector<QueueJobSource>& sources) {
  for (const auto& s : sources)
    if (any_stochastic(std::vector<JobSource>{s.job})) return true;
  return false;
}

std::vector<FetchChainJob> produce_jobs(ModelContext& ctx, const std::vector<QueueJobSource>& sources, BundleId first,
                                        BundleId each) {
  std::vector<JobSource> plain;
  plain.reserve(sources.size());
  for (const auto& s : sources) plain.push_back(s.job);
  const std::vector<Job> jobs = generate_jobs(plain, ctx);
  std::vector<FetchChainJob> out;
  out.reserve(jobs.size());
  bool first_sent = false;
  for (const Job& j : jobs) {
    if (sources[j.source].publish) {
      ctx.rec.emit(j.t, first_sent ? each : first);
      first_sent = true;
    }
    out.push_back({j.t, sources[j.source].job.duration});
  }
  return out;
}

void accept_no_effect(const Reader& r, const std::string& key, const std::function<void()>& validate,
                      std::vector<std::string>& no_effect) {
  if (r.has(key)) {
    validate();
    no_effect.push_back(key);
  } else {
    r.raw(key);
  }
}

}  // namespace core
