#include "core/replay/analyzer.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <type_traits>

#include "core/format/format.hpp"
#include "core/input/errors.hpp"
#include "core/replay/audit.hpp"
#include "core/replay/command_index.hpp"
#include "core/replay/extrapolate.hpp"
#include "core/replay/key_pattern.hpp"
#include "core/replay/loops.hpp"
#include "core/replay/monitor_line.hpp"
#include "core/replay/tables.hpp"
#include "core/replay/timeline.hpp"

// Small helpers of the per-line path, inlined into it (GCC would keep them as calls otherwise).
#if defined(__GNUC__)
#define REDCAST_HOT __attribute__((always_inline)) inline
#else
#define REDCAST_HOT inline
#endif

namespace core::replay {

sim::CivilDate date_of(sim::Time utc_us) {
  std::int64_t s = utc_us / sim::kSecond;
  std::int64_t days = s / 86400 - (s % 86400 < 0 ? 1 : 0);
  return sim::civil_from_days(days);
}

namespace {

// The label of an "other" row: what it folds, in words. "(other 12 clients)", or once the table was
// full "(other 12 clients + about 98.3K untracked)": the untracked count is a HyperLogLog estimate.
std::string other_label(std::uint64_t folded, double untracked, const char* what) {
  std::string s = "(other " + core::format::grouped(folded) + " " + what;
  if (untracked > 0) s += " + about " + core::format::compact(untracked) + " untracked";
  return s + ")";
}

// Space-saving top-k of commands (exact while at most K distinct commands are seen).
template <int K>
struct TopCommands {
  CommandId id[K] = {};
  std::uint32_t n[K] = {};
  void add(CommandId c) {
    int min_i = 0;
    for (int i = 0; i < K; ++i) {
      if (n[i] && id[i] == c) {
        ++n[i];
        return;
      }
      if (n[i] < n[min_i]) min_i = i;
    }
    id[min_i] = c;
    ++n[min_i];
  }
  std::vector<std::pair<std::string, std::uint64_t>> rows() const {
    std::vector<std::pair<std::string, std::uint64_t>> r;
    for (int i = 0; i < K; ++i)
      if (n[i]) r.emplace_back(command_info(id[i]).name, n[i]);
    std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return r;
  }
};

struct ClientState {
  std::uint64_t commands = 0, inner = 0;
  sim::Time first = 0, last = 0;
  std::uint32_t host = kNone;
  std::uint32_t db = kNone;
  PeerKind kind = PeerKind::Unknown;
  TopCommands<6> top;
  char name[48] = {};
  std::uint8_t name_len = 0;
  // Transaction in progress.
  bool in_multi = false;
  std::uint16_t block_n = 0;
  std::uint64_t block_hash = 0;
  CommandId block_cmds[16] = {};
};

struct PatternState {
  std::uint64_t commands = 0, reads = 0, writes = 0, lua = 0;
  TopCommands<4> top;
  TinyHll keys;
  bool channel = false;
};

constexpr std::uint32_t kUntrackedCaller = 0xFFFFFFFEu;  // a script's caller beyond the client cap
constexpr std::uint32_t kNoPattern = 0xFFFF;
constexpr sim::Duration kYoungConnection = 5 * sim::kSecond;  // a connection's start-up, fed to host streams  // stream key for "no subject"
constexpr std::uint32_t kOtherPattern = 0xFFFE;

std::string shape_text(const CommandId* ids, std::uint16_t n) {
  std::string s = "MULTI";
  std::uint16_t shown = std::min<std::uint16_t>(n, 16);
  for (std::uint16_t i = 0; i < shown;) {
    std::uint16_t j = i;
    while (j < shown && ids[j] == ids[i]) ++j;
    s += ' ';
    s += command_info(ids[i]).name;
    if (j - i > 1) s += " x" + std::to_string(j - i);
    i = j;
  }
  if (n > 16) s += " ... (" + std::to_string(n) + " commands)";
  s += " EXEC";
  return s;
}

// The host of a peer: the address without its port ("10.0.0.5", "[::1]"); other peers as they are.
std::string_view host_of_addr(std::string_view a, PeerKind k) {
  if (k != PeerKind::Tcp) return a;
  auto colon = a.rfind(':');
  if (colon == std::string_view::npos) return a;
  return a.substr(0, colon);
}

}  // namespace

struct Analyzer::Impl {
  ReplayOptions opt;
  CommandIndex idx;
  bool plan_ready = false;
  Plan plan;
  BillingRules rules;
  std::vector<std::uint32_t> weights;  // 2 per command id (client, script); UINT32_MAX = not yet

