#include "web/widgets.hpp"

#include <cmath>
#include <cstdio>

namespace web {

std::string fmt_count(double n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(n));
  std::string digits = buf, out;
  int lead = static_cast<int>(digits.size()) % 3;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (static_cast<int>(i) - lead) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string fmt_compact(double n) {
  char buf[32];
  double a = std::fabs(n);
  if (a >= 1e9) std::snprintf(buf, sizeof buf, "%.3gB", n / 1e9);
  else if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.3gM", n / 1e6);
  else if (a >= 1e3) std::snprintf(buf, sizeof buf, "%.3gK", n / 1e3);
  else std::snprintf(buf, sizeof buf, "%.3g", n);
  return buf;
}

std::string fmt_usd(double usd) {
  long long cents = std::llround(std::fabs(usd) * 100);
  char frac[8];
  std::snprintf(frac, sizeof frac, "%02lld", cents % 100);
  return std::string(usd < 0 ? "-$" : "$") + fmt_count(static_cast<double>(cents / 100)) + "." + frac;
}

std::string fmt_bytes(double b) {
  // In the provider's units: Upstash's "256 MB" and "1 GB" plans are 256 MiB and 1 GiB (the plan
  // catalogue stores them so), so sizes are counted in 1024s and labelled as the provider does.
  char buf[32];
  const double k = 1024, m = k * k, g = m * k;
  if (b >= g) std::snprintf(buf, sizeof buf, "%.3g GB", b / g);
  else if (b >= m) std::snprintf(buf, sizeof buf, "%.3g MB", b / m);
  else if (b >= k) std::snprintf(buf, sizeof buf, "%.3g KB", b / k);
  else std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

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
