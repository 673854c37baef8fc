"""Sends N celery_app.add(i, i) tasks, one every INTERVAL seconds (results not fetched).
Usage: /usr/bin/python3 celery_producer.py N INTERVAL  (REDIS_PORT from the environment)"""
import sys
import time

from celery_app import add

n, interval = int(sys.argv[1]), float(sys.argv[2])
start = time.monotonic()
for i in range(n):
    time.sleep(max(0.0, start + i * interval - time.monotonic()))
    add.delay(i, i)
