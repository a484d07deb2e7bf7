"""Pages: the provider submits (form or CSV/Excel file) and sees accepted and refused lines with
their reasons; municipal finance approves, makes payment runs and downloads the exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from uitkomst.accounts import policy
from uitkomst.audit.services import audit_export, audit_request
from uitkomst.utils.errors import DomainError, ProblemCollector
from uitkomst.utils.exports import download
from uitkomst.utils.geld import format_euro

from . import exports, selectors, services
from .models import Betaalronde, Declaratie, Declaratieregel, Regelstatus
from .regels import REGELS, Invoer
from .uploads import getal_lezen, max_bytes

PAGINA = 50
FORMULIER_REGELS = 6


def _fail(request, exc: DomainError) -> None:
    for p in exc.problems:
        messages.error(request, p.message)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def reden_titel(code: str) -> str:
    """The label of a refusal reason for the page (the code stays in the API and the exports)."""
    if code == "afgekeurd_door_gemeente":
        return _("Afgewezen door de gemeente")
    titel = REGELS.get(code, ("", ""))[1]
    return _(titel) if titel else code.replace("_", " ").capitalize()


def _mag_zien(user) -> None:
    policy.vereis(user, "declaraties.lezen")


@login_required
def overzicht(request):
    _mag_zien(request.user)
    page = Paginator(selectors.declaratie_list(user=request.user), PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "declaraties/overzicht.html",
        {
            "pagina": page,
            "is_declarant": policy.is_declarant(request.user),
            "is_financien": policy.mag(request.user, "declaraties.regel_beoordelen"),
            "telling": selectors.status_telling(user=request.user),
        },
    )


def _declarant(request) -> None:
    if not policy.is_declarant(request.user):
        raise PermissionDenied("Alleen een aanbieder dient declaraties in.")


KOLOMMEN = ("toewijzing", "begindatum", "einddatum", "termijn", "aantal", "tarief", "bedrag", "crediteert")
MAX_FORMULIER_REGELS = 60


def _formulier_rijen(post) -> list[dict]:
    """The form's lines with what was typed: at least FORMULIER_REGELS, more when more were sent."""
    hoogste = FORMULIER_REGELS
    for naam in post:
        kolom, _sep, nr = naam.rpartition("_")
        if kolom in KOLOMMEN and nr.isdigit() and post.get(naam, "").strip():
            hoogste = max(hoogste, min(int(nr), MAX_FORMULIER_REGELS))
    return [
        {"nr": i, "waarden": {k: post.get(f"{k}_{i}", "") for k in KOLOMMEN}, "fouten": {}}
        for i in range(1, hoogste + 1)
    ]


def _veld_van(problem, regelnummer: int | None = None) -> str:
    """The id of the form field a problem belongs to: 'begindatum', 'toewijzing_3', 'bedrag_2'."""
    veld = problem.field or ""
    if veld.startswith("regels[") and veld.endswith("]"):
        return f"toewijzing_{veld[7:-1]}"
    if veld in ("begindatum", "einddatum"):
        return veld
    if regelnummer and veld in KOLOMMEN:
        return f"{veld}_{regelnummer}"
    return "toewijzing_1" if veld == "regels" else ""


def _toon_fouten(rijen: list[dict], fouten: list[dict]) -> None:
    per_regel = {r["nr"]: r for r in rijen}
    for f in fouten:
        kolom, _sep, nr = f["veld"].rpartition("_")
        if nr.isdigit() and int(nr) in per_regel:
            per_regel[int(nr)]["fouten"][kolom] = f["melding"]


