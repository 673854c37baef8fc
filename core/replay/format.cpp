#include "core/replay/format.hpp"

#include <algorithm>
#include <cmath>

#include "core/format/format.hpp"

namespace core::replay {
namespace {

using nlohmann::json;

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

using format::compact;
using format::duration;
using format::fixed;
using format::grouped;
using format::usd;

std::string pad_left(const std::string& s, std::size_t w) {
  std::size_t n = display_width(s);
  return n >= w ? s : std::string(w - n, ' ') + s;
}

std::string clip(const std::string& s, std::size_t w) {
  if (display_width(s) <= w) return s;
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (n + 1 >= w) break;
      ++n;
    }
    out += s[i];
  }
  return out + "…";
}

struct Style {
  const TextStyle& t;
  std::string head(const std::string& s) const { return t.color ? "\x1b[1m" + s + "\x1b[0m" : s; }
  std::string dim(const std::string& s) const { return t.color ? "\x1b[2m" + s + "\x1b[0m" : s; }
  std::string warn(const std::string& s) const { return t.color ? "\x1b[33m" + s + "\x1b[0m" : s; }
};

struct Table {
  std::vector<std::string> head;
  std::vector<bool> right;
  std::vector<std::vector<std::string>> rows;
  std::string render(const Style& st, const std::string& indent = "  ") const {
    std::vector<std::size_t> w(head.size(), 0);
    for (std::size_t i = 0; i < head.size(); ++i) w[i] = display_width(head[i]);
    for (const auto& r : rows)
      for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], display_width(r[i]));
    auto line = [&](const std::vector<std::string>& r) {
      std::string s = indent;
      for (std::size_t i = 0; i < head.size(); ++i) {
        std::string cell = i < r.size() ? r[i] : "";
        std::size_t pad = w[i] - display_width(cell);
        bool last = i + 1 == head.size();
        if (right[i]) s += std::string(pad, ' ') + cell;
        else s += cell + (last ? "" : std::string(pad, ' '));
        if (!last) s += "  ";
      }
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return s + "\n";
    };
    std::string out = st.dim(line(head));
    for (const auto& r : rows) out += line(r);
    return out;
  }
};

std::string iso(sim::Time us) { return sim::format_iso_utc(us - ((us % sim::kSecond) + sim::kSecond) % sim::kSecond); }

json top_json(const std::vector<std::pair<std::string, std::uint64_t>>& top) {
  json j = json::object();
  for (const auto& [n, c] : top) j[n] = c;
  return j;
}

std::string top_text(const std::vector<std::pair<std::string, std::uint64_t>>& top, std::size_t k = 3) {
  std::string s;
  for (std::size_t i = 0; i < top.size() && i < k; ++i) {
    if (!s.empty()) s += ", ";
    s += top[i].first + " " + std::to_string(top[i].second);
  }
  return s;
}

}  // namespace

