"""Django settings for the django-q recordings. Q_CLUSTER's redis is REDIS_HOST/REDIS_PORT db 0;
more Q_CLUSTER settings (django-q's own names, e.g. {"workers": 4}) come as JSON in DJQ_OPTS.
The database is SQLite in the working directory (the recorder's temporary directory)."""
import json
import os

SECRET_KEY = "redcast-recordings"
USE_TZ = True
INSTALLED_APPS = ["django_q"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "djq.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
Q_CLUSTER = {
    "name": "redcast",
    "redis": {"host": os.environ.get("REDIS_HOST", "127.0.0.1"), "port": int(os.environ["REDIS_PORT"]), "db": 0},
    **json.loads(os.environ.get("DJQ_OPTS", "{}")),
}
