// Reads a whole input file ("-" = standard input) for the loaders; a file that cannot be opened is
// an InputError naming it and what was expected in it.
#pragma once
#include <string>

namespace core {

std::string read_text_file(const std::string& path, const std::string& expected);

}  // namespace core
