"""One way to turn a report page into a PDF (WeasyPrint), used by every PDF export.

The PDF is rendered from an ordinary Django template. WeasyPrint may fetch only our own static
files (stylesheets, fonts, images found by the static finders); any other URL, and every network
address, is refused, so a report never reaches out of the machine and a value in a report cannot
make the server fetch something.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"


def _fetcher():
    """WeasyPrint URL fetcher: `/static/...` from the static finders, nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AlleenEigenStatic(URLFetcher):
        def fetch(self, url, headers=None):
            return URLFetcherResponse(url, body=_eigen_static(url), headers={"Content-Type": _mime(url)})

    return AlleenEigenStatic(allowed_protocols=("file",))


def _mime(url: str) -> str:
    return mimetypes.guess_type(url.split("?", 1)[0])[0] or "application/octet-stream"


def _eigen_static(url: str) -> bytes:
    from django.conf import settings

    pad = None
    for voorvoegsel in ("file://" + settings.STATIC_URL, settings.STATIC_URL):
        if url.startswith(voorvoegsel):
            pad = url[len(voorvoegsel):].split("?", 1)[0]
            break
    if pad is None or ".." in pad.split("/"):
        raise ValueError(f"Een PDF mag alleen eigen bestanden laden, niet {url[:80]}")
    gevonden = finders.find(pad)
    if not gevonden:
        raise ValueError(f"Bestand niet gevonden: {pad[:80]}")
    return Path(gevonden).read_bytes()


def html_naar_pdf(html: str) -> bytes:
    """The PDF bytes of an HTML string; relative and `/static/` URLs resolve to our static files."""
    from weasyprint import HTML

    return HTML(string=html, base_url="file:///", url_fetcher=_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    return html_naar_pdf(render_to_string(template_name, context, request=request))


def pdf_response(template_name: str, context: dict, bestandsnaam: str, request=None) -> HttpResponse:
    """A download response with the PDF of `template_name`; `bestandsnaam` ends in `.pdf`."""
    response = HttpResponse(render_pdf(template_name, context, request=request), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    response["Cache-Control"] = "no-store"
    return response
