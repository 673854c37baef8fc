// The component types scenario files may name. One model per file under core/models/.
#include "core/model.hpp"
#include "core/models/periodic.hpp"

namespace core {

const std::vector<ComponentType>& component_types() {
  static const std::vector<ComponentType> types = {
      {"periodic", "a schedule (interval, cron or APScheduler fields), optional active windows, commands per tick",
       &parse_periodic},
  };
  return types;
}

const ComponentType* find_component_type(const std::string& type) {
  for (const auto& t : component_types())
    if (t.type == type) return &t;
  return nullptr;
}

}  // namespace core
