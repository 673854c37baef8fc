#include "web/view.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdlib>
#include <cmath>
#include <cstddef>
#include <string>

#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>

#include "imgui_impl_opengl3.h"
#include "web/platform.hpp"
#include "web/ui.hpp"

// The UI font, embedded at build time from the installed Debian package (web/CMakeLists.txt).
extern const unsigned char redcast_font_ttf[];
extern const std::size_t redcast_font_ttf_size;

namespace web {

namespace {

constexpr const char* kFontKey = "redcast.fontSize";
int g_paste_frames = 0;  // 2: press V this frame, 1: release it, 0: idle

// What the UI and the core's messages print: Latin-1 (· ± § ×), general punctuation (– — … ′),
// arrows (→ ↑ ↓), mathematical operators (≤ ≥ ≈ −), geometric shapes (▲ ▼ ●) and check marks.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 Supplement
    0x2000, 0x206F,  // General Punctuation
    0x2190, 0x21FF,  // Arrows
    0x2200, 0x22FF,  // Mathematical Operators
    0x25A0, 0x25FF,  // Geometric Shapes
    0x2713, 0x2717,  // check marks and crosses
    0,
};

}  // namespace

View& view() {
  static View v = [] {
    View x;
    std::string kept = platform::storage_get(kFontKey);
    if (!kept.empty()) {
      float px = std::strtof(kept.c_str(), nullptr);
      if (px >= kMinFontPx && px <= kMaxFontPx) x.font_px = px;
    }
    return x;
  }();
  return v;
}

void set_font_px(float px) {
  px = std::clamp(std::round(px), kMinFontPx, kMaxFontPx);
  if (px == view().font_px) return;
  view().font_px = px;
  platform::storage_set(kFontKey, std::to_string(static_cast<int>(px)));
}

bool rebuild_fonts_if_needed() {
  View& v = view();
  platform::canvas_size(v.css_w, v.css_h, v.dpr, v.fb_w, v.fb_h);
  if (v.built_px == v.font_px && v.built_dpr == v.dpr) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // static data
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  // Rasterised at device pixels, drawn at CSS size: sharp at any devicePixelRatio.
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(redcast_font_ttf), static_cast<int>(redcast_font_ttf_size),
                                 v.font_px * v.dpr, &cfg, kGlyphRanges);
  io.Fonts->Build();
  io.FontGlobalScale = 1.0f / v.dpr;
  apply_style();
  ImGui::GetStyle().ScaleAllSizes(v.font_px / kDefaultFontPx);
  bool had = v.built_px != 0;
  v.built_px = v.font_px;
  v.built_dpr = v.dpr;
  if (had) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  return true;
}

void apply_view_to_io() {
  View& v = view();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(v.css_w, v.css_h);
  io.DisplayFramebufferScale = ImVec2(v.dpr, v.dpr);
  // The browser reports the pointer in canvas (device) pixels; ImGui lays out in CSS pixels.
  if (io.MousePos.x > -FLT_MAX / 2 && v.fb_w > 0 && v.fb_h > 0) {
    io.MousePos.x *= v.css_w / static_cast<float>(v.fb_w);
    io.MousePos.y *= v.css_h / static_cast<float>(v.fb_h);
  }
  v.probes.clear();
  v.scrolls.clear();
  v.texts.clear();
}

void add_wheel(float x, float y) {
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheelH += x;
  io.MouseWheel += y;
}

void queue_paste() { g_paste_frames = 2; }

void apply_pending_input() {
  if (g_paste_frames == 0) return;
  ImGuiIO& io = ImGui::GetIO();
  if (g_paste_frames == 2) {
    io.KeysDown[GLFW_KEY_V] = true;
    if (io.ConfigMacOSXBehaviors) io.KeySuper = true, io.KeyCtrl = false;
    else io.KeyCtrl = true, io.KeySuper = false;
  } else {
    io.KeysDown[GLFW_KEY_V] = false;
    io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
    io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
  }
  --g_paste_frames;
}

void probe(const std::string& name) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  view().probes[name] = ImVec4(a.x, a.y, b.x - a.x, b.y - a.y);
}

void probe_scroll(const std::string& name) { view().scrolls[name] = ImVec2(ImGui::GetScrollY(), ImGui::GetScrollMaxY()); }

void probe_text(const std::string& name, const std::string& text) { view().texts[name] = text; }

}  // namespace web
