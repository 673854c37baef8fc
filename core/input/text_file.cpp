#include "core/input/text_file.hpp"

#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "core/input/errors.hpp"

namespace core {

std::string read_text_file(const std::string& path, const std::string& expected) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  // A directory opens as a stream on Linux and fails only on the first read (as an exception
  // from the stream buffer): name it before that.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw InputError(path, "", "is a directory; expected " + expected);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open the file (does it exist and is it readable?); expected " + expected);
  std::ostringstream ss;
  try {
    ss << in.rdbuf();
  } catch (const std::exception&) {
    throw InputError(path, "", "cannot read the file; expected " + expected);
  }
  if (in.bad()) throw InputError(path, "", "cannot read the file; expected " + expected);
  return ss.str();
}

}  // namespace core
