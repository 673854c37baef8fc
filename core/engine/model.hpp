// A component model: a plain parameter struct (parsed from the scenario) plus a process that emits
// commands into the Recorder. Models schedule themselves on the shared Simulator, draw from their
// own random stream, and coordinate through SharedState (who holds a lock, stream lengths, ...).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/knob.hpp"
#include "core/engine/recorder.hpp"
#include "core/input/reader.hpp"
#include "sim/random.hpp"
#include "sim/simulator.hpp"
#include "sim/tz.hpp"

namespace core {

// A blackboard shared by the components of one run. Components agree on names ("poller.lock").
struct SharedState {
  std::map<std::string, sim::Time> times;      // e.g. heartbeat last set
  std::map<std::string, std::string> owners;   // e.g. lock holder ("" = free)
  std::map<std::string, double> values;        // e.g. stream length, live keys
  // Run state that several components share (e.g. the poll system of a cron poller and its pages),
  // created by the first component that asks for it and dropped with the run.
  std::map<std::string, std::shared_ptr<void>> objects;
};

struct ModelContext {
  sim::Simulator& sim;
  Recorder& rec;
  SharedState& shared;
  sim::Rng rng;            // this component's own stream
  sim::Time start, end;    // the projected period [start, end)
  sim::TimeZone zone;      // the scenario's zone
  int component = 0;       // index in the scenario, for Recorder calls
  std::string name;        // component name
};

// Models hold only their parameters; a run's state lives in objects that start() creates and the
// simulator's scheduled actions own, so one parsed scenario can be run many times (replications,
// what-ifs) and never carries state from one run into the next.
class Model {
 public:
  virtual ~Model() = default;
  // Schedules the component's first events (or emits directly when the component's traffic does
  // not depend on other components). ctx outlives the run; keep a reference to it.
  virtual void start(ModelContext& ctx) const = 0;
  // Optional: true if the model draws random numbers (replications then differ).
  virtual bool stochastic() const { return false; }
  // Optional: the knobs a search may turn on this component (core/engine/knob.hpp), from the parsed
  // parameters, so the knob and the parser read the same default.
  virtual std::vector<Knob> knobs() const { return {}; }
  // Optional: the settings the component's document gives that the model accepts, checks and
  // ignores because they change no Redis traffic ("result_ttl", "concurrency (idle)": the field name,
  // then why in brackets when it is only sometimes inert). `project` lists them with the component,
  // so a what-if that turns one of them shows why nothing moved.
  virtual std::vector<std::string> no_effect() const { return {}; }
  // The SharedState a run of this model reads or writes ("poll_system"), "" when none: components
  // that share nothing are projected apart when a search re-projects one of them (core/recommend/).
  // A model that touches ctx.shared must name it here.
  virtual std::string shared_state() const { return ""; }
};

// A component type: its name in scenario files and how to build a model from its JSON object.
// Parsing validates every field (Reader throws FieldError with the field's pointer). To add a model:
// its files under core/models/ (parser, Model with start() and, if it has any, knobs()) and one line
// in core/models/registry.cpp.
struct ComponentType {
  std::string type;     // "periodic", "cron_poller", ...
  std::string summary;  // one line for --help and the browser app
  std::unique_ptr<Model> (*parse)(Reader& r);
};

const std::vector<ComponentType>& component_types();
const ComponentType* find_component_type(const std::string& type);

}  // namespace core
