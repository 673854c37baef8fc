#include "core/billing/plans_format.hpp"

#include <algorithm>
#include <sstream>

#include "core/format/format.hpp"

namespace core {
namespace {

json date_or_null(const std::optional<sim::CivilDate>& d) { return d ? json(sim::format_date(*d)) : json(nullptr); }
// 0 in the plan data means "not stated / none": null in the JSON.
json count_or_null(std::uint64_t v) { return v ? json(v) : json(nullptr); }
json price_or_null(double v) { return v > 0 ? json(v) : json(nullptr); }

json free_sets_json(const BillingRules& r) {
  json sets = json::array();
  for (const auto& f : r.free_sets) {
    json names = json::array();
    for (const auto& c : f.commands) names.push_back(c);
    sets.push_back({{"from", date_or_null(f.from)}, {"until", date_or_null(f.until)}, {"commands", names}, {"source", f.source}});
  }
  return sets;
}

std::string dates(const std::optional<sim::CivilDate>& from, const std::optional<sim::CivilDate>& until) {
  std::string s;
  if (from && until) s.append(sim::format_date(*from)).append(" to ").append(sim::format_date(*until));
  else if (from) s.append("from ").append(sim::format_date(*from));
  else if (until) s.append("until ").append(sim::format_date(*until));
  else s = "always";
  return s;
}

std::string list(const std::set<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : " ") + n;
  return s.empty() ? "none" : s;
}

}  // namespace

json plans_to_json() {
  json out;
  out["plans"] = json::array();
  for (const Plan& p : plans()) {
    json prices = {{"usd_per_100k_commands", price_or_null(p.usd_per_100k)},
                   {"usd_monthly", price_or_null(p.usd_monthly)},
                   {"storage_usd_per_gb_month", price_or_null(p.usd_per_gb_month)},
                   {"storage_free_bytes", count_or_null(p.storage_free_bytes)},
                   {"bandwidth_usd_per_gb", price_or_null(p.usd_per_gb_transfer)},
                   {"usd_per_million_ecpu", price_or_null(p.usd_per_million_ecpu)},
                   {"storage_usd_per_gb_hour", price_or_null(p.usd_per_gb_hour)},
                   {"storage_min_bytes", count_or_null(p.storage_min_bytes)}};
    json limits = {{"commands", count_or_null(p.limit)},
                   {"commands_period", p.limit ? json(to_string(p.period)) : json(nullptr)},
                   {"storage_bytes", count_or_null(p.storage_bytes)},
                   {"bandwidth_bytes_per_month", count_or_null(p.bandwidth_bytes)},
                   {"bandwidth_is_limit", p.bandwidth_bytes > 0 && p.usd_per_gb_transfer <= 0},
                   {"max_request_bytes", count_or_null(p.max_request_bytes)},
                   {"max_commands_per_second", count_or_null(p.max_commands_per_second)}};
    json j = {{"id", p.id}, {"name", p.name}, {"provider", p.provider}, {"price_model", to_string(p.model())},
              {"valid_from", date_or_null(p.valid_from)}, {"valid_until", date_or_null(p.valid_until)},
              {"prices", prices}, {"limits", limits}, {"rules", p.rules}, {"source", p.source}};
    auto r = std::find_if(billing_rules().begin(), billing_rules().end(), [&](const BillingRules& x) { return x.id == p.rules; });
    j["free_commands"] = r != billing_rules().end() ? free_sets_json(*r) : json::array();
    out["plans"].push_back(j);
  }
  out["rules"] = json::array();
  for (const auto& r : billing_rules())
    out["rules"].push_back({{"id", r.id}, {"source", r.source}, {"free_commands", free_sets_json(r)},
                            {"bill_script_inner", r.bill_script_inner}, {"bill_multi_exec", r.bill_multi_exec},
                            {"bill_blocking", r.bill_blocking}});
  return out;
}

std::string plans_to_table() {
  using format::grouped;
  using format::storage;
  using format::usd;
  std::ostringstream o;
  for (const Plan& p : plans()) {
    o << p.id << "  " << p.name << "\n";
    o << "  provider     " << p.provider << ", " << to_string(p.model()) << ", on sale " << dates(p.valid_from, p.valid_until)
      << "\n";
    std::string prices;
    auto add = [&](const std::string& s) { prices += (prices.empty() ? "" : "; ") + s; };
    if (p.usd_monthly > 0) add(usd(p.usd_monthly) + "/month");
    if (p.usd_per_100k > 0) add(usd(p.usd_per_100k) + " per 100K commands");
    if (p.usd_per_gb_month > 0)
      add("storage " + usd(p.usd_per_gb_month) + "/GB-month beyond " + storage(static_cast<double>(p.storage_free_bytes)));
    if (p.usd_per_gb_transfer > 0)
      add("bandwidth " + usd(p.usd_per_gb_transfer) + "/GB beyond " + storage(static_cast<double>(p.bandwidth_bytes)) + "/month");
    if (p.usd_per_million_ecpu > 0) add("$" + format::fixed(p.usd_per_million_ecpu, 4) + " per million ECPUs");
    if (p.usd_per_gb_hour > 0)
      add("storage $" + format::fixed(p.usd_per_gb_hour, 3) + "/GB-hour, at least " + storage(static_cast<double>(p.storage_min_bytes)));
    if (prices.empty()) add("free");
    o << "  prices       " << prices << "\n";
    std::string limits;
    auto lim = [&](const std::string& s) { limits += (limits.empty() ? "" : "; ") + s; };
    lim(p.limit ? grouped(p.limit) + " commands/" + to_string(p.period) : std::string("commands unlimited"));
    lim(p.storage_bytes ? "storage " + storage(static_cast<double>(p.storage_bytes)) : std::string("storage not capped"));
    if (p.bandwidth_bytes && p.usd_per_gb_transfer <= 0) lim("bandwidth " + storage(static_cast<double>(p.bandwidth_bytes)) + "/month");
    if (p.max_request_bytes) lim("request " + storage(static_cast<double>(p.max_request_bytes)));
    if (p.max_commands_per_second) lim(grouped(p.max_commands_per_second) + " commands/s");
    o << "  limits       " << limits << "\n";
    auto r = std::find_if(billing_rules().begin(), billing_rules().end(), [&](const BillingRules& x) { return x.id == p.rules; });
    if (r != billing_rules().end()) {
      if (r->free_sets.empty()) o << "  free         " << list(r->free_commands) << " (rules " << r->id << ")\n";
      for (const auto& f : r->free_sets) o << "  free         " << dates(f.from, f.until) << ": " << list(f.commands) << "\n";
    }
    o << "  source       " << p.source << "\n\n";
  }
  for (const auto& r : billing_rules()) o << "rules " << r.id << ": " << r.source << "\n";
  return o.str();
}

}  // namespace core
