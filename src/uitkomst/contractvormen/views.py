"""Pages: the questionnaire (classifies as you answer), reading a document, the framework map,
one form's result, comparing two forms and a provider's portfolio. Server-rendered; the map is
SVG drawn here, with a table next to it. A small static script only refreshes the result while
answering; everything works without it."""

from __future__ import annotations

import math
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from uitkomst.accounts import policy
from uitkomst.utils.errors import DomainError, Problem, ValidationFailed

from . import classificatie, documenttaak, selectors, services, tasks, tekst, weergave
from .models import Contractvorm, Documentlezing, Wetgebied
from .tekst import MAX_DOCUMENT_BYTES

SIGNING_SALT = "contractvormen.tekstlezing"

# --- the SVG map -----------------------------------------------------------------------------------------

BREEDTE, HOOGTE = 760, 560
LINKS, RECHTS, BOVEN, ONDER = 110, 50, 50, 80


def _px(x: float, y: float) -> tuple[int, int]:
    return (
        round(LINKS + x * (BREEDTE - LINKS - RECHTS)),
        round(BOVEN + (1 - y) * (HOOGTE - BOVEN - ONDER)),
    )


def kaart_context(punten: list[dict], *, eigen: dict | None = None, markeer: Contractvorm | None = None) -> dict:
    """Pixel positions for the SVG. Points on the same spot are spread on a small spiral."""
    stapel: dict[tuple, int] = defaultdict(int)
    getekend = []
    for p in punten:
        if p["x"] is None or p["y"] is None:
            continue
        key = (p["x"], p["y"])
        k = stapel[key]
        stapel[key] += 1
        cx, cy = _px(p["x"], p["y"])
        if k:
            angle, radius = k * 2.4, 11 * math.sqrt(k)
            cx, cy = round(cx + radius * math.cos(angle)), round(cy + radius * math.sin(angle))
        cv = p["contractvorm"]
        gemarkeerd = markeer is not None and cv.pk == markeer.pk
        getekend.append(
            {
                **p,
                "archetype_naam": weergave.archetype_naam(p.get("archetype")),
                "cx": cx,
                "cy": cy,
                "ty": cy + 3,
                "lx": cx + 12 if p["x"] < 0.3 else cx - 12,
                "anker": "start" if p["x"] < 0.3 else "end",
                "ly": cy + (18 if len(getekend) % 2 else -10),
                "gemarkeerd": gemarkeerd,
                "met_naam": gemarkeerd or (not cv.is_fictief and cv.herkomst == "bibliotheek"),
            }
        )
    archetypen = []
    for a in selectors.archetypepunten():
        cx, cy = _px(a["x"], a["y"])
        rechts = a["x"] > 0.8
        archetypen.append(
            {
                **a,
                "naam": weergave.t(a["naam"]),
                "cx": cx,
                "cy": cy,
                "punten": f"{cx},{cy - 9} {cx + 9},{cy} {cx},{cy + 9} {cx - 9},{cy}",
                "lx": cx - 12 if rechts else cx + 12,
                "ly": cy - 10,
                "anker": "end" if rechts else "start",
            }
        )
    eigen_punt = None
    if eigen and eigen.get("x") is not None and eigen.get("y") is not None:
        cx, cy = _px(eigen["x"], eigen["y"])
        eigen_punt = {**eigen, "cx": cx, "cy": cy, "lx": cx + 14, "ly": cy + 5}
    midx, midy = _px(0.5, 0.5)
    x0, y0 = _px(0, 0)
    x1, y1 = _px(1, 1)
    return {
        "breedte": BREEDTE,
        "hoogte": HOOGTE,
        "punten": getekend,
        "archetypen": archetypen,
        "eigen": eigen_punt,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "midx": midx,
        "midy": midy,
        "onder_label_y": HOOGTE - 42,
        "as_label_y": HOOGTE - 14,
        "links_label_y": round((y0 + y1) / 2),
        "boven_tekst": (x0 + 6, y1 + 16),
        "onder_tekst": (x0 + 6, y0 - 8),
        "niet_getekend": [p for p in punten if p["x"] is None or p["y"] is None],
    }


# --- helpers ---------------------------------------------------------------------------------------------


def _vertaal_punten(punten: list[dict]) -> list[dict]:
    return [{**p, "archetype_naam": weergave.archetype_naam(p.get("archetype"))} for p in punten]


