// SVG charts: the quota line, the exhaustion instant at its x position, bars in the web app's
// component colours, and text escaped.
#include <catch2/catch.hpp>

#include <regex>

#include "core/chart/projection_chart.hpp"
#include "core/chart/svg_chart.hpp"
#include "core/format/palette.hpp"
#include "core/projection/projection.hpp"

namespace {

// The value of attribute `attr` in the first element carrying id="`id`".
double attr_of(const std::string& svg, const std::string& id, const std::string& attr) {
  auto at = svg.find("id=\"" + id + "\"");
  REQUIRE(at != std::string::npos);
  auto open = svg.rfind('<', at), close = svg.find('>', at);
  std::string el = svg.substr(open, close - open);
  std::smatch m;
  REQUIRE(std::regex_search(el, m, std::regex(" " + attr + "=\"([-0-9.]+)\"")));
  return std::stod(m[1]);
}

}  // namespace

TEST_CASE("the projection chart marks the exhaustion instant where the projection says", "[chart]") {
  // Seed 002 as deployed: 16 commands a minute, 23,040 billable a day, 691,200 in 30 days, so the
  // free 500K runs out 500,000 / 23,040 = 21.70 days in.
  core::Scenario s = core::load_scenario_file(std::string(REDCAST_SOURCE_DIR) + "/scenarios/seed-002/current.json");
  core::Projection p = core::project(s);
  REQUIRE(p.billable == 691200);
  REQUIRE(p.exhausted_at);
  std::string svg = core::chart::render_svg(core::chart::projection_chart(p));
  CHECK(svg.find("<title>merchant-hub-current: billable commands against the upstash-free quota</title>") != std::string::npos);
  CHECK(svg.find("class=\"quota-line\"") != std::string::npos);
  double frac = static_cast<double>(*p.exhausted_at - p.start) / static_cast<double>(p.end - p.start);
  CHECK(frac == Approx(500000.0 / 691200.0).epsilon(1e-4));
  double left = attr_of(svg, "plot-line", "x"), width = attr_of(svg, "plot-line", "width");
  CHECK(attr_of(svg, "exhaustion", "x1") == Approx(left + width * frac).margin(0.01));
  CHECK(attr_of(svg, "exhaustion", "x2") == attr_of(svg, "exhaustion", "x1"));
  CHECK(attr_of(svg, "exhaustion", "data-x") == Approx(frac * 30).margin(0.005));
  // 500,000 / 16 = 31,250 polls, one a minute from 2026-01-05 00:00 Berlin time: the last one at
  // minute 31,249 = 21 days 16:49.
  CHECK(svg.find(">exhausted 2026-01-26 16:49 CET</text>") != std::string::npos);
  // The flat monthly quota line sits at 500K on the plot's y scale (top = max(691,200, 500K) x 1.06).
  double top = attr_of(svg, "plot-line", "y"), height = attr_of(svg, "plot-line", "height");
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, std::regex("id=\"quota-line\" class=\"quota-line\" points=\"([-0-9.]+),([-0-9.]+) ([-0-9.]+),([-0-9.]+)\"")));
  CHECK(std::stod(m[1]) == Approx(left));
  CHECK(std::stod(m[3]) == Approx(left + width));
  CHECK(std::stod(m[2]) == Approx(top + height - 500000.0 / (691200 * 1.06) * height).margin(0.01));
  CHECK(std::stod(m[4]) == std::stod(m[2]));
  // One bar per day for the single component, in the palette's colour for its name.
  std::string fill = core::format::hex(core::format::component_color("cron-poll"));
  std::size_t bars = 0;
  for (auto at = svg.find("class=\"bar\""); at != std::string::npos; at = svg.find("class=\"bar\"", at + 1)) ++bars;
  CHECK(bars == 30);
  CHECK(svg.find("fill=\"" + fill + "\"") != std::string::npos);
}

TEST_CASE("the component palette is the web app's Tableau 10, by name", "[chart]") {
  // FNV-1a of "cron-poll" picks the slot; the colours are Tableau 10's.
  CHECK(core::format::hex(core::format::kComponentPalette[0]) == "#4e79a7");
  CHECK(core::format::hex(core::format::kComponentPalette[9]) == "#bab0ac");
  CHECK(core::format::hex(core::format::component_color("a")) == core::format::hex(core::format::component_color("a")));
  // "a" = 0x61: (2166136261 ^ 0x61) * 16777619 mod 2^32 = 0xe40c292c = 3826002220, slot 0.
  CHECK(core::format::hex(core::format::component_color("a")) == "#4e79a7");
}

TEST_CASE("chart text is escaped and a chart without a quota has no quota line", "[chart]") {
  core::chart::Chart c;
  c.title = "a <b> & \"c\"";
  c.line.curve = {{0, 0}, {1, 10}};
  c.bars.layers = {"x&y"};
  c.bars.values = {{5}};
  std::string svg = core::chart::render_svg(c);
  CHECK(svg.find("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>") != std::string::npos);
  CHECK(svg.find("data-layer=\"x&amp;y\"") != std::string::npos);
  CHECK(svg.find("quota-line") == std::string::npos);
  CHECK(svg.find("id=\"exhaustion\"") == std::string::npos);
}
