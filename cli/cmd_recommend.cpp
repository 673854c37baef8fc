// redcast recommend SCENARIO: the changes that cut billable commands, ranked, with what each costs in
// freshness and the JSON Patch that applies it; the best combination under a budget or a plan; the
// Pareto front of billable commands against the main service metric; what was left out and why.
#include <iostream>

#include "cli/registry.hpp"
#include "core/input/errors.hpp"
#include "core/recommend/recommend.hpp"
#include "core/scenario/overrides.hpp"
#include "sim/time.hpp"

namespace {

struct Options {
  std::string scenario, plan, max_staleness, format = "table", output, write;
  std::vector<std::string> constraints;
  double budget = -1;
  std::vector<std::string> set;
  int top = 10;
};

void run(const Options& o) {
  cli::check_output_is_not_input(o.output, o.scenario);
  cli::check_output_is_not_input(o.write, o.scenario);
  core::RecommendOptions opt;
  // Flags are checked before the scenario is read or projected: a bad one costs nothing.
  for (const std::string& c : o.constraints) opt.constraints.push_back(core::parse_constraint(c, "--constraint"));
  if (!o.max_staleness.empty())
    opt.constraints.push_back(core::parse_constraint("staleness<=" + o.max_staleness, "--max-staleness"));
  if (o.top < 0) throw core::InputError("--top", "", "expected a number of recommendations (0: all), got " + std::to_string(o.top));
  if (o.top > 0) opt.top = static_cast<std::size_t>(o.top);
  if (o.budget >= 0) opt.budget = o.budget;
  if (!o.plan.empty()) opt.plan = o.plan;
  core::Scenario s = core::load_scenario_file(o.scenario, o.set);
  core::Recommendations r = core::recommend(s, opt);
  std::string text = o.format == "json" ? core::recommendation_to_json(r).dump(2) + "\n" : core::recommendation_to_table(r);
  if (o.write.empty()) return cli::write_output(o.output, text);
  core::Scenario patched = core::load_scenario_json(core::apply_patch(s.document, r.best.patch), o.write);
  // Both or neither: a failed -o never leaves a patched scenario behind (nor the reverse).
  cli::write_outputs({{o.write, core::save_scenario(patched)}, {o.output, text}});
}

std::string metrics_help() {
  std::string s;
  for (const core::Metric* m : core::all_metrics())
    s += std::string("\n  ") + m->name + " (" + (m->kind == core::Metric::Kind::Duration ? "duration" : m->unit) + "): " + m->meaning;
  return s;
}

cli::Register reg(15, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("recommend", "Rank the changes that cut a scenario's billable commands, with their cost in freshness and the patch");
  sub->add_option("scenario", o->scenario, "Scenario file (JSON), or - for stdin")->required();
  auto* budget = sub->add_option("--budget", o->budget, "Billable commands a month to fit under")->check(CLI::NonNegativeNumber);
  sub->add_option("--plan", o->plan, "Fit this plan's quota (default: the scenario's plan)")->excludes(budget);
  sub->add_option("--constraint", o->constraints,
                  "Leave out changes that break METRIC<=VALUE (also <, >=, >; repeatable), e.g. \"staleness<=5min\", "
                  "\"pickup_latency<2s\", \"retention>=7\". Metrics:" + metrics_help())
      ->allow_extra_args(false);
  sub->add_option("--max-staleness", o->max_staleness, "Same as --constraint \"staleness<=VALUE\" (\"2m\", \"90s\")");
  sub->add_option("--top", o->top, "How many single changes to show, largest saving first (0: all)")->capture_default_str();
  sub->add_option("--set", o->set, "PATH=VALUE: change a field before recommending (JSON pointer or components.NAME.field; repeatable)");
  sub->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json"}));
  sub->add_option("-o,--output", o->output, "Write to a file instead of stdout (never left half-written)");
  sub->add_option("--write,--write-patched", o->write,
                  "Write the scenario with the best combination applied (with -o: both files or neither)");
  sub->callback([o] { run(*o); });
});

}  // namespace
