// Each subcommand lives in its own file and registers itself here, so the CLI stays a list of thin
// front ends: options in, one core call, formatting out.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/time.hpp"

namespace cli {

struct Subcommand {
  int order;  // position in --help
  std::function<void(CLI::App& app)> add;
};
std::vector<Subcommand>& subcommands();

struct Register {
  Register(int order, std::function<void(CLI::App&)> add) { subcommands().push_back({order, std::move(add)}); }
};

// Exit codes: 0 ok, 1 a check failed (--fail-over), 2 bad input (file, line/field, expectation).
constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;
constexpr int kExitBadInput = 2;

// Thrown by subcommand callbacks to end the program with a code (after printing `message`).
struct Exit {
  int code;
  std::string message;
};

// Output helpers shared by subcommands.
bool color_enabled();  // stdout is a TTY and NO_COLOR is unset
bool stderr_is_tty();
// Today's date (UTC) from the wall clock. The CLI reads the clock here, and only here; the core is
// given the date in its options.
sim::CivilDate today();
// Writes `text` to `path` ("-" or "" = stdout) atomically: a temporary file renamed into place, so a
// failed run never leaves a partial output file.
void write_output(const std::string& path, const std::string& text);
// Several outputs of one run: all written, or (on any failure) none of them changed.
void write_outputs(const std::vector<std::pair<std::string, std::string>>& files);
// Throws when `output` names the same file as `input` (a report must never replace its source).
void check_output_is_not_input(const std::string& output, const std::string& input);

}  // namespace cli
