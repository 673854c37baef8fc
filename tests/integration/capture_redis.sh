#!/usr/bin/env bash
# `redcast capture` against a real redis-server (issue 10): run beside `redis-cli monitor` on the
# same workload, the two captures are byte-identical once timestamps are stripped, and the replay
# of redcast's capture equals INFO commandstats. Then: --duration stops by itself, SIGINT and
# SIGTERM stop cleanly with whole lines, a refused connection exits 2 with no file, passwords come
# from --password-env (requirepass and an ACL user), and `-o -` pipes into `redcast replay -`.
# Usage: capture_redis.sh REDCAST
# The server listens on a free port of 127.0.0.1 and a unix socket in a temporary directory, never
# saves, and is shut down at the end whatever happens. Fails (does not skip) when redis-server is
# missing: CI installs it.
set -euo pipefail

REDCAST=${1:?usage: capture_redis.sh REDCAST}

fail() { echo "capture_redis: FAIL: $*" >&2; exit 1; }
command -v redis-server >/dev/null || fail "redis-server not found (apt-get install redis-server)"
command -v redis-cli >/dev/null || fail "redis-cli not found (apt-get install redis-tools)"

WORK=$(mktemp -d /tmp/redcast-capture-redis.XXXXXX)
PORT=""
PIDS=()
AUTHARGS=()
source "$(dirname "$0")/redis_server.sh"
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_redis_server "${AUTHARGS[@]}"
  if [[ "${KEEP_WORK:-}" == 1 ]]; then echo "capture_redis: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
start_redis_server
URL="redis://127.0.0.1:$PORT"

cli() { redis-cli -p "$PORT" "${AUTHARGS[@]}" "$@" >/dev/null; }
# Waits until the server has N MONITOR clients.
monitors_are() {
  for _ in $(seq 1 100); do
    [[ $(redis-cli -p "$PORT" "${AUTHARGS[@]}" client list 2>/dev/null | grep -c 'flags=O') -eq $1 ]] && return 0
    sleep 0.05
  done
  fail "expected $1 MONITOR client(s)"
}
strip_ts() { sed -E 's/^[0-9]+\.[0-9]+ //' "$1"; }
# Every line a command line (or the OK header), and the file ends with a newline.
whole_lines() {
  local f=$1
  [[ -s "$f" ]] || fail "$f is empty"
  [[ $(tail -c 1 "$f" | od -An -c | tr -d ' ') == '\n' ]] || fail "$f ends mid-line"
  [[ $(head -1 "$f") == OK ]] || fail "$f does not start with redis-cli's OK header"
  if tail -n +2 "$f" | grep -av -E '^[0-9]+\.[0-9]{6} \[[0-9]+ [^]]*\] ".*"$' | grep -q .; then
    tail -n +2 "$f" | grep -av -E '^[0-9]+\.[0-9]{6} \[[0-9]+ [^]]*\] ".*"$' | head -3 >&2
    fail "$f has lines that are not whole MONITOR lines"
  fi
}

# 0. Bad flags: exit 2, one line naming the flag, no file (nothing connects).
bad() {  # expected message start, args...
  local want=$1; shift
  set +e
  "$REDCAST" capture "$@" -o "${OUT:-$WORK/bad.monitor}" 2> "$WORK/bad.err"; local rc=$?
  set -e
  [[ $rc -eq 2 ]] || fail "capture $*: exit $rc (want 2)"
  grep -qF -- "$want" "$WORK/bad.err" || fail "capture $*: message $(cat "$WORK/bad.err"), want $want"
  [[ ! -e "$WORK/bad.monitor" ]] || fail "capture $*: left an output file"
}
bad "redcast: --url: column 19: the port must be 1..65535" --url "redis://127.0.0.1:70000"
bad "redcast: --url: column 1: unknown scheme \"http\"" --url "http://127.0.0.1:$PORT"
bad "redcast: --url: holds a password" --url "redis://u:pw@127.0.0.1:$PORT"
bad "redcast: --tls: this build of redcast has no TLS" --url "$URL" --tls
bad "redcast: --url: this build of redcast has no TLS" --url "rediss://127.0.0.1:$PORT"
bad "redcast: --duration: expected a positive duration" --url "$URL" --duration 3x
bad "redcast: --password-env: the environment variable REDCAST_NO_SUCH_VAR is not set" --url "$URL" --password-env REDCAST_NO_SUCH_VAR
bad "redcast: --user: needs a password" --url "$URL" --user someone
OUT="$WORK/no/such/dir/x.monitor" bad "redcast: -o: $WORK/no/such/dir/x.monitor: cannot create the capture file" --url "$URL"
set +e
"$REDCAST" capture -o "$WORK/bad.monitor" 2> "$WORK/bad.err"; rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q -- "--url" "$WORK/bad.err" || fail "missing --url: exit $rc, $(cat "$WORK/bad.err")"