std::string dump_json(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

// Replay JSON, one section per function; each sets its own keys of `j`.
// The capture: source, sizes, line counts, span.
void json_capture(json& j, const ReplayReport& r) {
  j["source"] = r.source;
  j["compressed"] = r.compressed;
  j["bytes"] = r.bytes;
  j["lines"] = r.lines;
  j["parsed"] = r.parsed;
  j["skipped"] = r.skipped;
  j["headers"] = r.headers;
  j["blank"] = r.blank;
  j["truncated"] = r.truncated;
  j["out_of_order"] = r.out_of_order;
  j["span_s"] = r.span_s;
  if (r.parsed) {
    j["first_ts"] = iso(r.first_us);
    j["last_ts"] = iso(r.last_us);
  }
}

// Per-command totals and details; client versus Lua.
void json_commands(json& j, const ReplayReport& r) {
  json cmds = json::object();
  json details = json::array();
  for (const CommandRow& c : r.commands) {
    cmds[c.name] = c.total;
    details.push_back({{"name", c.name},
                       {"class", std::string(to_string(c.cls))},
                       {"known", c.known},
                       {"total", c.total},
                       {"client", c.client},
                       {"lua", c.lua},
                       {"steady", c.steady},
                       {"steady_per_min", c.steady_per_min},
                       {"monthly", c.monthly},
                       {"monthly_billable", c.monthly_billable},
                       {"weight", c.weight_client},
                       {"weight_in_script", c.weight_lua}});
  }
  j["commands"] = cmds;
  j["command_details"] = details;
  j["sources"] = {{"client", r.client_commands}, {"lua", r.lua_commands}, {"lua_without_caller", r.lua_without_caller}};
}

// Per-connection rows.
void json_clients(json& j, const ReplayReport& r) {
  json clients = json::array();
  for (const ClientRow& c : r.clients) {
    clients.push_back({{"client", c.addr},
                       {"host", c.host},
                       {"kind", c.kind},
                       {"name", c.name},
                       {"db", c.db},
                       {"commands", c.commands},
                       {"script_commands", c.script_inner},
                       {"first_s", c.first_s},
                       {"last_s", c.last_s},
                       {"top", top_json(c.top)},
                       {"other", c.other},
                       {"folded", c.folded},
                       {"untracked_estimate", c.untracked}});
  }
  j["clients"] = clients;
}

// Per key-pattern rows.
void json_patterns(json& j, const ReplayReport& r) {
  json pats = json::array();
  for (const PatternRow& p : r.patterns) {
    pats.push_back({{"pattern", p.pattern},
                    {"kind", p.kind},
                    {"commands", p.commands},
                    {"reads", p.reads},
                    {"writes", p.writes},
                    {"lua", p.lua},
                    {"distinct_keys", std::round(p.distinct_keys)},
                    {"top", top_json(p.top)},
                    {"other", p.other},
                    {"folded", p.folded},
                    {"untracked_estimate", p.untracked}});
  }
  j["patterns"] = pats;
}

// Commands per database.
void json_dbs(json& j, const ReplayReport& r) {
  json dbs = json::object();
  for (const DbRow& d : r.dbs) dbs[d.db] = d.commands;
  j["dbs"] = dbs;
}

// MULTI/EXEC blocks and shapes.
void json_transactions(json& j, const ReplayReport& r) {
  json shapes = json::array();
  for (const TransactionShape& s : r.transactions.shapes) shapes.push_back({{"shape", s.shape}, {"count", s.count}});
  j["transactions"] = {{"blocks", r.transactions.blocks},     {"queued", r.transactions.queued},
                       {"discarded", r.transactions.discarded}, {"empty", r.transactions.empty},
                       {"unclosed", r.transactions.unclosed}, {"shapes", shapes}};
}

// Periodic loops and their members.
void json_loops(json& j, const ReplayReport& r) {
  json loops = json::array();
  for (const LoopRow& l : r.loops) {
    json members = json::array();
    for (const LoopMember& m : l.members)
      members.push_back({{"signature", m.signature},
                         {"command", m.command},
                         {"subject", m.subject},
                         {"commands_per_cycle", m.per_cycle},
                         {"script_commands_per_cycle", m.inner_per_cycle},
                         {"period_s", m.period_s},
                         {"count", m.count},
                         {"script_commands", m.inner}});
    loops.push_back({{"client", l.client},
                     {"across_connections", l.across_connections},
                     {"signature", l.signature},
                     {"period_s", l.period_s},
                     {"jitter_s", l.jitter_s},
                     {"regularity", l.regularity},
                     {"commands_per_cycle", l.commands_per_cycle},
                     {"script_commands_per_cycle", l.inner_per_cycle},
                     {"cycles", l.cycles},
                     {"first_s", l.first_s},
                     {"last_s", l.last_s},
                     {"first_line", l.first_line},
                     {"monthly_commands", l.monthly_commands},
                     {"monthly_billable", l.monthly_billable},
                     {"members", members}});
  }
  j["loops"] = loops;
}

// Start-up and shut-down bursts.
void json_transients(json& j, const ReplayReport& r) {
  j["transients"] = {
      {"startup", {{"present", r.transients.has_startup}, {"seconds", r.transients.startup_s}, {"commands", r.transients.startup_commands}}},
      {"shutdown",
       {{"present", r.transients.has_shutdown},
        {"from_s", r.transients.shutdown_from_s},
        {"seconds", r.transients.has_shutdown ? r.span_s - r.transients.shutdown_from_s : 0.0},
        {"commands", r.transients.shutdown_commands}}},
      {"baseline_per_s", r.transients.baseline_per_s}};
}

// Commands per time bin.
void json_series(json& j, const ReplayReport& r) {
  json bins = json::array();
  for (const SeriesBin& b : r.series)
    bins.push_back({{"t", iso(b.start_us)}, {"commands", b.commands}, {"billable", b.billable}, {"lua", b.lua}});
  j["series"] = {{"width_s", static_cast<double>(r.series_width) / sim::kSecond}, {"bins", bins}};
}

// The month at the steady rate.
void json_projection(json& j, const ReplayReport& r) {
  const CaptureMonthEstimate& p = r.projection;
  json proj = {{"monthly_commands", p.monthly_commands},
               {"monthly_billable", p.monthly_billable},
               {"steady_state_per_min", p.steady_per_min},
               {"steady_state_billable_per_min", p.steady_billable_per_min},
               {"monthly_low", p.monthly_low},
               {"monthly_high", p.monthly_high},
               {"billable_low", p.billable_low},
               {"billable_high", p.billable_high},
               {"loops_monthly", p.loops_monthly},
               {"traffic_monthly", p.traffic_monthly},
               {"steady_window",
                {{"start_s", p.steady_start_s}, {"end_s", p.steady_end_s}, {"seconds", p.steady_s}, {"whole_capture", p.whole_capture}}},
               {"steady_commands", p.steady_commands},
               {"plan", {{"id", r.plan.id}, {"name", r.plan.name}, {"rules", r.rules.id}, {"regions", r.rules.regions}}},
               {"monthly_cost_usd", p.monthly_cost_usd},
               {"payg_cost_usd", p.payg_cost_usd},
               {"quota_used", p.quota_used},
               {"caveats", p.caveats}};
  proj["quota_exhausted_day"] = p.quota_exhausted_day ? json(*p.quota_exhausted_day) : json(nullptr);
  proj["request_bytes"] = r.request_bytes;
  proj["ecpus_per_command"] = std::round(r.ecpus_per_command * 1e6) / 1e6;
  j["projection"] = proj;
}

// The first malformed lines.
void json_malformed(json& j, const ReplayReport& r) {
  json bad = json::array();
  for (const MalformedLine& m : r.malformed) bad.push_back({{"line", m.line}, {"reason", m.reason}, {"text", m.text}});
  j["malformed"] = bad;
}

// What the tracking caps left out.
void json_limits(json& j, const ReplayReport& r) {
  j["limits"] = {{"clients_overflow", r.clients_overflow},
                 {"patterns_overflow", r.patterns_overflow},
                 {"streams_untracked", r.streams_untracked},
                 {"streams_unjudged", r.streams_unjudged}};
}

using JsonSection = void (*)(json&, const ReplayReport&);
const JsonSection kReplayJsonSections[] = {json_capture, json_commands, json_clients, json_patterns, json_dbs, json_transactions, json_loops, json_transients, json_series, json_projection, json_malformed, json_limits};

}  // namespace

