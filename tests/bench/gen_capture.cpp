// gen_capture OUT [LINES] [SEED]: writes a deterministic synthetic MONITOR capture for the replay
// benchmarks (default 3,000,000 lines, about 380 MB).
//
// The mix is the one of the real recordings in ../shared/traces: RQ 1.13 jobs (producer
// MULTI/SADD/HSET/RPUSH/EXEC, the worker's HGETALL/HSET/EXPIRE/BLPOP loop, a work-horse connection
// per job with its two transactions), Celery 5.2 tasks (LPUSH, ack emulation MULTI/ZADD/HSET/EXEC
// and MULTI/ZREM/HDEL/EXEC, result GET/MULTI/SETEX/PUBLISH/EXEC on db 1, SUBSCRIBE/UNSUBSCRIBE),
// and the idle loops of Celery workers (BRPOP every 1 s, the worker.heartbeat PUBLISH every 2 s,
// pidbox health-check PING pairs every 25 s, the unacked restore sweep with its EVALSHA and two
// script-run commands every 100 s). Line lengths follow the recordings: escaped JSON bodies of
// 0.3-1 KB, zlib data with \xNN escapes, uuids, hex worker names.
//
// 50 applications run side by side, each on its own address, so clients, key patterns and loops
// are many; a few use IPv6, a unix socket or db 3, as real fleets do. Same arguments, same bytes.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <queue>
#include <string>
#include <vector>

namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
};

std::string hex(Rng& r, int n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < n; ++i) s += d[r.below(16)];
  return s;
}

std::string uuid(Rng& r) { return hex(r, 8) + "-" + hex(r, 4) + "-4" + hex(r, 3) + "-a" + hex(r, 3) + "-" + hex(r, 12); }

std::string b64(Rng& r, int n) {
  static const char* d = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s;
  for (int i = 0; i < n; ++i) s += d[r.below(64)];
  return s + "=";
}

// Binary data as sdscatrepr writes it: printable bytes as they are, the rest as \xNN.
std::string zdata(Rng& r, int n) {
  std::string s;
  char buf[8];
  for (int i = 0; i < n; ++i) {
    unsigned c = r.below(256);
    if (c == '"' || c == '\\') {
      s += '\\';
      s += static_cast<char>(c);
    } else if (c >= 32 && c < 127) {
      s += static_cast<char>(c);
    } else if (c == '\n') {
      s += "\\n";
    } else if (c == 7) {
      s += "\\a";
    } else {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      s += buf;
    }
  }
  return s;
}

std::string iso(std::int64_t us) {
  std::int64_t s = us / 1000000;
  std::int64_t days = s / 86400, sod = s % 86400;
  // civil from days (H. Hinnant)
  std::int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 "T%02" PRId64 ":%02" PRId64 ":%02" PRId64 ".%06" PRId64 "Z",
                y, m, d, sod / 3600, sod / 60 % 60, sod % 60, us % 1000000);
  return buf;
}

// Lines are produced per event (a job's fifty lines at once) but a capture is in time order, so
// lines wait in a heap and leave it once no event can precede them any more.
class Writer {
 public:
  explicit Writer(std::FILE* f) : f_(f) { buf_.reserve(1 << 23); }
  ~Writer() { drain(INT64_MAX); flush(); }
  void line(std::int64_t us, const std::string& db, const std::string& client, const std::string& args) {
    char ts[40];
    std::snprintf(ts, sizeof ts, "%" PRId64 ".%06" PRId64 " [", us / 1000000, us % 1000000);
    std::string l = ts;
    l += db;
    l += ' ';
    l += client;
    l += "] ";
    l += args;
    pending_.push({us, seq_++, std::move(l)});
    ++lines_;
  }
  // Writes every pending line stamped before `us`.
  void drain(std::int64_t us) {
    while (!pending_.empty() && pending_.top().us < us) {
      buf_ += pending_.top().text;
      buf_ += '\n';
      pending_.pop();
      if (buf_.size() > (1 << 23) - 65536) flush();
    }
  }
  void raw(const std::string& s) {
    buf_ += s;
    buf_ += '\n';
  }
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
      std::perror("gen_capture: write");
      std::exit(1);
    }
    bytes_ += buf_.size();
    buf_.clear();
  }
  std::uint64_t lines() const { return lines_; }
  std::uint64_t bytes() const { return bytes_ + buf_.size(); }

 private:
  struct Pending {
    std::int64_t us;
    std::uint64_t seq;
    std::string text;
    bool operator>(const Pending& o) const { return us != o.us ? us > o.us : seq > o.seq; }
  };
  std::FILE* f_;
  std::string buf_;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> pending_;
  std::uint64_t lines_ = 0, bytes_ = 0, seq_ = 0;
};

