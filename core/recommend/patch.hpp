// RFC 6902 patches: how a knob's candidate (core/engine/knob.hpp) becomes operations on a scenario
// document, and applying them.
#pragma once
#include <string>
#include <vector>

#include "core/engine/knob.hpp"
#include "core/input/reader.hpp"

namespace core {

// One RFC 6902 operation: "add" (also replaces an existing member), "replace" or "remove".
struct PatchOp {
  std::string op;
  std::string path;  // JSON pointer (relative to a component, or absolute in a Recommendation)
  json value;        // unused for "remove"
};

// The operations that set each field of `sets` in one component object: "replace" when the field
// exists, "add" when it is left to its default, and an "add" of the nearest missing object with
// the field inside when its parents are missing too ({"add", "/sync", {"debug": false}}).
std::vector<PatchOp> set_ops(const json& component, const std::vector<KnobSet>& sets);
// Prefixes each path with `prefix` ("/components/0").
std::vector<PatchOp> rebase(const std::vector<PatchOp>& ops, const std::string& prefix);
json patch_to_json(const std::vector<PatchOp>& ops);
// Applies RFC 6902 ops; throws InputError if a path does not exist.
json apply_patch(const json& doc, const std::vector<PatchOp>& ops);

}  // namespace core