json replay_json(const ReplayReport& r) {
  json j;
  for (JsonSection section : kReplayJsonSections) section(j, r);
  return j;
}

namespace {

// Replay text, one section per function; each appends to `o`, and may append nothing.
// The source: its size, lines, commands and span.
void text_header(std::string& o, const ReplayReport& r, const Style& st) {
  o += st.head("redcast replay: " + r.source) + "\n";
  o += "  " + format::bytes(static_cast<double>(r.bytes)) + (r.compressed ? " (gzip)" : "") + ", " + grouped(r.lines) + " lines: " +
       grouped(r.parsed) + " commands, " + grouped(r.skipped) + " malformed, " +
       grouped(r.headers) + " header" + (r.blank ? ", " + grouped(r.blank) + " blank" : "") + "\n";
  if (r.parsed) {
    o += "  span " + duration(r.span_s) + " from " + iso(r.first_us) + ", " +
         grouped(r.client_commands) + " from clients, " + grouped(r.lua_commands) +
         " run by Lua scripts\n";
  }
  if (r.truncated) o += st.warn("  " + grouped(r.truncated) + " over-long line(s) analysed by their prefix") + "\n";
}

// The month at the steady rate, its interval, price and caveats.
void text_projection(std::string& o, const ReplayReport& r, const Style& st) {
  const CaptureMonthEstimate& p = r.projection;
  o += "\n" + st.head("Projection") + st.dim("  (plan " + r.plan.id + ", rules " + r.rules.id + ", 30-day month)") + "\n";
  std::string window = p.whole_capture ? "the whole capture" : duration(p.steady_s) + " of steady state";
  o += "  steady state     " + fixed(p.steady_per_min, 1) + " commands/min, " + fixed(p.steady_billable_per_min, 1) +
       " billable/min  (" + window + ")\n";
  o += "  per month        " + compact(p.monthly_commands) + " commands  [" + compact(p.monthly_low) + " – " +
       compact(p.monthly_high) + ", 95%]\n";
  o += "  billable         " + compact(p.monthly_billable) + "  [" + compact(p.billable_low) + " – " +
       compact(p.billable_high) + "]";
  if (r.plan.usd_per_100k > 0 || r.plan.usd_monthly > 0) o += "  → " + usd(p.monthly_cost_usd) + " on " + r.plan.name;
  else if (p.payg_cost_usd > 0) o += "  → " + usd(p.payg_cost_usd) + " at pay-as-you-go prices";
  o += "\n";
  if (p.quota_used > 0) {
    o += "  quota            " + format::percent(p.quota_used * 100, 0) + " of " + r.plan.name;
    if (p.quota_exhausted_day) o += st.warn(", used up on day " + fixed(*p.quota_exhausted_day, 1) + " of the month");
    o += "\n";
  }
  o += "  from loops       " + compact(p.loops_monthly) + ", other traffic " + compact(p.traffic_monthly) + "\n";
  for (const std::string& c : p.caveats) o += st.dim("  · " + c) + "\n";
}

// Periodic command sequences, most commands first.
void text_loops(std::string& o, const ReplayReport& r, const Style& st) {
  if (!r.loops.empty()) {
    o += "\n" + st.head("Loops") + "\n";
    Table t{{"client", "every", "jitter", "per cycle", "cycles", "per month", "signature"},
            {false, true, true, true, true, true, false},
            {}};
    std::size_t n = 0;
    for (const LoopRow& l : r.loops) {
      if (n++ >= st.t.rows) break;
      t.rows.push_back({clip(l.client, 34), duration(l.period_s), duration(l.jitter_s),
                        fixed(l.commands_per_cycle, l.commands_per_cycle == std::floor(l.commands_per_cycle) ? 0 : 1),
                        grouped(l.cycles), compact(l.monthly_commands), clip(l.signature, 80)});
    }
    o += t.render(st);
    if (r.loops.size() > st.t.rows) o += st.dim("  … " + grouped(r.loops.size() - st.t.rows) + " more loops") + "\n";
  }
}

// Start-up and shut-down bursts cut from the steady window.
void text_transients(std::string& o, const ReplayReport& r, const Style& st) {
  if (r.transients.has_startup || r.transients.has_shutdown) {
    o += "\n" + st.head("Transients") + "\n";
    if (r.transients.has_startup)
      o += "  start-up   " + grouped(r.transients.startup_commands) + " commands in the first " +
           duration(r.transients.startup_s) + "\n";
    if (r.transients.has_shutdown)
      o += "  shut-down  " + grouped(r.transients.shutdown_commands) + " commands in the last " +
           duration(r.span_s - r.transients.shutdown_from_s) + "\n";
    o += st.dim("  (judged against a steady level of " + fixed(r.transients.baseline_per_s, 1) + " commands/s)") + "\n";
  }
}

// Per-command totals and monthly figures.
void text_commands(std::string& o, const ReplayReport& r, const Style& st) {
  o += "\n" + st.head("Commands") + "\n";
  {
    Table t{{"command", "class", "total", "by scripts", "steady/min", "per month", "billable/month"},
            {false, false, true, true, true, true, true},
            {}};
    std::size_t n = 0;
    for (const CommandRow& c : r.commands) {
      if (n++ >= st.t.rows * 2) break;
      t.rows.push_back({c.name, std::string(to_string(c.cls)), grouped(c.total), c.lua ? grouped(c.lua) : "",
                        fixed(c.steady_per_min, 1), compact(c.monthly), compact(c.monthly_billable)});
    }
    o += t.render(st);
    if (r.commands.size() > st.t.rows * 2)
      o += st.dim("  … " + grouped(r.commands.size() - st.t.rows * 2) + " more (--format json lists all)") + "\n";
  }
}

// Per-connection totals.
void text_clients(std::string& o, const ReplayReport& r, const Style& st) {
  o += "\n" + st.head("Clients") + "\n";
  {
    Table t{{"client", "kind", "db", "commands", "by its scripts", "active", "top commands"},
            {false, false, false, true, true, false, false},
            {}};
    std::size_t n = 0;
    for (const ClientRow& c : r.clients) {
      if (n++ >= st.t.rows) break;
      std::string label = c.addr.empty() && !c.other ? "(no address)" : c.addr;
      if (!c.name.empty()) label += " (" + c.name + ")";
      t.rows.push_back({clip(label, 48), c.kind, c.db, grouped(c.commands),
                        c.script_inner ? grouped(c.script_inner) : "",
                        c.other ? "" : duration(c.first_s) + "–" + duration(c.last_s), top_text(c.top)});
    }
    o += t.render(st);
    if (r.clients.size() > st.t.rows) o += st.dim("  … " + grouped(r.clients.size() - st.t.rows) + " more") + "\n";
  }
}

// Per key-pattern totals.
void text_patterns(std::string& o, const ReplayReport& r, const Style& st) {
  o += "\n" + st.head("Key patterns") + "\n";
  {
    Table t{{"pattern", "kind", "commands", "reads", "writes", "keys", "top commands"},
            {false, false, true, true, true, true, false},
            {}};
    std::size_t n = 0;
    for (const PatternRow& p2 : r.patterns) {
      if (n++ >= st.t.rows) break;
      t.rows.push_back({clip(p2.pattern, 56), p2.kind, grouped(p2.commands), grouped(p2.reads),
                        grouped(p2.writes), p2.other ? "" : compact(std::round(p2.distinct_keys)),
                        top_text(p2.top)});
    }
    o += t.render(st);
    if (r.patterns.size() > st.t.rows) o += st.dim("  … " + grouped(r.patterns.size() - st.t.rows) + " more") + "\n";
  }
}

// Commands per database.
void text_databases(std::string& o, const ReplayReport& r, const Style& st) {
  if (!r.dbs.empty()) {
    o += "\n" + st.head("Databases") + "\n  ";
    for (std::size_t i = 0; i < r.dbs.size(); ++i) o += (i ? ", db " : "db ") + r.dbs[i].db + ": " + grouped(r.dbs[i].commands);
    o += "\n";
  }
}

// MULTI/EXEC blocks and their commonest shapes.
void text_transactions(std::string& o, const ReplayReport& r, const Style& st) {
  const Transactions& tx = r.transactions;
  if (tx.blocks || tx.discarded || tx.unclosed) {
    o += "\n" + st.head("Transactions") + "\n";
    o += "  " + grouped(tx.blocks) + " MULTI/EXEC blocks with " + grouped(tx.queued) + " commands";
    if (tx.discarded) o += ", " + grouped(tx.discarded) + " discarded";
    if (tx.empty) o += ", " + grouped(tx.empty) + " empty or aborted";
    if (tx.unclosed) o += ", " + grouped(tx.unclosed) + " not closed";
    o += "\n";
    for (std::size_t i = 0; i < tx.shapes.size() && i < 5; ++i)
      o += "  " + pad_left(grouped(tx.shapes[i].count), 6) + "  " + clip(tx.shapes[i].shape, 90) + "\n";
  }
}

// A bar per time bin (at most about 30 shown).
void text_series(std::string& o, const ReplayReport& r, const Style& st) {
  if (r.series.size() > 1) {
    double w = static_cast<double>(r.series_width) / sim::kSecond;
    o += "\n" + st.head(w == 60 ? std::string("Commands per minute") : "Commands per " + duration(w)) + "\n";
    std::uint64_t mx = 1;
    for (const SeriesBin& b : r.series) mx = std::max(mx, b.commands);
    std::size_t step = std::max<std::size_t>(1, (r.series.size() + 29) / 30);
    for (std::size_t i = 0; i < r.series.size(); i += step) {
      const SeriesBin& b = r.series[i];
      int bar = static_cast<int>(std::lround(40.0 * static_cast<double>(b.commands) / static_cast<double>(mx)));
      o += "  " + iso(b.start_us).substr(11, 5) + "  " + pad_left(grouped(b.commands), 7) + "  " +
           std::string(static_cast<std::size_t>(bar), '#') + "\n";
    }
    if (step > 1) o += st.dim("  (every " + std::to_string(step) + "th bin shown; --format json has all)") + "\n";
  }
}

// The first malformed lines and why.
void text_malformed(std::string& o, const ReplayReport& r, const Style& st) {
  if (!r.malformed.empty()) {
    o += "\n" + st.head("Malformed lines") + st.dim("  (" + grouped(r.skipped) + " in all; first shown)") + "\n";
    for (const MalformedLine& m : r.malformed)
      o += "  line " + std::to_string(m.line) + ": " + m.reason + "\n    " + st.dim(clip(m.text, 110)) + "\n";
  }
}

// Anything the tracking caps left out.
void text_caps(std::string& o, const ReplayReport& r, const Style& st) {
  if (r.clients_overflow || r.patterns_overflow || r.streams_untracked || r.streams_unjudged)
    o += st.dim("\n  tracking caps reached: " + grouped(r.clients_overflow) + " commands from untracked clients, " +
                grouped(r.patterns_overflow) + " on untracked patterns, " +
                grouped(r.streams_untracked) + " outside loop tracking, " + grouped(r.streams_unjudged) +
                " streams not judged as loops") + "\n";
}

using TextSection = void (*)(std::string&, const ReplayReport&, const Style&);
const TextSection kReplayTextSections[] = {text_header, text_projection, text_loops, text_transients, text_commands, text_clients, text_patterns, text_databases, text_transactions, text_series, text_malformed, text_caps};

}  // namespace