@login_required
def nieuw(request):
    _declarant(request)
    p = request.POST if request.method == "POST" else {}
    rijen = _formulier_rijen(p)
    ctx = {"rijen": rijen, "waarden": p, "fouten": []}
    if request.method != "POST":
        return render(request, "declaraties/nieuw.html", ctx)
    fouten: list[dict] = []
    regels = []
    for rij in rijen:
        i, w = rij["nr"], {k: v.strip() for k, v in rij["waarden"].items()}
        if not w["toewijzing"] and not w["crediteert"]:
            if any(w.values()):
                melding = _("Regel %(nr)s: vul de toewijzing in (of „crediteert”).") % {"nr": i}
                fouten.append({"veld": f"toewijzing_{i}", "melding": melding})
            continue
        getallen = {}
        for kolom in ("aantal", "tarief", "bedrag"):
            problems = ProblemCollector()
            getallen[kolom] = getal_lezen(w[kolom], kolom, i, problems) if w[kolom] else None
            fouten += [{"veld": f"{kolom}_{i}", "melding": x.message} for x in problems.problems]
        if w["termijn"] and not w["termijn"].isdigit():
            melding = _("Regel %(nr)s: '%(termijn)s' is geen termijnnummer.") % {"nr": i, "termijn": w["termijn"]}
            fouten.append({"veld": f"termijn_{i}", "melding": melding})
        for kolom in ("begindatum", "einddatum"):
            if w[kolom] and _date(w[kolom]) is None:
                melding = _("Regel %(nr)s: '%(datum)s' is geen datum.") % {"nr": i, "datum": w[kolom]}
                fouten.append({"veld": f"{kolom}_{i}", "melding": melding})
        regels.append(
            Invoer(
                regelnummer=i, referentie=w["toewijzing"], crediteert=w["crediteert"],
                begindatum=_date(w["begindatum"]) or _date(p.get("begindatum")),
                einddatum=_date(w["einddatum"]) or _date(p.get("einddatum")),
                termijn=int(w["termijn"]) if w["termijn"].isdigit() else None, **getallen,
            )
        )  # fmt: skip
    if not fouten:
        try:
            d = services.declaratie_indienen(
                aanbieder=request.user.aanbieder,
                begindatum=_date(p.get("begindatum")),
                einddatum=_date(p.get("einddatum")),
                regels=regels,
                door=request.user,
            )
        except DomainError as exc:
            fouten = [{"veld": _veld_van(x), "melding": x.message} for x in exc.problems]
        else:
            _melding(request, d)
            return redirect("declaraties:detail", uuid=d.uuid)
    _toon_fouten(rijen, fouten)
    ctx["fouten"] = fouten
    return render(request, "declaraties/nieuw.html", ctx, status=400)


def _melding(request, d: Declaratie) -> None:
    toegekend = d.aantal_regels - d.aantal_afgewezen
    if d.aantal_afgewezen:
        messages.warning(
            request,
            ngettext(
                "Declaratie %(nummer)s ingediend: %(toegekend)s van %(aantal)s regel toegekend, "
                "%(afgewezen)s afgewezen. Bekijk de redenen hieronder.",
                "Declaratie %(nummer)s ingediend: %(toegekend)s van %(aantal)s regels toegekend, "
                "%(afgewezen)s afgewezen. Bekijk de redenen hieronder.",
                d.aantal_regels,
            )
            % {"nummer": d.nummer, "toegekend": toegekend, "aantal": d.aantal_regels, "afgewezen": d.aantal_afgewezen},
        )
    else:
        messages.success(
            request,
            ngettext(
                "Declaratie %(nummer)s ingediend: de regel is toegekend.",
                "Declaratie %(nummer)s ingediend: alle %(aantal)s regels toegekend.",
                d.aantal_regels,
            )
            % {"nummer": d.nummer, "aantal": d.aantal_regels},
        )


