// The browser glue, all of it: the platform functions the app calls (DOM, localStorage, URL,
// downloads), and the C entry points the page calls (web/index.html: the file picker and drops
// streaming files in, the share-link listener, and the window.redcast test hook).
#include <emscripten.h>
#include <emscripten/html5.h>

#include <ctime>
#include <string>
#include <vector>

#include "core/replay/analyzer.hpp"
#include "core/replay/format.hpp"
#include "web/app.hpp"
#include "web/platform.hpp"
#include "web/view.hpp"

// ---------------------------------------------------------------------------------------------
// App -> page

// Strings handed back to C++ are malloc'd UTF-8; the caller frees them.
EM_JS(char*, js_string_result, (const char* which, const char* arg), {
  var key = UTF8ToString(which);
  var value = "";
  try {
    if (key === "storage") value = window.localStorage.getItem(UTF8ToString(arg)) || "";
    else if (key === "fragment") value = window.location.hash.replace(/^#/, "");
    else if (key === "base") value = window.location.href.replace(/#.*$/, "");
  } catch (e) {
    value = "";
  }
  var size = lengthBytesUTF8(value) + 1;
  var ptr = _malloc(size);
  stringToUTF8(value, ptr, size);
  return ptr;
});

EM_JS(void, js_pick_file, (int kind), {
  var input = document.getElementById(kind === 1 ? "open-capture" : "open-scenario");
  if (input) input.click();
});

EM_JS(void, js_download, (const char* name, const char* text, const char* mime), {
  var blob = new Blob([UTF8ToString(text)], {type: UTF8ToString(mime)});
  var a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});

// Reads the WebGL canvas right after the frame was drawn (the same task: the drawing buffer is
// still the frame's) into a 2D canvas cut to the region, then downloads it.
EM_JS(void, js_save_png, (const char* name, float x, float y, float w, float h), {
  var file = UTF8ToString(name);
  var c = Module.canvas;
  var k = c.width / (window.innerWidth || c.width);
  var out = document.createElement("canvas");
  out.width = Math.max(1, Math.round(w * k));
  out.height = Math.max(1, Math.round(h * k));
  out.getContext("2d").drawImage(c, x * k, y * k, w * k, h * k, 0, 0, out.width, out.height);
  out.toBlob(function(blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = file;
    document.body.appendChild(a);
    a.click();
    setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }, "image/png");
});

EM_JS(void, js_storage_set, (const char* key, const char* value), {
  try {
    window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value));
  } catch (e) {
    // Private mode or a full quota: the app keeps working, it just does not remember.
  }
});

EM_JS(void, js_set_fragment, (const char* fragment), {
  var f = UTF8ToString(fragment);
  if (window.redcast) window.redcast._ownFragment = f;
  // An empty fragment removes the '#' too: the address bar then holds the plain page URL.
  history.replaceState(history.state, "", f ? "#" + f : location.pathname + location.search);
});

EM_JS(void, js_copy, (const char* text), {
  var t = UTF8ToString(text);
  if (window.redcast) window.redcast.lastCopied = t;
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(t).catch(function() {});
});

EM_JS(int, js_is_mac, (), {
  return /Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent || "") ? 1 : 0;
});

// The canvas's backing store follows the window at device pixels; its CSS size is the window's
// (index.html: 100vw x 100vh). Never through glfwSetWindowSize: Emscripten's GLFW turns a size
// equal to the screen's into a fullscreen request, which the browser refuses outside a click.
EM_JS(void, js_canvas_size, (float* out), {
  var c = Module.canvas;
  var dpr = window.devicePixelRatio || 1;
  var w = window.innerWidth || 1, h = window.innerHeight || 1;
  var pw = Math.max(1, Math.round(w * dpr)), ph = Math.max(1, Math.round(h * dpr));
  if (c.width !== pw) c.width = pw;
  if (c.height !== ph) c.height = ph;
  HEAPF32[(out >> 2) + 0] = w;
  HEAPF32[(out >> 2) + 1] = h;
  HEAPF32[(out >> 2) + 2] = dpr;
  HEAPF32[(out >> 2) + 3] = pw;
  HEAPF32[(out >> 2) + 4] = ph;
});

// Keys whose keyup the browser never sends (macOS drops keyups while Cmd is held) are released with
// Cmd: the page calls this on Meta's keyup (index.html). GLFW's blur handler releases every key.
EM_JS(void, js_install_key_release, (), {
  Module.redcastReleaseKeys = function() {
    if (typeof GLFW !== "undefined" && GLFW.onBlur) GLFW.onBlur();
  };
});

EM_JS(void, js_notify, (const char* what), {
  var w = UTF8ToString(what);
  if (w === "ready" && Module.redcastReady) Module.redcastReady();
  if (w === "first-frame" && Module.redcastFirstFrame) Module.redcastFirstFrame();
});

