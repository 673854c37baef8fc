#include "core/scenario/overrides.hpp"

#include <optional>

#include "core/input/errors.hpp"
#include "core/input/reader.hpp"
#include "core/input/text_file.hpp"

namespace core {
namespace {

std::string join(const std::vector<std::string>& seg, std::size_t from, std::size_t to) {
  std::string s;
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) s += '.';
    s += seg[i];
  }
  return s;
}

std::string type_name(const json& v) {
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "boolean";
  if (v.is_number()) return "number";
  if (v.is_null()) return "null";
  return "value";
}

std::optional<std::size_t> parse_index(const std::string& t) {
  if (t.empty() || t.size() > 9 || (t.size() > 1 && t[0] == '0')) return std::nullopt;
  for (char c : t)
    if (c < '0' || c > '9') return std::nullopt;
  return static_cast<std::size_t>(std::stoul(t));
}

// A resolved path: the pointer text and its (unescaped) tokens.
struct Resolved {
  std::string pointer;
  std::vector<std::string> tokens;
};

struct Walk {
  const std::string& file;
  const std::string& label;
  [[noreturn]] void fail(const std::string& message) const { throw InputError(file, label, message); }
};

// Names in an array of objects, for the message when a name is not found.
std::string names_in(const json& array) {
  std::string s;
  for (const auto& e : array)
    if (e.is_object() && e.contains("name") && e["name"].is_string()) {
      if (!s.empty()) s += ", ";
      s += e["name"].get<std::string>();
    }
  return s;
}

Resolved resolve(const json& doc, const std::vector<std::string>& seg, bool dotted, const Walk& w) {
  Resolved r;
  const json* node = &doc;  // nullptr once below a key the document lacks (created on apply)
  auto step = [&r](const std::string& token) {
    r.pointer += '/';
    r.pointer += escape_pointer_token(token);  // RFC 6901: "~" as "~0", "/" as "~1"
    r.tokens.push_back(token);
  };
  std::size_t i = 0;
  while (i < seg.size()) {
    if (!node) {
      step(seg[i++]);
      continue;
    }
    const std::string where = r.pointer.empty() ? "/" : r.pointer;
    if (node->is_object()) {
      // The longest run of dotted segments that is an existing key (keys may contain dots).
      std::size_t take = 1;
      if (dotted)
        for (std::size_t k = seg.size(); k > i + 1; --k)
          if (node->contains(join(seg, i, k))) {
            take = k - i;
            break;
          }
      std::string key = join(seg, i, i + take);
      auto it = node->find(key);
      node = it == node->end() ? nullptr : &*it;
      step(key);
      i += take;
    } else if (node->is_array()) {
      std::optional<std::size_t> index;
      std::size_t take = 1;
      if (dotted) {
        // By name first (a component's name, which may contain dots), longest match.
        for (std::size_t k = seg.size(); k > i && !index; --k) {
          std::string name = join(seg, i, k);
          for (std::size_t e = 0; e < node->size(); ++e) {
            const json& el = (*node)[e];
            if (el.is_object() && el.contains("name") && el["name"] == name) {
              index = e;
              take = k - i;
              break;
            }
          }
        }
      }
      if (!index) {
        const std::string& t = seg[i];
        if (!dotted && t == "-") {
          if (i + 1 != seg.size()) w.fail("\"-\" (past the end of " + where + ") can only end a path");
          step("-");
          return r;
        }
        index = parse_index(t);
        if (!index) {
          std::string names = names_in(*node);
          if (dotted && !names.empty()) w.fail("no element named \"" + t + "\" in " + where + "; expected one of: " + names);
          w.fail("expected an index into the array " + where + ", got \"" + t + "\"");
        }
        if (*index >= node->size())
          w.fail("index " + t + " is out of range: " + where + " has " + std::to_string(node->size()) +
                 (node->size() == 1 ? " element" : " elements"));
      }
      step(std::to_string(*index));
      node = &(*node)[*index];
      i += take;
    } else {
      w.fail("cannot go through " + where + ": it is a " + type_name(*node) + ", not an object or array");
    }
  }
  return r;
}

std::vector<std::string> pointer_tokens(const std::string& path, const Walk& w) {
  std::vector<std::string> out;
  std::size_t pos = 1;
  for (;;) {
    std::size_t next = path.find('/', pos);
    std::string raw = path.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    std::string token;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '~') {
        token += raw[i];
        continue;
      }
      if (i + 1 < raw.size() && raw[i + 1] == '0') token += '~';
      else if (i + 1 < raw.size() && raw[i + 1] == '1') token += '/';
      else w.fail("expected ~0 or ~1 after ~ in the JSON pointer " + path);
      ++i;
    }
    out.push_back(token);
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return out;
}

