// The knob editor. It knows no component type: it walks the scenario's JSON and gives every number a
// drag, every string a field (durations also a drag, plans/zones/types a list), every bool a
// checkbox, and nests objects and arrays. The core validates each edit; its message is shown beside
// the field it names (by JSON pointer). Values are edited in place and the app re-projects once at
// the end of the frame; structural changes (add, remove, reorder) go through App::set.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/billing/billing.hpp"
#include "core/engine/model.hpp"
#include "core/input/reader.hpp"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "sim/time.hpp"
#include "sim/tz.hpp"
#include "web/panels/panels.hpp"
#include "web/platform.hpp"
#include "web/schema_help.hpp"
#include "web/view.hpp"
#include "web/widgets.hpp"

namespace web {

namespace {

struct Edit {
  std::string pointer;
  json value;  // null removes
};

struct Editor {
  App& app;
  bool changed = false;            // a value was edited in place this frame
  std::vector<Edit> structural;    // applied after the walk, through App::set
};

std::string child_pointer(const std::string& ptr, const std::string& key) { return ptr + "/" + core::escape_pointer_token(key); }

std::string parent_of(const std::string& ptr) {
  auto slash = ptr.find_last_of('/');
  return slash == std::string::npos ? "" : ptr.substr(0, slash);
}

std::string last_token(const std::string& ptr) {
  auto slash = ptr.find_last_of('/');
  std::string t = slash == std::string::npos ? ptr : ptr.substr(slash + 1);
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '~' && i + 1 < t.size()) {
      out += t[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += t[i];
    }
  }
  return out;
}

// Keys in reading order: name, type, enabled first, then the rest as stored.
std::vector<std::string> ordered_keys(const json& obj) {
  std::vector<std::string> keys;
  for (const char* k : {"name", "type", "enabled", "description"})
    if (obj.contains(k)) keys.push_back(k);
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
  return keys;
}

bool looks_like_duration(const std::string& s) {
  if (s.empty() || !sim::parse_duration(s)) return false;
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

bool combo_strings(const char* id, std::string& value, const std::vector<std::string>& options) {
  bool changed = false;
  if (ImGui::BeginCombo(id, value.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (const auto& o : options) {
      bool selected = o == value;
      if (ImGui::Selectable(o.c_str(), selected)) {
        value = o;
        changed = true;
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return changed;
}

const std::vector<std::string>& type_names() {
  static std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& t : core::component_types()) out.push_back(t.type);
    return out;
  }();
  return names;
}

std::set<std::string>& duration_fields() {
  static std::set<std::string> seen;
  return seen;
}

void string_widget(Editor& ed, json& v, const std::string& ptr) {
  std::string s = v.get<std::string>();
  std::string key = last_token(ptr);
  bool changed = false;
  bool is_component_type = key == "type" && parent_of(parent_of(ptr)) == "/components";
  if (ptr == "/plan" && !core::plan_ids().empty()) {
    changed = combo_strings("##plan", s, core::plan_ids());
  } else if ((key == "zone" || key == "timezone" || key == "tz") && !sim::TimeZone::supported_zones().empty()) {
    changed = combo_strings("##zone", s, sim::TimeZone::supported_zones());
  } else if (is_component_type && !type_names().empty()) {
    changed = combo_strings("##type", s, type_names());
  } else if (looks_like_duration(s) || duration_fields().count(ptr)) {
    // A duration: the text itself, and a drag in seconds for what-if sweeps. A field once shown as
    // a duration keeps this layout while its text does not parse (mid-typing), so it never jumps.
    duration_fields().insert(ptr);
    float w = ImGui::GetContentRegionAvail().x;
    ImGui::SetNextItemWidth(w * 0.45f);
    changed = ImGui::InputText("##text", &s);
    probe("input:" + ptr);
    ImGui::SameLine();
    if (!looks_like_duration(s)) {
      ImGui::TextDisabled("not a duration yet");
      if (changed) {
        v = s;
        ed.changed = true;
      }
      return;
    }
    double seconds = static_cast<double>(*sim::parse_duration(s)) / sim::kSecond;
    double before = seconds;
    ImGui::SetNextItemWidth(-FLT_MIN);
    double zero = 0;
    if (ImGui::DragScalar("##seconds", ImGuiDataType_Double, &seconds, static_cast<float>(std::max(seconds * 0.01, 0.01)),
                          &zero, nullptr, "%.3g s") &&
        seconds != before) {

      double rounded = seconds >= 10 ? std::round(seconds) : std::round(seconds * 1000) / 1000;
      s = sim::format_duration(static_cast<sim::Duration>(std::llround(rounded * sim::kSecond)));
      changed = true;
    }
    probe("drag:" + ptr);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drag to change the duration (seconds)");
  } else {
    changed = ImGui::InputText("##text", &s);
    probe("input:" + ptr);
  }
  if (changed) {
    v = s;
    ed.changed = true;
  }
}

void number_widget(Editor& ed, json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) {
    long long n = v.is_number_unsigned() ? static_cast<long long>(v.get<unsigned long long>()) : v.get<long long>();
    long long lo = 0;
    float speed = static_cast<float>(std::max(0.05, std::fabs(static_cast<double>(n)) * 0.005));
    if (ImGui::DragScalar("##int", ImGuiDataType_S64, &n, speed, n >= 0 ? &lo : nullptr, nullptr, "%lld")) {
      v = n;
      ed.changed = true;
    }
  } else {
    double d = v.get<double>();
    double lo = 0;
    float speed = static_cast<float>(std::max(0.001, std::fabs(d) * 0.005));
    if (ImGui::DragScalar("##num", ImGuiDataType_Double, &d, speed, d >= 0 ? &lo : nullptr, nullptr, "%.6g")) {
      v = d;
      ed.changed = true;
    }
  }
}

// A new element for an array: a copy of its last one, or an empty value.
json new_element(const json& arr) { return arr.empty() ? json("") : arr.back(); }

void add_field_popup(Editor& ed, const std::string& ptr) {
  static std::string key, value_text = "0", error;
  if (ImGui::BeginPopup("add-field")) {
    ImGui::TextUnformatted("Add a field (its JSON value)");
    ImGui::SetNextItemWidth(220);
    ImGui::InputText("name", &key);
    ImGui::SetNextItemWidth(220);
    ImGui::InputText("value", &value_text);
    if (!error.empty()) error_text(error);
    if (ImGui::Button("Add")) {
      json value = json::parse(value_text, nullptr, false);
      if (key.empty()) {
        error = "the name is empty";
      } else if (value.is_discarded()) {
        error = "the value is not JSON (strings need quotes: \"6s\")";
      } else {
        ed.structural.push_back({child_pointer(ptr, key), value});
        key.clear();
        error.clear();
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void problem_row(const std::string& label, const std::string& message) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  if (!label.empty()) ImGui::TextColored(kErrorColor, "%s", label.c_str());
  ImGui::TableSetColumnIndex(1);
  error_text(message);
}

void field_rows(Editor& ed, json& obj, const std::string& ptr, int depth, const std::set<std::string>& skip = {});

void value_row(Editor& ed, const std::string& label, json& v, const std::string& ptr, int depth, bool in_array) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::PushID(ptr.c_str());
  const Problem* problem = ed.app.problem_at(ptr);
  bool container = v.is_object() || v.is_array();
  if (problem) ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  bool open = false;
  if (container) {
    ImGuiTreeNodeFlags f = ImGuiTreeNodeFlags_SpanFullWidth | (depth < 3 ? ImGuiTreeNodeFlags_DefaultOpen : 0);
    open = ImGui::TreeNodeEx("##node", f, "%s", label.c_str());
  } else {
    ImGui::TreeNodeEx("##leaf", ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanFullWidth,
                      "%s", label.c_str());
  }
  if (problem) ImGui::PopStyleColor();
  if (ImGui::BeginPopupContextItem("field-menu")) {
    ImGui::TextDisabled("%s", ptr.c_str());
    if (ImGui::MenuItem(in_array ? "Remove this element" : "Remove (use the default)")) ed.structural.push_back({ptr, nullptr});
    if (ImGui::MenuItem("Copy JSON pointer")) platform::copy_to_clipboard(ptr);
    ImGui::EndPopup();
  }
  probe("label:" + ptr);
  if (ImGui::IsItemHovered() && !ImGui::IsPopupOpen("field-menu")) {
    // Help from the JSON Schema's description of the field, then where it is.
    std::string help = schema_help(ed.app.doc, ptr);
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    if (!help.empty()) ImGui::TextUnformatted(help.c_str());
    ImGui::TextColored(kDimColor, "%s  \xC2\xB7  right-click: remove", ptr.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
    probe_text("help", help);
  }

  ImGui::TableSetColumnIndex(1);
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (v.is_boolean()) {
    bool b = v.get<bool>();
    if (ImGui::Checkbox("##bool", &b)) {
      v = b;
      ed.changed = true;
    }
  } else if (v.is_number()) {
    number_widget(ed, v);
  } else if (v.is_string()) {
    string_widget(ed, v, ptr);
  } else if (v.is_null()) {
    ImGui::TextDisabled("null");
  } else if (v.is_array()) {
    ImGui::TextDisabled("%zu item%s", v.size(), v.size() == 1 ? "" : "s");
    ImGui::SameLine();
    if (ImGui::SmallButton("+")) ed.structural.push_back({ptr + "/-", new_element(v)});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Append a copy of the last item");
  } else {
    ImGui::TextDisabled("%zu field%s", v.size(), v.size() == 1 ? "" : "s");
    ImGui::SameLine();
    if (ImGui::SmallButton("+ field")) ImGui::OpenPopup("add-field");
    add_field_popup(ed, ptr);
  }
  probe("field:" + ptr);
  if (problem) problem_row("", problem->message);

  if (open) {
    if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i)
        value_row(ed, "[" + std::to_string(i) + "]", v[i], ptr + "/" + std::to_string(i), depth + 1, true);
    } else {
      field_rows(ed, v, ptr, depth + 1);
    }
    ImGui::TreePop();
  }
  ImGui::PopID();
}

void field_rows(Editor& ed, json& obj, const std::string& ptr, int depth, const std::set<std::string>& skip) {
  for (const auto& key : ordered_keys(obj)) {
    if (skip.count(key)) continue;
    value_row(ed, key, obj[key], child_pointer(ptr, key), depth, false);
  }
  // Problems about fields that are not there (required but missing): shown where they would be.
  for (const auto& p : ed.app.problems) {
    if (parent_of(p.pointer) != ptr || p.pointer == ptr) continue;
    std::string key = last_token(p.pointer);
    if (!obj.contains(key)) problem_row(key + " (missing)", p.message);
  }
}

bool begin_fields(const char* id) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable)) return false;
  ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch, 0.42f);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 0.58f);
  return true;
}

