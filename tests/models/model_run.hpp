// What every model test that compares a model with a recording needs: a component parsed from its
// JSON (unknown fields rejected, as the scenario loader does) and a model run counted by command
// name ("lua:CMD" for commands a script runs), in the shape the capture readers count in.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/catalog/commands.hpp"
#include "core/engine/model.hpp"

namespace model_run {

using Counts = std::map<std::string, double>;

template <class ModelT>
std::unique_ptr<ModelT> parse_model(std::unique_ptr<core::Model> (*parse)(core::Reader&), const std::string& text) {
  static std::vector<std::unique_ptr<core::json>> keep;  // readers point into the document
  keep.push_back(std::make_unique<core::json>(core::json::parse(text)));
  core::Reader r(*keep.back(), "");
  auto m = parse(r);
  r.finish();
  return std::unique_ptr<ModelT>(static_cast<ModelT*>(m.release()));
}

// Every command the model emits over [start, end), by name.
inline Counts run(const core::Model& m, sim::Time start, sim::Time end) {
  core::Recorder rec(start, end, 1);
  sim::Simulator simulator(start);
  core::SharedState shared;
  core::ModelContext ctx{simulator, rec, shared, sim::Rng::stream(1, "queue"), start, end, sim::TimeZone::utc(), 0,
                         "queue"};
  m.start(ctx);
  simulator.run_until(end);
  rec.finish();
  Counts out;
  for (std::size_t b = 0; b < rec.bundles().size(); ++b)
    for (auto h : rec.hits()[b]) {
      if (!h) continue;
      for (const auto& c : rec.bundles()[b].commands)
        out[(c.in_script ? "lua:" : "") + core::command_info(c.cmd).name] += static_cast<double>(h * c.count);
    }
  return out;
}

}  // namespace model_run
