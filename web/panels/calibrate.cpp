// Calibration of the open MONITOR capture (the one the Replay tab shows): the core's calibrate()
// (core/calibrate/calibrate.hpp), as `redcast calibrate CAPTURE` runs it, on the report and the
// evidence the capture's one streaming pass collected. Shows the recognised components with their
// confidence and evidence, and each command's recorded rate beside the calibrated scenario's; a
// button opens the calibrated scenario in the editor. Nothing here models anything.
#include <string>

#include "core/calibrate/calibrate_format.hpp"
#include "imgui.h"
#include "web/panels/panels.hpp"
#include "web/platform.hpp"
#include "web/view.hpp"
#include "web/widgets.hpp"

namespace web {

namespace {

void components_table(const core::calibrate::CalibrationReport& r) {
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("calibrated", 3, flags)) return;
  ImGui::TableSetupColumn("Component", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Confidence", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableHeadersRow();
  for (std::size_t i = 0; i < r.components.size(); ++i) {
    const auto& c = r.components[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    bool open = ImGui::TreeNodeEx("##c", ImGuiTreeNodeFlags_SpanFullWidth, "%s", c.name.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextColored(kDimColor, "%s", c.type.c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextColored(c.confidence >= 0.5 ? kOkColor : kDimColor, "%s", fmt::percent(c.confidence * 100, 0).c_str());
    if (open) {
      // What the recogniser saw (lines, loops, key patterns) and the settings it fitted.
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextColored(kDimColor, "fitted: %s", c.fitted.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      for (const auto& e : c.evidence) ImGui::TextWrapped("%s", e.c_str());
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void per_command_table(const core::calibrate::CalibrationReport& r) {
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("per_command", 5, flags)) return;
  ImGui::TableSetupColumn("Command /min", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableSetupColumn("recorded", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("recognised", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("modelled", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("error", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableHeadersRow();
  for (const auto& f : r.per_command) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(f.command.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(fmt::compact(f.recorded_per_min).c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(fmt::compact(f.recognised_per_min).c_str());
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(fmt::compact(f.modelled_per_min).c_str());
    ImGui::TableSetColumnIndex(4);
    // Within one cycle of the count the difference is the capture's resolution, not the model's.
    bool within = f.error_pct <= f.resolution_pct && f.error_pct >= -f.resolution_pct;
    ImGui::TextColored(within ? kDimColor : kErrorColor, "%s", fmt::percent(f.error_pct).c_str());
  }
  ImGui::EndTable();
}

}  // namespace

void panel_calibrate(App& app) {
  if (ImGui::Button("Open MONITOR capture...##calibrate")) platform::pick_file(platform::FileKind::Capture);
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "the capture the Replay tab shows, turned into a scenario (as `redcast calibrate`)");
  Capture& c = app.capture;
  if (c.name.empty() || c.reading || !c.error.empty() || !c.done) {
    ImGui::Separator();
    ImGui::TextWrapped(c.reading ? "Reading the capture..."
                       : !c.error.empty() ? "The capture could not be read (see the Replay tab)."
                                          : "Open a MONITOR capture: its job-queue libraries and polling loops are "
                                            "recognised, fitted and checked command by command against it.");
    return;
  }
  const core::calibrate::CalibrationReport* r = c.calibration();
  if (!r) {
    error_text("Could not calibrate: " + c.calibration_error);
    return;
  }
  probe_text("calibration", core::calibrate::calibration_json_text(*r));
  ImGui::TextColored(kDimColor, "CAPTURE");
  ImGui::SameLine();
  ImGui::Text("%s: %s captured, %s steady", c.name.c_str(), fmt::duration(r->span_s).c_str(),
              fmt::duration(r->steady_s).c_str());
  ImGui::Text("Recorded %s commands a minute; recognised components explain %s, the calibrated scenario %s "
              "(remainder %s)", fmt::compact(r->recorded_per_min).c_str(), fmt::compact(r->recognised_per_min).c_str(),
              fmt::compact(r->modelled_per_min).c_str(), fmt::compact(r->remainder_per_min).c_str());
  ImGui::Text("A month: %s billable as replayed, %s as calibrated", fmt::grouped(r->replay_monthly).c_str(),
              fmt::grouped(r->modelled_monthly).c_str());
  if (ImGui::Button("Open the calibrated scenario in the editor")) {
    std::string name = c.name + ".calibrated.json";
    auto errors = app.load_text(core::calibrate::scenario_text(*r), name);
    app.notice = errors.empty() ? "Loaded the calibration of " + c.name : "Calibrated scenario with problems: " + errors.front();
    app.show_projection = true;
  }
  probe("load-calibrated");
  ImGui::Separator();
  ImGui::Text("Components (%zu)", r->components.size());
  components_table(*r);
  for (const auto& u : r->unmatched) ImGui::BulletText("%s: %s (%s)", u.side.c_str(), u.name.c_str(), u.why.c_str());
  ImGui::Separator();
  ImGui::Text("Per command, per minute (by recorded rate)");
  per_command_table(*r);
}

}  // namespace web
