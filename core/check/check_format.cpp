// `redcast check` output: JSON (the numbers, unformatted), a terminal table, and a markdown summary
// for a pull-request comment. Every number in text goes through core/format.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/check/check.hpp"
#include "core/format/format.hpp"

namespace core {
namespace {

using format::compact;
using format::grouped;
using format::percent;
using format::usd;

// The limit's unit in words, for a column of figures.
std::string per(const std::string& unit) { return unit == "day" ? "/day" : unit == "month" ? "/month" : ""; }
std::string amount(double v, const std::string& unit) { return unit == "usd" ? usd(v) : grouped(v); }

// "+412K", "-553K", "0": a change in billable commands, signed.
std::string signed_compact(double v) {
  if (std::fabs(v) < 0.5) return "0";
  std::string s = v > 0 ? "+" : "-";
  return s += compact(std::fabs(v));
}
std::string signed_usd(double v) {
  if (std::fabs(v) < 0.005) return "$0.00";
  std::string s = v > 0 ? "+" : "-";
  return s += usd(std::fabs(v));
}

std::string top_component(const ScenarioCheck& c) {
  if (c.components.empty()) return "none";
  const ComponentShare& t = c.components.front();
  return t.name + " (" + percent(t.share_pct) + ")";
}

std::string fix_text(const ScenarioCheck& c, bool searched) {
  if (c.fits) return "";
  if (!c.fix) return searched ? "no lever saves anything" : "not searched (--no-fix)";
  // One lever in the row; the details list every lever of the combination.
  std::string s = c.fix->levers.front();
  if (c.fix->levers.size() > 1) s += " + " + std::to_string(c.fix->levers.size() - 1) + " more";
  s += " (saves " + compact(c.fix->saving) + "/month, " + usd(c.fix->usd_saved) + (c.fix->fits ? "" : "; still over") + ")";
  return s;
}

// "+412K/month (+59.6%): cron-poll +412K" — the change against the base branch, or "new".
std::string delta_text(const ScenarioDelta& d, bool with_components, std::size_t max_components) {
  if (!d.found) return "new scenario";
  if (std::fabs(d.delta()) < 0.5 && d.components.empty()) return "no change";
  std::string s = signed_compact(d.delta()) + "/month";
  if (d.billable_before > 0 && std::fabs(d.delta()) >= 0.5) s += " (" + (d.delta() > 0 ? std::string("+") : std::string()) + percent(d.delta() / d.billable_before * 100) + ")";
  if (with_components) {
    std::size_t n = 0;
    for (const auto& ch : d.components) {
      if (n++ == max_components) break;
      s += (n == 1 ? ": " : ", ") + ch.name + " " + signed_compact(ch.delta()) + (ch.added ? " (new)" : ch.removed ? " (removed)" : "");
    }
  }
  return s;
}

// One RFC 6902 operation in words.
std::string op_words(const PatchOp& op) {
  if (op.op == "remove") return "remove `" + op.path + "`";
  return "set `" + op.path + "` to `" + op.value.dump() + "`";
}

std::string md_cell(std::string s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') out += "\\|";
    else if (ch == '\n') out += ' ';
    else out += ch;
  }
  return out;
}

std::string headline(const CheckReport& r) {
  const std::size_t n = r.scenarios.size();
  std::string of = std::to_string(n) + (n == 1 ? " scenario" : " scenarios");
  if (r.over == 0) return (n == 1 ? "the scenario fits " : "all " + of + " fit ") + r.budget_text;
  return std::to_string(r.over) + " of " + of + " over " + r.budget_text;
}

bool any_delta(const CheckReport& r) {
  for (const auto& c : r.scenarios)
    if (c.delta) return true;
  return false;
}

json patch_json(const std::vector<PatchOp>& ops) { return patch_to_json(ops); }

// The details of one over-budget scenario: its figures, top components, the fix in words and its
// change against the base branch.
void md_details(std::ostream& o, const ScenarioCheck& c, bool searched) {
  o << "\n#### " << md_cell(c.name) << " (`" << c.file << "`)\n\n";
  o << "Projected " << amount(c.projected, c.unit) << per(c.unit) << " against " << amount(c.limit, c.unit) << " ("
    << percent(c.pct) << ")";
  if (c.unit != "month") o << "; " << grouped(c.billable_per_month) << " billable commands a month";
  o << "; " << usd(c.monthly_usd) << " a month on " << c.cost_basis << ".";
  if (c.exhausted_at) o << " The " << c.plan << " quota runs out " << *c.exhausted_at << ".";
  o << "\n\n| component | type | billable/month | share |\n|---|---|---:|---:|\n";
  std::size_t n = 0;
  for (const auto& x : c.components) {
    if (n++ == 5) break;
    o << "| " << md_cell(x.name) << " | " << x.type << " | " << grouped(x.billable_per_month) << " | " << percent(x.share_pct) << " |\n";
  }
  if (c.components.size() > 5) o << "| " << c.components.size() - 5 << " more | | | |\n";
  if (c.fix) {
    o << "\nBest fix: " << grouped(c.fix->after) << " billable a month after it, saving " << grouped(c.fix->saving)
      << " (" << usd(c.fix->usd_saved) << " at pay-as-you-go); " << (c.fix->fits ? "fits" : "still over") << ".\n";
    for (std::size_t i = 0; i < c.fix->levers.size(); ++i)
      o << "- " << md_cell(c.fix->levers[i]) << " (cost: " << md_cell(c.fix->costs[i]) << ")\n";
    o << "\nThe patch: ";
    for (std::size_t i = 0; i < c.fix->patch.size(); ++i) o << (i ? "; " : "") << op_words(c.fix->patch[i]);
    o << ".\n";
  } else if (searched) {
    o << "\nNo setting the recommender knows saves anything here.\n";
  }
  if (c.delta && c.delta->found) {
    o << "\nChange vs base (`" << c.delta->baseline_file << "`): " << signed_compact(c.delta->delta()) << " billable commands a month ("
      << grouped(c.delta->billable_before) << " → " << grouped(c.delta->billable_after) << "), " << signed_usd(c.delta->usd_after - c.delta->usd_before)
      << " a month.\n";
    for (const auto& ch : c.delta->components)
      o << "- " << signed_compact(ch.delta()) << " commands/month from " << md_cell(ch.name)
        << (ch.added ? " (new component)" : ch.removed ? " (removed)" : "") << "\n";
  }
}

}  // namespace

