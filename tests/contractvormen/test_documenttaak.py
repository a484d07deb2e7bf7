"""A large uploaded document is read by a task outside the request (issue 12, point 5): the upload
page redirects to a self-refreshing status page that then shows the same proposal as a direct read."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import uitkomst.conf.celery  # noqa: F401 - the task queue's app, as wsgi.py and the CLI load it
from uitkomst.contractvormen.models import Documentlezing, Tekstlezing

from .helpers import fixture_text, make_docx

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx() -> bytes:
    return make_docx([p for p in fixture_text("profielmodel").split("\n\n") if p.strip()])


def _upload(client, data: bytes, naam: str = "inkoop.docx"):
    return client.post("/contractvormen/lezen", {"bestand": SimpleUploadedFile(naam, data, content_type=DOCX)})


def _deel(html: str, begin: str, eind: str) -> str:
    m = re.search(re.escape(begin) + ".*?" + re.escape(eind), html, re.S)
    assert m, begin
    return m.group(0)


def test_large_file_goes_through_the_task_with_the_same_answers_as_a_direct_read(client, contractmanager, settings):
    client.force_login(contractmanager)
    data = _docx()
    direct = _upload(client, data)
    assert direct.status_code == 200 and Documentlezing.objects.count() == 0

    settings.UITKOMST_DOCUMENT_TAAK_VANAF = len(data) - 1
    r = _upload(client, data)
    assert r.status_code == 302
    taak = Documentlezing.objects.get()
    assert r["Location"] == f"/contractvormen/lezen/{taak.uuid}"
    assert taak.klaar and taak.fout is None and taak.bestand is None  # read in-process; bytes deleted
    assert taak.resultaat["soort"] == "docx" and "tekstlezing" in taak.resultaat
    assert Tekstlezing.objects.count() == 2  # a kept reading for each, as on a direct read

    pagina = client.get(r["Location"])
    assert pagina.status_code == 200
    a, b = direct.content.decode(), pagina.content.decode()
    assert 'http-equiv="refresh"' not in b
    assert 'name="lezing" value="' in b and 'value=""' not in _deel(b, 'name="lezing"', ">")
    for begin, eind in [('<table class="tabel" id="voorstel">', "</table>"), ('id="document"', "</section>")]:
        assert _deel(a, begin, eind) == _deel(b, begin, eind)
    gekozen = re.findall(r'<option value="([^"]+)" selected>', _deel(b, 'id="voorstel"', "</table>"))
    assert len(gekozen) == 6 and set(gekozen) != {"onbekend"}


def test_waiting_reading_refreshes_itself(client, contractmanager):
    taak = Documentlezing.objects.create(aangemaakt_door=contractmanager, bestandsnaam="groot.pdf", bestand=b"x")
    client.force_login(contractmanager)
    html = client.get(f"/contractvormen/lezen/{taak.uuid}").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html and 'role="status"' in html


def test_corrupt_pdf_above_the_threshold_ends_with_the_dutch_error(client, contractmanager, settings):
    settings.UITKOMST_DOCUMENT_TAAK_VANAF = 100
    client.force_login(contractmanager)
    data = b"%PDF-1.4\n" + b"this is not really a pdf " * 20
    r = client.post("/contractvormen/lezen", {"bestand": SimpleUploadedFile("kapot.pdf", data)})
    assert r.status_code == 302
    taak = Documentlezing.objects.get()
    assert taak.klaar and taak.resultaat is None and taak.bestand is None
    assert taak.fout["code"] == "document_onleesbaar"
    pagina = client.get(r["Location"])
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert 'data-code="document_onleesbaar"' in html and "PDF" in html
    assert 'http-equiv="refresh"' not in html and 'id="voorstel"' not in html


def test_only_the_creator_and_a_superuser_see_a_reading(client, contractmanager, make_user, regio, settings):
    settings.UITKOMST_DOCUMENT_TAAK_VANAF = 100
    client.force_login(contractmanager)
    r = _upload(client, _docx())
    url = r["Location"]
    ander = make_user("ander", "regio-contractmanager", regio=regio)
    client.force_login(ander)
    assert client.get(url).status_code == 404
    ander.is_superuser = True
    ander.save(update_fields=["is_superuser"])
    client.force_login(ander)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