def _vragen(antwoorden: dict | None = None, voorstellen: dict | None = None) -> list[dict]:
    v = classificatie.vocabulaire()["vragen"]
    antwoorden = antwoorden or {}
    return [
        {
            "sleutel": k,
            "label": weergave.t(v[k]["label"]),
            "vraag": weergave.t(v[k]["vraag"]),
            "gekozen": antwoorden.get(k) or classificatie.ONBEKEND,
            "voorstel": (voorstellen or {}).get(k),
            "opties": [
                {
                    "waarde": w,
                    **v[k]["waarden"][w],
                    "label": weergave.t(v[k]["waarden"][w]["label"]),
                    "omschrijving": weergave.t(v[k]["waarden"][w]["omschrijving"]),
                }
                for w in v[k]["waarden"]
            ],
        }
        for k in classificatie.SLEUTELS
    ]


def _answers_from(data) -> dict:
    return {k: (data.get(k) or classificatie.ONBEKEND) for k in classificatie.SLEUTELS}


def _uitslag_context(result: classificatie.Classificatie) -> dict:
    ontbrekend = result.ontbrekend or {}
    return {
        "uitslag": result,
        "kwadrant": weergave.kwadrant(result.kwadrant_info),
        "archetype": weergave.archetype(result.archetype_info),
        "afstanden": [{**a, "naam": weergave.t(a["naam"])} for a in result.afstanden_gesorteerd],
        "antwoord_labels": [
            {"sleutel": k, "label": weergave.vraag_label(k), "waarde": weergave.label(k, result.antwoorden[k])}
            for k in classificatie.SLEUTELS
        ],
        "ontbreekt_kwadrant": [weergave.vraag_label(k) for k in ontbrekend.get("kwadrant", [])],
        "ontbreekt_archetype": [weergave.vraag_label(k) for k in ontbrekend.get("archetype", [])],
        "dichtstbij": weergave.archetype_naam(ontbrekend.get("dichtstbij")),
    }


def _common(request, antwoorden: dict | None = None, voorstellen: dict | None = None) -> dict:
    return {
        "vragen": _vragen(antwoorden, voorstellen),
        "procedures": classificatie.procedures(),
        "wetten": Wetgebied.choices,
        "kan_beheren": policy.mag(request.user, "contractvormen.contractvorm_beheren"),
        "max_mb": MAX_DOCUMENT_BYTES // (1024 * 1024),
    }


# --- pages -------------------------------------------------------------------------------------------------


def vragenlijst(request):
    """The questionnaire. Answers come as GET parameters, so every state has its own address."""
    antwoorden = _answers_from(request.GET)
    procedure = request.GET.get("procedure") or None
    ctx = {
        **_common(request, antwoorden),
        "antwoorden": antwoorden,
        "procedure": procedure or "onbekend",
        "toon_opslaan": True,
    }
    if any(k in request.GET for k in classificatie.SLEUTELS):
        try:
            result = services.classificeer(antwoorden=antwoorden, procedure=procedure)
        except ValidationFailed as exc:
            ctx["fouten"] = exc.problems
        else:
            ctx.update(_uitslag_context(result))
            ctx["kaart"] = kaart_context([], eigen={**result.positie, "naam": gettext("Uw contractvorm")})
    template = "contractvormen/_uitslag.html" if request.GET.get("fragment") else "contractvormen/vragenlijst.html"
    status = 400 if ctx.get("fouten") else 200
    return render(request, template, ctx, status=status)


