#include "web/app.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <exception>

#include "core/replay/analyzer.hpp"
#include "core/replay/commandstats.hpp"
#include "core/replay/format.hpp"
#include "core/scenario/embedded.hpp"
#include "core/input/errors.hpp"
#include "core/input/reader.hpp"
#include "core/input/share_link.hpp"
#include "sim/time.hpp"

namespace web {

namespace {

constexpr const char* kStorageKey = "redcast.last";       // {"file": ..., "scenario": {...}}
constexpr std::size_t kMaxScenarioBytes = 32u << 20;      // a scenario file, not a capture
constexpr double kUndoMergeMs = 800;                      // edits closer than this are one undo step
constexpr std::size_t kUndoDepth = 200;
constexpr double kFrameBudgetMs = 12;                     // a re-projection that fits in a 60 Hz frame

// Used only when no scenario is shipped at all (an empty scenarios/ folder).
constexpr const char* kFallbackScenario = R"({
  "name": "hello",
  "period": {"start": "2026-01-01", "days": 30, "zone": "UTC"},
  "plan": "upstash-free",
  "components": [
    {"name": "minute-get", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}}
  ]
})";

// The field's pointer comes from the error itself, never from its text.
Problem problem_from(const core::InputError& e) { return {e.pointer(), e.message(), e.what()}; }

}  // namespace

App& app() {
  static App instance;
  return instance;
}

const char* default_scenario_path() {
  const auto& files = core::embedded_scenarios();
  for (const char* preferred : {"scenarios/seed-002/merchant-hub.json", "scenarios/hello.json"})
    for (const auto& f : files)
      if (std::strcmp(f.path, preferred) == 0) return f.path;
  return files.empty() ? "" : files.front().path;
}

std::vector<std::string> App::load_text(const std::string& text, const std::string& name) {
  double t0 = platform::now_ms();
  ++loads;
  show_projection = true;
  try {
    core::Scenario s = core::load_scenario_text(text, name);
    core::Projection p = core::project(s);
    file = name;
    doc = s.document;
    scenario = std::move(s);
    projection = std::move(p);
    problems.clear();
    stale = false;
    ++revision;
    reprojection_ms = platform::now_ms() - t0;
    notice = "Opened " + name;
    reset_history();
    remember();
    return {};
  } catch (const core::InputError& e) {
    // Too deep or out-of-range text is not kept for editing (dumping it would recurse per level).
    bool editable = true;
    try {
      core::check_json_text(text, name);
    } catch (const core::InputError&) {
      editable = false;
    }
    json parsed = editable ? json::parse(text, nullptr, false) : json(json::value_t::discarded);
    if (parsed.is_discarded() || !parsed.is_object()) {
      // Not a JSON object: nothing to edit, so the open scenario stays as it was.
      notice = std::string("Could not open ") + e.what();
      return {e.what()};
    }
    // Valid JSON that does not validate: open it anyway so the fields can be fixed in place.
    file = name;
    doc = std::move(parsed);
    scenario.reset();
    projection.reset();
    problems = {problem_from(e)};
    stale = true;
    ++revision;
    notice = "Opened " + name + " with problems: fix the fields marked in red";
    reset_history();
    remember();
    return error_texts();
  } catch (const std::exception& e) {
    notice = "Could not open " + name + ": " + e.what();
    return {name + ": " + e.what()};
  }
}

std::vector<std::string> App::set(const std::string& pointer, const json& value) {
  json before = doc;
  try {
    json::json_pointer ptr(pointer);
    if (value.is_null()) {
      if (ptr.empty()) return {"set: cannot remove the whole document"};
      json& parent = doc.at(ptr.parent_pointer());
      std::string key = ptr.back();
      if (parent.is_object()) {
        parent.erase(key);
      } else if (parent.is_array()) {
        std::size_t i = std::stoul(key);
        if (i >= parent.size()) return {"set " + pointer + ": no such array element"};
        parent.erase(i);
      }
    } else {
      doc[ptr] = value;
    }
  } catch (const std::exception& e) {
    doc = std::move(before);
    return {"set " + pointer + ": " + e.what()};
  }
  if (dirty_) record(true);  // in-place edits of this frame, not yet re-projected: their own step
  committed_ = std::move(before);
  record(false);
  dirty_ = false;
  return reproject();
}

