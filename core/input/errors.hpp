// Input errors: every message names the file, where in it (JSON pointer and, when known, line and
// column) and what was expected. Front ends print what() and exit with code 2; the browser app
// reads the fields (file(), line(), column(), pointer()) to mark the field in its editor.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace core {

// Where in a file an error is: a line (and column) and/or the JSON pointer of a field.
struct Location {
  std::uint64_t line = 0;              // 1-based; 0 = not known
  std::uint64_t column = 0;            // 1-based; 0 = not known
  std::optional<std::string> pointer;  // JSON pointer of the field; "" = the document itself

  // "line 3, column 5, /a/b", with the parts that are known ("/" for the document itself).
  std::string text() const {
    std::string s;
    if (line > 0) {
      s = "line " + std::to_string(line);
      if (column > 0) s += ", column " + std::to_string(column);
    }
    if (pointer) {
      if (!s.empty()) s += ", ";
      s += pointer->empty() ? "/" : *pointer;
    }
    return s;
  }
};

class InputError : public std::runtime_error {
 public:
  // `where`: a place that is not in a file's text (a flag such as "--days", "cmdstat_GET"), or ""
  // for the whole file.
  InputError(std::string file, std::string where, std::string message)
      : std::runtime_error(compose(file, where, message)),
        file_(std::move(file)), where_(std::move(where)), message_(std::move(message)) {}
  // Located in the file's text: where() is at.text().
  InputError(std::string file, Location at, std::string message)
      : InputError(std::move(file), at.text(), std::move(message)) {
    at_ = std::move(at);
  }
  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }    // "line 3, column 5, /components/0/schedule/every"
  const std::string& message() const { return message_; }
  std::uint64_t line() const { return at_.line; }        // 0 = not known
  std::uint64_t column() const { return at_.column; }    // 0 = not known
  // The JSON pointer of the field ("" = the document itself, or no field: see has_pointer()).
  const std::string& pointer() const { return at_.pointer ? *at_.pointer : no_pointer(); }
  bool has_pointer() const { return at_.pointer.has_value(); }

 private:
  static std::string compose(const std::string& f, const std::string& w, const std::string& m) {
    std::string s = f.empty() ? "<input>" : f;
    if (!w.empty()) s += ": " + w;
    return s + ": " + m;
  }
  static const std::string& no_pointer() {
    static const std::string empty;
    return empty;
  }
  std::string file_, where_, message_;
  Location at_;
};

// Thrown by Reader while walking a document; the loader turns it into an InputError with the file
// name and the line of the field.
struct FieldError : std::runtime_error {
  FieldError(std::string pointer, std::string message)
      : std::runtime_error(message), pointer(std::move(pointer)) {}
  std::string pointer;  // JSON pointer of the offending field ("" = document root)
};

}  // namespace core