namespace web::platform {

namespace {
std::string take(char* p) {
  std::string s = p ? p : "";
  free(p);
  return s;
}
}  // namespace

void pick_file(FileKind kind) { js_pick_file(static_cast<int>(kind)); }
void download(const std::string& filename, const std::string& text, const std::string& mime) {
  js_download(filename.c_str(), text.c_str(), mime.c_str());
}
namespace {
struct PngRequest {
  std::string name;
  float x, y, w, h;
};
std::vector<PngRequest> g_png_requests;
}  // namespace
void save_png(const std::string& filename, float x, float y, float w, float h) {
  g_png_requests.push_back({filename, x, y, w, h});
}
void flush_frame_requests() {
  for (const auto& r : g_png_requests) js_save_png(r.name.c_str(), r.x, r.y, r.w, r.h);
  g_png_requests.clear();
}
std::string storage_get(const std::string& key) { return take(js_string_result("storage", key.c_str())); }
void storage_set(const std::string& key, const std::string& value) { js_storage_set(key.c_str(), value.c_str()); }
std::string url_fragment() { return take(js_string_result("fragment", "")); }
std::string url_without_fragment() { return take(js_string_result("base", "")); }
void set_url_fragment(const std::string& fragment) { js_set_fragment(fragment.c_str()); }
void clear_url_fragment() { js_set_fragment(""); }

namespace {
std::string g_clipboard;  // last pasted in from the page, or last copied by the app
}
void copy_to_clipboard(const std::string& text) {
  g_clipboard = text;
  js_copy(text.c_str());
}
const std::string& clipboard_text() { return g_clipboard; }
void set_pasted_text(const std::string& text);
void set_pasted_text(const std::string& text) { g_clipboard = text; }
bool is_mac() { return js_is_mac() != 0; }
double now_ms() { return emscripten_get_now(); }
sim::CivilDate today() { return core::replay::date_of(static_cast<sim::Time>(std::time(nullptr)) * sim::kSecond); }
double now_epoch_ms() { return emscripten_date_now(); }
void canvas_size(float& css_w, float& css_h, float& dpr, int& px_w, int& px_h) {
  static bool installed = false;
  if (!installed) {
    js_install_key_release();
    installed = true;
  }
  float out[5] = {0, 0, 1, 0, 0};
  js_canvas_size(out);
  css_w = out[0];
  css_h = out[1];
  dpr = out[2] > 0 ? out[2] : 1;
  px_w = static_cast<int>(out[3]);
  px_h = static_cast<int>(out[4]);
}
void notify_ready() { js_notify("ready"); }
void notify_first_frame() { js_notify("first-frame"); }

}  // namespace web::platform

// ---------------------------------------------------------------------------------------------
// Page -> app. Strings returned to the page stay valid until the next call of the same function.

namespace {
std::string g_result;
const char* result(std::string s) {
  g_result = std::move(s);
  return g_result.c_str();
}
// Never throws on bytes that are not UTF-8 (an error message may quote a broken file): replaced.
std::string dump(const web::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, web::json::error_handler_t::replace);
}
const char* errors_result(const std::vector<std::string>& errors) { return result(dump(web::json(errors))); }
}  // namespace

