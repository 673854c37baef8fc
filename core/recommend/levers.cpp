#include "core/recommend/levers.hpp"

#include <cstdio>
#include <optional>
#include <sstream>

#include "core/input/errors.hpp"
#include "sim/time.hpp"

namespace core {
namespace {

bool has_path(const json& obj, const std::string& rel) {
  try {
    return obj.contains(json::json_pointer(rel));
  } catch (const std::exception&) {
    return false;
  }
}

// "replace" when the member exists, "add" when it is left to its default.
PatchOp set_op(const json& obj, const std::string& rel, json value) {
  return PatchOp{has_path(obj, rel) ? "replace" : "add", rel, std::move(value)};
}

std::optional<sim::Duration> duration_at(const json& obj, const std::string& rel, std::optional<sim::Duration> def) {
  if (!has_path(obj, rel)) return def;
  const json& v = obj.at(json::json_pointer(rel));
  if (v.is_number()) return static_cast<sim::Duration>(v.get<double>() * 1e6);
  if (v.is_string()) return sim::parse_duration(v.get<std::string>());
  return std::nullopt;
}

double seconds(sim::Duration d) { return static_cast<double>(d) / static_cast<double>(sim::kSecond); }

std::string words(sim::Duration d) {
  if (d >= sim::kHour && d % sim::kHour == 0) {
    auto h = d / sim::kHour;
    return h == 1 ? "hour" : std::to_string(h) + " h";
  }
  if (d >= sim::kMinute && d % sim::kMinute == 0) {
    auto m = d / sim::kMinute;
    return m == 1 ? "minute" : std::to_string(m) + " min";
  }
  if (d >= sim::kSecond && d % sim::kSecond == 0) return std::to_string(d / sim::kSecond) + " s";
  return sim::format_duration(d);
}

// Minutes between fires of "* * * * *" (1) and "*/n * * * *" (n); 0 for anything else.
int cron_step(const std::string& expr) {
  std::istringstream in(expr);
  std::vector<std::string> f;
  for (std::string w; in >> w;) f.push_back(w);
  if (f.size() != 5) return 0;
  for (std::size_t i = 1; i < 5; ++i)
    if (f[i] != "*") return 0;
  if (f[0] == "*") return 1;
  if (f[0].rfind("*/", 0) == 0) {
    try {
      int n = std::stoi(f[0].substr(2));
      return n > 0 && 60 % n == 0 ? n : 0;
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

// Slower schedules for a component's "schedule" object: cron */5, */10 (from a faster minute grid)
// or the interval times 2, 5 and 10. `what` says what the user waits for.
std::optional<Lever> schedule_lever(const json& c, const std::string& what, const std::vector<int>& factors) {
  if (!c.contains("schedule") || !c["schedule"].is_object()) return std::nullopt;
  const json& s = c["schedule"];
  Lever l;
  if (s.contains("cron") && s["cron"].is_string()) {
    int n = cron_step(s["cron"].get<std::string>());
    if (n == 0) return std::nullopt;
    l.pointer = "/schedule/cron";
    for (int m : {5, 10, 15, 30}) {
      if (m <= n || l.choices.size() >= 2) continue;
      std::string now = n == 1 ? "every minute" : "every " + std::to_string(n) + " min";
      LeverChoice ch;
      ch.label = "cron every " + std::to_string(m) + " min instead of " + now;
      ch.cost = what + " up to " + std::to_string(m) + " min later instead of " + std::to_string(n) + " min";
      ch.staleness_s = m * 60.0;
      ch.ops.push_back({"replace", "/schedule/cron", "*/" + std::to_string(m) + " * * * *"});
      l.choices.push_back(std::move(ch));
    }
  } else if (s.contains("every")) {
    auto d = duration_at(c, "/schedule/every", std::nullopt);
    if (!d || *d <= 0) return std::nullopt;
    l.pointer = "/schedule/every";
    for (int k : factors) {
      sim::Duration nd = *d * k;
      LeverChoice ch;
      ch.label = "every " + words(nd) + " instead of every " + words(*d);
      ch.cost = what + " up to " + words(nd) + " later instead of " + words(*d);
      ch.staleness_s = seconds(nd);
      ch.ops.push_back({"replace", "/schedule/every", sim::format_duration(nd)});
      l.choices.push_back(std::move(ch));
    }
  }
  if (l.choices.empty()) return std::nullopt;
  return l;
}

Lever single(std::string pointer, std::string label, std::string cost, std::vector<PatchOp> ops, double staleness = 0) {
  Lever l;
  l.pointer = std::move(pointer);
  l.choices.push_back(LeverChoice{std::move(label), std::move(cost), staleness, std::move(ops)});
  return l;
}

std::string str_or(const json& c, const std::string& rel, const std::string& def) {
  if (!has_path(c, rel)) return def;
  const json& v = c.at(json::json_pointer(rel));
  return v.is_string() ? v.get<std::string>() : def;
}

bool bool_or(const json& c, const std::string& rel, bool def) {
  if (!has_path(c, rel)) return def;
  const json& v = c.at(json::json_pointer(rel));
  return v.is_boolean() ? v.get<bool>() : def;
}

// "5.5" < "5.6": compares dotted numbers.
bool version_below(const std::string& v, int major, int minor) {
  int a = 0, b = 0;
  if (std::sscanf(v.c_str(), "%d.%d", &a, &b) < 1) return true;
  return a < major || (a == major && b < minor);
}

// The state layout lever shared by cron_poller and poller_pages (both read the same lastIds).
void layout_lever(const json& c, std::vector<Lever>& out) {
  if (!c.contains("state") || !c["state"].is_object()) return;
  std::string layout = str_or(c, "/state/layout", "per_key");
  Lever l;
  l.pointer = "/state/layout";
  if (layout == "per_key")
    l.choices.push_back({"lastIds in one hash per restaurant (HGETALL) instead of one key each (GET)",
                         "none in freshness; a code and data migration of the lastId keys", 0,
                         {set_op(c, "/state/layout", "hash_per_group")}});
  if (layout != "single_hash")
    l.choices.push_back({"all lastIds in one hash (one HGETALL, one HMSET) instead of " +
                             std::string(layout == "per_key" ? "one key each" : "one hash per restaurant"),
                         "none in freshness; a code and data migration of the lastId keys", 0,
                         {set_op(c, "/state/layout", "single_hash")}});
  if (!l.choices.empty()) out.push_back(std::move(l));
}

}  // namespace

std::vector<Lever> periodic_levers(const json& c) {
  std::vector<Lever> out;
  if (auto l = schedule_lever(c, "work done on each tick happens", {2, 5, 10})) out.push_back(std::move(*l));
  return out;
}

std::vector<Lever> cron_poller_levers(const json& c) {
  std::vector<Lever> out;
  if (auto l = schedule_lever(c, "transfers seen", {2, 5, 10})) out.push_back(std::move(*l));
  layout_lever(c, out);
  if (str_or(c, "/accounts", "all") != "production" && c.contains("state"))
    out.push_back(single("/accounts", "poll production accounts only (skip the dev environment's lastIds)",
                         "dev accounts' transfers are no longer picked up by the cron", {set_op(c, "/accounts", "production")}));
  if (bool_or(c, "/broadcast", true))
    out.push_back(single("/broadcast", "drop the system broadcast XADD from each poll",
                         "nothing reads the broadcast stream any more (only if no one consumes it)",
                         {set_op(c, "/broadcast", false)}));
  return out;
}

std::vector<Lever> poller_pages_levers(const json& c) {
  std::vector<Lever> out;
  bool average = has_path(c, "/sync/average");
  if (!average) {
    if (bool_or(c, "/sync/debug", true)) {
      PatchOp op = c.contains("sync") ? set_op(c, "/sync/debug", false) : PatchOp{"add", "/sync", json{{"debug", false}}};
      out.push_back(single("/sync/debug", "sync without the debug calls (no XLEN every sync, no XRANGE when empty)",
                           "none: the calls only fed debug output", {op}));
    }
    auto block = duration_at(c, "/sync/block", sim::Duration(0));
    if (block && *block == 0) {
      Lever l;
      l.pointer = "/sync/block";
      for (sim::Duration b : {10 * sim::kSecond, 30 * sim::kSecond}) {
        std::string v = sim::format_duration(b);
        PatchOp op = c.contains("sync") ? set_op(c, "/sync/block", v) : PatchOp{"add", "/sync", json{{"block", v}}};
        l.choices.push_back({"XREADGROUP BLOCK " + words(b) + " instead of polling the stream every sync",
                             "none in freshness (messages return as they arrive); one connection held open per page", 0,
                             {op}});
      }
      out.push_back(std::move(l));
    }
  }
  auto poll = duration_at(c, "/poll_every", 6 * sim::kSecond);
  auto ttl = duration_at(c, "/lock_ttl", 30 * sim::kSecond);
  if (poll && ttl && *poll > 0) {
    Lever l;
    l.pointer = "/poll_every";
    for (int k : {2, 5}) {
      sim::Duration np = *poll * k;
      LeverChoice ch;
      ch.label = "elected page polls every " + words(np) + " instead of every " + words(*poll);
      ch.cost = "transfers seen up to " + words(np) + " later instead of " + words(*poll);
      ch.staleness_s = seconds(np);
      ch.ops.push_back(set_op(c, "/poll_every", sim::format_duration(np)));
      // The lock must outlive the poll interval: keep the TTL's ratio to it.
      if (*ttl <= np) ch.ops.push_back(set_op(c, "/lock_ttl", sim::format_duration(*ttl * k)));
      l.choices.push_back(std::move(ch));
    }
    out.push_back(std::move(l));
  }
  layout_lever(c, out);
  return out;
}

std::vector<Lever> keyed_state_levers(const json& c) {
  std::vector<Lever> out;
  if (str_or(c, "/save", "set+expire") == "set+expire")
    out.push_back(single("/save", "save with SET ... EX instead of SET + EXPIRE", "none", {set_op(c, "/save", "set-ex")}));
  bool has_cleanups = c.contains("cleanups") && c["cleanups"].is_array() && !c["cleanups"].empty();
  if (has_cleanups) {
    for (std::size_t i = 0; i < c["cleanups"].size(); ++i) {
      std::string p = "/cleanups/" + std::to_string(i) + "/days_to_keep";
      const json& k = c["cleanups"][i];
      int keep = k.contains("days_to_keep") && k["days_to_keep"].is_number_integer() ? k["days_to_keep"].get<int>() : 0;
      if (keep <= 0) continue;
      Lever l;
      l.pointer = p;
      for (int n = keep - 1; n >= 0 && l.choices.size() < 2; --n)
        l.choices.push_back({"cleanup keeps " + std::to_string(n) + " days instead of " + std::to_string(keep),
                             "finished objects older than " + std::to_string(n) + " days are deleted (history kept " +
                                 std::to_string(n) + " days instead of " + std::to_string(keep) + ")",
                             0, {set_op(c, p, n)}});
      out.push_back(std::move(l));
    }
    out.push_back(single("/cleanups", "no scheduled cleanup (keys expire by their TTL)",
                         "finished objects stay until their TTL instead of being deleted early",
                         {PatchOp{"replace", "/cleanups", json::array()}}));
  } else if (c.contains("ttl")) {
    json cleanup = {{"schedule", {{"cron", "0 3 * * *"}}}, {"days_to_keep", 2}};
    out.push_back(single("/cleanups", "a daily cleanup at 03:00 keeping 2 days",
                         "finished objects older than 2 days are deleted",
                         {set_op(c, "/cleanups", json::array({cleanup}))}));
  }
  return out;
}

std::vector<Lever> celery_worker_levers(const json& c) {
  std::vector<Lever> out;
  std::string kombu = str_or(c, "/kombu_version", "5.5");
  auto pi = duration_at(c, "/polling_interval", std::nullopt);
  bool old = version_below(kombu, 5, 6);
  {
    Lever l;
    l.pointer = "/polling_interval";
    for (sim::Duration v : {10 * sim::kSecond, 30 * sim::kSecond}) {
      if (!old && pi && *pi >= v) continue;
      LeverChoice ch;
      ch.label = std::string(old ? "kombu 5.6 with " : "") + "broker_transport_options polling_interval " + words(v) +
                 " (BRPOP waits " + words(v) + " instead of " + (pi && !old ? words(*pi) : "1 s") + ")";
      ch.cost = std::string(old ? "an upgrade to kombu >= 5.6; " : "") +
                "none in task latency (BRPOP returns when a task arrives); warm shut-down may wait up to " + words(v);
      if (old) ch.ops.push_back(set_op(c, "/kombu_version", "5.6"));
      ch.ops.push_back(set_op(c, "/polling_interval", sim::format_duration(v)));
      l.choices.push_back(std::move(ch));
    }
    if (!l.choices.empty()) out.push_back(std::move(l));
  }
  if (bool_or(c, "/heartbeat", true))
    out.push_back(single("/heartbeat", "--without-heartbeat (no event heartbeat PUBLISH every 2 s)",
                         "monitors (flower, celery events) no longer see the worker's heartbeats",
                         {set_op(c, "/heartbeat", false)}));
  if (bool_or(c, "/gossip", true))
    out.push_back(single("/gossip", "--without-gossip", "workers no longer follow each other's events",
                         {set_op(c, "/gossip", false)}));
  if (bool_or(c, "/mingle", true))
    out.push_back(single("/mingle", "--without-mingle", "no sync of revoked tasks and clocks with other workers at start-up",
                         {set_op(c, "/mingle", false)}));
  if (bool_or(c, "/remote_control", true))
    out.push_back(single("/remote_control", "worker_enable_remote_control = False (no pidbox)",
                         "celery inspect / control (ping, revoke, rate limits) no longer reach the worker",
                         {set_op(c, "/remote_control", false)}));
  auto hc = duration_at(c, "/health_check_interval", 25 * sim::kSecond);
  if (hc && *hc < 120 * sim::kSecond)
    out.push_back(single("/health_check_interval", "broker health_check_interval 120 s instead of " + words(*hc),
                         "a dead broker connection is noticed up to 120 s late",
                         {set_op(c, "/health_check_interval", "120s")}));
  return out;
}

std::vector<PatchOp> rebase(const std::vector<PatchOp>& ops, const std::string& prefix) {
  std::vector<PatchOp> out = ops;
  for (auto& o : out) o.path = prefix + o.path;
  return out;
}

json patch_to_json(const std::vector<PatchOp>& ops) {
  json a = json::array();
  for (const auto& o : ops) {
    json j = {{"op", o.op}, {"path", o.path}};
    if (o.op != "remove") j["value"] = o.value;
    a.push_back(std::move(j));
  }
  return a;
}

json apply_patch(const json& doc, const std::vector<PatchOp>& ops) {
  try {
    return doc.patch(patch_to_json(ops));
  } catch (const std::exception& e) {
    throw InputError("", "", std::string("cannot apply the patch: ") + e.what());
  }
}

}  // namespace core
