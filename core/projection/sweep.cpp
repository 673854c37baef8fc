#include "core/projection/sweep.hpp"

#include "core/input/errors.hpp"

namespace core {

SweepSpec parse_sweep(const std::string& arg) {
  SweepSpec s;
  s.arg = arg;
  const std::string label = "--sweep " + arg;
  auto eq = arg.find('=');
  if (eq == std::string::npos) throw InputError(label, "", "expected PATH=V1,V2,..., e.g. components.worker.concurrency=1,2,4,8");
  s.path = arg.substr(0, eq);
  if (s.path.empty()) throw InputError(label, "", "expected a path before '='");
  // Split at commas outside JSON strings, arrays and objects: `"0,30 * * * *"` stays one value.
  const std::string list = arg.substr(eq + 1);
  std::string cur;
  int depth = 0;
  bool in_string = false;
  auto flush = [&] {
    if (cur.empty()) throw InputError(label, "", "empty value in the list (two commas, or a comma at an end)");
    s.texts.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < list.size(); ++i) {
    char c = list[i];
    if (in_string) {
      cur += c;
      if (c == '\\' && i + 1 < list.size()) cur += list[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == ',' && depth == 0) {
      flush();
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') ++depth;
    else if ((c == ']' || c == '}') && depth > 0) --depth;
    cur += c;
  }
  if (in_string) throw InputError(label, "", "a value's opening '\"' is never closed");
  if (depth > 0) throw InputError(label, "", "a value's '[' or '{' is never closed");
  flush();
  for (const auto& t : s.texts) s.values.push_back(parse_override_value(t, label));
  return s;
}

Sweep sweep(const ScenarioDraft& draft, const SweepSpec& spec, const ProjectionOptions& opt) {
  Sweep out;
  out.path = spec.path;
  out.pointer = resolve_override_path(draft.doc, spec.path, draft.file, "--sweep " + spec.arg);
  for (std::size_t i = 0; i < spec.values.size(); ++i) {
    ScenarioDraft d = draft;
    Override o{.flag = "--sweep", .arg = spec.path + "=" + spec.texts[i], .path = spec.path, .value = spec.values[i]};
    apply_override(d, o);
    Scenario s = load_draft(d);
    if (out.scenario.empty()) out.scenario = s.name;
    out.rows.push_back(SweepRow{spec.values[i], spec.texts[i], project(s, opt)});
  }
  return out;
}

}  // namespace core
