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

void frame() {
  glfwPollEvents();
  int want_w = 0, want_h = 0, have_w = 0, have_h = 0;
  web::platform::viewport_size(want_w, want_h);
  glfwGetWindowSize(g_window, &have_w, &have_h);
  if (want_w > 0 && want_h > 0 && (want_w != have_w || want_h != have_h)) glfwSetWindowSize(g_window, want_w, want_h);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  web::draw_ui(web::app());
  ImGui::Render();

  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(g_window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(0.11f, 0.12f, 0.13f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(g_window);

  web::app().end_frame();  // edits made this frame: validate and re-project once
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
  int w = 1280, h = 800;
  web::platform::viewport_size(w, h);
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
  web::apply_style();
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  web::app().load_initial();
  web::platform::notify_ready();
#ifndef __EMSCRIPTEN__
  g_loop_window = g_window;
#endif
  run_main_loop(frame);
  return 0;
}
