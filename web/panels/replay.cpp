// Replay of an uploaded MONITOR capture: the core's streaming analyzer (the same as `redcast replay`
// and `redcast audit`) fed in chunks by the page. The answer first: what the capture projects to
// in a month; then the command mix, the polling loops, the audit's findings, clients and keys, and
// the CLI's text report.
#include <algorithm>
#include <string>

#include "core/replay/format.hpp"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "web/panels/panels.hpp"
#include "web/platform.hpp"
#include "web/widgets.hpp"

namespace web {

namespace {

void right_text(const std::string& s) {
  float w = ImGui::CalcTextSize(s.c_str()).x;
  float avail = ImGui::GetContentRegionAvail().x;
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  ImGui::TextUnformatted(s.c_str());
}

constexpr ImGuiTableFlags kTable = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                   ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;

void headline(const core::replay::ReplayReport& r) {
  const auto& p = r.projection;
  ImGui::Text("%s commands over %s", fmt::grouped(static_cast<double>(r.parsed)).c_str(), fmt::duration(r.span_s).c_str());
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "(%s lines, %s skipped, %zu clients)", fmt::grouped(static_cast<double>(r.lines)).c_str(),
                     fmt::grouped(static_cast<double>(r.skipped)).c_str(), r.clients.size());
  ImGui::Text("A month at the steady rate: %s commands, %s billable on %s", fmt::compact(p.monthly_commands).c_str(),
              fmt::compact(p.monthly_billable).c_str(), r.plan.id.c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, kDimColor);
  ImGui::TextWrapped("95%% interval %s - %s billable; %s/min steady over %s%s; cost %s (pay-as-you-go %s)",
                     fmt::compact(p.billable_low).c_str(), fmt::compact(p.billable_high).c_str(),
                     fmt::compact(p.steady_per_min).c_str(), fmt::duration(p.steady_s).c_str(),
                     p.whole_capture ? "" : " (start-up and shut-down trimmed)", fmt::usd(p.monthly_cost_usd).c_str(),
                     fmt::usd(p.payg_cost_usd).c_str());
  for (const auto& c : p.caveats) ImGui::TextWrapped("- %s", c.c_str());
  ImGui::PopStyleColor();
}

void commands_table(const core::replay::ReplayReport& r) {
  if (!ImGui::BeginTable("replay-commands", 5, kTable)) return;
  ImGui::TableSetupColumn("Command", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("In capture", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("Steady /min", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("Monthly", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("Billable/month", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableHeadersRow();
  for (const auto& c : r.commands) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    if (c.known) ImGui::TextUnformatted(c.name.c_str());
    else ImGui::TextColored(kDimColor, "%s (unknown)", c.name.c_str());
    ImGui::TableSetColumnIndex(1);
    right_text(fmt::grouped(static_cast<double>(c.total)));
    ImGui::TableSetColumnIndex(2);
    right_text(fmt::fixed(c.steady_per_min, 2));
    ImGui::TableSetColumnIndex(3);
    right_text(fmt::compact(c.monthly));
    ImGui::TableSetColumnIndex(4);
    right_text(fmt::compact(c.monthly_billable));
  }
  ImGui::EndTable();
}

void loops_table(const core::replay::ReplayReport& r) {
  if (r.loops.empty()) {
    ImGui::TextDisabled("No periodic loop found.");
    return;
  }
  if (!ImGui::BeginTable("replay-loops", 6, kTable)) return;
  ImGui::TableSetupColumn("Client", ImGuiTableColumnFlags_WidthStretch, 1.5f);
  ImGui::TableSetupColumn("Loop", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("Period", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn("Cmds/cycle", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn("Cycles", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("Billable/month", ImGuiTableColumnFlags_WidthStretch, 1.1f);
  ImGui::TableHeadersRow();
  for (const auto& l : r.loops) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(l.client.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextWrapped("%s", l.signature.c_str());
    ImGui::TableSetColumnIndex(2);
    right_text(fmt::duration(l.period_s) + " ±" + fmt::duration(l.jitter_s));
    ImGui::TableSetColumnIndex(3);
    right_text(fmt::fixed(l.commands_per_cycle, 2));
    ImGui::TableSetColumnIndex(4);
    right_text(fmt::grouped(static_cast<double>(l.cycles)));
    ImGui::TableSetColumnIndex(5);
    right_text(fmt::compact(l.monthly_billable));
  }
  ImGui::EndTable();
}

void findings(const core::replay::AuditReport& a) {
  if (a.findings.empty()) {
    ImGui::TextColored(kOkColor, "No anti-pattern found.");
    return;
  }
  int i = 0;
  for (const auto& f : a.findings) {
    ImGui::PushID(i++);
    std::string title = std::to_string(i) + ". " + f.title + "  (saves " + fmt::compact(f.monthly_billable_saved) +
                        " billable/month, " + fmt::usd(f.monthly_usd_saved) + ")";
    if (ImGui::TreeNodeEx("##f", ImGuiTreeNodeFlags_SpanFullWidth, "%s", title.c_str())) {
      ImGui::TextWrapped("%s", f.detail.c_str());
      ImGui::TextColored(kOkColor, "fix:");
      ImGui::SameLine();
      ImGui::TextWrapped("%s", f.fix.c_str());
      if (!f.saving_note.empty()) ImGui::TextColored(kDimColor, "%s", f.saving_note.c_str());
      for (const auto& e : f.evidence) ImGui::TextColored(kDimColor, "%s", e.c_str());
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
}

void clients_and_patterns(const core::replay::ReplayReport& r) {
  if (ImGui::BeginTable("replay-clients", 4, kTable)) {
    ImGui::TableSetupColumn("Client", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn("Commands", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Seen", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableHeadersRow();
    for (const auto& c : r.clients) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(c.addr.c_str());  // the "other" row carries its label from the core
      ImGui::TableSetColumnIndex(1);
      ImGui::TextColored(kDimColor, "%s", c.name.c_str());
      ImGui::TableSetColumnIndex(2);
      right_text(fmt::grouped(static_cast<double>(c.commands)));
      ImGui::TableSetColumnIndex(3);
      ImGui::TextColored(kDimColor, "%s - %s", fmt::duration(c.first_s).c_str(), fmt::duration(c.last_s).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (ImGui::BeginTable("replay-patterns", 5, kTable)) {
    ImGui::TableSetupColumn("Key pattern", ImGuiTableColumnFlags_WidthStretch, 2.5f);
    ImGui::TableSetupColumn("Commands", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Reads", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Writes", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Keys (est.)", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableHeadersRow();
    for (const auto& p : r.patterns) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(p.pattern.c_str());
      ImGui::TableSetColumnIndex(1);
      right_text(fmt::grouped(static_cast<double>(p.commands)));
      ImGui::TableSetColumnIndex(2);
      right_text(fmt::grouped(static_cast<double>(p.reads)));
      ImGui::TableSetColumnIndex(3);
      right_text(fmt::grouped(static_cast<double>(p.writes)));
      ImGui::TableSetColumnIndex(4);
      right_text(fmt::grouped(p.distinct_keys));
    }
    ImGui::EndTable();
  }
}

}  // namespace

// A dropped INFO commandstats snapshot: the server's own counters as rates and a month, as
// `redcast commandstats` prints them; the time they cover comes from uptime_in_seconds or is asked.
void commandstats_section(App& app) {
  CommandStats& cs = app.commandstats;
  ImGui::TextColored(kDimColor, "INFO COMMANDSTATS");
  ImGui::SameLine();
  ImGui::Text("%s", cs.name.c_str());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  bool go = ImGui::InputText("time the counters cover (since CONFIG RESETSTAT)", &cs.elapsed,
                             ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ImGui::Button("Analyse") || go) cs.analyse();
  if (!cs.error.empty()) error_text(cs.error);
  if (!cs.rates_text.empty()) {
    ImGui::BeginChild("commandstats-text", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 16), true,
                      ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::TextUnformatted(cs.rates_text.c_str());
    ImGui::EndChild();
  }
  ImGui::Separator();
}

void panel_replay(App& app) {
  if (ImGui::Button("Open MONITOR capture...")) platform::pick_file(platform::FileKind::Capture);
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "plain or gzip, or drop it on the page; read in the browser, in chunks, never uploaded");
  if (!app.commandstats.name.empty()) commandstats_section(app);

  const Capture& c = app.capture;
  if (c.name.empty()) {
    ImGui::Separator();
    ImGui::TextWrapped("A capture of `redis-cli MONITOR` becomes its command mix, the polling loops behind it, "
                       "the anti-patterns worth fixing and a monthly projection: the same analysis as "
                       "`redcast replay` and `redcast audit`.");
    return;
  }
  // Whose numbers these are: the capture's, priced on its own plan, not the scenario's.
  ImGui::TextColored(kDimColor, "CAPTURE");
  ImGui::SameLine();
  ImGui::Text("%s", c.name.c_str());
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "%s%s", fmt::bytes(static_cast<double>(c.size)).c_str(), c.compressed ? " gzip" : "");
  if (c.reading) {
    float f = c.size && !c.compressed ? static_cast<float>(static_cast<double>(c.received) / static_cast<double>(c.size)) : 0.0f;
    ImGui::ProgressBar(f, ImVec2(-1, 0), (fmt::bytes(static_cast<double>(c.received)) + " read, " +
                                          fmt::grouped(static_cast<double>(c.lines)) + " lines").c_str());
    return;
  }
  if (!c.error.empty()) {
    error_text("Could not replay the capture: " + c.error);
    return;
  }
  if (!c.report) return;
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "  replayed in %.0f ms", c.finished_ms - c.started_ms);
  const auto& r = c.report->replay;
  ImGui::Separator();
  headline(r);
  ImGui::Spacing();
  if (ImGui::BeginTabBar("replay-tabs")) {
    if (ImGui::BeginTabItem("Commands")) {
      commands_table(r);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Loops")) {
      loops_table(r);
      ImGui::EndTabItem();
    }
    std::string audit_title = "Audit (" + std::to_string(c.report->findings.size()) + ")###audit";
    if (ImGui::BeginTabItem(audit_title.c_str())) {
      findings(*c.report);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Clients and keys")) {
      clients_and_patterns(r);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Report")) {
      if (ImGui::SmallButton("Download as text"))
        platform::download(c.name + ".replay.txt", c.replay_text + "\n" + c.audit_text, "text/plain");
      ImGui::SameLine();
      if (ImGui::SmallButton("Download as JSON"))
        platform::download(c.name + ".replay.json", core::replay::dump_json(c.replay_json), "application/json");
      ImGui::BeginChild("report-text", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
      ImGui::TextUnformatted(c.replay_text.c_str());
      ImGui::TextUnformatted(c.audit_text.c_str());
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

}  // namespace web