@login_required
def uploaden(request):
    _declarant(request)
    ctx = {"max_kb": max_bytes() // 1024}
    if request.method == "POST":
        bestand = request.FILES.get("bestand")
        if bestand is None:
            messages.error(request, _("Kies een bestand."))
            return render(request, "declaraties/uploaden.html", ctx, status=400)
        if bestand.size > max_bytes():
            messages.error(request, _("Het bestand is te groot; de grens is %(kb)s kB.") % {"kb": max_bytes() // 1024})
            return render(request, "declaraties/uploaden.html", ctx, status=400)
        try:
            d = services.declaratie_uploaden(
                aanbieder=request.user.aanbieder,
                begindatum=_date(request.POST.get("begindatum")),
                einddatum=_date(request.POST.get("einddatum")),
                bestandsnaam=bestand.name,
                inhoud=bestand.read(),
                door=request.user,
            )
        except DomainError as exc:
            _fail(request, exc)
            return render(request, "declaraties/uploaden.html", ctx, status=400)
        _melding(request, d)
        return redirect("declaraties:detail", uuid=d.uuid)
    return render(request, "declaraties/uploaden.html", ctx)


@login_required
def detail(request, uuid):
    _mag_zien(request.user)
    try:
        d = selectors.declaratie_get(user=request.user, uuid=uuid)
    except Declaratie.DoesNotExist as exc:
        raise Http404("Deze declaratie bestaat niet.") from exc
    regels = list(selectors.regel_list(user=request.user, declaratie=d))
    audit_request(request, regels, wat="declaratie: regels per cliënt (toewijzing, periode, bedrag)")
    for x in regels:
        x.redenen_getoond = [{**reden, "titel": reden_titel(reden.get("code", ""))} for reden in x.redenen or []]
    return render(
        request,
        "declaraties/detail.html",
        {
            "declaratie": d,
            "toegekend": [x for x in regels if x.status != Regelstatus.AFGEWEZEN],
            "afgewezen": [x for x in regels if x.status == Regelstatus.AFGEWEZEN],
            "is_declarant": policy.is_declarant(request.user),
            "is_financien": policy.mag(request.user, "declaraties.regel_beoordelen"),
        },
    )


def _regel(request, uuid) -> Declaratieregel:
    try:
        return selectors.regel_list(user=request.user).get(uuid=uuid)
    except Declaratieregel.DoesNotExist as exc:
        raise Http404("Deze regel bestaat niet.") from exc


@login_required
@require_POST
def crediteren(request, uuid):
    _declarant(request)
    regel = _regel(request, uuid)
    try:
        d = services.regel_crediteren(regel=regel, door=request.user)
    except DomainError as exc:
        _fail(request, exc)
        return redirect("declaraties:detail", uuid=regel.declaratie.uuid)
    _melding(request, d)
    return redirect("declaraties:detail", uuid=d.uuid)


def _samenvatting(regels) -> dict:
    """Count, total and per-provider totals of a selection of lines, for a confirmation page."""
    per: dict[str, dict] = {}
    totaal = Decimal("0.00")
    for x in regels:
        rij = per.setdefault(x.aanbieder.naam, {"aanbieder": x.aanbieder.naam, "aantal": 0, "totaal": Decimal("0.00")})
        rij["aantal"] += 1
        rij["totaal"] += x.bedrag
        totaal += x.bedrag
    per_aanbieder = sorted(per.values(), key=lambda r: r["aanbieder"])
    return {"aantal": len(regels), "totaal": totaal, "per_aanbieder": per_aanbieder}


def _vingerafdruk(samenvatting: dict) -> str:
    """What the user confirmed: if the selection changed in between, the page asks again."""
    return f"{samenvatting['aantal']}:{samenvatting['totaal']}"


def bevestiging_nodig(samenvatting: dict) -> bool:
    """A confirmation page before approving or paying more than the threshold amount or many lines at once."""
    return (
        samenvatting["totaal"] > Decimal(str(settings.UITKOMST_BEVESTIGEN_BOVEN_BEDRAG))
        or samenvatting["aantal"] > settings.UITKOMST_BEVESTIGEN_BOVEN_REGELS
    )


def _bevestigen(request, *, samenvatting: dict, titel, vraag, knop, actie: str, verborgen: list, terug: str):
    return render(
        request,
        "declaraties/bevestigen.html",
        {
            "s": samenvatting,
            "titel": titel,
            "vraag": vraag,
            "knop": knop,
            "actie": actie,
            "verborgen": verborgen,
            "vingerafdruk": _vingerafdruk(samenvatting),
            "terug": terug,
            "drempel_bedrag": Decimal(str(settings.UITKOMST_BEVESTIGEN_BOVEN_BEDRAG)),
            "drempel_regels": settings.UITKOMST_BEVESTIGEN_BOVEN_REGELS,
        },
    )


def _bevestigd(request, samenvatting: dict) -> bool:
    return request.POST.get("bevestigd") == _vingerafdruk(samenvatting)


@login_required
def beoordelen(request):
    policy.vereis(request.user, "declaraties.regel_beoordelen")
    qs = selectors.te_beoordelen(user=request.user)
    if request.method == "POST":
        uuids = request.POST.getlist("regel")
        alle = bool(request.POST.get("alle"))
        regels = list(qs) if alle else list(qs.filter(uuid__in=uuids))
        samenvatting = _samenvatting(regels)
        if regels and bevestiging_nodig(samenvatting) and not _bevestigd(request, samenvatting):
            verborgen = [("alle", "1")] if alle else [("regel", x.uuid) for x in regels]
            return _bevestigen(
                request,
                samenvatting=samenvatting,
                titel=_("Goedkeuren bevestigen"),
                vraag=_("U keurt deze regels goed; ze gaan mee in de volgende betaalronde."),
                knop=_("Ja, keur goed"),
                actie=reverse("declaraties:beoordelen"),
                verborgen=verborgen,
                terug=reverse("declaraties:beoordelen"),
            )
        try:
            n = services.regels_goedkeuren(regels=regels, door=request.user)
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)s regel goedgekeurd (%(bedrag)s).", "%(n)s regels goedgekeurd (%(bedrag)s).", n)
                % {"n": n, "bedrag": format_euro(samenvatting["totaal"])},
            )
        return redirect("declaraties:beoordelen")
    page = Paginator(qs, PAGINA).get_page(request.GET.get("pagina"))
    audit_request(request, list(page), wat="te beoordelen declaratieregels per cliënt", waarom="declaraties beoordelen")
    return render(request, "declaraties/beoordelen.html", {"pagina": page})


@login_required
@require_POST
def afkeuren(request, uuid):
    regel = _regel(request, uuid)
    try:
        services.regel_afkeuren(regel=regel, reden=request.POST.get("reden", ""), door=request.user)
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Regel %(kenmerk)s afgewezen.") % {"kenmerk": regel.kenmerk})
    return redirect("declaraties:detail", uuid=regel.declaratie.uuid)


@login_required
@require_POST
def goedkeuring_intrekken(request, uuid):
    regel = _regel(request, uuid)
    try:
        services.goedkeuring_intrekken(regel=regel, door=request.user)
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request,
            _("Goedkeuring van regel %(kenmerk)s ingetrokken: de regel wacht weer op goedkeuring.")
            % {"kenmerk": regel.kenmerk},
        )
    return redirect("declaraties:detail", uuid=regel.declaratie.uuid)


