// One panel per file, each a function of the app's state (immediate mode: the panel owns no data
// that App does not). Recommendation and calibration add a panel_<name>.cpp and a line in tabs().
#pragma once
#include <vector>

#include "web/app.hpp"

namespace web {

void menu_file(App& app);       // panel_share.cpp: open, export as JSON, share link
void panel_library(App& app);   // panel_library.cpp: the shipped scenarios
void panel_scenario(App& app);  // panel_scenario.cpp: every knob of every component, validated in place
void panel_summary(App& app);   // panel_summary.cpp: billable vs quota, exhaustion, cost, keys
void panel_charts(App& app);    // panel_charts.cpp: cumulative vs quota, daily bars, hour of day
void panel_tables(App& app);    // panel_tables.cpp: per component and per command
void panel_replay(App& app);    // panel_replay.cpp: an uploaded MONITOR capture
void panel_recommend(App& app); // panel_recommend.cpp: ranked levers, each with Apply
void panel_calibrate(App& app); // calibrate.cpp: the open capture turned into a scenario
void panel_welcome(App& app);   // welcome.cpp: the first screen (what this is, three ways to start)
void menu_view(App& app);       // ui.cpp: font size

// The tabs on the right, in order.
struct Tab {
  const char* title;
  void (*draw)(App& app);
  bool scenario_view;  // headed by the scenario's summary (not the Replay tab: a capture's numbers)
};
const std::vector<Tab>& tabs();

}  // namespace web
