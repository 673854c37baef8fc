"""Celery app for the recordings, as tests/traces/celery_tasks.py but on the recorder's port: broker
db 0, result backend db 1. CELERY_BEAT_EVERY=SECONDS adds one beat entry running `add(1, 1)` every
SECONDS (for `celery -A celery_app beat`); without it beat's schedule is empty."""
import os

from celery import Celery

port = os.environ["REDIS_PORT"]
app = Celery("celery_app", broker=f"redis://127.0.0.1:{port}/0", backend=f"redis://127.0.0.1:{port}/1")
if os.environ.get("CELERY_BEAT_EVERY"):
    app.conf.beat_schedule = {
        "add-every": {"task": "celery_app.add", "schedule": float(os.environ["CELERY_BEAT_EVERY"]), "args": (1, 1)},
    }


@app.task
def add(x, y):
    return x + y
