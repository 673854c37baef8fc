// The app's state and the operations every front-end path shares: the library, the file picker,
// drag and drop, the knob editor, share links and the JavaScript test hook all load and edit the
// scenario through App, so the test hook exercises exactly what a click does.
// Plain C++ on the core: no ImGui, no emscripten.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/projection/projection.hpp"
#include "core/scenario/scenario.hpp"
#include "web/capture.hpp"
#include "web/platform.hpp"

namespace web {

using json = core::json;

// A dropped INFO commandstats snapshot (the counters since the last CONFIG RESETSTAT): per-command
// rates and a month's projection, as `redcast commandstats AFTER [--elapsed D]` gives them.
struct CommandStats {
  std::string name, text;
  std::string elapsed;   // the time the counters cover ("125s"); "" = the snapshot's uptime
  std::string plan = core::kCapturePlan;  // as the CLI's default
  std::string error;     // why there are no rates (located, as the CLI says it)
  json rates_json;       // the CLI's JSON for them
  std::string rates_text;
  void analyse();        // (re)computes from text, elapsed and plan
};

// A validation message, located by JSON pointer so the editor can show it beside the field.
struct Problem {
  std::string pointer;  // InputError::pointer(): "" = the document (or no field)
  std::string message;  // the core's expectation ("expected a duration such as \"6s\"")
  std::string text;     // the full InputError text: file, line:col / pointer, expectation
};

class App {
 public:
  // --- the scenario being edited ---
  std::string file = "untitled.json";  // shown in errors and used as the download name
  json doc = json::object();           // the document the knobs edit
  std::optional<core::Scenario> scenario;      // the last valid scenario
  std::optional<core::Projection> projection;  // its projection
  std::vector<Problem> problems;       // why `doc` does not load (empty when it does)
  bool stale = false;                  // problems exist: the projection shown is of an earlier edit
  double reprojection_ms = 0;          // validate + build models + project, for the last change
  std::uint64_t revision = 0;          // bumps on every new projection; panels cache on it
  std::string notice;                  // one-line status ("Loaded scenarios/hello.json")
  std::uint64_t loads = 0;             // scenarios opened (load_text calls), for views that care
  bool welcome = false;                // show the first screen (a first visit, or Help > Welcome)
  bool show_replay = false;            // bring the Replay tab forward (a capture was opened)
  bool show_projection = false;        // bring the Projection tab forward (a scenario was opened)

  // Loads a scenario from text. Returns the errors (empty on success). A document that parses as
  // JSON but fails validation is still opened, with its problems shown in place.
  std::vector<std::string> load_text(const std::string& text, const std::string& file);
  // Sets the value at a JSON pointer (null removes the field, so its default applies) and re-projects.
  std::vector<std::string> set(const std::string& pointer, const json& value);
  // Replaces the whole document (an applied recommendation) as one undoable edit, and re-projects.
  std::vector<std::string> replace(json new_doc);
  // The UI edited `doc` in place: re-project at the end of the frame (once, however many edits).
  void touch() { dirty_ = true; }
  // `pointer_held`: a drag is under way (the mouse button is down).
  void end_frame(bool pointer_held = false);
  // Re-validates `doc` and re-projects now. Returns the errors (empty on success). `replications`
  // > 0 caps a stochastic scenario's replications (a preview while dragging).
  std::vector<std::string> reproject(int replications = 0);
  bool preview = false;  // the projection shown ran fewer replications than the scenario asks

  // Undo and redo of edits (knobs, structural changes, applied recommendations) since the scenario
  // was opened. A drag or a burst of typing is one step (edits less than kUndoMergeMs apart merge).
  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  void undo();
  void redo();

  const Problem* problem_at(const std::string& pointer) const;
  std::vector<std::string> error_texts() const;
  const json& projection_json();       // the CLI's JSON contract for the current projection
  std::string export_text() const;     // the scenario as a file (save_scenario when valid)
  std::string export_name() const;     // a file name for it: the scenario's name + ".json"
  std::string share_link() const;      // page URL + "#s=" + base64url(compact JSON)

  // Startup: a scenario in the URL fragment wins (and the fragment is then removed from the address
  // bar), then the last one kept in localStorage (the latest edits, valid or not), then the
  // library's default.
  void load_initial();
  // The fragment changed (a share link pasted into the address bar of an open page).
  void fragment_changed();

  // --- files streamed in from the page (picker or drop) ---
  // `compressed`: the page is decoding gzip (a capture); `size` is then the compressed size.
  void open_begin(platform::FileKind kind, const std::string& name, std::uint64_t size, bool compressed);
  void open_chunk(const char* data, std::size_t size);
  void open_end(const std::string& error);  // error = "" when the whole file was read
  Capture capture;
  CommandStats commandstats;

 private:
  bool dirty_ = false;
  std::uint64_t json_revision_ = ~std::uint64_t(0);
  json projection_json_;
  platform::FileKind open_kind_ = platform::FileKind::Scenario;
  std::string open_name_, open_text_;
  bool open_too_big_ = false;
  void remember();  // keeps the scenario in localStorage
  // History: `committed_` is `doc` as last re-projected; an edit pushes it on undo_.
  double full_ms_ = 0;  // the last full re-projection (every replication)
  json committed_ = json::object();
  std::vector<json> undo_, redo_;
  double last_edit_ms_ = -1e18;
  void record(bool mergeable);  // before an edit of `doc`; clears redo_
  void reset_history();
  void travel(std::vector<json>& from, std::vector<json>& to, const char* what);
};

App& app();

// The library's default scenario (the merchant hub when shipped, else the first one).
const char* default_scenario_path();

}  // namespace web
