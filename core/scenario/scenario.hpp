// Scenario files: name, period (start, days, zone), plan and billing options, and components.
// The document is kept as parsed JSON so that saving and patching (web app knobs, recommendations)
// round-trip exactly; load() validates it fully and builds the component models.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/billing/billing.hpp"
#include "core/engine/model.hpp"
#include "sim/time.hpp"
#include "sim/tz.hpp"

namespace core {

struct ComponentSpec {
  std::string name;
  std::string type;
  bool enabled = true;
  std::unique_ptr<Model> model;
};

// What the scenario says about bytes (all optional): stored data, monthly transfer, and the bytes a
// command transfers on average (for ElastiCache's ECPUs, and bandwidth when no monthly figure is given).
struct DataSpec {
  std::optional<double> storage_bytes;
  std::optional<double> bandwidth_per_month_bytes;
  std::optional<double> bytes_per_command;
};

struct Scenario {
  std::string file;   // where it was read from ("-" for stdin, "" if built in memory)
  json document;      // the validated document
  std::string name, description;
  sim::CivilDate start{2026, 1, 1};
  int days = 30;
  sim::TimeZone zone = sim::TimeZone::utc();
  std::string plan_id = "upstash-free";
  BillingRules rules;           // the plan's rules with the scenario's overrides applied
  DataSpec data;                // optional bytes for storage, bandwidth and ECPU pricing
  std::uint64_t seed = 1;
  int replications = 1;
  std::vector<ComponentSpec> components;
};

// Parses and validates. Throws InputError naming file, line:column and JSON pointer.
Scenario load_scenario_text(const std::string& text, const std::string& file);
Scenario load_scenario_file(const std::string& path);  // "-" reads stdin
Scenario load_scenario_json(const json& doc, const std::string& file);
// The two halves of load_scenario_text, for callers that edit the document in between
// (core/scenario/overrides.hpp): the text checked and parsed (syntax errors located), then the
// document validated with errors located in `text` (a field the text lacks points at its parent).
json parse_scenario_text(const std::string& text, const std::string& file);
Scenario load_scenario_document(const json& doc, const std::string& text, const std::string& file);
std::string save_scenario(const Scenario& s);  // pretty JSON, 2-space indent, trailing newline

// Line and column (1-based) of the value at a JSON pointer in a document's text; {0,0} if not found.
std::pair<int, int> locate_pointer(const std::string& text, const std::string& pointer);

}  // namespace core
