#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/registry.hpp"
#include "core/input/errors.hpp"
#include "core/replay/analyzer.hpp"

namespace cli {

bool color_enabled() {
  const char* no = std::getenv("NO_COLOR");
  if (no && *no) return false;
  return isatty(STDOUT_FILENO) != 0;
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) != 0; }

sim::CivilDate today() { return core::replay::date_of(static_cast<sim::Time>(std::time(nullptr)) * sim::kSecond); }

void write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return;
  }
  std::string tmp = path + ".tmp-redcast";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw core::InputError(path, "", "cannot write the output file");
    out << text;
    if (!out.flush()) {
      std::remove(tmp.c_str());
      throw core::InputError(path, "", "cannot write the output file");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw core::InputError(path, "", "cannot move the output file into place");
  }
}

}  // namespace cli