std::vector<std::string> App::replace(json new_doc) {
  if (dirty_) record(true);
  committed_ = doc;
  doc = std::move(new_doc);
  record(false);
  dirty_ = false;
  return reproject();
}

void App::end_frame(bool pointer_held) {
  if (!dirty_) {
    // The drag is over: the full run (every replication) replaces the preview.
    if (preview && !pointer_held) reproject();
    return;
  }
  dirty_ = false;
  record(true);
  // While a knob is dragged, a scenario whose full run takes longer than a frame is previewed with
  // one replication per frame; all of them run once the pointer is released.
  bool slow = scenario && scenario->replications > 1 && full_ms_ > kFrameBudgetMs;
  reproject(pointer_held && slow ? 1 : 0);
}

void App::record(bool mergeable) {
  double now = platform::now_ms();
  bool merge = mergeable && !undo_.empty() && now - last_edit_ms_ < kUndoMergeMs;
  last_edit_ms_ = mergeable ? now : -1e18;
  redo_.clear();
  if (merge || committed_ == doc) return;
  undo_.push_back(committed_);
  if (undo_.size() > kUndoDepth) undo_.erase(undo_.begin());
}

void App::reset_history() {
  undo_.clear();
  redo_.clear();
  committed_ = doc;
  last_edit_ms_ = -1e18;
}

void App::undo() { travel(undo_, redo_, "Undone"); }
void App::redo() { travel(redo_, undo_, "Redone"); }

// Undo and redo are one move: the document goes back (or forth) one step, the current one is kept
// on the other stack.
void App::travel(std::vector<json>& from, std::vector<json>& to, const char* what) {
  if (from.empty()) return;
  to.push_back(doc);
  doc = std::move(from.back());
  from.pop_back();
  last_edit_ms_ = -1e18;
  dirty_ = false;
  reproject();
  notice = what;
}

std::vector<std::string> App::reproject(int replications) {
  double t0 = platform::now_ms();
  try {
    core::Scenario s = core::load_scenario_json(doc, file);
    core::ProjectionOptions opt;
    if (replications > 0 && replications < s.replications) opt.replications = replications;
    core::Projection p = core::project(s, opt);
    preview = opt.replications.has_value();
    scenario = std::move(s);
    projection = std::move(p);
    problems.clear();
    stale = false;
  } catch (const core::InputError& e) {
    problems = {problem_from(e)};
    stale = true;
  } catch (const std::exception& e) {
    problems = {{"", e.what(), file + ": " + e.what()}};
    stale = true;
  }
  ++revision;
  reprojection_ms = platform::now_ms() - t0;
  if (!preview) full_ms_ = reprojection_ms;
  committed_ = doc;
  remember();  // invalid edits too: a reload must never lose what the user typed
  return error_texts();
}

const Problem* App::problem_at(const std::string& pointer) const {
  for (const auto& p : problems)
    if (p.pointer == pointer) return &p;
  return nullptr;
}

std::vector<std::string> App::error_texts() const {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.text);
  return out;
}

const json& App::projection_json() {
  static const json null_json;
  if (!projection || stale || preview) return null_json;
  if (json_revision_ != revision) {
    projection_json_ = core::projection_to_json(*projection);
    json_revision_ = revision;
  }
  return projection_json_;
}

std::string App::export_text() const {
  if (scenario && !stale) return core::save_scenario(*scenario);
  return doc.dump(2) + "\n";
}

