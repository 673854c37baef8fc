// How the app is shown: the canvas's size in CSS and device pixels, the font (DejaVu Sans, embedded
// at build time, with the glyph ranges the UI prints) rasterised at device pixels and the UI laid out
// in CSS pixels, the font-size setting, and where probed widgets are on the page (for the JS hook).
// ImGui state only; the page's part is in platform_web.cpp.
#pragma once
#include <map>
#include <string>

#include "imgui.h"

namespace web {

struct View {
  float css_w = 1280, css_h = 800;  // the window's inner size in CSS pixels (what ImGui lays out)
  float dpr = 1;                    // device pixels per CSS pixel (window.devicePixelRatio)
  int fb_w = 1280, fb_h = 800;      // the canvas's backing store in device pixels
  float font_px = 15;               // the font-size setting, in CSS pixels
  float built_px = 0, built_dpr = 0;  // what the atlas was last built for
  // Named widget rectangles of the last frame, in CSS pixels relative to the page (probe()).
  std::map<std::string, ImVec4> probes;
  // Named scroll positions of the last frame: {scroll y, max scroll y}.
  std::map<std::string, ImVec2> scrolls;
  std::map<std::string, std::string> texts;  // named strings the last frame showed (summary state)
};

View& view();

// Before ImGui::NewFrame: rebuilds the font atlas when the font size or the device pixel ratio
// changed. Returns true when it did (the renderer's font texture must then be recreated).
bool rebuild_fonts_if_needed();
// After the platform backend's NewFrame: display size in CSS pixels, framebuffer scale, mouse in CSS
// pixels (the browser reports it in canvas pixels).
void apply_view_to_io();

// Records the last item's rectangle (or the current window's scroll) under a name, for the hook.
void probe(const std::string& name);
void probe_scroll(const std::string& name);
void probe_text(const std::string& name, const std::string& text);

// Input the page hands over (index.html): a wheel delta already normalised to ImGui's units, and a
// paste whose text has arrived (the app then presses Ctrl+V, or Cmd+V, for one frame).
void add_wheel(float x, float y);
void queue_paste();
void apply_pending_input();  // after the platform backend's NewFrame

// Font-size setting, kept in localStorage.
constexpr float kMinFontPx = 11, kMaxFontPx = 24, kDefaultFontPx = 15;
void set_font_px(float px);

}  // namespace web
