#include "core/recommend/patch.hpp"

#include "core/input/errors.hpp"

namespace core {

namespace {

bool has_path(const json& obj, const json::json_pointer& p) {
  try {
    return obj.contains(p);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

std::vector<PatchOp> set_ops(const json& component, const std::vector<KnobSet>& sets) {
  std::vector<PatchOp> out;
  for (const auto& s : sets) {
    json::json_pointer at(s.pointer);
    if (has_path(component, at)) {
      out.push_back({"replace", s.pointer, s.value});
      continue;
    }
    // Climb to the nearest ancestor that exists, wrapping the value in the objects that do not.
    json value = s.value;
    while (!at.parent_pointer().empty() && !has_path(component, at.parent_pointer())) {
      value = json{{at.back(), std::move(value)}};
      at = at.parent_pointer();
    }
    out.push_back({"add", at.to_string(), std::move(value)});
  }
  return out;
}

std::vector<PatchOp> rebase(const std::vector<PatchOp>& ops, const std::string& prefix) {
  std::vector<PatchOp> out = ops;
  for (auto& o : out) o.path = prefix + o.path;
  return out;
}

json patch_to_json(const std::vector<PatchOp>& ops) {
  json a = json::array();
  for (const auto& o : ops) {
    json j = {{"op", o.op}, {"path", o.path}};
    if (o.op != "remove") j["value"] = o.value;
    a.push_back(std::move(j));
  }
  return a;
}

json apply_patch(const json& doc, const std::vector<PatchOp>& ops) {
  try {
    return doc.patch(patch_to_json(ops));
  } catch (const std::exception& e) {
    throw InputError("", "", std::string("cannot apply the patch: ") + e.what());
  }
}

}  // namespace core
