// Levers: the knobs of a component that a recommendation may turn, each with its candidate values,
// what it is called in words and what it costs the user in latency or freshness. Each component type
// proposes its own (ComponentType::levers); the recommender (core/recommend.hpp) projects them.
#pragma once
#include <string>
#include <vector>

#include "core/input/reader.hpp"

namespace core {

// One RFC 6902 operation: "add" (also replaces an existing member), "replace" or "remove".
struct PatchOp {
  std::string op;
  std::string path;  // JSON pointer (relative to the component in a Lever, absolute in a Recommendation)
  json value;        // unused for "remove"
};

// One candidate value of a lever (a value may need more than one field: kombu 5.6 + polling_interval).
struct LeverChoice {
  std::string label;        // "cron every 5 min instead of every minute"
  std::string cost;         // "transfers seen up to 5 min later instead of 1 min", or "none"
  double staleness_s = 0;   // worst delay after the change, in seconds (0 = freshness unaffected)
  std::vector<PatchOp> ops; // paths relative to the component object
};

struct Lever {
  std::string component;    // the component's name (filled in by levers_of)
  std::string pointer;      // the knob, relative to the component ("/schedule/cron")
  std::vector<LeverChoice> choices;  // alternatives: at most one is applied
};

// The levers of each component type (registered in core/models/registry.cpp).
std::vector<Lever> periodic_levers(const json& component);
std::vector<Lever> cron_poller_levers(const json& component);
std::vector<Lever> poller_pages_levers(const json& component);
std::vector<Lever> keyed_state_levers(const json& component);
std::vector<Lever> celery_worker_levers(const json& component);

// Prefixes each path with `prefix` ("/components/0").
std::vector<PatchOp> rebase(const std::vector<PatchOp>& ops, const std::string& prefix);
json patch_to_json(const std::vector<PatchOp>& ops);
// Applies RFC 6902 ops; throws InputError if a path does not exist.
json apply_patch(const json& doc, const std::vector<PatchOp>& ops);

}  // namespace core
