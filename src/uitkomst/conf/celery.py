"""The Celery application of Uitkomst (the message queue, docs/berichten.md).

Broker: ``UITKOMST_BROKER_URL`` (Redis in production). Unset, tasks run in-process
(``CELERY_TASK_ALWAYS_EAGER``): the embedded installation needs no broker. Start a worker with

    DJANGO_SETTINGS_MODULE=uitkomst.conf.settings celery -A uitkomst.conf.celery worker -l info
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")

app = Celery("uitkomst")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["uitkomst.berichten", "uitkomst.contractvormen", "uitkomst.simulatie"])
app.conf.beat_schedule = {"berichtenmap": {"task": "berichten.postbus", "schedule": 60.0}}
