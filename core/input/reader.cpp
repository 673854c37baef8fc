#include "core/input/reader.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace core {

void check_json_text(std::string_view text, const std::string& file) {
  int depth = 0;
  std::size_t line = 1, line_start = 0;
  auto at = [&](std::size_t pos) {
    return "line " + std::to_string(line) + ", column " + std::to_string(pos - line_start + 1);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
    } else if (c == '"') {
      // Skip the string (a raw newline inside is the parser's error, but keep lines right).
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
        else if (text[i] == '\n') {
          ++line;
          line_start = i + 1;
        }
      }
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        throw InputError(file, at(i), "JSON nested more than " + std::to_string(kMaxJsonDepth) +
                                          " levels deep; expected a scenario (fewer than ten levels)");
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t start = i;
      while (i + 1 < text.size() && (std::isdigit(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '.' ||
                                     text[i + 1] == 'e' || text[i + 1] == 'E' || text[i + 1] == '+' || text[i + 1] == '-'))
        ++i;
      std::string number(text.substr(start, i - start + 1));
      double v = std::strtod(number.c_str(), nullptr);
      if (std::isinf(v)) {
        if (number.size() > 40) number = number.substr(0, 37) + "...";
        throw InputError(file, at(start), "the number " + number +
                                              " is out of range; expected a number between -1.8e308 and 1.8e308");
      }
    }
  }
}

std::string json_type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    default: return "a value";
  }
}

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

namespace {
std::string shown(const json& j) {
  std::string s = j.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}
std::string fmt_num(double v) {
  std::ostringstream ss;
  ss << v;
  return ss.str();
}
}  // namespace

Reader::Reader(const json& node, std::string pointer) : node_(node), pointer_(std::move(pointer)) {
  if (!node_.is_object()) throw FieldError(pointer_, "expected an object, got " + json_type_name(node_));
}

std::string Reader::child_pointer(const std::string& key) const { return pointer_ + "/" + escape_pointer_token(key); }

bool Reader::has(const std::string& key) const { return node_.contains(key); }

const json* Reader::get(const std::string& key) const {
  known_.insert(key);
  auto it = node_.find(key);
  if (it == node_.end()) return nullptr;
  return &*it;
}

const json* Reader::raw(const std::string& key) const { return get(key); }

void Reader::fail(const std::string& key, const std::string& expected) const {
  throw FieldError(key.empty() ? pointer_ : child_pointer(key), expected);
}

std::string Reader::string(const std::string& key) const {
  const json* v = get(key);
  if (!v) fail(key, "missing required field \"" + key + "\" (a string)");
  if (!v->is_string()) fail(key, "expected a string, got " + json_type_name(*v) + " " + shown(*v));
  return v->get<std::string>();
}

std::string Reader::string(const std::string& key, const std::string& def) const {
  if (!has(key)) {
    known_.insert(key);
    return def;
  }
  return string(key);
}

std::string Reader::one_of(const std::string& key, const std::vector<std::string>& allowed, const std::string& def) const {
  std::string v = def.empty() && !has(key) ? string(key) : string(key, def);
  for (const auto& a : allowed)
    if (a == v) return v;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + ("\"" + a + "\"");
  fail(key, "expected one of " + list + ", got \"" + v + "\"");
}

double Reader::number(const std::string& key, double min, double max) const {
  const json* v = get(key);
  if (!v) fail(key, "missing required field \"" + key + "\" (a number)");
  if (!v->is_number()) fail(key, "expected a number, got " + json_type_name(*v) + " " + shown(*v));
  double d = v->get<double>();
  if (!std::isfinite(d) || d < min || d > max)
    fail(key, "expected a number from " + fmt_num(min) + " to " + fmt_num(max) + ", got " + shown(*v));
  return d;
}

double Reader::number(const std::string& key, double def, double min, double max) const {
  if (!has(key)) {
    known_.insert(key);
    return def;
  }
  return number(key, min, max);
}

std::int64_t Reader::integer(const std::string& key, std::int64_t min, std::int64_t max) const {
  const json* v = get(key);
  if (!v) fail(key, "missing required field \"" + key + "\" (an integer)");
  if (!v->is_number_integer() && !(v->is_number_float() && std::floor(v->get<double>()) == v->get<double>()))
    fail(key, "expected an integer, got " + json_type_name(*v) + " " + shown(*v));
  double d = v->get<double>();
  if (d < static_cast<double>(min) || d > static_cast<double>(max))
    fail(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + shown(*v));
  return v->is_number_integer() ? v->get<std::int64_t>() : static_cast<std::int64_t>(d);
}

