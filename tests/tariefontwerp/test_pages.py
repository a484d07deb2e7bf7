import pytest

from uitkomst.demo import services as demo

pytestmark = pytest.mark.django_db


def test_pages_matrix_simulation_and_exports(reference_models, contractmanager, client, make_user, zwolle):
    demo.demo_region_build(clients=200, seed=5)
    client.force_login(contractmanager)
    page = client.get("/tariefontwerp/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<details>" in html and "budgetneutraal" in html and "synthetische" in html
    assert "Vervoer" in html  # unmapped products are listed
    xlsx = client.get("/tariefontwerp/?formaat=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/tariefontwerp/koppeling").status_code == 200
    sim = client.get("/simulatie/?gemeente=0193&runs=200")
    assert sim.status_code == 200 and "Populatiebekostiging" in sim.content.decode()
    bad = client.get("/simulatie/?contractanten_per_wijk=0&runs=50")
    assert "populatie_onbeperkt_aanbieders" in bad.content.decode()
    assert client.get("/simulatie/?runs=100&formaat=xlsx").status_code == 200
    toegang = make_user("tg", "gemeente-toegang", gemeente=zwolle)
    client.force_login(toegang)
    assert client.get("/tariefontwerp/").status_code == 403
    assert client.get("/simulatie/").status_code == 403
