// File menu: open a scenario or a capture, export the scenario as JSON, share it as a link whose
// fragment carries the whole scenario (nothing is sent to a server: fragments stay in the browser).
#include <string>

#include "imgui.h"
#include "web/panels/panels.hpp"
#include "web/platform.hpp"
#include "web/widgets.hpp"

namespace web {

namespace {

std::string g_link;  // the last share link, shown for manual copying

}  // namespace

void menu_file(App& app) {
  bool open_share = false;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open scenario...")) platform::pick_file(platform::FileKind::Scenario);
    if (ImGui::MenuItem("Open MONITOR capture...")) platform::pick_file(platform::FileKind::Capture);
    ImGui::Separator();
    if (ImGui::MenuItem("Export scenario as JSON")) platform::download(app.export_name(), app.export_text(), "application/json");
    if (ImGui::MenuItem("Share link")) open_share = true;
    ImGui::Separator();
    ImGui::TextDisabled("Drop a .json scenario or a capture anywhere");
    ImGui::EndMenu();
  }
  if (open_share) {
    // On the clipboard and shown, not put in the address bar: a link there would be read again on
    // every reload, over the user's later edits.
    g_link = app.share_link();
    platform::copy_to_clipboard(g_link);
    ImGui::OpenPopup("Share link");
  }
  ImGui::SetNextWindowSize(ImVec2(560, 0), ImGuiCond_Appearing);
  if (ImGui::BeginPopupModal("Share link", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("The link carries the whole scenario in its fragment (after #), so it opens the same "
                       "what-if anywhere without a server. It is on the clipboard.");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##link", g_link.data(), g_link.size() + 1, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
    ImGui::TextColored(kDimColor, "%zu characters", g_link.size());
    if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace web