json check_to_json(const CheckReport& r) {
  json j;
  static const char* kinds[] = {"commands_per_month", "commands_per_day", "usd_per_month", "plan_quota"};
  j["budget"] = {{"kind", kinds[static_cast<int>(r.budget.kind)]},
                 {"value", r.budget.kind == BudgetKind::plan_quota ? json(nullptr) : json(r.budget.value)},
                 {"plan", r.budget.plan.empty() ? json(nullptr) : json(r.budget.plan)},
                 {"text", r.budget_text}};
  j["fits"] = r.fits();
  j["over"] = r.over;
  json list = json::array();
  for (const auto& c : r.scenarios) {
    json sj = {{"file", c.file}, {"scenario", c.name}, {"plan", c.plan}, {"fits", c.fits},
               {"unit", c.unit}, {"projected", c.projected}, {"limit", c.limit},
               {"pct_of_limit", std::isfinite(c.pct) ? json(std::round(c.pct * 1000) / 1000) : json(nullptr)},
               {"billable_per_month", c.billable_per_month}, {"peak_day_billable", c.peak_day_billable},
               {"monthly_usd", std::round(c.monthly_usd * 100) / 100}, {"cost_basis", c.cost_basis},
               {"exhausted_at", c.exhausted_at ? json(*c.exhausted_at) : json(nullptr)}};
    json comps = json::array();
    for (const auto& x : c.components)
      comps.push_back({{"name", x.name}, {"type", x.type}, {"billable_per_month", x.billable_per_month},
                       {"share_pct", std::round(x.share_pct * 1000) / 1000}});
    sj["components"] = std::move(comps);
    sj["top_component"] = c.components.empty() ? json(nullptr) : json(c.components.front().name);
    if (c.fix)
      sj["fix"] = {{"levers", c.fix->levers}, {"costs", c.fix->costs}, {"patch", patch_json(c.fix->patch)},
                   {"billable_after", c.fix->after}, {"saving", c.fix->saving},
                   {"payg_usd_saved", std::round(c.fix->usd_saved * 100) / 100}, {"fits", c.fix->fits}};
    else sj["fix"] = nullptr;
    if (c.delta) {
      const ScenarioDelta& d = *c.delta;
      json dc = json::array();
      for (const auto& ch : d.components)
        dc.push_back({{"name", ch.name}, {"before", ch.before}, {"after", ch.after}, {"delta", ch.delta()},
                      {"added", ch.added}, {"removed", ch.removed}});
      sj["baseline"] = {{"file", d.baseline_file}, {"found", d.found},
                        {"billable_per_month_before", d.billable_before}, {"billable_per_month_after", d.billable_after},
                        {"delta", d.delta()}, {"monthly_usd_before", std::round(d.usd_before * 100) / 100},
                        {"monthly_usd_after", std::round(d.usd_after * 100) / 100},
                        {"fits_before", d.fits_before}, {"components", std::move(dc)}};
    } else {
      sj["baseline"] = nullptr;
    }
    list.push_back(std::move(sj));
  }
  j["scenarios"] = std::move(list);
  return j;
}