@login_required
def lezen(request):
    """Read a procurement document: propose answers with evidence, shown highlighted in the text;
    the user confirms or corrects every answer. For a user who may save, the reading is kept so the
    confirmed answers become labelled data."""
    ctx = _common(request)
    if request.method == "POST":
        upload = request.FILES.get("bestand")
        try:
            if upload is not None:
                if upload.size > MAX_DOCUMENT_BYTES:
                    raise ValidationFailed(
                        f"Het document is te groot; het maximum is {ctx['max_mb']} MB.", code="bestand_te_groot"
                    )
                if documenttaak.als_taak(upload.size):  # a large file: read by a task, followed on its own page
                    taak = documenttaak.lezing_starten(data=upload.read(), bestandsnaam=upload.name, door=request.user)
                    tasks.documentlezing.delay(taak.pk)
                    return redirect("contractvormen:documentlezing", uuid=taak.uuid)
                data, naam = upload.read(), upload.name
            else:
                data, naam = (request.POST.get("tekst") or "").encode("utf-8"), ""
            lezing = services.tekst_lezen(data=data)
        except ValidationFailed as exc:
            ctx["fouten"] = exc.problems
            return render(request, "contractvormen/lezen.html", ctx, status=400)
        if ctx["kan_beheren"]:
            bewaard = services.tekstlezing_create(lezing=lezing, bestandsnaam=naam, door=request.user)
            token = signing.dumps({"tekstlezing": str(bewaard.uuid)}, salt=SIGNING_SALT)
        else:
            token = ""
        _toon_lezing(request, ctx, lezing, naam=naam, token=token)
    return render(request, "contractvormen/lezen.html", ctx)


def _toon_lezing(request, ctx: dict, lezing, *, naam: str, token: str) -> None:
    """Fill the page context with a reading (a direct one or one read by a task) to confirm or correct."""
    result = lezing.classificatie
    spans, per_vraag = weergave.bewijsplaatsen(lezing.voorstellen)
    ctx.update(_common(request, result.antwoorden, lezing.voorstellen))
    for v in ctx["vragen"]:
        v["fragmenten"] = per_vraag[v["sleutel"]]
    ctx.update(_uitslag_context(result))
    ctx.update(
        {
            "lezing": lezing,
            "lezing_token": token,
            "bestandsnaam": naam,
            "antwoorden": result.antwoorden,
            "voorstellen": lezing.voorstellen,
            "document_html": weergave.gemarkeerde_tekst(lezing.tekst, lezing.document.koppen, spans),
            "drempel": tekst.lexicon()["drempels"]["zekerheid"],
            "kaart": kaart_context([], eigen={**result.positie, "naam": gettext("Gelezen contractvorm")}),
        }
    )


@login_required
def documentlezing(request, uuid):
    """A large document read by a task: its progress (the page refreshes itself), then the same
    proposal as a direct read, or the Dutch refusal."""
    taak = Documentlezing.objects.filter(uuid=uuid).first()
    if taak is None or not documenttaak.zichtbaar(taak, request.user):
        raise Http404(gettext("Deze lezing bestaat niet."))
    ctx = {**_common(request), "taak": taak}
    if taak.fout:
        ctx["fouten"] = [Problem(p["code"], p["message"]) for p in taak.fout.get("problems") or []] or [
            Problem(taak.fout["code"], taak.fout["message"])
        ]
    elif taak.resultaat:
        r = taak.resultaat
        token = signing.dumps({"tekstlezing": r["tekstlezing"]}, salt=SIGNING_SALT) if r.get("tekstlezing") else ""
        _toon_lezing(request, ctx, documenttaak.gelezen(r), naam=taak.bestandsnaam, token=token)
    return render(request, "contractvormen/lezen.html", ctx)


@require_POST
@login_required
def opslaan(request):
    """Save a form from the questionnaire or from a confirmed reading (with its corrections)."""
    policy.vereis(request.user, "contractvormen.contractvorm_beheren")
    p = request.POST
    antwoorden = _answers_from(p)
    common = {
        "naam": p.get("naam", ""),
        "gebied": p.get("gebied", ""),
        "wet": p.get("wet", ""),
        "jaar": p.get("jaar"),
        "procedure": p.get("procedure") or "onbekend",
        "door": request.user,
    }
    try:
        if p.get("lezing"):
            try:
                lezing = signing.loads(p["lezing"], salt=SIGNING_SALT, max_age=24 * 3600)
            except signing.BadSignature as exc:
                raise ValidationFailed(
                    "De lezing van het document is verlopen of gewijzigd; lees het document opnieuw.",
                    code="lezing_ongeldig",
                ) from exc
            if lezing.get("tekstlezing"):
                bewaard = selectors.open_lezing(uuid=lezing["tekstlezing"], user=request.user)
                if bewaard is None:
                    raise ValidationFailed(
                        "Deze lezing is al bevestigd of bestaat niet meer; lees het document opnieuw.",
                        code="lezing_ongeldig",
                    )
                cv = services.tekstlezing_bevestigen(tekstlezing=bewaard, antwoorden=antwoorden, **common)
            else:
                cv = services.contractvorm_uit_tekst_create(lezing=lezing, antwoorden=antwoorden, **common)
        else:
            cv = services.contractvorm_create(antwoorden=antwoorden, **common)
    except DomainError as exc:
        ctx = {
            **_common(request, antwoorden),
            "antwoorden": antwoorden,
            "fouten": exc.problems,
            "invoer": p,
            "procedure": common["procedure"],
        }
        return render(request, "contractvormen/vragenlijst.html", ctx, status=400)
    return redirect("contractvormen:detail", uuid=cv.uuid)


