import pytest

from uitkomst.catalogus.models import Tarief

pytestmark = pytest.mark.django_db


def test_ijsselland_listed_with_36_products_each_with_tariff_and_duration(api_client, ijsselland):
    listing = api_client.get("/api/v1/inkoopmodellen", {"code": "ijsselland-jeugd-2018"})
    assert listing.status_code == 200
    assert listing["API-Version"] == "1.0.0"
    item = listing.json()["results"][0]
    assert item["aantalProducten"] == 36
    detail = api_client.get(f"/api/v1/inkoopmodellen/{item['uuid']}").json()
    assert len(detail["producten"]) == 36
    for p in detail["producten"]:
        assert p["huidigTarief"]["bedrag"] and p["huidigTarief"]["illustratief"] is True
        assert isinstance(p["huidigTarief"]["bedrag"], str)  # money is never a float
        assert p["intensiteit"]["maximaleDuurMaanden"] > 0
    assert [m["code"] for m in detail["maatwerk"]] == ["MAATWERK"]
    assert {u["code"] for u in detail["uitsluitingen"]} >= {"pgb", "veilig-thuis"}


def test_peildatum_selects_tariff_version(api_client, ijsselland):
    p = ijsselland.producten.get(code="P04-I")
    old = api_client.get(f"/api/v1/producten/{p.uuid}", {"peildatum": "2019-01-01"}).json()
    new = api_client.get(f"/api/v1/producten/{p.uuid}", {"peildatum": "2025-01-01"}).json()
    assert old["huidigTarief"]["bedrag"] != new["huidigTarief"]["bedrag"]


def test_bad_peildatum_is_problem_json(api_client, ijsselland):
    r = api_client.get("/api/v1/producten", {"peildatum": "gisteren"})
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/problem+json")
    assert r.json()["invalidParams"][0]["name"] == "peildatum"


def test_products_filter_by_model_and_variant(api_client, reference_models):
    r = api_client.get("/api/v1/producten", {"bekostiging": "week", "pageSize": 500}).json()
    assert r["count"] == 15 and all(p["bekostiging"] == "week" for p in r["results"])


def test_unknown_resource_is_problem_json(api_client, db):
    r = api_client.get("/api/v1/onbekend")
    assert r.status_code == 404
    assert r["Content-Type"] == "application/problem+json"
    assert r["API-Version"] == "1.0.0"
    body = r.json()
    assert body["status"] == 404 and body["title"]


def test_no_trailing_slash_paths(api_client, ijsselland):
    assert api_client.get("/api/v1/inkoopmodellen").status_code == 200
    assert api_client.get("/api/v1/inkoopmodellen/").status_code == 404


def _post_tarief(client, product, **overrides):
    body = {"product": str(product.uuid), "bedrag": "1000.00", "geldigVan": "2030-01-01"} | overrides
    return client.post("/api/v1/tarieven", body, format="json")


def test_anonymous_cannot_set_tariffs(api_client, ijsselland):
    r = _post_tarief(api_client, ijsselland.producten.get(code="P01-P"))
    assert r.status_code in (401, 403)
    assert r["Content-Type"] == "application/problem+json"


def test_other_region_contract_manager_cannot_set_tariffs(api_client, ijsselland, make_user):
    from uitkomst.organisaties.models import Regio

    other = make_user("cm-rr", "regio-contractmanager", regio=Regio.objects.get(code="rotterdam-rijnmond"))
    api_client.force_authenticate(other)
    r = _post_tarief(api_client, ijsselland.producten.get(code="P01-P"))
    assert r.status_code == 403
    assert r.json()["code"] == "geen_toegang"


def test_access_worker_cannot_set_tariffs(api_client, ijsselland, make_user, zwolle):
    api_client.force_authenticate(make_user("tz", "gemeente-toegang", gemeente=zwolle))
    assert _post_tarief(api_client, ijsselland.producten.get(code="P01-P")).status_code == 403


def test_overlapping_tariff_via_api_is_refused_in_dutch(api_client, ijsselland, contractmanager):
    api_client.force_authenticate(contractmanager)
    p = ijsselland.producten.get(code="P01-P")
    before = Tarief.objects.count()
    r = _post_tarief(api_client, p, geldigVan="2025-01-01")
    assert r.status_code == 400
    assert r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["code"] == "tarief_overlapt"
    assert "overlapt" in body["detail"]
    assert body["invalidParams"][0]["code"] == "tarief_overlapt"
    assert Tarief.objects.count() == before


def test_negative_tariff_via_api_is_refused(api_client, ijsselland, contractmanager):
    api_client.force_authenticate(contractmanager)
    r = _post_tarief(api_client, ijsselland.producten.get(code="P01-P"), bedrag="-10.00")
    assert r.status_code == 400 and r.json()["code"] == "bedrag_negatief"


def test_missing_fields_are_listed(api_client, ijsselland, contractmanager):
    api_client.force_authenticate(contractmanager)
    r = api_client.post("/api/v1/tarieven", {}, format="json")
    assert r.status_code == 400
    names = {p["name"] for p in r.json()["invalidParams"]}
    assert {"product", "bedrag", "geldigVan"} <= names


def test_contract_manager_adds_a_version_for_a_model_that_ends(
    systeem, api_client, reference_models, contractmanager, regio
):
    from uitkomst.catalogus import services
    from uitkomst.catalogus.models import Bekostigingsvorm

    m = services.inkoopmodel_create(
        door=systeem, regio=regio, code="api-test", naam="API-test", wet="wmo", geldig_van="2030-01-01"
    )
    p = services.product_create(
        door=systeem,
        inkoopmodel=m,
        code="A1",
        naam="A1",
        bekostiging=Bekostigingsvorm.WEEK,
        tariefeenheid="week",
        ijw_eenheid="82",
        productcategorie="02",
        geldig_van=__import__("datetime").date(2030, 1, 1),
    )
    api_client.force_authenticate(contractmanager)
    r = _post_tarief(api_client, p, bedrag="123.45")
    assert r.status_code == 201, r.json()
    assert r.json()["bedrag"] == "123.45"
    assert Tarief.objects.get(uuid=r.json()["uuid"]).aangemaakt_door == contractmanager
