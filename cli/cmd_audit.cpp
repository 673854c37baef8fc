// redcast audit CAPTURE: the anti-patterns of a MONITOR capture, each with example lines and the
// monthly saving of its fix.
#include <memory>

#include "cli/registry.hpp"
#include "core/format/format.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/format.hpp"
#include "cli/progress.hpp"

namespace {

struct Options {
  std::string capture;
  std::string plan = core::kCapturePlan;
  int regions = 0;
  std::string format = "table";
  std::string output;
  bool progress = false, no_progress = false;
  double fail_over = -1;
};

void run(const Options& o) {
  core::check_plan_id(o.plan, o.capture, "--plan");
  const sim::CivilDate today = cli::today();
  cli::check_output_is_not_input(o.output, o.capture);
  auto source = core::replay::ByteSource::open(o.capture);
  core::replay::ReplayOptions opt;
  opt.plan = o.plan;
  opt.today = today;
  if (o.regions > 0) opt.regions = o.regions;
  bool show = o.progress || (!o.no_progress && cli::stderr_is_tty());
  cli::ProgressMeter meter(show);
  opt.progress = [&meter](const core::replay::ReadProgress& p) { meter.update(p); };
  core::replay::AuditReport a = core::replay::audit_source(*source, opt);
  meter.done();
  std::string text;
  if (o.format == "json") {
    text = core::replay::dump_json(core::replay::audit_json(a));
  } else {
    core::replay::TextStyle style{o.output.empty() && cli::color_enabled(), 15};
    text = core::replay::audit_text(a, style);
  }
  cli::write_output(o.output, text);
  if (o.fail_over >= 0) {
    double saved = 0;
    for (const auto& f : a.findings) saved += f.monthly_billable_saved;
    if (saved > o.fail_over)
      throw cli::Exit{cli::kExitCheckFailed, "redcast: the findings would save " + core::format::grouped(static_cast<long long>(saved)) +
                                                 " billable commands a month, over the --fail-over limit"};
  }
}

cli::Register reg(31, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("audit", "Find wasteful command patterns in a MONITOR capture, with the monthly saving of each fix");
  sub->add_option("capture", o->capture, "MONITOR capture (plain or gzip), or - for stdin")->required();
  sub->add_option("--plan", o->plan, "Plan whose billing rules and prices apply (see `redcast plans`)")
      ->capture_default_str();
  sub->add_option("--regions", o->regions, "Regions a write is billed in (global databases)")->check(CLI::Range(1, 64));
  sub->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  sub->add_option("-o,--output", o->output, "Write to a file instead of stdout (never left half-written)");
  sub->add_option("--fail-over", o->fail_over,
                  "Exit 1 when the findings together would save more than N billable commands a month (CI)")
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--progress", o->progress, "Show a progress bar on stderr (default: when stderr is a terminal)");
  sub->add_flag("--no-progress", o->no_progress, "Never show the progress bar");
  sub->callback([o] { run(*o); });
});

}  // namespace
