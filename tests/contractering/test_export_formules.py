"""A provider named like a spreadsheet formula comes out inert in the CSV and Excel downloads."""

import csv
import io

import openpyxl
import pytest

pytestmark = pytest.mark.django_db

FORMULE = '=HYPERLINK("http://x.invalid","klik")'


@pytest.fixture
def kwaadaardig(make_aanbieder, overeenkomst):
    a = overeenkomst.aanbieder
    a.naam = FORMULE  # as a provider could have registered itself
    a.save(update_fields=["naam"])
    return a


def test_formula_provider_name_is_inert_in_csv_and_xlsx(client, contractmanager, kwaadaardig, ijsselland):
    client.force_login(contractmanager)
    query = {"model": str(ijsselland.uuid), "peildatum": "2025-10-01", "maanden": "6"}
    r = client.get("/contractering/export/aflopend.csv", query)
    assert r.status_code == 200
    rijen = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0][0] == "Aanbieder"
    assert [rij[0] for rij in rijen[1:]] == ["'" + FORMULE]
    assert rijen[1][3] == "2025-12-31"  # a date stays a date
    r = client.get("/contractering/export/aflopend.xlsx", query)
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cel = ws.cell(row=3, column=1)  # title, header, first row
    assert cel.value == "'" + FORMULE and cel.data_type == "s"
    assert ws.cell(row=3, column=4).is_date and ws.cell(row=3, column=5).data_type == "n"
