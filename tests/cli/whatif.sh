#!/usr/bin/env bash
# What-ifs and charts from the CLI: --set on pointers, names and bad paths; --sweep rows against
# separate projections; --chart SVGs that parse as XML with the quota line and the exhaustion
# instant where the projection puts it; no partial output on bad input.
set -u
bin=$1
root=$2
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
same_json() {  # name, file a, file b: equal apart from the scenario's name
  python3 - "$2" "$3" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for d in (a, b): d.pop("scenario", None)
sys.exit(0 if a == b else 1)
PY
  check "$1" $?
}
seed=scenarios/seed-002/current.json

# --set by dotted name equals the shipped edited copy (cron every 5 minutes: 138,240 billable).
expect_code "set by name" 0 "$bin" project $seed --set 'components.cron-poll.schedule.cron=*/5 * * * *' --format json
cp "$tmp/out" "$tmp/set-name.json"
expect_code "edited copy" 0 "$bin" project scenarios/seed-002/cron-5min.json --format json
cp "$tmp/out" "$tmp/edited.json"
same_json "--set by name = the edited file" "$tmp/set-name.json" "$tmp/edited.json"
python3 -c "import json,sys; d=json.load(open('$tmp/set-name.json')); sys.exit(0 if d['totals']['billable']==138240 and d['quota']['exhausted_at'] is None else 1)"
check "--set result: 138,240 billable, fits" $?
# The same by JSON pointer, with the value quoted as JSON.
expect_code "set by pointer" 0 "$bin" project $seed --set '/components/0/schedule/cron="*/5 * * * *"' --format json
same_json "--set by pointer = the edited file" "$tmp/out" "$tmp/edited.json"
# --set before the positional argument does not swallow it.
expect_code "set before scenario" 0 "$bin" project --set /period/days=1 $seed --format json
python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if d['totals']['billable']==23040 else 1)"; check "one day: 23,040" $?
# recommend takes --set too: at */5 the seed already fits, so its 'before' is 138,240.
expect_code "recommend --set" 0 "$bin" recommend $seed --set 'components.cron-poll.schedule.cron=*/5 * * * *' --format json
python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if d['before']['billable_per_month']==138240 else 1)"; check "recommend sees the --set" $?

# Bad paths and values: exit 2, the argument named, no output file.
expect_code "no such component" 2 "$bin" project $seed --set components.cron.schedule.cron=x -o "$tmp/never.json"
grep -qF 'current.json: --set components.cron.schedule.cron=x: no element named "cron" in /components; expected one of: cron-poll' "$tmp/err"; check "no such component message" $?
[ ! -e "$tmp/never.json" ]; check "no output on a bad --set" $?
expect_code "index out of range" 2 "$bin" project $seed --set /components/3/enabled=false
grep -qF -- '--set /components/3/enabled=false: index 3 is out of range: /components has 1 element' "$tmp/err"; check "out of range message" $?
expect_code "through a string" 2 "$bin" project $seed --set name.x=1
grep -qF -- '--set name.x=1: cannot go through /name: it is a string' "$tmp/err"; check "through a string message" $?
expect_code "bad value" 2 "$bin" project $seed --set 'components.cron-poll.schedule.cron=61 * * * *'
grep -qF -- '--set components.cron-poll.schedule.cron=61 * * * *: /components/0/schedule/cron:' "$tmp/err"; check "bad value names the --set" $?
expect_code "no equals" 2 "$bin" project $seed --set components.cron-poll
grep -qF -- '--set components.cron-poll: expected PATH=VALUE' "$tmp/err"; check "no equals message" $?

# --sweep: each row equals its own projection.
expect_code "sweep json" 0 "$bin" project $seed --sweep 'components.cron-poll.schedule.cron="* * * * *","*/5 * * * *","0,30 * * * *"' --format json
cp "$tmp/out" "$tmp/sweep.json"
i=0
for cron in '* * * * *' '*/5 * * * *' '0,30 * * * *'; do
  "$bin" project $seed --set "/components/0/schedule/cron=$cron" --format json > "$tmp/one.json"
  python3 - "$tmp/sweep.json" "$tmp/one.json" "$i" "$cron" <<'PY'
import json, sys
s, p, i = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
r = s["rows"][i]
ok = (r["value"] == sys.argv[4] and r["commands"] == p["totals"]["commands"] and r["billable"] == p["totals"]["billable"]
      and r["payg_usd"] == p["cost"]["payg_usd"] and r["used_pct"] == p["quota"]["used_pct"]
      and r["exhausted_at"] == p["quota"]["exhausted_at"])
sys.exit(0 if ok else 1)
PY
  check "sweep row $i = its own projection" $?
  i=$((i + 1))
