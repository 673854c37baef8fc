// redcast project SCENARIO: the month's commands, billable use, quota date and cost; what-ifs
// (--set, --sweep) and an SVG chart (--chart).
#include <iostream>
#include <optional>

#include "cli/registry.hpp"
#include "core/chart/projection_chart.hpp"
#include "core/format/format.hpp"
#include "core/projection/projection.hpp"
#include "core/projection/sweep.hpp"
#include "core/scenario/overrides.hpp"

namespace {

struct Options {
  std::string scenario;
  std::string start, plan, format = "table", output;
  int days = 0;
  double fail_over = -1;
  long long seed = -1;
  int replications = 0;
  std::vector<std::string> set;
  std::string sweep, chart;
};

std::string sweep_text(const core::Sweep& w, const std::string& format) {
  if (format == "json") return core::sweep_to_json(w).dump(2) + "\n";
  if (format == "csv") return core::sweep_to_csv(w);
  if (format == "markdown") return core::sweep_to_markdown(w);
  return core::sweep_to_table(w);
}

void run(const Options& o) {
  cli::check_output_is_not_input(o.output, o.scenario);
  cli::check_output_is_not_input(o.chart, o.scenario);
  if (!o.chart.empty() && o.chart == o.output) throw core::InputError("--chart", "", "names the same file as -o; choose another");
  // Every option is checked before the first (possibly long) run.
  std::optional<core::SweepSpec> spec;
  if (!o.sweep.empty()) spec = core::parse_sweep(o.sweep);
  std::vector<core::Override> sets;
  for (const auto& a : o.set) sets.push_back(core::parse_override(a));
  core::ScenarioDraft draft = core::read_scenario_draft(o.scenario);
  for (const auto& x : sets) core::apply_override(draft, x);
  core::Scenario s = core::load_draft(draft);
  core::ProjectionOptions opt;
  if (!o.start.empty()) {
    auto d = sim::parse_date(o.start);
    if (!d) throw core::InputError("--start", "", "expected a date like 2026-01-01, got \"" + o.start + "\"");
    opt.start = *d;
  }
  if (o.days > 0) opt.days = o.days;
  if (!o.plan.empty()) opt.plan = o.plan;
  if (o.seed >= 0) opt.seed = static_cast<std::uint64_t>(o.seed);
  if (o.replications > 0) opt.replications = o.replications;
  if (cli::stderr_is_tty())
    opt.progress = [](double f) { std::fprintf(stderr, "\rreplications %3.0f%%%s", f * 100, f >= 1 ? "\n" : ""); };
  if (spec) {
    opt.progress = nullptr;
    return cli::write_output(o.output, sweep_text(core::sweep(draft, *spec, opt), o.format));
  }
  core::Projection p = core::project(s, opt);
  std::string text;
  if (o.format == "json") text = core::projection_to_json(p).dump(2) + "\n";
  else if (o.format == "csv") text = core::projection_to_csv(p);
  else if (o.format == "markdown") text = core::projection_to_markdown(p);
  else text = core::projection_to_table(p, o.output.empty() && cli::color_enabled());
  if (o.chart.empty()) cli::write_output(o.output, text);
  else cli::write_outputs({{o.chart, core::chart::render_svg(core::chart::projection_chart(p))}, {o.output, text}});
  if (o.fail_over >= 0) {
    if (p.plan.limit == 0)
      throw cli::Exit{cli::kExitBadInput, "redcast: --fail-over needs a plan with a quota; \"" + p.plan.id + "\" has none"};
    if (p.used_pct > o.fail_over) {
      throw cli::Exit{cli::kExitCheckFailed, "redcast: projected use is " + core::format::percent(p.used_pct) + " of the " +
                                                 p.plan.id + " quota, over the " + core::format::percent(o.fail_over) + " limit"};
    }
  }
}

cli::Register reg(10, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("project", "Project a scenario's Redis commands over its period: totals, quota, cost");
  sub->add_option("scenario", o->scenario, "Scenario file (JSON), or - for stdin")->required();
  sub->add_option("--start", o->start, "First day of the period (YYYY-MM-DD), overriding the scenario");
  sub->add_option("--days", o->days, "Length of the period in days")->check(CLI::Range(1, 366));
  sub->add_option("--plan", o->plan, "Plan to price against (see `redcast plans`)");
  sub->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json", "csv", "markdown"}));
  sub->add_option("-o,--output", o->output, "Write to a file instead of stdout (never left half-written)");
  auto* fail_over = sub->add_option("--fail-over", o->fail_over, "Exit 1 when projected use passes PCT % of the plan's quota")
      ->check(CLI::Range(0.0, 100000.0));
  sub->add_option("--set", o->set,
                  "PATH=VALUE: change a field first; PATH a JSON pointer (/components/0/schedule/cron) or dotted "
                  "(components.NAME.schedule.cron), VALUE JSON or else a string (repeatable)")
      ->allow_extra_args(false);
  auto* sweep = sub->add_option("--sweep", o->sweep,
                                "PATH=V1,V2,...: one projection per value, one row each (a value with a comma: "
                                "write it as a JSON string, \"0,30 * * * *\")")
                    ->excludes(fail_over);
  sub->add_option("--chart", o->chart, "Also write an SVG chart: cumulative billable against the quota, bars per day")
      ->excludes(sweep);
  sub->add_option("--seed", o->seed, "Random seed (stochastic scenarios)")->check(CLI::NonNegativeNumber);
  sub->add_option("--replications", o->replications, "Replications with independent seeds")->check(CLI::Range(1, 10000));
  sub->callback([o] { run(*o); });
});

}  // namespace
