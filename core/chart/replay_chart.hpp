// A replayed capture as a chart (core/chart/svg_chart.hpp): the billing month estimated from the
// capture's steady rate (with its 95 % interval) against the plan's quota and the day it runs out,
// and the capture's own billable (and free) commands per minute.
#pragma once
#include "core/chart/svg_chart.hpp"
#include "core/replay/report.hpp"

namespace core::chart {

// The line panel's x is in days of a billing month; the bars are the capture's series bins.
Chart replay_chart(const replay::ReplayReport& r);

}  // namespace core::chart