done
# By hand: 16 billable commands a poll; 43,200, 8,640 and 1,440 polls in 30 days.
python3 -c "
import json,sys; d=json.load(open('$tmp/sweep.json'))
sys.exit(0 if [r['billable'] for r in d['rows']]==[691200,138240,23040] and d['sweep']['pointer']=='/components/0/schedule/cron' else 1)"
check "sweep billable 691,200 / 138,240 / 23,040" $?
# "What if we ran 1, 2, 4, 8 workers": each RQ worker adds its own loop (the same count each), so the
# rows grow by exactly the same step per worker, and each row is the projection with that --set.
expect_code "sweep workers" 0 "$bin" project scenarios/queues/rq-idle.json --sweep components.worker.workers=1,2,4,8 --format json
cp "$tmp/out" "$tmp/workers.json"
"$bin" project scenarios/queues/rq-idle.json --set components.worker.workers=4 --format json > "$tmp/w4.json"
python3 - "$tmp/workers.json" "$tmp/w4.json" <<'PY'
import json, sys
rows, w4 = json.load(open(sys.argv[1]))["rows"], json.load(open(sys.argv[2]))
c = {r["value"]: r["commands"] for r in rows}
step = c[2] - c[1]
ok = list(c) == [1, 2, 4, 8] and step > 0 and c[4] - c[2] == 2 * step and c[8] - c[4] == 4 * step
ok &= c[4] == w4["totals"]["commands"]
sys.exit(0 if ok else 1)
PY
check "sweep workers 1,2,4,8: one step per worker, row 4 = --set 4" $?
expect_code "sweep csv" 0 "$bin" project $seed --sweep '/period/days=1,2' --format csv
[ "$(sed -n 2p "$tmp/out" | cut -d, -f1-3)" = "1,23040,23040" ]; check "sweep csv first row" $?
expect_code "sweep table" 0 "$bin" project $seed --sweep '/period/days=1,2' 
grep -q '46,080' "$tmp/out"; check "sweep table: two days 46,080" $?
expect_code "sweep markdown" 0 "$bin" project $seed --sweep '/period/days=1,2' --format markdown
grep -qF '| `2` | 46,080 | 46,080 |' "$tmp/out"; check "sweep markdown row" $?
expect_code "sweep bad value" 2 "$bin" project $seed --sweep '/period/days=1,0'
grep -qF -- '--sweep /period/days=0: /period/days:' "$tmp/err"; check "sweep bad value message" $?
expect_code "sweep unclosed quote" 2 "$bin" project $seed --sweep '/name="a,b'
expect_code "sweep with chart refused" 2 "$bin" project $seed --sweep '/period/days=1,2' --chart "$tmp/c.svg"

# --chart: well-formed SVG, quota line, exhaustion line at the projection's instant.
expect_code "project chart" 0 "$bin" project $seed --format json -o "$tmp/p.json" --chart "$tmp/p.svg"
python3 - "$tmp/p.svg" "$tmp/p.json" <<'PY'
import json, sys, datetime, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
p = json.load(open(sys.argv[2]))
ok = root.find("s:title", ns).text.startswith("merchant-hub-current")
ok &= root.find(".//*[@id='quota-line']", ns) is not None
frame = root.find(".//*[@id='plot-line']", ns)
ex = root.find(".//*[@id='exhaustion']", ns)
t = lambda s: datetime.datetime.fromisoformat(s)
frac = (t(p["quota"]["exhausted_at"]) - t(p["period"]["start"])) / (t(p["period"]["end"]) - t(p["period"]["start"]))
want = float(frame.get("x")) + float(frame.get("width")) * frac
# Seed 002: the free 500K runs out 500,000 / 691,200 of the way through the 30 days.
ok &= abs(frac - 500000 / 691200) < 1e-4
ok &= abs(float(ex.get("x1")) - want) < 0.05 and ex.get("class") == "exhaustion"
ok &= len(root.findall(".//s:rect[@class='bar']", ns)) == 30
sys.exit(0 if ok else 1)
PY
check "chart: XML, quota line, exhaustion at the projection's x" $?
# A daily quota (the 2024 free plan: 10K/day): a rising quota line, the daily limit over the bars,
# and the first day's 10,000th command: 625 polls of 16 after 00:00 UTC (02:00 CEST), at 12:24 CEST.
expect_code "daily-quota chart" 0 "$bin" project $seed --start 2024-06-01 --days 7 --format json -o "$tmp/d.json" --chart "$tmp/d.svg"
python3 - "$tmp/d.svg" "$tmp/d.json" <<'PY'
import json, sys, datetime, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
p = json.load(open(sys.argv[2]))
ok = p["quota"]["exhausted_at"] == "2024-06-01T12:24:00+02:00"
ok &= len(root.findall(".//*[@class='quota-line']", ns)) == 2
pts = [tuple(map(float, xy.split(","))) for xy in root.find(".//*[@id='quota-line']", ns).get("points").split()]
ok &= pts[0][1] > pts[1][1]  # rising: y decreases upwards
frame = root.find(".//*[@id='plot-line']", ns)
t = lambda s: datetime.datetime.fromisoformat(s)
frac = (t(p["quota"]["exhausted_at"]) - t(p["period"]["start"])) / (t(p["period"]["end"]) - t(p["period"]["start"]))
ok &= abs(float(root.find(".//*[@id='exhaustion']", ns).get("x1")) - (float(frame.get("x")) + float(frame.get("width")) * frac)) < 0.05
ok &= len(root.findall(".//s:rect[@class='bar']", ns)) == 7
sys.exit(0 if ok else 1)
PY
check "daily-quota chart" $?
expect_code "chart on bad input" 2 "$bin" project $seed --set /period/days=0 --chart "$tmp/bad.svg" -o "$tmp/bad.json"
[ ! -e "$tmp/bad.svg" ] && [ ! -e "$tmp/bad.json" ]; check "no chart on bad input" $?
expect_code "chart into an unwritable place" 2 "$bin" project $seed --chart "$tmp/no/such/dir/c.svg" -o "$tmp/half.json"
[ ! -e "$tmp/half.json" ]; check "all outputs or none" $?

