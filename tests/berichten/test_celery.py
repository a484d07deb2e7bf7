"""A real Celery worker against the machine's Redis (127.0.0.1:6379): a message posted as a task is
read, judged and answered on the worker, end to end. Started and stopped by the test; skipped with a
visible reason only when Redis is unreachable outside CI (under ``CI=true`` it fails instead)."""

import base64
import os
import time

import pytest
from celery import current_app

from tests.declaraties import helpers as h
from uitkomst.berichten import services, voorbeeld
from uitkomst.berichten.models import Bericht, Richting, Status
from uitkomst.trajecten.models import Traject

REDIS = "redis://127.0.0.1:6379/15"


def _redis_bereikbaar() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return None


def _backend_vergeten(app) -> None:
    """Celery caches the result backend (``_backend_cache``, or per thread in ``_local.backend``) and
    the broker connection and producer pools on first use, so a test that ran a task earlier in this
    process leaves them pointing at the old configuration. After the configuration changes they must be
    built again from the new ``broker_url`` and ``result_backend`` (what ``_after_fork`` does)."""
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app._pool = None
    if "amqp" in app.__dict__:
        app.__dict__["amqp"]._producer_pool = None


@pytest.fixture
def worker(settings):
    fout = _redis_bereikbaar()
    if fout:
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Redis op 127.0.0.1:6379 is niet bereikbaar ({fout}); onder CI wordt deze test nooit overgeslagen."
            )
        pytest.skip(f"Redis op 127.0.0.1:6379 is niet bereikbaar ({fout}): de Celery-workertest is overgeslagen.")
    from celery.contrib.testing.worker import start_worker

    import uitkomst.berichten.tasks  # noqa: F401 - registers the tasks
    from uitkomst.conf.celery import app

    oud = {k: app.conf.get(k) for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(
        broker_url=REDIS, result_backend=REDIS, task_always_eager=False, broker_connection_retry_on_startup=True
    )
    app.set_current()
    app.set_default()
    _backend_vergeten(app)  # an earlier in-process task may have cached "no result backend"
    settings.UITKOMST_BROKER_URL = REDIS
    app.control.purge()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(oud)
        _backend_vergeten(app)


def _wacht(pred, timeout=90.0):  # generous: a loaded 2-core CI machine starts the worker slowly
    eind = time.monotonic() + timeout
    while time.monotonic() < eind:
        if pred():
            return True
        time.sleep(0.5)  # seldom: on SQLite's shared-cache test database a read can lock out the worker
    return False


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_message_processed_on_a_real_worker(worker, traject_van):
    tw = traject_van("TR83", gestart=False)
    # received through the service: stored at once, judged on the worker after the commit
    r = services.bericht_ontvangen(data=voorbeeld.start(tw, h.datum(3, 4)), door=services.systeem(), kanaal="api")
    assert r.status == "ontvangen"
    bericht = r.bericht
    assert _wacht(lambda: Bericht.objects.get(pk=bericht.pk).status != Status.ONTVANGEN), (
        f"de worker verwerkte niets (broker {current_app.conf.broker_url}, app {current_app.main})"
    )
    assert Bericht.objects.get(pk=bericht.pk).status == Status.BEANTWOORD
    assert Traject.objects.get(toewijzing=tw).status == "gestart"
    assert Bericht.objects.filter(antwoord_op=bericht, richting=Richting.UIT, berichtcode="JW306").exists()
    # the whole pipeline as one task: receive, check, store, judge, answer
    stop = voorbeeld.stop(tw, h.datum(3, 4), h.datum(5, 1))
    uitkomst = worker.send_task("berichten.ontvangen", args=[base64.b64encode(stop).decode()]).get(timeout=90)
    assert uitkomst["status"] == "verwerkt" and uitkomst["berichtcode"] == "JW307"
    assert Traject.objects.get(toewijzing=tw).status == "beeindigd"