std::string App::export_name() const {
  std::string name = doc.is_object() && doc.contains("name") && doc["name"].is_string() ? doc["name"].get<std::string>() : file;
  auto slash = name.find_last_of('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) name.resize(name.size() - 5);
  for (char& c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) c = '-';
  return (name.empty() ? "scenario" : name) + ".json";
}

std::string App::share_link() const {
  return platform::url_without_fragment() + "#s=" + core::base64url_encode(doc.dump());
}

void App::remember() {
  json kept = {{"file", file}, {"scenario", doc}};
  platform::storage_set(kStorageKey, kept.dump());
}

void App::load_initial() {
  if (auto encoded = core::fragment_value(platform::url_fragment(), "s")) {
    // Read once: the link leaves the address bar, so a reload shows the user's latest edits (kept
    // in localStorage), not the shared scenario again.
    platform::clear_url_fragment();
    if (auto text = core::base64url_decode(*encoded)) {
      auto errors = load_text(*text, "shared-link.json");
      if (errors.empty()) notice = "Opened the scenario from the share link";
      if (scenario || !problems.empty()) return;
    } else {
      notice = "The share link's scenario is damaged (not base64url); opening the last scenario instead";
    }
  }
  std::string kept = platform::storage_get(kStorageKey);
  if (!kept.empty()) {
    json j = json::parse(kept, nullptr, false);
    if (j.is_object() && j.contains("scenario") && j["scenario"].is_object()) {
      std::string name = j.value("file", std::string("last.json"));
      load_text(j["scenario"].dump(2), name);
      if (scenario || !problems.empty()) {
        notice = "Reopened " + name + " (kept in this browser)";
        return;
      }
    }
  }
  // A first visit: the default scenario behind the first screen.
  std::string path = default_scenario_path();
  welcome = true;
  for (const auto& f : core::embedded_scenarios())
    if (path == f.path) {
      load_text(f.text, f.path);
      return;
    }
  load_text(kFallbackScenario, "hello.json");
}

void App::fragment_changed() {
  auto encoded = core::fragment_value(platform::url_fragment(), "s");
  if (!encoded) return;
  platform::clear_url_fragment();  // read once, as at start-up
  if (auto text = core::base64url_decode(*encoded)) {
    if (*text == doc.dump()) return;  // our own share link, just written to the address bar
    load_text(*text, "shared-link.json");
  } else {
    notice = "The share link's scenario is damaged (not base64url)";
  }
}

void CommandStats::analyse() {
  error.clear();
  rates_json = nullptr;
  rates_text.clear();
  try {
    std::optional<double> seconds;
    if (!elapsed.empty()) {
      auto d = sim::parse_duration(elapsed);
      if (!d || *d <= 0)
        throw core::InputError("elapsed", "", "expected a positive duration like 90s, 10m, 1h30m or a number of seconds, got \"" +
                                                  elapsed + "\"");
      seconds = static_cast<double>(*d) / sim::kSecond;
    }
    core::replay::CommandStatsSnapshot snap = core::replay::parse_commandstats(text, name);
    sim::CivilDate today = core::replay::date_of(static_cast<sim::Time>(platform::now_epoch_ms() * 1000.0));
    core::replay::RatesReport r = core::replay::commandstats_rates(nullptr, snap, seconds, plan, today);
    rates_json = core::replay::rates_json(r);
    rates_text = core::replay::rates_text(r, core::replay::TextStyle{false, 15});
  } catch (const core::InputError& e) {
    error = e.what();
  } catch (const std::exception& e) {
    error = name + ": " + e.what();
  }
}

void App::open_begin(platform::FileKind kind, const std::string& name, std::uint64_t size, bool compressed) {
  open_kind_ = kind;
  open_name_ = name;
  open_text_.clear();
  open_too_big_ = false;
  if (kind == platform::FileKind::CommandStats) show_replay = true;
  if (kind == platform::FileKind::Capture) {
    capture.begin(name, size, compressed, platform::now_ms(), platform::today());
    show_replay = true;
    notice = "Reading capture " + name;
  } else if (size <= kMaxScenarioBytes) {
    open_text_.reserve(static_cast<std::size_t>(size));
  }
}

void App::open_chunk(const char* data, std::size_t size) {
  if (open_kind_ == platform::FileKind::Capture) {
    capture.feed(data, size);
    return;
  }
  if (open_text_.size() + size > kMaxScenarioBytes) {
    open_too_big_ = true;
    return;
  }
  open_text_.append(data, size);
}

void App::open_end(const std::string& error) {
  if (open_kind_ == platform::FileKind::Capture) {
    capture.end(error, platform::now_ms());
    notice = capture.error.empty() ? "Replayed capture " + capture.name
                                   : "Could not replay " + capture.name + ": " + capture.error;
    return;
  }
  if (!error.empty()) {
    notice = "Could not read " + open_name_ + ": " + error;
  } else if (open_kind_ == platform::FileKind::CommandStats && !open_too_big_) {
    commandstats = CommandStats{};
    commandstats.name = open_name_;
    commandstats.text = std::move(open_text_);
    commandstats.analyse();
    notice = "Read " + open_name_ + " as INFO commandstats";
  } else if (open_too_big_) {
    notice = open_name_ + " is larger than 32 MB: is it a capture? Open it in the Replay tab";
  } else {
    load_text(open_text_, open_name_);
  }
  open_text_.clear();
  open_text_.shrink_to_fit();
}

}  // namespace web