  // Counters.
  std::uint64_t lines = 0, parsed = 0, skipped = 0, headers = 0, blank = 0, truncated = 0, out_of_order = 0;
  double ecpus = 0, request_bytes = 0;  // client commands' ECPUs and argument bytes (ElastiCache)
  std::uint64_t client_cmds = 0, lua_cmds = 0, lua_orphans = 0;
  std::vector<std::uint64_t> totals;    // 2 per command id
  std::size_t cat = 0;                  // snapshot columns: catalog ids, then one for the rest
  std::vector<std::uint32_t> snap;      // 2 per column, wrapping (differences stay exact)
  std::vector<MalformedLine> malformed;
  sim::Time last_ts = INT64_MIN;

  Interner clients, hosts, patterns, dbs;
  std::vector<ClientState> cstate;
  ClientState other_client;
  std::uint64_t clients_overflow = 0;
  WideHll untracked_clients;  // distinct peers seen once the client table was full
  std::vector<PatternState> pstate;
  PatternState other_pattern;
  std::uint64_t patterns_overflow = 0;
  WideHll untracked_patterns;
  std::vector<std::uint64_t> db_counts;
  std::uint32_t small_db[100];
  struct PeerCacheEntry {
    std::uint64_t w0 = 0, w1 = 0;
    std::uint32_t len = UINT32_MAX, id = kNone;
  };
  PeerCacheEntry peer_cache[1024];

  struct KeyCacheEntry {
    std::uint64_t hash = 0;
    std::uint32_t pattern = kNone;
  };
  std::vector<KeyCacheEntry> key_cache = std::vector<KeyCacheEntry>(4096);

  Transactions tx;
  IdMap64 shape_index{512};
  std::vector<TransactionShape> shapes;

  LoopTracker loops;
  Timeline timeline;

  std::uint32_t script_caller = kNone;
  StreamKey script_stream{};  // the stream of the last EVAL/EVALSHA/FCALL, for its script's lines
  bool script_stream_valid = false;

  std::unique_ptr<AuditTracker> audit;

  std::string source = "<input>";
  bool padded = false;  // lines come from a LineReader buffer (readable bytes after each line)
  bool compressed = false;
  std::uint64_t bytes = 0;

  explicit Impl(const ReplayOptions& o)
      : opt(o),
        clients(o.max_clients, 4u << 20),
        hosts(o.max_clients, 1u << 20),
        patterns(std::min<std::uint32_t>(o.max_patterns, 65000), 4u << 20),
        dbs(256, 64u << 10, 64),
        loops(o.max_streams, o.max_histograms, o.burst_gap),
        timeline((idx.catalog_size() + 1) * 2) {
    cat = idx.catalog_size();
    std::fill(std::begin(small_db), std::end(small_db), kNone);
    snap.assign((cat + 1) * 2, 0);
    totals.assign(command_catalog_size() * 2 + 64, 0);
    weights.assign(totals.size() + 2048, UINT32_MAX);
    cstate.reserve(o.max_clients);
    pstate.reserve(std::min<std::uint32_t>(o.max_patterns, 65000));
    if (o.audit) audit = std::make_unique<AuditTracker>(idx, o.max_clients, o.max_patterns, o.max_streams);
  }

  void ensure_plan(sim::Time ts) {
    if (!plan_ready) ensure_plan_on(date_of(ts));
  }
  void ensure_plan_on(sim::CivilDate date) {
    plan = resolve_plan(opt.plan, date, "", "--plan");
    if (auto r = find_rules(plan.rules, date)) {
      rules = *r;
    } else {
      rules = BillingRules{};
      rules.id = plan.rules;
    }
    if (opt.regions) rules.regions = *opt.regions;
    plan_ready = true;
  }

  REDCAST_HOT std::uint32_t weight(CommandId c, bool lua) {
    std::size_t i = static_cast<std::size_t>(c) * 2 + (lua ? 1 : 0);
    if (i < weights.size() && weights[i] != UINT32_MAX) return weights[i];
    return weight_slow(c, lua);
  }
  std::uint32_t weight_slow(CommandId c, bool lua) {
    std::size_t i = static_cast<std::size_t>(c) * 2 + (lua ? 1 : 0);
    if (i >= weights.size()) weights.resize(i + 64, UINT32_MAX);
    weights[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(rules.weight(c, lua), 1u << 30));
    return weights[i];
  }

  void bad_line(std::uint64_t no, std::string_view line, LineError e) {
    ++skipped;
    if (malformed.size() < opt.keep_malformed) {
      MalformedLine m;
      m.line = no;
      m.reason = std::string(to_string(e));
      m.text = std::string(line.substr(0, 200));
      malformed.push_back(std::move(m));
    }
  }

