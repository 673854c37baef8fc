#!/bin/bash
# Runs a django-q cluster for the recordings: creates the SQLite tables (no Redis traffic), then
# execs `qcluster` so the recorder's stop signal reaches the cluster's main process.
set -e
export DJANGO_SETTINGS_MODULE=djq_settings
/usr/bin/python3 -m django migrate -v 0
exec /usr/bin/python3 -m django qcluster