@login_required
def betaalrondes(request):
    policy.vereis(request.user, "declaraties.betaalronde_lezen")
    if request.method == "POST":
        if policy.mag(request.user, "declaraties.betaalronde_maken"):
            klaar = list(
                selectors.regel_list(user=request.user, status=Regelstatus.GOEDGEKEURD).filter(betaalronde__isnull=True)
            )
            samenvatting = _samenvatting(klaar)
            if klaar and bevestiging_nodig(samenvatting) and not _bevestigd(request, samenvatting):
                return _bevestigen(
                    request,
                    samenvatting=samenvatting,
                    titel=_("Betaalronde bevestigen"),
                    vraag=_("U maakt een betaalronde van alle goedgekeurde regels hieronder."),
                    knop=_("Ja, maak de betaalronde"),
                    actie=reverse("declaraties:betaalrondes"),
                    verborgen=[],
                    terug=reverse("declaraties:betaalrondes"),
                )
        try:
            ronde = services.betaalronde_maken(door=request.user)
        except DomainError as exc:
            _fail(request, exc)
            return redirect("declaraties:betaalrondes")
        messages.success(
            request,
            ngettext(
                "Betaalronde %(nummer)s gemaakt: %(n)s regel, %(bedrag)s.",
                "Betaalronde %(nummer)s gemaakt: %(n)s regels, %(bedrag)s.",
                ronde.aantal_regels,
            )
            % {"nummer": ronde.nummer, "n": ronde.aantal_regels, "bedrag": format_euro(ronde.totaal)},
        )
        return redirect("declaraties:betaalronde", uuid=ronde.uuid)
    return render(
        request,
        "declaraties/betaalrondes.html",
        {
            "rondes": selectors.betaalronde_list(user=request.user)[:200],
            "mag_maken": policy.mag(request.user, "declaraties.betaalronde_maken"),
            "klaar": selectors.regel_list(user=request.user, status=Regelstatus.GOEDGEKEURD).count()
            if policy.mag(request.user, "declaraties.betaalronde_maken")
            else 0,
        },
    )