  REDCAST_HOT std::uint32_t client_id(std::string_view peer, PeerKind kind, sim::Time ts, bool& is_new) {
    is_new = false;
    // Most peers ("10.0.2.39:38704") fit in 16 bytes: a direct-mapped cache compares two words
    // instead of hashing the address (the line goes on after the peer, so 16 bytes are readable).
    if (padded && peer.size() <= 16) {
      std::uint64_t w0, w1;
      std::memcpy(&w0, peer.data(), 8);
      std::memcpy(&w1, peer.data() + 8, 8);
      std::size_t n = peer.size();
      w0 &= n >= 8 ? ~0ull : (n == 0 ? 0ull : ~0ull >> (64 - 8 * n));
      w1 &= n >= 16 ? ~0ull : (n <= 8 ? 0ull : ~0ull >> (64 - 8 * (n - 8)));
      PeerCacheEntry& e = peer_cache[((w0 ^ (w1 * 0xC2B2AE3D27D4EB4Full) ^ n) * 0x9E3779B97F4A7C15ull) >> 54];
      if (e.len == n && e.w0 == w0 && e.w1 == w1) return e.id;
      std::uint32_t id = client_id_slow(peer, kind, ts, is_new);
      if (id != kNone) e = PeerCacheEntry{w0, w1, static_cast<std::uint32_t>(n), id};
      return id;
    }
    return client_id_slow(peer, kind, ts, is_new);
  }
  std::uint32_t client_id_slow(std::string_view peer, PeerKind kind, sim::Time ts, bool& is_new) {
    bool inserted = false;
    std::uint32_t id = clients.intern(peer, hash_bytes(peer.data(), std::min<std::size_t>(peer.size(), 256)), &inserted);
    if (inserted) {
      cstate.emplace_back();
      ClientState& c = cstate.back();
      c.first = ts;
      c.kind = kind;
      c.host = hosts.intern(host_of_addr(peer, kind));
      is_new = true;
    }
    return id;
  }

  // Db ids: numbers below 100 (nearly every capture) through a table, anything else interned.
  REDCAST_HOT std::uint32_t db_id(std::string_view db) {
    int n = -1;
    if (db.size() == 1 && db[0] >= '0' && db[0] <= '9') n = db[0] - '0';
    else if (db.size() == 2 && db[0] >= '1' && db[0] <= '9' && db[1] >= '0' && db[1] <= '9') n = (db[0] - '0') * 10 + (db[1] - '0');
    if (n >= 0 && small_db[n] != kNone) return small_db[n];
    std::uint32_t id = dbs.intern(db);
    if (id == kNone) return kNone;
    if (id >= db_counts.size()) db_counts.resize(id + 1, 0);
    if (n >= 0) small_db[n] = id;
    return id;
  }

  REDCAST_HOT void on_transaction(ClientState& c, const CommandSpec& sp, CommandId cmd) {
    if (!c.in_multi && !(sp.flags & (kFlagMulti | kFlagExec | kFlagDiscard))) return;  // the usual case
    transaction_step(c, sp, cmd);
  }
  void transaction_step(ClientState& c, const CommandSpec& sp, CommandId cmd) {
    if (sp.flags & kFlagMulti) {
      if (c.in_multi) ++tx.unclosed;
      c.in_multi = true;
      c.block_n = 0;
      c.block_hash = 0x243F6A8885A308D3ull;
      return;
    }
    if (sp.flags & kFlagExec) {
      ++tx.blocks;
      if (!c.in_multi) return;  // the capture started inside this transaction
      c.in_multi = false;
      tx.queued += c.block_n;
      if (c.block_n == 0) ++tx.empty;
      bool inserted = false;
      std::uint32_t sid = shape_index.get_or_insert(c.block_hash ^ c.block_n, &inserted);
      if (sid == kNone) return;
      if (inserted) shapes.push_back({shape_text(c.block_cmds, c.block_n), 0});
      ++shapes[sid].count;
      return;
    }
    if (sp.flags & kFlagDiscard) {
      if (c.in_multi) ++tx.discarded;
      c.in_multi = false;
      return;
    }
    if (c.in_multi) {
      if (c.block_n < 16) c.block_cmds[c.block_n] = cmd;
      if (c.block_n < 0xFFFF) ++c.block_n;
      c.block_hash = mix64(c.block_hash ^ cmd, 0x9E3779B97F4A7C15ull);
    }
  }

  // What the stages of add_line learn about one command line, in the order they learn it.
  struct LineFacts {
    MonitorLine ml;
    CommandId cmd = 0;
    const CommandSpec* sp = nullptr;
    std::string_view key;  // the first key (or channel), if the command has one
    bool have_key = false;
    std::uint32_t nkeys = 0;
    bool lua = false;
    sim::Time ts = 0;
    std::uint32_t db = kNone;
    std::uint32_t pattern = kNone;
    std::uint64_t key_hash = 0;
    std::uint32_t client = kNone;
    std::uint64_t stream_key = 0;  // the (client, command, pattern) stream, when the client has its own
    bool new_client = false;
  };

