import io
import re

import pytest
from pypdf import PdfReader

import uitkomst.conf.celery  # noqa: F401 - the task queue's app, as wsgi.py and the CLI load it
from uitkomst.catalogus.models import Tarief
from uitkomst.demo import services as demo
from uitkomst.simulatie.models import Simulatierun
from uitkomst.tariefontwerp import selectors
from uitkomst.tariefontwerp.models import Historie

pytestmark = pytest.mark.django_db


def _pdf_tekst(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_pages_matrix_simulation_and_exports(reference_models, contractmanager, client, make_user, zwolle):
    demo.demo_region_build(clients=200, seed=5)
    client.force_login(contractmanager)
    page = client.get("/tariefontwerp/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<details>" in html and "budgetneutraal" in html and "synthetische" in html
    assert "Vervoer" in html  # unmapped products are listed
    assert "formaat=pdf" in html and "formaat=xlsx" in html
    xlsx = client.get("/tariefontwerp/?formaat=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/tariefontwerp/koppeling").status_code == 200
    assert "minimum_ongeldig" in client.get("/tariefontwerp/?minimum=0").content.decode()  # refused, not clamped
    assert "trim_ongeldig" in client.get("/tariefontwerp/?regel=getrimd&trim=0,9").content.decode()
    sim = client.get("/simulatie/?gemeente=0193&runs=200")
    assert sim.status_code == 200 and "Populatiebekostiging" in sim.content.decode()
    assert '<svg class="grafiek"' in sim.content.decode() and 'id="vormen"' in sim.content.decode()
    bad = client.get("/simulatie/?contractanten_per_wijk=0&runs=50")
    assert "populatie_onbeperkt_aanbieders" in bad.content.decode()
    assert client.get("/simulatie/?runs=100&formaat=xlsx").status_code == 200
    toegang = make_user("tg", "gemeente-toegang", gemeente=zwolle)
    client.force_login(toegang)
    assert client.get("/tariefontwerp/").status_code == 403
    assert client.get("/tariefontwerp/koppeling").status_code == 403
    assert client.get("/tariefontwerp/herziening").status_code == 403
    assert client.get("/tariefontwerp/import").status_code == 403
    assert client.get("/simulatie/").status_code == 403


def test_pdf_exports_of_design_and_simulation(reference_models, contractmanager, client):
    demo.demo_region_build(clients=200, seed=5)
    client.force_login(contractmanager)
    pdf = client.get("/tariefontwerp/?formaat=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and 'filename="tariefontwerp.pdf"' in pdf["Content-Disposition"]
    tekst = _pdf_tekst(pdf.content)
    assert "Tariefontwerp uit de eigen historie" in tekst and "Verdeling per cel" in tekst
    assert "budgetneutraal" in tekst and "Synthetische demogegevens" in tekst
    sim = client.get("/simulatie/?gemeente=0193&runs=200&formaat=pdf")
    assert sim.status_code == 200 and sim.content.startswith(b"%PDF")
    tekst = _pdf_tekst(sim.content)
    assert "Populatiebekostiging" in tekst and "Gevoeligheid" in tekst and "Zwolle" in tekst


def test_review_page_and_links_from_steering(reference_models, contractmanager, client, make_user, zwolle):
    demo.demo_region_build(clients=300, seed=6)
    client.force_login(contractmanager)
    page = client.get("/tariefontwerp/herziening?jaar=2025")
    assert page.status_code == 200
    html = page.content.decode()
    assert len(re.findall(r'<tr><th scope="row">P\d\d-[PID]', html)) == 36
    assert client.get("/tariefontwerp/herziening?jaar=2025&formaat=xlsx")["Content-Type"].startswith(
        "application/vnd.openxml"
    )
    index = client.get("/sturing/").content.decode()
    for url in ("/tariefontwerp/", "/tariefontwerp/herziening", "/tariefontwerp/import", "/simulatie/"):
        assert f'href="{url}"' in index
        assert client.get(url).status_code == 200
    # a municipality's finance officer may simulate its own municipality, not design tariffs
    financien = make_user("fin", "gemeente-financien", gemeente=zwolle)
    client.force_login(financien)
    index = client.get("/sturing/").content.decode()
    assert 'href="/simulatie/"' in index and 'href="/tariefontwerp/"' not in index
    assert "Zwolle" in client.get("/simulatie/?runs=100").content.decode()


def test_long_simulation_runs_as_a_task_with_progress(reference_models, contractmanager, client, make_user, regio):
    demo.demo_region_build(clients=200, seed=5)
    client.force_login(contractmanager)
    page = client.get("/simulatie/?runs=5000&gemeente=0193").content.decode()
    assert 'id="als-taak"' in page and "Start als taak" in page
    r = client.post("/simulatie/", {"runs": "5000", "gemeente": "0193", "jaar": "2027"})
    assert r.status_code == 302
    run = Simulatierun.objects.get()
    assert run.klaar and run.stap == run.van == 3 and run.resultaat["runs"] == 5000  # in-process: done at once
    done = client.get(r["Location"])
    assert done.status_code == 200 and "Populatiebekostiging" in done.content.decode()
    assert client.get(r["Location"] + "?formaat=xlsx").status_code == 200
    assert client.get(r["Location"] + "?formaat=pdf").content.startswith(b"%PDF")
    # while running, the page shows the progress and refreshes itself
    Simulatierun.objects.filter(pk=run.pk).update(klaar_op=None, stap=1, resultaat=None)
    running = client.get(r["Location"]).content.decode()
    assert "stap 1 van 3" in running and 'http-equiv="refresh"' in running and "<progress" in running
    # a bad input is refused before any task is made; another user does not see the run
    bad = client.post("/simulatie/", {"runs": "5000", "contractanten_per_wijk": "0"})
    assert "populatie_onbeperkt_aanbieders" in bad.content.decode() and Simulatierun.objects.count() == 1
    client.force_login(make_user("cm2", "regio-contractmanager", regio=regio))
    assert client.get(r["Location"]).status_code == 404


def test_saving_a_draft_from_the_page(reference_models, contractmanager, client, ijsselland):
    demo.demo_region_build(clients=200, seed=5)
    client.force_login(contractmanager)
    historie = Historie.objects.get(is_synthetisch=True)
    open_ = selectors.ontwerp(user=contractmanager, historie=historie, inkoopmodel=ijsselland)["niet_gekoppeld"]
    assert open_  # the transport products: listed, never dropped
    refused = client.post("/tariefontwerp/", {"ingangsdatum": "2027-01-01"})
    assert "producten_niet_gekoppeld" in refused.content.decode()
    for p in open_:
        assert client.post("/tariefontwerp/koppeling", {"product": p["product_code"], "cel": ""}).status_code == 302
    r = client.post("/tariefontwerp/", {"ingangsdatum": "2027-01-01"})
    assert r.status_code == 302
    assert Tarief.objects.filter(status=Tarief.Status.CONCEPT).count() == 36
    assert "36 concepttarieven opgeslagen" in client.get(r["Location"]).content.decode()
