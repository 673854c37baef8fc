#!/usr/bin/env bash
# The CLI as a user runs it: outputs, exit codes (0 ok, 1 check failed, 2 bad input), error messages
# with file/line/field, no partial output files, stdin, NO_COLOR.
set -u
bin=$1
root=$2
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

expect_code "project hello json" 0 "$bin" project scenarios/hello.json --format json
python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if d['totals']['commands']==43200 and d['daily'][0]['commands']==1440 and d['quota']['exhausted_at'] is None else 1)"
check "hello totals 43,200" $?

expect_code "project from stdin" 0 sh -c "'$bin' project - --format csv < scenarios/hello.json"
head -2 "$tmp/out" | tail -1 | grep -q '^2026-01-01,1440,1440,1440,1440$'; check "csv first day" $?

expect_code "table output" 0 env NO_COLOR=1 "$bin" project scenarios/hello.json
grep -q '43,200' "$tmp/out"; check "table shows 43,200" $?
! grep -q $'\033' "$tmp/out"; check "NO_COLOR: no escape codes" $?
expect_code "table lists inert settings" 0 env NO_COLOR=1 "$bin" project scenarios/seed-001/celery-dev.json
grep -q '^  worker: broker_heartbeat, broker_heartbeat_checkrate, broker_pool_limit' "$tmp/out"; check "celery-dev: the worker's settings with no effect" $?

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
# Constraints (tests/models/recommend_pareto_test.cpp has the figures): seed 002 within 5 minutes.
expect_code "recommend constraint" 0 "$bin" recommend scenarios/seed-002/current.json --constraint "staleness<=5min" --format json
python3 -c "
import json,sys; d=json.load(open('$tmp/out'))
left={x['label']:x['reason'] for x in d['left_out']}
front=[(p['metric']['value'], p['billable_after']) for p in d['pareto']]
sys.exit(0 if left['cron every 10 min instead of every minute']=='constraint staleness<=5min' and front==[(None,86400),(300,17280)] and d['constraints'][0]['value']==300 else 1)"; check "constraint leaves */10 out; front 86,400 and 17,280" $?
expect_code "recommend unknown metric" 2 "$bin" recommend scenarios/seed-002/current.json --constraint "latency<=5min" --write "$tmp/never.json" -o "$tmp/never.txt"
grep -q -- "--constraint: unknown metric \"latency\".*staleness.*pickup_latency.*detection_latency.*shutdown_wait.*retention" "$tmp/err"; check "unknown metric: names the flag and lists the metrics" $?
[ ! -e "$tmp/never.json" ] && [ ! -e "$tmp/never.txt" ]; check "no output file on a bad constraint" $?
expect_code "recommend bad constraint value" 2 "$bin" recommend scenarios/seed-002/current.json --constraint "staleness<=soon"
grep -q -- "--constraint: bad value \"soon\"" "$tmp/err"; check "bad constraint value message" $?
expect_code "recommend top" 0 "$bin" recommend scenarios/seed-002/current.json --top 2 --format json
python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if len(d['recommendations'])==2 and d['recommendations_total']==6 else 1)"; check "--top 2 keeps two of six" $?
expect_code "recommend write and -o" 0 "$bin" recommend scenarios/seed-002/current.json --constraint "staleness<=5min" --write "$tmp/w.json" -o "$tmp/w.txt"
grep -q '\$/month after' "$tmp/w.txt" && grep -q 'saves \$/month' "$tmp/w.txt"; check "table labels both dollar columns" $?
grep -q '^  5 min  *17,280  *\$0\.03  *\$1\.35 yes' "$tmp/w.txt"; check "table: the front's 5 min point, 17,280" $?
grep -q '(constraint staleness<=5min)' "$tmp/w.txt"; check "table: left out by the constraint" $?
expect_code "written scenario loads" 0 "$bin" project "$tmp/w.json" --format json
python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if d['totals']['billable']==129600 else 1)"; check "--write: the best combination, 129,600" $?

