// redcast recommend SCENARIO: the levers that cut billable commands, ranked, with what each costs in
// freshness and the JSON Patch that applies it; the best combination under a budget or a plan.
#include <cmath>
#include <iostream>

#include "cli/registry.hpp"
#include "core/input/errors.hpp"
#include "core/recommend/recommend.hpp"
#include "core/scenario/overrides.hpp"
#include "sim/time.hpp"

namespace {

struct Options {
  std::string scenario, plan, max_staleness, format = "table", output, write_patched;
  double budget = -1;
  std::vector<std::string> set;
};

void run(const Options& o) {
  cli::check_output_is_not_input(o.output, o.scenario);
  cli::check_output_is_not_input(o.write_patched, o.scenario);
  core::Scenario s = core::load_scenario_file(o.scenario, o.set);
  core::RecommendOptions opt;
  if (o.budget >= 0) opt.budget = o.budget;
  if (!o.plan.empty()) opt.plan = o.plan;
  if (!o.max_staleness.empty()) {
    auto d = sim::parse_duration(o.max_staleness);
    if (!d) {
      char* end = nullptr;
      double v = std::strtod(o.max_staleness.c_str(), &end);
      if (end && *end == 0 && std::isfinite(v) && v >= 0) d = static_cast<sim::Duration>(std::llround(v * 1e6));
    }
    if (!d || *d < 0)
      throw core::InputError("--max-staleness", "",
                             "expected a duration like \"2m\", \"90s\" or a number of seconds, got \"" + o.max_staleness + "\"");
    opt.max_staleness_s = static_cast<double>(*d) / static_cast<double>(sim::kSecond);
  }
  core::Recommendations r = core::recommend(s, opt);
  std::string text = o.format == "json" ? core::recommendation_to_json(r).dump(2) + "\n" : core::recommendation_to_table(r);
  if (o.write_patched.empty()) return cli::write_output(o.output, text);
  core::Scenario patched = core::load_scenario_json(core::apply_patch(s.document, r.best.patch), o.write_patched);
  // Both or neither: a failed -o never leaves a patched scenario behind (nor the reverse).
  cli::write_outputs({{o.write_patched, core::save_scenario(patched)}, {o.output, text}});
}

cli::Register reg(15, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("recommend", "Rank the changes that cut a scenario's billable commands, with their cost in freshness and the patch");
  sub->add_option("scenario", o->scenario, "Scenario file (JSON), or - for stdin")->required();
  auto* budget = sub->add_option("--budget", o->budget, "Billable commands a month to fit under")->check(CLI::NonNegativeNumber);
  sub->add_option("--plan", o->plan, "Fit this plan's quota (default: the scenario's plan)")->excludes(budget);
  sub->add_option("--max-staleness", o->max_staleness, "Leave out changes that delay what users see by more than this (\"2m\", \"90s\")");
  sub->add_option("--set", o->set, "PATH=VALUE: change a field before recommending (JSON pointer or components.NAME.field; repeatable)");
  sub->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json"}));
  sub->add_option("-o,--output", o->output, "Write to a file instead of stdout (never left half-written)");
  sub->add_option("--write-patched", o->write_patched, "Write the scenario with the best combination applied");
  sub->callback([o] { run(*o); });
});

}  // namespace
