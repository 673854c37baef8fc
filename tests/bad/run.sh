#!/usr/bin/env bash
# The bad-input suite (issue 13): hostile files and flags. Every case asserts the exact message on
# stderr, exit code 2, and that the run created no output file and left an existing one intact.
# Big and odd inputs (a 200 MB line, JSON nested 100,000 deep, 10,000 components, FIFOs) are made
# here, in the build tree, at test time. Usage: run.sh REDCAST SOURCE_DIR WORK_DIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work"
T=$work  # shown as TMP in the expected messages
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect NAME MESSAGE -- COMMAND...: exit 2, stderr exactly "MESSAGE" (TMP = the work dir), no
# new.out created, kept.out unchanged, no temporary left behind.
expect() {
  local name=$1 want=$2
  shift 3
  rm -f new.out
  printf 'kept\n' > kept.out
  "$@" > stdout.txt 2> stderr.txt
  local code=$?
  local got
  got=$(sed "s|$T|TMP|g" stderr.txt)
  [ "$code" -eq 2 ] && ok || bad "$name: exit $code, want 2"
  [ "$got" == "$want" ] && ok || bad "$name: message
   got: $got
  want: $want"
  [ ! -e new.out ] && ok || bad "$name: created new.out"
  [ "$(cat kept.out)" == "kept" ] && ok || bad "$name: changed kept.out"
  [ -z "$(ls -A | grep -F .tmp-redcast)" ] && ok || bad "$name: left a temporary file"
}

scenario() {  # FILE COMPONENTS-JSON [EXTRA-TOP-LEVEL-JSON]: a scenario around the given components
  printf '{"name": "t", %s"components": [%s]}\n' "${3:-}" "$2" > "$1"
}
periodic='{"name": "a", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1}}'
capture_line='1700000000.000001 [0 127.0.0.1:50412] "GET" "k"'
MON='expected redis-cli MONITOR output, lines like 1700000000.000001 [0 127.0.0.1:50412] "GET" "key"'

# --- Captures: empty, binary, truncated, garbage, a 200 MB line, no client field -----------------
: > empty.monitor
expect "empty capture" "redcast: empty.monitor: the capture is empty; $MON" -- "$bin" replay empty.monitor -o new.out
expect "empty capture (audit)" "redcast: empty.monitor: the capture is empty; $MON" -- "$bin" audit empty.monitor -o kept.out
printf 'OK\n\n\n' > header.monitor
expect "header only" "redcast: header.monitor: no command lines; $MON" -- "$bin" replay header.monitor -o new.out
python3 -c "import sys; sys.stdout.buffer.write(bytes(b for b in range(256) if b not in b'0123456789\n') * 40)" > binary.monitor
expect "binary capture" "redcast: binary.monitor: line 1: nothing parsed: all 1 non-blank lines are malformed (expected a timestamp (seconds.microseconds) at the start of the line); $MON" -- "$bin" replay binary.monitor -o kept.out
printf 'this is not\na capture\nat all\n' > garbage.monitor
expect "garbage capture" "redcast: garbage.monitor: line 1: nothing parsed: all 3 non-blank lines are malformed (expected a timestamp (seconds.microseconds) at the start of the line); $MON" -- "$bin" replay garbage.monitor -o new.out
expect "garbage capture (audit)" "redcast: garbage.monitor: line 1: nothing parsed: all 3 non-blank lines are malformed (expected a timestamp (seconds.microseconds) at the start of the line); $MON" -- "$bin" audit garbage.monitor -o new.out
expect "garbage capture (calibrate)" "redcast: garbage.monitor: line 1: nothing parsed: all 3 non-blank lines are malformed (expected a timestamp (seconds.microseconds) at the start of the line); $MON" -- "$bin" calibrate garbage.monitor --write new.out -o kept.out
expect "empty capture (calibrate)" "redcast: empty.monitor: the capture is empty; $MON" -- "$bin" calibrate empty.monitor --write kept.out -o new.out
for i in $(seq 1 2000); do echo "$capture_line"; done | gzip -c > full.monitor.gz
head -c 300 full.monitor.gz > truncated.monitor.gz
expect "truncated gzip capture" "redcast: truncated.monitor.gz: the gzip data ends early (truncated file?)" -- "$bin" replay truncated.monitor.gz -o kept.out
expect "truncated gzip capture (calibrate)" "redcast: truncated.monitor.gz: the gzip data ends early (truncated file?)" -- "$bin" calibrate truncated.monitor.gz --write new.out
head -c 200000000 /dev/zero | tr '\0' 'x' > line200mb.monitor
expect "a 200 MB garbage line" "redcast: line200mb.monitor: line 1: nothing parsed: all 1 non-blank lines are malformed (expected a timestamp (seconds.microseconds) at the start of the line); $MON" -- "$bin" replay line200mb.monitor -o new.out
# A 200 MB argument in a valid line is analysed by its prefix, in bounded memory.
{ printf '%s\n1700000000.000002 [0 127.0.0.1:50412] "SET" "k" "' "$capture_line"; head -c 200000000 /dev/zero | tr '\0' 'v'; printf '"\n'; } > arg200mb.monitor
/usr/bin/time -f '%M' -o rss.txt "$bin" replay arg200mb.monitor --format json -o arg200mb.json 2> /dev/null
rss_kb=$(tail -1 rss.txt)
rss_bar_kb=${REDCAST_RSS_BAR_KB:-102400}
[ -s arg200mb.json ] && [ "$rss_kb" -lt "$rss_bar_kb" ] && ok || bad "a 200 MB argument: exit/output or peak RSS ${rss_kb} kB over ${rss_bar_kb} kB"
python3 -c "import json,sys; d=json.load(open('arg200mb.json')); sys.exit(0 if d['parsed'] == 2 and d['truncated'] == 1 else 1)" 2>/dev/null && ok || bad "a 200 MB argument: parsed 2 lines, one truncated"
printf '0 ""\n1 "GET" "k"\n' > noclient.monitor
"$bin" replay noclient.monitor > /dev/null 2>&1 && ok || bad "a line with no client field (0 \"\") must replay"
"$bin" audit noclient.monitor > /dev/null 2>&1 && ok || bad "a line with no client field (0 \"\") must audit"
rm -f line200mb.monitor arg200mb.monitor