std::string replay_text(const ReplayReport& r, const TextStyle& ts) {
  Style st{ts};
  std::string o;
  for (TextSection section : kReplayTextSections) section(o, r, st);
  return o;
}

json audit_json(const AuditReport& a) {
  json j;
  j["source"] = a.replay.source;
  j["lines"] = a.replay.lines;
  j["parsed"] = a.replay.parsed;
  j["skipped"] = a.replay.skipped;
  j["span_s"] = a.replay.span_s;
  j["plan"] = {{"id", a.replay.plan.id}, {"rules", a.replay.rules.id}};
  j["monthly_commands"] = a.replay.projection.monthly_commands;
  j["monthly_billable"] = a.replay.projection.monthly_billable;
  json fs = json::array();
  double saved_c = 0, saved_b = 0, saved_usd = 0;
  for (const Finding& f : a.findings) {
    fs.push_back({{"id", f.id},
                  {"title", f.title},
                  {"detail", f.detail},
                  {"fix", f.fix},
                  {"evidence", f.evidence},
                  {"monthly_commands_saved", f.monthly_commands_saved},
                  {"monthly_billable_saved", f.monthly_billable_saved},
                  {"monthly_usd_saved", f.monthly_usd_saved},
                  {"saving_note", f.saving_note}});
    saved_c += f.monthly_commands_saved;
    saved_b += f.monthly_billable_saved;
    saved_usd += f.monthly_usd_saved;
  }
  j["findings"] = fs;
  j["total"] = {{"monthly_commands_saved", saved_c}, {"monthly_billable_saved", saved_b}, {"monthly_usd_saved", saved_usd}};
  return j;
}

