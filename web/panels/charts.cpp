// Charts drawn with ImDrawList (no plotting library): cumulative billable commands over the period,
// stacked by component, against the plan's quota and the moment it runs out; daily billable bars;
// commands by local hour of day.
//
// The projection gives each component's billable commands per day (DayTotals::billable_by_component),
// which add up to the day's billable total.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"
#include "web/panels/panels.hpp"
#include "web/platform.hpp"
#include "web/view.hpp"
#include "web/widgets.hpp"

namespace web {

namespace {

struct Series {
  std::uint64_t revision = ~std::uint64_t(0);
  int days = 0, comps = 0;
  std::vector<double> daily;      // billable per day and component, [d * comps + c]
  std::vector<double> day_total;  // billable per day
  std::vector<double> cum;        // stacked cumulative at the end of day d: top of layer c, [d * comps + c]
  std::vector<double> cum_total;  // cumulative billable at the end of day d
  double max_day = 0;
};

const Series& series(const App& app) {
  static Series s;
  if (s.revision == app.revision) return s;
  s = Series{};
  s.revision = app.revision;
  if (!app.projection) return s;
  const core::Projection& p = *app.projection;
  s.days = static_cast<int>(p.daily.size());
  s.comps = static_cast<int>(p.components.size());
  int D = s.days, C = std::max(s.comps, 1);
  s.daily.assign(static_cast<std::size_t>(D * C), 0.0);
  s.day_total.assign(static_cast<std::size_t>(D), 0.0);
  s.cum.assign(static_cast<std::size_t>(D * C), 0.0);
  s.cum_total.assign(static_cast<std::size_t>(D), 0.0);
  std::vector<double> running(static_cast<std::size_t>(C), 0.0);
  double total = 0;
  for (int d = 0; d < D; ++d) {
    const auto& day = p.daily[static_cast<std::size_t>(d)];
    double billable = static_cast<double>(day.billable);
    for (int c = 0; c < C; ++c) {
      double v = 0;
      if (s.comps == 0) v = billable;
      else if (c < static_cast<int>(day.billable_by_component.size()))
        v = static_cast<double>(day.billable_by_component[static_cast<std::size_t>(c)]);
      s.daily[static_cast<std::size_t>(d * C + c)] = v;
      running[static_cast<std::size_t>(c)] += v;
    }
    total += billable;
    s.day_total[static_cast<std::size_t>(d)] = billable;
    s.cum_total[static_cast<std::size_t>(d)] = total;
    double stack = 0;
    for (int c = 0; c < C; ++c) {
      stack += running[static_cast<std::size_t>(c)];
      s.cum[static_cast<std::size_t>(d * C + c)] = stack;
    }
    s.max_day = std::max(s.max_day, billable);
  }
  if (s.comps == 0) s.comps = 1;
  return s;
}

// The colour key of a chart layer: its component's name (a scenario without components has one
// layer, the total).
std::string layer_name(const core::Projection& p, int c) {
  return c < static_cast<int>(p.components.size()) ? p.components[static_cast<std::size_t>(c)].name : "total";
}

double nice_step(double range, int ticks) {
  if (range <= 0) return 1;
  double raw = range / ticks;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

// A plotting frame: data coordinates [x0,x1] x [0,y1] mapped into a screen rectangle.
struct Frame {
  ImVec2 a, b;  // plot area (without axis labels)
  double x0 = 0, x1 = 1, y1 = 1;
  ImVec2 at(double x, double y) const {
    return ImVec2(a.x + static_cast<float>((x - x0) / (x1 - x0)) * (b.x - a.x),
                  b.y - static_cast<float>(y / y1) * (b.y - a.y));
  }
  double x_of(float sx) const { return x0 + (sx - a.x) / (b.x - a.x) * (x1 - x0); }
};

// "03-14", or "2026-12-30" when the period crosses a new year (the month alone would be ambiguous).
std::string day_label(const core::Projection& p, int d) {
  if (d < 0 || d >= static_cast<int>(p.daily.size())) return "";
  const auto& date = p.daily[static_cast<std::size_t>(d)].date;
  bool crosses_year = p.daily.front().date.year != p.daily.back().date.year;
  char buf[24];
  if (crosses_year) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  else std::snprintf(buf, sizeof buf, "%02d-%02d", date.month, date.day);
  return buf;
}

// The x axis's title, centred under the tick labels.
void x_title(const ImVec2& a, const ImVec2& b, const std::string& title) {
  ImVec2 ts = ImGui::CalcTextSize(title.c_str());
  ImGui::GetWindowDrawList()->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, b.y + ts.y + 6), IM_COL32(140, 144, 152, 255),
                                      title.c_str());
}

// Right-click on a chart: save it as a PNG (what is on screen, at device pixels).
void chart_menu(const char* id, const char* title) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  probe(std::string("chart:") + id);
  if (ImGui::IsItemHovered() && ImGui::IsMouseReleased(ImGuiMouseButton_Right)) ImGui::OpenPopup(id);
  if (ImGui::BeginPopup(id)) {
    ImGui::TextDisabled("%s", title);
    bool save = ImGui::MenuItem("Save as PNG");
    probe("menu:png");
    if (save) platform::save_png(std::string(id) + ".png", a.x, a.y, b.x - a.x, b.y - a.y);
    ImGui::EndPopup();
  }
}

