#include "core/models/job_source.hpp"

#include <algorithm>

#include "core/models/keyed_state.hpp"  // read_arrival_profile
#include "core/scenario/schedule_json.hpp"

namespace core {

JobSource read_job_source_fields(const Reader& t) {
  JobSource s;
  s.name = t.string("name", "");
  const int kinds = t.has("arrivals") + t.has("schedule");
  if (kinds != 1) t.fail("", "expected exactly one of \"arrivals\" (a daily rate) or \"schedule\" in a task source");
  if (t.has("arrivals")) {
    s.arrivals = read_arrival_profile(t.object("arrivals"), &s.arrivals_zone_given);
  } else {
    s.scheduled = true;
    s.schedule = read_schedule(t.object("schedule"), t.default_zone());
  }
  s.duration = t.duration("duration", 10 * sim::kMillisecond);
  s.start_after = t.duration("start_after", 0);
  if (t.has("limit")) s.limit = static_cast<std::uint64_t>(t.integer("limit", 0, std::int64_t{1} << 40));
  else t.raw("limit");
  return s;
}

std::vector<JobSource> read_job_sources(const Reader& r, const std::string& key) {
  std::vector<JobSource> out;
  for (auto& t : r.objects(key)) {
    out.push_back(read_job_source_fields(t));
    t.finish();
  }
  return out;
}

std::vector<sim::Time> job_times(const JobSource& s, ModelContext& ctx) {
  std::vector<sim::Time> times;
  if (s.scheduled) {
    times = fire_times(anchored(s.schedule, ctx.start), sim::WindowSet{}, ctx.start, ctx.end);
  } else if (s.arrivals.per_day > 0) {
    sim::ArrivalProfile prof = s.arrivals;
    if (!s.arrivals_zone_given) prof.zone = ctx.zone;
    times = sim::generate_arrivals(prof, ctx.start, ctx.end, ctx.rng);
  }
  if (s.start_after > 0)
    times.erase(times.begin(), std::lower_bound(times.begin(), times.end(), ctx.start + s.start_after));
  if (s.limit && times.size() > *s.limit) times.resize(*s.limit);
  return times;
}

bool stochastic(const JobSource& s) { return !s.scheduled && !s.arrivals.deterministic && s.arrivals.per_day > 0; }

}  // namespace core