void component_section(Editor& ed, json& comps) {
  int n = static_cast<int>(comps.size());
  for (int i = 0; i < n; ++i) {
    json& c = comps[static_cast<std::size_t>(i)];
    std::string ptr = "/components/" + std::to_string(i);
    ImGui::PushID(i);
    std::string name = c.is_object() && c.contains("name") && c["name"].is_string() ? c["name"].get<std::string>() : "?";
    std::string type = c.is_object() && c.contains("type") && c["type"].is_string() ? c["type"].get<std::string>() : "?";
    bool enabled = !(c.is_object() && c.contains("enabled") && c["enabled"].is_boolean() && !c["enabled"].get<bool>());
    bool has_problem = std::any_of(ed.app.problems.begin(), ed.app.problems.end(),
                                   [&](const Problem& p) { return p.pointer.rfind(ptr, 0) == 0 &&
                                                                  (p.pointer.size() == ptr.size() || p.pointer[ptr.size()] == '/'); });
    color_swatch(name);
    if (has_problem) ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    else if (!enabled) ImGui::PushStyleColor(ImGuiCol_Text, kDimColor);
    bool open = ImGui::CollapsingHeader((name + "  \xC2\xB7  " + type + (enabled ? "" : "  (disabled)") + "###comp").c_str(),
                                        ImGuiTreeNodeFlags_DefaultOpen);
    if (has_problem || !enabled) ImGui::PopStyleColor();
    if (open && c.is_object()) {
      if (ImGui::Checkbox("enabled", &enabled)) ed.structural.push_back({ptr + "/enabled", enabled ? json(nullptr) : json(false)});
      ImGui::SameLine();
      if (ImGui::SmallButton("duplicate")) {
        json copy = c;
        copy["name"] = name + "-copy";
        ed.structural.push_back({"/components/-", copy});
      }
      ImGui::SameLine();
      bool remove = ImGui::SmallButton("remove");
      probe("remove:" + name);
      if (remove) {
        ed.structural.push_back({ptr, nullptr});
        ed.app.notice = "Removed component " + name + std::string(" (Undo: ") +
                        (ImGui::GetIO().ConfigMacOSXBehaviors ? "Cmd" : "Ctrl") + "+Z)";
      }
      ImGui::SameLine();
      ImGui::BeginDisabled(i == 0);
      if (ImGui::ArrowButton("up", ImGuiDir_Up)) {
        json moved = comps;
        std::swap(moved[static_cast<std::size_t>(i)], moved[static_cast<std::size_t>(i - 1)]);
        ed.structural.push_back({"/components", moved});
      }
      ImGui::EndDisabled();
      ImGui::SameLine();
      ImGui::BeginDisabled(i == n - 1);
      if (ImGui::ArrowButton("down", ImGuiDir_Down)) {
        json moved = comps;
        std::swap(moved[static_cast<std::size_t>(i)], moved[static_cast<std::size_t>(i + 1)]);
        ed.structural.push_back({"/components", moved});
      }
      ImGui::EndDisabled();
      if (const auto* t = core::find_component_type(type); t && !t->summary.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kDimColor);
        ImGui::TextWrapped("%s", t->summary.c_str());
        ImGui::PopStyleColor();
      }
      if (const Problem* p = ed.app.problem_at(ptr)) error_text(p->message);
      if (begin_fields("fields")) {
        field_rows(ed, c, ptr, 1, {"enabled"});
        ImGui::EndTable();
      }
      ImGui::Spacing();
    }
    ImGui::PopID();
  }

  static int new_type = 0;
  const auto& types = type_names();
  if (!types.empty()) {
    new_type = std::clamp(new_type, 0, static_cast<int>(types.size()) - 1);
    ImGui::SetNextItemWidth(180);
    std::string chosen = types[static_cast<std::size_t>(new_type)];
    if (combo_strings("##newtype", chosen, types))
      new_type = static_cast<int>(std::find(types.begin(), types.end(), chosen) - types.begin());
    ImGui::SameLine();
    if (ImGui::Button("Add component")) {
      json fresh = {{"name", chosen + "-" + std::to_string(n + 1)}, {"type", chosen}};
      if (n == 0) ed.structural.push_back({"/components", json::array({fresh})});
      else ed.structural.push_back({"/components/-", fresh});
    }
  }
}

