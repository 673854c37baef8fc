#!/usr/bin/env bash
# Records a MONITOR capture from a real redis-server and checks the replay against the server's
# INFO commandstats of the same run (issue 4, "Proof"). Usage:
#   replay_redis.sh REDCAST REPLAY_TESTS
# The server listens on a free port of 127.0.0.1 and a unix socket in a temporary directory, never
# saves, and is shut down at the end whatever happens. The workload has the arguments parsers
# get wrong: quotes, backslashes, spaces, newlines, tabs, binary bytes with \xNN escapes ("\x163"),
# UTF-8, a Lua EVAL and an EVALSHA whose redis.call()s are logged as [db lua], MULTI/EXEC and
# MULTI/DISCARD, several dbs, a unix-socket client, a blocking pop, CLIENT SETNAME, a failed AUTH.
# Fails (does not skip) when redis-server is missing: CI installs it.
set -euo pipefail

REDCAST=${1:?usage: replay_redis.sh REDCAST REPLAY_TESTS}
TESTS=${2:?usage: replay_redis.sh REDCAST REPLAY_TESTS}

fail() { echo "replay_redis: FAIL: $*" >&2; exit 1; }
command -v redis-server >/dev/null || fail "redis-server not found (apt-get install redis-server)"
command -v redis-cli >/dev/null || fail "redis-cli not found (apt-get install redis-tools)"

WORK=$(mktemp -d /tmp/redcast-replay-redis.XXXXXX)
PORT=""
MONPID=""
source "$(dirname "$0")/redis_server.sh"
cleanup() {
  if [[ -n "$MONPID" ]]; then kill "$MONPID" 2>/dev/null || true; fi
  stop_redis_server
  if [[ "${KEEP_WORK:-}" == 1 ]]; then echo "replay_redis: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
start_redis_server

cli() { redis-cli -p "$PORT" "$@" >/dev/null; }

cli config resetstat
redis-cli -p "$PORT" monitor > "$WORK/run.monitor" &
MONPID=$!
for _ in $(seq 1 100); do [[ -s "$WORK/run.monitor" ]] && break; sleep 0.05; done
[[ -s "$WORK/run.monitor" ]] || fail "MONITOR did not start"

# The workload.
cli set plain value
cli set 'q"uote' $'two words\nsecond line\ttab\\back\a\b\r'
printf '\x00\x01\xff\x06\x163"\\ end' > "$WORK/binary"
redis-cli -p "$PORT" -x set bin:1 < "$WORK/binary" >/dev/null
cli set 'unicode:ü' '€ and ✓'
cli set 'sp ace] "x' '] "' # an argument with "] " in it (redis-py#2942)
LONG=$(printf '{\\"body\\": \\"%s\\", \\"k\\": [1, 2, 3]}' "$(head -c 300 /dev/zero | tr '\0' 'a')")
cli publish /0.celeryev/worker.heartbeat "$LONG"
cli eval "redis.call('set', KEYS[1], ARGV[1]); redis.call('incr', KEYS[2]); return redis.call('get', KEYS[1])" 2 lua:k lua:ctr 'v"1'
SHA=$(redis-cli -p "$PORT" script load "return redis.call('del', KEYS[1])")
cli evalsha "$SHA" 1 lua:k
printf 'MULTI\nSET tx:1 a\nINCR tx:n\nLPUSH tx:l x\nEXEC\nMULTI\nSET tx:2 b\nDISCARD\n' | redis-cli -p "$PORT" >/dev/null
cli -n 3 set db3:k v
cli -n 5 hset db5:h f v
redis-cli -s "$SOCK" set unix:k v >/dev/null
redis-cli -s "$SOCK" get unix:k >/dev/null
for i in $(seq 1 20); do cli lpush queue "$i"; done
cli brpop queue 1
cli client setname replay-test
redis-cli -p "$PORT" auth wrong-password >/dev/null 2>&1 || true
cli ping
cli json.nosuchcommand x >/dev/null 2>&1 || true   # unknown: rejected, in neither
sleep 0.3
kill "$MONPID"
wait "$MONPID" 2>/dev/null || true
MONPID=""
redis-cli -p "$PORT" info commandstats > "$WORK/run.commandstats"

lines=$(wc -l < "$WORK/run.monitor")
echo "replay_redis: recorded $lines lines on 127.0.0.1:$PORT"

# 1. Per-command counts equal the server's (exit 1 from redcast if any differs).
"$REDCAST" replay "$WORK/run.monitor" --no-progress --check-commandstats "$WORK/run.commandstats" \
  -o "$WORK/replay.txt" || { cat "$WORK/replay.txt" 2>/dev/null; fail "replay counts differ from INFO commandstats"; }
grep -q "every command MONITOR logs agrees" "$WORK/replay.txt" || fail "check summary missing"
"$REDCAST" replay "$WORK/run.monitor" --no-progress --format json -o "$WORK/replay.json"
grep -q '"skipped": 0' "$WORK/replay.json" || fail "malformed lines in a real capture"
grep -q '"lua": 4' "$WORK/replay.json" || fail "expected 4 script-run commands (set, incr, get, del)"

# 2. Every argument unescaped exactly (the C++ side knows the workload).
REDCAST_FRESH_CAPTURE="$WORK/run.monitor" REDCAST_FRESH_BINARY="$WORK/binary" "$TESTS" "[fresh]" --reporter compact \
  || fail "arguments did not round-trip"

echo "replay_redis: OK"
