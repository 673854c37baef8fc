#include "core/scenario/scenario.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "core/input/errors.hpp"
#include "core/input/reader.hpp"
#include "core/input/text_file.hpp"

namespace core {
namespace {

// Finds the text position of the value at a JSON pointer with a small scanner over the document
// text (nlohmann/json keeps no positions), so field errors can say "line 12, column 20".
class Locator {
 public:
  Locator(const std::string& text, const std::string& target) : s_(text), target_(target) {}
  std::size_t find() {
    std::string path;
    skip_ws();
    value(path);
    return found_;
  }

 private:
  const std::string& s_;
  const std::string& target_;
  std::size_t i_ = 0;
  std::size_t found_ = std::string::npos;
  int depth_ = 0;

  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  std::string string_token() {
    std::string out;
    ++i_;  // opening quote
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        char e = s_[i_ + 1];
        out += (e == 'n' ? '\n' : e == 't' ? '\t' : e);
        i_ += (e == 'u' ? 6 : 2);
        continue;
      }
      out += s_[i_++];
    }
    ++i_;
    return out;
  }
  void value(const std::string& path) {
    // One call per level: never deeper than the loader accepts (kMaxJsonDepth), whatever the text.
    if (i_ >= s_.size() || found_ != std::string::npos || depth_ > kMaxJsonDepth) return;
    struct Level {
      int& d;
      explicit Level(int& depth) : d(depth) { ++d; }
      ~Level() { --d; }
    } level(depth_);
    if (path == target_) {
      found_ = i_;
      return;
    }
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      for (;;) {
        skip_ws();
        if (i_ >= s_.size() || s_[i_] == '}') break;
        if (s_[i_] != '"') return;
        std::size_t key_pos = i_;
        std::string key = string_token();
        std::string child = path + "/" + escape_pointer_token(key);
        skip_ws();
        if (i_ < s_.size() && s_[i_] == ':') ++i_;
        skip_ws();
        // A missing-field pointer resolves to its parent; an unknown field to its key.
        if (child == target_) {
          found_ = key_pos;
          return;
        }
        value(child);
        if (found_ != std::string::npos) return;
        skip_ws();
        if (i_ < s_.size() && s_[i_] == ',') ++i_;
      }
      ++i_;
    } else if (c == '[') {
      ++i_;
      for (int n = 0;; ++n) {
        skip_ws();
        if (i_ >= s_.size() || s_[i_] == ']') break;
        value(path + "/" + std::to_string(n));
        if (found_ != std::string::npos) return;
        skip_ws();
        if (i_ < s_.size() && s_[i_] == ',') ++i_;
      }
      ++i_;
    } else if (c == '"') {
      string_token();
    } else {
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']' && s_[i_] != ' ' && s_[i_] != '\n') ++i_;
    }
  }
};

std::pair<int, int> line_col(const std::string& text, std::size_t pos) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

Location where(const std::string& text, const std::string& pointer) {
  Location at{.pointer = pointer};
  if (text.empty()) return at;
  // The deepest ancestor present in the text gives the line (a missing field points at its parent).
  std::string probe = pointer;
  for (;;) {
    auto [line, col] = locate_pointer(text, probe);
    if (line > 0) {
      at.line = static_cast<std::uint64_t>(line);
      at.column = static_cast<std::uint64_t>(col);
      return at;
    }
    if (probe.empty()) break;
    probe = probe.substr(0, probe.rfind('/'));
  }
  return at;
}

sim::CivilDate read_date(const Reader& r, const std::string& key, sim::CivilDate def) {
  if (!r.has(key)) {
    r.raw(key);
    return def;
  }
  std::string s = r.string(key);
  auto d = sim::parse_date(s);
  if (!d) r.fail(key, "expected a date like \"2026-01-01\", got \"" + s + "\"");
  return *d;
}

// A size: a number of bytes, or a string "300MB", "1.5 GB", "512 KB", "60GB" (1024s, as providers
// sell storage: Upstash's 256 MB is 256 MiB; "MiB" and friends are accepted too).
double read_size(const Reader& r, const std::string& key) {
  const json* v = r.raw(key);
  constexpr double kMax = 1e18;
  if (v->is_number()) {
    double n = r.number(key, 0, kMax);
    return n;
  }
  if (!v->is_string()) r.fail(key, "expected a size: a number of bytes or a string like \"300MB\" or \"60GB\"");
  std::string text = v->get<std::string>();
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  std::string num = text.substr(0, i), unit;
  std::size_t j = i < text.size() && text[i] == ' ' ? i + 1 : i;  // one space may part number and unit
  for (; j < text.size(); ++j) unit += static_cast<char>(std::toupper(static_cast<unsigned char>(text[j])));
  double mult = 0;
  if (unit.empty() || unit == "B") mult = 1;
  else if (unit == "KB" || unit == "KIB") mult = 1024.0;
  else if (unit == "MB" || unit == "MIB") mult = 1024.0 * 1024;
  else if (unit == "GB" || unit == "GIB") mult = 1024.0 * 1024 * 1024;
  else if (unit == "TB" || unit == "TIB") mult = 1024.0 * 1024 * 1024 * 1024;
  char* end = nullptr;
  double n = num.empty() ? -1 : std::strtod(num.c_str(), &end);
  if (mult == 0 || num.empty() || end != num.c_str() + num.size() || !(n >= 0) || n * mult > kMax)
    r.fail(key, "expected a size like \"300MB\", \"60GB\" or a number of bytes (units B, KB, MB, GB, TB), got \"" +
                    text + "\"");
  return n * mult;
}

