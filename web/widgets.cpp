#include "web/widgets.hpp"

#include <cstdio>

#include "core/format/palette.hpp"

namespace web {

std::string fmt_local(sim::Time utc, const sim::TimeZone& zone) {
  sim::CivilTime t = zone.to_local(utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d %s", t.date.year, t.date.month, t.date.day, t.hour,
                t.minute, zone.abbreviation_at(utc).c_str());
  return buf;
}

ImU32 component_color(const std::string& name, float alpha) {
  // One palette for the app and the CLI's SVG charts (core/format/palette.hpp).
  core::format::Rgb c = core::format::component_color(name);
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255.0f + 0.5f));
}

void color_swatch(const std::string& name) {
  float h = ImGui::GetTextLineHeight();
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x + h * 0.7f, p.y + h * 0.85f),
                                            component_color(name));
  ImGui::Dummy(ImVec2(h * 0.7f, h));
  ImGui::SameLine();
}

void error_text(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void help_marker(const char* text) {
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace web
