#include "web/widgets.hpp"

#include <cstdio>

namespace web {

std::string fmt_local(sim::Time utc, const sim::TimeZone& zone) {
  sim::CivilTime t = zone.to_local(utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d %s", t.date.year, t.date.month, t.date.day, t.hour,
                t.minute, zone.abbreviation_at(utc).c_str());
  return buf;
}

ImU32 component_color(const std::string& name, float alpha) {
  // By name, not position: a component keeps its colour when another is added, removed or moved.
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char ch : name) h = (h ^ ch) * 16777619u;
  const unsigned index = h;
  // Tableau 10: distinct on a dark background and for common colour-vision deficiencies.
  static const ImVec4 palette[] = {
      {0.31f, 0.47f, 0.65f, 1}, {0.95f, 0.56f, 0.17f, 1}, {0.88f, 0.34f, 0.35f, 1}, {0.46f, 0.72f, 0.70f, 1},
      {0.35f, 0.63f, 0.31f, 1}, {0.93f, 0.79f, 0.28f, 1}, {0.69f, 0.48f, 0.63f, 1}, {1.00f, 0.62f, 0.66f, 1},
      {0.61f, 0.46f, 0.37f, 1}, {0.73f, 0.69f, 0.67f, 1}};
  ImVec4 c = palette[index % (sizeof palette / sizeof palette[0])];
  c.w = alpha;
  return ImGui::ColorConvertFloat4ToU32(c);
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
