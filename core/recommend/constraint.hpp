// Constraints on the service metrics knobs declare (core/engine/knob.hpp): "staleness<=5min",
// "pickup_latency<2s", "retention>=7". A recommendation leaves out every knob value whose metric,
// after the change, breaks a constraint on that metric; a value that does not move the metric, or a
// knob that names another metric, is not judged by it. A combination's metric is the worst of its
// parts, so a combination of values that each keep a constraint keeps it too.
#pragma once
#include <string>
#include <string_view>

#include "core/engine/knob.hpp"

namespace core {

struct Constraint {
  enum class Op { AtMost, Below, AtLeast, Above };  // <=, <, >=, >
  const Metric* metric = nullptr;
  Op op = Op::AtMost;
  double value = 0;   // seconds for a duration, the metric's unit for a count
  std::string text;   // as it reads in output: "staleness<=5 min"

  bool allows(double metric_value) const;
};

// Parses "METRIC<=VALUE" (also <, >=, >). A duration takes "5min", "2s", "1h30m", "90" (seconds);
// a count a number, optionally followed by its unit ("7", "7 days"). Throws InputError with `flag`
// as the place, naming the metrics, on an unknown metric, a missing operator or a bad value.
Constraint parse_constraint(std::string_view text, const std::string& flag = "--constraint");
// The metric's value as people read it: "5 min", "2 s" (duration_words), "7 days".
std::string metric_value_text(const Metric& m, double value);
// Whether a is worse than b for users: a longer duration, fewer days kept.
bool metric_worse(const Metric& m, double a, double b);

}  // namespace core
