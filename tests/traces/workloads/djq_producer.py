"""Queues N djq_tasks.double tasks with django_q.tasks.async_task, one every INTERVAL seconds.
Usage: DJANGO_SETTINGS_MODULE=djq_settings /usr/bin/python3 djq_producer.py N INTERVAL"""
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djq_settings")
import django  # noqa: E402

django.setup()
from django_q.tasks import async_task  # noqa: E402

n, interval = int(sys.argv[1]), float(sys.argv[2])
start = time.monotonic()
for i in range(n):
    time.sleep(max(0.0, start + i * interval - time.monotonic()))
    async_task("djq_tasks.double", i)
