// The shipped scenarios, compiled in (see cmake/EmbedScenarios.cmake).
#pragma once
#include <vector>

namespace core {

struct EmbeddedFile {
  const char* path;  // relative to the repository root, e.g. "scenarios/hello.json"
  const char* text;
};
const std::vector<EmbeddedFile>& embedded_scenarios();

}  // namespace core
