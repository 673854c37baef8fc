// Where `redcast capture` connects: a Redis URL parsed into plain data. Pure (no sockets), so it
// builds everywhere core/ does; the hiredis connection lives in cli/monitor_client.*.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace core::capture {

struct RedisEndpoint {
  enum class Transport { Tcp, Unix };
  Transport transport = Transport::Tcp;
  std::string host;         // Tcp: a name or an address (an IPv6 literal without its brackets)
  int port = 6379;          // Tcp
  std::string socket_path;  // Unix
  bool tls = false;         // rediss://
  std::string user;         // empty: the default user
  std::optional<std::string> password;  // as written in the URL (percent-decoded)
  int db = 0;               // /N or ?db=N; MONITOR sees every db whatever this says
};

// Parses redis://[user[:password]@]host[:port][/db], rediss://... (TLS), and
// unix://[user[:password]@]/path/to.sock[?db=N]. Throws core::InputError naming `flag` and the
// column of the URL where it goes wrong.
RedisEndpoint parse_redis_url(std::string_view url, std::string_view flag = "--url");

// "127.0.0.1:6379", "[::1]:6379", "unix:/tmp/redis.sock": for messages, never with the password.
std::string describe(const RedisEndpoint& e);

}  // namespace core::capture