std::string q(const std::string& s) { return "\"" + s + "\""; }

// One application: a Celery worker with its producer, and an RQ worker with its producer.
struct App {
  int id = 0;
  std::string host;
  int port = 30000;
  std::string db = "0", result_db = "1";
  std::string queue, rq_queue, worker_hex, celery_host;
  std::string c_brpop, c_pool, c_heartbeat, c_pidbox, c_producer, c_result, c_sub;
  std::string r_producer, r_worker;
  std::string sweep_sha;
  std::int64_t next_brpop = 0, next_heartbeat = 0, next_ping = 0, next_sweep = 0, next_task = 0, next_job = 0;
  double task_every = 6, job_every = 2.5;
  int heartbeat_clock = 1;

  std::string conn(Rng& r) {
    (void)r;
    port += 1 + static_cast<int>(id % 7);
    if (port > 65000) port = 30000 + id;
    if (host.rfind("unix:", 0) == 0) return host;
    return host + ":" + std::to_string(port);
  }
};

std::string heartbeat_body(Rng& r, const App& a, std::int64_t us) {
  std::string body = b64(r, 260 + static_cast<int>(r.below(40)));
  (void)us;
  return "{\\\"body\\\": \\\"" + body +
         "\\\", \\\"content-encoding\\\": \\\"utf-8\\\", \\\"content-type\\\": \\\"application/json\\\", "
         "\\\"headers\\\": {\\\"hostname\\\": \\\"" + a.celery_host +
         "\\\"}, \\\"properties\\\": {\\\"delivery_mode\\\": 1, \\\"delivery_info\\\": {\\\"exchange\\\": "
         "\\\"celeryev\\\", \\\"routing_key\\\": \\\"worker.heartbeat\\\"}, \\\"priority\\\": 0, \\\"body_encoding\\\": "
         "\\\"base64\\\", \\\"delivery_tag\\\": \\\"" + uuid(r) + "\\\"}}";
}

std::string task_message(Rng& r, const std::string& task_id, const App& a) {
  return "{\\\"body\\\": \\\"" + b64(r, 48) +
         "\\\", \\\"content-encoding\\\": \\\"utf-8\\\", \\\"content-type\\\": \\\"application/json\\\", "
         "\\\"headers\\\": {\\\"lang\\\": \\\"py\\\", \\\"task\\\": \\\"tasks.add\\\", \\\"id\\\": \\\"" + task_id +
         "\\\", \\\"retries\\\": 0, \\\"origin\\\": "
         "\\\"gen" + std::to_string(a.id) + "@host\\\"}, \\\"properties\\\": {\\\"correlation_id\\\": \\\"" + task_id +
         "\\\", \\\"reply_to\\\": \\\"" + uuid(r) + "\\\", \\\"delivery_mode\\\": 2, \\\"priority\\\": 0, "
         "\\\"body_encoding\\\": \\\"base64\\\", \\\"delivery_tag\\\": \\\"" + uuid(r) + "\\\"}}";
}