  void add_line(std::string_view line, std::uint64_t no, bool cut) {
    ++lines;
    LineFacts f;
    if (!parse_command(line, no, cut, f)) return;
    count_command(f);
    count_key_pattern(f);
    if (f.lua) count_script_command(f);
    else count_client_command(f, no, cut);
    if (audit) feed_audit(f, line, no, cut);
  }

  // The line's kind, command (and sub-command) and first key; false for anything but a
  // well-formed command line, which is counted as a header, blank or malformed line.
  REDCAST_HOT bool parse_command(std::string_view line, std::uint64_t no, bool cut, LineFacts& f) {
    MonitorLine& ml = f.ml;
    LineError err;
    LineKind kind = parse_line(line, ml, err, cut);
    if (kind != LineKind::Command) {
      if (kind == LineKind::Header) ++headers;
      else if (kind == LineKind::Blank) ++blank;
      else bad_line(no, line, err);
      return false;
    }
    ml.truncated = cut;
    if (cut) ++truncated;
    ArgCursor cur(ml.args, cut, padded);
    std::string_view name;
    if (!cur.next(name)) {
      bad_line(no, line, cur.error() == LineError::None ? LineError::NoCommand : cur.error());
      return false;
    }
    // Lines from LineReader have kPadding readable bytes after them; others end where they end.
    CommandId cmd = idx.lookup(name, line.data() + line.size() + (padded ? LineReader::kPadding : 0));
    const CommandSpec* sp = &idx.spec(cmd);
    std::uint32_t consumed = 1;
    if (sp->flags & kFlagContainer) {
      std::string_view sub;
      if (cur.next(sub)) {
        cmd = idx.resolve(cmd, sub);
        sp = &idx.spec(cmd);
        consumed = 2;
      }
    }
    f.nkeys = for_each_key(*sp, cur, consumed, 1, [&](std::string_view k) {
      f.key = k;
      f.have_key = true;
    });
    if (cur.error() != LineError::None) {
      bad_line(no, line, cur.error());
      return false;
    }
    f.cmd = cmd;
    f.sp = sp;
    f.lua = ml.peer_kind == PeerKind::Lua;
    f.ts = ml.ts_us;
    return true;
  }

  // Totals every command adds to: the timeline, per-command counts and its database.
  REDCAST_HOT void count_command(LineFacts& f) {
    ++parsed;
    const CommandId cmd = f.cmd;
    const bool lua = f.lua;
    sim::Time ts = f.ts;
    if (ts < last_ts) ++out_of_order;
    else last_ts = ts;
    ensure_plan(ts);
    std::uint32_t w = weight(cmd, lua);

    timeline.add(ts, w, lua, snap.data());
    std::size_t col = cmd < cat ? cmd : cat;
    ++snap[col * 2 + (lua ? 1 : 0)];
    std::size_t ti = static_cast<std::size_t>(cmd) * 2 + (lua ? 1 : 0);
    if (ti >= totals.size()) totals.resize(ti + 64, 0);
    ++totals[ti];

    f.db = db_id(f.ml.db);
    if (f.db != kNone) ++db_counts[f.db];
    if (!lua) {
      double bytes = static_cast<double>(f.ml.args.size());
      request_bytes += bytes;
      ecpus += ecpus_per_command(bytes);
    }
  }

  // Key pattern of the first key (or the channel).
  REDCAST_HOT void count_key_pattern(LineFacts& f) {
    if (!f.have_key) return;
    const CommandSpec* sp = f.sp;
    std::string_view key = f.key;
    std::uint64_t key_hash = hash_bytes(key.data(), key.size());
    std::uint32_t pat = kNone;
    // Keys recur (a job's id is used by a dozen commands): a small direct-mapped cache from the
    // raw key's hash to its pattern skips folding and interning for all but the first use.
    KeyCacheEntry& kc = key_cache[static_cast<std::size_t>((key_hash * 0x9E3779B97F4A7C15ull) >> 52)];
    bool inserted = false;
    if (kc.hash == key_hash && kc.pattern != kNone) {
      pat = kc.pattern;
    } else {
      char buf[kMaxPatternBytes + 8];
      std::size_t n = fold_key(key, buf);
      std::uint64_t pattern_hash = hash_bytes(buf, n);
      pat = patterns.intern(std::string_view(buf, n), pattern_hash, &inserted);
      kc = KeyCacheEntry{key_hash, pat};
      if (pat == kNone) untracked_patterns.add(pattern_hash * 0x9E3779B97F4A7C15ull);
    }
    PatternState* ps;
    if (pat == kNone) {
      ++patterns_overflow;
      ps = &other_pattern;
    } else {
      if (inserted) {
        pstate.emplace_back();
        pstate.back().channel = sp->rule == KeyRule::Channel;
      }
      ps = &pstate[pat];
    }
    ++ps->commands;
    if (sp->cls == CommandClass::Read) ++ps->reads;
    else if (sp->cls == CommandClass::Write) ++ps->writes;
    if (f.lua) ++ps->lua;
    ps->top.add(f.cmd);
    ps->keys.add(key_hash);
    f.pattern = pat;
    f.key_hash = key_hash;
  }

