"""A long simulation as a task (Celery with ``UITKOMST_BROKER_URL``, otherwise in-process at once),
reporting its progress as task state ``PROGRESS`` with ``{"stap": n, "van": m}``."""

from __future__ import annotations

import json
from decimal import Decimal

from celery import shared_task

from uitkomst.accounts.models import Gebruiker
from uitkomst.organisaties.models import Gemeente, Regio

from . import services
from .models import Simulatierun


def _json(value):
    return str(value) if isinstance(value, Decimal) else value


@shared_task(name="simulatie.draaien", bind=True)
def draaien(self, *, gebruiker_id: int, regio: str, gemeente: str | None, jaar: int, runs: int = 1000,
            seed: int = 2018, parameters: dict | None = None) -> dict:  # fmt: skip
    user = Gebruiker.objects.select_related("rol").get(pk=gebruiker_id)

    def voortgang(stap: int, van: int) -> None:
        if not self.request.called_directly and self.request.id:
            self.update_state(state="PROGRESS", meta={"stap": stap, "van": van})

    result = services.simuleer(
        user=user,
        regio=Regio.objects.get(code=regio),
        gemeente=Gemeente.objects.get(cbs_code=gemeente) if gemeente else None,
        jaar=jaar,
        runs=runs,
        seed=seed,
        parameters=parameters or {},
        voortgang=voortgang,
    )
    return json.loads(json.dumps(result, default=_json))


@shared_task(name="simulatie.run", acks_late=True)
def simulatierun(run_id: int) -> None:
    """A recorded long run (``services.run_starten``): progress and result are written to the run itself,
    so the page shows them whether the task runs on a worker or in-process."""
    run = Simulatierun.objects.select_related("aangemaakt_door__rol").get(pk=run_id)
    services.run_uitvoeren(run)
