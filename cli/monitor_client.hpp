// A MONITOR connection through hiredis (native CLI only: core/ builds without it). Connects,
// authenticates, sends MONITOR and then hands out the stream's replies without ever blocking for
// longer than asked, so Ctrl-C, SIGTERM and --duration stop a capture within a tenth of a second.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/capture/redis_url.hpp"

struct redisContext;

namespace cli {

// What went wrong before the capture started (exit 2, no output file): the flag to blame and why.
struct MonitorSetupError {
  std::string flag;
  std::string message;
};

class MonitorClient {
 public:
  // Connects, sends AUTH when a password is given ("AUTH user password" with a user), then
  // MONITOR, and waits for its "+OK", whose text is returned by header(). Throws MonitorSetupError.
  MonitorClient(const core::capture::RedisEndpoint& endpoint, const std::optional<std::string>& password,
                std::chrono::milliseconds timeout);
  ~MonitorClient();
  MonitorClient(const MonitorClient&) = delete;
  MonitorClient& operator=(const MonitorClient&) = delete;

  const std::string& header() const { return header_; }

  enum class Status { Open, Closed };
  // Waits up to `wait` for data, then calls on_reply(text) for every complete reply received.
  // Returns Closed (with error() saying why) when the connection has ended; a reply cut short
  // by the end of the connection is never handed out.
  Status poll(std::chrono::milliseconds wait, const std::function<void(std::string_view)>& on_reply);
  const std::string& error() const { return error_; }

 private:
  redisContext* c_ = nullptr;
  std::string where_, header_, error_;
};

}  // namespace cli
