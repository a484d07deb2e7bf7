"""The start page (each role lands on its waiting work) and the error pages.

The start page asks the policy which blocks a role sees and the apps' count selectors how much work
waits (a fixed handful of aggregate queries, whatever the size of the region). The error pages
(400, 403, 404, 500 and a failed CSRF check) use the site's layout and the user's language and say
why and where to go; ``uitkomst.urls`` names them as Django's handlers.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, reverse
from django.utils.translation import gettext as _
from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

from uitkomst.accounts import policy
from uitkomst.audit import selectors as audit
from uitkomst.berichten import selectors as berichten
from uitkomst.catalogus import selectors as catalogus
from uitkomst.contractering import selectors as contractering
from uitkomst.declaraties import selectors as declaraties
from uitkomst.signalen import selectors as signalen
from uitkomst.subsidies import selectors as subsidies
from uitkomst.toegang import selectors as toegang
from uitkomst.trajecten import selectors as trajecten

logger = logging.getLogger(__name__)


def _taak(label: str, aantal: int | None, url: str, toelichting: str = "") -> dict:
    return {"label": label, "aantal": aantal, "url": url, "toelichting": toelichting}


def _blok(titel: str, taken: list[dict], links: list[tuple[str, str]] | None = None) -> dict:
    return {"titel": titel, "taken": taken, "links": links or []}


def _toegang(user) -> list[dict]:
    telling = toegang.werk_telling(user=user)
    traject = trajecten.werk_telling(user=user)
    werkvoorraad = reverse("toegang:werkvoorraad")
    taken = [
        _taak(_("Nieuwe verwijzingen zonder plan"), telling["nieuw"], f"{werkvoorraad}?zonder_plan=1"),
        _taak(_("Plannen nog zonder toewijzing"), telling["plannen_open"], werkvoorraad),
        _taak(
            _("Wachten op uw goedkeuring (vier ogen)"),
            traject["vier_ogen"] + telling["maatwerk"],
            reverse("toegang:goedkeuren"),
            _("toewijzingen en maatwerkprijzen van een collega; uw eigen aanvragen keurt een ander goed"),
        ),
        _taak(
            _("Acceptatie door de aanbieder te laat"),
            traject["te_laat"],
            reverse("trajecten:signalen"),
            _("toegewezen, maar niet geaccepteerd binnen de termijn"),
        ),
    ]
    if policy.mag(user, "berichten.verzoeken_lezen"):
        verzoeken = berichten.verzoek_telling(user=user)
        url = reverse("berichten:verzoeken")
        taken.insert(1, _taak(_("Verzoeken om toewijzing (JW315)"), verzoeken["toewijzing"], url))
        taken.insert(2, _taak(_("Verzoeken om wijziging (JW317)"), verzoeken["wijziging"], url))
    links = [
        (_("Nieuwe verwijzing"), reverse("toegang:verwijzing-nieuw")),
        (_("Cliënten"), reverse("toegang:client-list")),
    ]
    return [_blok(_("Toegang"), taken, links)]


def _verwijzer(user) -> list[dict]:
    telling = toegang.werk_telling(user=user)
    werkvoorraad = reverse("toegang:werkvoorraad")
    taken = [
        _taak(_("Uw verwijzingen"), telling["verwijzingen"], werkvoorraad),
        _taak(_("Nog niet opgepakt door de toegang"), telling["nieuw"], f"{werkvoorraad}?zonder_plan=1"),
    ]
    return [_blok(_("Verwijzen"), taken, [(_("Nieuwe verwijzing"), reverse("toegang:verwijzing-nieuw"))])]


def _aanbieder(user) -> list[dict]:
    blokken = []
    if policy.is_aanbieder(user):
        t = trajecten.werk_telling(user=user)
        lijst = reverse("trajecten:list")
        termijn = ""
        if t["eerste_termijn"]:
            termijn = _("eerste termijn: %(datum)s") % {"datum": t["eerste_termijn"].strftime("%d-%m-%Y")}
        taken = [
            _taak(_("Nieuwe toewijzingen te accepteren"), t["te_accepteren"], reverse("trajecten:inbox"), termijn),
            _taak(_("Geaccepteerd, nog te starten"), t["te_starten"], f"{lijst}?status=geaccepteerd"),
            _taak(_("Tussenevaluatie verwacht"), t["te_evalueren"], reverse("trajecten:inbox")),
            _taak(_("Einddatum verstreken, nog te beëindigen"), t["te_beeindigen"], f"{lijst}?status=gestart"),
        ]
        blokken.append(_blok(_("Trajecten"), taken))
    if policy.is_declarant(user):
        d = declaraties.werk_telling(user=user)
        overzicht = reverse("declaraties:overzicht")
        taken = [_taak(_("Afgewezen declaratieregels"), d["afgewezen"], overzicht, _("corrigeer en dien opnieuw in"))]
        links = [
            (_("Nieuwe declaratie"), reverse("declaraties:nieuw")),
            (_("Betaalrondes"), reverse("declaraties:betaalrondes")),
        ]
        blokken.append(_blok(_("Declaraties"), taken, links))
    return blokken


def _financien(user) -> list[dict]:
    d = declaraties.werk_telling(user=user)
    taken = [
        _taak(
            _("Declaratieregels te beoordelen"),
            d["te_beoordelen"],
            reverse("declaraties:beoordelen"),
            _("samen %(bedrag)s") % {"bedrag": _euro(d["te_beoordelen_bedrag"])} if d["te_beoordelen"] else "",
        ),
    ]
    if policy.mag(user, "declaraties.betaalronde_lezen"):
        taken.append(
            _taak(
                _("Goedgekeurd, klaar voor een betaalronde"),
                d["klaar_voor_betaling"],
                reverse("declaraties:betaalrondes"),
            )
        )
        taken.append(_taak(_("Betaalrondes"), d["betaalrondes"], reverse("declaraties:betaalrondes")))
    return [_blok(_("Financiën"), taken, [(_("Legitimiteit"), reverse("declaraties:legitimiteit"))])]


def _contractmanager(user) -> list[dict]:
    c = contractering.werk_telling(user=user)
    overzicht = reverse("contractering:overzicht")
    taken = [
        _taak(_("Aanmeldingen te beoordelen"), c["aanmeldingen"], overzicht, _("toetredingsronde")),
        _taak(_("Raamovereenkomsten die binnen 3 maanden aflopen"), c["aflopend"], overzicht),
        _taak(_("Kwaliteitsbewijzen die binnen 3 maanden verlopen"), c["bewijs_aflopend"], overzicht),
        _taak(_("Verlopen kwaliteitsbewijzen"), c["bewijs_verlopen"], overzicht),
    ]
    return [_blok(_("Contractering"), taken, [(_("Inkoopmodellen"), reverse("catalogus:model-list"))])]


def _sturing(user) -> list[dict]:
    open_signalen = sum(signalen.signaal_telling(user).values())
    taken = [_taak(_("Open signalen"), open_signalen, reverse("sturing:signalen"))]
    links = [(_("Monitor"), reverse("sturing:monitor")), (_("Budgetten"), reverse("sturing:budgetten"))]
    return [_blok(_("Sturing"), taken, links)]


def _beleid(user) -> list[dict]:
    """The policy adviser's own work: the municipality's subsidies to decide and settle, and the
    analysis tools (contract forms, funding simulation) next to the steering figures."""
    s = subsidies.werk_telling(user=user)
    overzicht = reverse("subsidies:overzicht")
    taken = [
        _taak(_("Subsidieaanvragen te besluiten"), s["aanvragen"], overzicht),
        _taak(_("Verantwoordingen vast te stellen"), s["verantwoordingen"], overzicht),
    ]
    links = [
        (_("Contractvormen vergelijken"), reverse("contractvormen:vergelijk")),
        (_("Aanbestedingstekst lezen"), reverse("contractvormen:lezen")),
    ]
    if policy.mag(user, "simulatie.lezen"):
        links.append((_("Bekostiging simuleren"), reverse("simulatie:simulatie")))
    return [_blok(_("Beleid en subsidies"), taken, links)]


def _privacy(user) -> list[dict]:
    taken = [
        _taak(
            _("Inzage in persoonsgegevens, afgelopen 7 dagen"),
            audit.inzage_telling(user=user),
            reverse("audit:inzage-list"),
        )
    ]
    return [_blok(_("Auditlog"), taken)]


def _euro(bedrag) -> str:
    from uitkomst.web.templatetags.geld import euro

    return euro(bedrag)


def werk_blokken(user) -> list[dict]:
    """The blocks of waiting work on ``user``'s start page, in the order a role works."""
    blokken: list[dict] = []
    if policy.mag(user, "toegang.toegangswerk") and not policy.is_installatie(user):
        blokken += _toegang(user)
    if policy.is_verwijzer(user):
        blokken += _verwijzer(user)
    if policy.is_aanbieder(user) or policy.is_declarant(user):
        blokken += _aanbieder(user)
    if policy.mag(user, "declaraties.regel_beoordelen") and not policy.is_installatie(user):
        blokken += _financien(user)
    if policy.mag(user, "contractering.overzicht_lezen") and not policy.is_installatie(user):
        blokken += _contractmanager(user)
    if policy.is_beleidsadviseur(user):
        blokken += _beleid(user)
    if policy.mag(user, "sturing.lezen") and not policy.is_installatie(user):
        blokken += _sturing(user)
    if policy.mag(user, "audit.lezen"):
        blokken += _privacy(user)
    return blokken


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "web/home.html", {"modellen": catalogus.inkoopmodel_list(user=user)})
    return render(request, "web/start.html", {"blokken": werk_blokken(user)})


