#!/bin/bash
# Records an idle Celery 5.2.6 worker with --without-heartbeat --without-gossip --without-mingle.
set -e
P=16391
cd /tmp/rec
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
echo recorded
