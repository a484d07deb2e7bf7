"""Pages: the provider submits (form or CSV/Excel file) and sees accepted and refused lines with
their reasons; municipal finance approves, makes payment runs and downloads the exports."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uitkomst.accounts import policy
from uitkomst.utils.errors import DomainError, ProblemCollector
from uitkomst.utils.exports import download

from . import exports, selectors, services
from .models import Betaalronde, Declaratie, Declaratieregel, Regelstatus
from .regels import Invoer
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


@login_required
def nieuw(request):
    _declarant(request)
    ctx = {"rijen": range(1, FORMULIER_REGELS + 1), "waarden": request.POST}
    if request.method == "POST":
        p = request.POST
        problems = ProblemCollector()
        regels = []
        for i in range(1, FORMULIER_REGELS + 1):
            ref = p.get(f"toewijzing_{i}", "").strip()
            cred = p.get(f"crediteert_{i}", "").strip()
            if not ref and not cred:
                continue
            waarden = {}
            for kolom in ("aantal", "tarief", "bedrag"):
                raw = p.get(f"{kolom}_{i}", "").strip()
                waarden[kolom] = getal_lezen(raw, kolom, i, problems) if raw else None
            termijn = p.get(f"termijn_{i}", "").strip()
            if termijn and not termijn.isdigit():
                problems.add("termijn_ongeldig", f"Regel {i}: '{termijn}' is geen termijnnummer.")
            regels.append(
                Invoer(
                    regelnummer=i, referentie=ref, crediteert=cred,
                    begindatum=_date(p.get(f"begindatum_{i}")) or _date(p.get("begindatum")),
                    einddatum=_date(p.get(f"einddatum_{i}")) or _date(p.get("einddatum")),
                    termijn=int(termijn) if termijn.isdigit() else None, **waarden,
                )
            )  # fmt: skip
        if problems.problems:
            for x in problems.problems:
                messages.error(request, x.message)
            return render(request, "declaraties/nieuw.html", ctx, status=400)
        try:
            d = services.declaratie_indienen(
                aanbieder=request.user.aanbieder,
                begindatum=_date(p.get("begindatum")),
                einddatum=_date(p.get("einddatum")),
                regels=regels,
                door=request.user,
            )
        except DomainError as exc:
            _fail(request, exc)
            return render(request, "declaraties/nieuw.html", ctx, status=400)
        _melding(request, d)
        return redirect("declaraties:detail", uuid=d.uuid)
    return render(request, "declaraties/nieuw.html", ctx)


def _melding(request, d: Declaratie) -> None:
    if d.aantal_afgewezen:
        messages.warning(
            request,
            f"Declaratie {d.nummer} ingediend: {d.aantal_regels - d.aantal_afgewezen} regel(s) toegekend, "
            f"{d.aantal_afgewezen} afgewezen. Bekijk de redenen hieronder.",
        )
    else:
        messages.success(request, f"Declaratie {d.nummer} ingediend: alle {d.aantal_regels} regel(s) toegekend.")


@login_required
def uploaden(request):
    _declarant(request)
    ctx = {"max_kb": max_bytes() // 1024}
    if request.method == "POST":
        bestand = request.FILES.get("bestand")
        if bestand is None:
            messages.error(request, "Kies een bestand.")
            return render(request, "declaraties/uploaden.html", ctx, status=400)
        if bestand.size > max_bytes():
            messages.error(request, f"Het bestand is te groot; de grens is {max_bytes() // 1024} kB.")
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


@login_required
def beoordelen(request):
    policy.vereis(request.user, "declaraties.regel_beoordelen")
    qs = selectors.te_beoordelen(user=request.user)
    if request.method == "POST":
        uuids = request.POST.getlist("regel")
        regels = list(qs) if request.POST.get("alle") else list(qs.filter(uuid__in=uuids))
        try:
            n = services.regels_goedkeuren(regels=regels, door=request.user)
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, f"{n} regel(s) goedgekeurd.")
        return redirect("declaraties:beoordelen")
    page = Paginator(qs, PAGINA).get_page(request.GET.get("pagina"))
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
        messages.success(request, f"Regel {regel.kenmerk} afgewezen.")
    return redirect("declaraties:detail", uuid=regel.declaratie.uuid)


@login_required
def betaalrondes(request):
    policy.vereis(request.user, "declaraties.betaalronde_lezen")
    if request.method == "POST":
        try:
            ronde = services.betaalronde_maken(door=request.user)
        except DomainError as exc:
            _fail(request, exc)
            return redirect("declaraties:betaalrondes")
        messages.success(request, f"Betaalronde {ronde.nummer} gemaakt: {ronde.aantal_regels} regel(s).")
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
    policy.vereis(request.user, "declaraties.legitimiteit_lezen")
    van, tot = _date(request.GET.get("van")), _date(request.GET.get("tot"))
    return render(
        request,
        "declaraties/legitimiteit.html",
        {"rapport": selectors.legitimiteit(user=request.user, van=van, tot=tot), "van": van, "tot": tot},
    )