  // A command run by a Lua script: counted for the script's caller.
  REDCAST_HOT void count_script_command(const LineFacts& f) {
    ++lua_cmds;
    if (script_caller == kNone) {
      ++lua_orphans;
    } else {
      ClientState& c = script_caller < cstate.size() ? cstate[script_caller] : other_client;
      ++c.inner;
      if (script_stream_valid) loops.push_inner(script_stream, f.ts);
    }
  }

  // A client's command: its connection's counts, its transaction, and the loop streams.
  REDCAST_HOT void count_client_command(LineFacts& f, std::uint64_t no, bool cut) {
    const MonitorLine& ml = f.ml;
    const CommandSpec* sp = f.sp;
    const CommandId cmd = f.cmd;
    const sim::Time ts = f.ts;
    const std::uint32_t stream_pat = f.have_key ? (f.pattern == kNone ? kOtherPattern : f.pattern) : kNoPattern;
    ++client_cmds;
    std::uint32_t client = client_id(ml.peer, ml.peer_kind, ts, f.new_client);
    f.client = client;
    ClientState* c;
    if (client == kNone) {
      ++clients_overflow;
      untracked_clients.add(hash_bytes(ml.peer.data(), std::min<std::size_t>(ml.peer.size(), 256)) * 0x9E3779B97F4A7C15ull);
      c = &other_client;
    } else {
      c = &cstate[client];
    }
    ++c->commands;
    c->last = ts;
    c->db = f.db;
    c->top.add(cmd);
    on_transaction(*c, *sp, cmd);
    bool multi_key = f.nkeys > 1;
    StreamKey key{};
    bool keyed = false;
    std::uint32_t conn = client;
    if (client != kNone) {
      // A connection's first seconds feed its host's streams, later commands its own: loops
      // that open a connection per cycle (cron jobs, forking workers) show up per host, and
      // the many one-job connections never get streams of their own.
      if (ts - c->first < kYoungConnection) {
        key = StreamKey{c->host | kHostBit, cmd, stream_pat};
      } else {
        key = StreamKey{client, cmd, stream_pat};
        f.stream_key = pack_stream_key(key);
      }
      keyed = true;
      if (cmd == setname_id && c->name_len == 0) {
        // CLIENT SETNAME <name>: keep the name to label the client.
        std::string_view nm;
        ArgCursor c2(ml.args, cut);
        c2.skip(2);
        if (c2.next(nm)) {
          c->name_len = static_cast<std::uint8_t>(std::min<std::size_t>(nm.size(), sizeof c->name));
          std::memcpy(c->name, nm.data(), c->name_len);
        }
      }
    } else {
      // Beyond the client cap (connection churn: a connection per job): the host's streams
      // still see the commands, so loops across connections stay visible.
      std::uint32_t h = hosts.intern(host_of_addr(ml.peer, ml.peer_kind));
      if (h != kNone) {
        key = StreamKey{h | kHostBit, cmd, stream_pat};
        keyed = true;
        conn = static_cast<std::uint32_t>(hash_bytes(ml.peer.data(), ml.peer.size()) >> 33);
      }
    }
    if (keyed) loops.push(key, ts, no, conn, multi_key);
    if (sp->flags & kFlagScript) {
      script_caller = client == kNone ? kUntrackedCaller : client;
      script_stream = key;
      script_stream_valid = keyed;
    }
  }

  void feed_audit(const LineFacts& f, std::string_view line, std::uint64_t no, bool cut) {
    AuditEvent e;
    e.line_no = no;
    e.ts = f.ts;
    e.cmd = f.cmd;
    e.spec = f.sp;
    e.lua = f.lua;
    e.client = f.client;
    e.pattern = f.pattern;
    e.key = f.key;
    e.key_hash = f.key_hash;
    e.nkeys = f.nkeys;
    e.stream_key = f.stream_key;
    e.new_client = f.new_client;
    e.line = line;
    e.args = f.ml.args;
    e.truncated = cut;
    audit->on_command(e);
  }

  CommandId setname_id = find_command("CLIENT|SETNAME").value_or(0);

