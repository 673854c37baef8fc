// redcast in the browser: a GLFW window (Emscripten's canvas), Dear ImGui on WebGL2, and the app's
// panels (web/ui.cpp). The loop body is one function; the shim below runs it from the browser's
// requestAnimationFrame under Emscripten, or in a plain loop elsewhere.
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>

#include <cstdio>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "web/app.hpp"
#include "web/platform.hpp"
#include "web/ui.hpp"
#include "web/view.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
static void run_main_loop(void (*frame)()) { emscripten_set_main_loop(frame, 0, true); }
#else
static GLFWwindow* g_loop_window = nullptr;
static void run_main_loop(void (*frame)()) {
  while (!glfwWindowShouldClose(g_loop_window)) frame();
}
#endif

namespace {

GLFWwindow* g_window = nullptr;
long g_frames = 0;

const char* get_clipboard(void*) { return web::platform::clipboard_text().c_str(); }
void set_clipboard(void*, const char* text) { web::platform::copy_to_clipboard(text ? text : ""); }

void frame() {
  glfwPollEvents();
  // The canvas follows the window at device pixels; the font is rasterised for that ratio.
  web::rebuild_fonts_if_needed();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  web::apply_view_to_io();  // CSS-pixel layout over a device-pixel framebuffer
  web::apply_pending_input();
  ImGui::NewFrame();
  web::draw_ui(web::app());
  ImGui::Render();

  const web::View& v = web::view();
  glViewport(0, 0, v.fb_w, v.fb_h);
  glClearColor(0.11f, 0.12f, 0.13f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(g_window);
  web::platform::flush_frame_requests();  // PNG exports read this frame's pixels

  web::app().end_frame(ImGui::GetIO().MouseDown[0]);  // edits made this frame: validate and re-project once
  if (++g_frames == 1) web::platform::notify_first_frame();
}

}  // namespace

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "redcast: cannot initialise GLFW\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  float css_w = 1280, css_h = 800, dpr = 1;
  int w = 1280, h = 800;
  web::platform::canvas_size(css_w, css_h, dpr, w, h);
  g_window = glfwCreateWindow(w, h, "redcast", nullptr, nullptr);
  if (!g_window) {
    std::fprintf(stderr, "redcast: cannot create a WebGL2 context\n");
    return 1;
  }
  glfwMakeContextCurrent(g_window);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing written to a file system; the scenario lives in localStorage
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigMacOSXBehaviors = web::platform::is_mac();  // Cmd+C/V/Z, Option+arrows on macOS
  web::apply_style();
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  // The system clipboard, through the page (GLFW's keeps a string of its own).
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  io.ClipboardUserData = nullptr;

  web::app().load_initial();
  web::platform::notify_ready();
#ifndef __EMSCRIPTEN__
  g_loop_window = g_window;
#endif
  run_main_loop(frame);
  return 0;
}
