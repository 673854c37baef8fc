// The colours of components and of the quota, shared by the browser app's charts (web/panels) and
// the CLI's SVG charts (core/chart), so a component looks the same in both.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace core::format {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

// Tableau 10: distinct on dark and light backgrounds and for common colour-vision deficiencies.
inline constexpr Rgb kComponentPalette[] = {{0x4E, 0x79, 0xA7}, {0xF2, 0x8E, 0x2B}, {0xE1, 0x57, 0x59}, {0x76, 0xB7, 0xB2},
                                            {0x59, 0xA1, 0x4F}, {0xED, 0xC9, 0x48}, {0xB0, 0x7A, 0xA1}, {0xFF, 0x9D, 0xA7},
                                            {0x9C, 0x75, 0x5F}, {0xBA, 0xB0, 0xAC}};
// The quota line and the moment it runs out.
inline constexpr Rgb kQuotaColor{255, 110, 100};

// By name, not position: a component keeps its colour when another is added, removed or moved.
inline Rgb component_color(std::string_view name) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char ch : name) h = (h ^ ch) * 16777619u;
  return kComponentPalette[h % (sizeof kComponentPalette / sizeof kComponentPalette[0])];
}

// "#4e79a7", for SVG and CSS.
inline std::string hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

}  // namespace core::format
