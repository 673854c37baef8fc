# A throwaway redis-server for the integration scripts (sourced, not run): on a free port of
# 127.0.0.1 and a unix socket in $WORK, never saving. The caller defines fail() and WORK.
#   start_redis_server         sets PORT and SOCK, returns once the server answers
#   stop_redis_server [ARGS]   SHUTDOWN NOSAVE (ARGS: redis-cli auth options), then waits for the
#                              process to end (killing it after 5 s)

free_port() {  # a loopback port nothing answers on
  for _ in $(seq 1 50); do
    local p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  fail "no free port found"
}

start_redis_server() {
  PORT=$(free_port)
  SOCK="$WORK/redis.sock"
  redis-server --port "$PORT" --bind 127.0.0.1 --unixsocket "$SOCK" --unixsocketperm 700 \
    --save '' --appendonly no --daemonize yes --dir "$WORK" --pidfile "$WORK/redis.pid" \
    --logfile "$WORK/redis.log" || fail "redis-server did not start"
  for _ in $(seq 1 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
  redis-cli -p "$PORT" ping >/dev/null 2>&1 || fail "redis-server does not answer on 127.0.0.1:$PORT"
}

stop_redis_server() {
  if [[ -n "${PORT:-}" ]]; then redis-cli -p "$PORT" "$@" shutdown nosave >/dev/null 2>&1 || true; fi
  if [[ -f "$WORK/redis.pid" ]]; then
    local pid
    pid=$(cat "$WORK/redis.pid" 2>/dev/null || true)
    for _ in $(seq 1 50); do [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  fi
}
