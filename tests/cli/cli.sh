#!/usr/bin/env bash
# The CLI as a user runs it: outputs, exit codes (0 ok, 1 check failed, 2 bad input), error messages
# with file/line/field, no partial output files, stdin, NO_COLOR.
set -u
bin=$1
root=$2
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {  # name, condition result (0 = ok)
  if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1" >&2; fi
}
expect_code() {  # name, expected code, command...
  local name=$1 want=$2; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ]; check "$name (exit $got, want $want)" $?
}

expect_code "project hello json" 0 "$bin" project scenarios/hello.json --format json
python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if d['totals']['commands']==43200 and d['daily'][0]['commands']==1440 and d['quota']['exhausted_at'] is None else 1)"
check "hello totals 43,200" $?

expect_code "project from stdin" 0 sh -c "'$bin' project - --format csv < scenarios/hello.json"
head -2 "$tmp/out" | tail -1 | grep -q '^2026-01-01,1440,1440,1440,1440$'; check "csv first day" $?

expect_code "table output" 0 env NO_COLOR=1 "$bin" project scenarios/hello.json
grep -q '43,200' "$tmp/out"; check "table shows 43,200" $?
! grep -q $'\033' "$tmp/out"; check "NO_COLOR: no escape codes" $?

printf '{"name": "x",\n "components": [\n  {"name": "a", "type": "periodic", "schedule": {"every": "1 minute"}, "commands": {"GET": 1}}]}\n' > "$tmp/bad.json"
expect_code "bad duration exits 2" 2 "$bin" project "$tmp/bad.json" -o "$tmp/result.json"
grep -q "bad.json: line 3, column 50, /components/0/schedule/every: expected a duration" "$tmp/err"; check "bad duration message" $?
[ ! -e "$tmp/result.json" ] && [ -z "$(ls "$tmp" | grep result)" ]; check "no partial output file" $?

printf '{"name": "x", ' > "$tmp/trunc.json"
expect_code "truncated JSON exits 2" 2 "$bin" project "$tmp/trunc.json"
grep -q "trunc.json: line 1, column" "$tmp/err"; check "syntax error has line and column" $?

expect_code "missing file exits 2" 2 "$bin" project "$tmp/nope.json"
grep -q "nope.json: cannot open the file (does it exist and is it readable?); expected a scenario (JSON)" "$tmp/err"; check "missing file message" $?

expect_code "bad flag exits 2" 2 "$bin" project scenarios/hello.json --format yaml
expect_code "bad --start exits 2" 2 "$bin" project scenarios/hello.json --start 2026-13-01
expect_code "unknown plan exits 2" 2 "$bin" project scenarios/hello.json --plan gold

expect_code "fail-over under the limit" 0 "$bin" project scenarios/hello.json --fail-over 10
expect_code "fail-over over the limit" 1 "$bin" project scenarios/hello.json --fail-over 8
grep -q "8.6% of the upstash-free quota" "$tmp/err"; check "fail-over message" $?

expect_code "output to a file" 0 "$bin" project scenarios/hello.json --format json -o "$tmp/ok.json"
python3 -c "import json; json.load(open('$tmp/ok.json'))"; check "output file is complete JSON" $?

expect_code "schedule aps" 0 "$bin" schedule --aps "day=*/3,hour=23,minute=59" --tz Europe/Berlin --from 2025-12-08T20:15 --count 9 --format json
python3 -c "
import json; d=json.load(open('$tmp/out'))
want=['2025-12-10T23:59:00+01:00','2025-12-13T23:59:00+01:00','2025-12-16T23:59:00+01:00','2025-12-19T23:59:00+01:00','2025-12-22T23:59:00+01:00','2025-12-25T23:59:00+01:00','2025-12-28T23:59:00+01:00','2025-12-31T23:59:00+01:00','2026-01-01T23:59:00+01:00']
import sys; sys.exit(0 if d==want else 1)"; check "aps fire times" $?
expect_code "schedule cron across DST" 0 "$bin" schedule --cron "30 2 * * *" --tz Europe/Berlin --from 2026-03-28 --count 3
expect_code "schedule bad zone" 2 "$bin" schedule --cron "* * * * *" --tz Mars/Base --from 2026-01-01
expect_code "schedule bad cron" 2 "$bin" schedule --cron "61 * * * *" --tz UTC --from 2026-01-01
grep -q "minute" "$tmp/err"; check "bad cron names the minute field" $?

