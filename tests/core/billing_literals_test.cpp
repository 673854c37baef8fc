// Prices, pay-as-you-go lookups and the length of a billing month live in core/billing/ only: this
// test reads every source file of core/, cli/ and web/ outside it and fails on a line (comments
// left out) that restates one.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

struct Rule {
  const char* what;
  std::regex pattern;
  std::regex context = std::regex(".");  // the line must also match this
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> r = {
      {"a price per 100K commands", std::regex(R"(usd_per_100k\s*[*/]|[*/]\s*[\w.>-]*usd_per_100k)")},
      {"a price per 100K commands", std::regex(R"(100000(\.0)?\b|100'000|\b1e5\b)"),
       std::regex(R"(usd|price|payg|cost|100k|billable)", std::regex::icase)},
      {"a price literal", std::regex(R"(\b0\.20?\b)"), std::regex(R"(usd|price|payg|cost|100k)", std::regex::icase)},
      {"a billing month of 30 days", std::regex(R"(\b30(\.0)?\s*\*\s*(86400|24\s*\*\s*3600|(sim::)?kDay)\b|(86400(\.0)?|(sim::)?kDay)\s*\*\s*30\b|[*/]\s*30\.0\b|\b30\.0\s*[*/])")},
      {"a pay-as-you-go plan looked up by name", std::regex(R"("upstash-payg"|find_plan\s*\(\s*")")},
  };
  return r;
}

// The line without its // comment (strings in this code base hold no "//" where a literal matters).
std::string code_of(const std::string& line) {
  auto at = line.find("//");
  return at == std::string::npos ? line : line.substr(0, at);
}

std::string offence(const std::string& line) {
  std::string code = code_of(line);
  for (const auto& r : rules())
    if (std::regex_search(code, r.pattern) && std::regex_search(code, r.context)) return r.what;
  return "";
}

}  // namespace

TEST_CASE("the literal checks catch what they are for", "[billing][literals]") {
  // Lines as they were before the billing module owned them.
  CHECK(offence("  double months = r.days / 30.0;") == "a billing month of 30 days");
  CHECK(offence("    monthly.push_back(static_cast<double>(billable) * 30.0 / r.days);") == "a billing month of 30 days");
  CHECK(offence("constexpr double kSecondsPerMonth = 30.0 * 86400.0;") == "a billing month of 30 days");
  CHECK(offence("  p.payg_usd = payg ? static_cast<double>(p.billable) / 100000.0 * payg->usd_per_100k : 0;") ==
        "a price per 100K commands");
  CHECK(offence("    usd = r.plan.usd_per_100k / 1e5;") == "a price per 100K commands");
  CHECK(offence("  double payg_per_100k = 0.20;") == "a price literal");
  CHECK(offence("  if (auto payg = find_plan(\"upstash-payg\", s.start))") == "a pay-as-you-go plan looked up by name");
  // What may stay: a 30 s lock, a range check of 100000, a 0.2 s tolerance, a test that a plan has a per-command price, comments.
  CHECK(offence("  sim::Duration lock_ttl = 30 * sim::kSecond;") == "");
  CHECK(offence("      ->check(CLI::Range(1, 100000))") == "");
  CHECK(offence("      double tol = std::min(0.3 * P, std::max(0.2, 0.05 * P));") == "");
  CHECK(offence("  if (r.plan.usd_per_100k > 0 || r.plan.usd_monthly > 0) o += usd(p.monthly_cost_usd);") == "");
  CHECK(offence("  double usd_saved = 0;  // the saving on pay-as-you-go ($0.20 per 100K)") == "");
}

TEST_CASE("no price, pay-as-you-go lookup or month length outside core/billing/", "[billing][literals]") {
  namespace fs = std::filesystem;
  const fs::path root = REDCAST_SOURCE_DIR;
  int files = 0;
  std::vector<std::string> found;
  for (const char* dir : {"core", "cli", "web"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (!entry.is_regular_file()) continue;
      std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp" && ext != ".inc" && ext != ".h") continue;
      std::string rel = fs::relative(entry.path(), root).generic_string();
      if (rel.rfind("core/billing/", 0) == 0) continue;
      ++files;
      std::ifstream in(entry.path());
      std::string line;
      for (int no = 1; std::getline(in, line); ++no)
        if (std::string what = offence(line); !what.empty()) found.push_back(rel + ":" + std::to_string(no) + ": " + what);
    }
  }
  CHECK(files > 50);
  for (const auto& f : found) UNSCOPED_INFO(f);
  CHECK(found.empty());
}
