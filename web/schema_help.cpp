#include "web/schema_help.hpp"

#include <cstddef>
#include <cstdlib>
#include <vector>

extern const unsigned char redcast_scenario_schema[];
extern const std::size_t redcast_scenario_schema_size;

namespace web {

namespace {

using core::json;

const json& schema() {
  static const json s = json::parse(reinterpret_cast<const char*>(redcast_scenario_schema),
                                    reinterpret_cast<const char*>(redcast_scenario_schema) + redcast_scenario_schema_size,
                                    nullptr, false);
  return s;
}

const json* resolve(const json* node) {
  for (int hops = 0; node && node->is_object() && node->contains("$ref") && hops < 8; ++hops) {
    const std::string ref = (*node)["$ref"].get<std::string>();
    if (ref.rfind("#/", 0) != 0) return node;
    try {
      node = &schema().at(json::json_pointer(ref.substr(1)));
    } catch (const std::exception&) {
      return nullptr;
    }
  }
  return node;
}

// An if/then applies when the value has none of the `if`'s const properties different.
bool condition_holds(const json& cond, const json& value) {
  if (!cond.is_object() || !cond.contains("properties") || !value.is_object()) return true;
  for (auto it = cond["properties"].begin(); it != cond["properties"].end(); ++it) {
    if (!it.value().is_object() || !it.value().contains("const")) continue;
    if (!value.contains(it.key()) || value[it.key()] != it.value()["const"]) return false;
  }
  return true;
}

// The schemas that may describe the members of `value`.
void candidates(const json* node, const json& value, std::vector<const json*>& out, int depth = 0) {
  node = resolve(node);
  if (!node || !node->is_object() || depth > 6) return;
  out.push_back(node);
  for (const char* k : {"allOf", "oneOf", "anyOf"}) {
    if (!node->contains(k) || !(*node)[k].is_array()) continue;
    for (const auto& sub : (*node)[k]) {
      if (sub.is_object() && sub.contains("if") && sub.contains("then")) {
        if (condition_holds(sub["if"], value)) candidates(&sub["then"], value, out, depth + 1);
      } else {
        candidates(&sub, value, out, depth + 1);
      }
    }
  }
}

// The member's schema as written (maybe a $ref with its own description), or null.
const json* member(const json* node, const json& value, const std::string& key) {
  std::vector<const json*> list;
  candidates(node, value, list);
  for (const json* c : list) {
    if (value.is_array()) {
      if (c->contains("items") && (*c)["items"].is_object()) return &(*c)["items"];
      continue;
    }
    if (c->contains("properties") && (*c)["properties"].contains(key) && (*c)["properties"][key].is_object())
      return &(*c)["properties"][key];
  }
  for (const json* c : list)
    if (c->contains("additionalProperties") && (*c)["additionalProperties"].is_object()) return &(*c)["additionalProperties"];
  return nullptr;
}

void add_line(std::string& out, const std::string& line) {
  if (line.empty() || out.find(line) != std::string::npos) return;
  if (!out.empty()) out += "\n";
  out += line;
}

}  // namespace

std::string schema_help(const json& doc, const std::string& pointer) {
  if (!schema().is_object() || pointer.empty()) return "";
  json::json_pointer ptr;
  try {
    ptr = json::json_pointer(pointer);
  } catch (const std::exception&) {
    return "";
  }
  // The pointer's tokens, root first.
  std::vector<std::string> tokens;
  for (json::json_pointer p = ptr; !p.empty(); p = p.parent_pointer()) tokens.insert(tokens.begin(), p.back());
  const json* node = &schema();
  const json* value = &doc;
  for (const auto& t : tokens) {
    node = member(node, *value, t);
    if (!node) return "";
    if (value->is_array()) {
      std::size_t i = std::strtoul(t.c_str(), nullptr, 10);
      if (i >= value->size()) return "";
      value = &(*value)[i];
    } else if (value->is_object() && value->contains(t)) {
      value = &(*value)[t];
    } else {
      static const json none;
      value = &none;
    }
  }
  std::string out;
  if (node->contains("description")) add_line(out, (*node)["description"].get<std::string>());
  const json* target = resolve(node);
  if (target && target != node && target->contains("description")) add_line(out, (*target)["description"].get<std::string>());
  for (const json* n : {node, target}) {
    if (n && n->contains("default")) {
      add_line(out, "Default: " + (*n)["default"].dump());
      break;
    }
  }
  for (const json* n : {node, target})
    if (n && n->contains("enum") && (*n)["enum"].is_array()) {
      std::string e;
      for (const auto& x : (*n)["enum"]) e += (e.empty() ? "" : ", ") + (x.is_string() ? x.get<std::string>() : x.dump());
      add_line(out, "One of: " + e);
      break;
    }
  return out;
}

}  // namespace web