# --- error pages -----------------------------------------------------------------------------


def _bericht(exception) -> str:
    """The refusal's own message when it is one written for people (Dutch), else empty."""
    if exception is None or isinstance(exception, Resolver404):
        return ""
    message = getattr(exception, "message", None)
    if message is None and exception.args:
        message = exception.args[0]
    if not isinstance(message, str) or not message:
        return ""
    if isinstance(exception, Http404) and ("matches the given query" in message or message.startswith("No ")):
        return ""  # Django's own English text for get_object_or_404
    return message


def _fout(request, template: str, status: int, exception=None) -> HttpResponse:
    return render(request, template, {"bericht": _bericht(exception), "status": status}, status=status)


def fout_400(request, exception=None):
    return _fout(request, "400.html", 400, None)


def geen_toegang(request, exception=None):
    """403: the policy's (or the view's) Dutch message, and where to go instead."""
    return _fout(request, "403.html", 403, exception)


def niet_gevonden(request, exception=None):
    return _fout(request, "404.html", 404, exception)


def csrf_mislukt(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the form was sent from an old page or without cookies."""
    return render(request, "403_csrf.html", {"status": 403}, status=403)


def serverfout(request):
    """500 in the layout. Rendering the layout may itself fail (a broken database): then a bare page."""
    try:
        return render(request, "500.html", {"status": 500}, status=500)
    except Exception:  # noqa: BLE001 - the last line of defence must answer
        logger.exception("500-pagina kon niet in de opmaak worden getoond")
        return HttpResponseServerError(loader.get_template("500_kaal.html").render())


@extend_schema(exclude=True)  # a page, not an API operation
class ApiDocumentatie(SpectacularSwaggerSplitView):
    """The API documentation as a page in the site's layout: Swagger UI from drf-spectacular's sidecar
    (our own static files, no CDN), its start script a separate file (``?script``) as the
    Content-Security-Policy allows no inline script. The YAML stays downloadable at ``api:schema``."""

    url_name = "api:schema"

    def get(self, request, *args, **kwargs):
        if request.GET.get("script") is not None:
            return super().get(request, *args, **kwargs)
        context = {
            "swagger_ui_css": self._swagger_ui_resource("swagger-ui.css"),
            "swagger_ui_bundle": self._swagger_ui_resource("swagger-ui-bundle.js"),
            "swagger_ui_standalone": self._swagger_ui_resource("swagger-ui-standalone-preset.js"),
            "script_url": set_query_parameters(request.get_full_path(), script=""),
            "schema_yaml": reverse("api:schema"),
        }
        return render(request._request, "web/api_documentatie.html", context)
