// Golden projections: every shipped scenario's `redcast project --format json` output is checked in
// under tests/golden/ (docs/golden.md says how each headline figure is derived by hand), and this test
// diffs it. It runs in the native and the wasm build, so both must produce these exact bytes.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "core/scenario/embedded.hpp"
#include "core/projection/projection.hpp"

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST_CASE("every shipped scenario matches its golden projection", "[golden]") {
  const auto& files = core::embedded_scenarios();
  REQUIRE(files.size() >= 1);
  for (const auto& f : files) {
    std::string path = f.path;
    INFO(path);
    core::Scenario s = core::load_scenario_text(f.text, path);
    std::string got = core::projection_to_json(core::project(s)).dump(2) + "\n";
    std::string golden_path = std::string(REDCAST_SOURCE_DIR) + "/tests/golden/" + path.substr(path.find('/') + 1);
    std::string want = read_file(golden_path);
    REQUIRE_FALSE(want.empty());  // run scripts/update-golden after adding a scenario
    if (got != want) {
      // Point at the first differing line for a readable failure.
      std::size_t i = 0, line = 1;
      while (i < got.size() && i < want.size() && got[i] == want[i]) line += got[i++] == '\n';
      FAIL(golden_path << " differs from the projection at line " << line);
    }
  }
}

TEST_CASE("the embedded scenarios are the files under scenarios/", "[golden]") {
  for (const auto& f : core::embedded_scenarios()) {
    INFO(f.path);
    CHECK(read_file(std::string(REDCAST_SOURCE_DIR) + "/" + f.path) == f.text);
  }
}
