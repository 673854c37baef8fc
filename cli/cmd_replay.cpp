// redcast replay CAPTURE: a redis-cli MONITOR capture turned into the command mix, clients, key
// patterns, loops, transients and a monthly projection; optionally checked against the server's
// INFO commandstats of the same run.
#include <memory>

#include "cli/registry.hpp"
#include "core/chart/replay_chart.hpp"
#include "core/input/errors.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/commandstats.hpp"
#include "core/replay/format.hpp"
#include "cli/progress.hpp"

namespace {

struct Options {
  std::string capture;
  std::string plan = core::kCapturePlan;
  int regions = 0;
  std::string format = "table";
  std::string output;
  std::string check, check_before;
  std::string chart;
  bool progress = false, no_progress = false;
  std::size_t rows = 15;
};

void run(const Options& o) {
  // Everything that can be wrong with the options fails before the capture is read.
  core::check_plan_id(o.plan, o.capture, "--plan");
  const sim::CivilDate today = cli::today();
  std::unique_ptr<core::replay::CommandStatsSnapshot> after, before;
  if (!o.check.empty()) after = std::make_unique<core::replay::CommandStatsSnapshot>(core::replay::load_commandstats(o.check));
  if (!o.check_before.empty()) {
    if (o.check.empty())
      throw core::InputError("--check-commandstats-before", "", "needs --check-commandstats (the snapshot after the capture)");
    before = std::make_unique<core::replay::CommandStatsSnapshot>(core::replay::load_commandstats(o.check_before));
  }
  cli::check_output_is_not_input(o.output, o.capture);
  cli::check_output_is_not_input(o.chart, o.capture);
  if (!o.chart.empty() && o.chart == o.output) throw core::InputError("--chart", "", "names the same file as -o; choose another");
  auto source = core::replay::ByteSource::open(o.capture);

  core::replay::ReplayOptions opt;
  opt.plan = o.plan;
  opt.today = today;
  if (o.regions > 0) opt.regions = o.regions;
  opt.report_rows = std::max<std::size_t>(o.rows, 200);
  bool show = o.progress || (!o.no_progress && cli::stderr_is_tty());
  cli::ProgressMeter meter(show);
  opt.progress = [&meter](const core::replay::ReadProgress& p) { meter.update(p); };
  core::replay::ReplayReport r = core::replay::replay_source(*source, opt);
  meter.done();

  std::unique_ptr<core::replay::CheckReport> check;
  if (after) check = std::make_unique<core::replay::CheckReport>(core::replay::check_commandstats(r, *after, before.get()));

  std::string text;
  if (o.format == "json") {
    nlohmann::json j = core::replay::replay_json(r);
    if (check) j["commandstats_check"] = core::replay::check_json(*check);
    text = core::replay::dump_json(j);
  } else {
    core::replay::TextStyle style{o.output.empty() && cli::color_enabled(), o.rows};
    text = core::replay::replay_text(r, style);
    if (check) text += "\n" + core::replay::check_text(*check, style);
  }
  if (o.chart.empty()) cli::write_output(o.output, text);
  else cli::write_outputs({{o.chart, core::chart::render_svg(core::chart::replay_chart(r))}, {o.output, text}});
  if (check && !check->passed)
    throw cli::Exit{cli::kExitCheckFailed, "redcast: " + std::to_string(check->differs) +
                                               " command(s) differ between the capture and " + o.check};
}

cli::Register reg(30, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "replay", "Analyse a redis-cli MONITOR capture: command mix, clients, key patterns, loops, monthly projection");
  sub->add_option("capture", o->capture, "MONITOR capture (plain or gzip), or - for stdin")->required();
  sub->add_option("--plan", o->plan, "Plan whose billing rules and prices apply (see `redcast plans`)")
      ->capture_default_str();
  sub->add_option("--regions", o->regions, "Regions a write is billed in (global databases; default: the plan's rules)")
      ->check(CLI::Range(1, 64));
  sub->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  sub->add_option("-o,--output", o->output, "Write to a file instead of stdout (never left half-written)");
  sub->add_option("--chart", o->chart, "Also write an SVG chart: the estimated month against the quota, the capture per minute");
  sub->add_option("--rows", o->rows, "Rows per table in the text output")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  sub->add_option("--check-commandstats", o->check,
                  "INFO commandstats taken right after the capture: compare per-command counts, exit 1 if any differ");
  sub->add_option("--check-commandstats-before", o->check_before,
                  "INFO commandstats taken right before the capture (when CONFIG RESETSTAT was not run)");
  sub->add_flag("--progress", o->progress, "Show a progress bar on stderr (default: when stderr is a terminal)");
  sub->add_flag("--no-progress", o->no_progress, "Never show the progress bar");
  sub->callback([o] { run(*o); });
});

}  // namespace
