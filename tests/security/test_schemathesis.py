"""A bounded schemathesis run over the whole API (issue 12, point 7): every operation of the schema the
code generates, for two roles (an access worker of a municipality and a provider, each as an OAuth2
client with its role's scopes), with generated valid input; fails on any 5xx or any response that the
schema does not describe (status, content type, body).

Deterministic (derandomised Hypothesis, no example database) and bounded: ``MAX_EXAMPLES`` per
operation and role. It runs apart from the suite, with ``make api-fuzz`` (part of ``.ci/run``):
``pytest -m schemathesis tests/security/test_schemathesis.py``.
"""

from __future__ import annotations

import base64
import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.toegang import helpers
from tests.toegang.conftest import *  # noqa: F403
from uitkomst.accounts import services

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]
MAX_EXAMPLES = int(os.environ.get("UITKOMST_FUZZ_VOORBEELDEN", "3"))


class _AlteMany:
    """hypothesis-jsonschema 0.23 (schemathesis 3's generator of objects) calls the element loop of
    Hypothesis' ``conjecture.utils.many`` as ``more()``/``reject()``; Hypothesis 6.170 replaced that
    API with an iterator. This is the old loop (same choice sequence: one weighted boolean per
    element), given to hypothesis-jsonschema alone, so objects (query, cookies, bodies) generate again.
    Remove it when hypothesis-jsonschema follows Hypothesis (or schemathesis 4 is used)."""

    def __init__(self, data, min_size, max_size, average_size, *, forced=None, observe=True):
        from hypothesis.internal.conjecture.utils import _calc_p_continue

        self.data, self.min_size, self.max_size = data, min_size, max_size
        self.p_continue = _calc_p_continue(average_size - min_size, max_size - min_size)
        self.count = self.rejections = 0
        self.force_stop = False

    def more(self) -> bool:
        if self.min_size == self.max_size:
            doorgaan = self.count < self.min_size
        elif self.force_stop:
            doorgaan = False
        else:
            forced = True if self.count < self.min_size else (False if self.count >= self.max_size else None)
            doorgaan = self.data.draw_boolean(self.p_continue, forced=forced)
        if doorgaan:
            self.count += 1
        return doorgaan

    def reject(self, why=None) -> None:
        self.count -= 1
        self.rejections += 1
        if self.rejections > max(3, 2 * self.count):
            if self.count < self.min_size:
                self.data.mark_invalid(why)
            self.force_stop = True


def _hypothesis_jsonschema_bijwerken() -> None:
    import types

    from hypothesis.internal.conjecture import utils as cu
    from hypothesis_jsonschema import _from_schema

    if not hasattr(cu.many, "more") and not isinstance(_from_schema.cu, types.SimpleNamespace):
        _from_schema.cu = types.SimpleNamespace(many=_AlteMany)


def _schema():
    _hypothesis_jsonschema_bijwerken()
    import schemathesis
    from django.core.handlers.wsgi import WSGIHandler
    from drf_spectacular.generators import SchemaGenerator

    raw = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.from_dict(raw, app=WSGIHandler(), base_url="/api/v1")


def _token(client, application, secret) -> str:
    basic = "Basic " + base64.b64encode(f"{application.client_id}:{secret}".encode()).decode()
    r = client.post("/oauth/token", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=basic)
    assert r.status_code == 200, r.content
    return r.json()["access_token"]


@pytest.fixture
def rollen(client, settings, plan, aanbieder, toegang, zwolle):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"client": None, "gebruiker": None, "anoniem": None}
    settings.REST_FRAMEWORK = rest
    # some rows to find: a referral with a plan and an assignment released to the provider
    from uitkomst.trajecten.services import toewijzing_create

    toewijzing_create(door=toegang, plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True)
    a = services.integratieclient_maak(naam="fuzz-toegang", rol_code="gemeente-toegang", organisatie=zwolle.cbs_code)
    b = services.integratieclient_maak(naam="fuzz-aanbieder", rol_code="aanbieder", organisatie=aanbieder.agb_code)
    return {"gemeente-toegang": _token(client, *a), "aanbieder": _token(client, *b)}


def _fuzz(operation, token: str) -> list[str]:
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    fouten: list[str] = []
    checks = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), _=st.just(None))
    def run(case, _):
        response = case.call_wsgi(headers={"Authorization": f"Bearer {token}"})
        try:
            case.validate_response(response, checks=checks)
        except AssertionError as exc:
            regels = [r.strip() for r in str(exc).strip().splitlines() if r.strip()]
            melding = " | ".join(regels[:4])[:400] if regels else type(exc).__name__
            fouten.append(f"{operation.verbose_name} -> {response.status_code}: {melding}")

    run()
    return sorted(set(fouten))


def test_geen_5xx_en_geen_schemaschending(rollen):
    schema = _schema()
    fouten = []
    for rol, token in rollen.items():
        for result in schema.get_all_operations():
            operation = result.ok()
            fouten += [f"[{rol}] {f}" for f in _fuzz(operation, token)]
    assert not fouten, f"{len(fouten)} finding(s):\n" + "\n".join(fouten)
