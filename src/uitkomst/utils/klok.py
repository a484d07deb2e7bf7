"""The one clock: every "today" in services, selectors and views comes from here.

``vandaag()`` is the local date in ``TIME_ZONE`` (Europe/Amsterdam), so an action at 00:30 in
Zwolle counts for that day, not the previous one in UTC. Tests move the clock with time_machine
(``time_machine.travel(...)``), which this function follows; nothing needs monkeypatching.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def vandaag() -> dt.date:
    return timezone.localdate()


def nu() -> dt.datetime:
    return timezone.now()