void celery_idle(Writer& w, Rng& r, App& a, std::int64_t now) {
  if (now >= a.next_brpop) {
    w.line(now, a.db, a.c_brpop,
           q("BRPOP") + " " + q(a.queue) + " " + q(a.queue + "\\x06\\x163") + " " + q(a.queue + "\\x06\\x166") + " " +
               q(a.queue + "\\x06\\x169") + " " + q("1"));
    a.next_brpop = now + 1000000 + static_cast<std::int64_t>(r.below(900));
  }
  if (now >= a.next_heartbeat) {
    w.line(now + 17, a.db, a.c_heartbeat,
           q("PUBLISH") + " " + q("/0.celeryev/worker.heartbeat") + " " + q(heartbeat_body(r, a, now)));
    a.next_heartbeat = now + 2000000 + static_cast<std::int64_t>(r.below(600));
  }
  if (now >= a.next_ping) {
    w.line(now + 40, a.db, a.c_pidbox, q("PING") + " " + q("redis-py-health-check"));
    w.line(now + 190, a.db, a.c_pidbox, q("PING") + " " + q("redis-py-health-check"));
    a.next_ping = now + 25000000 + static_cast<std::int64_t>(r.below(3000));
  }
  if (now >= a.next_sweep) {
    std::string token = hex(r, 32);
    char cutoff[40];
    std::snprintf(cutoff, sizeof cutoff, "%.7f", static_cast<double>(now) / 1e6 - 3600);
    w.line(now + 60, a.db, a.c_pool, q("PING"));
    w.line(now + 190, a.db, a.c_pool,
           q("SET") + " " + q("unacked_mutex") + " " + q(token) + " " + q("PX") + " " + q("300000") + " " + q("NX"));
    w.line(now + 400, a.db, a.c_pool,
           q("ZREVRANGEBYSCORE") + " " + q("unacked_index") + " " + q(cutoff) + " " + q("0") + " " + q("WITHSCORES"));
    w.line(now + 650, a.db, a.c_pool,
           q("EVALSHA") + " " + q(a.sweep_sha) + " " + q("1") + " " + q("unacked_mutex") + " " + q(token));
    w.line(now + 690, a.db, "lua", q("get") + " " + q("unacked_mutex"));
    w.line(now + 705, a.db, "lua", q("del") + " " + q("unacked_mutex"));
    a.next_sweep = now + 100000000 + static_cast<std::int64_t>(r.below(20000));
  }
}

void celery_task(Writer& w, Rng& r, App& a, std::int64_t t) {
  std::string id = uuid(r), tag = uuid(r);
  std::string meta = "celery-task-meta-" + id;
  std::string msg = task_message(r, id, a);
  w.line(t, a.result_db, a.c_sub, q("SUBSCRIBE") + " " + q(meta));
  w.line(t + 30, a.db, a.c_producer, q("LPUSH") + " " + q(a.queue) + " " + q(msg));
  w.line(t + 340, a.result_db, a.c_sub, q("UNSUBSCRIBE") + " " + q(meta));
  char score[40];
  std::snprintf(score, sizeof score, "%.7f", static_cast<double>(t) / 1e6);
  w.line(t + 610, a.db, a.c_pool, q("MULTI"));
  w.line(t + 630, a.db, a.c_pool, q("ZADD") + " " + q("unacked_index") + " " + q(score) + " " + q(tag));
  w.line(t + 636, a.db, a.c_pool,
         q("HSET") + " " + q("unacked") + " " + q(tag) + " " + q("[" + msg + ", \\\"\\\", \\\"" + a.queue + "\\\"]"));
  w.line(t + 680, a.db, a.c_pool, q("EXEC"));
  w.line(t + 1230, a.result_db, a.c_result, q("GET") + " " + q(meta));
  std::string result = "{\\\"status\\\": \\\"SUCCESS\\\", \\\"result\\\": " + std::to_string(r.below(1000)) +
                       ", \\\"traceback\\\": null, \\\"children\\\": [], \\\"date_done\\\": \\\"" + iso(t).substr(0, 26) +
                       "\\\", \\\"task_id\\\": \\\"" + id + "\\\"}";
  w.line(t + 1360, a.result_db, a.c_result, q("MULTI"));
  w.line(t + 1370, a.result_db, a.c_result, q("SETEX") + " " + q(meta) + " " + q("86400") + " " + q(result));
  w.line(t + 1395, a.result_db, a.c_result, q("PUBLISH") + " " + q(meta) + " " + q(result));
  w.line(t + 1406, a.result_db, a.c_result, q("EXEC"));
  w.line(t + 1815, a.db, a.c_brpop,
         q("BRPOP") + " " + q(a.queue) + " " + q(a.queue + "\\x06\\x163") + " " + q(a.queue + "\\x06\\x166") + " " +
             q(a.queue + "\\x06\\x169") + " " + q("1"));
  a.next_brpop = t + 1815 + 1000000;
  w.line(t + 1824, a.db, a.c_pool, q("MULTI"));
  w.line(t + 1832, a.db, a.c_pool, q("ZREM") + " " + q("unacked_index") + " " + q(tag));
  w.line(t + 1837, a.db, a.c_pool, q("HDEL") + " " + q("unacked") + " " + q(tag));
  w.line(t + 1840, a.db, a.c_pool, q("EXEC"));
}

