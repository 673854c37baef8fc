// Small shared helpers for panels: local times, component colours, error text.
#pragma once
#include <cstdint>
#include <string>

#include "core/format/format.hpp"
#include "imgui.h"
#include "sim/time.hpp"
#include "sim/tz.hpp"

namespace web {

// Numbers are formatted by the core, as in every text output: fmt::grouped, fmt::compact, fmt::usd,
// fmt::percent, fmt::duration, fmt::bytes.
namespace fmt = core::format;
std::string fmt_local(sim::Time utc, const sim::TimeZone& zone);  // 2026-01-12 14:03 CET

ImU32 component_color(const std::string& name, float alpha = 1.0f);  // from the name's hash
void color_swatch(const std::string& name);  // a small filled square in the component's colour, then SameLine
void error_text(const std::string& text);  // red, wrapped
void help_marker(const char* text);        // (?) with a tooltip

inline const ImVec4 kErrorColor{1.0f, 0.42f, 0.38f, 1.0f};
inline const ImVec4 kOkColor{0.45f, 0.85f, 0.50f, 1.0f};
inline const ImVec4 kDimColor{0.62f, 0.64f, 0.68f, 1.0f};
inline const ImVec4 kStaleColor{0.50f, 0.52f, 0.55f, 1.0f};  // figures of an earlier, valid edit

}  // namespace web
