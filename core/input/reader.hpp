// A checked walk over a JSON object: each accessor records the field as known, converts and
// range-checks it, and on failure throws FieldError with the field's JSON pointer and what was
// expected. finish() rejects fields nobody asked for, so typos in scenario files never pass silently.
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/input/errors.hpp"
#include "sim/schedule.hpp"
#include "sim/time.hpp"
#include "sim/tz.hpp"

namespace core {

using json = nlohmann::json;

class Reader {
 public:
  // `node` must outlive the reader. `pointer` is the JSON pointer of node in its document.
  Reader(const json& node, std::string pointer);

  const json& node() const { return node_; }
  // The zone that schedules and windows use when they name none: the scenario's period zone.
  // Readers made by object()/objects() inherit it.
  const sim::TimeZone& default_zone() const { return zone_; }
  void set_default_zone(const sim::TimeZone& z) { zone_ = z; }
  const std::string& pointer() const { return pointer_; }
  std::string child_pointer(const std::string& key) const;
  bool has(const std::string& key) const;

  // Required fields (throw if absent) and optional ones (default if absent).
  std::string string(const std::string& key) const;
  std::string string(const std::string& key, const std::string& def) const;
  std::string one_of(const std::string& key, const std::vector<std::string>& allowed,
                     const std::string& def) const;
  double number(const std::string& key, double min, double max) const;
  double number(const std::string& key, double def, double min, double max) const;
  std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max) const;
  std::int64_t integer(const std::string& key, std::int64_t def, std::int64_t min, std::int64_t max) const;
  bool boolean(const std::string& key, bool def) const;
  // "6s", "5m", "1h30m", "500ms" or a number of seconds.
  sim::Duration duration(const std::string& key) const;
  sim::Duration duration(const std::string& key, sim::Duration def) const;
  sim::TimeZone zone(const std::string& key, const sim::TimeZone& def) const;
  // A count that may be a fixed number or a range {"min": a, "max": b} (uniform integer draw) or
  // {"mean": m} (Poisson draw).
  struct Count {
    double min = 0, max = 0;  // equal when fixed
    bool poisson = false;
    double mean() const { return poisson ? min : (min + max) / 2; }
    bool fixed() const { return !poisson && min == max; }
  };
  Count count(const std::string& key, const Count& def, double max_allowed = 1e12) const;

  Reader object(const std::string& key) const;                // required object
  std::optional<Reader> optional_object(const std::string& key) const;
  std::vector<Reader> objects(const std::string& key) const;  // array of objects ([] if absent)
  std::vector<std::string> strings(const std::string& key) const;  // array of strings ([] if absent)
  const json* raw(const std::string& key) const;                    // nullptr if absent; marks it known

  // Throws for any field not read so far, naming the allowed ones.
  void finish() const;
  [[noreturn]] void fail(const std::string& key, const std::string& expected) const;

 private:
  const json& node_;
  std::string pointer_;
  mutable std::set<std::string> known_;
  sim::TimeZone zone_ = sim::TimeZone::utc();
  const json* get(const std::string& key) const;
};

// Documents nested deeper than this are refused before they are parsed: parsing, copying, dumping
// and locating a field all recurse once per level, and a hostile file nested 100,000 deep would
// overflow the stack. Real scenarios nest fewer than ten levels.
constexpr int kMaxJsonDepth = 128;
// One pass over JSON text, before nlohmann/json sees it: throws InputError (file, line and column)
// for nesting deeper than kMaxJsonDepth and for numbers beyond a double's range (1e400), which the
// parser reports without a position. Anything else is left to the parser's own errors.
void check_json_text(std::string_view text, const std::string& file);

std::string json_type_name(const json& j);  // "a string", "a number", ...
std::string escape_pointer_token(const std::string& key);

}  // namespace core
