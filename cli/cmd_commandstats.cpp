// redcast commandstats BEFORE [AFTER] --elapsed DURATION: per-command rates and a monthly
// projection from INFO commandstats snapshots, no capture needed.
#include <memory>
#include <optional>

#include "cli/registry.hpp"
#include "core/input/errors.hpp"
#include "core/replay/analyzer.hpp"
#include "core/replay/commandstats.hpp"
#include "core/replay/format.hpp"

namespace {

struct Options {
  std::vector<std::string> files;
  std::string elapsed;
  std::string plan = core::kCapturePlan;
  std::string format = "table";
  std::string output;
};

void run(const Options& o) {
  if (o.files.empty() || o.files.size() > 2)
    throw core::InputError("commandstats", "", "expected one or two INFO commandstats files (BEFORE AFTER, or AFTER alone "
                                               "for counters since CONFIG RESETSTAT)");
  std::optional<double> elapsed;
  if (!o.elapsed.empty()) {
    auto d = sim::parse_duration(o.elapsed);
    if (!d || *d <= 0)
      throw core::InputError("--elapsed", "", "expected a positive duration like 90s, 10m, 1h30m or a number of seconds, got \"" +
                                                  o.elapsed + "\"");
    elapsed = static_cast<double>(*d) / sim::kSecond;
  }
  core::check_plan_id(o.plan, o.files.back(), "--plan");
  const sim::CivilDate today = cli::today();
  for (const auto& f : o.files) cli::check_output_is_not_input(o.output, f);
  std::unique_ptr<core::replay::CommandStatsSnapshot> before;
  if (o.files.size() == 2)
    before = std::make_unique<core::replay::CommandStatsSnapshot>(core::replay::load_commandstats(o.files[0]));
  core::replay::CommandStatsSnapshot after = core::replay::load_commandstats(o.files.back());
  core::replay::RatesReport r = core::replay::commandstats_rates(before.get(), after, elapsed, o.plan, today);
  std::string text;
  if (o.format == "json") {
    text = core::replay::dump_json(core::replay::rates_json(r));
  } else {
    core::replay::TextStyle style{o.output.empty() && cli::color_enabled(), 15};
    text = core::replay::rates_text(r, style);
  }
  cli::write_output(o.output, text);
}

cli::Register reg(32, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "commandstats", "Per-command rates and a monthly projection from two INFO commandstats snapshots");
  sub->add_option("files", o->files, "BEFORE and AFTER snapshots (redis-cli INFO commandstats), or AFTER alone")
      ->required()
      ->expected(1, 2);
  sub->add_option("--elapsed", o->elapsed,
                  "Time between the snapshots (90s, 10m, 1h30m, or seconds); optional when both carry uptime_in_seconds");
  sub->add_option("--plan", o->plan, "Plan whose billing rules and prices apply (see `redcast plans`)")
      ->capture_default_str();
  sub->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  sub->add_option("-o,--output", o->output, "Write to a file instead of stdout (never left half-written)");
  sub->callback([o] { run(*o); });
});

}  // namespace
