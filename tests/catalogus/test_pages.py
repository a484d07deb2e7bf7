import io

import openpyxl
import pytest

pytestmark = pytest.mark.django_db


def test_home_and_catalogue_pages(client, ijsselland):
    assert client.get("/").status_code == 200
    r = client.get("/catalogus/")
    assert r.status_code == 200
    assert ijsselland.naam in r.content.decode()


def test_matrix_page_shows_profiles_intensities_and_illustrative_badge(client, ijsselland):
    r = client.get(f"/catalogus/{ijsselland.uuid}")
    html = r.content.decode()
    assert r.status_code == 200
    assert "<caption" in html and "Tariefmatrix" in html
    assert html.count("illustratief tarief") >= 36
    for name in ("Perspectief", "Intensief", "Duurzaam", "Crisishulp", "Ernstige enkelvoudige dyslexie"):
        assert name in html
    assert "Segment C" in html and "extra controle" in html
    assert "Veilig Thuis" in html
    assert 'lang="nl"' in html


def test_matrix_page_with_bad_peildatum_explains(client, ijsselland):
    r = client.get(f"/catalogus/{ijsselland.uuid}", {"peildatum": "morgen"})
    assert r.status_code == 200
    assert "geen geldige datum" in r.content.decode()


def test_product_page_shows_history(client, ijsselland):
    p = ijsselland.producten.get(code="P04-I")
    html = client.get(f"/catalogus/producten/{p.uuid}").content.decode()
    assert "Tariefversies" in html and "31-12-2023" in html and "01-01-2024" in html


def test_unknown_model_is_404(client, db):
    assert client.get("/catalogus/00000000-0000-4000-8000-000000000000").status_code == 404


def test_excel_export_matches_matrix(client, ijsselland):
    r = client.get(f"/catalogus/{ijsselland.uuid}/export.xlsx", {"peildatum": "2025-01-01"})
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = [row for row in ws.iter_rows(min_row=4, values_only=True) if row[0]]
    assert len(rows) == 37  # 36 grid products + maatwerk
    p04i = next(row for row in rows if row[0] == "P04-I")
    assert p04i[10] == "ja" and p04i[7] > 25000


def test_catalogue_page_query_count_is_constant(client, ijsselland, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(f"/catalogus/{ijsselland.uuid}")
