// The browser glue, all of it: the platform functions the app calls (DOM, localStorage, URL,
// downloads), and the C entry points the page calls (web/index.html: the file picker and drops
// streaming files in, the share-link listener, and the window.redcast test hook).
#include <emscripten.h>

#include <ctime>
#include <string>

#include "core/replay/analyzer.hpp"
#include "core/replay/format.hpp"
#include "web/app.hpp"
#include "web/platform.hpp"

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
  history.replaceState(null, "", "#" + f);
});

EM_JS(void, js_copy, (const char* text), {
  var t = UTF8ToString(text);
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(t).catch(function() {});
});

EM_JS(int, js_inner_width, (), { return window.innerWidth | 0; });
EM_JS(int, js_inner_height, (), { return window.innerHeight | 0; });

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
std::string storage_get(const std::string& key) { return take(js_string_result("storage", key.c_str())); }
void storage_set(const std::string& key, const std::string& value) { js_storage_set(key.c_str(), value.c_str()); }
std::string url_fragment() { return take(js_string_result("fragment", "")); }
std::string url_without_fragment() { return take(js_string_result("base", "")); }
void set_url_fragment(const std::string& fragment) { js_set_fragment(fragment.c_str()); }
void copy_to_clipboard(const std::string& text) { js_copy(text.c_str()); }
double now_ms() { return emscripten_get_now(); }
sim::CivilDate today() { return core::replay::date_of(static_cast<sim::Time>(std::time(nullptr)) * sim::kSecond); }
void viewport_size(int& width, int& height) {
  width = js_inner_width();
  height = js_inner_height();
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
  web::app().open_begin(kind == 1 ? web::platform::FileKind::Capture : web::platform::FileKind::Scenario,
                        name ? name : "", static_cast<std::uint64_t>(size), compressed != 0);
}
EMSCRIPTEN_KEEPALIVE void redcast_open_chunk(const char* data, int size) {
  web::app().open_chunk(data, static_cast<std::size_t>(size));
}
EMSCRIPTEN_KEEPALIVE void redcast_open_end(const char* error) { web::app().open_end(error ? error : ""); }

EMSCRIPTEN_KEEPALIVE void redcast_fragment_changed() { web::app().fragment_changed(); }

}  // extern "C"