# --- Scenarios: empty, binary, truncated, deep, huge numbers, unknown types and fields --------------
: > empty.json
expect "empty scenario" "redcast: empty.json: line 1, column 1: invalid JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal" -- "$bin" project empty.json -o new.out
printf '\x00\x01\x02\xff' > binary.json
expect "binary scenario" "redcast: binary.json: line 1, column 1: invalid JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal" -- "$bin" project binary.json -o kept.out
printf '{"name": "t", "components": [{"name": "a", "type": "peri' > truncated.json
expect "truncated scenario" "redcast: truncated.json: line 1, column 57: invalid JSON: syntax error while parsing value - invalid string: missing closing quote; last read: '\"peri'" -- "$bin" project truncated.json -o new.out
python3 -c "print('{\"name\": ' + '[' * 100000 + ']' * 100000 + '}')" > deep.json
expect "JSON nested 100,000 deep" "redcast: deep.json: line 1, column 137: JSON nested more than 128 levels deep; expected a scenario (fewer than ten levels)" -- "$bin" project deep.json -o new.out
expect "JSON nested 100,000 deep (recommend)" "redcast: deep.json: line 1, column 137: JSON nested more than 128 levels deep; expected a scenario (fewer than ten levels)" -- "$bin" recommend deep.json -o kept.out
scenario huge.json "$periodic" '"seed": 1e400, '
expect "1e400" "redcast: huge.json: line 1, column 23: the number 1e400 is out of range; expected a number between -1.8e308 and 1.8e308" -- "$bin" project huge.json -o new.out
scenario huge2.json "$periodic" '"seed": 9E1000, '
expect "9E1000" "redcast: huge2.json: line 1, column 23: the number 9E1000 is out of range; expected a number between -1.8e308 and 1.8e308" -- "$bin" project huge2.json -o new.out
scenario n1.json "$periodic" '"seed": 1e308, '
expect "seed 1e308" "redcast: n1.json: line 1, column 15, /seed: expected an integer from 0 to 9007199254740992, got 1e+308" -- "$bin" project n1.json -o new.out
scenario n2.json "$periodic" '"replications": -1, '
expect "replications -1" "redcast: n2.json: line 1, column 15, /replications: expected an integer from 1 to 10000, got -1" -- "$bin" project n2.json -o new.out
scenario n3.json "$periodic" '"period": {"days": 18446744073709551616}, '
expect "days 2^64" "redcast: n3.json: line 1, column 26, /period/days: expected an integer from 1 to 366, got 1.8446744073709552e+19" -- "$bin" project n3.json -o kept.out
scenario n4.json '{"name": "a", "type": "periodic", "schedule": {"every": -1}, "commands": {"GET": 1}}'
expect "every -1" "redcast: n4.json: line 1, column 77, /components/0/schedule/every: expected a duration like \"500ms\", \"6s\", \"5m\", \"1h30m\", \"7d\" or a number of seconds, got -1" -- "$bin" project n4.json -o new.out
scenario n5.json '{"name": "a", "type": "periodic", "schedule": {"every": "1m"}, "commands": {"GET": 1e308}}'
expect "count 1e308" "redcast: n5.json: line 1, column 106, /components/0/commands/GET: expected a count from 0 to 1e+09, got 1e+308" -- "$bin" project n5.json -o new.out
scenario n6.json '{"name": "a", "type": "periodic", "schedule": {"every": "106751992d"}, "commands": {"GET": 1}}'
expect "every past 2^63 us" "redcast: n6.json: line 1, column 77, /components/0/schedule/every: expected a duration like \"500ms\", \"6s\", \"5m\", \"1h30m\", \"7d\" or a number of seconds, got \"106751992d\"" -- "$bin" project n6.json -o new.out
scenario type.json '{"name": "a", "type": "teleporter"}'
expect "unknown type" "redcast: type.json: line 1, column 44, /components/0/type: unknown component type \"teleporter\"; expected one of: $("$bin" project type.json 2>&1 | sed 's/.*expected one of: //')" -- "$bin" project type.json -o new.out
scenario field.json "$periodic" '"colour": "red", '
expect "unknown field" "redcast: field.json: line 1, column 15, /colour: unknown field \"colour\"; expected one of: billing, components, data, description, name, period, plan, replications, seed" -- "$bin" project field.json -o new.out
scenario size.json "$periodic" '"data": {"storage": "3 gigs"}, '
expect "bad data size" "redcast: size.json: line 1, column 24, /data/storage: expected a size like \"300MB\", \"60GB\" or a number of bytes (units B, KB, MB, GB, TB), got \"3 gigs\"" -- "$bin" project size.json -o new.out

