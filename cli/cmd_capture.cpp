// redcast capture --url URL -o FILE: records a MONITOR capture exactly as `redis-cli MONITOR`
// writes it, in whole lines only, until Ctrl-C, SIGTERM or --duration. Options in, the
// connection in cli/monitor_client.*, the lines through core::capture::MonitorSink.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "cli/registry.hpp"
#include "core/capture/monitor_sink.hpp"
#include "core/capture/redis_url.hpp"
#include "core/format/format.hpp"
#include "core/input/errors.hpp"
#include "sim/time.hpp"
#if REDCAST_HAVE_HIREDIS
#include "cli/monitor_client.hpp"
#endif

namespace {

struct Options {
  std::string url, user, password_env, duration, output;
  bool tls = false, no_progress = false;
};

#if REDCAST_HAVE_HIREDIS

volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void on_stop_signal(int sig) { g_stop_signal = sig; }

// Elapsed time, lines and lines/s on stderr, redrawn at most five times a second; only ever on a
// terminal, and cleared before the summary line.
class CaptureMeter {
 public:
  explicit CaptureMeter(bool enabled) : enabled_(enabled) {}
  ~CaptureMeter() { clear(); }
  void update(double seconds, std::uint64_t lines) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    namespace fmt = core::format;
    std::string text = "\rcapturing  " + fmt::duration(seconds, fmt::DurationStyle::whole_seconds) + "  " +
                       fmt::grouped(lines) + (lines == 1 ? " line  " : " lines  ") +
                       fmt::fixed(seconds > 0 ? static_cast<double>(lines) / seconds : 0, 1) +
                       " lines/s  (Ctrl-C stops) \x1b[K";
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
    drawn_ = true;
  }
  void clear() {
    if (!drawn_) return;
    std::fputs("\r\x1b[2K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

 private:
  bool enabled_, drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// The output: FILE or stdout, opened only once there is something to write (so a connection that
// fails before the first line leaves no file), and written with write(2) in whole lines.
class LineOutput {
 public:
  explicit LineOutput(std::string path) : path_(std::move(path)), stdout_(path_ == "-") {}
  ~LineOutput() {
    if (fd_ >= 0 && !stdout_) ::close(fd_);
  }
  bool write(std::string_view text) {
    if (fd_ < 0 && !open()) return false;
    std::size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = errno == EPIPE ? "" : std::strerror(errno);
        closed_by_reader_ = errno == EPIPE;
        // A partial write would end the file mid-line: cut it back to the last whole line.
        if (!stdout_ && done > 0 && ::ftruncate(fd_, static_cast<off_t>(good_)) != 0) error_ += " (and cannot truncate)";
        return false;
      }
      done += static_cast<std::size_t>(n);
    }
    good_ += text.size();
    return true;
  }
  bool opened() const { return fd_ >= 0; }
  bool closed_by_reader() const { return closed_by_reader_; }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }

 private:
  bool open() {
    if (stdout_) {
      fd_ = STDOUT_FILENO;
      return true;
    }
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) error_ = std::strerror(errno);
    return fd_ >= 0;
  }
  std::string path_;
  bool stdout_;
  int fd_ = -1;
  std::uint64_t good_ = 0;
  bool closed_by_reader_ = false;
  std::string error_;
};

// Fails early, before connecting, when FILE cannot be created: a directory, or a folder that does
// not exist or is not writable.
void check_output_path(const std::string& path) {
  if (path == "-") return;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) throw core::InputError("-o", path, "is a directory");
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  if (dir.empty()) dir = "/";
  if (::access(dir.c_str(), W_OK) != 0)
    throw core::InputError("-o", path, std::string("cannot create the capture file: ") + dir + ": " + std::strerror(errno));
}

