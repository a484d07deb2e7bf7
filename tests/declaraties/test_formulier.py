"""The invoice form keeps what was typed and leads to each problem; finance confirms large approvals."""

import re

import pytest
from django.urls import reverse

from uitkomst.declaraties import services
from uitkomst.declaraties.models import Betaalronde, Declaratie, Regelstatus
from uitkomst.utils.geld import format_euro

from . import helpers as h
from .helpers import datum

pytestmark = pytest.mark.django_db


def test_invoice_form_keeps_every_line_and_links_the_summary_to_the_fields(client, maak, aanbieder_user):
    tw = maak()
    client.force_login(aanbieder_user)
    invoer = {
        "begindatum": str(datum(3, 1)),
        "einddatum": str(datum(3, 31)),
        "toewijzing_1": tw.nummer,
        "termijn_1": "1",
        "bedrag_1": "1.234,50",
        "toewijzing_2": tw.nummer,
        "bedrag_2": "veel",
        "toewijzing_8": tw.nummer,  # beyond the six empty lines: kept too
        "aantal_8": "2,5",
    }
    res = client.post(reverse("declaraties:nieuw"), invoer)
    html = res.content.decode()
    assert res.status_code == 400 and Declaratie.objects.count() == 0
    summary = re.search(r'<div class="foutoverzicht" role="alert"[^>]*data-focus>(.*?)</div>', html, re.S)
    assert summary, "error summary with role=alert and focus on load"
    assert re.search(r'<a href="#bedrag_2">Regel 2, kolom bedrag: [^<]+</a>', summary.group(1))
    assert 'id="bedrag_2" name="bedrag_2" value="veel"' in html
    assert 'aria-invalid="true" aria-describedby="fout-bedrag_2"' in html
    getypt = (("toewijzing_1", tw.nummer), ("bedrag_1", "1.234,50"), ("termijn_1", "1"), ("aantal_8", "2,5"))
    for veld, waarde in getypt:
        assert f'name="{veld}" value="{waarde}"' in html, veld
    assert f'name="begindatum" type="date" required value="{datum(3, 1)}"' in html


def test_period_problem_links_to_the_period_field(client, maak, aanbieder_user):
    tw = maak()
    client.force_login(aanbieder_user)
    res = client.post(reverse("declaraties:nieuw"), {"toewijzing_1": tw.nummer, "bedrag_1": "10,00"})
    html = res.content.decode()
    assert res.status_code == 400 and '<a href="#begindatum">' in html
    assert f'name="toewijzing_1" value="{tw.nummer}"' in html


def _ingediend(maak, aanbieder_user, n: int):
    regels = []
    for i in range(1, n + 1):
        regels.append(h.regel(maak(), datum(3, 3), datum(3, 31), regelnummer=i))
    return services.declaratie_indienen(
        aanbieder=aanbieder_user.aanbieder, begindatum=datum(3, 1), einddatum=datum(3, 31), regels=regels,
        door=aanbieder_user,
    )  # fmt: skip


def test_approval_above_the_threshold_asks_for_confirmation(client, settings, maak, aanbieder_user, financien):
    settings.UITKOMST_BEVESTIGEN_BOVEN_BEDRAG = 1
    d = _ingediend(maak, aanbieder_user, 2)
    client.force_login(financien)
    res = client.post(reverse("declaraties:beoordelen"), {"alle": "1"})
    html = res.content.decode()
    assert res.status_code == 200 and "Goedkeuren bevestigen" in html
    assert d.regels.filter(status=Regelstatus.TOEGEKEND).count() == 2  # nothing approved yet
    totaal = sum(r.bedrag for r in d.regels.all())
    assert "2 regels, samen " + format_euro(totaal).replace(" ", "\u00a0", 1) in html
    vingerafdruk = re.search(r'name="bevestigd" value="([^"]+)"', html).group(1)
    # a stale confirmation (the selection changed) asks again
    res = client.post(reverse("declaraties:beoordelen"), {"alle": "1", "bevestigd": "1:0.00"})
    assert res.status_code == 200 and d.regels.filter(status=Regelstatus.GOEDGEKEURD).count() == 0
    res = client.post(reverse("declaraties:beoordelen"), {"alle": "1", "bevestigd": vingerafdruk})
    assert res.status_code == 302 and d.regels.filter(status=Regelstatus.GOEDGEKEURD).count() == 2
    # the payment run of those lines asks too, then is made
    res = client.post(reverse("declaraties:betaalrondes"))
    assert res.status_code == 200 and "Betaalronde bevestigen" in res.content.decode()
    assert Betaalronde.objects.count() == 0
    vingerafdruk = re.search(r'name="bevestigd" value="([^"]+)"', res.content.decode()).group(1)
    res = client.post(reverse("declaraties:betaalrondes"), {"bevestigd": vingerafdruk})
    assert res.status_code == 302 and Betaalronde.objects.count() == 1


def test_small_approval_needs_no_confirmation(client, maak, aanbieder_user, financien):
    d = _ingediend(maak, aanbieder_user, 1)
    client.force_login(financien)
    res = client.post(reverse("declaraties:beoordelen"), {"regel": [str(d.regels.get().uuid)]})
    assert res.status_code == 302 and d.regels.get().status == Regelstatus.GOEDGEKEURD