std::string check_to_table(const CheckReport& r) {
  const bool deltas = any_delta(r);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {"", "scenario", "projected", "limit", "% of it", "$/month", "top component"};
  if (deltas) head.push_back("vs base");
  head.push_back("best fix");
  rows.push_back(head);
  for (const auto& c : r.scenarios) {
    std::vector<std::string> row = {c.fits ? "fits" : "OVER", c.name, amount(c.projected, c.unit) + per(c.unit),
                                    amount(c.limit, c.unit), percent(c.pct), usd(c.monthly_usd), top_component(c)};
    if (deltas) row.push_back(c.delta ? delta_text(*c.delta, true, 2) : "");
    row.push_back(c.fits ? "" : fix_text(c, r.fix_searched));
    rows.push_back(row);
  }
  std::vector<std::size_t> width(head.size(), 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  std::string s = "redcast check: " + headline(r) + "\n\n";
  for (const auto& row : rows) {
    std::string line = "  ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool right = i >= 2 && i <= 5;  // figures line up on the right
      std::string pad(width[i] - row[i].size(), ' ');
      line += (i ? "  " : "") + (right ? pad + row[i] : row[i] + pad);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    s += line + "\n";
  }
  for (const auto& c : r.scenarios) {
    if (c.fits) continue;
    s += "\n" + c.name + " (" + c.file + "): " + amount(c.projected, c.unit) + per(c.unit) + " against " +
         amount(c.limit, c.unit) + ", " + percent(c.pct) + "\n";
    if (c.exhausted_at) s += "  the " + c.plan + " quota runs out " + *c.exhausted_at + "\n";
    for (const auto& x : c.components)
      s += "  " + x.name + ": " + grouped(x.billable_per_month) + " billable a month (" + percent(x.share_pct) + ")\n";
    if (c.fix)
      for (const auto& op : c.fix->patch) s += "  fix: " + op_words(op) + "\n";
  }
  return s;
}

std::string check_to_markdown(const CheckReport& r) {
  const bool deltas = any_delta(r);
  std::ostringstream o;
  // The marker lets a CI job find and update its earlier comment instead of adding another.
  o << "<!-- redcast-check -->\n";
  o << "### redcast check: " << (r.over ? "❌ " : "✅ ") << headline(r) << "\n\n";
  const bool dollars = r.budget.kind == BudgetKind::usd_per_month;
  o << "| | scenario | " << (dollars ? "projected cost" : "projected billable") << " | limit | % of limit | $/month | top component |" << (deltas ? " vs base |" : "")
    << " best fix (saving) |\n";
  o << "|---|---|---:|---:|---:|---:|---|" << (deltas ? "---|" : "") << "---|\n";
  for (const auto& c : r.scenarios) {
    o << "| " << (c.fits ? "fits" : "**over**") << " | " << md_cell(c.name) << " | " << amount(c.projected, c.unit) << per(c.unit)
      << " | " << amount(c.limit, c.unit) << " | " << percent(c.pct) << " | " << usd(c.monthly_usd) << " | "
      << md_cell(top_component(c)) << " |";
    if (deltas) o << " " << (c.delta ? md_cell(delta_text(*c.delta, true, 1)) : "") << " |";
    o << " " << (c.fits ? "—" : md_cell(fix_text(c, r.fix_searched))) << " |\n";
  }
  // GitHub refuses comments over 65,536 characters: details that would pass this are left out.
  constexpr std::size_t kMaxComment = 60000;
  std::size_t left_out = 0;
  for (const auto& c : r.scenarios) {
    if (c.fits) continue;
    std::ostringstream one;
    md_details(one, c, r.fix_searched);
    if (left_out == 0 && static_cast<std::size_t>(o.tellp()) + one.str().size() <= kMaxComment) o << one.str();
    else ++left_out;
  }
  if (left_out)
    o << "\n_The details of " << left_out << " more over-budget scenario" << (left_out == 1 ? "" : "s")
      << " are left out to keep this comment short; `redcast check --format table` prints them all._\n";
  if (deltas) {
    bool header = false;
    for (const auto& c : r.scenarios) {
      if (!c.fits || !c.delta || !c.delta->found || c.delta->components.empty()) continue;
      if (!header) o << "\n#### Changes in scenarios that fit\n\n";
      header = true;
      for (const auto& ch : c.delta->components)
        o << "- " << md_cell(c.name) << ": " << signed_compact(ch.delta()) << " commands/month from " << md_cell(ch.name)
          << (ch.added ? " (new component)" : ch.removed ? " (removed)" : "") << "\n";
    }
  }
  o << "\n<sub>Budget: " << r.budget_text << ". Billable commands as the provider counts them; a month is a 30-day billing month.</sub>\n";
  return o.str();
}

}  // namespace core