std::int64_t Reader::integer(const std::string& key, std::int64_t def, std::int64_t min, std::int64_t max) const {
  if (!has(key)) {
    known_.insert(key);
    return def;
  }
  return integer(key, min, max);
}

bool Reader::boolean(const std::string& key, bool def) const {
  const json* v = get(key);
  if (!v) return def;
  if (!v->is_boolean()) fail(key, "expected true or false, got " + json_type_name(*v) + " " + shown(*v));
  return v->get<bool>();
}

sim::Duration Reader::duration(const std::string& key) const {
  const json* v = get(key);
  if (!v) fail(key, "missing required field \"" + key + "\" (a duration like \"6s\", \"5m\", \"1h\")");
  std::optional<sim::Duration> d;
  if (v->is_number()) {
    double s = v->get<double>();
    if (std::isfinite(s) && s >= 0) d = static_cast<sim::Duration>(std::llround(s * 1e6));
  } else if (v->is_string()) {
    d = sim::parse_duration(v->get<std::string>());
  }
  if (!d || *d < 0) fail(key, "expected a duration like \"500ms\", \"6s\", \"5m\", \"1h30m\", \"7d\" or a number of seconds, got " + shown(*v));
  return *d;
}

sim::Duration Reader::duration(const std::string& key, sim::Duration def) const {
  if (!has(key)) {
    known_.insert(key);
    return def;
  }
  return duration(key);
}

sim::TimeZone Reader::zone(const std::string& key, const sim::TimeZone& def) const {
  if (!has(key)) {
    known_.insert(key);
    return def;
  }
  std::string name = string(key);
  auto z = sim::TimeZone::find(name);
  if (!z) fail(key, "unknown time zone \"" + name + "\"; expected an IANA name such as \"Europe/Berlin\" (redcast zones lists them)");
  return *z;
}

Reader::Count Reader::count(const std::string& key, const Count& def, double max_allowed) const {
  const json* v = get(key);
  if (!v) return def;
  Count c;
  if (v->is_number()) {
    c.min = c.max = v->get<double>();
  } else if (v->is_object()) {
    Reader r(*v, child_pointer(key));
    if (r.has("mean")) {
      c.poisson = true;
      c.min = c.max = r.number("mean", 0, max_allowed);
    } else {
      c.min = r.number("min", 0, max_allowed);
      c.max = r.number("max", 0, max_allowed);
      if (c.max < c.min) r.fail("max", "expected max >= min");
    }
    r.finish();
    return c;
  } else {
    fail(key, "expected a count: a number, {\"min\": a, \"max\": b} or {\"mean\": m}, got " + json_type_name(*v));
  }
  if (c.min < 0 || c.min > max_allowed) fail(key, "expected a count from 0 to " + fmt_num(max_allowed) + ", got " + shown(*v));
  return c;
}

Reader Reader::object(const std::string& key) const {
  const json* v = get(key);
  if (!v) fail(key, "missing required field \"" + key + "\" (an object)");
  if (!v->is_object()) fail(key, "expected an object, got " + json_type_name(*v));
  Reader child(*v, child_pointer(key));
  child.zone_ = zone_;
  return child;
}

std::optional<Reader> Reader::optional_object(const std::string& key) const {
  if (!has(key)) {
    known_.insert(key);
    return std::nullopt;
  }
  return object(key);
}

std::vector<Reader> Reader::objects(const std::string& key) const {
  std::vector<Reader> out;
  const json* v = get(key);
  if (!v) return out;
  if (!v->is_array()) fail(key, "expected an array of objects, got " + json_type_name(*v));
  for (std::size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    std::string p = child_pointer(key) + "/" + std::to_string(i);
    if (!item.is_object()) throw FieldError(p, "expected an object, got " + json_type_name(item));
    out.emplace_back(item, p);
    out.back().zone_ = zone_;
  }
  return out;
}

std::vector<std::string> Reader::strings(const std::string& key) const {
  std::vector<std::string> out;
  const json* v = get(key);
  if (!v) return out;
  if (!v->is_array()) fail(key, "expected an array of strings, got " + json_type_name(*v));
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string())
      throw FieldError(child_pointer(key) + "/" + std::to_string(i), "expected a string, got " + json_type_name((*v)[i]));
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

void Reader::finish() const {
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (known_.count(it.key())) continue;
    if (!it.key().empty() && it.key()[0] == '$') continue;  // "$schema", "$comment"
    std::string list;
    for (const auto& k : known_) list += (list.empty() ? "" : ", ") + k;
    throw FieldError(child_pointer(it.key()), "unknown field \"" + it.key() + "\"; expected one of: " + list);
  }
}

}  // namespace core