// Reserves the widget area, draws the background, grid, y labels and the title; returns the frame.
Frame begin_chart(const char* id, const char* title, ImVec2 size, double x0, double x1, double ymax) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  chart_menu(id, title);
  const float line = ImGui::GetTextLineHeight();
  const float left = 4 * line, bottom = 2 * line + 10, top = ImGui::GetTextLineHeightWithSpacing() + 4;
  Frame f;
  f.a = ImVec2(origin.x + left, origin.y + top);
  f.b = ImVec2(origin.x + size.x - 10, origin.y + size.y - bottom);
  f.x0 = x0;
  f.x1 = x1 > x0 ? x1 : x0 + 1;
  double step = nice_step(ymax > 0 ? ymax : 1, 5);
  f.y1 = std::max(step, std::ceil((ymax > 0 ? ymax : 1) / step) * step);
  dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(28, 30, 34, 255), 3);
  dl->AddText(ImVec2(origin.x + 8, origin.y + 4), IM_COL32(220, 222, 228, 255), title);
  for (double y = 0; y <= f.y1 + step * 0.01; y += step) {
    ImVec2 p = f.at(x0, y);
    dl->AddLine(ImVec2(f.a.x, p.y), ImVec2(f.b.x, p.y), IM_COL32(255, 255, 255, y == 0 ? 60 : 18));
    std::string label = fmt::compact(y);
    ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2(f.a.x - ts.x - 6, p.y - ts.y * 0.5f), IM_COL32(160, 164, 172, 255), label.c_str());
  }
  return f;
}

void x_day_ticks(const Frame& f, const core::Projection& p, int days, bool centered) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int every = std::max(1, static_cast<int>(std::ceil(days / 8.0)));
  for (int d = 0; d < days; d += every) {
    ImVec2 at = f.at(d + (centered ? 0.5 : 0.0), 0);
    std::string label = day_label(p, d);
    ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    dl->AddLine(at, ImVec2(at.x, at.y + 4), IM_COL32(255, 255, 255, 60));
    dl->AddText(ImVec2(at.x - ts.x * 0.5f, at.y + 4), IM_COL32(160, 164, 172, 255), label.c_str());
  }
}

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness) {
  float len = std::hypot(b.x - a.x, b.y - a.y);
  int n = std::max(1, static_cast<int>(len / 6));
  for (int i = 0; i < n; i += 2) {
    float t0 = static_cast<float>(i) / n, t1 = static_cast<float>(std::min(i + 1, n)) / n;
    dl->AddLine(ImVec2(a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0), ImVec2(a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1),
                col, thickness);
  }
}

