import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
application = get_wsgi_application()

import uitkomst.conf.celery  # noqa: E402, F401 - the task queue's app (docs/berichten.md)
