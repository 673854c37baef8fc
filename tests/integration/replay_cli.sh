#!/usr/bin/env bash
# The replay, audit and commandstats subcommands as a user meets them: stdin and gzip input,
# --format json, -o FILE, --progress, and bad input (missing files, bad flag values, malformed
# snapshots): a clear message naming the file and what was expected, exit 2, no output file.
# Usage: replay_cli.sh REDCAST TRACES_DIR
set -uo pipefail

REDCAST=${1:?usage: replay_cli.sh REDCAST TRACES_DIR}
TRACES=${2:?usage: replay_cli.sh REDCAST TRACES_DIR}
IDLE="$TRACES/celery-5.2.6-solo-idle-320s"
WORK=$(mktemp -d /tmp/redcast-replay-cli.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
failures=0

fail() { echo "replay_cli: FAIL: $*" >&2; failures=$((failures + 1)); }

# expect CODE DESCRIPTION -- COMMAND...: runs it, keeps stdout/stderr in $WORK/out, $WORK/err.
expect() {
  local code=$1 what=$2
  shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [[ $got -ne $code ]]; then
    fail "$what: exit $got, expected $code"
    sed 's/^/    /' "$WORK/err" >&2
  fi
}
contains() { grep -q -- "$2" "$1" || fail "$3: '$2' not in $(basename "$1"): $(head -c 300 "$1")"; }

# Success paths.
expect 0 "replay table" -- "$REDCAST" replay "$IDLE.monitor" --no-progress
contains "$WORK/out" "BRPOP celery …" "replay table"
expect 0 "replay json to a file" -- "$REDCAST" replay "$IDLE.monitor" --format json -o "$WORK/r.json"
contains "$WORK/r.json" '"monthly_commands"' "json file"
contains "$WORK/r.json" '"BRPOP": 319' "json file"
[[ -s "$WORK/out" ]] && fail "-o wrote to stdout too"
if command -v python3 >/dev/null; then
  python3 -c "import json,sys; json.load(open('$WORK/r.json'))" || fail "the JSON does not parse"
fi
expect 0 "replay from stdin" -- bash -c "cat '$IDLE.monitor' | '$REDCAST' replay - --format json --no-progress"
contains "$WORK/out" '"BRPOP": 319' "stdin"
expect 0 "replay gzip from stdin" -- bash -c "gzip -c '$IDLE.monitor' | '$REDCAST' replay - --format json --no-progress"
contains "$WORK/out" '"compressed": true' "gzip"
contains "$WORK/out" '"BRPOP": 319' "gzip"
gzip -c "$IDLE.monitor" > "$WORK/idle.monitor.gz"
expect 0 "replay gzip file" -- "$REDCAST" replay "$WORK/idle.monitor.gz" --format json
contains "$WORK/out" '"parsed": 604' "gzip file"
expect 0 "progress forced on a pipe" -- "$REDCAST" replay "$IDLE.monitor" --progress -o "$WORK/p.txt"
contains "$WORK/err" "MB/s" "progress bar"
expect 0 "check against commandstats" -- "$REDCAST" replay "$IDLE.monitor" --check-commandstats "$IDLE.commandstats"
contains "$WORK/out" "every command MONITOR logs agrees" "check"
expect 0 "check, json" -- "$REDCAST" replay "$IDLE.monitor" --format json --check-commandstats "$IDLE.commandstats"
contains "$WORK/out" '"passed": true' "check json"
expect 0 "plan and regions" -- "$REDCAST" replay "$IDLE.monitor" --plan upstash-free --regions 2 --format json
contains "$WORK/out" '"regions": 2' "regions"
expect 0 "audit" -- "$REDCAST" audit "$IDLE.monitor"
contains "$WORK/out" "empty-polls" "audit"
contains "$WORK/out" "polling_interval" "audit"
expect 0 "audit json" -- "$REDCAST" audit "$IDLE.monitor" --format json -o "$WORK/a.json"
contains "$WORK/a.json" '"findings"' "audit json"
expect 1 "audit --fail-over" -- "$REDCAST" audit "$IDLE.monitor" --fail-over 1000
contains "$WORK/err" "over the --fail-over limit" "audit fail-over"

# A check that fails: exit 1, the report still written.
sed 's/cmdstat_brpop:calls=319/cmdstat_brpop:calls=320/' "$IDLE.commandstats" > "$WORK/off.commandstats"
expect 1 "check mismatch" -- "$REDCAST" replay "$IDLE.monitor" --check-commandstats "$WORK/off.commandstats" -o "$WORK/c.txt"
contains "$WORK/err" "differ" "check mismatch"
contains "$WORK/c.txt" "differs" "check mismatch report"

# commandstats.
printf 'cmdstat_brpop:calls=100,usec=1,usec_per_call=0.01\r\ncmdstat_ping:calls=5,usec=1,usec_per_call=0.2\r\n' > "$WORK/before.txt"
printf 'cmdstat_brpop:calls=700,usec=1,usec_per_call=0.01\r\ncmdstat_ping:calls=29,usec=1,usec_per_call=0.2\r\n' > "$WORK/after.txt"
expect 0 "commandstats" -- "$REDCAST" commandstats "$WORK/before.txt" "$WORK/after.txt" --elapsed 10m
contains "$WORK/out" "BRPOP" "commandstats"
contains "$WORK/out" "60.00" "commandstats rate"
expect 0 "commandstats json" -- "$REDCAST" commandstats "$WORK/before.txt" "$WORK/after.txt" --elapsed 600 --format json
contains "$WORK/out" '"BRPOP": 600' "commandstats json"
expect 0 "commandstats single snapshot" -- "$REDCAST" commandstats "$IDLE.commandstats" --elapsed 320s
contains "$WORK/out" "BRPOP" "single snapshot"

# Bad input: exit 2, a message naming the file or flag, no output file.
expect 2 "missing capture" -- "$REDCAST" replay "$WORK/nope.monitor" -o "$WORK/x.txt"
contains "$WORK/err" "nope.monitor" "missing capture"
contains "$WORK/err" "no such file" "missing capture"
[[ -e "$WORK/x.txt" ]] && fail "an output file was left after a failure"
expect 2 "directory as capture" -- "$REDCAST" replay "$WORK"
contains "$WORK/err" "directory" "directory"
expect 2 "bad --format" -- "$REDCAST" replay "$IDLE.monitor" --format xml
contains "$WORK/err" "format" "bad format"
expect 2 "unknown plan" -- "$REDCAST" replay "$IDLE.monitor" --plan nope -o "$WORK/x.txt"
contains "$WORK/err" "upstash-payg" "unknown plan lists the plans"
[[ -e "$WORK/x.txt" ]] && fail "an output file was left after a bad plan"
expect 2 "bad --regions" -- "$REDCAST" replay "$IDLE.monitor" --regions 0
expect 2 "missing commandstats for the check" -- "$REDCAST" replay "$IDLE.monitor" --check-commandstats "$WORK/nope.txt" -o "$WORK/x.txt"
contains "$WORK/err" "nope.txt" "missing snapshot"
[[ -e "$WORK/x.txt" ]] && fail "an output file was left after a bad snapshot"
printf 'cmdstat_get:calls=abc,usec=1\n' > "$WORK/bad.txt"
expect 2 "malformed snapshot" -- "$REDCAST" commandstats "$WORK/bad.txt" --elapsed 60
contains "$WORK/err" "bad.txt: line 1" "malformed snapshot names file and line"
expect 2 "bad --elapsed" -- "$REDCAST" commandstats "$WORK/before.txt" "$WORK/after.txt" --elapsed soon
contains "$WORK/err" "--elapsed" "bad elapsed"
expect 2 "no elapsed" -- "$REDCAST" commandstats "$WORK/before.txt" "$WORK/after.txt"
contains "$WORK/err" "elapsed" "no elapsed"
expect 2 "snapshots swapped" -- "$REDCAST" commandstats "$WORK/after.txt" "$WORK/before.txt" --elapsed 60
contains "$WORK/err" "went down" "swapped"
expect 2 "audit missing file" -- "$REDCAST" audit "$WORK/nope.monitor"
printf '\x1f\x8b\x08\x00garbage' > "$WORK/corrupt.gz"
expect 2 "corrupt gzip" -- "$REDCAST" replay "$WORK/corrupt.gz" -o "$WORK/x.txt"
contains "$WORK/err" "gzip" "corrupt gzip"
[[ -e "$WORK/x.txt" ]] && fail "an output file was left after a corrupt gzip"

if [[ $failures -gt 0 ]]; then
  echo "replay_cli: $failures failure(s)" >&2
  exit 1
fi
echo "replay_cli: OK"