void run(const Options& o) {
  namespace fmt = core::format;
  // Every option is checked before anything connects.
  core::capture::RedisEndpoint ep = core::capture::parse_redis_url(o.url, "--url");
  if (ep.password)
    throw core::InputError("--url", "", "holds a password, which would show in the process list and the shell history; "
                                        "put it in an environment variable and name that with --password-env VAR");
  if (o.tls || ep.tls)
    throw core::InputError(o.tls ? "--tls" : "--url", "",
                           "this build of redcast has no TLS: Debian's libhiredis-dev " + std::string(REDCAST_HIREDIS_VERSION) +
                               " ships no hiredis_ssl (TLS needs hiredis 1.0 or later); reach the server through a TLS "
                               "tunnel such as stunnel and capture from its local end with redis://");
  if (!o.user.empty()) {
    if (!ep.user.empty() && ep.user != o.user)
      throw core::InputError("--user", "", "\"" + o.user + "\" differs from the user \"" + ep.user + "\" in --url");
    ep.user = o.user;
  }
  std::optional<std::string> password;
  if (!o.password_env.empty()) {
    const char* v = std::getenv(o.password_env.c_str());
    if (!v) throw core::InputError("--password-env", "", "the environment variable " + o.password_env + " is not set");
    if (!*v) throw core::InputError("--password-env", "", "the environment variable " + o.password_env + " is empty");
    password = v;
  }
  if (!ep.user.empty() && !password)
    throw core::InputError("--user", "", "needs a password: name the environment variable holding it with --password-env VAR");
  std::optional<double> limit;
  if (!o.duration.empty()) {
    auto d = sim::parse_duration(o.duration);
    if (!d || *d <= 0)
      throw core::InputError("--duration", "", "expected a positive duration like 90s, 10m, 1h30m or a number of seconds, got \"" +
                                                   o.duration + "\"");
    limit = static_cast<double>(*d) / sim::kSecond;
  }
  check_output_path(o.output);
  const std::string where = core::capture::describe(ep);


  std::unique_ptr<cli::MonitorClient> client;
  try {
    client = std::make_unique<cli::MonitorClient>(ep, password, std::chrono::seconds(5));
  } catch (const cli::MonitorSetupError& e) {
    throw core::InputError(e.flag, "", e.message);
  }
  // Said once MONITOR runs, so a refused connection is not buried under it.
  std::fputs(("redcast capture: MONITOR makes " + where +
              " copy every command it runs to this client, which can cost a busy server half its throughput or more; "
              "on Upstash the capture itself is billed. Keep captures short.\n")
                 .c_str(),
             stderr);

  // From here on a signal ends the capture cleanly instead of killing the process mid-write.
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll() returns at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a reader of `-o -` that goes away is an EPIPE, handled below

  LineOutput out(o.output);
  core::capture::MonitorSink sink([&out](std::string_view lines) { return out.write(lines); });
  sink.header(client->header());
  CaptureMeter meter(!o.no_progress && cli::stderr_is_tty());
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  std::uint64_t received = 0;
  enum class End { Signal, Duration, Lost, OutputFailed } end;
  for (;;) {
    if (g_stop_signal) { end = End::Signal; break; }
    double now = elapsed();
    if (limit && now >= *limit) { end = End::Duration; break; }
    auto wait = std::chrono::milliseconds(100);
    if (limit) wait = std::min(wait, std::chrono::milliseconds(static_cast<long>((*limit - now) * 1000) + 1));
    auto status = client->poll(wait, [&](std::string_view text) {
      sink.line(text);
      ++received;
    });
    // The header waits for the first line: a connection lost before any leaves no file.
    if (received > 0 && !sink.flush()) { end = End::OutputFailed; break; }
    if (status == cli::MonitorClient::Status::Closed) { end = End::Lost; break; }
    meter.update(elapsed(), sink.lines());
  }
  double secs = elapsed();
  if (end != End::Lost || received > 0) sink.flush();  // a clean stop with no traffic still writes the header
  meter.clear();

  std::string dest = o.output == "-" ? "stdout" : o.output;
  std::string summary = fmt::grouped(sink.lines()) + " lines in " + fmt::duration(secs) + " (" +
                        fmt::fixed(secs > 0 ? static_cast<double>(sink.lines()) / secs : 0, 1) + " lines/s)";
  switch (end) {
    case End::Signal:
    case End::Duration:
      std::fputs(("redcast capture: " + summary + " to " + dest + (end == End::Signal ? ", stopped by a signal\n" : "\n")).c_str(),
                 stderr);
      return;
    case End::OutputFailed:
      if (out.closed_by_reader()) {
        std::fputs(("redcast capture: " + summary + "; the reader of stdout went away\n").c_str(), stderr);
        return;
      }
      throw cli::Exit{cli::kExitCheckFailed, "redcast capture: cannot write " + dest + ": " + out.error() + "; " + summary +
                                                 " kept, whole lines only"};
    case End::Lost:
      if (received == 0)
        throw cli::Exit{cli::kExitBadInput, "redcast: --url: " + where + ": " + client->error() +
                                                " before any command was captured; no capture written"};
      throw cli::Exit{cli::kExitCheckFailed, "redcast capture: " + where + ": " + client->error() + "; " + summary +
                                                 " kept in " + dest + ", whole lines only"};
  }
}

#else  // built without hiredis

void run(const Options&) {
  throw cli::Exit{cli::kExitBadInput, "redcast capture: this build has no MONITOR client (it was built without "
                                      "libhiredis-dev); run scripts/install-deps and rebuild"};
}

#endif

cli::Register reg(29, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("capture", "Record a MONITOR capture from a live server, in redis-cli's format, for replay and calibrate");
  sub->add_option("--url", o->url,
                  "redis://[user@]host[:port][/db], rediss://... (TLS) or unix:///path/to.sock")
      ->required();
  sub->add_flag("--tls", o->tls, "Connect with TLS (as rediss:// does)");
  sub->add_option("--user", o->user, "ACL user to authenticate as (with --password-env)");
  sub->add_option("--password-env", o->password_env,
                  "Name of the environment variable holding the password (never the password itself)");
  sub->add_option("--duration", o->duration, "Stop after this long (90s, 10m, 1h30m); default: at Ctrl-C or SIGTERM");
  sub->add_option("-o,--output", o->output, "Capture file to write, whole lines only; - for stdout (to pipe into replay)")
      ->required();
  sub->add_flag("--no-progress", o->no_progress, "Never show the elapsed time and line count on stderr");
  sub->callback([o] { run(*o); });
});

}  // namespace