def _ronde(request, uuid) -> Betaalronde:
    try:
        return selectors.betaalronde_get(user=request.user, uuid=uuid)
    except Betaalronde.DoesNotExist as exc:
        raise Http404("Deze betaalronde bestaat niet.") from exc


@login_required
def betaalronde(request, uuid):
    ronde = _ronde(request, uuid)
    return render(
        request,
        "declaraties/betaalronde.html",
        {
            "ronde": ronde,
            "specificaties": selectors.specificaties(user=request.user, ronde=ronde),
            "mag_exporteren": policy.mag(request.user, "declaraties.betaalronde_exporteren", ronde),
        },
    )


def _export(request, uuid, soort: str) -> HttpResponse:
    ronde = _ronde(request, uuid)
    policy.vereis(request.user, "declaraties.betaalronde_exporteren", ronde)
    audit_export(request, ronde.regels.select_related("client"), wat=f"betaalronde {ronde.nummer}: regels per cliënt")
    naam = f"betaalronde-{ronde.nummer}-{ronde.gemeente.cbs_code}"
    if soort == "csv":
        return download(exports.betaalronde_csv(ronde), f"{naam}.csv")
    return download(exports.betaalronde_xlsx(ronde), f"{naam}.xlsx")


@login_required
def betaalronde_csv(request, uuid):
    return _export(request, uuid, "csv")


@login_required
def betaalronde_xlsx(request, uuid):
    return _export(request, uuid, "xlsx")


@login_required
def legitimiteit(request):
    """The report per provider (one row each); ``?aanbieder=<uuid>`` adds that provider's products,
    ``?formaat=csv|xlsx`` downloads every provider's products (and, in Excel, the providers)."""
    policy.vereis(request.user, "declaraties.legitimiteit_lezen")
    van, tot = _date(request.GET.get("van")), _date(request.GET.get("tot"))
    rapport = selectors.legitimiteit(user=request.user, van=van, tot=tot)
    naam = "legitimiteit" + (f"-{van:%Y%m%d}" if van else "") + (f"-{tot:%Y%m%d}" if tot else "")
    formaat = request.GET.get("formaat")
    if formaat == "csv":
        return download(exports.legitimiteit_csv(rapport), f"{naam}.csv")
    if formaat == "xlsx":
        return download(exports.legitimiteit_xlsx(rapport, van=van, tot=tot), f"{naam}.xlsx")
    keuze = request.GET.get("aanbieder") or ""
    gekozen = next((a for a in rapport if str(a.uuid) == keuze), None) if keuze else None
    periode = {k: v.isoformat() for k, v in (("van", van), ("tot", tot)) if v}
    return render(
        request,
        "declaraties/legitimiteit.html",
        {
            "rapport": rapport,
            "gekozen": gekozen,
            "onbekend": bool(keuze) and gekozen is None,
            "van": van,
            "tot": tot,
            "periode": urlencode(periode),
            "totaal": selectors.legitimiteit_totaal(rapport),
        },
    )
