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
for sub in project recommend schedule plans zones types; do expect_code "$sub --help" 0 "$bin" "$sub" --help; done

expect_code "plans json" 0 "$bin" plans --format json
python3 -c "
import json,sys
d=json.load(open('$tmp/out'))
p={x['id']:x for x in d['plans'] if x['valid_until'] is None}
ok=p['upstash-payg']['prices']['storage_usd_per_gb_month']==0.25 and p['upstash-fixed-250mb']['limits']['bandwidth_bytes_per_month']==50*2**30 \
  and p['elasticache-serverless-redis']['prices']['usd_per_million_ecpu']==0.0034 and p['upstash-free']['free_commands'][1]['from']=='2026-03-01'
sys.exit(0 if ok else 1)"
check "plans json: prices, limits, dated free commands" $?
expect_code "plans table" 0 "$bin" plans
grep -q 'from 2026-03-01: AUTH COMMAND CONFIG HELLO INFO PING QUIT RESET SELECT' "$tmp/out"; check "plans table: free commands by date" $?
expect_code "plans bad format" 2 "$bin" plans --format xml

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
