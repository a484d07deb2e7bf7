import re
import uuid
from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from uitkomst.utils.errors import NotAllowed
from uitkomst.utils.exports import tabel_response
from uitkomst.utils.params import parse_date

from . import selectors
from .models import Inzage
from .referentie import PATROON
from .services import audit_export, audit_request

KOP = ["op", "gebruiker", "rol", "kanaal", "doel", "wat", "waarom", "pad", "soort", "rij", "cliënt",
       "cliëntreferentie", "gemeente", "volledig BSN getoond"]  # fmt: skip


def _gelezen(rows) -> list[SimpleNamespace]:
    """Reading the audit log is a read of the references in it: it is logged too (purpose: privacy)."""
    return [SimpleNamespace(uuid=r.client_uuid, gemeente_id=r.gemeente_id) for r in rows]


def _gefilterd(request):
    g = request.GET
    client = referentie = None
    if value := (g.get("client") or "").strip():
        if re.fullmatch(PATROON, value.upper()):
            referentie = value
        else:
            try:
                client = uuid.UUID(value)
            except ValueError:
                client = uuid.UUID(int=0)  # matches nothing
    try:
        return selectors.inzage_list(
            user=request.user,
            client_uuid=client,
            client_referentie=referentie,
            gebruikersnaam=(g.get("gebruiker") or "").strip() or None,
            van=parse_date(g.get("van")),
            tot=parse_date(g.get("tot")),
            doel=g.get("doel") if g.get("doel") in Inzage.Doel.values else None,
        )
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc


@login_required
def inzage_list(request):
    qs = _gefilterd(request)
    if (formaat := request.GET.get("formaat")) in ("csv", "xlsx"):
        rijen = (
            [
                r.op if formaat == "xlsx" else timezone.localtime(r.op).isoformat(timespec="seconds"),
                r.gebruikersnaam, r.rol, r.get_kanaal_display(), r.get_doel_display(), r.wat, r.waarom, r.pad,
                r.objecttype, str(r.object_uuid or ""), str(r.client_uuid), r.client_referentie,
                r.gemeente.naam if r.gemeente else "", "ja" if r.bsn_getoond else "nee",
            ]  # fmt: skip
            for r in qs.iterator()
        )
        audit_export(request, _gelezen(qs), wat="auditlog geëxporteerd", doel=Inzage.Doel.PRIVACY)
        return tabel_response(
            formaat=formaat, bestandsnaam="auditlog", kop=KOP, rijen=rijen, titel="Auditlog: inzage in persoonsgegevens"
        )
    page = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    audit_request(request, _gelezen(page), wat="auditlog: cliëntreferenties", doel=Inzage.Doel.PRIVACY)
    zonder_formaat = request.GET.copy()
    zonder_formaat.pop("pagina", None)
    return render(
        request,
        "audit/inzage_list.html",
        {"pagina": page, "filters": request.GET, "doelen": Inzage.Doel.choices, "query": zonder_formaat.urlencode()},
    )
