// What the app needs from the page it runs in. One implementation per platform: platform_web.cpp
// (Emscripten: the DOM, localStorage, the URL, downloads). The app and its panels call only these
// plain functions, never emscripten or DOM APIs directly.
#pragma once
#include <string>

#include "sim/time.hpp"

namespace web::platform {

// What a picked or dropped file is for. The page streams the file's bytes to the app in chunks
// (App::open_begin / open_chunk / open_end), so a large capture never sits in memory whole.
// A non-JSON file whose head holds INFO commandstats lines (cmdstat_...) is CommandStats.
enum class FileKind { Scenario = 0, Capture = 1, CommandStats = 2 };

void pick_file(FileKind kind);  // opens the browser's file picker
void download(const std::string& filename, const std::string& text, const std::string& mime);

// Saves a region of what the app drew (CSS pixels) as a PNG download, at device pixels. Taken at the
// end of the frame in which it is asked (flush_frame_requests, after rendering).
void save_png(const std::string& filename, float x, float y, float w, float h);
void flush_frame_requests();

std::string storage_get(const std::string& key);  // "" if absent or storage is unavailable
void storage_set(const std::string& key, const std::string& value);

std::string url_fragment();                    // location.hash without '#'
std::string url_without_fragment();            // origin + path + query
void set_url_fragment(const std::string& fragment);  // replaces the history entry; no reload
void clear_url_fragment();                     // removes '#...' from the address bar (replaceState)
void copy_to_clipboard(const std::string& text);  // to the system clipboard, and kept for paste
// The text a paste inserts: what the page last received in a 'paste' event (or read from the
// Clipboard API), else what the app last copied.
const std::string& clipboard_text();
bool is_mac();  // Cmd instead of Ctrl for shortcuts

double now_ms();  // a monotonic clock in milliseconds
// Today's date (UTC) from the browser's wall clock: the app reads the clock here and passes the
// date to the core, which never reads it.
sim::CivilDate today();
double now_epoch_ms();  // the wall clock (Date.now()), for "today" in plan prices
// Fits the canvas's backing store to the window at device pixels (every frame, so it always follows
// the window, fullscreen or not) and reports the CSS size, devicePixelRatio and pixel size.
void canvas_size(float& css_w, float& css_h, float& dpr, int& px_w, int& px_h);

// Lifecycle, for the page and its tests: the app is ready for the JavaScript hook (the initial
// scenario is loaded and projected), and the first frame has been drawn.
void notify_ready();
void notify_first_frame();

}  // namespace web::platform