# check: the CI budget gate. seed-002/current.json: 691,200 billable a month; cron-5min.json: 138,240.
expect_code "check fits" 0 "$bin" check scenarios/seed-002/cron-5min.json scenarios/hello.json --budget 500K
grep -q 'all 2 scenarios fit 500,000 billable commands a month' "$tmp/out"; check "check fits headline" $?
expect_code "check over" 1 "$bin" check scenarios/seed-002/cron-5min.json scenarios/seed-002/current.json --budget 500K --no-fix
grep -q '1 of 2 scenarios over 500,000 billable commands a month' "$tmp/err"; check "check over message" $?
head -4 "$tmp/out" | tail -1 | grep -q '^  OVER  merchant-hub-current  *691,200/month  500,000   138.2%    \$1.38  cron-poll (100.0%)'; check "check over row first" $?
expect_code "check over writes its report" 1 "$bin" check scenarios/seed-002/current.json --budget 500K --format json -o "$tmp/check.json"
python3 -c "
import json,sys; d=json.load(open('$tmp/check.json')); s=d['scenarios'][0]
sys.exit(0 if not d['fits'] and s['projected']==691200 and s['pct_of_limit']==138.24 and s['monthly_usd']==1.38 and s['fix']['fits'] and s['fix']['billable_after']<500000 else 1)"
check "check json figures and fix" $?
expect_code "check day budget" 1 "$bin" check scenarios/seed-002/current.json --budget 20000/day --no-fix --format json
python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if d['scenarios'][0]['projected']==23040 and d['scenarios'][0]['unit']=='day' else 1)"; check "check day: 23,040 on the busiest day" $?
expect_code "check usd budget fits" 0 "$bin" check scenarios/seed-002/current.json --budget-usd 1.40
expect_code "check usd budget over" 1 "$bin" check scenarios/seed-002/current.json --budget-usd 1.38 --no-fix
expect_code "check plan quota" 1 "$bin" check scenarios/seed-002/current.json --plan upstash-free --no-fix
expect_code "check compare" 0 "$bin" check --compare scenarios/seed-002/current.json scenarios/seed-002/cron-5min.json --budget 500K --format json
python3 -c "
import json,sys; b=json.load(open('$tmp/out'))['scenarios'][0]['baseline']
sys.exit(0 if b['billable_per_month_before']==691200 and b['billable_per_month_after']==138240 and b['delta']==-552960 and b['components'][0]['delta']==-552960 else 1)"
check "check compare: -552,960 from cron-poll" $?
expect_code "check compare then scenarios" 1 "$bin" check --compare scenarios/seed-002/cron-5min.json scenarios/seed-002/current.json scenarios/hello.json --budget 500K --no-fix --format json
python3 -c "
import json,sys; d=json.load(open('$tmp/out')); s={x['file']: x for x in d['scenarios']}
sys.exit(0 if len(s)==2 and s['scenarios/hello.json']['baseline'] is None and s['scenarios/seed-002/current.json']['baseline']['delta']==552960 else 1)"
check "check compare: +552,960, the other scenario without a baseline" $?
expect_code "check compare needs two files" 2 "$bin" check --compare scenarios/seed-002/cron-5min.json --budget 500K
mkdir -p "$tmp/base/scenarios/seed-002" && cp scenarios/seed-002/cron-5min.json "$tmp/base/scenarios/seed-002/current.json"
expect_code "check baseline" 1 "$bin" check scenarios/seed-002/current.json scenarios/hello.json --budget 500K --baseline "$tmp/base" --no-fix --format markdown
grep -q '^- +553.0K commands/month from cron-poll$' "$tmp/out"; check "check baseline: +553.0K from cron-poll" $?
grep -q '| fits | hello | 43,200/month | 500,000 | 8.6% | \$0.00 | minute-get (100.0%) | new scenario | — |' "$tmp/out"; check "check baseline: a new scenario" $?
expect_code "check markdown golden" 1 "$bin" check scenarios/seed-002/cron-5min.json scenarios/seed-002/current.json --budget 500K --format markdown
cmp -s "$tmp/out" tests/golden/check/seed-002.md; check "check markdown equals tests/golden/check/seed-002.md" $?
expect_code "check bad scenario" 2 "$bin" check scenarios/hello.json "$tmp/bad.json" "$tmp/trunc.json" --budget 500K -o "$tmp/check-bad.md"
grep -q "bad.json: line 3, column 50, /components/0/schedule/every: expected a duration" "$tmp/err" && grep -q "trunc.json: line 1, column" "$tmp/err"
check "check bad scenarios: every one located" $?
[ ! -e "$tmp/check-bad.md" ]; check "check bad scenario: no output file" $?
expect_code "check bad budget" 2 "$bin" check scenarios/hello.json --budget lots
grep -q -- '--budget: expected billable commands as a positive number' "$tmp/err"; check "check bad budget message" $?
expect_code "check budget per week" 2 "$bin" check scenarios/hello.json --budget 10K/week
expect_code "check bad usd" 2 "$bin" check scenarios/hello.json --budget-usd five
expect_code "check no budget" 2 "$bin" check scenarios/hello.json
grep -q 'give the budget' "$tmp/err"; check "check no budget message" $?
expect_code "check two budgets" 2 "$bin" check scenarios/hello.json --budget 1M --plan upstash-free
expect_code "check plan without quota" 2 "$bin" check scenarios/hello.json --plan upstash-payg
grep -q 'has no quota' "$tmp/err"; check "check plan without quota message" $?
expect_code "check unknown plan" 2 "$bin" check scenarios/hello.json --plan gold
expect_code "check bad format" 2 "$bin" check scenarios/hello.json --budget 1M --format yaml
expect_code "check missing baseline dir" 2 "$bin" check scenarios/hello.json --budget 1M --baseline "$tmp/nowhere"
expect_code "check no scenario" 2 "$bin" check --budget 1M

# -o naming a device or a pipe writes into it; a temporary renamed over it would replace the pipe
# itself (as root, over /dev/null: the device gone).
rm -f "$tmp/pipe" && mkfifo "$tmp/pipe"
(cat "$tmp/pipe" > "$tmp/from-pipe" &)
expect_code "output to a FIFO" 0 "$bin" project scenarios/hello.json --format json -o "$tmp/pipe"
sleep 0.2
[ -p "$tmp/pipe" ]; check "the FIFO is still a FIFO" $?
grep -q '"commands": 43200' "$tmp/from-pipe"; check "the FIFO's reader got the projection" $?
[ ! -e "$tmp/pipe.tmp-redcast" ]; check "no temporary beside the FIFO" $?

expect_code "--version" 0 "$bin" --version
grep -q '^redcast [0-9]' "$tmp/out"; check "version text" $?
for sub in project recommend check schedule plans zones types calibrate; do expect_code "$sub --help" 0 "$bin" "$sub" --help; done

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
