"""Issue 14 (5): contracting in the pages: entry rounds, applications with evidence, assessment with
expiry, agreement status from its dates, tariff versions from the catalogue, the admin."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uitkomst.contractering import services
from uitkomst.contractering.models import Aanmelding, Kwaliteitsbewijs, Toetredingsronde
from uitkomst.utils.errors import DomainError

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cm_client(client, contractmanager):
    client.force_login(contractmanager)
    return client


@pytest.fixture
def aanbieder_user(make_user, aanbieder, regio):
    return make_user("vlinder", "aanbieder", aanbieder=aanbieder, regio=regio)


@time_machine.travel(D(2026, 9, 10), tick=False)
def test_contract_manager_opens_a_round_choosing_the_procedure_from_a_list(cm_client, procedure):
    page = cm_client.get(reverse("contractering:rondes"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{procedure.pk}"' in html and "Sociaal contracteren" in html
    data = {
        "procedure": procedure.pk,
        "naam": "Najaar 2026",
        "aanmelden_van": "2026-09-01",
        "aanmelden_tot": "2026-09-30",
        "beoordelen_tot": "2026-11-30",
        "ingangsdatum": "2027-01-01",
        "tijdens_looptijd": "on",
    }
    response = cm_client.post(reverse("contractering:rondes"), data)
    ronde = Toetredingsronde.objects.get(naam="Najaar 2026")
    assert response.status_code == 302 and response.url == reverse("contractering:ronde-detail", args=[ronde.uuid])
    # A third round in one year under a procedure with two moments is refused with the service's reason.
    cm_client.post(reverse("contractering:rondes"), {**data, "naam": "Extra", "aanmelden_van": "2026-10-01",
                                                     "aanmelden_tot": "2026-10-05"})  # fmt: skip
    refused = cm_client.post(
        reverse("contractering:rondes"),
        {**data, "naam": "Derde", "aanmelden_van": "2026-10-10", "aanmelden_tot": "2026-10-12"},
    )
    assert refused.status_code == 400 and "toetredingsmomenten" in refused.content.decode()


def test_procedure_of_another_region_is_not_offered(cm_client, systeem, reference_models):
    from uitkomst.catalogus.models import Inkoopmodel

    ander = Inkoopmodel.objects.get(code="rotterdam-rijnmond-jeugd-week")
    vreemd = services.inkoopprocedure_create(door=systeem, inkoopmodel=ander, soort="open_house", naam="Rijnmond OH")
    html = cm_client.get(reverse("contractering:rondes")).content.decode()
    assert f'<option value="{vreemd.pk}"' not in html


@time_machine.travel(D(2026, 9, 10), tick=False)
def test_closing_a_round_stops_applications(cm_client, contractmanager, ronde, aanbieder, p01):
    response = cm_client.post(reverse("contractering:ronde-detail", args=[ronde.uuid]), {"actie": "sluiten"})
    assert response.status_code == 302
    ronde.refresh_from_db()
    assert ronde.gesloten_op == D(2026, 9, 10) and not ronde.is_open_op(D(2026, 9, 10))
    with pytest.raises(DomainError) as err:
        services.aanmelding_indienen(ronde=ronde, aanbieder=aanbieder, producten=[p01], door=contractmanager)
    assert "buiten_ronde" in {p.code for p in err.value.problems}
    with pytest.raises(DomainError) as err:
        services.toetredingsronde_sluiten(ronde=ronde, door=contractmanager)
    assert err.value.code == "ronde_niet_open"


@time_machine.travel(D(2026, 9, 10), tick=False)
def test_closing_needs_the_right_to_open_rounds(client, aanbieder_user, ronde):
    client.force_login(aanbieder_user)
    response = client.post(reverse("contractering:ronde-detail", args=[ronde.uuid]), {"actie": "sluiten"})
    assert response.status_code == 403
    ronde.refresh_from_db()
    assert ronde.gesloten_op is None


@time_machine.travel(D(2026, 9, 10), tick=False)
def test_provider_applies_in_the_page(client, aanbieder_user, aanbieder, ronde, p01, eisen):
    client.force_login(aanbieder_user)
    url = reverse("contractering:ronde-detail", args=[ronde.uuid])
    html = client.get(url).content.decode()
    assert "Aanmelden als De Vlinder Jeugdhulp" in html and "VOG" in html  # the requirements are shown
    missing = client.post(url, {"actie": "aanmelden", "producten": [str(p01.uuid)]})
    assert missing.status_code == 400 and "aanvullend aanbod" in missing.content.decode()  # a newcomer
    response = client.post(
        url, {"actie": "aanmelden", "producten": [str(p01.uuid)], "aanvullend_aanbod": "Avondaanbod"}
    )
    aanmelding = Aanmelding.objects.get(aanbieder=aanbieder, ronde=ronde)
    assert response.status_code == 302 and aanmelding.is_nieuwkomer
    assert list(aanmelding.producten.all()) == [p01]


def _upload(naam: str, inhoud: bytes, soort: str = "application/pdf"):
    return SimpleUploadedFile(naam, inhoud, content_type=soort)


def test_provider_uploads_evidence_and_only_safe_files_are_kept(client, aanbieder_user, aanbieder, eisen, settings,
                                                                tmp_path):  # fmt: skip
    settings.VAR_DIR = tmp_path
    client.force_login(aanbieder_user)
    url = reverse("contractering:bewijs-toevoegen", args=[aanbieder.uuid])
    base = {"kwaliteitseis": eisen[1].pk, "omschrijving": "VOG rechtspersoon 123", "geldig_van": "2025-01-01"}
    bad = client.post(url, {**base, "bestand": _upload("vog.pdf", b"MZ\x90\x00 not a pdf")})
    assert bad.status_code == 400 and "PDF, PNG of JPEG" in bad.content.decode()
    exe = client.post(url, {**base, "bestand": _upload("vog.exe", PDF)})
    assert exe.status_code == 400
    assert not Kwaliteitsbewijs.objects.filter(aanbieder=aanbieder).exists()
    ok = client.post(url, {**base, "geldig_tot": "2025-12-31", "bestand": _upload("vog.pdf", PDF)})
    assert ok.status_code == 302
    bewijs = Kwaliteitsbewijs.objects.get(aanbieder=aanbieder)
    assert bewijs.bestandsnaam == "vog.pdf" and bewijs.bestand.name.endswith(".pdf")
    assert "vog.pdf" not in bewijs.bestand.name  # stored under a name of our own
    download = client.get(reverse("contractering:bewijs-bestand", args=[bewijs.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_evidence_too_large_is_refused(systeem, aanbieder, eisen, monkeypatch):
    monkeypatch.setattr(services, "BEWIJS_MAX_BYTES", 10)
    with pytest.raises(DomainError) as err:
        services.kwaliteitsbewijs_add(
            aanbieder=aanbieder, kwaliteitseis=eisen[1], omschrijving="VOG", geldig_van=D(2025, 1, 1),
            bestand=_upload("vog.pdf", PDF), door=systeem,
        )  # fmt: skip
    assert err.value.code == "bestand_te_groot"


def test_evidence_of_another_provider_cannot_be_downloaded(client, make_user, make_aanbieder, regio, systeem, eisen,
                                                           settings, tmp_path):  # fmt: skip
    settings.VAR_DIR = tmp_path
    eigen, ander = make_aanbieder("Eigen"), make_aanbieder("Ander")
    bewijs = services.kwaliteitsbewijs_add(
        aanbieder=ander, kwaliteitseis=eisen[1], omschrijving="VOG", geldig_van=D(2025, 1, 1),
        bestand=_upload("vog.pdf", PDF), door=systeem,
    )  # fmt: skip
    client.force_login(make_user("eigen", "aanbieder", aanbieder=eigen, regio=regio))
    assert client.get(reverse("contractering:bewijs-bestand", args=[bewijs.pk])).status_code == 404


@pytest.fixture
def aanmelding_met_verlopen_vog(systeem, aanbieder, ronde, p01, eisen):
    for eis in eisen:
        services.kwaliteitsbewijs_add(
            aanbieder=aanbieder, kwaliteitseis=eis, omschrijving=f"{eis.naam} 1", geldig_van=D(2024, 1, 1),
            geldig_tot=D(2025, 12, 31) if eis.code == "vog" else None, door=systeem,
        )  # fmt: skip
    with time_machine.travel(D(2026, 9, 10), tick=False):
        return services.aanmelding_indienen(
            ronde=ronde, aanbieder=aanbieder, producten=[p01], aanvullend_aanbod="Avond", door=systeem
        )


@time_machine.travel(D(2026, 10, 5), tick=False)
def test_expired_evidence_shows_its_date_and_needs_a_reason(cm_client, aanmelding_met_verlopen_vog, eisen):
    a = aanmelding_met_verlopen_vog
    url = reverse("contractering:aanmelding-detail", args=[a.uuid])
    html = cm_client.get(url).content.decode()
    assert "verlopen op 31-12-2025" in html
    vog = eisen[1]
    post = {"actie": "beoordelen", **{f"eis-{e.pk}": "ja" for e in eisen}}
    refused = cm_client.post(url, post)
    assert refused.status_code == 400 and "verlopen op 31-12-2025" in refused.content.decode()
    assert not a.beoordelingen.exists()
    accepted = cm_client.post(url, {**post, f"reden-verlopen-{vog.pk}": "Nieuwe VOG aangevraagd, ontvangstbewijs"})
    assert accepted.status_code == 302
    assert a.beoordelingen.get(kwaliteitseis=vog).reden_verlopen_bewijs.startswith("Nieuwe VOG")


@time_machine.travel(D(2026, 10, 5), tick=False)
def test_expired_evidence_service_code(systeem, aanmelding_met_verlopen_vog, eisen):
    with pytest.raises(DomainError) as err:
        services.aanmelding_beoordelen(
            aanmelding=aanmelding_met_verlopen_vog, beoordelingen=[{"kwaliteitseis": eisen[1], "voldaan": True}],
            door=systeem,
        )  # fmt: skip
    assert err.value.code == "bewijs_verlopen"
    # 'niet voldaan' with a note needs no reason
    services.aanmelding_beoordelen(
        aanmelding=aanmelding_met_verlopen_vog,
        beoordelingen=[{"kwaliteitseis": eisen[1], "voldaan": False, "notitie": "VOG verlopen"}],
        door=systeem,
    )


@pytest.mark.parametrize(
    ("vandaag", "status", "acties"),
    [
        (D(2023, 6, 1), "toekomstig", ["beeindigen"]),
        (D(2024, 6, 1), "actief", ["verlengen", "opschorten", "beeindigen"]),
        (D(2030, 6, 1), "verlopen", []),
    ],
)
def test_agreement_status_follows_its_dates(client, contractmanager, overeenkomst, vandaag, status, acties):
    with time_machine.travel(vandaag, tick=False):
        client.force_login(contractmanager)
        url = reverse("contractering:raamovereenkomst-detail", args=[overeenkomst.uuid])
        html = client.get(url).content.decode()
    assert f'<dd id="status">{status}</dd>' in html
    for actie in ("verlengen", "opschorten", "beeindigen"):
        assert (f'name="actie" value="{actie}"' in html) == (actie in acties)


def test_extended_suspended_and_terminated(systeem, overeenkomst):
    services.raamovereenkomst_verlengen(overeenkomst=overeenkomst, besloten_op=D(2025, 6, 1), door=systeem)
    overeenkomst.refresh_from_db()
    assert overeenkomst.status_op(D(2026, 3, 1)) == "verlengd"
    services.raamovereenkomst_opschorten(overeenkomst=overeenkomst, per=D(2026, 3, 1), reden="Onderzoek", door=systeem)
    overeenkomst.refresh_from_db()
    assert overeenkomst.status_op(D(2026, 3, 2)) == "opgeschort"
    assert overeenkomst.acties_op(D(2026, 3, 2)) == ["hervatten", "beeindigen"]
    services.raamovereenkomst_beeindigen(overeenkomst=overeenkomst, per=D(2026, 4, 1), reden="Fraude", door=systeem)
    overeenkomst.refresh_from_db()
    assert overeenkomst.status_op(D(2026, 3, 2)) == "beeindigd" and overeenkomst.acties_op(D(2026, 3, 2)) == []


def test_extending_before_the_start_is_refused(systeem, overeenkomst):
    with pytest.raises(DomainError) as err:
        services.raamovereenkomst_verlengen(overeenkomst=overeenkomst, besloten_op=D(2023, 6, 1), door=systeem)
    assert err.value.code == "actie_past_niet_bij_status"


def test_catalogue_product_page_offers_a_tariff_version(cm_client, client, p01, make_user, zwolle):
    html = cm_client.get(reverse("catalogus:product-detail", args=[p01.uuid])).content.decode()
    assert 'id="tariefversie"' in html and reverse("sturing:tariefherziening") in html
    for veld in ('name="model"', 'name="product"', 'name="bedrag"', 'name="ingangsdatum"', 'value="bekijken"'):
        assert veld in html  # the tariff revision page's own fields: its service shows the effect first
    client.force_login(make_user("fin", "gemeente-financien", gemeente=zwolle))
    assert 'id="tariefversie"' not in client.get(reverse("catalogus:product-detail", args=[p01.uuid])).content.decode()


def test_contract_manager_uses_the_admin_as_the_readme_says(cm_client, contractmanager):
    from pathlib import Path

    contractmanager.is_staff = True  # as the demo and `make run` create the role's users
    contractmanager.save(update_fields=["is_staff"])

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    assert "/beheer/" in readme and "contractmanager" in readme
    cm_client.get("/")  # the two-step login does not apply to the contract manager role
    index = cm_client.get("/beheer/")
    assert index.status_code == 200
    paden = ("/beheer/contractering/aanbieder/", "/beheer/catalogus/tarief/", "/beheer/contractering/kwaliteitseis/")
    for pad in paden:
        assert cm_client.get(pad).status_code == 200, pad