// Whether the scenario validates, in one line: the first problem (hover for all of them).
void status_line(const App& app) {
  ImGui::Separator();
  if (app.problems.empty()) {
    ImGui::TextColored(kOkColor, "\xE2\x9C\x93");  // ✓
    ImGui::SameLine();
    ImGui::TextColored(kDimColor, "Valid: the projection is of this scenario");
    probe("status");
    return;
  }
  const Problem& first = app.problems.front();
  std::string where = first.pointer.empty() ? "the document" : first.pointer;
  std::string line = where + ": " + first.message;
  if (app.problems.size() > 1) line += "  (+" + std::to_string(app.problems.size() - 1) + " more)";
  ImGui::TextColored(kErrorColor, "\xE2\x9C\x97");  // ✗
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextUnformatted(line.c_str());
  ImGui::PopStyleColor();
  probe("status");
  probe_text("status", line);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
    for (const auto& p : app.problems) ImGui::TextUnformatted(p.text.c_str());
    ImGui::TextColored(kDimColor, app.projection ? "The projection shown is from the last valid edit."
                                                  : "Fix the fields marked in red to see the projection.");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace

void panel_scenario(App& app) {
  if (ImGui::Button("Library")) ImGui::OpenPopup("library");
  if (ImGui::BeginPopup("library")) {
    panel_library(app);
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Open...")) platform::pick_file(platform::FileKind::Scenario);
  ImGui::SameLine();
  const char* mod = ImGui::GetIO().ConfigMacOSXBehaviors ? "Cmd" : "Ctrl";
  ImGui::BeginDisabled(!app.can_undo());
  if (ImGui::Button("Undo")) app.undo();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Undo the last edit (%s+Z)", mod);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!app.can_redo());
  if (ImGui::Button("Redo")) app.redo();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Redo (%s+Shift+Z)", mod);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "%s", app.file.c_str());

  if (!app.doc.is_object()) {
    ImGui::TextDisabled("No scenario open");
    return;
  }
  Editor ed{app, false, {}};
  // The editor, then one status line of fixed height under it: a problem appearing while typing
  // never moves the field being typed in (its message also shows under the field itself).
  float status_h = ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild("editor", ImVec2(0, -status_h), false);
  probe_scroll("editor");
  if (ImGui::CollapsingHeader("Scenario", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (begin_fields("root")) {
      field_rows(ed, app.doc, "", 0, {"components"});
      ImGui::EndTable();
    }
    ImGui::SmallButton("+ field");
    if (ImGui::IsItemClicked()) ImGui::OpenPopup("add-field");
    add_field_popup(ed, "");
  }
  ImGui::Spacing();
  ImGui::TextColored(kDimColor, "COMPONENTS");
  static json none = json::array();
  none = json::array();
  bool have = app.doc.contains("components") && app.doc["components"].is_array();
  component_section(ed, have ? app.doc["components"] : none);
  ImGui::EndChild();
  probe("editor");
  status_line(app);

  if (ed.changed) app.touch();
  for (const auto& e : ed.structural) app.set(e.pointer, e.value);
}

}  // namespace web