  // build() assembles the report from these stages, in this order.
  ReplayReport build();
  void report_counts(ReplayReport& r);
  SteadyWindow report_commands(ReplayReport& r);
  void report_clients(ReplayReport& r);
  void report_patterns(ReplayReport& r);
  void report_dbs(ReplayReport& r);
  void report_transactions(ReplayReport& r);
  void report_loops(ReplayReport& r);
};

Analyzer::Analyzer(const ReplayOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Analyzer::~Analyzer() = default;

void Analyzer::add_line(std::string_view line, std::uint64_t number, bool truncated) {
  impl_->add_line(line, number, truncated);
}

void Analyzer::set_padded_input(bool padded) { impl_->padded = padded; }

void Analyzer::set_source(std::string name, bool compressed, std::uint64_t bytes) {
  impl_->source = std::move(name);
  impl_->compressed = compressed;
  impl_->bytes = bytes;
}

ReplayReport Analyzer::Impl::build() {
  ReplayReport r;
  if (!plan_ready) ensure_plan_on(opt.today);
  loops.finish();
  timeline.finish(snap.data());
  report_counts(r);
  SteadyWindow win = report_commands(r);
  report_clients(r);
  report_patterns(r);
  report_dbs(r);
  report_transactions(r);
  report_loops(r);
  estimate_month(r, win, [&](CommandId c, bool lua) { return static_cast<double>(weight(c, lua)); });
  return r;
}

// Line and command counters, the plan, the tracking caps and the timeline.
void Analyzer::Impl::report_counts(ReplayReport& r) {
  r.source = source;
  r.compressed = compressed;
  r.bytes = bytes;
  r.lines = lines;
  r.parsed = parsed;
  r.skipped = skipped;
  r.headers = headers;
  r.blank = blank;
  r.truncated = truncated;
  r.out_of_order = out_of_order;
  r.client_commands = client_cmds;
  r.lua_commands = lua_cmds;
  r.request_bytes = request_bytes;
  r.ecpus_per_command = client_cmds ? ecpus / static_cast<double>(client_cmds) : 1.0;
  r.lua_without_caller = lua_orphans;
  r.malformed = malformed;
  r.plan = plan;
  r.rules = rules;
  r.clients_overflow = clients_overflow;
  r.patterns_overflow = patterns_overflow;
  r.streams_untracked = loops.untracked();
  r.streams_unjudged = loops.unjudged();
  if (!timeline.empty()) {
    r.first_us = timeline.first_us();
    r.last_us = timeline.last_us();
    r.span_s = timeline.span_s();
  }
  r.series = timeline.series();
  r.series_width = timeline.series_width();
  r.transients = timeline.find_transients();
}

// The steady window (transients cut off) and per-command rows with their counts inside it.
SteadyWindow Analyzer::Impl::report_commands(ReplayReport& r) {
  SteadyWindow win = choose_steady_window(r.transients, r.span_s);
  std::vector<std::uint32_t> a = timeline.counters_at(win.start_s);
  std::vector<std::uint32_t> b = win.end_s >= r.span_s ? std::vector<std::uint32_t>(snap) : timeline.counters_at(win.end_s);
  if (a.empty() || b.empty()) {
    win = SteadyWindow{0, r.span_s, true};
    a.assign(snap.size(), 0);
    b = snap;
  }
  // Steady counts of commands beyond the catalog share their column in proportion to totals.
  std::uint64_t beyond_total[2] = {0, 0};
  for (std::size_t id = cat; id * 2 + 1 < totals.size(); ++id) {
    beyond_total[0] += totals[id * 2];
    beyond_total[1] += totals[id * 2 + 1];
  }
  for (std::size_t id = 0; id * 2 + 1 < totals.size(); ++id) {
    std::uint64_t c0 = totals[id * 2], c1 = totals[id * 2 + 1];
    if (c0 + c1 == 0) continue;
    CommandRow row;
    const CommandInfo& info = command_info(static_cast<CommandId>(id));
    row.name = info.name;
    row.cls = info.cls;
    row.known = info.known;
    row.client = c0;
    row.lua = c1;
    row.total = c0 + c1;
    std::uint64_t s0, s1;
    if (id < cat) {
      s0 = static_cast<std::uint32_t>(b[id * 2] - a[id * 2]);
      s1 = static_cast<std::uint32_t>(b[id * 2 + 1] - a[id * 2 + 1]);
    } else {
      double f0 = beyond_total[0] ? static_cast<double>(c0) / static_cast<double>(beyond_total[0]) : 0;
      double f1 = beyond_total[1] ? static_cast<double>(c1) / static_cast<double>(beyond_total[1]) : 0;
      s0 = static_cast<std::uint64_t>(std::llround(f0 * static_cast<std::uint32_t>(b[cat * 2] - a[cat * 2])));
      s1 = static_cast<std::uint64_t>(std::llround(f1 * static_cast<std::uint32_t>(b[cat * 2 + 1] - a[cat * 2 + 1])));
    }
    row.steady = s0 + s1;
    row.weight_client = weight(static_cast<CommandId>(id), false);
    row.weight_lua = weight(static_cast<CommandId>(id), true);
    row.monthly_billable = static_cast<double>(s0 * row.weight_client + s1 * row.weight_lua);  // scaled later
    r.commands.push_back(std::move(row));
  }
  std::sort(r.commands.begin(), r.commands.end(), [](const CommandRow& x, const CommandRow& y) {
    return x.total != y.total ? x.total > y.total : x.name < y.name;
  });
  return win;
}

// The busiest clients, then one row for the rest.
void Analyzer::Impl::report_clients(ReplayReport& r) {
  auto client_row = [&](const ClientState& c, std::string addr, bool other) {
    ClientRow row;
    row.addr = std::move(addr);
    row.kind = std::string(to_string(c.kind));
    row.host = c.host != kNone ? std::string(hosts.str(c.host)) : std::string();
    row.name = std::string(c.name, c.name_len);
    row.db = c.db != kNone ? std::string(dbs.str(c.db)) : std::string();
    row.commands = c.commands;
    row.script_inner = c.inner;
    row.first_s = static_cast<double>(c.first - r.first_us) * 1e-6;
    row.last_s = static_cast<double>(c.last - r.first_us) * 1e-6;
    row.top = c.top.rows();
    row.other = other;
    return row;
  };
  std::vector<std::uint32_t> order(cstate.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    std::uint64_t cx = cstate[x].commands + cstate[x].inner, cy = cstate[y].commands + cstate[y].inner;
    return cx != cy ? cx > cy : x < y;
  });
  ClientState rest;  // clients beyond the rows shown, summed
  std::uint64_t rest_n = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const ClientState& c = cstate[order[i]];
    if (i < opt.report_rows) {
      r.clients.push_back(client_row(c, std::string(clients.str(order[i])), false));
    } else {
      rest.commands += c.commands;
      rest.inner += c.inner;
      ++rest_n;
    }
  }
  if (clients_overflow) {
    rest.commands += other_client.commands;
    rest.inner += other_client.inner;
  }
  if (rest_n || clients_overflow) {
    ClientRow row;
    row.folded = rest_n;
    row.untracked = clients_overflow ? std::max(1.0, std::round(untracked_clients.estimate())) : 0;
    row.addr = other_label(rest_n, row.untracked, "clients");
    row.kind = "other";
    row.commands = rest.commands;
    row.script_inner = rest.inner;
    row.other = true;
    r.clients.push_back(std::move(row));
  }
}