capture=tests/traces/bullmq-5.47.3-idle-12min.monitor
expect_code "replay chart" 0 "$bin" replay $capture --plan upstash-free --format json -o "$tmp/r.json" --chart "$tmp/r.svg"
python3 - "$tmp/r.svg" "$tmp/r.json" <<'PY'
import json, sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
r = json.load(open(sys.argv[2]))
ok = root.find("s:title", ns) is not None and root.find(".//*[@id='quota-line']", ns) is not None
ok &= len(root.findall(".//s:rect[@class='bar']", ns)) > 0
ex = root.find(".//*[@id='exhaustion']", ns)
day = r["projection"].get("quota_exhausted_day")
if day is not None:
    frame = root.find(".//*[@id='plot-line']", ns)
    want = float(frame.get("x")) + float(frame.get("width")) * day / float(frame.get("data-x-max"))
    ok &= ex is not None and abs(float(ex.get("x1")) - want) < 0.05
else:
    ok &= ex is None
sys.exit(0 if ok else 1)
PY
check "replay chart: XML, quota line, exhaustion day" $?

# check and calibrate take --set too; check writes one chart per scenario.
# seed-002's cron-poll every 5 minutes is cron-5min.json: 138,240 billable, which fits 500K.
expect_code "check with --set fits" 0 "$bin" check $seed --budget 500K --set 'components.cron-poll.schedule.cron=*/5 * * * *' --format json -o "$tmp/ck.json" --no-fix
python3 -c "import json,sys; d=json.load(open('$tmp/ck.json')); sys.exit(0 if round(d['scenarios'][0]['billable_per_month'])==138240 else 1)"
check "check --set: 138,240 billable a month" $?
expect_code "check without it is over" 1 "$bin" check $seed --budget 500K --no-fix -o "$tmp/ck2.txt"
expect_code "check --set bad path" 2 "$bin" check $seed --budget 500K --set components.nope.schedule.cron=x -o "$tmp/ck3.txt"
[ ! -e "$tmp/ck3.txt" ]; check "check --set bad path: no report" $?
expect_code "check charts" 1 "$bin" check $seed scenarios/seed-002/cron-5min.json --budget 500K --no-fix --chart "$tmp/ck.svg" -o "$tmp/ck4.txt"
python3 - "$tmp" <<'PY'
import sys, xml.etree.ElementTree as ET
t = sys.argv[1]
ns = "{http://www.w3.org/2000/svg}"
over, fits = (ET.parse(f"{t}/ck-{i}.svg").getroot() for i in (1, 2))  # over-budget first
def has_id(root, ident): return any(e.get("id") == ident for e in root.iter())
sys.exit(0 if has_id(over, "exhaustion") and not has_id(fits, "exhaustion") else 1)
PY
check "check charts: one per scenario, the over-budget one with its exhaustion line" $?
expect_code "calibrate --set without --scenario" 2 "$bin" calibrate tests/traces/rq-1.13-ttl60-idle-23min.monitor --set /name=x
expect_code "calibrate --set on --scenario" 0 "$bin" calibrate tests/traces/sidekiq-6.4.1-idle-12min.monitor.gz --scenario scenarios/queues/sidekiq-idle.json --set components.sidekiq.concurrency=5 --format json -o "$tmp/cal.json"
# 5 fetch threads, each a BRPOP per 2.021 s: 5 x 60 / 2.021 = 148.4 a minute beside the 10 recorded.
python3 -c "import json,sys; d=json.load(open('$tmp/cal.json')); b=[p for p in d['per_command'] if p['command']=='BRPOP'][0]; sys.exit(0 if abs(b['scenario_per_min']-148.44)<0.5 and b['recorded_per_min']>290 else 1)"
check "calibrate --set: the user's scenario at 5 threads, 148.4 BRPOP a minute" $?

echo "whatif: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