std::string audit_text(const AuditReport& a, const TextStyle& ts) {
  Style st{ts};
  const ReplayReport& r = a.replay;
  std::string o = st.head("redcast audit: " + r.source) + "\n";
  o += "  " + grouped(r.parsed) + " commands over " + duration(r.span_s) + "; projected " +
       compact(r.projection.monthly_commands) + " commands, " + compact(r.projection.monthly_billable) +
       " billable a month (" + r.plan.id + ")\n";
  if (a.findings.empty()) {
    o += "\n  No anti-pattern found.\n";
    return o;
  }
  int i = 0;
  for (const Finding& f : a.findings) {
    o += "\n" + st.head(std::to_string(++i) + ". " + f.title) + st.dim("  [" + f.id + "]") + "\n";
    o += "   " + f.detail + "\n";
    o += "   fix: " + f.fix + "\n";
    std::string saving = "   saves " + compact(f.monthly_commands_saved) + " commands, " +
                         compact(f.monthly_billable_saved) + " billable a month";
    if (f.monthly_usd_saved > 0) saving += " (" + usd(f.monthly_usd_saved) + ")";
    o += saving + "\n";
    if (!f.saving_note.empty()) o += st.dim("   note: " + f.saving_note) + "\n";
    for (const std::string& e : f.evidence) o += st.dim("   " + clip(e, 400)) + "\n";
  }
  return o;
}

