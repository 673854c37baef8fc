// A projection as a chart (core/chart/svg_chart.hpp): cumulative billable commands over the period
// against the plan's quota, the moment it runs out, and billable commands per day stacked by
// component, as the browser app's charts draw them.
#pragma once
#include "core/chart/svg_chart.hpp"
#include "core/projection/projection.hpp"

namespace core::chart {

// x is in days since the period's start (local midnight), so the exhaustion line sits at
// (exhausted_at - start) / (end - start) of the plot's width.
Chart projection_chart(const Projection& p);

}  // namespace core::chart