# --- Files that are not files: a directory, a FIFO ---------------------------------------------
mkdir -p adir
expect "directory as scenario" "redcast: adir: is a directory; expected a scenario (JSON)" -- "$bin" project adir -o new.out
expect "directory as capture" "redcast: adir: is a directory; expected a redis-cli MONITOR capture file" -- "$bin" replay adir -o new.out
expect "directory as stats" "redcast: adir: is a directory; expected the output of \`redis-cli INFO commandstats\`" -- "$bin" commandstats adir --elapsed 1h -o new.out
rm -f fifo && mkfifo fifo
timeout 20 sh -c "printf 'not json' > fifo" &
expect "FIFO scenario with garbage" "redcast: fifo: line 1, column 2: invalid JSON: syntax error while parsing value - invalid literal; last read: 'no'" -- "$bin" project fifo -o new.out
timeout 20 sh -c "printf 'junk\\n' > fifo" &
expect "FIFO capture with garbage" "redcast: fifo: line 1: nothing parsed: all 1 non-blank lines are malformed (expected a timestamp (seconds.microseconds) at the start of the line); $MON" -- "$bin" replay fifo -o new.out

# --- Outputs: unwritable, the input itself, a failed -o with --write-patched --------------------
cp "$root/scenarios/hello.json" hello.json
expect "unwritable -o" "redcast: no-such-dir/out.json: cannot write the output file" -- "$bin" project hello.json -o no-such-dir/out.json
expect "-o is the input" "redcast: hello.json: is the input file hello.json; refusing to overwrite it (choose another -o)" -- "$bin" project hello.json -o hello.json
cmp -s hello.json "$root/scenarios/hello.json" && ok || bad "-o is the input: the input changed"
printf '%s\n' "$capture_line" > one.monitor
expect "-o is the capture" "redcast: one.monitor: is the input file one.monitor; refusing to overwrite it (choose another -o)" -- "$bin" replay one.monitor -o one.monitor
expect "--write-patched with a failed -o" "redcast: no-such-dir/r.txt: cannot write the output file" -- "$bin" recommend hello.json --write-patched new.out -o no-such-dir/r.txt