json rates_json(const RatesReport& r) {
  json rows = json::array();
  json cmds = json::object();
  for (const RateRow& x : r.rows) {
    cmds[x.name] = x.calls;
    rows.push_back({{"name", x.name},
                    {"class", std::string(to_string(x.cls))},
                    {"admin", x.admin},
                    {"calls", x.calls},
                    {"failed", x.failed},
                    {"rejected", x.rejected},
                    {"per_min", x.per_min},
                    {"monthly", x.monthly},
                    {"monthly_billable", x.monthly_billable}});
  }
  return {{"before", r.before},
          {"after", r.after},
          {"elapsed_s", r.elapsed_s},
          {"elapsed_source", r.elapsed_source},
          {"commands", cmds},
          {"rows", rows},
          {"calls", r.calls},
          {"rejected", r.rejected},
          {"per_min", r.per_min},
          {"projection", {{"monthly_commands", r.monthly}, {"monthly_billable", r.monthly_billable}, {"monthly_cost_usd", r.monthly_cost_usd}}},
          {"plan", {{"id", r.plan.id}, {"name", r.plan.name}, {"rules", r.rules.id}}},
          {"notes", r.notes}};
}

std::string rates_text(const RatesReport& r, const TextStyle& ts) {
  Style st{ts};
  std::string o = st.head("redcast commandstats: ") + (r.before.empty() ? "" : r.before + " → ") + r.after + "\n";
  o += "  " + grouped(r.calls) + " calls over " + duration(r.elapsed_s) + " (" + r.elapsed_source + "): " +
       fixed(r.per_min, 1) + "/min\n";
  o += "  per month  " + compact(r.monthly) + " commands, " + compact(r.monthly_billable) + " billable";
  if (r.plan.usd_per_100k > 0 || r.plan.usd_monthly > 0) o += " → " + usd(r.monthly_cost_usd) + " on " + r.plan.name;
  o += "\n\n";
  Table t{{"command", "class", "calls", "per min", "per month", "billable/month", ""}, {false, false, true, true, true, true, false}, {}};
  for (const RateRow& x : r.rows)
    t.rows.push_back({x.name, std::string(to_string(x.cls)), grouped(x.calls), fixed(x.per_min, 2),
                      compact(x.monthly), compact(x.monthly_billable),
                      x.admin ? "admin: not in MONITOR captures" : (x.rejected ? grouped(x.rejected) + " rejected" : "")});
  o += t.render(st);
  for (const std::string& n : r.notes) o += st.dim("  · " + n) + "\n";
  return o;
}

json check_json(const CheckReport& c) {
  json rows = json::array();
  for (const CheckRow& r : c.rows)
    rows.push_back({{"name", r.name}, {"replay", r.replay}, {"commandstats", r.stats}, {"status", r.status}, {"note", r.note}});
  return {{"file", c.file}, {"passed", c.passed}, {"ok", c.ok}, {"admin", c.admin}, {"differs", c.differs}, {"rows", rows}, {"notes", c.notes}};
}

std::string check_text(const CheckReport& c, const TextStyle& ts) {
  Style st{ts};
  std::string o = st.head("Check against " + c.file) + ": " +
                  (c.passed ? std::string("every command MONITOR logs agrees") : st.warn(grouped(c.differs) + " command(s) differ")) +
                  "\n";
  Table t{{"command", "capture", "commandstats", "status", ""}, {false, true, true, false, false}, {}};
  for (const CheckRow& r : c.rows) t.rows.push_back({r.name, grouped(r.replay), grouped(r.stats), r.status, r.note});
  o += t.render(st);
  for (const std::string& n : c.notes) o += st.dim("  · " + n) + "\n";
  return o;
}

}  // namespace core::replay
