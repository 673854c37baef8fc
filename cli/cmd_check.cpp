// redcast check SCENARIO...: the CI budget gate. Exit 0 when every scenario fits the budget, 1 when
// any is over (the report is written either way, so CI can post it), 2 on bad input.
#include <cstdio>
#include <iostream>

#include "cli/registry.hpp"
#include "core/chart/projection_chart.hpp"
#include "core/check/check.hpp"
#include "core/scenario/overrides.hpp"
#include "core/input/errors.hpp"

namespace {

struct Options {
  std::vector<std::string> scenarios, compare;
  std::string budget, budget_usd, plan, baseline, format = "table", output, chart;
  std::vector<std::string> set;
  bool no_fix = false;
};

core::Budget budget_of(const Options& o) {
  const int given = !o.budget.empty() + !o.budget_usd.empty() + !o.plan.empty();
  if (given != 1)
    throw core::InputError("check", "", given == 0 ? "give the budget: --budget N[/day|/month], --budget-usd D or --plan NAME"
                                                   : "give one budget: --budget, --budget-usd or --plan");
  if (!o.budget.empty()) return core::parse_command_budget(o.budget);
  if (!o.budget_usd.empty()) return core::parse_usd_budget(o.budget_usd);
  return core::plan_budget(o.plan);
}

std::string chart_path(const std::string& chart, std::size_t i, std::size_t n) {
  if (n == 1) return chart;
  std::string stem = chart, ext;
  if (auto dot = chart.rfind('.'); dot != std::string::npos && chart.find('/', dot) == std::string::npos) {
    stem = chart.substr(0, dot);
    ext = chart.substr(dot);
  }
  return stem + "-" + std::to_string(i + 1) + ext;
}

void run(const Options& o) {
  core::CheckOptions opt;
  opt.budget = budget_of(o);
  opt.recommend = !o.no_fix;
  if (cli::stderr_is_tty())
    opt.progress = [](std::size_t i, std::size_t n, const std::string& file) {
      std::fprintf(stderr, "\r\033[Kchecking %zu/%zu %s", i + 1, n, file.c_str());
      if (i + 1 == n) std::fprintf(stderr, "\r\033[K");
    };
  if (o.scenarios.empty() && o.compare.empty())
    throw core::InputError("check", "", "expected at least one scenario file (or --compare OLD NEW)");
  // (scenario, baseline) pairs; every file is read before anything is projected, and every bad one
  // is reported, so one run lists all that a change broke.
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : o.scenarios) files.push_back({f, ""});
  if (o.compare.size() == 2) files.push_back({o.compare[1], o.compare[0]});
  std::vector<core::CheckInput> inputs;
  std::string errors;
  for (const auto& [path, compare_with] : files) {
    cli::check_output_is_not_input(o.output, path);
    if (!compare_with.empty()) cli::check_output_is_not_input(o.output, compare_with);
    try {
      core::CheckInput in{core::load_scenario_file(path, o.set), std::nullopt, ""};
      if (!compare_with.empty()) {
        in.baseline_file = compare_with;
        in.baseline = core::load_scenario_file(compare_with);
      } else if (!o.baseline.empty()) {
        auto b = core::baseline_path(path, o.baseline);
        in.baseline_file = b.value_or(o.baseline + "/" + path);
        if (b) in.baseline = core::load_scenario_file(*b);
      }
      inputs.push_back(std::move(in));
    } catch (const core::InputError& e) {
      errors += std::string(errors.empty() ? "" : "\n") + "redcast: " + e.what();
    }
  }
  if (!errors.empty()) throw cli::Exit{cli::kExitBadInput, errors};
  core::CheckReport r = core::check(inputs, opt);
  std::string text = o.format == "json"       ? core::check_to_json(r).dump(2) + "\n"
                     : o.format == "markdown" ? core::check_to_markdown(r)
                                              : core::check_to_table(r);
  std::vector<std::pair<std::string, std::string>> outputs{{o.output, text}};
  // One chart per scenario: FILE.svg for one, FILE-1.svg, FILE-2.svg, ... (in the report's order) for more.
  if (!o.chart.empty())
    for (std::size_t i = 0; i < r.scenarios.size(); ++i)
      outputs.push_back({chart_path(o.chart, i, r.scenarios.size()),
                         core::chart::render_svg(core::chart::projection_chart(*r.scenarios[i].projection))});
  cli::write_outputs(outputs);
  if (!r.fits())
    throw cli::Exit{cli::kExitCheckFailed, "redcast: " + std::to_string(r.over) + " of " + std::to_string(r.scenarios.size()) +
                                               (r.scenarios.size() == 1 ? " scenario" : " scenarios") + " over " + r.budget_text};
}

cli::Register reg(17, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("check", "CI budget gate: exit 1 when any scenario's projected bill is over the budget, with a report (markdown for a pull request)");
  sub->add_option("scenarios", o->scenarios, "Scenario files (JSON)");
  sub->add_option("--budget", o->budget, "Billable commands to fit under: N a month, or N/day for the busiest day (\"500K\", \"10000/day\")");
  sub->add_option("--budget-usd", o->budget_usd, "Dollars a month to fit under (the monthly cost on the scenario's plan)");
  sub->add_option("--plan", o->plan, "Fit this plan's quota, as the provider counts it (see `redcast plans`)");
  sub->add_option("--baseline", o->baseline, "The base branch's scenarios: DIR/SCENARIO, else DIR/<file name>; reports the change per scenario and component")
      ->check(CLI::ExistingDirectory);
  sub->add_option("--compare", o->compare, "OLD NEW: judge NEW and report its change from OLD")->expected(2)->allow_extra_args(false);
  sub->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json", "markdown"}));
  sub->add_option("-o,--output", o->output, "Write to a file instead of stdout (never left half-written; written when over, too)");
  sub->add_option("--chart", o->chart, "Also write an SVG chart per scenario (FILE.svg; FILE-1.svg, FILE-2.svg, ... for several, in the report's order)");
  sub->add_option("--set", o->set, "PATH=VALUE: change a field of every checked scenario before judging it (JSON pointer or components.NAME.field; repeatable)");
  sub->add_flag("--no-fix", o->no_fix, "Skip the search for the best fix of each over-budget scenario (faster)");
  sub->callback([o] { run(*o); });
});

}  // namespace