# --- Size: 10,000 components; a 366-day period on a 1-second schedule --------------------------
python3 -c "
import json
c=[{'name': 'c%d' % i, 'type': 'periodic', 'schedule': {'every': '1h'}, 'commands': {'GET': 1}} for i in range(10000)]
print(json.dumps({'name': 'many', 'components': c}))" > many.json
expect "10,000 components" "redcast: many.json: the projection needs about 933 MiB of 15-minute bins (10000 components x 2880 bins x 34 bytes), over the limit of 512 MiB; shorten the period or use fewer components" -- "$bin" project many.json -o new.out
scenario year.json '{"name": "a", "type": "periodic", "schedule": {"every": "1s"}, "commands": {"GET": 1}}' '"period": {"days": 366}, '
/usr/bin/time -f '%e %M' -o year.txt "$bin" project year.json --format json -o year.out 2> /dev/null
read -r secs kb < <(tail -1 year.txt)
python3 -c "import json,sys; sys.exit(0 if json.load(open('year.out'))['totals']['commands'] == 366*86400 else 1)" && ok || bad "366 days at 1 s: 31,622,400 commands"
python3 -c "import sys; sys.exit(0 if float('$secs') < 120 and int('$kb') < 1048576 else 1)" && ok || bad "366 days at 1 s: ${secs} s, ${kb} kB (bounds: 120 s, 1 GB)"
scenario micro.json '{"name": "a", "type": "periodic", "schedule": {"every": "1us"}, "commands": {"GET": 1}}'
expect "a 1-microsecond schedule" "redcast: micro.json: /components/0/schedule/every: a tick every 1us over the period makes 2.59e+12 ticks (2.59e+12 in all so far), over the limit of 1e+08 ticks per projection; use a longer interval or a shorter period" -- "$bin" project micro.json -o new.out
scenario rnd.json '{"name": "a", "type": "periodic", "schedule": {"every": "1ms"}, "commands": {"GET": {"min": 1, "max": 2}}}'
expect "a 1-millisecond schedule with random counts (was 16 GB, then bad_alloc)" "redcast: rnd.json: /components/0/schedule/every: a tick every 1ms over the period makes 2.59e+09 ticks (2.59e+09 in all so far), over the limit of 1e+08 ticks per projection; use a longer interval or a shorter period" -- "$bin" project rnd.json -o kept.out

# --- Flags out of range ------------------------------------------------------------------------
expect "--days 0" "--days: Value 0 not in range 1 to 366
Run with --help for more information." -- "$bin" project hello.json --days 0 -o new.out
expect "--elapsed -1" "redcast: --elapsed: expected a positive duration like 90s, 10m, 1h30m or a number of seconds, got \"-1\"" -- "$bin" commandstats "$root/tests/traces/celery-5.2.6-solo-flags-idle-125s.commandstats" --elapsed -1 -o new.out
expect "commandstats calls=2^64" "redcast: big.stats: line 1: calls is not a count from 0 to 18446744073709551615: '18446744073709551616'; expected cmdstat_<name>:calls=<n>,usec=<n>,usec_per_call=<x>[,rejected_calls=<n>,failed_calls=<n>]" -- sh -c "printf 'cmdstat_get:calls=18446744073709551616,usec=1,usec_per_call=0.00\n' > big.stats && '$bin' commandstats big.stats --elapsed 1h -o new.out"
expect "schedule that never fires" "redcast: --cron: \"0 0 30 2 *\" never fires after 2026-01-01" -- "$bin" schedule --cron "0 0 30 2 *" --from 2026-01-01
expect "--count 0" "$("$bin" schedule --cron '* * * * *' --from 2026-01-01 --count 0 2>&1)" -- "$bin" schedule --cron '* * * * *' --from 2026-01-01 --count 0
expect "--rows 0" "$("$bin" replay one.monitor --rows 0 2>&1)" -- "$bin" replay one.monitor --rows 0 -o new.out
expect "--regions 65" "$("$bin" replay one.monitor --regions 65 2>&1)" -- "$bin" replay one.monitor --regions 65 -o new.out
# The fraction digits of a duration: 0.3 d, however written, is 25,920 s.
printf 'cmdstat_get:calls=25920,usec=1,usec_per_call=0.00\n' > day.stats
"$bin" commandstats day.stats --elapsed 0.300000000000d --format json > day.json 2>/dev/null
python3 -c "import json,sys; d=json.load(open('day.json')); sys.exit(0 if abs(d['elapsed_s'] - 25920) < 1e-6 else 1)" && ok || bad "--elapsed 0.300000000000d is 25,920 s"

echo "bad-input suite: $pass passed, $fail failed" >&2
[ "$fail" -eq 0 ]
