// Input errors: every message names the file, where in it (JSON pointer and, when known, line and
// column) and what was expected. Front ends print what() and exit with code 2.
#pragma once
#include <stdexcept>
#include <string>

namespace core {

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::string where, std::string message)
      : std::runtime_error(compose(file, where, message)),
        file_(std::move(file)), where_(std::move(where)), message_(std::move(message)) {}
  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }    // "/components/0/schedule/every", "line 3"
  const std::string& message() const { return message_; }

 private:
  static std::string compose(const std::string& f, const std::string& w, const std::string& m) {
    std::string s = f.empty() ? "<input>" : f;
    if (!w.empty()) s += ": " + w;
    return s + ": " + m;
  }
  std::string file_, where_, message_;
};

// Thrown by Reader while walking a document; the loader turns it into an InputError with the file
// name and the line of the field.
struct FieldError : std::runtime_error {
  FieldError(std::string pointer, std::string message)
      : std::runtime_error(message), pointer(std::move(pointer)) {}
  std::string pointer;  // JSON pointer of the offending field ("" = document root)
};

}  // namespace core