// The busiest key patterns, then one row for the rest.
void Analyzer::Impl::report_patterns(ReplayReport& r) {
  std::vector<std::uint32_t> porder(pstate.size());
  for (std::uint32_t i = 0; i < porder.size(); ++i) porder[i] = i;
  std::sort(porder.begin(), porder.end(), [&](std::uint32_t x, std::uint32_t y) {
    return pstate[x].commands != pstate[y].commands ? pstate[x].commands > pstate[y].commands : x < y;
  });
  PatternRow prest;
  std::uint64_t prest_n = 0;
  for (std::size_t i = 0; i < porder.size(); ++i) {
    const PatternState& p = pstate[porder[i]];
    if (i < opt.report_rows) {
      PatternRow row;
      row.pattern = std::string(patterns.str(porder[i]));
      row.kind = p.channel ? "channel" : "key";
      row.commands = p.commands;
      row.reads = p.reads;
      row.writes = p.writes;
      row.lua = p.lua;
      row.distinct_keys = p.keys.estimate();
      row.top = p.top.rows();
      r.patterns.push_back(std::move(row));
    } else {
      prest.commands += p.commands;
      prest.reads += p.reads;
      prest.writes += p.writes;
      prest.lua += p.lua;
      ++prest_n;
    }
  }
  if (prest_n || patterns_overflow) {
    prest.folded = prest_n;
    prest.untracked = patterns_overflow ? std::max(1.0, std::round(untracked_patterns.estimate())) : 0;
    prest.pattern = other_label(prest_n, prest.untracked, "patterns");
    prest.kind = "other";
    prest.commands += other_pattern.commands;
    prest.reads += other_pattern.reads;
    prest.writes += other_pattern.writes;
    prest.lua += other_pattern.lua;
    prest.other = true;
    r.patterns.push_back(std::move(prest));
  }
}

