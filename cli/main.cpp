// redcast: forecast, price and check the Redis command traffic of an application.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli/registry.hpp"
#include "core/input/errors.hpp"

namespace cli {
std::vector<Subcommand>& subcommands() {
  static std::vector<Subcommand> list;
  return list;
}
}  // namespace cli

int main(int argc, char** argv) {
  CLI::App app{"redcast: forecast the monthly command count of an application's Redis traffic, price it "
               "against command-billed plans, and check the models against MONITOR captures."};
  app.set_version_flag("--version", std::string("redcast ") + REDCAST_VERSION);
  app.require_subcommand(1);
  auto& subs = cli::subcommands();
  std::sort(subs.begin(), subs.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
  for (auto& s : subs) s.add(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return cli::kExitBadInput;
  } catch (const cli::Exit& e) {
    if (!e.message.empty()) std::cerr << e.message << '\n';
    return e.code;
  } catch (const core::InputError& e) {
    std::cerr << "redcast: " << e.what() << '\n';
    return cli::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "redcast: internal error: " << e.what() << '\n';
    return 3;
  }
  return cli::kExitOk;
}
