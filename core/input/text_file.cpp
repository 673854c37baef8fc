#include "core/input/text_file.hpp"

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
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open the file (does it exist and is it readable?); expected " + expected);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace core
