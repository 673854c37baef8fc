#include "core/catalog/commands.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <vector>

namespace core {
namespace {

struct Row {
  const char* name;
  CommandClass cls;
  int arity, first_key, last_key, key_step;
  bool blocking, admin;
};

const Row kTable[] = {
#include "core/catalog/commands_table.inc"
};

struct Catalog {
  std::vector<CommandInfo> infos;
  std::unordered_map<std::string, CommandId> by_name;
  Catalog() {
    for (const Row& r : kTable) {
      CommandInfo info{r.name, r.cls, r.arity, r.first_key, r.last_key, r.key_step, r.blocking, r.admin, true};
      by_name.emplace(info.name, static_cast<CommandId>(infos.size()));
      infos.push_back(std::move(info));
    }
  }
};

Catalog& catalog() {
  static Catalog c;
  return c;
}

std::string normalise(std::string_view name) {
  std::string s(name);
  for (char& ch : s) {
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (ch == ' ') ch = '|';
  }
  return s;
}

}  // namespace

std::string_view to_string(CommandClass c) {
  switch (c) {
    case CommandClass::Read: return "read";
    case CommandClass::Write: return "write";
    case CommandClass::Admin: return "admin";
    case CommandClass::PubSub: return "pubsub";
    case CommandClass::Scripting: return "scripting";
    case CommandClass::Transaction: return "transaction";
    case CommandClass::Connection: return "connection";
    case CommandClass::Other: return "other";
  }
  return "other";
}

std::optional<CommandId> find_command(std::string_view name) {
  auto& c = catalog();
  auto it = c.by_name.find(normalise(name));
  if (it == c.by_name.end()) return std::nullopt;
  return it->second;
}

CommandId intern_command(std::string_view name) {
  auto& c = catalog();
  std::string key = normalise(name);
  auto it = c.by_name.find(key);
  if (it != c.by_name.end()) return it->second;
  CommandInfo info;
  info.name = key;
  info.known = false;
  auto id = static_cast<CommandId>(c.infos.size());
  c.infos.push_back(info);
  c.by_name.emplace(std::move(key), id);
  return id;
}

const CommandInfo& command_info(CommandId id) { return catalog().infos.at(id); }

std::size_t command_catalog_size() { return catalog().infos.size(); }

CommandId resolve_subcommand(CommandId container, std::string_view first_arg) {
  std::string full = command_info(container).name;
  full += '|';
  full += normalise(first_arg);
  auto sub = find_command(full);
  return sub ? *sub : container;
}

}  // namespace core