void legend(const core::Projection& p) {
  for (std::size_t c = 0; c < p.components.size(); ++c) {
    if (c) ImGui::SameLine(0, 14);
    color_swatch(p.components[c].name);
    ImGui::TextUnformatted(p.components[c].name.c_str());
  }
  ImGui::SameLine(0, 14);
  float h = ImGui::GetTextLineHeight();
  ImVec2 pos = ImGui::GetCursorScreenPos();
  dashed_line(ImGui::GetWindowDrawList(), ImVec2(pos.x, pos.y + h * 0.5f), ImVec2(pos.x + 22, pos.y + h * 0.5f),
              IM_COL32(255, 110, 100, 255), 2);
  ImGui::Dummy(ImVec2(24, h));
  ImGui::SameLine();
  ImGui::TextUnformatted("quota");
}

void cumulative_chart(const App& app, const Series& s, ImVec2 size) {
  const core::Projection& p = *app.projection;
  const core::Plan& plan = p.plan;
  const int D = s.days, C = s.comps;
  double limit = static_cast<double>(plan.limit);
  double quota_top = 0;
  if (plan.limit > 0) quota_top = plan.period == core::QuotaPeriod::Day ? limit * D : limit;
  double total = D ? s.cum_total.back() : 0;
  double ymax = std::max(total, quota_top) * 1.05;
  Frame f = begin_chart("cumulative", "Cumulative billable commands", size, 0, D, ymax);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(f.a, ImVec2(f.b.x + 1, f.b.y + 1), true);

  // Stacked areas, one trapezoid per layer and day (no anti-aliased seams between neighbours).
  ImDrawListFlags saved = dl->Flags;
  dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (int d = 0; d < D; ++d) {
    for (int c = 0; c < C; ++c) {
      auto top = [&](int day, int layer) -> double {
        if (day < 0 || layer < 0) return 0.0;
        return s.cum[static_cast<std::size_t>(day * C + layer)];
      };
      ImVec2 bl = f.at(d, top(d - 1, c - 1)), br = f.at(d + 1, top(d, c - 1));
      ImVec2 tr = f.at(d + 1, top(d, c)), tl = f.at(d, top(d - 1, c));
      if (tr.y >= br.y - 0.01f && tl.y >= bl.y - 0.01f) continue;
      dl->AddQuadFilled(bl, br, tr, tl, component_color(layer_name(p, c), 0.85f));
    }
  }
  dl->Flags = saved;
  std::vector<ImVec2> line{f.at(0, 0)};
  for (int d = 0; d < D; ++d) line.push_back(f.at(d + 1, s.cum_total[static_cast<std::size_t>(d)]));
  dl->AddPolyline(line.data(), static_cast<int>(line.size()), IM_COL32(240, 240, 240, 220), 0, 1.5f);

  const ImU32 quota_col = IM_COL32(255, 110, 100, 255);
  if (plan.limit > 0) {
    if (plan.period == core::QuotaPeriod::Day) {
      dashed_line(dl, f.at(0, 0), f.at(D, limit * D), quota_col, 2);
      dl->AddText(ImVec2(f.a.x + 6, f.at(0, limit * D).y + 2), quota_col, ("daily quota " + fmt::compact(limit) + " x days").c_str());
    } else {
      ImVec2 a = f.at(0, limit), b = f.at(D, limit);
      dashed_line(dl, a, b, quota_col, 2);
      std::string label = "quota " + fmt::compact(limit) + "/month";
      ImVec2 ts = ImGui::CalcTextSize(label.c_str());
      ImVec2 at(a.x + 6, a.y - ts.y - 3);
      dl->AddRectFilled(ImVec2(at.x - 3, at.y - 1), ImVec2(at.x + ts.x + 3, at.y + ts.y + 1), IM_COL32(28, 30, 34, 200));
      dl->AddText(at, quota_col, label.c_str());
    }
  }
  if (p.exhausted_at) {
    double x = static_cast<double>(*p.exhausted_at - p.start) / sim::kDay;
    ImVec2 a = f.at(x, 0), b = f.at(x, f.y1);
    dl->AddLine(a, b, quota_col, 2);
    std::string label = "exhausted " + fmt_local(*p.exhausted_at, p.zone);
    ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    float lx = a.x + ts.x + 10 > f.b.x ? a.x - ts.x - 6 : a.x + 6;
    dl->AddRectFilled(ImVec2(lx - 3, b.y + 3), ImVec2(lx + ts.x + 3, b.y + ts.y + 5), IM_COL32(28, 30, 34, 220));
    dl->AddText(ImVec2(lx, b.y + 4), quota_col, label.c_str());
  }
  dl->PopClipRect();
  x_day_ticks(f, p, D, false);
  x_title(f.a, f.b, "day (" + p.zone.name() + ")");

  if (ImGui::IsItemHovered() && D > 0) {
    double x = f.x_of(ImGui::GetIO().MousePos.x);
    int d = std::clamp(static_cast<int>(std::floor(x)), 0, D - 1);
    ImVec2 a = f.at(d + 1, 0), b = f.at(d + 1, f.y1);
    dl->AddLine(a, b, IM_COL32(255, 255, 255, 90));
    ImGui::BeginTooltip();
    ImGui::Text("End of %s", sim::format_date(p.daily[static_cast<std::size_t>(d)].date).c_str());
    double cum = s.cum_total[static_cast<std::size_t>(d)];
    ImGui::Text("%s billable so far", fmt::grouped(cum).c_str());
    if (limit > 0 && plan.period == core::QuotaPeriod::Month) ImGui::TextColored(kDimColor, "%s of the monthly quota", fmt::percent(cum / limit * 100, 0).c_str());
    for (int c = C - 1; c >= 0 && c < static_cast<int>(p.components.size()); --c) {
      double v = s.cum[static_cast<std::size_t>(d * C + c)] - (c ? s.cum[static_cast<std::size_t>(d * C + c - 1)] : 0);
      color_swatch(p.components[static_cast<std::size_t>(c)].name);
      ImGui::Text("%-20s %s", p.components[static_cast<std::size_t>(c)].name.c_str(), fmt::grouped(v).c_str());
    }
    ImGui::EndTooltip();
  }
}

