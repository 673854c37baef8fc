// Knobs: the settings of one component that a search may turn, declared by the component's model
// from its parsed parameters (Model::knobs), next to the parser that reads them, so a default is
// stated once. The recommender (core/recommend/) only searches over what models declare; a CI check
// can hold a scenario to limits on the metrics the knobs name.
//
// A knob has a name, the JSON pointer of its field (relative to the component object), its current
// value (the default when the field is absent), the values it may take (candidates; alternatives,
// at most one is applied) and the service metric a change moves. Each candidate says, in words, what
// it costs the user, and the metric's value after the change (worst case) when it moves it. A
// candidate sets one field or more (a kombu upgrade with its polling_interval); the search turns
// them into RFC 6902 operations against the component's document (core/recommend/patch.hpp).
//
// Declaring knobs in a model (from its parsed parameters p_; see celery_worker.cpp, poller_pages.cpp):
//   std::vector<Knob> MyModel::knobs() const {
//     std::vector<Knob> out;
//     if (p_.heartbeat)  // the parser's default, read back: no second copy of it
//       out.push_back(turn_off("heartbeat", "/heartbeat", "--without-heartbeat", "monitors no longer see it"));
//     Knob k = knob("poll_every", "/poll_every", sim::format_duration(p_.poll_every), &metrics::staleness);
//     for (int f : {2, 5})
//       k.candidates.push_back({"poll every " + duration_words(p_.poll_every * f), "data seen later",
//                               seconds_of(p_.poll_every * f), {{"/poll_every", sim::format_duration(p_.poll_every * f)}}});
//     out.push_back(std::move(k));
//     if (auto s = slower_schedule_knob(p_.schedule, "jobs run", {2, 5, 10})) out.push_back(std::move(*s));
//     return out;
//   }
// A model whose run reads or writes SharedState also names it (Model::shared_state), so a search
// re-projects it together with the components it shares that state with.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/input/reader.hpp"
#include "sim/time.hpp"

namespace core {

// A service metric: what users of the system notice when a knob turns. Durations are in seconds,
// counts in their unit ("days", "connections").
struct Metric {
  enum class Kind { Duration, Count };
  const char* name;     // "staleness": the key of `recommend --constraint "staleness<=5min"`
  Kind kind;
  const char* unit;     // "s" for every duration; a count's unit
  const char* meaning;  // one line for --help and docs/recommend.md
};

namespace metrics {
// How late users see a change in data (a poll or a scheduled job's period).
extern const Metric staleness;
// How long a queued job may wait before a worker picks it up.
extern const Metric pickup_latency;
// How late a failure (a dead broker connection, a lost worker) is noticed.
extern const Metric detection_latency;
// How long a warm shut-down may wait for the worker's blocking read to return.
extern const Metric shutdown_wait;
// How many days of finished objects are kept.
extern const Metric retention;
}  // namespace metrics

// Every metric a knob may name, and the one called `name` (nullptr if none).
const std::vector<const Metric*>& all_metrics();
const Metric* find_metric(std::string_view name);

// One field a candidate sets: pointer relative to the component, the new value.
struct KnobSet {
  std::string pointer;
  json value;
};

struct KnobCandidate {
  std::string label;                  // "cron every 5 min instead of every minute"
  std::string cost;                   // "transfers seen up to 5 min later instead of 1 min", or "none"
  std::optional<double> metric_value; // the knob's metric after the change (s or count); none: unmoved
  std::vector<KnobSet> sets;
};

struct Knob {
  std::string name;                   // "schedule", "heartbeat"
  std::string pointer;                // the field, relative to the component ("/schedule/cron")
  json current;                       // its value now (the model's default when absent)
  const Metric* metric = nullptr;     // the service metric a change moves; nullptr: a feature lost
  std::vector<KnobCandidate> candidates;
  // The metric's value after a candidate, 0 when the candidate does not move it.
  double metric_after(const KnobCandidate& c) const { return c.metric_value.value_or(0.0); }
};

// Builders for the common shapes.
Knob knob(std::string name, std::string pointer, json current, const Metric* metric = nullptr);
// A knob whose one candidate sets the field (and optionally others) and costs `cost`.
Knob single(std::string name, std::string pointer, json current, json value, std::string label, std::string cost);
// A boolean feature that is on: the candidate turns it off.
Knob turn_off(std::string name, std::string pointer, std::string label, std::string cost);

// A duration as people say it: "minute", "5 min", "hour", "2 h", "30 s" (else sim::format_duration).
std::string duration_words(sim::Duration d);
double seconds_of(sim::Duration d);

}  // namespace core
