// redcast_project FILE: prints the projection exactly as `redcast project --format json FILE` does,
// built to wasm and run under node, so a test can compare the native and browser builds byte for
// byte (tests/integration/native-vs-wasm.sh).
#include <cstdio>
#include <exception>
#include <string>

#include "core/input/errors.hpp"
#include "core/projection/projection.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: redcast_project SCENARIO.json\n");
    return 2;
  }
  try {
    core::Projection p = core::project(core::load_scenario_file(argv[1]));
    std::string text = core::projection_to_json(p).dump(2) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  } catch (const core::InputError& e) {
    std::fprintf(stderr, "redcast: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "redcast: internal error: %s\n", e.what());
    return 3;
  }
}
