// Output of replay, audit and commandstats: JSON (the stable contract, see docs/replay.md) and
// aligned text tables for terminals. Pure functions of the report structs.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "core/replay/commandstats.hpp"
#include "core/replay/report.hpp"

namespace core::replay {

struct TextStyle {
  bool color = false;       // ANSI bold/dim headings
  std::size_t rows = 15;    // rows per table (clients, patterns, commands)
};

nlohmann::json replay_json(const ReplayReport& r);
std::string replay_text(const ReplayReport& r, const TextStyle& style);

nlohmann::json audit_json(const AuditReport& a);
std::string audit_text(const AuditReport& a, const TextStyle& style);

nlohmann::json rates_json(const RatesReport& r);
std::string rates_text(const RatesReport& r, const TextStyle& style);

nlohmann::json check_json(const CheckReport& c);
std::string check_text(const CheckReport& c, const TextStyle& style);

// JSON text that never throws on bytes that are not UTF-8 (they are replaced).
std::string dump_json(const nlohmann::json& j);

}  // namespace core::replay
