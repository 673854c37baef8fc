#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <utility>
#include <vector>

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

namespace {
bool is_stdout(const std::string& path) { return path.empty() || path == "-"; }
// An existing path that is not a regular file (/dev/null, /dev/stdout, a FIFO): written in place at
// the end like stdout, since renaming a temporary over it would replace the device or pipe itself.
bool is_stream(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}
}  // namespace

void write_outputs(const std::vector<std::pair<std::string, std::string>>& files) {
  // Every file is staged in a temporary beside it first; only when all are written are they moved
  // into place, so one failed write leaves none of them (nor any existing file) changed.
  std::vector<std::string> staged;
  auto discard = [&staged] {
    for (const auto& t : staged) std::remove(t.c_str());
  };
  for (const auto& [path, text] : files) {
    if (is_stdout(path) || is_stream(path)) continue;
    std::string tmp = path + ".tmp-redcast";
    std::ofstream out(tmp, std::ios::binary);
    if (!out) {
      discard();
      throw core::InputError(path, "", "cannot write the output file");
    }
    staged.push_back(tmp);
    out << text;
    if (!out.flush()) {
      discard();
      throw core::InputError(path, "", "cannot write the output file");
    }
  }
  std::size_t next = 0;
  for (const auto& [path, text] : files) {
    if (is_stdout(path)) {
      std::cout << text;
      std::cout.flush();
      continue;
    }
    if (is_stream(path)) {
      std::ofstream out(path, std::ios::binary);
      if (!(out << text) || !out.flush()) throw core::InputError(path, "", "cannot write the output file");
      continue;
    }
    const std::string& tmp = staged[next++];
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
      for (std::size_t i = next - 1; i < staged.size(); ++i) std::remove(staged[i].c_str());
      throw core::InputError(path, "", "cannot move the output file into place");
    }
  }
}

void write_output(const std::string& path, const std::string& text) { write_outputs({{path, text}}); }

void check_output_is_not_input(const std::string& output, const std::string& input) {
  if (is_stdout(output) || input.empty() || input == "-") return;
  struct stat o {}, i {};
  if (::stat(output.c_str(), &o) != 0 || ::stat(input.c_str(), &i) != 0) return;
  if (o.st_dev == i.st_dev && o.st_ino == i.st_ino)
    throw core::InputError(output, "", "is the input file " + input + "; refusing to overwrite it (choose another -o)");
}

}  // namespace cli