// Commands per database.
void Analyzer::Impl::report_dbs(ReplayReport& r) {
  for (std::uint32_t i = 0; i < db_counts.size(); ++i) {
    std::string label(dbs.str(i));
    r.dbs.push_back({label.empty() ? std::string("0") : label, db_counts[i]});
  }
  // Redis 2.4 lines at db 0 carry no db field; fold them into "0".
  std::sort(r.dbs.begin(), r.dbs.end(), [](const DbRow& x, const DbRow& y) { return x.db < y.db; });
  for (std::size_t i = 1; i < r.dbs.size();) {
    if (r.dbs[i].db == r.dbs[i - 1].db) {
      r.dbs[i - 1].commands += r.dbs[i].commands;
      r.dbs.erase(r.dbs.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

// MULTI/EXEC blocks and their shapes, commonest first.
void Analyzer::Impl::report_transactions(ReplayReport& r) {
  r.transactions = tx;
  for (const ClientState& c : cstate)
    if (c.in_multi) ++r.transactions.unclosed;
  r.transactions.shapes = shapes;
  std::sort(r.transactions.shapes.begin(), r.transactions.shapes.end(),
            [](const TransactionShape& x, const TransactionShape& y) {
              return x.count != y.count ? x.count > y.count : x.shape < y.shape;
            });
}

// Loops found in the command streams, with names for their owners and subjects.
void Analyzer::Impl::report_loops(ReplayReport& r) {
  LoopNames names;
  names.owner = [&](std::uint32_t owner) {
    if (owner & kHostBit) return std::string(hosts.str(owner & ~kHostBit));
    std::string s(clients.str(owner));
    const ClientState& c = cstate[owner];
    if (c.name_len) s += " (" + std::string(c.name, c.name_len) + ")";
    return s;
  };
  names.subject = [&](const Stream& s) {
    if (s.key.pattern == kNoPattern) return std::string();
    if (s.key.pattern == kOtherPattern) return std::string("(other)");
    return std::string(patterns.str(s.key.pattern));
  };
  names.signature = [&](const Stream& s) {
    std::string sig = command_info(s.key.cmd).name;
    std::string subj = names.subject(s);
    if (!subj.empty()) sig += " " + subj;
    if (s.multi_key) sig += " …";
    return sig;
  };
  names.host_of = [&](std::uint32_t client) { return client < cstate.size() ? cstate[client].host : kNone; };
  r.loops = build_loops(loops, names, r.first_us);
}

ReplayReport Analyzer::finish() { return impl_->build(); }

AuditReport Analyzer::finish_audit() {
  AuditReport out;
  out.replay = impl_->build();
  if (!impl_->audit) return out;
  AuditContext ctx;
  ctx.report = &out.replay;
  ctx.loops = &impl_->loops;
  for (std::uint32_t i = 0; i < impl_->patterns.size(); ++i) ctx.pattern_names.emplace_back(impl_->patterns.str(i));
  for (std::uint32_t i = 0; i < impl_->clients.size(); ++i) ctx.client_names.emplace_back(impl_->clients.str(i));
  Impl* im = impl_.get();
  ctx.weight = [im](CommandId c, bool lua) { return static_cast<double>(im->weight(c, lua)); };
  marginal_price(out.replay, ctx.usd_per_billable, ctx.price_note);
  out.findings = impl_->audit->findings(ctx);
  return out;
}

void require_commands(const ReplayReport& r) {
  if (r.parsed > 0) return;
  const std::string expected =
      "expected redis-cli MONITOR output, lines like 1700000000.000001 [0 127.0.0.1:50412] \"GET\" \"key\"";
  if (r.skipped == 0)
    throw core::InputError(r.source, "", (r.lines == 0 ? "the capture is empty; " : "no command lines; ") + expected);
  std::string where = r.malformed.empty() ? "" : "line " + std::to_string(r.malformed.front().line);
  std::string why = r.malformed.empty() ? "" : " (" + r.malformed.front().reason + ")";
  throw core::InputError(r.source, where,
                         "nothing parsed: all " + std::to_string(r.skipped) + " non-blank lines are malformed" + why +
                             "; " + expected);
}

namespace {
template <class Result, class Finish>
Result run(ByteSource& src, const ReplayOptions& options, Finish finish) {
  check_plan_id(options.plan, src.name(), "--plan");  // fail on a bad plan before reading anything
  Analyzer a(options);
  a.set_padded_input(true);
  LineReader reader(src, options.buffer_size);
  reader.for_each([&](std::string_view line, std::uint64_t no, bool cut) { a.add_line(line, no, cut); },
                  options.progress);
  a.set_source(src.name(), src.compressed(), reader.bytes());
  Result r = finish(a);
  if constexpr (std::is_same_v<Result, AuditReport>) require_commands(r.replay);
  else require_commands(r);
  return r;
}
}  // namespace

ReplayReport replay_source(ByteSource& src, const ReplayOptions& options) {
  return run<ReplayReport>(src, options, [](Analyzer& a) { return a.finish(); });
}

AuditReport audit_source(ByteSource& src, ReplayOptions options) {
  options.audit = true;
  return run<AuditReport>(src, options, [](Analyzer& a) { return a.finish_audit(); });
}

ReplayReport replay_capture(const std::string& path, const ReplayOptions& options) {
  auto src = ByteSource::open(path);
  return replay_source(*src, options);
}

AuditReport audit_capture(const std::string& path, ReplayOptions options) {
  auto src = ByteSource::open(path);
  return audit_source(*src, std::move(options));
}

}  // namespace core::replay
