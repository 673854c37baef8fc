#include "cli/monitor_client.hpp"

#include <hiredis.h>
#include <poll.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace cli {
namespace {

struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

std::string reply_text(const redisReply* r) { return r->str ? std::string(r->str, r->len) : std::string(); }

}  // namespace

MonitorClient::MonitorClient(const core::capture::RedisEndpoint& e, const std::optional<std::string>& password,
                             std::chrono::milliseconds timeout)
    : where_(core::capture::describe(e)) {
  using core::capture::RedisEndpoint;
  c_ = e.transport == RedisEndpoint::Transport::Unix ? redisConnectUnixWithTimeout(e.socket_path.c_str(), to_timeval(timeout))
                                                     : redisConnectWithTimeout(e.host.c_str(), e.port, to_timeval(timeout));
  if (!c_) throw MonitorSetupError{"--url", "cannot connect to " + where_ + ": out of memory"};
  if (c_->err) {
    std::string why = c_->errstr;
    redisFree(c_);
    c_ = nullptr;
    throw MonitorSetupError{"--url", "cannot connect to " + where_ + ": " + why};
  }
  // Setup replies must come within the timeout; the stream itself is read through poll().
  redisSetTimeout(c_, to_timeval(timeout));

  auto command = [&](std::vector<std::string> args) -> Reply {
    std::vector<const char*> argv;
    std::vector<std::size_t> lens;
    for (auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    Reply r(static_cast<redisReply*>(redisCommandArgv(c_, static_cast<int>(argv.size()), argv.data(), lens.data())));
    if (!r) {
      std::string why = c_->errstr;
      redisFree(c_);
      c_ = nullptr;
      throw MonitorSetupError{"--url", where_ + ": " + why + " (while sending " + args[0] + ")"};
    }
    return r;
  };
  auto fail = [&](const std::string& flag, const std::string& message) {
    redisFree(c_);
    c_ = nullptr;
    throw MonitorSetupError{flag, message};
  };

  if (password) {
    std::vector<std::string> args{"AUTH"};
    if (!e.user.empty()) args.push_back(e.user);
    args.push_back(*password);
    Reply r = command(args);
    if (r->type == REDIS_REPLY_ERROR)
      fail("--password-env", where_ + " refused AUTH" + (e.user.empty() ? "" : " for user " + e.user) + ": " + reply_text(r.get()));
  }
  Reply r = command({"MONITOR"});
  if (r->type == REDIS_REPLY_ERROR) {
    std::string text = reply_text(r.get());
    std::string hint;
    if (text.rfind("NOAUTH", 0) == 0) hint = " (give the password with --password-env VAR)";
    else if (text.rfind("NOPERM", 0) == 0) hint = " (the user needs the +monitor permission)";
    fail(text.rfind("NOAUTH", 0) == 0 ? "--password-env" : "--url", where_ + " refused MONITOR: " + text + hint);
  }
  if (r->type != REDIS_REPLY_STATUS && r->type != REDIS_REPLY_STRING)
    fail("--url", where_ + " answered MONITOR with something other than +OK: is it a Redis server?");
  header_ = reply_text(r.get());
}

MonitorClient::~MonitorClient() {
  if (c_) redisFree(c_);
}

MonitorClient::Status MonitorClient::poll(std::chrono::milliseconds wait,
                                          const std::function<void(std::string_view)>& on_reply) {
  if (!c_) return Status::Closed;
  // Replies already parsed from an earlier read come first: poll() would not see them.
  auto drain = [&]() -> bool {
    for (;;) {
      void* raw = nullptr;
      if (redisGetReplyFromReader(c_, &raw) != REDIS_OK) {
        error_ = std::string("protocol error: ") + c_->errstr;
        return false;
      }
      if (!raw) return true;
      Reply r(static_cast<redisReply*>(raw));
      if (r->type == REDIS_REPLY_STATUS || r->type == REDIS_REPLY_STRING) {
        on_reply(std::string_view(r->str, r->len));
      } else if (r->type == REDIS_REPLY_ERROR) {
        error_ = "the server sent an error: " + reply_text(r.get());
        return false;
      }
    }
  };
  pollfd p{c_->fd, POLLIN, 0};
  int n = ::poll(&p, 1, static_cast<int>(wait.count()));
  if (n < 0) {
    if (errno == EINTR) return Status::Open;  // a signal: the caller checks its flags
    error_ = std::string("poll: ") + std::strerror(errno);
    return Status::Closed;
  }
  if (n == 0) return Status::Open;
  if (redisBufferRead(c_) != REDIS_OK) {
    // The end of the connection: whatever whole replies came before it still count.
    std::string why = c_->err == REDIS_ERR_EOF ? "the server closed the connection" : std::string(c_->errstr);
    if (!drain()) return Status::Closed;
    error_ = why;
    return Status::Closed;
  }
  return drain() ? Status::Open : Status::Closed;
}

}  // namespace cli
