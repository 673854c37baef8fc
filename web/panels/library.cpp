// The library: every scenario shipped under scenarios/, compiled into the app, grouped by folder.
#include <cstring>
#include <string>

#include "core/scenario/embedded.hpp"
#include "imgui.h"
#include "web/panels/panels.hpp"
#include "web/widgets.hpp"

namespace web {

void panel_library(App& app) {
  const auto& files = core::embedded_scenarios();
  if (files.empty()) {
    ImGui::TextDisabled("No scenarios are shipped in this build");
    return;
  }
  std::string folder;
  for (const auto& f : files) {
    std::string path = f.path;
    std::string rel = path.rfind("scenarios/", 0) == 0 ? path.substr(10) : path;
    auto slash = rel.find_last_of('/');
    std::string dir = slash == std::string::npos ? "" : rel.substr(0, slash);
    std::string leaf = slash == std::string::npos ? rel : rel.substr(slash + 1);
    if (dir != folder) {
      folder = dir;
      ImGui::Separator();
      ImGui::TextColored(kDimColor, "%s", dir.c_str());
    }
    ImGui::PushID(f.path);
    bool current = app.file == path;
    if (ImGui::MenuItem(((dir.empty() ? "" : "  ") + leaf).c_str(), nullptr, current)) app.load_text(f.text, path);
    ImGui::PopID();
  }
}

}  // namespace web
