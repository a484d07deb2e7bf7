"""The one PDF helper: renders our own HTML and static files, and fetches nothing else."""

import pytest

from uitkomst.utils.pdf import _eigen_static, html_naar_pdf


def test_renders_a_pdf_with_our_stylesheet():
    pdf = html_naar_pdf('<link rel="stylesheet" href="/static/uitkomst/uitkomst.css"><h1>€ 38.500,00</h1>')
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/x.png", "https://example.org/a.css", "file:///etc/passwd", "file:///static/../../etc/passwd"],
)
def test_fetches_nothing_but_our_static_files(url):
    with pytest.raises(ValueError):
        _eigen_static(url)


def test_static_file_is_read_from_the_finders():
    assert b"{" in _eigen_static("file:///static/uitkomst/uitkomst.css")
