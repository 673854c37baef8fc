#include "web/ui.hpp"

#include <algorithm>

#include "imgui.h"
#include "web/panels/panels.hpp"
#include "web/view.hpp"
#include "web/widgets.hpp"

namespace web {

const std::vector<Tab>& tabs() {
  static const std::vector<Tab> list = {
      {"Projection", panel_charts, true},
      {"Tables", panel_tables, true},
      {"Recommend", panel_recommend, true},
      {"Replay", panel_replay, false},
      {"Calibrate", panel_calibrate, false},
  };
  return list;
}

void apply_style() {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 0;
  s.ChildRounding = 3;
  s.FrameRounding = 3;
  s.GrabRounding = 3;
  s.TabRounding = 3;
  s.WindowPadding = ImVec2(8, 8);
  s.FramePadding = ImVec2(6, 3);
  s.ItemSpacing = ImVec2(8, 5);
  s.IndentSpacing = 14;
  s.ScrollbarSize = 12;
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.13f, 1);
  c[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.16f, 1);
  c[ImGuiCol_MenuBarBg] = ImVec4(0.16f, 0.17f, 0.19f, 1);
  c[ImGuiCol_Header] = ImVec4(0.22f, 0.30f, 0.40f, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.27f, 0.38f, 0.52f, 1);
  c[ImGuiCol_HeaderActive] = ImVec4(0.30f, 0.44f, 0.60f, 1);
  c[ImGuiCol_FrameBg] = ImVec4(0.19f, 0.21f, 0.24f, 1);
}

void draw_ui(App& app) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                           ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("redcast", nullptr, flags);

  if (ImGui::BeginMenuBar()) {
    ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.40f, 1), "redcast");
    menu_file(app);
    if (ImGui::BeginMenu("Library")) {
      panel_library(app);
      ImGui::EndMenu();
    }
    menu_view(app);
    if (ImGui::BeginMenu("Help")) {
      if (ImGui::MenuItem("Welcome")) app.welcome = true;
      ImGui::EndMenu();
    }
    std::string status = app.stale ? "scenario has problems" : "re-projected in " + fmt::fixed(app.reprojection_ms, 1) + " ms";
    float w = ImGui::CalcTextSize(status.c_str()).x;
    ImGui::SameLine(ImGui::GetWindowWidth() - w - 16);
    ImGui::TextColored(app.stale ? kErrorColor : kDimColor, "%s", status.c_str());
    ImGui::EndMenuBar();
  }

  // Undo/redo of the scenario's edits, when no text field is taking the keys (it has its own).
  const ImGuiIO& io = ImGui::GetIO();
  bool shortcut = io.ConfigMacOSXBehaviors ? io.KeySuper && !io.KeyCtrl : io.KeyCtrl && !io.KeySuper;
  if (shortcut && !io.WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) {
    if (ImGui::IsKeyPressed('Z', false)) io.KeyShift ? app.redo() : app.undo();
    else if (ImGui::IsKeyPressed('Y', false)) app.redo();
  }

  if (!app.notice.empty()) {
    ImGui::TextColored(kDimColor, "%s", app.notice.c_str());
  }

  float avail = ImGui::GetContentRegionAvail().x;
  float left = std::clamp(avail * 0.36f, 300.0f, 560.0f);
  ImGui::BeginChild("scenario", ImVec2(left, 0), true);
  panel_scenario(app);
  ImGui::EndChild();

  ImGui::SameLine();
  ImGui::BeginChild("results", ImVec2(0, 0), false);
  if (ImGui::BeginTabBar("tabs")) {
    for (const Tab& t : tabs()) {
      // The view of what was just opened comes forward: a capture's replay, a scenario's projection.
      bool bring = t.scenario_view ? app.show_projection && t.draw == tabs().front().draw : app.show_replay;
      if (bring) (t.scenario_view ? app.show_projection : app.show_replay) = false;
      bool open = ImGui::BeginTabItem(t.title, nullptr, bring ? ImGuiTabItemFlags_SetSelected : 0);
      probe(std::string("tab:") + t.title);
      if (open) {
        // The scenario's figures head the scenario's views only: a replayed capture has its own.
        if (t.scenario_view) panel_summary(app);
        ImGui::BeginChild(t.title, ImVec2(0, 0), false);
        t.draw(app);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  ImGui::EndChild();

  panel_welcome(app);
  ImGui::End();
}

void menu_view(App&) {
  if (!ImGui::BeginMenu("View")) return;
  float px = view().font_px;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  if (ImGui::SliderFloat("font size", &px, kMinFontPx, kMaxFontPx, "%.0f px")) set_font_px(px);
  if (ImGui::MenuItem("Default font size")) set_font_px(kDefaultFontPx);
  ImGui::TextDisabled("Ctrl+wheel or the browser's zoom scales everything");
  ImGui::EndMenu();
}

}  // namespace web