void daily_chart(const App& app, const Series& s, ImVec2 size) {
  const core::Projection& p = *app.projection;
  const core::Plan& plan = p.plan;
  const int D = s.days, C = s.comps;
  bool daily_quota = plan.limit > 0 && plan.period == core::QuotaPeriod::Day;
  double ymax = std::max(s.max_day, daily_quota ? static_cast<double>(plan.limit) : 0.0) * 1.08;
  Frame f = begin_chart("daily", "Billable commands per day", size, 0, D, ymax);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int d = 0; d < D; ++d) {
    double base = 0;
    for (int c = 0; c < C; ++c) {
      double v = s.daily[static_cast<std::size_t>(d * C + c)];
      if (v <= 0) continue;
      dl->AddRectFilled(f.at(d + 0.12, base + v), f.at(d + 0.88, base), component_color(layer_name(p, c), 0.9f));
      base += v;
    }
  }
  if (daily_quota) {
    double limit = static_cast<double>(plan.limit);
    dashed_line(dl, f.at(0, limit), f.at(D, limit), IM_COL32(255, 110, 100, 255), 2);
  }
  x_day_ticks(f, p, D, true);
  x_title(f.a, f.b, "day (" + p.zone.name() + ")");
  if (ImGui::IsItemHovered() && D > 0) {
    int d = std::clamp(static_cast<int>(std::floor(f.x_of(ImGui::GetIO().MousePos.x))), 0, D - 1);
    dl->AddRectFilled(f.at(d, f.y1), f.at(d + 1, 0), IM_COL32(255, 255, 255, 18));
    const auto& day = p.daily[static_cast<std::size_t>(d)];
    ImGui::BeginTooltip();
    ImGui::Text("%s", sim::format_date(day.date).c_str());
    ImGui::Text("%s billable, %s commands", fmt::grouped(static_cast<double>(day.billable)).c_str(),
                fmt::grouped(static_cast<double>(day.commands)).c_str());
    for (int c = C - 1; c >= 0 && c < static_cast<int>(p.components.size()); --c) {
      color_swatch(p.components[static_cast<std::size_t>(c)].name);
      ImGui::Text("%-20s %s", p.components[static_cast<std::size_t>(c)].name.c_str(),
                  fmt::grouped(s.daily[static_cast<std::size_t>(d * C + c)]).c_str());
    }
    ImGui::EndTooltip();
  }
}