Resolved resolve_path(const json& doc, const std::string& path, const Walk& w) {
  if (path.empty()) w.fail("expected a path before '=' (a JSON pointer like /components/0/schedule/cron or a dotted name like components.NAME.schedule.cron)");
  if (path[0] == '/') return resolve(doc, pointer_tokens(path, w), false, w);
  std::vector<std::string> seg;
  std::size_t pos = 0;
  for (;;) {
    std::size_t dot = path.find('.', pos);
    seg.push_back(path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
    if (seg.back().empty()) w.fail("empty name in the path \"" + path + "\" (two dots, or a dot at an end)");
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return resolve(doc, seg, true, w);
}

bool under(const std::string& pointer, const std::string& ancestor) {
  return pointer == ancestor || (pointer.size() > ancestor.size() && pointer.compare(0, ancestor.size(), ancestor) == 0 &&
                                 pointer[ancestor.size()] == '/');
}

}  // namespace

json parse_override_value(const std::string& text, const std::string& label) {
  json v;
  try {
    v = json::parse(text);
  } catch (const json::out_of_range&) {
    check_json_text(text, label);  // names the number (1e999) and the range expected
    throw InputError(label, "", "a number in the value is out of range");
  } catch (const json::exception&) {
    return json(text);  // not JSON: the text itself, as a string
  }
  check_json_text(text, label);  // the same depth and number limits as a file
  return v;
}

Override parse_override(const std::string& arg, const std::string& flag) {
  Override o;
  o.flag = flag;
  o.arg = arg;
  auto eq = arg.find('=');
  if (eq == std::string::npos)
    throw InputError(o.label(), "", "expected PATH=VALUE, e.g. components.cron-poll.schedule.cron=\"*/5 * * * *\"");
  o.path = arg.substr(0, eq);
  if (o.path.empty()) throw InputError(o.label(), "", "expected a path before '='");
  o.value = parse_override_value(arg.substr(eq + 1), o.label());
  return o;
}

ScenarioDraft read_scenario_draft(const std::string& path) {
  ScenarioDraft d;
  d.file = path == "-" ? "<stdin>" : path;
  d.text = read_text_file(path, "a scenario (JSON)");
  d.doc = parse_scenario_text(d.text, d.file);
  return d;
}

std::string resolve_override_path(const json& doc, const std::string& path, const std::string& file, const std::string& label) {
  return resolve_path(doc, path, Walk{file, label}).pointer;
}

void apply_override(ScenarioDraft& d, const Override& o) {
  Resolved r = resolve_path(d.doc, o.path, Walk{d.file, o.label()});
  json* node = &d.doc;
  for (std::size_t i = 0; i < r.tokens.size(); ++i) {
    const std::string& t = r.tokens[i];
    if (node->is_array()) {
      if (t == "-") {  // resolve() allows it only last
        node->push_back(o.value);
        d.edits.emplace_back(r.pointer.substr(0, r.pointer.size() - 1) + std::to_string(node->size() - 1), o.label());
        return;
      }
      node = &(*node)[std::stoul(t)];
    } else {
      if (!node->is_object()) *node = json::object();  // a key the document lacked, created here
      node = &(*node)[t];
    }
  }
  *node = o.value;
  d.edits.emplace_back(r.pointer, o.label());
}

Scenario load_draft(const ScenarioDraft& d) {
  try {
    return load_scenario_document(d.doc, d.text, d.file);
  } catch (const InputError& e) {
    if (!e.has_pointer()) throw;
    const std::string& p = e.pointer();
    // The latest edit of a field is the value the document holds now.
    for (auto it = d.edits.rbegin(); it != d.edits.rend(); ++it) {
      // In the overridden value itself, or in a key the override created: not in the file's text.
      bool created = under(it->first, p) && locate_pointer(d.text, p).first == 0;
      if (under(p, it->first) || created) throw InputError(d.file, it->second + ": " + (p.empty() ? "/" : p), e.message());
    }
    for (auto it = d.edits.rbegin(); it != d.edits.rend(); ++it)
      if (under(it->first, p)) throw InputError(d.file, e.where() + " (with " + it->second + ")", e.message());
    throw;
  }
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& set_args) {
  if (set_args.empty()) return load_scenario_file(path);
  ScenarioDraft d = read_scenario_draft(path);
  for (const auto& a : set_args) apply_override(d, parse_override(a));
  return load_draft(d);
}

}  // namespace core
