// What-ifs without editing files: `--set PATH=VALUE` edits a scenario document before the loader
// validates it, so every model's own located errors apply to the new value.
//
// PATH is a JSON pointer (`/components/0/schedule/cron`, RFC 6901, `-` appends to an array) or a
// dotted name (`components.cron-poll.schedule.cron`), where an array element is addressed by its
// `name` field (a component by its name) or by its index. A dotted segment may itself contain dots
// when an existing key or name does (`components.poll.v2.schedule`): the longest match wins. A key
// missing from an object is added (objects on the way are created), so optional fields can be set;
// the loader then rejects unknown fields as usual. VALUE is parsed as JSON, else taken as a string
// (`30s`, `*/5 * * * *`); write `'"true"'` for the string "true".
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/scenario/scenario.hpp"

namespace core {

struct Override {
  std::string flag = "--set";  // the option it came from, for messages
  std::string arg;             // as typed, PATH=VALUE
  std::string path;
  json value;
  std::string label() const { return flag + " " + arg; }
};

// "PATH=VALUE" split at the first '=', VALUE parsed as JSON else a string. Throws InputError
// naming the argument (a missing '=', an empty path, a value nested too deeply).
Override parse_override(const std::string& arg, const std::string& flag = "--set");
// VALUE alone, parsed the same way (for --sweep's values).
json parse_override_value(const std::string& text, const std::string& label);

// A scenario read and parsed but not yet validated, and the overrides applied to it so far.
struct ScenarioDraft {
  std::string file;  // for messages ("<stdin>" for "-")
  std::string text;  // the file's text, to locate errors in fields no override touched
  json doc;
  std::vector<std::pair<std::string, std::string>> edits;  // resolved JSON pointer, label of the override
};

ScenarioDraft read_scenario_draft(const std::string& path);  // "-" reads stdin
// The JSON pointer PATH names in `doc` (existing elements only, except a new last key or `-`).
// Throws InputError(file, label, ...) for no such name, an index out of range, a path through a
// string or number.
std::string resolve_override_path(const json& doc, const std::string& path, const std::string& file,
                                  const std::string& label);
void apply_override(ScenarioDraft& draft, const Override& o);
// Validates the edited document. An error in (or under) an overridden field names the override
// instead of a line of the file, which no longer holds that value.
Scenario load_draft(const ScenarioDraft& draft);

// The one call for subcommands: read `path`, apply each `--set` argument in order, validate.
Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& set_args);

}  // namespace core
