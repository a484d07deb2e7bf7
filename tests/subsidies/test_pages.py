"""The subsidy pages: schemes with the ceiling used, a grant with its results, the provider's report
form, the settlement with its reclaim; refusals shown on the page with nothing saved; 403/404 for others."""

from __future__ import annotations

import pytest

from uitkomst.subsidies.models import Subsidieverlening, Verantwoording

from .conftest import aanvraag, verlening

pytestmark = pytest.mark.django_db


def test_pages_from_grant_to_settlement(client, w):
    v = verlening(w, aanvraag(w))
    client.force_login(w.cm)
    page = client.get("/subsidies/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Beschermd wonen en maatschappelijke opvang" in html
    assert "€\u00a01.000.000,00" in html and "€\u00a0600.000,00" in html  # ceiling, granted
    assert "€\u00a0400.000,00" in html and "60%" in html  # remaining, used

    # finance pays the first advance on the grant page
    client.force_login(w.financien)
    eerste = v.voorschotten.order_by("volgnummer").first()
    r = client.post(f"/subsidies/verleningen/{v.uuid}", {"voorschot": str(eerste.uuid)})
    assert r.status_code == 302
    eerste.refresh_from_db()
    assert eerste.status == "betaald"

    # the provider reports: a missing value is shown, nothing saved; then the full report
    client.force_login(w.aanbieder_a)
    detail = client.get(f"/subsidies/verleningen/{v.uuid}").content.decode()
    assert "Bezette plaatsen beschermd wonen" in detail and "nog niet verantwoord" in detail
    assert f"/subsidies/verleningen/{v.uuid}/verantwoorden" in detail
    p1, p2 = v.prestaties.order_by("volgorde")
    r = client.post(f"/subsidies/verleningen/{v.uuid}/verantwoorden", {"jaar": v.jaar, f"prestatie-{p1.pk}": "35"})
    assert r.status_code == 400 and "Uitstroom naar zelfstandig wonen" in r.content.decode()
    assert not Verantwoording.objects.exists()
    r = client.post(f"/subsidies/verleningen/{v.uuid}/verantwoorden",
                    {"jaar": v.jaar, f"prestatie-{p1.pk}": "35", f"prestatie-{p2.pk}": "10,5"})  # fmt: skip
    assert r.status_code == 302, r.content.decode()

    # another provider neither sees the grant nor may report
    client.force_login(w.aanbieder_b)
    assert client.get(f"/subsidies/verleningen/{v.uuid}").status_code == 404

    # the contract manager settles: the reclaim is paid advances above the fixed amount
    client.force_login(w.cm)
    form = client.get(f"/subsidies/verleningen/{v.uuid}/vaststellen")
    assert form.status_code == 200 and "88%" in form.content.decode()  # 35 of 40 places
    r = client.post(f"/subsidies/verleningen/{v.uuid}/vaststellen", {"bedrag": "100.000,005"})
    assert r.status_code == 400
    v.refresh_from_db()
    assert v.status == "verantwoord"
    r = client.post(f"/subsidies/verleningen/{v.uuid}/vaststellen", {"bedrag": "120.000,00"})
    assert r.status_code == 302
    detail = client.get(f"/subsidies/verleningen/{v.uuid}").content.decode()
    assert "€\u00a030.000,00" in detail  # 150,000 paid − 120,000 fixed
    assert Subsidieverlening.objects.get(pk=v.pk).vaststelling.terugvordering == 30000


def test_other_roles_are_refused(client, w):
    v = verlening(w, aanvraag(w))
    client.force_login(w.toegang)
    assert client.get("/subsidies/").status_code == 403
    client.force_login(w.financien)
    assert client.get(f"/subsidies/verleningen/{v.uuid}/vaststellen").status_code == 403
    client.force_login(w.cm)
    assert client.get(f"/subsidies/verleningen/{v.uuid}/verantwoorden").status_code == 403