void rq_job(Writer& w, Rng& r, App& a, std::int64_t t) {
  std::string id = uuid(r);
  std::string job = "rq:job:" + id;
  std::string wk = "rq:worker:" + a.worker_hex;
  std::string data = zdata(r, 40 + static_cast<int>(r.below(30)));
  std::string created = iso(t);
  std::string q_key = "rq:queue:" + a.rq_queue;
  std::string job_fields = q("created_at") + " " + q(created) + " " + q("data") + " " + q(data) + " " +
                           q("success_callback_name") + " " + q("") + " " + q("failure_callback_name") + " " + q("") +
                           " " + q("started_at") + " " + q("") + " " + q("enqueued_at") + " " + q(created) + " " +
                           q("origin") + " " + q(a.rq_queue);
  // Producer.
  w.line(t, a.db, a.r_producer, q("MULTI"));
  w.line(t + 25, a.db, a.r_producer, q("SADD") + " " + q("rq:queues") + " " + q(q_key));
  w.line(t + 33, a.db, a.r_producer, q("HSET") + " " + q(job) + " " + q("status") + " " + q("queued"));
  w.line(t + 43, a.db, a.r_producer, q("HSET") + " " + q(job) + " " + job_fields);
  w.line(t + 64, a.db, a.r_producer, q("RPUSH") + " " + q(q_key) + " " + q(id));
  w.line(t + 68, a.db, a.r_producer, q("EXEC"));
  // Worker picks it up.
  w.line(t + 874, a.db, a.r_worker, q("HGETALL") + " " + q(job));
  w.line(t + 2035, a.db, a.r_worker, q("EXPIRE") + " " + q(wk) + " " + q("480"));
  w.line(t + 2242, a.db, a.r_worker, q("HSET") + " " + q(wk) + " " + q("last_heartbeat") + " " + q(iso(t + 2200)));
  w.line(t + 2499, a.db, a.r_worker, q("HSET") + " " + q(wk) + " " + q("state") + " " + q("busy"));
  // The work horse: a new connection per job.
  std::string horse = a.conn(r);
  std::int64_t h = t + 6087;
  w.line(h, a.db, horse, q("MULTI"));
  w.line(h + 16, a.db, horse, q("HSET") + " " + q(wk) + " " + q("current_job") + " " + q(id));
  w.line(h + 22, a.db, horse, q("HSET") + " " + q(wk) + " " + q("current_job_working_time") + " " + q("0"));
  w.line(h + 28, a.db, horse, q("EXPIRE") + " " + q(wk) + " " + q("90"));
  w.line(h + 32, a.db, horse, q("HSET") + " " + q(wk) + " " + q("last_heartbeat") + " " + q(iso(h)));
  w.line(h + 36, a.db, horse, q("HSET") + " " + q(job) + " " + q("last_heartbeat") + " " + q(iso(h)));
  w.line(h + 47, a.db, horse,
         q("ZADD") + " " + q("rq:wip:" + a.rq_queue) + " " + q(std::to_string(h / 1000000 + 90)) + " " + q(id));
  w.line(h + 52, a.db, horse,
         q("HSET") + " " + q(job) + " " + q("last_heartbeat") + " " + q(iso(h)) + " " + q("status") + " " +
             q("started") + " " + q("started_at") + " " + q(iso(h)) + " " + q("worker_name") + " " + q(a.worker_hex));
  w.line(h + 61, a.db, horse, q("EXEC"));
  w.line(h + 356, a.db, horse, q("PERSIST") + " " + q(job));
  w.line(h + 1367, a.db, horse, q("WATCH") + " " + q(job + ":dependents"));
  w.line(h + 1545, a.db, horse, q("SMEMBERS") + " " + q(job + ":dependents"));
  w.line(h + 2262, a.db, horse, q("MULTI"));
  w.line(h + 2279, a.db, horse, q("HDEL") + " " + q(wk) + " " + q("current_job"));
  w.line(h + 2285, a.db, horse, q("HINCRBY") + " " + q(wk) + " " + q("successful_job_count") + " " + q("1"));
  w.line(h + 2299, a.db, horse,
         q("HINCRBYFLOAT") + " " + q(wk) + " " + q("total_working_time") + " " + q("0.00" + std::to_string(1000 + r.below(8999))));
  w.line(h + 2304, a.db, horse, q("HSET") + " " + q(job) + " " + q("status") + " " + q("finished"));
  w.line(h + 2309, a.db, horse, q("HSET") + " " + q(job) + " " + job_fields);
  w.line(h + 2351, a.db, horse,
         q("XADD") + " " + q("rq:results:" + id) + " " + q("MAXLEN") + " " + q("~") + " " + q("10") + " " + q("*") +
             " " + q("type") + " " + q("1") + " " + q("return_value") + " " + q(b64(r, 7)));
  w.line(h + 2357, a.db, horse, q("EXPIRE") + " " + q("rq:results:" + id) + " " + q("500"));
  w.line(h + 2364, a.db, horse,
         q("ZADD") + " " + q("rq:finished:" + a.rq_queue) + " " + q(std::to_string(h / 1000000 + 500)) + " " + q(id));
  w.line(h + 2368, a.db, horse, q("EXPIRE") + " " + q(job) + " " + q("500"));
  w.line(h + 2372, a.db, horse, q("EXPIRE") + " " + q(job + ":dependents") + " " + q("500"));
  w.line(h + 2375, a.db, horse, q("EXPIRE") + " " + q("rq:job::" + id + ":dependencies") + " " + q("500"));
  w.line(h + 2379, a.db, horse, q("ZREM") + " " + q("rq:wip:" + a.rq_queue) + " " + q(id));
  w.line(h + 2383, a.db, horse, q("EXEC"));
  // Back to the worker: idle, heartbeat, next BLPOP.
  std::int64_t b = h + 4276;
  w.line(b, a.db, a.r_worker, q("HSET") + " " + q(wk) + " " + q("current_job_working_time") + " " + q("0"));
  w.line(b + 128, a.db, a.r_worker, q("HSET") + " " + q(wk) + " " + q("state") + " " + q("idle"));
  w.line(b + 209, a.db, a.r_worker, q("EXPIRE") + " " + q(wk) + " " + q("480"));
  w.line(b + 306, a.db, a.r_worker, q("HSET") + " " + q(wk) + " " + q("last_heartbeat") + " " + q(iso(b + 300)));
  w.line(b + 461, a.db, a.r_worker, q("MULTI"));
  w.line(b + 466, a.db, a.r_worker, q("EXPIRE") + " " + q(wk) + " " + q("480"));
  w.line(b + 470, a.db, a.r_worker, q("HSET") + " " + q(wk) + " " + q("last_heartbeat") + " " + q(iso(b + 400)));
  w.line(b + 475, a.db, a.r_worker, q("EXISTS") + " " + q("rq:suspended"));
  w.line(b + 477, a.db, a.r_worker, q("EXEC"));
  w.line(b + 609, a.db, a.r_worker, q("HSET") + " " + q(wk) + " " + q("state") + " " + q("idle"));
  w.line(b + 691, a.db, a.r_worker, q("EXPIRE") + " " + q(wk) + " " + q("480"));
  w.line(b + 762, a.db, a.r_worker, q("HSET") + " " + q(wk) + " " + q("last_heartbeat") + " " + q(iso(b + 700)));
  w.line(b + 884, a.db, a.r_worker, q("BLPOP") + " " + q(q_key) + " " + q("405"));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gen_capture OUT [LINES=3000000] [SEED=1]\n");
    return 2;
  }
  std::uint64_t target = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 3000000;
  std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  std::FILE* f = std::fopen(argv[1], "wb");
  if (!f) {
    std::perror(argv[1]);
    return 2;
  }
  Rng rng{seed};
  const int kApps = 50;
  const char* queues[] = {"celery", "emails", "reports", "billing", "default"};
  std::vector<App> apps(kApps);
  const std::int64_t start = 1795300000LL * 1000000;
  for (int i = 0; i < kApps; ++i) {
    App& a = apps[i];
    a.id = i;
    if (i % 17 == 5) a.host = "[2001:db8::" + std::to_string(i) + "]";
    else if (i % 23 == 7) a.host = "unix:/run/redis/redis-" + std::to_string(i) + ".sock";
    else a.host = "10.0." + std::to_string(i / 10) + "." + std::to_string(10 + i);
    a.port = 30000 + i * 300;
    if (i % 11 == 3) {
      a.db = "3";
      a.result_db = "4";
    }
    a.queue = queues[i % 5];
    a.rq_queue = std::string(queues[(i + 2) % 5]);
    a.worker_hex = hex(rng, 32);
    a.celery_host = "worker" + std::to_string(i) + "@node" + std::to_string(i % 7);
    a.sweep_sha = "c3f8721cbb97f72bc19e972846bd7aaf91901658";
    a.c_brpop = a.conn(rng);
    a.c_pool = a.conn(rng);
    a.c_heartbeat = a.conn(rng);
    a.c_pidbox = a.conn(rng);
    a.c_producer = a.conn(rng);
    a.c_result = a.conn(rng);
    a.c_sub = a.conn(rng);
    a.r_producer = a.conn(rng);
    a.r_worker = a.conn(rng);
    std::int64_t off = static_cast<std::int64_t>(rng.below(1000000));
    a.next_brpop = start + off;
    a.next_heartbeat = start + off + 300000;
    a.next_ping = start + off + static_cast<std::int64_t>(rng.below(25000000));
    a.next_sweep = start + off + static_cast<std::int64_t>(rng.below(100000000));
    a.task_every = 1.6 + rng.uniform() * 1.6;  // a Celery task every 1.6-3.2 s
    a.job_every = 1.2 + rng.uniform() * 1.0;   // an RQ job every 1.2-2.2 s
    a.next_task = start + off + static_cast<std::int64_t>(rng.below(5000000));
    a.next_job = start + off + static_cast<std::int64_t>(rng.below(2000000));
  }
  Writer w(f);
  w.raw("OK");
  // Events in time order: each app's next idle tick, task and job.
  using Ev = std::pair<std::int64_t, int>;  // time, app * 3 + kind
  std::priority_queue<Ev, std::vector<Ev>, std::greater<Ev>> pq;
  for (int i = 0; i < kApps; ++i) {
    pq.push({std::min({apps[i].next_brpop, apps[i].next_heartbeat, apps[i].next_ping, apps[i].next_sweep}), i * 3});
    pq.push({apps[i].next_task, i * 3 + 1});
    pq.push({apps[i].next_job, i * 3 + 2});
  }
  while (w.lines() < target && !pq.empty()) {
    auto [t, k] = pq.top();
    pq.pop();
    w.drain(t);  // no later event writes before its own time
    App& a = apps[k / 3];
    switch (k % 3) {
      case 0:
        celery_idle(w, rng, a, t);
        pq.push({std::min({a.next_brpop, a.next_heartbeat, a.next_ping, a.next_sweep}), k});
        break;
      case 1:
        celery_task(w, rng, a, t);
        a.next_task = t + static_cast<std::int64_t>(a.task_every * 1e6 * (0.5 + rng.uniform()));
        pq.push({a.next_task, k});
        break;
      case 2:
        rq_job(w, rng, a, t);
        a.next_job = t + static_cast<std::int64_t>(a.job_every * 1e6 * (0.5 + rng.uniform()));
        pq.push({a.next_job, k});
        break;
    }
  }
  w.drain(INT64_MAX);
  w.flush();
  std::fclose(f);
  std::printf("gen_capture: wrote %llu lines, %.1f MB to %s\n", static_cast<unsigned long long>(w.lines()),
              static_cast<double>(w.bytes()) / 1e6, argv[1]);
  return 0;
}
