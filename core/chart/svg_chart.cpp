#include "core/chart/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/format/format.hpp"
#include "core/format/palette.hpp"

namespace core::chart {
namespace {

constexpr double kWidth = 960, kLeft = 84, kRight = 32;
constexpr double kLineTop = 84, kLineHeight = 300;
constexpr double kBarsTop = kLineTop + kLineHeight + 86, kBarsHeight = 200;
constexpr double kLegendY = kBarsTop + kBarsHeight + 70;
constexpr const char* kText = "#333333";
constexpr const char* kDim = "#777777";
constexpr const char* kGrid = "#e6e6e6";

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default:
        // XML 1.0 has no place for other control characters.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') o += c;
    }
  }
  return o;
}

// Coordinates to 0.01 px: stable text, plenty for any screen.
std::string n(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::isfinite(v) ? v : 0.0);
  std::string s = buf;
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

struct Frame {
  double left, top, width, height, x0, x1, y1;
  double x(double v) const { return left + (x1 > x0 ? (v - x0) / (x1 - x0) : 0) * width; }
  double y(double v) const { return top + height - (y1 > 0 ? v / y1 : 0) * height; }
};

void text(std::ostringstream& o, double x, double y, const std::string& s, const char* anchor = "start",
          const std::string& fill = kText, int size = 12, const std::string& attrs = "") {
  o << "<text x=\"" << n(x) << "\" y=\"" << n(y) << "\" text-anchor=\"" << anchor << "\" fill=\"" << fill
    << "\" font-size=\"" << size << "\"" << attrs << ">" << esc(s) << "</text>\n";
}

// The frame's box, horizontal grid lines with y labels, and x ticks.
void axes(std::ostringstream& o, const Frame& f, const std::string& id, const std::string& title,
          const std::vector<Tick>& ticks, const std::string& x_title, const std::string& y_title) {
  text(o, f.left, f.top - 12, title, "start", kText, 14, " font-weight=\"bold\"");
  o << "<rect id=\"" << id << "\" x=\"" << n(f.left) << "\" y=\"" << n(f.top) << "\" width=\"" << n(f.width)
    << "\" height=\"" << n(f.height) << "\" fill=\"none\" stroke=\"#cccccc\" data-x-min=\"" << n(f.x0)
    << "\" data-x-max=\"" << n(f.x1) << "\"/>\n";
  double step = nice_step(f.y1, 5);
  for (double v = 0; v <= f.y1 * (1 + 1e-9); v += step) {
    double y = f.y(v);
    o << "<line x1=\"" << n(f.left) << "\" y1=\"" << n(y) << "\" x2=\"" << n(f.left + f.width) << "\" y2=\"" << n(y)
      << "\" stroke=\"" << kGrid << "\"/>\n";
    text(o, f.left - 6, y + 4, format::compact(v), "end", kDim, 11);
  }
  for (const auto& t : ticks) {
    double x = f.x(t.x);
    o << "<line x1=\"" << n(x) << "\" y1=\"" << n(f.top + f.height) << "\" x2=\"" << n(x) << "\" y2=\""
      << n(f.top + f.height + 4) << "\" stroke=\"#999999\"/>\n";
    text(o, x, f.top + f.height + 17, t.label, "middle", kDim, 11);
  }
  if (!x_title.empty()) text(o, f.left + f.width / 2, f.top + f.height + 36, x_title, "middle", kDim, 12);
  if (!y_title.empty())
    text(o, 0, 0, y_title, "middle", kDim, 12,
         " transform=\"translate(" + n(18) + "," + n(f.top + f.height / 2) + ") rotate(-90)\"");
}

std::string points(const Frame& f, const std::vector<std::pair<double, double>>& pts) {
  std::string s;
  for (const auto& [x, y] : pts) {
    if (!s.empty()) s += ' ';
    s += n(f.x(x));
    s += ',';
    s += n(f.y(y));
  }
  return s;
}

double max_y(const std::vector<std::pair<double, double>>& pts) {
  double m = 0;
  for (const auto& p : pts) m = std::max(m, p.second);
  return m;
}

void line_panel(std::ostringstream& o, const LinePanel& p) {
  double top = std::max({max_y(p.curve), max_y(p.quota), max_y(p.band_high)});
  Frame f{kLeft, kLineTop, kWidth - kLeft - kRight, kLineHeight, p.x_min, p.x_max, top > 0 ? top * 1.06 : 1};
  axes(o, f, "plot-line", p.title, p.x_ticks, p.x_title, p.y_title);
  const std::string quota = format::hex(format::kQuotaColor);
  if (!p.band_low.empty() && p.band_low.size() == p.band_high.size()) {
    std::vector<std::pair<double, double>> ring = p.band_high;
    ring.insert(ring.end(), p.band_low.rbegin(), p.band_low.rend());
    o << "<polygon id=\"band\" points=\"" << points(f, ring) << "\" fill=\"#4e79a7\" fill-opacity=\"0.18\" stroke=\"none\"/>\n";
  }
  if (!p.quota.empty())
    o << "<polyline id=\"quota-line\" class=\"quota-line\" points=\"" << points(f, p.quota) << "\" fill=\"none\" stroke=\""
      << quota << "\" stroke-width=\"2\" stroke-dasharray=\"7 5\"/>\n";
  o << "<polyline id=\"curve\" points=\"" << points(f, p.curve) << "\" fill=\"none\" stroke=\"#222222\" stroke-width=\"2\"/>\n";
  if (!p.quota.empty() && !p.quota_label.empty()) {
    auto [qx, qy] = p.quota.back();
    text(o, f.x(qx) - 4, f.y(qy) - 6, p.quota_label, "end", quota, 12, " class=\"quota-label\"");
  }
  if (p.exhausted_x) {
    double x = f.x(*p.exhausted_x);
    o << "<line id=\"exhaustion\" class=\"exhaustion\" x1=\"" << n(x) << "\" y1=\"" << n(f.top) << "\" x2=\"" << n(x)
      << "\" y2=\"" << n(f.top + f.height) << "\" stroke=\"" << quota << "\" stroke-width=\"2\" data-x=\"" << n(*p.exhausted_x)
      << "\"/>\n";
    // The label on the side with room: left of the line when it is in the right third.
    bool left = x > f.left + f.width * 2 / 3;
    text(o, left ? x - 6 : x + 6, f.top + 16, p.exhausted_label, left ? "end" : "start", quota, 12,
         " id=\"exhaustion-label\" class=\"exhaustion\"");
  }
}