# 1. Beside redis-cli MONITOR on a known workload.
cli config resetstat
redis-cli -p "$PORT" monitor > "$WORK/cli.monitor" &
CLIPID=$!; PIDS+=("$CLIPID")
"$REDCAST" capture --url "$URL" -o "$WORK/redcast.monitor" 2> "$WORK/capture.err" &
RCPID=$!; PIDS+=("$RCPID")
monitors_are 2
grep -q "MONITOR makes 127.0.0.1:$PORT copy every command" "$WORK/capture.err" || fail "no throughput warning on stderr"
grep -q "on Upstash the capture itself is billed" "$WORK/capture.err" || fail "no billing warning on stderr"

cli set plain value
cli set 'q"uote' $'two words\nsecond line\ttab\\back\a\b\r'
printf '\x00\x01\xff\x06\x163"\\ end' > "$WORK/binary"
redis-cli -p "$PORT" -x set bin:1 < "$WORK/binary" >/dev/null
cli set 'unicode:ü' '€ and ✓'
cli set 'sp ace] "x' '] "'
cli eval "redis.call('set', KEYS[1], ARGV[1]); redis.call('incr', KEYS[2]); return redis.call('get', KEYS[1])" 2 lua:k lua:ctr 'v"1'
printf 'MULTI\nSET tx:1 a\nINCR tx:n\nLPUSH tx:l x\nEXEC\n' | redis-cli -p "$PORT" >/dev/null
cli -n 2 set db2:k v
cli -n 9 sadd db9:s a b c
redis-cli -s "$SOCK" set unix:k v >/dev/null
redis-cli -s "$SOCK" -n 4 hset unix:h f 'v w' >/dev/null
head -c 300000 /dev/zero | tr '\0' x | redis-cli -p "$PORT" -x set big >/dev/null  # a line many reads long
for i in $(seq 1 10); do cli rpush list "item $i"; done
cli lrange list 0 -1
cli ping
sleep 0.3
kill -INT "$RCPID"
wait "$RCPID" || fail "redcast capture exited $? on SIGINT (want 0)"
kill "$CLIPID"; wait "$CLIPID" 2>/dev/null || true
PIDS=()
redis-cli -p "$PORT" info commandstats > "$WORK/run.commandstats"

whole_lines "$WORK/redcast.monitor"
lines=$(wc -l < "$WORK/redcast.monitor")
[[ $lines -ge 25 ]] || fail "only $lines lines captured"
strip_ts "$WORK/cli.monitor" > "$WORK/cli.stripped"
strip_ts "$WORK/redcast.monitor" > "$WORK/redcast.stripped"
cmp "$WORK/cli.stripped" "$WORK/redcast.stripped" || {
  diff "$WORK/cli.stripped" "$WORK/redcast.stripped" | head -10 >&2
  fail "redcast's capture differs from redis-cli MONITOR's (timestamps aside)"
}
grep -q '\[0 lua\] "incr" "lua:ctr"' "$WORK/redcast.monitor" || fail "no [0 lua] line"
grep -q '\[4 unix:' "$WORK/redcast.monitor" || fail "no unix-socket line in db 4"
grep -q '"MULTI"' "$WORK/redcast.monitor" && grep -q '"EXEC"' "$WORK/redcast.monitor" || fail "no MULTI/EXEC"
grep -qF '"\x00\x01\xff\x06\x163\"\\ end"' "$WORK/redcast.monitor" || fail "binary argument not as the server escaped it"
echo "capture_redis: $lines lines, identical to redis-cli MONITOR's"

"$REDCAST" replay "$WORK/redcast.monitor" --no-progress --check-commandstats "$WORK/run.commandstats" \
  -o "$WORK/replay.txt" || { cat "$WORK/replay.txt" 2>/dev/null; fail "replay of the capture differs from INFO commandstats"; }
grep -q "every command MONITOR logs agrees" "$WORK/replay.txt" || fail "check summary missing"

# A steady background load for the stop tests: one INCR every millisecond or so.
load() { redis-cli -p "$PORT" "${AUTHARGS[@]}" -r 1000000 -i 0.001 incr load:n >/dev/null 2>&1 & LOADPID=$!; PIDS+=("$LOADPID"); }
now() { date +%s.%N; }

# 2. --duration stops by itself within a second of it, on a whole line.
load
t0=$(now)
"$REDCAST" capture --url "$URL" --duration 3s -o "$WORK/duration.monitor" 2> "$WORK/duration.err" \
  || fail "--duration 3s exited $?"
t1=$(now)
awk -v a="$t0" -v b="$t1" 'BEGIN { d = b - a; exit !(d >= 3 && d < 4) }' || fail "--duration 3s took $(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}') s"
whole_lines "$WORK/duration.monitor"
n=$(wc -l < "$WORK/duration.monitor")
[[ $n -ge 100 ]] || fail "--duration 3s captured only $n lines of the load"
grep -q "lines in 3" "$WORK/duration.err" || fail "no summary line: $(cat "$WORK/duration.err")"
! grep -q $'\r' "$WORK/duration.err" || fail "progress drawn on a stderr that is not a terminal"

