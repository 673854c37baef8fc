#include "core/replay/audit.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "core/format/format.hpp"

namespace core::replay {
namespace {

using format::compact;
using format::duration;
using format::fixed;

enum Role : std::uint32_t {
  kGet = 1u << 0,
  kSetFamily = 1u << 1,   // SET, SETNX, GETSET: may carry no TTL
  kTtl = 1u << 2,         // EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT
  kCreate = 1u << 3,      // a write that creates the key if absent
  kDelete = 1u << 4,      // DEL, UNLINK, GETDEL
  kListPush = 1u << 5,
  kListPop = 1u << 6,     // pops, LTRIM, LREM, moves out
  kStreamAdd = 1u << 7,
  kStreamTrim = 1u << 8,  // XTRIM, XDEL
  kDebugRead = 1u << 9,   // introspection reads nobody needs every cycle
  kPoll = 1u << 10,       // non-blocking fetches that come back empty when nothing is queued
  kBlockingPop = 1u << 11,
  kKeys = 1u << 12,
  kPing = 1u << 13,
  kHandshake = 1u << 14,  // connection set-up commands
  kKeyRead = 1u << 15,    // single-key reads that may follow a KEYS
  kSetWithTtl = 1u << 16, // SETEX, PSETEX: create with TTL
  kPersist = 1u << 17,
  kScript = 1u << 18,     // EVAL, EVALSHA, FCALL (and their _RO forms)
  kExpireLike = kTtl,
};

std::uint32_t role_of(const std::string& n, CommandClass cls) {
  auto is = [&](std::initializer_list<const char*> names) {
    for (const char* x : names)
      if (n == x) return true;
    return false;
  };
  std::uint32_t r = 0;
  if (n == "GET") r |= kGet;
  if (is({"SET", "SETNX", "GETSET"})) r |= kSetFamily;
  if (is({"EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"})) r |= kTtl;
  if (is({"SETEX", "PSETEX"})) r |= kSetWithTtl | kCreate;
  if (is({"DEL", "UNLINK", "GETDEL"})) r |= kDelete;
  if (n == "PERSIST") r |= kPersist;
  if (is({"LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "LINSERT"})) r |= kListPush;
  if (is({"LPOP", "RPOP", "BLPOP", "BRPOP", "LMOVE", "BLMOVE", "RPOPLPUSH", "BRPOPLPUSH", "LMPOP", "BLMPOP", "LREM",
          "LTRIM"}))
    r |= kListPop;
  if (n == "XADD") r |= kStreamAdd;
  if (is({"XTRIM", "XDEL"})) r |= kStreamTrim;
  if (is({"XLEN", "XRANGE", "XREVRANGE", "XPENDING", "XINFO|STREAM", "XINFO|GROUPS", "XINFO|CONSUMERS", "LLEN", "SCARD",
          "ZCARD", "HLEN", "DBSIZE", "STRLEN", "MEMORY|USAGE", "OBJECT|ENCODING", "OBJECT|FREQ", "OBJECT|IDLETIME",
          "OBJECT|REFCOUNT", "TYPE", "TTL", "PTTL", "INFO"}))
    r |= kDebugRead;
  if (is({"LPOP", "RPOP", "LMPOP", "ZPOPMIN", "ZPOPMAX", "ZMPOP", "SPOP", "RPOPLPUSH", "LMOVE", "XAUTOCLAIM", "XREAD",
          "XREADGROUP", "ZRANGEBYSCORE", "ZRANGE"}))
    r |= kPoll;
  if (is({"BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BZPOPMIN", "BZPOPMAX", "BLMPOP", "BZMPOP", "XREAD", "XREADGROUP"}))
    r |= kBlockingPop;
  if (n == "KEYS") r |= kKeys;
  if (is({"EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO"})) r |= kScript;
  if (n == "PING") r |= kPing;
  if (is({"PING", "SELECT", "AUTH", "HELLO", "CLIENT|SETNAME", "CLIENT|SETINFO", "CLIENT|ID", "READONLY"}))
    r |= kHandshake;
  if (cls == CommandClass::Read && n != "KEYS" && n != "SCAN") r |= kKeyRead;
  // A write that creates its key; pops, polls and key-lifetime commands are writes that do not.
  if (cls == CommandClass::Write && !(r & (kTtl | kDelete | kListPop | kStreamTrim | kPersist | kPoll | kBlockingPop)))
    r |= kCreate;
  return r;
}

constexpr sim::Duration kRunGap = 100 * sim::kMillisecond;   // GETs closer than this form a run
constexpr sim::Duration kPairGap = 1 * sim::kSecond;         // SET .. EXPIRE within this
constexpr sim::Duration kKeysFollowGap = 5 * sim::kSecond;   // reads after KEYS within this
constexpr std::size_t kExamples = 3;
constexpr std::size_t kTextCap = 220;

struct Text {
  char b[kTextCap];
  std::uint16_t n = 0;
  std::uint64_t line = 0;
  void set(std::string_view s, std::uint64_t no) {
    n = static_cast<std::uint16_t>(std::min(s.size(), kTextCap));
    std::memcpy(b, s.data(), n);
    line = no;
  }
  std::string str() const {
    std::string s = "line " + std::to_string(line) + ": " + std::string(b, n);
    if (n == kTextCap) s += " …";
    return s;
  }
};

std::string evidence_line(std::uint64_t no, std::string_view line) {
  std::string s = "line " + std::to_string(no) + ": " + std::string(line.substr(0, kTextCap));
  if (line.size() > kTextCap) s += " …";
  return s;
}

struct RecentSet {
  std::uint64_t hash = 0;
  sim::Time ts = 0;
  std::uint64_t line = 0;
  std::uint32_t pattern = kNone;
  bool used = true;
};

struct ClientA {
  RecentSet sets[4];
  std::uint8_t set_next = 0;
  Text set_text;  // the latest plain SET (only while examples are wanted)
  // GET runs
  std::uint32_t run_len = 0;
  sim::Time run_last = 0;
  std::uint32_t run_pattern = kNone;
  bool run_mixed = false;
  Text run_text;
  // KEYS follow-ups
  bool keys_open = false;
  sim::Time keys_last = 0;
  // handshake
  bool handshaking = true;
  std::uint32_t handshake = 0;
  CommandId hs_cmds[6] = {};
  std::uint32_t seen = 0;
  sim::Time first = 0;
  bool known = false;
};

struct PatA {
  TinyHll created;
  std::uint64_t creates = 0, ttl = 0, deletes = 0, persists = 0;
  std::uint64_t pushes = 0, pops = 0;
  std::uint64_t xadds = 0, xadds_untrimmed = 0, xtrims = 0;
  std::uint64_t writes = 0, polls = 0;
  std::uint64_t set_bytes = 0, sets = 0;
  Text example;
  bool have_example = false;
  Text push_example;
  bool have_push_example = false;
};

struct StreamA {
  std::uint32_t client = kNone;
  CommandId cmd = 0;
  sim::Time first = 0;
  double timeout_s = -1;  // blocking timeout of the last call (-1 = not blocking)
  sim::Time last = 0;
  std::uint32_t calls = 0, timed_out = 0, returned = 0;
  Text example;
  bool have_example = false;
};

struct Acc {
  std::uint64_t count = 0, items = 0;
  std::vector<std::string> examples;
  void example(std::string s) {
    if (examples.size() < kExamples) examples.push_back(std::move(s));
  }
};

// Timeout argument of a blocking command, in seconds (-1 when none or not blocking).
double blocking_timeout(const std::string& name, std::string_view args) {
  ArgCursor c(args, false);
  std::string_view a, last;
  if (name == "XREAD" || name == "XREADGROUP") {
    bool next_is_block = false;
    while (c.next(a)) {
      if (next_is_block) {
        std::int64_t ms;
        return parse_int(a, ms) ? static_cast<double>(ms) / 1000.0 : -1;
      }
      if (equals_upper(a, "BLOCK")) next_is_block = true;
      if (equals_upper(a, "STREAMS")) break;
    }
    return -1;
  }
  if (name == "BLMPOP" || name == "BZMPOP") {
    c.skip(1);
    if (!c.next(a)) return -1;
    return std::atof(std::string(a).c_str());
  }
  while (c.next(a)) last = a;
  if (last.empty()) return -1;
  std::string t(last);
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end == t.c_str()) return -1;
  return v;
}

// SET k v [EX s | PX ms | EXAT | PXAT | KEEPTTL] ...: does it set a TTL?
bool set_has_ttl(std::string_view args) {
  ArgCursor c(args, false);
  c.skip(3);
  std::string_view a;
  while (c.next(a)) {
    if (equals_upper(a, "EX") || equals_upper(a, "PX") || equals_upper(a, "EXAT") || equals_upper(a, "PXAT") ||
        equals_upper(a, "KEEPTTL"))
      return true;
  }
  return false;
}

std::size_t set_value_size(std::string_view args) {
  ArgCursor c(args, false);
  c.skip(2);
  std::string_view v;
  return c.next(v) ? unescaped_size(v) : 0;
}

bool xadd_trims(std::string_view args) {
  ArgCursor c(args, false);
  c.skip(2);
  std::string_view a;
  for (int i = 0; i < 6 && c.next(a); ++i)
    if (equals_upper(a, "MAXLEN") || equals_upper(a, "MINID")) return true;
  return false;
}

}  // namespace

struct AuditState {
  CommandIndex& idx;
  std::uint32_t max_clients, max_patterns, max_streams;
  std::vector<std::uint32_t> roles;  // by command id; UINT32_MAX = not computed
  std::vector<ClientA> clients;
  std::vector<PatA> pats;
  IdMap64 stream_index;  // packed stream key -> streams[] (only streams the findings quote)
  std::vector<StreamA> streams;
  // Accumulators.
  std::map<std::uint32_t, Acc> set_expire;      // by pattern of the key
  std::map<std::uint32_t, Acc> get_runs;        // by pattern (kNone = mixed)
  std::map<std::uint32_t, Acc> keys_by_client;  // count = KEYS calls, items = reads that followed
  std::map<std::uint32_t, std::string> keys_glob;
  Acc health_pings, handshake_pings;
  std::map<std::uint32_t, std::uint64_t> pings_by_client;
  Acc handshakes;  // per connection opened: count = connections, items = handshake commands
  sim::Time first_ts = INT64_MIN;

  AuditState(CommandIndex& i, std::uint32_t mc, std::uint32_t mp, std::uint32_t ms)
      : idx(i), max_clients(mc), max_patterns(mp), max_streams(ms), stream_index(ms) {}

  std::uint32_t role(CommandId c) {
    if (c >= roles.size()) roles.resize(c + 64u, UINT32_MAX);
    if (roles[c] == UINT32_MAX) roles[c] = role_of(command_info(c).name, command_info(c).cls);
    return roles[c];
  }
  ClientA* client(std::uint32_t id) {
    if (id == kNone || id >= max_clients) return nullptr;
    if (id >= clients.size()) clients.resize(id + 1);
    return &clients[id];
  }
  PatA* pat(std::uint32_t id) {
    if (id == kNone || id >= max_patterns) return nullptr;
    if (id >= pats.size()) pats.resize(id + 1);
    return &pats[id];
  }
  StreamA* stream(const AuditEvent& e) {
    if (e.stream_key == 0) return nullptr;
    bool inserted = false;
    std::uint32_t id = stream_index.get_or_insert(e.stream_key, &inserted);
    if (id == kNone) return nullptr;
    if (inserted) {
      streams.emplace_back();
      streams.back().client = e.client;
      streams.back().cmd = e.cmd;
      streams.back().first = e.ts;
    }
    return &streams[id];
  }
  const StreamA* stream_by_key(std::uint64_t key) const {
    std::uint32_t id = key ? stream_index.find(key) : kNone;
    return id == kNone ? nullptr : &streams[id];
  }

  void close_run(ClientA& c) {
    if (c.run_len >= 3) {
      Acc& a = get_runs[c.run_mixed ? kNone : c.run_pattern];
      ++a.count;
      a.items += c.run_len;
      if (a.examples.size() < kExamples && c.run_text.n)
        a.example(c.run_text.str() + "  (first of " + std::to_string(c.run_len) + " GETs in a row)");
    }
    c.run_len = 0;
  }
};

AuditTracker::AuditTracker(CommandIndex& index, std::uint32_t max_clients, std::uint32_t max_patterns,
                           std::uint32_t max_streams)
    : s_(std::make_unique<AuditState>(index, max_clients, max_patterns, max_streams)) {}
AuditTracker::~AuditTracker() = default;

void AuditTracker::on_command(const AuditEvent& e) {
  AuditState& s = *s_;
  if (s.first_ts == INT64_MIN) s.first_ts = e.ts;
  const std::uint32_t role = s.role(e.cmd);
  const std::string& name = command_info(e.cmd).name;

  // Key lifetime and growth, per pattern (script-run commands count too).
  if (PatA* p = s.pat(e.pattern)) {
    bool with_ttl = (role & kSetWithTtl) != 0;
    if ((role & kSetFamily) && set_has_ttl(e.args)) with_ttl = true;
    if (role & kCreate) {
      ++p->writes;
      p->created.add(e.key_hash);
      ++p->creates;
      if (with_ttl) ++p->ttl;
      if (!p->have_example && !with_ttl) {
        p->example.set(e.line, e.line_no);
        p->have_example = true;
      }
    }
    if (role & kTtl) ++p->ttl;
    if (role & kDelete) ++p->deletes;
    if (role & kPersist) ++p->persists;
    if (role & kListPush) {
      ++p->pushes;
      if (!p->have_push_example) {
        p->push_example.set(e.line, e.line_no);
        p->have_push_example = true;
      }
    }
    if (role & kListPop) ++p->pops;
    if (role & kStreamAdd) {
      ++p->xadds;
      if (!xadd_trims(e.args)) {
        ++p->xadds_untrimmed;
        if (!p->have_push_example) {
          p->push_example.set(e.line, e.line_no);
          p->have_push_example = true;
        }
      }
    }
    if (role & kStreamTrim) ++p->xtrims;
    // Non-blocking fetches (XREAD/XREADGROUP count only without BLOCK).
    if ((role & kPoll) && !((role & kBlockingPop) && blocking_timeout(name, e.args) >= 0)) ++p->polls;
    if ((role & kSetFamily) && !e.truncated) {
      p->set_bytes += set_value_size(e.args);
      ++p->sets;
    }
  }
  if (e.lua) return;


  // First line of each stream whose loops the findings may quote.
  if (role & (kDebugRead | kPoll | kBlockingPop | kKeys | kScript)) {
    if (StreamA* st = s.stream(e)) {
      if (!st->have_example) {
        st->example.set(e.line, e.line_no);
        st->have_example = true;
      }
    }
  }

  // Blocking pops: did the previous call time out?
  if (role & kBlockingPop) {
    if (StreamA* st = s.stream(e)) {
      if (st->calls > 0 && st->timeout_s > 0) {
        double gap = static_cast<double>(e.ts - st->last) * 1e-6;
        // A call that timed out is followed after its full timeout (Redis never returns early
        // without data); one that got a message is followed sooner.
        if (gap >= 0.98 * st->timeout_s) ++st->timed_out;
        else ++st->returned;
      }
      st->timeout_s = blocking_timeout(name, e.args);
      st->last = e.ts;
      ++st->calls;
    }
  }

  ClientA* c = s.client(e.client);
  if (!c) return;
  if (!c->known) {
    c->known = true;
    c->first = e.ts;
  }
  ++c->seen;
  // Handshake: the set-up commands a connection sends before its first real command.
  if (c->handshaking) {
    if (role & kHandshake) {
      if (c->handshake < 6) c->hs_cmds[c->handshake] = e.cmd;
      ++c->handshake;
    } else {
      c->handshaking = false;
    }
  }

  // PINGs: handshake PINGs (first commands of a connection) vs health checks.
  if (role & kPing) {
    if (c->handshaking) {
      ++s.handshake_pings.count;
    } else {
      ++s.health_pings.count;
      ++s.pings_by_client[e.client];
      s.health_pings.example(evidence_line(e.line_no, e.line));
    }
  }

  // GET runs.
  if ((role & kGet) && e.nkeys == 1) {
    if (c->run_len > 0 && e.ts - c->run_last <= kRunGap) {
      ++c->run_len;
      if (e.pattern != c->run_pattern) c->run_mixed = true;
    } else {
      s.close_run(*c);
      c->run_len = 1;
      c->run_pattern = e.pattern;
      c->run_mixed = false;
      if (s.get_runs[e.pattern].examples.size() < kExamples) c->run_text.set(e.line, e.line_no);
      else c->run_text.n = 0;
    }
    c->run_last = e.ts;
  } else if (c->run_len) {
    s.close_run(*c);
  }

  // SET then EXPIRE on the same key.
  if ((role & kSetFamily) && !set_has_ttl(e.args)) {
    RecentSet& r = c->sets[c->set_next++ % 4];
    r = RecentSet{e.key_hash, e.ts, e.line_no, e.pattern, false};
    if (s.set_expire[e.pattern].examples.size() < kExamples) c->set_text.set(e.line, e.line_no);
  } else if (role & kTtl) {
    for (RecentSet& r : c->sets) {
      if (!r.used && r.hash == e.key_hash && e.ts - r.ts <= kPairGap) {
        r.used = true;
        Acc& a = s.set_expire[r.pattern];
        ++a.count;
        if (a.examples.size() < kExamples) {
          std::string ex;
          if (c->set_text.line == r.line && c->set_text.n) ex = c->set_text.str() + "\n    ";
          ex += evidence_line(e.line_no, e.line);
          a.example(std::move(ex));
        }
        break;
      }
    }
  }

  // KEYS and the reads that follow it.
  if (role & kKeys) {
    Acc& a = s.keys_by_client[e.client];
    ++a.count;
    a.example(evidence_line(e.line_no, e.line));
    if (!s.keys_glob.count(e.client)) {
      ArgCursor cur(e.args, e.truncated);
      std::string_view glob;
      cur.skip(1);
      if (cur.next(glob)) s.keys_glob[e.client] = std::string(glob.substr(0, 80));
    }
    c->keys_open = true;
    c->keys_last = e.ts;
  } else if (c->keys_open) {
    if ((role & kKeyRead) && e.nkeys == 1 && e.ts - c->keys_last <= kKeysFollowGap) {
      ++s.keys_by_client[e.client].items;
      c->keys_last = e.ts;
    } else if (!(role & kKeyRead) || e.ts - c->keys_last > kKeysFollowGap) {
      c->keys_open = false;
    }
  }
}

namespace {

// What every detector reads, and the helpers they share. Detectors append to `out`.
struct Detection {
  AuditState& s;  // not const: role() caches
  const AuditContext& ctx;
  const ReplayReport& r;
  std::vector<Finding>& out;
  double span = r.span_s;
  double lua_weight = 1;  // billable weight of an average script-run command

  double monthly(double count) const { return span > 0 ? count / span * kSecondsPerMonth : 0; }
  std::string pattern_name(std::uint32_t p) const {
    if (p == kNone || p >= ctx.pattern_names.size()) return std::string("(various keys)");
    return ctx.pattern_names[p];
  }
  std::string client_name(std::uint32_t c) const {
    if (c == kNone || c >= ctx.client_names.size()) return std::string("(other)");
    return ctx.client_names[c];
  }
  double weight(const char* cmd) const {
    auto id = find_command(cmd);
    return id ? ctx.weight(*id, false) : 1.0;
  }
  // Prices the finding and keeps it.
  void add(Finding&& f) {
    f.monthly_usd_saved = f.monthly_billable_saved * ctx.usd_per_billable;
    out.push_back(std::move(f));
  }
  // Storage findings save no commands: nothing to price.
  void add_unpriced(Finding&& f) { out.push_back(std::move(f)); }
  std::string loop_evidence(const LoopRow& l, const LoopMember& m) const {
    if (const StreamA* st = s.stream_by_key(m.stream_key); st && st->have_example) return st->example.str();
    return "first seen at line " + std::to_string(l.first_line) + " (" + l.signature + ")";
  }
};

double script_command_weight(const ReplayReport& r) {
  double n = 0, b = 0;
  for (const CommandRow& c : r.commands) {
    n += static_cast<double>(c.lua);
    b += static_cast<double>(c.lua) * static_cast<double>(c.weight_lua);
  }
  return n > 0 ? b / n : 1;
}

// KEYS in a hot path: a keyspace scan whose result drives one read per key.
void detect_keys_hot_path(Detection& d) {
  const double M = kSecondsPerMonth;
  for (const auto& [client, a] : d.s.keys_by_client) {
    const LoopRow* loop = nullptr;
    for (const LoopRow& l : d.r.loops)
      for (const LoopMember& m : l.members)
        if (m.command == "KEYS" && l.client.rfind(d.client_name(client), 0) == 0) loop = &l;
    double per_hour = d.span > 0 ? static_cast<double>(a.count) / d.span * 3600 : 0;
    if (a.count < 2 || (!loop && per_hour < 1)) continue;
    Finding f;
    f.id = "keys-hot-path";
    std::string glob = d.s.keys_glob.count(client) ? d.s.keys_glob.at(client) : "*";
    double follows = static_cast<double>(a.items) / static_cast<double>(a.count);
    f.title = "KEYS " + glob + " runs " + (loop ? "every " + duration(loop->period_s) : fixed(per_hour, 0) + " times an hour") +
              " from " + d.client_name(client);
    f.detail = std::to_string(a.count) + " KEYS calls in the capture, each followed by " + fixed(follows, 1) +
               " single-key reads on average. KEYS scans the whole keyspace (O(N), blocking the server) and "
               "its result drives one read per key.";
    f.fix = "Keep the members in one SET (SADD/SREM as they change) or the values in one HASH: one SMEMBERS or "
            "HGETALL replaces KEYS and the per-key reads; where a scan is unavoidable use SCAN with a MATCH pattern.";
    double per_month_keys = loop ? M / loop->period_s : d.monthly(static_cast<double>(a.count));
    f.monthly_commands_saved = per_month_keys * follows;
    f.monthly_billable_saved = f.monthly_commands_saved * d.weight("GET");
    if (follows < 0.5) f.saving_note = "no per-key reads follow it: the gain is server time, not commands";
    f.evidence = a.examples;
    d.add(std::move(f));
  }
}

// SET then EXPIRE on the same key: two commands where SET ... EX does it in one.
void detect_set_then_expire(Detection& d) {
  for (const auto& [pattern, a] : d.s.set_expire) {
    if (a.count < 2) continue;
    Finding f;
    f.id = "set-then-expire";
    f.title = "SET then EXPIRE on " + d.pattern_name(pattern) + ": two commands where one does";
    f.detail = std::to_string(a.count) + " SETs followed by an EXPIRE of the same key from the same client within 1 s.";
    f.fix = "Write SET key value EX seconds (or PX ms): the TTL is set atomically with the value, one command instead of two.";
    f.monthly_commands_saved = d.monthly(static_cast<double>(a.count));
    f.monthly_billable_saved = f.monthly_commands_saved * d.weight("EXPIRE");
    f.evidence = a.examples;
    d.add(std::move(f));
  }
}

// Runs of single GETs that one MGET would serve.
void detect_get_runs(Detection& d) {
  for (const auto& [pattern, a] : d.s.get_runs) {
    if (a.count < 2) continue;
    Finding f;
    f.id = "get-runs";
    double per_run = static_cast<double>(a.items) / static_cast<double>(a.count);
    f.title = "Runs of single GETs" + (pattern == kNone ? std::string() : " on " + d.pattern_name(pattern)) +
              " that one MGET would serve";
    f.detail = std::to_string(a.count) + " runs of " + fixed(per_run, 1) +
               " GETs on average, back to back from one client (" + std::to_string(a.items) + " GETs).";
    f.fix = pattern == kNone
                ? "Fetch the keys of a run with one MGET."
                : "Fetch them with one MGET, or keep the family " + d.pattern_name(pattern) +
                      " as fields of one HASH read with HGETALL/HMGET: one command per run instead of one per key.";
    f.monthly_commands_saved = d.monthly(static_cast<double>(a.items - a.count));
    f.monthly_billable_saved = f.monthly_commands_saved * d.weight("GET");
    f.saving_note = "on providers that bill per command; MGET counts as one";
    f.evidence = a.examples;
    d.add(std::move(f));
  }
}

// Keys of a pattern created without a TTL and never deleted.
void detect_keys_without_ttl(Detection& d, std::uint32_t p) {
  const PatA& a = d.s.pats[p];
  double distinct = a.created.estimate();
  if (!(a.creates >= 20 && distinct >= 20 && a.ttl == 0 && a.deletes + a.pops < a.creates / 10 && a.pushes == 0 &&
        a.xadds == 0))
    return;
  Finding f;
  f.id = "keys-without-ttl";
  double per_month = d.monthly(distinct);
  f.title = "Keys " + d.pattern_name(p) + " are created without a TTL and never deleted";
  f.detail = "About " + compact(distinct) + " distinct keys created in " + fixed(d.span, 0) + " s, none with a TTL, " +
             std::to_string(a.deletes) + " deleted: about " + compact(per_month) + " more keys a month, for ever.";
  if (a.sets) f.detail += " Values average " + fixed(static_cast<double>(a.set_bytes) / static_cast<double>(a.sets), 0) + " bytes.";
  f.fix = "Give them a TTL when written (SET key value EX seconds, or EXPIRE in the same pipeline), or delete "
          "them when their work is done.";
  f.saving_note = "storage, not commands: the key count grows until the plan's storage limit";
  if (a.have_example) f.evidence.push_back(a.example.str());
  d.add_unpriced(std::move(f));
}

// A list or stream that only grows: a storage finding, reported as "growing-list" for both.
void add_growth_finding(Detection& d, const PatA& a, std::string title, std::uint64_t adds, const char* what, const char* fix) {
  Finding f;
  f.id = "growing-list";
  f.title = std::move(title);
  f.detail = std::to_string(adds) + what + compact(d.monthly(static_cast<double>(adds))) + " more entries a month.";
  f.fix = fix;
  f.saving_note = "storage, not commands";
  if (a.have_push_example) f.evidence.push_back(a.push_example.str());
  d.add_unpriced(std::move(f));
}

// A list pushed to and never popped, trimmed or deleted.
void detect_growing_list(Detection& d, std::uint32_t p) {
  const PatA& a = d.s.pats[p];
  if (!(a.pushes >= 20 && a.pops == 0 && a.deletes == 0 && a.ttl == 0)) return;
  add_growth_finding(d, a, "List " + d.pattern_name(p) + " is pushed to and never popped", a.pushes,
                     " pushes, no pop, trim or delete: about ",
                     "Trim it as it grows (LTRIM key 0 N-1 after the push, in the same pipeline) or consume it; if nobody "
                     "reads it, stop writing it.");
}

// A stream added to without MAXLEN/MINID and never trimmed.
void detect_growing_stream(Detection& d, std::uint32_t p) {
  const PatA& a = d.s.pats[p];
  if (!(a.xadds_untrimmed >= 20 && a.xtrims == 0 && a.deletes == 0 && a.ttl == 0)) return;
  add_growth_finding(d, a, "Stream " + d.pattern_name(p) + " grows without MAXLEN or XTRIM", a.xadds_untrimmed,
                     " XADDs without MAXLEN/MINID and no XTRIM/XDEL/DEL: about ",
                     "Add MAXLEN ~ N (or MINID) to the XADD, or XTRIM periodically.");
}

// An introspection read (XLEN, TTL, INFO...) in every cycle of a loop.
void detect_debug_reads(Detection& d, const LoopRow& l, const LoopMember& m) {
  if (!(d.s.role(m.cmd) & kDebugRead)) return;
  double per_month = m.per_cycle / l.period_s * kSecondsPerMonth;
  Finding f;
  f.id = "debug-reads";
  f.title = m.signature + " in every cycle of a loop (every " + duration(l.period_s) + ", " + l.client + ")";
  f.detail = m.command + " is an introspection read: " + fixed(m.per_cycle, 0) + " per cycle, " + compact(per_month) +
             " a month, and the loop works the same without it.";
  f.fix = "Drop it from the loop, or run it only when something looks wrong (e.g. when the real read comes back "
          "empty several times in a row).";
  f.monthly_commands_saved = per_month;
  f.monthly_billable_saved = per_month * d.ctx.weight(m.cmd, false);
  f.evidence.push_back(d.loop_evidence(l, m));
  d.add(std::move(f));
}

// A non-blocking poll, in a loop, of a key family (almost) nobody writes to.
void detect_polled_empty_keys(Detection& d, const LoopRow& l, const LoopMember& m) {
  if (!(d.s.role(m.cmd) & kPoll)) return;
  std::uint32_t pid = kNone;
  for (std::uint32_t p = 0; p < d.ctx.pattern_names.size(); ++p)
    if (d.ctx.pattern_names[p] == m.subject) pid = p;
  if (pid == kNone || pid >= d.s.pats.size()) return;
  const PatA& a = d.s.pats[pid];
  if (a.polls < 10 || static_cast<double>(a.writes) > 0.1 * static_cast<double>(a.polls)) return;
  Finding f;
  f.id = "empty-polls";
  f.title = m.signature + " polled every " + duration(l.period_s) + " (" + l.client + ") finds nothing";
  f.detail = std::to_string(a.polls) + " polls of " + m.subject + " and " + std::to_string(a.writes) +
             " writes to it in the capture: nearly every poll comes back empty.";
  double rate = m.per_cycle / l.period_s;
  double blocking_rate = 1.0 / 10.0;  // a blocking read with a 10 s timeout while idle
  f.fix = "Use a blocking read (BLPOP/BRPOP, BZPOPMIN, XREADGROUP ... BLOCK 10000): it returns as soon as data "
          "arrives, so pickup gets faster and the idle cost drops to one call per timeout.";
  f.monthly_commands_saved = std::max(0.0, rate - blocking_rate) * kSecondsPerMonth;
  f.monthly_billable_saved = f.monthly_commands_saved * d.ctx.weight(m.cmd, false);
  f.evidence.push_back(d.loop_evidence(l, m));
  d.add(std::move(f));
}

// A loop's script whose inner redis.call()s are billed one by one.
void detect_script_inner(Detection& d, const LoopRow& l) {
  if (!(l.inner_per_cycle > 0 && d.r.rules.bill_script_inner)) return;
  const LoopMember* script = nullptr;
  for (const LoopMember& m : l.members)
    if (m.inner_per_cycle > 0) script = &m;
  if (!script) return;
  Finding f;
  f.id = "script-inner";
  double inner_month = l.inner_per_cycle / l.period_s * kSecondsPerMonth;
  f.title = script->signature + " every " + duration(l.period_s) + " (" + l.client + "): its script's " +
            fixed(l.inner_per_cycle, 0) + " commands are billed too";
  f.detail = "Under the " + d.r.rules.id + " rules a script is billed as the call plus every redis.call() it makes: " +
             fixed(script->per_cycle + l.inner_per_cycle, 0) + " billable per cycle, " +
             compact(inner_month * d.lua_weight) + " a month for the inner commands alone.";
  f.fix = "Where the script only guards one key (a lock release: GET, compare, DEL), let the key expire through "
          "its PX or use a single command; otherwise run the loop less often.";
  f.monthly_commands_saved = inner_month;
  f.monthly_billable_saved = inner_month * d.lua_weight;
  f.saving_note = "upper bound: assumes the script's work can be dropped or done by the call alone";
  f.evidence.push_back(d.loop_evidence(l, *script));
  d.add(std::move(f));
}

// Blocking pops that nearly always wait out their timeout.
void detect_blocking_timeouts(Detection& d) {
  const double M = kSecondsPerMonth;
  for (std::uint32_t id = 0; id < d.s.streams.size(); ++id) {
    const StreamA& st = d.s.streams[id];
    std::uint32_t judged = st.timed_out + st.returned;
    if (st.calls < 10 || judged < 5 || st.timeout_s <= 0) continue;
    double empty = static_cast<double>(st.timed_out) / static_cast<double>(judged);
    if (empty < 0.8) continue;
    std::string cmd = command_info(st.cmd).name;
    double suggested = std::max(10.0, 5 * st.timeout_s);
    double rate = static_cast<double>(st.calls) / std::max(1e-9, static_cast<double>(st.last - st.first) * 1e-6);
    double empty_rate = rate * empty;
    Finding f;
    f.id = "empty-polls";
    std::string who = d.client_name(st.client);
    // "100 % of the time": the wording of the JSON contract's titles predates format::percent.
    f.title = cmd + " from " + who + " times out " + fixed(empty * 100, 0) + " % of the time (timeout " +
              duration(st.timeout_s) + ")";
    f.detail = std::to_string(st.calls) + " calls, " + std::to_string(st.timed_out) +
               " of them waited the whole timeout and came back empty: an idle consumer costs " + compact(rate * M) +
               " commands a month.";
    f.fix = "Raise the blocking timeout to " + duration(suggested) +
            " (Celery/kombu >= 5.6: broker_transport_options={'polling_interval': " + fixed(suggested, 0) +
            "}; Sidekiq and BullMQ have their own knobs). A blocking pop returns as soon as a message arrives, "
            "so pickup latency does not change; only shutdown may wait up to the timeout.";
    f.monthly_commands_saved = empty_rate * (1 - st.timeout_s / suggested) * M;
    f.monthly_billable_saved = f.monthly_commands_saved * d.ctx.weight(st.cmd, false);
    if (st.have_example) f.evidence.push_back(st.example.str());
    d.add(std::move(f));
  }
}

// Health-check PINGs on connections already in use.
void detect_health_pings(Detection& d) {
  if (d.s.health_pings.count < 5) return;
  Finding f;
  f.id = "health-pings";
  double per_month = d.monthly(static_cast<double>(d.s.health_pings.count));
  std::string by;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> top;
  for (const auto& [c, n] : d.s.pings_by_client) top.emplace_back(n, c);
  std::sort(top.rbegin(), top.rend());
  for (std::size_t i = 0; i < top.size() && i < 3; ++i) {
    if (!by.empty()) by += ", ";
    by += d.client_name(top[i].second) + " " + std::to_string(top[i].first);
  }
  f.title = "Health-check PINGs: " + compact(per_month) + " a month";
  f.detail = std::to_string(d.s.health_pings.count) + " PINGs on connections already in use (" + by + "), besides " +
             std::to_string(d.s.handshake_pings.count) + " PINGs that open connections.";
  f.fix = "Raise the client's health-check interval (redis-py health_check_interval; kombu's default is 25 s) or "
          "turn it off for connections that are never idle long.";
  f.monthly_commands_saved = per_month;
  f.monthly_billable_saved = per_month * d.weight("PING");
  if (f.monthly_billable_saved == 0) f.saving_note = "PING is not billed under " + d.r.rules.id + ": fewer commands, same bill";
  f.evidence = d.s.health_pings.examples;
  d.add(std::move(f));
}

// Connection churn: connections opened in the steady state, each with its own handshake.
void detect_connection_churn(Detection& d) {
  std::uint64_t conns = 0, hs = 0;
  double hs_billable = 0;
  std::vector<std::string> ex;
  double start = d.r.projection.steady_start_s, end = d.r.projection.steady_end_s;
  for (std::uint32_t i = 0; i < d.s.clients.size(); ++i) {
    const ClientA& c = d.s.clients[i];
    if (!c.known) continue;
    double t = static_cast<double>(c.first - d.r.first_us) * 1e-6;
    if (t <= start + 1 || t > end) continue;
    ++conns;
    hs += c.handshake;
    for (std::uint32_t k = 0; k < c.handshake && k < 6; ++k) hs_billable += d.ctx.weight(c.hs_cmds[k], false);
    if (c.handshake && ex.size() < kExamples) {
      std::string cmds;
      for (std::uint32_t k = 0; k < c.handshake && k < 6; ++k) cmds += (k ? ", " : "") + command_info(c.hs_cmds[k]).name;
      ex.push_back("connection " + d.client_name(i) + " opened with " + cmds);
    }
  }
  double steady = end - start;
  if (!(conns >= 10 && hs > 0 && steady > 0)) return;
  Finding f;
  f.id = "connection-churn";
  double per_month = static_cast<double>(hs) / steady * kSecondsPerMonth;
  f.title = std::to_string(conns) + " connections opened during the steady state, each with its own handshake";
  f.detail = fixed(static_cast<double>(hs) / static_cast<double>(conns), 1) +
             " set-up commands (PING, SELECT, AUTH, HELLO, CLIENT SETNAME) per connection: " + compact(per_month) +
             " a month.";
  f.fix = "Reuse connections through a pool shared by the process (and its forks), instead of connecting per job.";
  f.monthly_commands_saved = per_month;
  f.monthly_billable_saved = hs_billable / steady * kSecondsPerMonth;
  if (f.monthly_billable_saved == 0) f.saving_note = "these set-up commands are not billed under " + d.r.rules.id;
  f.evidence = ex;
  d.add(std::move(f));
}

// The detectors by what they look at, run in this order (findings with equal savings keep it:
// the final sort is stable). Adding an anti-pattern is one function and one entry here.
using CaptureDetector = void (*)(Detection&);
using PatternDetector = void (*)(Detection&, std::uint32_t pattern);
using LoopMemberDetector = void (*)(Detection&, const LoopRow&, const LoopMember&);
using LoopDetector = void (*)(Detection&, const LoopRow&);
const CaptureDetector kCaptureDetectorsFirst[] = {detect_keys_hot_path, detect_set_then_expire, detect_get_runs};
const PatternDetector kPatternDetectors[] = {detect_keys_without_ttl, detect_growing_list, detect_growing_stream};
const LoopMemberDetector kLoopMemberDetectors[] = {detect_debug_reads, detect_polled_empty_keys};
const LoopDetector kLoopDetectors[] = {detect_script_inner};
const CaptureDetector kCaptureDetectorsLast[] = {detect_blocking_timeouts, detect_health_pings, detect_connection_churn};

}  // namespace

std::vector<Finding> AuditTracker::findings(const AuditContext& ctx) const {
  AuditState& s = *s_;
  for (ClientA& c : s.clients) s.close_run(c);
  std::vector<Finding> out;
  Detection d{s, ctx, *ctx.report, out};
  d.lua_weight = script_command_weight(d.r);
  for (CaptureDetector detect : kCaptureDetectorsFirst) detect(d);
  for (std::uint32_t p = 0; p < s.pats.size(); ++p)
    for (PatternDetector detect : kPatternDetectors) detect(d, p);
  for (const LoopRow& l : d.r.loops) {
    for (const LoopMember& m : l.members)
      for (LoopMemberDetector detect : kLoopMemberDetectors) detect(d, l, m);
    for (LoopDetector detect : kLoopDetectors) detect(d, l);
  }
  for (CaptureDetector detect : kCaptureDetectorsLast) detect(d);

  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.monthly_billable_saved != b.monthly_billable_saved) return a.monthly_billable_saved > b.monthly_billable_saved;
    return a.monthly_commands_saved > b.monthly_commands_saved;
  });
  if (!ctx.price_note.empty())
    for (Finding& f : out)
      if (f.monthly_usd_saved > 0) f.saving_note += (f.saving_note.empty() ? "" : "; ") + std::string("dollars ") + ctx.price_note;
  return out;
}

}  // namespace core::replay
