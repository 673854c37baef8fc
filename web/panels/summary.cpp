// The answer first (as redis-faina does): billable use against the quota, when it runs out, what it
// costs; then the breakdown.
#include <algorithm>
#include <string>

#include "imgui.h"
#include "web/panels/panels.hpp"
#include "web/widgets.hpp"

namespace web {

namespace {

std::string period_word(core::QuotaPeriod p) {
  switch (p) {
    case core::QuotaPeriod::Day: return "day";
    case core::QuotaPeriod::Month: return "month";
    default: return "";
  }
}

void figure(const char* label, const std::string& value, const ImVec4* color = nullptr) {
  ImGui::BeginGroup();
  ImGui::TextColored(kDimColor, "%s", label);
  if (color) ImGui::TextColored(*color, "%s", value.c_str());
  else ImGui::TextUnformatted(value.c_str());
  ImGui::EndGroup();
}

}  // namespace

void panel_summary(App& app) {
  if (!app.projection) {
    ImGui::TextDisabled("No projection yet: the scenario does not validate.");
    ImGui::Separator();
    return;
  }
  const core::Projection& p = *app.projection;
  const core::Plan& plan = p.plan;

  ImGui::Text("%s", p.scenario.c_str());
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "%d days from %s, %s  \xC2\xB7  plan %s", p.days,
                     p.daily.empty() ? "?" : sim::format_date(p.daily.front().date).c_str(), p.zone.name().c_str(),
                     plan.name.empty() ? plan.id.c_str() : plan.name.c_str());
  if (app.stale) {
    ImGui::SameLine();
    ImGui::TextColored(kErrorColor, "(last valid edit)");
  }

  if (!ImGui::BeginTable("summary", 4, ImGuiTableFlags_SizingStretchSame)) return;
  auto cell = [](const char* label, const std::string& value, const ImVec4* color = nullptr) {
    ImGui::TableNextColumn();
    figure(label, value, color);
  };
  std::string billable = fmt::grouped(static_cast<double>(p.billable));
  if (plan.limit > 0) {
    // The peak quota period (the month, or the worst day for a daily quota), as --fail-over uses it.
    bool over = p.exhausted_at.has_value() || p.used_pct >= 100;
    const ImVec4* c = over ? &kErrorColor : &kOkColor;
    cell("Billable commands", billable);
    cell(plan.period == core::QuotaPeriod::Day ? "Worst day vs daily quota" : "Of the quota",
         fmt::percent(p.used_pct, 0) + " of " + fmt::compact(static_cast<double>(plan.limit)) + "/" + period_word(plan.period), c);
    if (p.exhausted_at) cell("Quota exhausted", fmt_local(*p.exhausted_at, p.zone), &kErrorColor);
    else cell("Quota exhausted", "never in this period", &kOkColor);
    if (p.periods_over > 0)
      cell("Periods over", std::to_string(p.periods_over) + " " + period_word(plan.period) + (p.periods_over > 1 ? "s" : ""),
           &kErrorColor);
    else
      cell("Periods over", "none", &kOkColor);
  } else {
    cell("Billable commands", billable);
    cell("Quota", "none on this plan");
    cell("Quota exhausted", "-");
    cell("Periods over", "-");
  }

  cell("Pay-as-you-go", fmt::usd(p.payg_usd));
  cell(("On " + plan.id).c_str(), fmt::usd(p.plan_usd));
  cell("Cheapest plan", p.cheapest_plan.empty() ? "-" : p.cheapest_plan + "  " + fmt::usd(p.cheapest_usd));
  cell("All commands", fmt::grouped(static_cast<double>(p.commands)));

  cell("Reads / writes / other", fmt::compact(static_cast<double>(p.reads)) + " / " +
                                    fmt::compact(static_cast<double>(p.writes)) + " / " +
                                    fmt::compact(static_cast<double>(p.other)));
  std::string keys = fmt::grouped(p.max_keys) + " keys, " + fmt::bytes(p.max_bytes);
  if (plan.storage_bytes > 0) keys += " of " + fmt::bytes(static_cast<double>(plan.storage_bytes));
  const ImVec4* kc = plan.storage_bytes > 0 && p.max_bytes > static_cast<double>(plan.storage_bytes) ? &kErrorColor : nullptr;
  cell("Stored at most", keys, kc);
  std::string ms = fmt::fixed(app.reprojection_ms, 1) + " ms";
  if (p.events > 0) ms += ", " + fmt::compact(static_cast<double>(p.events)) + " events";
  cell("Re-projected in", ms);
  ImGui::EndTable();

  const auto& r = p.monthly_billable;
  if (r.n > 1) {
    std::string text = std::to_string(r.n) + " replications: p5 " + fmt::compact(r.p5) + "  p50 " + fmt::compact(r.p50) +
                       "  p95 " + fmt::compact(r.p95) + " per " + fmt::fixed(core::kBillingMonthDays, 0) +
                       " days; P(over quota) " + fmt::percent(r.p_exceed * 100, 0);
    ImGui::TextColored(kDimColor, "%s", text.c_str());
  }
  ImGui::Separator();
}

}  // namespace web
