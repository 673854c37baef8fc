// Charts as plain SVG (no dependency), readable in a pull request and in a browser: a line panel
// (a cumulative curve against a quota line, the moment it runs out marked by a vertical line and a
// label) above a bar panel (bars stacked by layer, e.g. billable commands per day by component).
// Colours come from core/format/palette.hpp, as in the browser app; axis labels from core/format.
//
// Elements tests and tools can find: the <title>; `#plot-line` and `#plot-bars` (the plot areas,
// with data-x-min/data-x-max giving the x range they span); `#curve`, `#quota-line` (class
// quota-line), `#exhaustion` (a <line>, class exhaustion, with data-x) and its label; one `bar`
// rect per layer and bar; the `legend`.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace core::chart {

struct Tick {
  double x = 0;
  std::string label;
};

struct LinePanel {
  std::string title, x_title, y_title;
  double x_min = 0, x_max = 1;
  std::vector<Tick> x_ticks;
  std::vector<std::pair<double, double>> curve;  // (x, y), increasing x
  std::string curve_label;
  // An interval around the curve (e.g. a 95 % interval), drawn as a light band; empty = none.
  std::vector<std::pair<double, double>> band_low, band_high;
  std::vector<std::pair<double, double>> quota;  // the quota as a line (flat, or rising for daily quotas); empty = none
  std::string quota_label;
  std::optional<double> exhausted_x;
  std::string exhausted_label;
};

struct BarPanel {
  std::string title, x_title, y_title;
  std::vector<std::string> layers;            // names: the colour key and the legend
  std::vector<std::vector<double>> values;    // [bar][layer], bar i spans [i, i + 1]
  std::vector<Tick> x_ticks;                  // x in bars (i + 0.5 is the middle of bar i)
  std::optional<double> quota;                // a flat line (a daily quota over daily bars)
};

struct Chart {
  std::string title;     // also the SVG's <title>
  std::string subtitle;  // one line under it
  LinePanel line;
  BarPanel bars;
  std::vector<std::string> notes;  // lines under the chart
};

std::string render_svg(const Chart& c);

// Round steps for an axis from 0 to `max` (1, 2, 2.5, 5 x 10^k), at most about `ticks` of them.
double nice_step(double max, int ticks);

}  // namespace core::chart
