// Recommendations: the ranked levers of the open scenario (core/recommend.hpp), each with an "Apply"
// button that patches the document through the app's load path and re-projects. The search projects
// the scenario once per lever value, so it runs on a click, not on every edit.
#include <optional>
#include <string>

#include "core/input/errors.hpp"
#include "core/recommend/constraint.hpp"
#include "core/recommend/recommend.hpp"
#include "imgui.h"
#include "web/panels/panels.hpp"
#include "web/view.hpp"
#include "web/widgets.hpp"

namespace web {

namespace {

struct State {
  std::optional<core::Recommendations> result;
  std::uint64_t revision = ~std::uint64_t(0);  // the app revision the result is for
  std::string error;
  double budget = 0;         // 0 = the scenario's plan quota
  float max_staleness_min = 0;  // 0 = no limit
};

State& state() {
  static State s;
  return s;
}

void apply(App& app, const std::vector<core::PatchOp>& ops, const std::string& label) {
  json patched;
  try {
    patched = core::apply_patch(app.doc, ops);
  } catch (const std::exception& e) {
    app.notice = std::string("Could not apply: ") + e.what();
    return;
  }
  auto errors = app.replace(std::move(patched));
  app.notice = errors.empty() ? "Applied: " + label : "Applied with problems: " + label;
}

// The Pareto front (core's r.pareto): billable a month against the main metric, each row a
// combination the search projected, none cheaper and better in both; each can be applied.
void pareto_table(App& app, const core::Recommendations& r, bool outdated) {
  if (r.pareto.empty() || !r.main_metric) return;
  ImGui::Separator();
  ImGui::Text("Pareto front: billable a month against %s (no combination cheaper and better in both)",
              r.main_metric->name);
  std::string shown;  // one line a row, for the test hook
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("pareto", 6, flags)) return;
  ImGui::TableSetupColumn(r.main_metric->name, ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("Billable/month", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("$/month", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("Fits", ImGuiTableColumnFlags_WidthStretch, 0.4f);
  ImGui::TableSetupColumn("Changes", ImGuiTableColumnFlags_WidthStretch, 4.0f);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 60.0f);
  ImGui::TableHeadersRow();
  for (std::size_t i = 0; i < r.pareto.size(); ++i) {
    const core::Combination& c = r.pareto[i];
    std::string metric = c.metric_value ? core::metric_value_text(*r.main_metric, *c.metric_value) : "as now";
    std::string changes;
    for (const auto& l : c.labels) changes += (changes.empty() ? "" : "; ") + l;
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(metric.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(fmt::grouped(c.after).c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(fmt::usd(c.usd_after).c_str());
    ImGui::TableSetColumnIndex(3);
    ImGui::TextColored(c.fits ? kOkColor : kDimColor, "%s", c.fits ? "yes" : "no");
    ImGui::TableSetColumnIndex(4);
    ImGui::TextWrapped("%s", changes.c_str());
    ImGui::TableSetColumnIndex(5);
    if (!outdated && !c.patch.empty() && ImGui::SmallButton("Apply")) apply(app, c.patch, "the " + metric + " combination");
    ImGui::PopID();
    shown += metric + " | " + fmt::grouped(c.after) + " | " + changes + "\n";
  }
  ImGui::EndTable();
  probe_text("pareto", shown);
}

// Every knob value the best combination does not use, with the core's reason.
void left_out_list(const core::Recommendations& r) {
  if (r.left_out.empty()) return;
  std::string shown;
  for (const core::LeftOut& l : r.left_out) shown += l.component + ": " + l.label + " (" + l.reason + ")\n";
  probe_text("left_out", shown);
  ImGui::Separator();
  if (!ImGui::TreeNodeEx("left_out", ImGuiTreeNodeFlags_DefaultOpen, "Left out of the combination (%zu)", r.left_out.size()))
    return;
  for (const core::LeftOut& l : r.left_out) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s: %s", l.component.c_str(), l.label.c_str());
    ImGui::Indent();
    ImGui::TextColored(kDimColor, "%s", l.reason.c_str());
    ImGui::Unindent();
  }
  ImGui::TreePop();
}

}  // namespace

void panel_recommend(App& app) {
  State& st = state();
  if (!app.scenario || app.stale) {
    ImGui::TextColored(kDimColor, "Fix the scenario's problems to get recommendations.");
    return;
  }
  ImGui::SetNextItemWidth(160);
  ImGui::InputDouble("budget / month (0 = plan quota)", &st.budget, 10000, 100000, "%.0f");
  ImGui::SetNextItemWidth(160);
  ImGui::SliderFloat("max staleness, min (0 = any)", &st.max_staleness_min, 0, 60, "%.1f");
  bool outdated = st.revision != app.revision;
  bool clicked = ImGui::Button(st.result ? "Search again" : "Find recommendations");
  probe("find-recommendations");
  if (clicked) {
    core::RecommendOptions opt;
    if (st.budget > 0) opt.budget = st.budget;
    if (st.max_staleness_min > 0) opt.max_staleness_s = st.max_staleness_min * 60.0;
    try {
      st.result = core::recommend(*app.scenario, opt);
      st.error.clear();
    } catch (const std::exception& e) {
      st.result.reset();
      st.error = e.what();
    }
    st.revision = app.revision;
    outdated = false;
  }
  if (!st.error.empty()) error_text(st.error);
  if (!st.result) return;
  const core::Recommendations& r = *st.result;
  if (outdated) {
    ImGui::SameLine();
    ImGui::TextColored(kErrorColor, "the scenario changed since this search");
  }
  ImGui::Text("Now %s billable a month (%s on pay-as-you-go); budget: %s", fmt::grouped(r.before).c_str(),
              fmt::usd(r.before_usd).c_str(), r.budget_text.c_str());

  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("recommendations", 6, flags)) {
    // Money as a person reads it: what the month costs after the change, and what it saves (both on
    // pay-as-you-go, the plan billed per command).
    ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Billable/month after", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn("$/month after", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("saves", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Fits", ImGuiTableColumnFlags_WidthStretch, 0.4f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 60.0f);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < r.ranked.size(); ++i) {
      const core::Recommendation& x = r.ranked[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextWrapped("%s: %s", x.component.c_str(), x.label.c_str());
      ImGui::TextColored(kDimColor, "cost: %s", x.cost.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(fmt::grouped(x.after).c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(fmt::usd(r.before_usd - x.usd_saved).c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::Text("%s/month", fmt::usd(x.usd_saved).c_str());
      ImGui::TextColored(kDimColor, "%s (%s)", fmt::grouped(x.saving).c_str(), fmt::percent(x.saving_pct, 0).c_str());
      ImGui::TableSetColumnIndex(4);
      ImGui::TextColored(x.fits ? kOkColor : kDimColor, "%s", x.fits ? "yes" : "no");
      ImGui::TableSetColumnIndex(5);
      if (!outdated && ImGui::SmallButton("Apply")) apply(app, x.patch, x.label);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  ImGui::Separator();
  if (r.best.labels.empty()) {
    ImGui::TextColored(kDimColor, "No combination to apply.");
  } else {
  ImGui::Text("Best combination: %s a month, saves %s (%s), %s", fmt::grouped(r.best.after).c_str(),
              fmt::grouped(r.best.saving).c_str(), fmt::usd(r.best.usd_saved).c_str(),
              r.best.fits ? "fits" : "still over");
  for (std::size_t i = 0; i < r.best.labels.size(); ++i)
    ImGui::BulletText("%s (cost: %s)", r.best.labels[i].c_str(), r.best.costs[i].c_str());
  if (!outdated && ImGui::Button("Apply the combination")) apply(app, r.best.patch, "the best combination");
  }
  pareto_table(app, r, outdated);
  left_out_list(r);
}

}  // namespace web
