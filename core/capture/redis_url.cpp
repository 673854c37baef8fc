#include "core/capture/redis_url.hpp"

#include <cctype>

#include "core/input/errors.hpp"

namespace core::capture {
namespace {

constexpr const char* kForms =
    "expected redis://[user@]host[:port][/db], rediss://... or unix:///path/to.sock";

struct UrlParser {
  std::string_view url, flag;

  [[noreturn]] void fail(std::size_t pos, const std::string& what) const {
    throw InputError(std::string(flag), "column " + std::to_string(pos + 1),
                     what + " in \"" + std::string(url) + "\" (" + kForms + ")");
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  }

  // Percent-decodes url[begin, end): user names and passwords may hold ':' '@' '/' that way.
  std::string decode(std::size_t begin, std::size_t end) const {
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
      if (url[i] != '%') {
        out += url[i];
        continue;
      }
      int hi = i + 2 < end ? hex(url[i + 1]) : -1, lo = i + 2 < end ? hex(url[i + 2]) : -1;
      if (i + 2 >= end || hi < 0 || lo < 0) fail(i, "expected two hex digits after '%'");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    return out;
  }

  // A decimal number in url[begin, end) within [lo, hi].
  int number(std::size_t begin, std::size_t end, long lo, long hi, std::string_view name) const {
    const std::string what(name);
    if (begin == end) fail(begin, "expected a " + what);
    long v = 0;
    for (std::size_t i = begin; i < end; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(url[i])))
        fail(i, "expected a " + what + " (digits only), got \"" + std::string(url.substr(begin, end - begin)) + "\"");
      v = v * 10 + (url[i] - '0');
      if (v > hi) break;
    }
    if (v < lo || v > hi)
      fail(begin, "the " + what + " must be " + std::to_string(lo) + ".." + std::to_string(hi) + ", got \"" +
                      std::string(url.substr(begin, end - begin)) + "\"");
    return static_cast<int>(v);
  }

  // [user[:password]@] at url[begin, end); returns where what follows it starts.
  std::size_t userinfo(std::size_t begin, std::size_t end, RedisEndpoint& e) const {
    std::size_t at = url.substr(0, end).rfind('@');
    if (at == std::string_view::npos || at < begin) return begin;
    std::size_t colon = url.substr(0, at).find(':', begin);
    if (colon == std::string_view::npos) {
      e.user = decode(begin, at);
    } else {
      e.user = decode(begin, colon);
      e.password = decode(colon + 1, at);
    }
    return at + 1;
  }

  RedisEndpoint parse() const {
    RedisEndpoint e;
    std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) fail(0, "expected a scheme (redis://, rediss:// or unix://)");
    std::string scheme;
    for (char c : url.substr(0, scheme_end)) scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t p = scheme_end + 3;
    if (scheme == "unix") return parse_unix(p, e);
    if (scheme == "rediss") e.tls = true;
    else if (scheme != "redis") fail(0, "unknown scheme \"" + scheme + "\"");
    e.transport = RedisEndpoint::Transport::Tcp;

    std::size_t auth_end = url.find('/', p);
    if (auth_end == std::string_view::npos) auth_end = url.size();
    std::size_t q = url.find('?', p);
    if (q != std::string_view::npos && q < auth_end) auth_end = q;
    std::size_t h = userinfo(p, auth_end, e);
    std::size_t port_at = std::string_view::npos;
    if (h < auth_end && url[h] == '[') {  // [IPv6]:port
      std::size_t close = url.find(']', h);
      if (close == std::string_view::npos || close > auth_end) fail(h, "expected ']' closing the IPv6 address");
      e.host = std::string(url.substr(h + 1, close - h - 1));
      if (e.host.empty()) fail(h, "expected an IPv6 address between the brackets");
      if (close + 1 < auth_end) {
        if (url[close + 1] != ':') fail(close + 1, "expected ':' and a port after the IPv6 address");
        port_at = close + 2;
      }
    } else {
      std::size_t colon = url.substr(0, auth_end).find(':', h);
      std::size_t host_end = colon == std::string_view::npos ? auth_end : colon;
      e.host = std::string(url.substr(h, host_end - h));
      if (e.host.empty()) fail(h, "expected a host name or address");
      for (std::size_t i = h; i < host_end; ++i) {
        unsigned char c = static_cast<unsigned char>(url[i]);
        if (!std::isalnum(c) && c != '.' && c != '-' && c != '_') fail(i, "unexpected character in the host name");
      }
      if (colon != std::string_view::npos) port_at = colon + 1;
    }
    if (port_at != std::string_view::npos) e.port = number(port_at, auth_end, 1, 65535, "port");

    std::size_t rest = auth_end;
    if (rest < url.size() && url[rest] == '/') {
      std::size_t db_end = url.find('?', rest + 1);
      if (db_end == std::string_view::npos) db_end = url.size();
      if (db_end > rest + 1) e.db = number(rest + 1, db_end, 0, 1 << 20, "database number");
      rest = db_end;
    }
    query(rest, e);
    return e;
  }

  RedisEndpoint parse_unix(std::size_t p, RedisEndpoint& e) const {
    e.transport = RedisEndpoint::Transport::Unix;
    std::size_t q = url.find('?', p);
    if (q == std::string_view::npos) q = url.size();
    std::size_t slash = url.find('/', p);
    if (slash == std::string_view::npos || slash >= q) fail(p, "expected an absolute socket path (unix:///path/to.sock)");
    std::size_t path_at = userinfo(p, slash, e);
    if (path_at != slash) fail(path_at, "expected the socket path right after unix:// (or user@)");
    e.socket_path = decode(slash, q);
    if (e.socket_path.size() < 2) fail(slash, "expected a socket path after '/'");
    query(q, e);
    return e;
  }

  // ?db=N is the only query parameter (redis-py's unix-socket form).
  void query(std::size_t at, RedisEndpoint& e) const {
    if (at >= url.size()) return;
    if (url[at] != '?') fail(at, "unexpected text after the address");
    std::size_t p = at + 1;
    while (p < url.size()) {
      std::size_t amp = url.find('&', p);
      if (amp == std::string_view::npos) amp = url.size();
      std::string_view kv = url.substr(p, amp - p);
      if (kv.substr(0, 3) != "db=") fail(p, "unknown query parameter (only db=N is understood)");
      e.db = number(p + 3, amp, 0, 1 << 20, "database number");
      p = amp + 1;
    }
  }
};

}  // namespace

RedisEndpoint parse_redis_url(std::string_view url, std::string_view flag) {
  if (url.empty()) throw InputError(std::string(flag), "", std::string("empty URL (") + kForms + ")");
  return UrlParser{url, flag}.parse();
}

std::string describe(const RedisEndpoint& e) {
  if (e.transport == RedisEndpoint::Transport::Unix) return "unix:" + e.socket_path;
  std::string host = e.host.find(':') != std::string::npos ? "[" + e.host + "]" : e.host;
  return host + ":" + std::to_string(e.port);
}

}  // namespace core::capture
