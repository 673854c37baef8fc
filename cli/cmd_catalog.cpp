// redcast plans / zones / types: what scenario files may name.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/registry.hpp"
#include "core/billing/billing.hpp"
#include "core/billing/plans_format.hpp"
#include "core/engine/model.hpp"
#include "sim/tz.hpp"

namespace {

cli::Register plans(80, [](CLI::App& app) {
  auto format = std::make_shared<std::string>("table");
  auto* sub = app.add_subcommand("plans", "List the plans and billing rules redcast knows: prices, limits, free "
                                          "commands by date, sources");
  sub->add_option("--format", *format, "Output format")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  sub->callback([format] {
    if (*format == "json") std::cout << core::plans_to_json().dump(2) << "\n";
    else std::cout << core::plans_to_table();
  });
});

cli::Register zones(81, [](CLI::App& app) {
  auto* sub = app.add_subcommand("zones", "List the time zones scenario files may use");
  sub->callback([] {
    for (const auto& z : sim::TimeZone::supported_zones()) {
      auto tz = sim::TimeZone::find(z);
      std::printf("%-24s %s\n", z.c_str(), tz ? tz->posix_rule().c_str() : "");
    }
  });
});

cli::Register types(82, [](CLI::App& app) {
  auto* sub = app.add_subcommand("types", "List the component types scenario files may use");
  sub->callback([] {
    for (const auto& t : core::component_types()) std::printf("%-18s %s\n", t.type.c_str(), t.summary.c_str());
  });
});

}  // namespace