extern "C" {

// window.redcast.load(text[, name]): loads a scenario; a JSON array of error strings ([] on success).
EMSCRIPTEN_KEEPALIVE const char* redcast_load(const char* text, const char* name) {
  std::string file = name && *name ? name : "loaded.json";
  return errors_result(web::app().load_text(text ? text : "", file));
}

// window.redcast.set(pointer, value): value is JSON text; null removes the field. Errors as above.
EMSCRIPTEN_KEEPALIVE const char* redcast_set(const char* pointer, const char* value_json) {
  web::json value = web::json::parse(value_json ? value_json : "null", nullptr, false);
  if (value.is_discarded()) return errors_result({std::string("set: the value is not JSON: ") + value_json});
  return errors_result(web::app().set(pointer ? pointer : "", value));
}

// window.redcast.projection(): the CLI's JSON contract, exactly as `redcast project --format json`
// prints it; "null" while the scenario does not validate.
EMSCRIPTEN_KEEPALIVE const char* redcast_projection() {
  const auto& j = web::app().projection_json();
  return result(j.is_null() ? "null" : dump(j, 2) + "\n");
}

EMSCRIPTEN_KEEPALIVE const char* redcast_scenario() { return result(dump(web::app().doc)); }
EMSCRIPTEN_KEEPALIVE const char* redcast_errors() { return errors_result(web::app().error_texts()); }
EMSCRIPTEN_KEEPALIVE double redcast_timing() { return web::app().reprojection_ms; }

// Export and share, as the File menu does them.
EMSCRIPTEN_KEEPALIVE void redcast_export() {
  web::platform::download(web::app().export_name(), web::app().export_text(), "application/json");
}
EMSCRIPTEN_KEEPALIVE const char* redcast_share_link() { return result(web::app().share_link()); }

// The capture's state and, when replayed, the CLI's JSON for `redcast replay` and `redcast audit`.
EMSCRIPTEN_KEEPALIVE const char* redcast_capture() {
  const auto& c = web::app().capture;
  web::json j = {{"name", c.name},         {"size", c.size},       {"received", c.received},
                 {"lines", c.lines},       {"done", c.done},       {"reading", c.reading},
                 {"error", c.error},       {"compressed", c.compressed},
                 {"ms", c.reading ? 0.0 : c.finished_ms - c.started_ms},
                 {"replay", c.replay_json}, {"audit", c.audit_json}};
  return result(core::replay::dump_json(j));
}

// Files from the picker or a drop, streamed in chunks (web/index.html, streamFile).
EMSCRIPTEN_KEEPALIVE void redcast_open_begin(int kind, const char* name, double size, int compressed) {
  web::app().open_begin(kind == 1   ? web::platform::FileKind::Capture
                        : kind == 2 ? web::platform::FileKind::CommandStats
                                    : web::platform::FileKind::Scenario,
                        name ? name : "", static_cast<std::uint64_t>(size), compressed != 0);
}
EMSCRIPTEN_KEEPALIVE void redcast_open_chunk(const char* data, int size) {
  web::app().open_chunk(data, static_cast<std::size_t>(size));
}
EMSCRIPTEN_KEEPALIVE void redcast_open_end(const char* error) { web::app().open_end(error ? error : ""); }

// window.redcast.commandstats(): a dropped INFO commandstats file and its rates (the CLI's JSON of
// `redcast commandstats --format json`), or why there are none.
EMSCRIPTEN_KEEPALIVE const char* redcast_commandstats() {
  const auto& c = web::app().commandstats;
  web::json j = {{"name", c.name}, {"elapsed", c.elapsed}, {"error", c.error}, {"rates", c.rates_json}};
  return result(dump(j));
}
EMSCRIPTEN_KEEPALIVE void redcast_commandstats_elapsed(const char* elapsed) {
  web::app().commandstats.elapsed = elapsed ? elapsed : "";
  web::app().commandstats.analyse();
}

EMSCRIPTEN_KEEPALIVE void redcast_fragment_changed() { web::app().fragment_changed(); }

// Input the page normalises or fetches itself (index.html): the wheel in ImGui's units, and a
// paste's text (the app presses Ctrl+V, or Cmd+V, for a frame once it is here).
EMSCRIPTEN_KEEPALIVE void redcast_wheel(double x, double y) {
  web::add_wheel(static_cast<float>(x), static_cast<float>(y));
}
EMSCRIPTEN_KEEPALIVE void redcast_paste(const char* text) {
  web::platform::set_pasted_text(text ? text : "");
  web::queue_paste();
}

// window.redcast.ui(): how the last frame was shown (sizes, font, where probed widgets were).
EMSCRIPTEN_KEEPALIVE const char* redcast_ui() {
  const web::View& v = web::view();
  web::json probes = web::json::object(), scrolls = web::json::object();
  for (const auto& [name, r] : v.probes) probes[name] = {r.x, r.y, r.z, r.w};
  for (const auto& [name, s] : v.scrolls) scrolls[name] = {{"y", s.x}, {"max", s.y}};
  web::json j = {{"css", {v.css_w, v.css_h}},       {"dpr", v.dpr},
                 {"canvas", {v.fb_w, v.fb_h}},      {"fontPx", v.font_px},
                 {"display", {ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y}},
                 {"framebufferScale", ImGui::GetIO().DisplayFramebufferScale.x},
                 {"atlasPx", ImGui::GetIO().Fonts->Fonts.empty() ? 0.0f : ImGui::GetIO().Fonts->Fonts[0]->FontSize},
                 {"probes", probes},                {"scrolls", scrolls},
                 {"texts", v.texts},                {"mac", ImGui::GetIO().ConfigMacOSXBehaviors}};
  return result(dump(j));
}
// window.redcast.hasGlyph(codepoint): the UI font draws it (not the fallback '?').
EMSCRIPTEN_KEEPALIVE int redcast_has_glyph(int codepoint) {
  ImFont* f = ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
  return f && codepoint > 0 && codepoint < 0x10000 && f->FindGlyphNoFallback(static_cast<ImWchar>(codepoint)) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE const char* redcast_undo() {
  web::app().undo();
  return errors_result(web::app().error_texts());
}
EMSCRIPTEN_KEEPALIVE const char* redcast_redo() {
  web::app().redo();
  return errors_result(web::app().error_texts());
}
EMSCRIPTEN_KEEPALIVE void redcast_set_font_size(double px) { web::set_font_px(static_cast<float>(px)); }

}  // extern "C"
