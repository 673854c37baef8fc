// The first screen: what the app is, and the three ways to start: a scenario from the library (each
// with the first sentence of its description), your own scenario file, or a MONITOR capture. Shown
// on a first visit (nothing shared, nothing kept in this browser) and from Help > Welcome.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/scenario/embedded.hpp"
#include "imgui.h"
#include "web/panels/panels.hpp"
#include "web/platform.hpp"
#include "web/view.hpp"
#include "web/widgets.hpp"

namespace web {

namespace {

struct Entry {
  const char* path;
  const char* text;
  std::string title, line;
};

// The description's first sentence, at most ~120 characters (cut at a word, with an ellipsis).
std::string one_line(const std::string& d) {
  std::size_t end = d.find(". ");
  std::string s = end == std::string::npos ? d : d.substr(0, end + 1);
  if (s.size() > 120) {
    std::size_t cut = s.rfind(' ', 117);
    s = s.substr(0, cut == std::string::npos ? 117 : cut) + "\xE2\x80\xA6";  // …
  }
  return s;
}

const std::vector<Entry>& entries() {
  static const std::vector<Entry> list = [] {
    std::vector<Entry> out;
    for (const auto& f : core::embedded_scenarios()) {
      json j = json::parse(f.text, nullptr, false);
      std::string path = f.path;
      std::string title = path.rfind("scenarios/", 0) == 0 ? path.substr(10) : path;
      if (title.size() > 5 && title.compare(title.size() - 5, 5, ".json") == 0) title.resize(title.size() - 5);
      std::string d = j.is_object() && j.contains("description") && j["description"].is_string()
                          ? j["description"].get<std::string>() : "";
      out.push_back({f.path, f.text, title, one_line(d)});
    }
    return out;
  }();
  return list;
}

}  // namespace

void panel_welcome(App& app) {
  static std::uint64_t loads_at_open = 0;
  if (app.welcome) {
    ImGui::OpenPopup("Welcome to redcast");
    app.welcome = false;
    loads_at_open = app.loads;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x - 40, ImGui::GetFontSize() * 52),
                                  std::min(vp->WorkSize.y - 40, ImGui::GetFontSize() * 40)), ImGuiCond_Always);
  if (!ImGui::BeginPopupModal("Welcome to redcast", nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize))
    return;
  if (app.loads != loads_at_open) {  // a scenario came in another way (a drop, the hook): it is started
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  probe("welcome");
  probe_text("welcome", "open");
  ImGui::TextWrapped("redcast projects a month of Redis commands for command-billed Redis (Upstash and alike): "
                     "how many are billable, when the quota runs out, what it costs, and which change saves the "
                     "most. Everything runs in this page; nothing is uploaded.");
  ImGui::Spacing();
  ImGui::TextColored(kDimColor, "START FROM A LIBRARY SCENARIO");
  float list_h = ImGui::GetContentRegionAvail().y - 4 * ImGui::GetFrameHeightWithSpacing() - ImGui::GetTextLineHeightWithSpacing();
  ImGui::BeginChild("welcome-library", ImVec2(0, std::max(list_h, 120.0f)), true);
  for (const auto& e : entries()) {
    ImGui::PushID(e.path);
    if (ImGui::Selectable(e.title.c_str(), false, ImGuiSelectableFlags_DontClosePopups)) {
      app.load_text(e.text, e.path);
      ImGui::CloseCurrentPopup();
    }
    probe("welcome:" + e.title);
    if (!e.line.empty()) {
      ImGui::Indent();
      ImGui::PushStyleColor(ImGuiCol_Text, kDimColor);
      ImGui::TextWrapped("%s", e.line.c_str());
      ImGui::PopStyleColor();
      ImGui::Unindent();
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::TextColored(kDimColor, "OR");
  if (ImGui::Button("Open your own scenario (.json)...")) {
    platform::pick_file(platform::FileKind::Scenario);
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Open a MONITOR capture...")) {
    platform::pick_file(platform::FileKind::Capture);
    app.show_replay = true;
    ImGui::CloseCurrentPopup();
  }
  ImGui::TextColored(kDimColor, "or drop a scenario, a redis-cli MONITOR capture or INFO commandstats anywhere on the page.");
  ImGui::Separator();
  if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "%s is open behind this window. Help > Welcome shows this again.", app.file.c_str());
  ImGui::EndPopup();
}

}  // namespace web
