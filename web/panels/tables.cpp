// The per-component and per-command tables. A component row opens to show its own command mix.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "imgui.h"
#include "web/panels/panels.hpp"
#include "web/platform.hpp"
#include "web/view.hpp"
#include "web/widgets.hpp"

namespace web {

namespace {

std::vector<std::pair<std::string, std::uint64_t>> by_count(const std::map<std::string, std::uint64_t>& m) {
  std::vector<std::pair<std::string, std::uint64_t>> v(m.begin(), m.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return v;
}

double pct(double part, double whole) { return whole > 0 ? part / whole * 100 : 0; }

void right_text(const std::string& s) {
  float w = ImGui::CalcTextSize(s.c_str()).x;
  float avail = ImGui::GetContentRegionAvail().x;
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  ImGui::TextUnformatted(s.c_str());
}

void component_table(const core::Projection& p) {
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp |
                          ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("components", 7, flags)) return;
  ImGui::TableSetupColumn("Component", ImGuiTableColumnFlags_WidthStretch, 2.2f);
  ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthStretch, 1.4f);
  ImGui::TableSetupColumn("Commands", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("Billable", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("Per day", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Max keys", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  double days = std::max(1, p.days);
  for (std::size_t i = 0; i < p.components.size(); ++i) {
    const auto& c = p.components[i];
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushID(static_cast<int>(i));
    color_swatch(c.name);
    bool open = ImGui::TreeNodeEx("##c", ImGuiTreeNodeFlags_SpanFullWidth, "%s", c.name.c_str());
    if (!c.no_effect.empty()) {
      // Settings the model reads but that change no traffic here (core's Model::no_effect): said
      // under the name, so that tuning them in the editor is not mistaken for a lever.
      std::string list;
      for (const auto& n : c.no_effect) list += (list.empty() ? "" : ", ") + n;
      ImGui::TextColored(kDimColor, "no effect: %s", list.c_str());
      probe_text("no_effect:" + c.name, list);
    }
    ImGui::TableSetColumnIndex(1);
    ImGui::TextColored(kDimColor, "%s", c.type.c_str());
    ImGui::TableSetColumnIndex(2);
    right_text(fmt::grouped(static_cast<double>(c.commands)));
    ImGui::TableSetColumnIndex(3);
    right_text(fmt::grouped(static_cast<double>(c.billable)));
    ImGui::TableSetColumnIndex(4);
    right_text(fmt::percent(pct(static_cast<double>(c.billable), static_cast<double>(p.billable))));
    ImGui::TableSetColumnIndex(5);
    right_text(fmt::grouped(static_cast<double>(c.billable) / days));
    ImGui::TableSetColumnIndex(6);
    right_text(fmt::grouped(c.max_keys));
    if (open) {
      for (const auto& [cmd, n] : by_count(c.by_command)) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::Indent();
        ImGui::TextColored(kDimColor, "%s", cmd.c_str());
        ImGui::Unindent();
        ImGui::TableSetColumnIndex(2);
        right_text(fmt::grouped(static_cast<double>(n)));
        ImGui::TableSetColumnIndex(4);
        ImGui::TextColored(kDimColor, "%s", fmt::percent(pct(static_cast<double>(n), static_cast<double>(c.commands))).c_str());
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextUnformatted("Total");
  ImGui::TableSetColumnIndex(2);
  right_text(fmt::grouped(static_cast<double>(p.commands)));
  ImGui::TableSetColumnIndex(3);
  right_text(fmt::grouped(static_cast<double>(p.billable)));
  ImGui::TableSetColumnIndex(5);
  right_text(fmt::grouped(static_cast<double>(p.billable) / days));
  ImGui::EndTable();
}

void command_table(const core::Projection& p) {
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("commands", 4, flags)) return;
  ImGui::TableSetupColumn("Command", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("Count", ImGuiTableColumnFlags_WidthStretch, 1.4f);
  ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Per day", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableHeadersRow();
  double days = std::max(1, p.days);
  for (const auto& [cmd, n] : by_count(p.by_command)) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(cmd.c_str());
    ImGui::TableSetColumnIndex(1);
    right_text(fmt::grouped(static_cast<double>(n)));
    ImGui::TableSetColumnIndex(2);
    right_text(fmt::percent(pct(static_cast<double>(n), static_cast<double>(p.commands))));
    ImGui::TableSetColumnIndex(3);
    right_text(fmt::grouped(static_cast<double>(n) / days));
  }
  ImGui::EndTable();
}

// The tables as CSV, the exact counts (no thousands separators), in the tables' row order.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string components_csv(const core::Projection& p) {
  std::string out = "component,type,commands,billable,max_keys\n";
  for (const auto& c : p.components)
    out += csv_field(c.name) + "," + csv_field(c.type) + "," + std::to_string(c.commands) + "," + std::to_string(c.billable) +
           "," + std::to_string(static_cast<long long>(c.max_keys)) + "\n";
  return out;
}

std::string commands_csv(const core::Projection& p) {
  std::string out = "command,count\n";
  for (const auto& [cmd, n] : by_count(p.by_command)) out += csv_field(cmd) + "," + std::to_string(n) + "\n";
  return out;
}

}  // namespace

void panel_tables(App& app) {
  if (!app.projection) {
    ImGui::TextDisabled("No tables until the scenario validates.");
    return;
  }
  const core::Projection& p = *app.projection;
  ImGui::TextColored(kDimColor, "BY COMPONENT");
  ImGui::SameLine();
  if (ImGui::SmallButton("CSV##components")) platform::download("components.csv", components_csv(p), "text/csv");
  probe("csv-components");
  component_table(p);
  ImGui::Spacing();
  ImGui::TextColored(kDimColor, "BY COMMAND (all components)");
  ImGui::SameLine();
  if (ImGui::SmallButton("CSV##commands")) platform::download("commands.csv", commands_csv(p), "text/csv");
  command_table(p);
}

}  // namespace web
