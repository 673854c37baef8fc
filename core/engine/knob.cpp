#include "core/engine/knob.hpp"

namespace core {

namespace metrics {
const Metric staleness{"staleness", Metric::Kind::Duration, "s",
                       "how late users see a change in data (a poll's or a scheduled job's period)"};
const Metric pickup_latency{"pickup_latency", Metric::Kind::Duration, "s",
                            "how long a queued job may wait before a worker picks it up"};
const Metric detection_latency{"detection_latency", Metric::Kind::Duration, "s",
                               "how late a failure (a dead broker connection, a lost worker) is noticed"};
const Metric shutdown_wait{"shutdown_wait", Metric::Kind::Duration, "s",
                           "how long a warm shut-down may wait for the worker's blocking read to return"};
const Metric retention{"retention", Metric::Kind::Count, "days", "how many days of finished objects are kept"};
}  // namespace metrics

const std::vector<const Metric*>& all_metrics() {
  static const std::vector<const Metric*> all = {&metrics::staleness, &metrics::pickup_latency,
                                                 &metrics::detection_latency, &metrics::shutdown_wait,
                                                 &metrics::retention};
  return all;
}

const Metric* find_metric(std::string_view name) {
  for (const Metric* m : all_metrics())
    if (name == m->name) return m;
  return nullptr;
}

Knob knob(std::string name, std::string pointer, json current, const Metric* metric) {
  Knob k;
  k.name = std::move(name);
  k.pointer = std::move(pointer);
  k.current = std::move(current);
  k.metric = metric;
  return k;
}

Knob single(std::string name, std::string pointer, json current, json value, std::string label, std::string cost) {
  Knob k = knob(std::move(name), pointer, std::move(current));
  k.candidates.push_back({std::move(label), std::move(cost), std::nullopt, {{std::move(pointer), std::move(value)}}});
  return k;
}

Knob turn_off(std::string name, std::string pointer, std::string label, std::string cost) {
  return single(std::move(name), std::move(pointer), true, false, std::move(label), std::move(cost));
}

std::string duration_words(sim::Duration d) {
  if (d >= sim::kHour && d % sim::kHour == 0) {
    auto h = d / sim::kHour;
    return h == 1 ? "hour" : std::to_string(h) + " h";
  }
  if (d >= sim::kMinute && d % sim::kMinute == 0) {
    auto m = d / sim::kMinute;
    return m == 1 ? "minute" : std::to_string(m) + " min";
  }
  if (d >= sim::kSecond && d % sim::kSecond == 0) return std::to_string(d / sim::kSecond) + " s";
  return sim::format_duration(d);
}

double seconds_of(sim::Duration d) { return static_cast<double>(d) / static_cast<double>(sim::kSecond); }

}  // namespace core
