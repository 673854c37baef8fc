#include "core/recommend/constraint.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "core/format/format.hpp"
#include "core/input/errors.hpp"

namespace core {
namespace {

std::string metric_list() {
  std::string s;
  for (const Metric* m : all_metrics()) {
    if (!s.empty()) s += ", ";
    s += std::string(m->name) + " (" + (m->kind == Metric::Kind::Duration ? "a duration" : m->unit) + ")";
  }
  return s;
}

std::string trim(std::string_view v) {
  std::size_t a = 0, b = v.size();
  while (a < b && std::isspace(static_cast<unsigned char>(v[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(v[b - 1]))) --b;
  return std::string(v.substr(a, b - a));
}

// "5min", "5 minutes", "2 sec", "1h30m", "90": the words people write turned into sim's units.
std::optional<double> duration_seconds(const std::string& raw) {
  std::string t;
  for (char c : raw)
    if (!std::isspace(static_cast<unsigned char>(c))) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Longest words first, so "mins" is not read as "min" + "s".
  static const std::pair<const char*, const char*> words[] = {
      {"minutes", "m"}, {"minute", "m"}, {"mins", "m"}, {"min", "m"}, {"seconds", "s"}, {"second", "s"},
      {"secs", "s"},    {"sec", "s"},    {"hours", "h"}, {"hour", "h"}, {"hrs", "h"},   {"hr", "h"},
      {"days", "d"},    {"day", "d"}};
  std::string out;
  for (std::size_t i = 0; i < t.size();) {
    bool hit = false;
    if (std::isalpha(static_cast<unsigned char>(t[i])))
      for (const auto& [w, u] : words) {
        std::size_t n = std::char_traits<char>::length(w);
        if (t.compare(i, n, w) == 0) {
          out += u;
          i += n;
          hit = true;
          break;
        }
      }
    if (!hit) out += t[i++];
  }
  auto d = sim::parse_duration(out);
  if (!d || *d < 0) return std::nullopt;
  return static_cast<double>(*d) / static_cast<double>(sim::kSecond);
}

std::optional<double> count_value(const std::string& raw, const Metric& m) {
  const char* begin = raw.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(v) || v < 0) return std::nullopt;
  std::string unit = trim(end);
  std::string full = m.unit, one = full.empty() ? full : full.substr(0, full.size() - 1);  // "days", "day"
  if (!unit.empty() && unit != full && unit != one && !(full == "days" && unit == "d")) return std::nullopt;
  return v;
}

}  // namespace

bool Constraint::allows(double v) const {
  const double eps = 1e-9;
  switch (op) {
    case Op::AtMost: return v <= value + eps;
    case Op::Below: return v < value - eps;
    case Op::AtLeast: return v >= value - eps;
    case Op::Above: return v > value + eps;
  }
  return false;
}

bool metric_worse(const Metric& m, double a, double b) {
  return m.kind == Metric::Kind::Count ? a < b - 1e-9 : a > b + 1e-9;
}

std::string metric_value_text(const Metric& m, double value) {
  if (m.kind == Metric::Kind::Duration)
    return duration_words(static_cast<sim::Duration>(std::llround(value * static_cast<double>(sim::kSecond))));
  return format::grouped(value) + " " + (value == 1 && std::string(m.unit) == "days" ? std::string("day") : std::string(m.unit));
}

Constraint parse_constraint(std::string_view text, const std::string& flag) {
  std::string quoted(1, '"');  // appended, not "\"" + text: GCC 12 warns (-Wrestrict) on that form
  quoted.append(text).push_back('"');
  std::size_t at = text.find_first_of("<>");
  if (at == std::string_view::npos)
    throw InputError(flag, "", "expected METRIC<=VALUE (or <, >=, >), got " + quoted + "; metrics: " + metric_list());
  Constraint c;
  std::string_view op = text.substr(at, at + 1 < text.size() && text[at + 1] == '=' ? 2 : 1);
  c.op = op == "<=" ? Constraint::Op::AtMost : op == "<" ? Constraint::Op::Below : op == ">=" ? Constraint::Op::AtLeast : Constraint::Op::Above;
  const std::string name = trim(text.substr(0, at)), raw = trim(text.substr(at + op.size()));
  c.metric = find_metric(name);
  if (!c.metric)
    throw InputError(flag, "", "unknown metric \"" + name + "\" in " + quoted + "; metrics: " + metric_list());
  const bool duration = c.metric->kind == Metric::Kind::Duration;
  std::optional<double> v = duration ? duration_seconds(raw) : count_value(raw, *c.metric);
  if (raw.empty() || !v)
    throw InputError(flag, "", std::string("bad value \"") + raw + "\" in " + quoted + ": " + name + " takes " +
                                   (duration ? "a duration (\"5min\", \"2s\", \"1h30m\", or seconds)"
                                             : "a number of " + std::string(c.metric->unit) + " (\"7\")") +
                                   "; metrics: " + metric_list());
  c.value = *v;
  c.text = name + std::string(op) + raw;  // as the user wrote it: "staleness<=5min"
  return c;
}

}  // namespace core
