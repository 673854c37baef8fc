"""Enqueues N rq_tasks.double jobs on queue 'default', one every INTERVAL seconds.
Usage: /usr/bin/python3 rq_producer.py N INTERVAL  (REDIS_URL from the environment)"""
import os
import sys
import time

from redis import Redis
from rq import Queue

from rq_tasks import double

n, interval = int(sys.argv[1]), float(sys.argv[2])
q = Queue("default", connection=Redis.from_url(os.environ["REDIS_URL"]))
start = time.monotonic()
for i in range(n):
    time.sleep(max(0.0, start + i * interval - time.monotonic()))
    q.enqueue(double, i)
