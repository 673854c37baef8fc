// Settings a model accepts, checks and lists in its `no_effect` (so a what-if shows they save
// nothing) because they change no Redis traffic. Header-only: the job-queue models share it.
#pragma once
#include <string>
#include <vector>

#include "core/input/reader.hpp"

namespace core {

enum class SettingKind { PositiveDuration, Integer, Boolean, String };

// If `key` is present: checks it is of `kind` (a located error otherwise; `why` is appended to the
// message of a non-positive duration) and appends `key` to `out`.
inline void accept_no_effect(const Reader& r, const char* key, SettingKind kind, std::vector<std::string>& out,
                             const std::string& why = "") {
  if (!r.has(key)) return;
  switch (kind) {
    case SettingKind::PositiveDuration:
      if (r.duration(key) <= 0) r.fail(key, "expected a positive duration" + why);
      break;
    case SettingKind::Integer:
      r.integer(key, 0, -1, 1000000000);
      break;
    case SettingKind::Boolean:
      r.boolean(key, false);
      break;
    case SettingKind::String:
      if (!r.raw(key)->is_string()) r.fail(key, "expected a string (the setting is accepted but changes no Redis traffic)");
      break;
  }
  out.push_back(key);
}

}  // namespace core
