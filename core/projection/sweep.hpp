// `--sweep PATH=V1,V2,...`: the same scenario projected once per value of one field ("what if we
// ran 1, 2, 4, 8 workers"), each value applied as a `--set` would be (core/scenario/overrides.hpp).
//
// Values are split at top-level commas: a comma inside a JSON string, array or object does not
// split, so a value holding a comma is written as a JSON string (`"0,30 * * * *"`) or array.
#pragma once
#include <string>
#include <vector>

#include "core/projection/projection.hpp"
#include "core/scenario/overrides.hpp"

namespace core {

struct SweepSpec {
  std::string arg;   // as typed, PATH=V1,V2,...
  std::string path;  // as typed
  std::vector<std::string> texts;  // each value as written
  std::vector<json> values;        // each parsed as JSON, else a string
};

struct SweepRow {
  json value;
  std::string text;  // as written on the command line
  Projection projection;
};

struct Sweep {
  std::string scenario;  // the scenario's name
  std::string path, pointer;  // as typed, and the JSON pointer it resolved to
  std::vector<SweepRow> rows;
};

// Throws InputError naming the argument: no '=', no values, an empty value, an unclosed quote or
// bracket.
SweepSpec parse_sweep(const std::string& arg);
// Projects `draft` (with any --set already applied) once per value. A value the loader rejects is
// an InputError naming the --sweep argument and the value.
Sweep sweep(const ScenarioDraft& draft, const SweepSpec& spec, const ProjectionOptions& opt = {});

// Formats (docs/projection-json.md, "Sweeps"): one row per value.
json sweep_to_json(const Sweep& s);
std::string sweep_to_table(const Sweep& s);
std::string sweep_to_csv(const Sweep& s);
std::string sweep_to_markdown(const Sweep& s);

}  // namespace core
