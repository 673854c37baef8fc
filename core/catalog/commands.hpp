// The Redis command catalog: every command's name, class and key positions, as data. The table in
// commands_table.inc was generated from redis-server 7.0's COMMAND reply (flags, ACL categories, first
// key, last key, step), so classes follow what the server itself declares.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

enum class CommandClass : std::uint8_t {
  Read,         // declared readonly (GET, HGETALL, KEYS, XRANGE, ...)
  Write,        // declared write (SET, EXPIRE, BRPOP, XREADGROUP, XACK, ...)
  Admin,        // admin / dangerous, not read or write (INFO, CONFIG, ...)
  PubSub,       // PUBLISH, SUBSCRIBE, PSUBSCRIBE, ...
  Scripting,    // EVAL, EVALSHA, SCRIPT LOAD, FCALL, ...
  Transaction,  // MULTI, EXEC, DISCARD, WATCH, UNWATCH
  Connection,   // PING, AUTH, HELLO, SELECT, QUIT, COMMAND, ...
  Other,
};
std::string_view to_string(CommandClass c);

using CommandId = std::uint16_t;

struct CommandInfo {
  std::string name;  // upper case; subcommands as "XGROUP|CREATE", as INFO commandstats names them
  CommandClass cls = CommandClass::Other;
  int arity = 0;      // Redis arity: negative means "at least"
  int first_key = 0;  // 1-based argument index of the first key, 0 if none (or only via key specs)
  int last_key = 0;   // -1 = last argument, -2 = second to last ...
  int key_step = 0;
  bool blocking = false;
  bool admin = false;  // admin commands are never logged by MONITOR
  bool known = true;   // false for names interned at run time (module commands, typos)
};

// Case-insensitive lookup: "get", "GET"; subcommands as "xgroup|create" or "XGROUP CREATE".
std::optional<CommandId> find_command(std::string_view name);
// Like find_command, but an unknown name is interned (class Other, known = false) so captures of
// module commands (JSON.SET) still count. Not thread-safe; the core is single-threaded.
CommandId intern_command(std::string_view name);
const CommandInfo& command_info(CommandId id);
std::size_t command_catalog_size();  // grows when names are interned

// Resolves a container command with its first argument ("XGROUP" + "CREATE" -> "XGROUP|CREATE");
// returns the container itself when the subcommand is unknown.
CommandId resolve_subcommand(CommandId container, std::string_view first_arg);

}  // namespace core
