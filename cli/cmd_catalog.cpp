// redcast plans / zones / types: what scenario files may name.
#include <cstdio>
#include <iostream>

#include "cli/registry.hpp"
#include "core/billing/billing.hpp"
#include "core/engine/model.hpp"
#include "sim/tz.hpp"

namespace {

cli::Register plans(80, [](CLI::App& app) {
  auto* sub = app.add_subcommand("plans", "List the plans and billing rules redcast knows, with their sources");
  sub->callback([] {
    for (const auto& p : core::plans()) {
      std::string from = p.valid_from ? sim::format_date(*p.valid_from) : "";
      std::string until = p.valid_until ? sim::format_date(*p.valid_until) : "";
      std::printf("%-22s %-48s %s%s%s\n", p.id.c_str(), p.name.c_str(), from.c_str(), (from.empty() && until.empty()) ? "" : "..",
                  until.c_str());
      std::printf("%-22s source: %s\n", "", p.source.c_str());
    }
    for (const auto& r : core::billing_rules()) std::printf("\nrules %s: %s\n", r.id.c_str(), r.source.c_str());
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