expect_code "recommend json" 0 "$bin" recommend scenarios/seed-002/current.json --format json
python3 -c "
import json,sys; d=json.load(open('$tmp/out'))
r=[x for x in d['recommendations'] if x['patch'][0]['value']=='*/5 * * * *']
sys.exit(0 if d['before']['billable_per_month']==691200 and r and r[0]['billable_after']==138240 and d['best']['fits'] and d['best']['billable_after']<500000 else 1)"; check "recommend figures" $?
expect_code "recommend write-patched" 0 "$bin" recommend scenarios/seed-002/current.json --write-patched "$tmp/patched.json"
expect_code "patched scenario loads" 0 "$bin" project "$tmp/patched.json" --format json
python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if d['totals']['billable']==129600 else 1)"; check "patched scenario fits: 129,600" $?
expect_code "recommend max-staleness" 0 "$bin" recommend scenarios/seed-002/current.json --max-staleness 2m --format json
python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if all(x['staleness_s']<=120 for x in d['recommendations']) else 1)"; check "max-staleness drops slow crons" $?
expect_code "recommend bad staleness" 2 "$bin" recommend scenarios/seed-002/current.json --max-staleness soon
grep -q "max-staleness" "$tmp/err"; check "bad staleness message" $?
expect_code "recommend unknown plan" 2 "$bin" recommend scenarios/seed-002/current.json --plan gold --write-patched "$tmp/never.json"
[ ! -e "$tmp/never.json" ]; check "no patched file on bad input" $?
expect_code "recommend budget and plan" 2 "$bin" recommend scenarios/seed-002/current.json --plan upstash-free --budget 1

expect_code "--version" 0 "$bin" --version
grep -q '^redcast [0-9]' "$tmp/out"; check "version text" $?
for sub in project recommend schedule plans zones types calibrate; do expect_code "$sub --help" 0 "$bin" "$sub" --help; done

# calibrate: a recording in, a scenario out that the loader accepts and that projects the capture.
expect_code "calibrate json" 0 "$bin" calibrate tests/traces/rq-1.13-ttl60-idle-23min.monitor --format json --write "$tmp/cal.json" -o "$tmp/cal-report.json"
python3 -c "
import json,sys; d=json.load(open('$tmp/cal-report.json')); s=json.load(open('$tmp/cal.json'))
c=[x for x in d['components'] if x['type']=='rq_worker']
ok = len(c)==1 and c[0]['fitted']['worker_ttl']=='60s' and 0<c[0]['confidence']<=1 and c[0]['evidence'] \
  and s==d['scenario'] and all(k in d for k in ('components','unmatched','per_command','scenario')) \
  and all(set(('command','recorded_per_min','modelled_per_min','error_pct'))<=set(p) for p in d['per_command'])
sys.exit(0 if ok else 1)"; check "calibrate JSON contract, --write equals the scenario in it" $?
expect_code "calibrated scenario projects" 0 "$bin" project "$tmp/cal.json" --format json
python3 -c "
import json,sys
try: import jsonschema
except ImportError: sys.exit(0)
jsonschema.validate(json.load(open('$tmp/cal.json')), json.load(open('docs/scenario.schema.json')))"; check "calibrated scenario is valid against the JSON Schema" $?
expect_code "calibrate table from stdin" 0 sh -c "'$bin' calibrate - < tests/traces/bullmq-5.47.3-idle-12min.monitor"
grep -q 'bullmq-worker  bullmq_worker' "$tmp/out"; check "calibrate table names the component" $?
expect_code "calibrate markdown" 0 "$bin" calibrate tests/traces/sidekiq-6.4.1-idle-12min.monitor.gz --format markdown --scenario scenarios/queues/sidekiq-idle.json
grep -q '^| sidekiq | sidekiq |' "$tmp/out"; check "calibrate markdown row" $?
printf 'not a monitor line\n' > "$tmp/junk.monitor"
expect_code "calibrate bad capture exits 2" 2 "$bin" calibrate "$tmp/junk.monitor" --write "$tmp/cal-bad.json"
grep -q 'junk.monitor: line 1' "$tmp/err"; check "calibrate bad capture message is located" $?
[ ! -e "$tmp/cal-bad.json" ]; check "calibrate: no scenario written on bad input" $?
expect_code "calibrate bad scenario exits 2" 2 "$bin" calibrate tests/traces/rq-1.13-ttl60-idle-23min.monitor --scenario "$tmp/bad.json" --write "$tmp/cal-bad.json"
grep -q "bad.json: line 3, column 50" "$tmp/err"; check "calibrate bad scenario message" $?
[ ! -e "$tmp/cal-bad.json" ]; check "calibrate: no scenario written on a bad --scenario" $?
expect_code "calibrate missing capture exits 2" 2 "$bin" calibrate "$tmp/none.monitor"
expect_code "calibrate bad format exits 2" 2 "$bin" calibrate tests/traces/rq-1.13-ttl60-idle-23min.monitor --format csv

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