void apply_data(Scenario& s, const Reader& root) {
  auto d = root.optional_object("data");
  if (!d) return;
  if (d->has("storage")) s.data.storage_bytes = read_size(*d, "storage");
  if (d->has("bandwidth_per_month")) s.data.bandwidth_per_month_bytes = read_size(*d, "bandwidth_per_month");
  if (d->has("bytes_per_command")) s.data.bytes_per_command = read_size(*d, "bytes_per_command");
  d->finish();
}

void apply_billing(Scenario& s, const Reader& root) {
  auto plan = find_plan(s.plan_id, s.start);
  if (!plan) root.fail("plan", unknown_plan(s.plan_id, "", "").message());
  auto rules = find_rules(plan->rules, s.start);
  s.rules = *rules;
  auto b = root.optional_object("billing");
  if (!b) return;
  std::string rid = b->one_of("rules", {"upstash", "every-command", "elasticache"}, s.rules.id);
  s.rules = *find_rules(rid, s.start);
  s.rules.regions = static_cast<int>(b->integer("regions", 1, 1, 64));
  s.rules.bill_multi_exec = b->boolean("bill_multi_exec", s.rules.bill_multi_exec);
  s.rules.bill_blocking = b->boolean("bill_blocking", s.rules.bill_blocking);
  s.rules.bill_script_inner = b->boolean("bill_script_inner", s.rules.bill_script_inner);
  if (b->has("free_commands")) {
    s.rules.free_commands.clear();
    s.rules.free_sets.clear();  // the scenario's own set applies on every date
    auto names = b->strings("free_commands");
    for (std::size_t i = 0; i < names.size(); ++i) {
      auto id = find_command(names[i]);
      if (!id) throw FieldError(b->child_pointer("free_commands") + "/" + std::to_string(i), "unknown Redis command \"" + names[i] + "\"");
      s.rules.free_commands.insert(command_info(*id).name);
    }
  }
  b->finish();
}

Scenario parse_document(const json& doc) {
  Scenario s;
  Reader root(doc, "");
  s.name = root.string("name");
  s.description = root.string("description", "");
  if (auto period = root.optional_object("period")) {
    s.start = read_date(*period, "start", s.start);
    s.days = static_cast<int>(period->integer("days", 30, 1, 366));
    s.zone = period->zone("zone", sim::TimeZone::utc());
    period->finish();
  }
  root.set_default_zone(s.zone);
  s.plan_id = root.string("plan", "upstash-free");
  apply_billing(s, root);
  apply_data(s, root);
  s.seed = static_cast<std::uint64_t>(root.integer("seed", 1, 0, (std::int64_t{1} << 53)));
  s.replications = static_cast<int>(root.integer("replications", 1, 1, 10000));
  auto comps = root.objects("components");
  if (comps.empty()) root.fail("components", "expected a non-empty array of components");
  std::set<std::string> names;
  for (auto& c : comps) {
    ComponentSpec spec;
    spec.name = c.string("name");
    if (!names.insert(spec.name).second) c.fail("name", "duplicate component name \"" + spec.name + "\"");
    std::string types;
    for (const auto& t : component_types()) types += (types.empty() ? "" : ", ") + t.type;
    spec.type = c.string("type");
    const ComponentType* type = find_component_type(spec.type);
    if (!type) c.fail("type", "unknown component type \"" + spec.type + "\"; expected one of: " + types);
    spec.enabled = c.boolean("enabled", true);
    c.string("description", "");
    spec.model = type->parse(c);
    c.finish();
    s.components.push_back(std::move(spec));
  }
  root.finish();
  s.document = doc;
  return s;
}

}  // namespace

std::pair<int, int> locate_pointer(const std::string& text, const std::string& pointer) {
  std::size_t pos = Locator(text, pointer).find();
  if (pos == std::string::npos) return {0, 0};
  return line_col(text, pos);
}

Scenario load_scenario_json(const json& doc, const std::string& file) {
  try {
    Scenario s = parse_document(doc);
    s.file = file;
    return s;
  } catch (const FieldError& e) {
    throw InputError(file, Location{.pointer = e.pointer}, e.what());
  }
}

json parse_scenario_text(const std::string& text, const std::string& file) {
  check_json_text(text, file);
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    auto [line, col] = line_col(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string msg = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
    auto colon = msg.find(": ");
    if (colon != std::string::npos) msg = msg.substr(colon + 2);
    throw InputError(file, Location{.line = static_cast<std::uint64_t>(line), .column = static_cast<std::uint64_t>(col), .pointer = std::nullopt},
                     "invalid JSON: " + msg);
  }
}

Scenario load_scenario_document(const json& doc, const std::string& text, const std::string& file) {
  try {
    Scenario s = parse_document(doc);
    s.file = file;
    return s;
  } catch (const FieldError& e) {
    throw InputError(file, where(text, e.pointer), e.what());
  }
}

Scenario load_scenario_text(const std::string& text, const std::string& file) {
  return load_scenario_document(parse_scenario_text(text, file), text, file);
}

Scenario load_scenario_file(const std::string& path) {
  std::string text = read_text_file(path, "a scenario (JSON)");
  return load_scenario_text(text, path == "-" ? "<stdin>" : path);
}

std::string save_scenario(const Scenario& s) { return s.document.dump(2) + "\n"; }

}  // namespace core
