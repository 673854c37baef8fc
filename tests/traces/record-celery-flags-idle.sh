#!/bin/bash
# Records an idle Celery 5.2.6 worker (Debian python3-celery) with --without-heartbeat
# --without-gossip --without-mingle, the way shared/traces/README.md describes. Output: run.monitor and
# run.commandstats in a temporary directory (printed at the end).
set -e
P=16391
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mktemp -d)
cp "$HERE/celery_tasks.py" "$DIR/tasks.py"
cd "$DIR"
redis-server --port $P --bind 127.0.0.1 --save '' --appendonly no --daemonize yes
sleep 1
redis-cli -p $P config resetstat
timeout 140 redis-cli -p $P monitor > run.monitor &
MON=$!
sleep 1
/usr/bin/python3 -m celery -A tasks worker --pool=solo -n flags1@%h --without-heartbeat --without-gossip --without-mingle > worker.log 2>&1 &
W=$!
sleep 125
kill -INT $W
wait $W || true
sleep 2
redis-cli -p $P info commandstats > run.commandstats
wait $MON || true
redis-cli -p $P shutdown nosave || true
echo "recorded in $DIR"