// The average day: commands per local hour, summed over the period and divided by its days.
void hourly_chart(const App& app, ImVec2 size) {
  const core::Projection& p = *app.projection;
  const double days = std::max(1, p.days);
  double ymax = 0;
  for (auto v : p.hour_of_day) ymax = std::max(ymax, static_cast<double>(v) / days);
  Frame f = begin_chart("hourly", "Commands per hour, average day (all components)", size, 0, 24, ymax * 1.08);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int h = 0; h < static_cast<int>(p.hour_of_day.size()) && h < 24; ++h)
    dl->AddRectFilled(f.at(h + 0.12, static_cast<double>(p.hour_of_day[static_cast<std::size_t>(h)]) / days), f.at(h + 0.88, 0),
                      IM_COL32(110, 150, 200, 230));
  for (int h = 0; h < 24; h += 3) {
    ImVec2 at = f.at(h + 0.5, 0);
    char label[8];
    std::snprintf(label, sizeof label, "%02d", h);
    dl->AddText(ImVec2(at.x - ImGui::CalcTextSize(label).x * 0.5f, at.y + 4), IM_COL32(160, 164, 172, 255), label);
  }
  x_title(f.a, f.b, "local hour of day (" + p.zone.name() + ")");
  if (ImGui::IsItemHovered() && !p.hour_of_day.empty()) {
    int h = std::clamp(static_cast<int>(std::floor(f.x_of(ImGui::GetIO().MousePos.x))), 0,
                       static_cast<int>(std::min<std::size_t>(p.hour_of_day.size(), 24)) - 1);
    double total = static_cast<double>(p.hour_of_day[static_cast<std::size_t>(h)]);
    ImGui::SetTooltip("%02d:00-%02d:59  %s commands on an average day\n%s over the %d days", h, h,
                      fmt::grouped(total / days).c_str(), fmt::grouped(total).c_str(), p.days);
  }
}

}  // namespace

void panel_charts(App& app) {
  if (!app.projection) {
    ImGui::TextDisabled("Nothing to chart until the scenario validates.");
    return;
  }
  const Series& s = series(app);
  if (ImGui::SmallButton("CSV per day")) {
    // The CLI's `project --format csv`: each day's commands, billable, cumulative and per component.
    std::string name = app.export_name();
    platform::download(name.substr(0, name.size() - 5) + ".daily.csv", core::projection_to_csv(*app.projection), "text/csv");
  }
  probe("csv-daily");
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "right-click a chart to save it as PNG");
  legend(*app.projection);
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float gap = ImGui::GetStyle().ItemSpacing.y;
  float top = std::max(200.0f, (avail.y - gap) * 0.58f);
  cumulative_chart(app, s, ImVec2(avail.x, top));
  float bottom = std::max(150.0f, avail.y - top - gap);
  float half = (avail.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  daily_chart(app, s, ImVec2(half, bottom));
  ImGui::SameLine();
  hourly_chart(app, ImVec2(half, bottom));
}

}  // namespace web
