// The app's window: a menu bar, the scenario on the left, the projection and the other panels on
// the right. Each panel is one function in its own file (panels.hpp).
#pragma once
#include "web/app.hpp"

namespace web {

void apply_style();
void draw_ui(App& app);

}  // namespace web
