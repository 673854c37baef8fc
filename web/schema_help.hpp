// Help for a field of the scenario: its description, default and format from the JSON Schema
// (docs/scenario.schema.json, compiled in at build time), found by walking the schema along the
// field's JSON pointer (through $ref, allOf/oneOf/anyOf, and if/then by the component's type).
#pragma once
#include <string>

#include "core/input/reader.hpp"

namespace web {

// "" when the schema says nothing about the field.
std::string schema_help(const core::json& doc, const std::string& pointer);

}  // namespace web
