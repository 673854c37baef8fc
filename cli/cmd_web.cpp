// redcast web [--port 8080] [--dir DIR]: serves the built browser app (index.html, redcast.js,
// redcast.wasm) on 127.0.0.1. A static file server and nothing more: GET and HEAD, no directory
// listings, nothing outside DIR. The app needs no server of its own; browsers only refuse to run
// wasm from file:// URLs.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "cli/registry.hpp"

namespace {

namespace fs = std::filesystem;

struct Options {
  int port = 8080;
  std::string dir;
};

std::string content_type(const fs::path& p) {
  std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".json") return "application/json";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".png") return "image/png";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool send_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

void respond_status(int fd, int code, const char* reason, bool head) {
  std::string body = std::to_string(code) + " " + reason + "\n";
  std::string h = "HTTP/1.1 " + std::to_string(code) + " " + reason +
                  "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
                  "\r\nConnection: close\r\n\r\n";
  send_all(fd, h.data(), h.size());
  if (!head) send_all(fd, body.data(), body.size());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "/a%20b/c.js?x#y" -> "a b/c.js"; false when the path escapes the folder or is malformed.
bool safe_relative(const std::string& target, std::string& out) {
  std::string path = target.substr(0, target.find_first_of("?#"));
  std::string decoded;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && hex_value(path[i + 1]) >= 0 && hex_value(path[i + 2]) >= 0) {
      decoded += static_cast<char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2]));
      i += 2;
    } else {
      decoded += path[i];
    }
  }
  if (decoded.empty() || decoded[0] != '/' || decoded.find('\0') != std::string::npos) return false;
  out.clear();
  std::size_t pos = 1;
  while (pos <= decoded.size()) {
    std::size_t end = decoded.find('/', pos);
    if (end == std::string::npos) end = decoded.size();
    std::string seg = decoded.substr(pos, end - pos);
    if (seg == ".." || seg.find('\\') != std::string::npos) return false;
    if (!seg.empty() && seg != ".") out += (out.empty() ? "" : "/") + seg;
    pos = end + 1;
  }
  return true;
}

void serve_connection(int fd, fs::path root) {
  timeval tv{10, 0};  // a browser's idle pre-connection must not hold a thread forever
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string req;
  char buf[4096];
  while (req.find("\r\n\r\n") == std::string::npos && req.size() < 16384) {
    ssize_t r = ::recv(fd, buf, sizeof buf, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    req.append(buf, static_cast<std::size_t>(r));
  }
  std::size_t sp1 = req.find(' '), sp2 = sp1 == std::string::npos ? sp1 : req.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) {
    if (!req.empty()) respond_status(fd, 400, "Bad Request", false);
    ::close(fd);
    return;
  }
  std::string method = req.substr(0, sp1), target = req.substr(sp1 + 1, sp2 - sp1 - 1);
  bool head = method == "HEAD";
  std::string rel;
  if (method != "GET" && !head) {
    respond_status(fd, 405, "Method Not Allowed", false);
  } else if (!safe_relative(target, rel)) {
    respond_status(fd, 400, "Bad Request", head);
  } else {
    fs::path file = root / rel;
    std::error_code ec;
    if (fs::is_directory(file, ec)) file /= "index.html";
    std::ifstream in(file, std::ios::binary);
    if (!in || !fs::is_regular_file(file, ec)) {
      respond_status(fd, 404, "Not Found", head);
    } else {
      std::uintmax_t size = fs::file_size(file, ec);
      std::string h = "HTTP/1.1 200 OK\r\nContent-Type: " + content_type(file) +
                      "\r\nContent-Length: " + std::to_string(size) +
                      "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
      bool ok = send_all(fd, h.data(), h.size());
      while (ok && !head && in) {
        char chunk[65536];
        in.read(chunk, sizeof chunk);
        std::streamsize got = in.gcount();
        if (got <= 0) break;
        ok = send_all(fd, chunk, static_cast<std::size_t>(got));
      }
    }
  }
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

bool is_app_dir(const fs::path& d) {
  std::error_code ec;
  return fs::is_regular_file(d / "index.html", ec) && fs::is_regular_file(d / "redcast.wasm", ec);
}

// Where scripts/build-web and the `web` preset put the app, relative to this binary and to the
// working directory.
fs::path find_app_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) candidates.push_back(exe.parent_path() / ".." / "web" / "web");
  candidates.push_back(fs::current_path(ec) / "build" / "web" / "web");
  for (const auto& c : candidates)
    if (is_app_dir(c)) return fs::weakly_canonical(c, ec);
  return {};
}

void run(const Options& o) {
  fs::path root = o.dir.empty() ? find_app_dir() : fs::path(o.dir);
  if (root.empty())
    throw cli::Exit{cli::kExitBadInput,
                    "redcast web: no built app found (looked in build/web/web); build it with `scripts/build-web DIR` "
                    "and run `redcast web --dir DIR`"};
  if (!is_app_dir(root))
    throw cli::Exit{cli::kExitBadInput, "redcast web: " + root.string() +
                                            " has no index.html and redcast.wasm; build it with `scripts/build-web " +
                                            root.string() + "`"};
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) throw cli::Exit{3, std::string("redcast web: socket: ") + std::strerror(errno)};
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(o.port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(s, 64) != 0) {
    std::string why = std::strerror(errno);
    ::close(s);
    throw cli::Exit{cli::kExitBadInput, "redcast web: cannot listen on 127.0.0.1:" + std::to_string(o.port) + ": " + why};
  }
  socklen_t len = sizeof addr;
  getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  ::signal(SIGPIPE, SIG_IGN);
  std::cout << "redcast: serving " << root.string() << " at http://127.0.0.1:" << ntohs(addr.sin_port)
            << "/ (Ctrl-C to stop)" << std::endl;
  for (;;) {
    int c = ::accept(s, nullptr, nullptr);
    if (c < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) continue;
      std::string why = std::strerror(errno);
      ::close(s);
      throw cli::Exit{3, "redcast web: accept: " + why};
    }
    std::thread(serve_connection, c, root).detach();
  }
}

cli::Register reg(90, [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("web", "Serve the browser app on 127.0.0.1 (it works offline as static files)");
  sub->add_option("--port", o->port, "Port (0 picks a free one and prints it)")->check(CLI::Range(0, 65535));
  sub->add_option("--dir", o->dir, "Folder with index.html, redcast.js, redcast.wasm (default: build/web/web)");
  sub->callback([o] { run(*o); });
});

}  // namespace