void bar_panel(std::ostringstream& o, const BarPanel& p) {
  double top = p.quota.value_or(0);
  for (const auto& bar : p.values) {
    double s = 0;
    for (double v : bar) s += std::max(0.0, v);
    top = std::max(top, s);
  }
  Frame f{kLeft, kBarsTop, kWidth - kLeft - kRight, kBarsHeight, 0, std::max<double>(1, static_cast<double>(p.values.size())),
          top > 0 ? top * 1.08 : 1};
  axes(o, f, "plot-bars", p.title, p.x_ticks, p.x_title, p.y_title);
  double bw = f.width / f.x1;
  double pad = std::min(bw * 0.12, 3.0);
  for (std::size_t i = 0; i < p.values.size(); ++i) {
    double base = 0;
    for (std::size_t l = 0; l < p.values[i].size() && l < p.layers.size(); ++l) {
      double v = p.values[i][l];
      if (!(v > 0)) continue;
      double y0 = f.y(base), y1 = f.y(base + v);
      o << "<rect class=\"bar\" data-layer=\"" << esc(p.layers[l]) << "\" x=\"" << n(f.x(static_cast<double>(i)) + pad)
        << "\" y=\"" << n(y1) << "\" width=\"" << n(std::max(0.5, bw - 2 * pad)) << "\" height=\"" << n(y0 - y1)
        << "\" fill=\"" << format::hex(format::component_color(p.layers[l])) << "\"/>\n";
      base += v;
    }
  }
  if (p.quota)
    o << "<line class=\"quota-line\" x1=\"" << n(f.left) << "\" y1=\"" << n(f.y(*p.quota)) << "\" x2=\"" << n(f.left + f.width)
      << "\" y2=\"" << n(f.y(*p.quota)) << "\" stroke=\"" << format::hex(format::kQuotaColor)
      << "\" stroke-width=\"2\" stroke-dasharray=\"7 5\"/>\n";
}

void legend(std::ostringstream& o, const Chart& c) {
  o << "<g id=\"legend\" class=\"legend\">\n";
  double x = kLeft, y = kLegendY;
  auto item = [&](const std::string& swatch, const std::string& label) {
    double w = 30 + 7.0 * static_cast<double>(label.size());
    if (x + w > kWidth - kRight) {
      x = kLeft;
      y += 20;
    }
    o << swatch;
    text(o, x + 20, y + 4, label, "start", kText, 12);
    x += w;
  };
  for (const auto& l : c.bars.layers) {
    std::string sw = "<rect x=\"" + n(x) + "\" y=\"" + n(y - 6) + "\" width=\"14\" height=\"12\" fill=\"" +
                     format::hex(format::component_color(l)) + "\"/>\n";
    item(sw, l);
  }
  if (!c.line.curve_label.empty()) {
    std::string sw = "<line x1=\"" + n(x) + "\" y1=\"" + n(y) + "\" x2=\"" + n(x + 14) + "\" y2=\"" + n(y) +
                     "\" stroke=\"#222222\" stroke-width=\"2\"/>\n";
    item(sw, c.line.curve_label);
  }
  if (!c.line.quota.empty()) {
    std::string sw = "<line x1=\"" + n(x) + "\" y1=\"" + n(y) + "\" x2=\"" + n(x + 14) + "\" y2=\"" + n(y) + "\" stroke=\"" +
                     format::hex(format::kQuotaColor) + "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n";
    item(sw, "quota");
  }
  o << "</g>\n";
}

}  // namespace

double nice_step(double max, int ticks) {
  if (!(max > 0) || ticks < 1) return 1;
  double raw = max / ticks;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

std::string render_svg(const Chart& c) {
  std::ostringstream body;
  text(body, kLeft, 30, c.title, "start", kText, 18, " font-weight=\"bold\"");
  if (!c.subtitle.empty()) text(body, kLeft, 52, c.subtitle, "start", kDim, 13);
  line_panel(body, c.line);
  bar_panel(body, c.bars);
  legend(body, c);
  double y = kLegendY + 34;
  for (const auto& note : c.notes) {
    text(body, kLeft, y, note, "start", kDim, 12, " class=\"note\"");
    y += 18;
  }
  double height = y + 8;
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << n(kWidth) << "\" height=\"" << n(height)
    << "\" viewBox=\"0 0 " << n(kWidth) << " " << n(height) << "\" font-family=\"Helvetica, Arial, sans-serif\">\n"
    << "<title>" << esc(c.title) << "</title>\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    << body.str() << "</svg>\n";
  return o.str();
}

}  // namespace core::chart