# 3. SIGINT and SIGTERM stop cleanly: exit 0, whole lines.
for sig in INT TERM; do
  "$REDCAST" capture --url "$URL" -o "$WORK/sig$sig.monitor" 2>/dev/null &
  pid=$!
  sleep 1.2
  kill -"$sig" "$pid"
  wait "$pid" || fail "SIG$sig: exit $? (want 0)"
  whole_lines "$WORK/sig$sig.monitor"
  [[ $(wc -l < "$WORK/sig$sig.monitor") -ge 50 ]] || fail "SIG$sig: too few lines"
done

# 4. `-o -` pipes into `redcast replay -`, whole lines all the way.
"$REDCAST" capture --url "unix://$SOCK" --duration 2s -o - 2>/dev/null | tee "$WORK/pipe.monitor" \
  | "$REDCAST" replay - --no-progress --format json -o "$WORK/pipe.json" || fail "capture | replay failed"
whole_lines "$WORK/pipe.monitor"
plines=$(($(wc -l < "$WORK/pipe.monitor") - 1))
python3 - "$WORK/pipe.json" "$plines" <<'PY' || fail "replay of the piped capture"
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
assert d["parsed"] == n and d["skipped"] == 0 and d["headers"] == 1, (d["parsed"], n, d["skipped"], d["headers"])
assert d["commands"].get("INCR", 0) == n and n >= 100, d["commands"]
PY
kill "$LOADPID"; wait "$LOADPID" 2>/dev/null || true
PIDS=()

# 5. Nothing listening: exit 2, a message naming --url, no file.
DEAD=$(free_port)
set +e
"$REDCAST" capture --url "redis://127.0.0.1:$DEAD" -o "$WORK/dead.monitor" 2> "$WORK/dead.err"; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "refused connection: exit $rc (want 2)"
grep -q "^redcast: --url: cannot connect to 127.0.0.1:$DEAD: Connection refused" "$WORK/dead.err" || fail "message: $(cat "$WORK/dead.err")"
[[ ! -e "$WORK/dead.monitor" ]] || fail "a refused connection left an output file"
set +e
"$REDCAST" capture --url "unix://$WORK/none.sock" -o "$WORK/dead.monitor" 2>/dev/null; rc=$?
set -e
[[ $rc -eq 2 && ! -e "$WORK/dead.monitor" ]] || fail "missing socket: exit $rc or a file left"

# 6. Passwords from the environment: requirepass, then an ACL user.
cli config set requirepass 's3cret pass'
AUTHARGS=(--no-auth-warning -a 's3cret pass')
set +e
"$REDCAST" capture --url "$URL" --duration 1s -o "$WORK/noauth.monitor" 2> "$WORK/noauth.err"; rc=$?
set -e
[[ $rc -eq 2 && ! -e "$WORK/noauth.monitor" ]] || fail "no password: exit $rc (want 2, no file)"
grep -q -- "--password-env" "$WORK/noauth.err" || fail "no-password message does not name --password-env: $(cat "$WORK/noauth.err")"
set +e
WRONG=nope "$REDCAST" capture --url "$URL" --password-env WRONG --duration 1s -o "$WORK/wrong.monitor" 2> "$WORK/wrong.err"; rc=$?
set -e
[[ $rc -eq 2 && ! -e "$WORK/wrong.monitor" ]] || fail "wrong password: exit $rc (want 2, no file)"
grep -q "^redcast: --password-env: 127.0.0.1:$PORT refused AUTH" "$WORK/wrong.err" || fail "wrong-password message: $(cat "$WORK/wrong.err")"

# Captures from URL with the extra arguments, while `cli set KEY 1` runs, stopped by SIG; the
# capture must hold that SET. Environment assignments go before: VAR=value captured_set ...
captured_set() {  # name, url, key, signal, args...
  local name=$1 url=$2 key=$3 sig=$4; shift 4
  "$REDCAST" capture --url "$url" "$@" -o "$WORK/$name.monitor" 2>/dev/null &
  local pid=$!; PIDS+=("$pid")
  monitors_are 1
  cli set "$key" 1
  sleep 0.2
  kill -"$sig" "$pid"; wait "$pid" || fail "$name: capture exited $?"
  PIDS=()
  grep -q "\"set\" \"$key\" \"1\"" "$WORK/$name.monitor" || fail "$name: nothing captured"
  whole_lines "$WORK/$name.monitor"
}
CAPTURE_PW='s3cret pass' captured_set auth "$URL" authed:k INT --password-env CAPTURE_PW
! grep -q 's3cret' "$WORK/auth.monitor" || fail "the password shows in the capture"
cli acl setuser capt on '>capt-pw' '~*' '&*' '+@all'
CAPT_PW=capt-pw captured_set acl "unix://$SOCK" acl:k TERM --user capt --password-env CAPT_PW

echo "capture_redis: OK"
