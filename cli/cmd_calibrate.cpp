// redcast calibrate CAPTURE: a MONITOR capture turned into a scenario that explains it (recognised
// job-queue components with fitted settings, periodic loops, a remainder), checked per command
// against the capture; optionally beside the user's own scenario. All logic is in core/calibrate.
#include <memory>

#include "cli/progress.hpp"
#include "cli/registry.hpp"
#include "core/scenario/overrides.hpp"
#include "core/calibrate/calibrate.hpp"
#include "core/calibrate/calibrate_format.hpp"
#include "core/input/errors.hpp"

namespace {

struct Options {
  std::string capture, scenario, write, output;
  std::string plan = core::kCapturePlan;
  std::string format = "table";
  bool progress = false, no_progress = false;
  std::vector<std::string> set;
};

void run(const Options& o) {
  // Everything that can be wrong with the options fails before the capture is read.
  core::check_plan_id(o.plan, o.capture, "--plan");
  cli::check_output_is_not_input(o.output, o.capture);
  cli::check_output_is_not_input(o.write, o.capture);
  if (!o.write.empty() && (o.write == o.output || (o.write == "-" && o.output.empty())))
    throw core::InputError("--write", "", "the scenario and the report need two different files");
  std::unique_ptr<core::Scenario> user;
  if (!o.scenario.empty()) user = std::make_unique<core::Scenario>(core::load_scenario_file(o.scenario, o.set));
  else if (!o.set.empty()) throw core::InputError("--set", "", "changes fields of --scenario; give --scenario too");

  core::replay::ReplayOptions ropt;
  ropt.plan = o.plan;
  ropt.today = cli::today();
  bool show = o.progress || (!o.no_progress && cli::stderr_is_tty());
  cli::ProgressMeter meter(show);
  ropt.progress = [&meter](const core::replay::ReadProgress& p) { meter.update(p); };
  core::calibrate::CalibrateOptions copt;
  copt.user = user.get();
  core::calibrate::CalibrationReport r = core::calibrate::calibrate_capture(o.capture, ropt, copt);
  meter.done();

  std::string text;
  if (o.format == "json") text = core::calibrate::calibration_json_text(r);
  else if (o.format == "markdown") text = core::calibrate::calibration_markdown(r);
  else text = core::calibrate::calibration_table(r);
  std::vector<std::pair<std::string, std::string>> files;
  if (!o.write.empty()) files.emplace_back(o.write, core::calibrate::scenario_text(r));
  files.emplace_back(o.output, text);
  cli::write_outputs(files);
}

cli::Register reg(35, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "calibrate", "Turn a MONITOR capture into a scenario: recognise job-queue libraries and loops, fit them, check per command");
  sub->add_option("capture", o->capture, "MONITOR capture (plain or gzip), or - for stdin")->required();
  sub->add_option("--scenario", o->scenario, "Your scenario: match its components to the capture, show its rates beside");
  sub->add_option("--set", o->set, "PATH=VALUE: change a field of --scenario before matching it (JSON pointer or components.NAME.field; repeatable)");
  sub->add_option("--write", o->write, "Save the calibrated scenario to this file (never left half-written)");
  sub->add_option("--plan", o->plan, "Plan of the calibrated scenario (see `redcast plans`)")->capture_default_str();
  sub->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "markdown"}))
      ->capture_default_str();
  sub->add_option("-o,--output", o->output, "Write the report to a file instead of stdout");
  sub->add_flag("--progress", o->progress, "Show a progress bar on stderr (default: when stderr is a terminal)");
  sub->add_flag("--no-progress", o->no_progress, "Never show the progress bar");
  sub->callback([o] { run(*o); });
});

}  // namespace