@login_required
def kaart(request):
    forms = list(selectors.contractvorm_list(user=request.user))
    punten = _vertaal_punten(selectors.kaartpunten(forms))
    return render(
        request,
        "contractvormen/kaart.html",
        {"kaart": kaart_context(punten), "punten": punten, "archetypen": selectors.archetypepunten()},
    )


def _get(request, uuid) -> Contractvorm:
    try:
        return selectors.contractvorm_get(user=request.user, uuid=uuid)
    except (Contractvorm.DoesNotExist, ValueError) as exc:
        raise Http404("Deze contractvorm bestaat niet.") from exc


@login_required
def detail(request, uuid):
    cv = _get(request, uuid)
    result = cv.classificatie()
    forms = list(selectors.contractvorm_list(user=request.user))
    ctx = {
        "cv": cv,
        **_uitslag_context(result),
        "kaart": kaart_context(selectors.kaartpunten(forms), markeer=cv),
        "vergelijkbaar": selectors.vergelijkbaar(contractvorm=cv, user=request.user),
        "versies": [v for v in selectors.versies(gebied=cv.gebied, user=request.user) if v.pk != cv.pk],
        "lezingen": cv.tekstlezingen.prefetch_related("correcties"),
    }
    return render(request, "contractvormen/detail.html", ctx)


@login_required
def vergelijk(request):
    forms = list(selectors.contractvorm_list(user=request.user))
    ctx = {"forms": forms, "a": request.GET.get("a", ""), "b": request.GET.get("b", "")}
    if ctx["a"] and ctx["b"]:
        a, b = _get(request, ctx["a"]), _get(request, ctx["b"])
        v = selectors.vergelijking(a, b)
        v["verschillen"] = [
            {
                **d,
                "label": weergave.vraag_label(d["sleutel"]),
                "oud_label": weergave.label(d["sleutel"], d["oud"]),
                "nieuw_label": weergave.label(d["sleutel"], d["nieuw"]),
            }
            for d in v["verschillen"]
        ]
        v["richting"] = [{**r, "omschrijving": weergave.t(r["omschrijving"])} for r in v["richting"]]
        ctx["vergelijking"] = v
    return render(request, "contractvormen/vergelijk.html", ctx)


@login_required
def portfolio(request):
    """A provider's portfolio: the contract forms of every municipality it works for, on one map
    and grouped by archetype. ``?aanbieder=`` is a provider's uuid (a real provider in contracting)
    or a name on a portfolio line; a provider's own user sees its own portfolio by default."""
    keuze = request.GET.get("aanbieder", "")
    echte = selectors.portfolio_aanbieder(keuze=keuze, user=request.user)
    ctx = {
        "aanbieders": selectors.aanbieders_in_portfolio(user=request.user),
        "echte_aanbieders": selectors.portfolio_aanbieders(user=request.user),
        "aanbieder": keuze,
        "echte": echte,
    }
    if echte is not None or keuze:
        forms = selectors.portfolio_contractvormen(aanbieder=echte, aanbieder_naam=keuze, user=request.user)
        groepen = selectors.portfolio(forms=forms, user=request.user)
        for g in groepen:
            g["archetype"] = weergave.archetype(g["archetype"])
            g["kwadrant"] = weergave.kwadrant(g["kwadrant"])
        punten = _vertaal_punten(selectors.kaartpunten(forms))
        ctx.update(
            {
                "groepen": groepen,
                "punten": punten,
                "kaart": kaart_context(punten),
                "werkgebied": selectors.werkgebied_overzicht(aanbieder=echte, forms=forms) if echte else [],
                "naam": echte.naam if echte else keuze,
            }
        )
    return render(request, "contractvormen/portfolio.html", ctx)
