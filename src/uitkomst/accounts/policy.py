"""The one authorization policy: who may do what, on which object, and which rows they see.

Every service calls ``vereis(door, "<app>.<actie>", obj)`` before it changes anything; every
selector that returns personal or organisation-bound rows filters with ``rijen(user, soort)``.
Edges (pages, API, admin, CLI) do not check roles themselves: they call the services and let the
``NotAllowed`` (403, code ``geen_toegang``) propagate.

The rules are data. ``ACTIES`` maps an action name to the role grants that allow it; a grant is
``Mag(scope, recht, object)``: a user whose role has this scope (``Rol.Scope``) and holds this right
(``None``: the scope alone suffices) may, provided the object predicate named ``object`` holds for
the object acted on (``None``: any object). ``mag(user, actie)`` without an object answers "may
this role do this at all" (pages use it to show a button); services always pass the object.

Object predicates read ids through field paths (``gemeente_id``, ``regio_id``, ``aanbieder_id``),
following ``inkoopmodel``/``procedure``/``ronde``/``traject``/... where the object does not carry
the id itself, so the policy works for any model of any app without importing it. An action on an
object that does not exist yet (an application, an agreement) is checked against an unsaved
instance that carries the fields the predicate reads.

Layering: this module lives in ``accounts`` (the bottom layer) and imports nothing from higher
apps. Row filters are built from field paths (``Q(gemeente_id=...)``); where a subquery on a higher
model is unavoidable (a referrer's or provider's clients) the model is looked up at call time with
``django.apps.apps.get_model("trajecten", "Traject")``.

System jobs (the demo builder, scheduled commands) act as a named system actor
(``systeem_actor("demo")``): an inactive user with an unusable password in the role ``systeem``
(scope installatie), so every history and audit row names it. There is no ``door=None`` bypass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from uitkomst.utils.errors import NotAllowed

from .models import Gebruiker, Rol

INSTALLATIE = Rol.Scope.INSTALLATIE.value
REGIO = Rol.Scope.REGIO.value
GEMEENTE = Rol.Scope.GEMEENTE.value
AANBIEDER = Rol.Scope.AANBIEDER.value
VERWIJZER = Rol.Scope.VERWIJZER.value

SYSTEEM_ROL = "systeem"
NIETS = Q(pk__in=[])


# --- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mag:
    """A grant: a role of ``scope`` holding ``recht`` may, if predicate ``object`` holds."""

    scope: str
    recht: str | None = None
    object: str | None = None


@dataclass(frozen=True)
class Actie:
    omschrijving: str  # Dutch, completes "U mag ... niet": "dit traject accepteren"
    mag: tuple[Mag, ...]


HEEL = Mag(INSTALLATIE)  # the installation (administrators, superusers, the system actors)

# reusable grant sets
_CATALOGUS = (HEEL, Mag(REGIO, "catalogus.beheren", "eigen_regio"))
_CONTRACTMANAGER = (HEEL, Mag(REGIO, "contractering.beheren", "eigen_regio"))
_CONTRACTMANAGER_ALGEMEEN = (HEEL, Mag(REGIO, "contractering.beheren"))
_TOEGANG = (HEEL, Mag(GEMEENTE, "toewijzing.beheren", "eigen_gemeente"))
# The provider's own acts (acceptance obligation): nobody, not even the installation, acts for it.
_AANBIEDER_TRAJECT = (Mag(AANBIEDER, "traject.beheren", "eigen_aanbieder_zichtbaar"),)
_TRAJECT_BEIDE = (*_TOEGANG, Mag(AANBIEDER, "traject.beheren", "eigen_aanbieder_zichtbaar"))
_FINANCIEN = (HEEL, Mag(GEMEENTE, "declaratie.beoordelen", "eigen_gemeente"))
# reading reports at all: which rows is decided by ``rijen`` (the region's, the municipality's)
_RAPPORTAGE = (HEEL, Mag(REGIO, "rapportages.lezen"), Mag(GEMEENTE, "rapportages.lezen"))
_CONTRACTVORM = (HEEL, Mag(REGIO, "contractering.beheren"), Mag(REGIO, "catalogus.beheren"))
# subsidies (issue 17): the region's contract manager (or a municipality's policy adviser with
# ``subsidie.beheren``) manages schemes, grants and settlements; the provider applies and reports for
# itself; finance pays the advances
_SUBSIDIEBEHEER = (
    HEEL,
    Mag(REGIO, "contractering.beheren", "eigen_regio"),
    Mag(GEMEENTE, "subsidie.beheren", "eigen_gemeente"),
)
_SUBSIDIE_AANBIEDER = (HEEL, Mag(AANBIEDER, "contractering.aanmelden", "eigen_aanbieder"))

ACTIES: dict[str, Actie] = {
    # catalogus (object: the purchasing model, or anything that leads to one)
    "catalogus.inkoopmodel_aanmaken": Actie("een inkoopmodel aanmaken in deze regio", _CATALOGUS),
    "catalogus.inkoopmodel_wijzigen": Actie("dit inkoopmodel wijzigen", _CATALOGUS),
    "catalogus.product_aanmaken": Actie("een product aan dit inkoopmodel toevoegen", _CATALOGUS),
    "catalogus.product_wijzigen": Actie("dit product wijzigen", _CATALOGUS),
    "catalogus.tarief_aanmaken": Actie("een tarief vastleggen voor dit product", _CATALOGUS),
    "catalogus.tarief_herzien": Actie("het tarief van dit product herzien", _CATALOGUS),
    "catalogus.kostensegment_aanmaken": Actie("een kostensegment vastleggen voor dit inkoopmodel", _CATALOGUS),
    "catalogus.betaalschema_opslaan": Actie("een betaalschema vastleggen voor dit inkoopmodel", _CATALOGUS),
    "catalogus.uitsluiting_opslaan": Actie("een uitsluiting vastleggen voor dit inkoopmodel", _CATALOGUS),
    "catalogus.beeindigingsregel_vastleggen": Actie("de beëindigingsregel van dit betaalschema vastleggen", _CATALOGUS),
    # contractering
    "contractering.lezen": Actie(
        "contractering inzien", (HEEL, Mag(REGIO, "contractering.lezen"), Mag(AANBIEDER, None))
    ),
    "contractering.overzicht_lezen": Actie(
        "het contracteringsoverzicht inzien", (HEEL, Mag(REGIO, "contractering.lezen"))
    ),
    "contractering.aanbieder_aanmaken": Actie("een aanbieder registreren", _CONTRACTMANAGER_ALGEMEEN),
    "contractering.aanbieder_wijzigen": Actie(
        "de gegevens van deze aanbieder wijzigen",
        (*_CONTRACTMANAGER_ALGEMEEN, Mag(AANBIEDER, "contractering.aanmelden", "eigen_aanbieder")),
    ),
    "contractering.kwaliteitseis_opslaan": Actie("een kwaliteitseis vastleggen voor dit inkoopmodel", _CONTRACTMANAGER),
    "contractering.kwaliteitsbewijs_toevoegen": Actie(
        "een kwaliteitsbewijs vastleggen voor deze aanbieder",
        (*_CONTRACTMANAGER_ALGEMEEN, Mag(AANBIEDER, "contractering.aanmelden", "eigen_aanbieder")),
    ),
    "contractering.inkoopprocedure_aanmaken": Actie(
        "een inkoopprocedure voor dit inkoopmodel aanmaken", _CONTRACTMANAGER
    ),
    "contractering.toetredingsronde_aanmaken": Actie("een toetredingsronde in deze procedure openen", _CONTRACTMANAGER),
    "contractering.aanmelding_indienen": Actie(
        "deze aanmelding indienen",
        (*_CONTRACTMANAGER, Mag(AANBIEDER, "contractering.aanmelden", "eigen_aanbieder")),
    ),
    "contractering.aanmelding_beoordelen": Actie("deze aanmelding beoordelen", _CONTRACTMANAGER),
    "contractering.aanmelding_besluiten": Actie("over deze aanmelding besluiten", _CONTRACTMANAGER),
    "contractering.aanmelding_intrekken": Actie(
        "deze aanmelding intrekken",
        (*_CONTRACTMANAGER, Mag(AANBIEDER, "contractering.aanmelden", "eigen_aanbieder")),
    ),
    "contractering.raamovereenkomst_aanmaken": Actie(
        "een raamovereenkomst voor dit inkoopmodel sluiten", _CONTRACTMANAGER
    ),
    "contractering.raamovereenkomst_wijzigen": Actie(
        "deze raamovereenkomst wijzigen (verlengen, opschorten, hervatten, beëindigen, producten toevoegen)",
        _CONTRACTMANAGER,
    ),
    "contractering.onderaanneming_melden": Actie(
        "een onderaannemer bij deze raamovereenkomst melden",
        (*_CONTRACTMANAGER, Mag(AANBIEDER, "contractering.aanmelden", "eigen_aanbieder")),
    ),
    # competitive procedures (issue 17, a selected set of providers; object: the aanbesteding, which
    # leads to its region through procedure -> inkoopmodel): the region's contract manager manages,
    # scores and awards; a provider tenders for itself only (nobody tenders for it)
    "contractering.aanbesteding_beheren": Actie("een aanbesteding in deze procedure beheren", _CONTRACTMANAGER),
    "contractering.aanbesteding_beoordelen": Actie("de inschrijvingen in deze aanbesteding scoren", _CONTRACTMANAGER),
    "contractering.aanbesteding_gunnen": Actie("over de gunning van deze aanbesteding besluiten", _CONTRACTMANAGER),
    "contractering.inschrijving_indienen": Actie(
        "voor deze aanbieder inschrijven op deze aanbesteding",
        (HEEL, Mag(AANBIEDER, "contractering.aanmelden", "eigen_aanbieder")),
    ),
    # toegang
    "toegang.werkvoorraad": Actie(
        "verwijzingen inzien",
        (
            HEEL,
            Mag(REGIO, "contractering.lezen"),
            Mag(GEMEENTE, "toewijzing.beheren"),
            Mag(VERWIJZER, "verwijzing.aanmaken"),
        ),
    ),
    "toegang.toegangswerk": Actie(
        "de pagina's van de toegang van een gemeente gebruiken", (HEEL, Mag(GEMEENTE, "toewijzing.beheren"))
    ),
    "toegang.verwijzing_aanmaken": Actie(
        "een verwijzing voor een inwoner van deze gemeente aanmaken",
        (HEEL, Mag(GEMEENTE, "verwijzing.beheren", "eigen_gemeente"), Mag(VERWIJZER, "verwijzing.aanmaken")),
    ),
    "toegang.client_aanmaken": Actie("een cliënt van deze gemeente vastleggen", _TOEGANG),
    "toegang.verwijzing_aanvullen": Actie("deze verwijzing aanvullen", _TOEGANG),
    "toegang.gezinsplan_aanmaken": Actie("een gezinsplan bij deze verwijzing opstellen", _TOEGANG),
    "toegang.gezinsplan_profiel_kiezen": Actie("profiel en intensiteit van dit plan kiezen", _TOEGANG),
    "toegang.maatwerk_goedkeuren": Actie("de maatwerkprijs van dit plan goedkeuren", _TOEGANG),
    # trajecten (object: the plan, assignment or trajectory)
    "trajecten.lezen": Actie(
        "trajecten inzien",
        (
            HEEL,
            Mag(REGIO, "contractering.lezen"),
            Mag(GEMEENTE, "toewijzing.beheren"),
            Mag(AANBIEDER, "traject.beheren"),
        ),
    ),
    # which party of the trajectory's transition table (trajecten.workflow) a user acts as
    "trajecten.handelen_als_aanbieder": Actie("voor de aanbieder van dit traject handelen", _AANBIEDER_TRAJECT),
    "trajecten.handelen_als_toegang": Actie("voor de toegang van de gemeente van dit traject handelen", _TOEGANG),
    "trajecten.toewijzing_aanmaken": Actie("voor een cliënt van deze gemeente toewijzen", _TOEGANG),
    "trajecten.toewijzing_goedkeuren": Actie("deze toewijzing goedkeuren (vier ogen)", _TOEGANG),
    "trajecten.traject_accepteren": Actie("dit traject accepteren", _AANBIEDER_TRAJECT),
    "trajecten.traject_afwijzen": Actie("dit traject afwijzen", _AANBIEDER_TRAJECT),
    "trajecten.traject_starten": Actie("dit traject starten", _AANBIEDER_TRAJECT),
    "trajecten.traject_intrekken": Actie("dit traject intrekken", _TOEGANG),
    "trajecten.traject_evalueren": Actie("dit traject tussentijds evalueren", _TRAJECT_BEIDE),
    "trajecten.traject_beeindigen": Actie("dit traject beëindigen", _TRAJECT_BEIDE),
    "trajecten.traject_afsluiten": Actie("dit traject afsluiten", _TRAJECT_BEIDE),
    "trajecten.traject_wijzigen": Actie("dit traject naar een ander product wijzigen", _TOEGANG),
    "trajecten.onderaannemer_toevoegen": Actie("een onderaannemer aan dit traject toevoegen", _AANBIEDER_TRAJECT),
    "trajecten.stapeling_uitzondering_aanvragen": Actie(
        "een stapelingsuitzondering voor deze cliënt aanvragen", _TOEGANG
    ),
    "trajecten.stapeling_uitzondering_goedkeuren": Actie("deze stapelingsuitzondering goedkeuren", _TOEGANG),
    # declaraties
    "declaraties.lezen": Actie(
        "declaraties inzien",
        (HEEL, Mag(AANBIEDER, "declaratie.indienen"), Mag(GEMEENTE, "declaratie.beoordelen")),
    ),
    "declaraties.declaratie_indienen": Actie(
        "een declaratie indienen voor deze aanbieder", (HEEL, Mag(AANBIEDER, "declaratie.indienen", "eigen_aanbieder"))
    ),
    "declaraties.regel_crediteren": Actie(
        "deze declaratieregel crediteren", (HEEL, Mag(AANBIEDER, "declaratie.indienen", "eigen_aanbieder"))
    ),
    "declaraties.regel_beoordelen": Actie("deze declaratieregel goed- of afkeuren", _FINANCIEN),
    "declaraties.betaalronde_maken": Actie(
        "een betaalronde voor deze gemeente maken", (HEEL, Mag(GEMEENTE, "betaalronde.beheren", "eigen_gemeente"))
    ),
    "declaraties.betaalronde_lezen": Actie(
        "betaalrondes inzien",
        (HEEL, Mag(GEMEENTE, "betaalronde.beheren"), Mag(AANBIEDER, "declaratie.indienen")),
    ),
    "declaraties.betaalronde_exporteren": Actie(
        "deze betaalronde exporteren", (HEEL, Mag(GEMEENTE, "betaalronde.beheren", "eigen_gemeente"))
    ),
    "declaraties.legitimiteit_lezen": Actie(
        "het legitimiteitsrapport inzien",
        (
            HEEL,
            Mag(AANBIEDER, "declaratie.indienen"),
            Mag(GEMEENTE, "declaratie.beoordelen"),
            Mag(REGIO, "rapportages.lezen"),
        ),
    ),
    "declaraties.volume_vastleggen": Actie("het volume van deze toewijzing vastleggen", _TOEGANG),
    "declaraties.lumpsum_afspreken": Actie("een lumpsumafspraak voor deze gemeente maken", _FINANCIEN),
    "declaraties.lumpsum_termijnen": Actie("de lumpsumtermijnen van deze gemeente klaarzetten", _FINANCIEN),
    # uitkomsten en sturing
    "uitkomsten.meting_vastleggen": Actie("de uitkomst van dit traject vastleggen", _TRAJECT_BEIDE),
    "uitkomsten.lezen": Actie("uitkomsten inzien", (*_RAPPORTAGE, Mag(AANBIEDER, "traject.beheren"))),
    "uitkomsten.regio_lezen": Actie(
        "alle uitkomsten van deze regio inzien", (HEEL, Mag(REGIO, "rapportages.lezen", "eigen_regio"))
    ),
    "uitkomsten.nieuwe_hulp_bepalen": Actie("indicator 3.2 (geen nieuwe hulp) bepalen (geplande taak)", (HEEL,)),
    "sturing.lezen": Actie("de sturingsinformatie van deze gemeente of regio inzien", _RAPPORTAGE),
    "sturing.budgetplafond_vaststellen": Actie(
        "het budgetplafond van deze gemeente vaststellen", (HEEL, Mag(GEMEENTE, "rapportages.lezen", "eigen_gemeente"))
    ),
    "sturing.tarief_herzien": Actie("het tarief van dit product herzien", _CATALOGUS),
    "sturing.aanbieder_spiegel": Actie(
        "de spiegelinformatie van deze aanbieder inzien",
        (HEEL, Mag(REGIO, "rapportages.lezen"), Mag(AANBIEDER, "traject.beheren", "eigen_aanbieder")),
    ),
    "signaal.afhandelen": Actie(
        "dit signaal afhandelen",
        (
            HEEL,
            Mag(REGIO, "rapportages.lezen", "eigen_regio"),
            Mag(GEMEENTE, "rapportages.lezen", "eigen_gemeente"),
        ),
    ),
    "signaal.verversen": Actie("de signalen verversen (geplande taak)", (HEEL,)),
    # tariefontwerp en simulatie (issue 16)
    "tariefontwerp.beheren": Actie("een tariefontwerp voor deze regio maken of wijzigen", _CATALOGUS),
    "tariefontwerp.lezen": Actie(
        "tariefontwerpen van deze regio inzien", (*_CATALOGUS, Mag(REGIO, "rapportages.lezen", "eigen_regio"))
    ),
    "simulatie.lezen": Actie(
        "bekostigingsvormen simuleren voor deze gemeente of regio",
        (HEEL, Mag(REGIO, "rapportages.lezen", "eigen_regio"), Mag(GEMEENTE, "rapportages.lezen", "eigen_gemeente")),
    ),
    # berichten (iJw messages)
    "berichten.verzoeken_lezen": Actie("verzoeken om toewijzing inzien", (HEEL, Mag(GEMEENTE), Mag(AANBIEDER))),
    # contractvormen (public procurement choices, no region)
    "contractvormen.contractvorm_beheren": Actie("contractvormen vastleggen of wijzigen", _CONTRACTVORM),
    # personal data (issue 12, least privilege): BSN and date of birth are shown, and clients are
    # searched by BSN, only for roles with a care or access relation that needs them; every other
    # role sees the pseudonymous client reference ("C-7Q3K9P"). No provider grant: see docs/security.md.
    "toegang.bsn_inzien": Actie(
        "het BSN en de geboortedatum van cliënten inzien",
        (Mag(INSTALLATIE, "bsn.zien"), Mag(GEMEENTE, "bsn.zien"), Mag(VERWIJZER, "bsn.zien")),
    ),
    "toegang.bsn_zoeken": Actie(
        "cliënten op BSN zoeken",
        (Mag(INSTALLATIE, "bsn.zien"), Mag(GEMEENTE, "bsn.zien"), Mag(VERWIJZER, "bsn.zien")),
    ),
    # row-level outcome data only with a care relation (the provider's own clients); every other
    # reader gets the aggregated, suppressed indicators (``uitkomsten.lezen``)
    "uitkomsten.metingen_lezen": Actie("uitkomstmetingen per cliënt inzien", (HEEL, Mag(AANBIEDER, "traject.beheren"))),
    # audit
    "audit.lezen": Actie("het auditlog lezen", (Mag(INSTALLATIE, "audit.lezen"), Mag(REGIO, "audit.lezen"))),
    # beheer
    "accounts.gebruiker_aanmaken": Actie("gebruikers aanmaken of wijzigen", (Mag(INSTALLATIE, "gebruikers.beheren"),)),
    # subsidies (issue 17; object: the scheme, application, grant or advance, all carry the municipality)
    "subsidies.lezen": Actie(
        "subsidies inzien",
        (
            HEEL,
            Mag(REGIO, "contractering.lezen"),
            Mag(GEMEENTE, "rapportages.lezen"),
            Mag(GEMEENTE, "subsidie.beheren"),
            Mag(AANBIEDER, "contractering.aanmelden"),
        ),
    ),
    "subsidies.regeling_beheren": Actie("een subsidieregeling van deze gemeente vastleggen", _SUBSIDIEBEHEER),
    "subsidies.aanvraag_indienen": Actie(
        "een subsidieaanvraag voor deze aanbieder indienen", (*_SUBSIDIEBEHEER, *_SUBSIDIE_AANBIEDER[1:])
    ),
    "subsidies.verlening_besluiten": Actie(
        "over deze subsidieaanvraag besluiten (verlenen of afwijzen)", _SUBSIDIEBEHEER
    ),
    "subsidies.voorschot_betalen": Actie(
        "dit voorschot betalen", (HEEL, Mag(GEMEENTE, "betaalronde.beheren", "eigen_gemeente"))
    ),
    "subsidies.verantwoording_indienen": Actie("de verantwoording van deze subsidie indienen", _SUBSIDIE_AANBIEDER),
    "subsidies.vaststellen": Actie("deze subsidie vaststellen", _SUBSIDIEBEHEER),
    # algemene voorzieningen (issue 17 point 2; object: the district, provision or report, all carry the
    # municipality): the region's contract manager (or a municipality's subsidy adviser) manages them,
    # the provider of the provision reports attendance for itself, the municipality's access refers
    "voorzieningen.lezen": Actie(
        "algemene voorzieningen inzien",
        (
            HEEL,
            Mag(REGIO, "contractering.lezen"),
            Mag(REGIO, "rapportages.lezen"),
            Mag(GEMEENTE, "rapportages.lezen"),
            Mag(GEMEENTE, "toewijzing.beheren"),
            Mag(GEMEENTE, "subsidie.beheren"),
            Mag(AANBIEDER, "traject.beheren"),
        ),
    ),
    "voorzieningen.beheren": Actie("een algemene voorziening of wijk van deze gemeente vastleggen", _SUBSIDIEBEHEER),
    "voorzieningen.deelname_melden": Actie(
        "de deelname aan deze algemene voorziening melden", (HEEL, Mag(AANBIEDER, "traject.beheren", "eigen_aanbieder"))
    ),
    "voorzieningen.verwijzen": Actie("inwoners van deze gemeente naar deze algemene voorziening verwijzen", _TOEGANG),
    # personal budget (pgb, issue 17 point 5): the access workers of the client's municipality record
    # the request and decide; reading the decisions (personal data) is theirs too: which rows, the
    # rows filter "gemeentedossier" decides (their own municipality's)
    "toegang.pgb_lezen": Actie("pgb-besluiten inzien", (HEEL, Mag(GEMEENTE, "toewijzing.beheren"))),
    "toegang.pgb_aanvragen": Actie("een pgb voor een cliënt van deze gemeente aanvragen", _TOEGANG),
    "toegang.pgb_besluiten": Actie("over dit pgb besluiten (toekennen, afwijzen, intrekken, beëindigen)", _TOEGANG),
}


# --- who is the user ------------------------------------------------------------------------


def scope(user) -> str | None:
    """The scope the user acts in (``Rol.Scope`` value), or None for anonymous / role-less users."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return INSTALLATIE
    return user.rol.scope if user.rol_id else None


def rol_code(user) -> str:
    """The role to record in an audit row: the role's code, ``superuser``, or empty."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    if user.rol_id:
        return user.rol.code
    return "superuser" if user.is_superuser else ""


def heeft_recht(user, recht: str) -> bool:
    if scope(user) is None:
        return False
    return user.has_right(recht)


def _grant_holds(user, s: str, grant: Mag) -> bool:
    if grant.scope != s:
        return False
    if grant.recht is not None and not user.has_right(grant.recht):
        return False
    # a scope needs its organisation: a municipality role without municipality acts for nobody
    org = {GEMEENTE: "gemeente_id", AANBIEDER: "aanbieder_id", REGIO: "regio_id", VERWIJZER: "verwijzer_code"}.get(s)
    return org is None or bool(getattr(user, org, None))


# --- object predicates ----------------------------------------------------------------------

_VIA = (
    "traject",
    "toewijzing",
    "plan",
    "verwijzing",
    "client",
    "declaratie",
    "overeenkomst",
    "raamovereenkomst",
    "aanmelding",
    "ronde",
    "procedure",
    "betaalschema",
    "product",
    "inkoopmodel",
)


def _label(obj) -> str:
    meta = getattr(obj, "_meta", None)
    return meta.label_lower if meta else ""


def _veld(obj, attr: str, depth: int = 0):
    """``obj.<attr>``, or the same field on an object it leads to (``traject``, ``inkoopmodel``...)."""
    if obj is None or depth > 5:
        return None
    if hasattr(obj, attr):
        value = getattr(obj, attr)
        if value is not None:
            return value
    for via in _VIA:
        if hasattr(obj, f"{via}_id") and getattr(obj, f"{via}_id", None) is not None:
            value = _veld(getattr(obj, via), attr, depth + 1)
            if value is not None:
                return value
    return None


def gemeente_id(obj) -> int | None:
    if _label(obj) == "organisaties.gemeente":
        return obj.pk
    return _veld(obj, "gemeente_id")


def regio_id(obj) -> int | None:
    if _label(obj) == "organisaties.regio":
        return obj.pk
    value = _veld(obj, "regio_id")
    if value is None and (gid := _veld(obj, "gemeente_id")) is not None:
        Gemeente = apps.get_model("organisaties", "Gemeente")
        value = Gemeente.objects.filter(pk=gid).values_list("regio_id", flat=True).first()
    return value


def aanbieder_id(obj) -> int | None:
    if _label(obj) == "contractering.aanbieder":
        return obj.pk
    return _veld(obj, "aanbieder_id")


def _eigen_gemeente(user, obj) -> bool:
    return user.gemeente_id is not None and gemeente_id(obj) == user.gemeente_id


def _eigen_regio(user, obj) -> bool:
    return user.regio_id is not None and regio_id(obj) == user.regio_id


def _eigen_aanbieder(user, obj) -> bool:
    return user.aanbieder_id is not None and aanbieder_id(obj) == user.aanbieder_id


def _eigen_aanbieder_zichtbaar(user, obj) -> bool:
    """Own provider, and the trajectory/assignment has been released to it."""
    if not _eigen_aanbieder(user, obj):
        return False
    if hasattr(obj, "zichtbaar_voor_aanbieder"):
        return bool(obj.zichtbaar_voor_aanbieder)
    if hasattr(obj, "vrijgegeven_op"):
        return obj.vrijgegeven_op is not None
    return True


def _eigen_verwijzing(user, obj) -> bool:
    return bool(user.verwijzer_code) and getattr(obj, "verwijzer_code", None) == user.verwijzer_code


PREDICATEN: dict[str, Callable[[object, object], bool]] = {
    "eigen_gemeente": _eigen_gemeente,
    "eigen_regio": _eigen_regio,
    "eigen_aanbieder": _eigen_aanbieder,
    "eigen_aanbieder_zichtbaar": _eigen_aanbieder_zichtbaar,
    "eigen_verwijzing": _eigen_verwijzing,
}


# --- the questions --------------------------------------------------------------------------


def mag(user, actie: str, obj=None) -> bool:
    """May ``user`` do ``actie`` (on ``obj``)? Without ``obj``: may this role do it at all?"""
    try:
        regel = ACTIES[actie]
    except KeyError:
        raise KeyError(f"Onbekende actie in het autorisatiebeleid: {actie!r}") from None
    s = scope(user)
    if s is None:
        return False
    for grant in regel.mag:
        if not _grant_holds(user, s, grant):
            continue
        if obj is None or grant.object is None or PREDICATEN[grant.object](user, obj):
            return True
    return False


def vereis(user, actie: str, obj=None) -> None:
    """Refuse (``NotAllowed``, code ``geen_toegang``) unless ``mag(user, actie, obj)``."""
    if mag(user, actie, obj):
        return
    regel = ACTIES[actie]
    s = scope(user)
    if s is None:
        raise NotAllowed(f"Log eerst in. Zonder rol mag u dit niet: {regel.omschrijving}.", code="geen_toegang")
    if obj is not None and any(_grant_holds(user, s, g) for g in regel.mag):
        genoemd = _label(obj) in ("organisaties.gemeente", "organisaties.regio", "contractering.aanbieder")
        wie = f" ({obj})" if genoemd else ""
        raise NotAllowed(
            f"Dit mag u niet: {regel.omschrijving}. Het hoort bij een andere gemeente, aanbieder of regio{wie}.",
            code="geen_toegang",
        )
    raise NotAllowed(f"Dit mag uw rol niet: {regel.omschrijving}.", code="geen_toegang")


def mag_bsn_zien(user) -> bool:
    """The one rule for BSN and date of birth (``toegang.bsn_inzien``): serializers, templates,
    exports and messages consult it; without it they show the client reference only."""
    return mag(user, "toegang.bsn_inzien")


def regio_gemeenten(user) -> list[int]:
    """The municipality ids of the user's region: filtering on these avoids a join on every list."""
    Gemeente = apps.get_model("organisaties", "Gemeente")
    return list(Gemeente.objects.filter(regio_id=user.regio_id).values_list("pk", flat=True))


def is_installatie(user) -> bool:
    return scope(user) == INSTALLATIE


def is_verwijzer(user) -> bool:
    """A referrer (GP, youth doctor...): refers under its own identifier, with the short form."""
    s = scope(user)
    return s is not None and _verwijzer(user, s)


def is_aanbieder(user) -> bool:
    """A provider user acting for its own organisation."""
    s = scope(user)
    return s is not None and _aanbieder(user, s)


def is_declarant(user) -> bool:
    """A provider user who submits invoices for its own organisation."""
    s = scope(user)
    return s is not None and _declarant(user, s)


def is_beleidsadviseur(user) -> bool:
    """A municipality's policy adviser: manages the municipality's subsidies (``subsidie.beheren``)
    and reads its steering figures; starts on the subsidy work and the analysis tools."""
    return scope(user) == GEMEENTE and user.has_right("subsidie.beheren") and user.gemeente_id is not None


def eigen_aanbieder_id(user) -> int | None:
    """The provider a provider-role user acts for (None for every other role)."""
    return user.aanbieder_id if scope(user) == AANBIEDER and user.aanbieder_id else None


# --- row filters ----------------------------------------------------------------------------


def _regio_lezer(user, s) -> bool:
    return s == REGIO and user.has_right("contractering.lezen") and user.regio_id is not None


def _toegang(user, s) -> bool:
    return s == GEMEENTE and user.has_right("toewijzing.beheren") and user.gemeente_id is not None


def _aanbieder(user, s) -> bool:
    return s == AANBIEDER and user.has_right("traject.beheren") and user.aanbieder_id is not None


def _verwijzer(user, s) -> bool:
    return s == VERWIJZER and user.has_right("verwijzing.aanmaken") and bool(user.verwijzer_code)


def _rapportage_regio(user, s) -> bool:
    return s == REGIO and user.has_right("rapportages.lezen") and user.regio_id is not None


def _rapportage_gemeente(user, s) -> bool:
    return s == GEMEENTE and user.has_right("rapportages.lezen") and user.gemeente_id is not None


def _declarant(user, s) -> bool:
    return s == AANBIEDER and user.has_right("declaratie.indienen") and user.aanbieder_id is not None


def _financien(user, s) -> bool:
    return s == GEMEENTE and user.has_right("declaratie.beoordelen") and user.gemeente_id is not None


def _q(p: str, **lookups) -> Q:
    return Q(**{f"{p}{k}": v for k, v in lookups.items()})


def _client_rows(user, s, p: str) -> Q:
    if _regio_lezer(user, s):
        return _q(p, gemeente_id__in=regio_gemeenten(user))
    if _toegang(user, s) or (s == GEMEENTE and user.has_right("client.lezen") and user.gemeente_id):
        return _q(p, gemeente_id=user.gemeente_id)
    if _verwijzer(user, s):
        Verwijzing = apps.get_model("toegang", "Verwijzing")
        return Q(Exists(Verwijzing.objects.filter(client=OuterRef(f"{p}pk"), verwijzer_code=user.verwijzer_code)))
    if _aanbieder(user, s):
        Traject = apps.get_model("trajecten", "Traject")
        zichtbaar = Traject.objects.filter(
            client=OuterRef(f"{p}pk"), aanbieder_id=user.aanbieder_id, zichtbaar_voor_aanbieder=True
        )
        return Q(Exists(zichtbaar))
    return NIETS


def _verwijzing_rows(user, s, p: str) -> Q:
    if _regio_lezer(user, s):
        return _q(p, gemeente_id__in=regio_gemeenten(user))
    if _toegang(user, s):
        return _q(p, gemeente_id=user.gemeente_id)
    if _verwijzer(user, s):
        return _q(p, verwijzer_code=user.verwijzer_code)
    return NIETS


def _dossier(aanbieder_zicht: dict) -> Callable:
    def rows(user, s, p: str) -> Q:
        if _regio_lezer(user, s):
            return _q(p, gemeente_id__in=regio_gemeenten(user))
        if _toegang(user, s):
            return _q(p, gemeente_id=user.gemeente_id)
        if _aanbieder(user, s):
            return _q(p, aanbieder_id=user.aanbieder_id, **aanbieder_zicht)
        return NIETS

    return rows


def _gemeente_dossier(user, s, p: str) -> Q:
    """Rows of the access worker's own municipality (plans waiting for approval, stacking exceptions)."""
    if _toegang(user, s):
        return _q(p, gemeente_id=user.gemeente_id)
    return NIETS


def _acceptatiesignaal_rows(user, s, p: str) -> Q:
    if _regio_lezer(user, s):
        return _q(p, gemeente_id__in=regio_gemeenten(user))
    if _toegang(user, s):
        return _q(p, gemeente_id=user.gemeente_id)
    return NIETS


def _declaratieregel_rows(user, s, p: str) -> Q:
    if _declarant(user, s):
        return _q(p, aanbieder_id=user.aanbieder_id)
    if _financien(user, s):
        return _q(p, gemeente_id=user.gemeente_id)
    if _rapportage_regio(user, s):
        return _q(p, gemeente__regio_id=user.regio_id)
    return NIETS


def _declaratie_rows(user, s, p: str) -> Q:
    """Invoices: a provider its own; finance and the region the invoices with a line they may see. The
    lines' municipalities per invoice (``declaraties.Declaratiegemeente``, kept by triggers) answer that
    without reading every line of the region (the line rule of finance and the region is a rule on the
    line's municipality only)."""
    if _declarant(user, s):
        return _q(p, aanbieder_id=user.aanbieder_id)
    regels = _declaratieregel_rows(user, s, "")
    if regels == NIETS:
        return NIETS
    Declaratiegemeente = apps.get_model("declaraties", "Declaratiegemeente")
    return _q(p, pk__in=Declaratiegemeente.objects.filter(regels).values("declaratie_id"))


def _betaalspecificatie_rows(user, s, p: str) -> Q:
    if _declarant(user, s):
        return _q(p, aanbieder_id=user.aanbieder_id)
    if _financien(user, s):
        return _q(p, betaalronde__gemeente_id=user.gemeente_id)
    return NIETS


def _betaalronde_rows(user, s, p: str) -> Q:
    if _financien(user, s):
        return _q(p, gemeente_id=user.gemeente_id)
    if _declarant(user, s):
        return _q(p, specificaties__aanbieder_id=user.aanbieder_id)
    return NIETS


def _meting_rows(user, s, p: str) -> Q:
    """Row-level outcome measurements: only with a care relation (the provider, its own clients)."""
    if _aanbieder(user, s):
        return _q(p, aanbieder_id=user.aanbieder_id)
    return NIETS


def _meting_aggregaat_rows(user, s, p: str) -> Q:
    """The measurements an indicator table aggregates (and suppresses): the reporting scope."""
    if _rapportage_regio(user, s):
        return _q(p, gemeente__regio_id=user.regio_id)
    if _rapportage_gemeente(user, s):
        return _q(p, gemeente_id=user.gemeente_id)
    if _aanbieder(user, s):
        return _q(p, aanbieder_id=user.aanbieder_id)
    return NIETS


def _signaal_rows(user, s, p: str) -> Q:
    """Signals carry their region: a region sees its own; a municipality its own and its region's
    region-wide (municipality-less) signals. Never another region's."""
    if _rapportage_regio(user, s):
        return _q(p, regio_id=user.regio_id)
    if _rapportage_gemeente(user, s):
        regio = user.regio_id or apps.get_model("organisaties", "Gemeente").objects.get(pk=user.gemeente_id).regio_id
        return _q(p, gemeente_id=user.gemeente_id) | _q(p, gemeente__isnull=True, regio_id=regio)
    return NIETS


def _gemeente_rows(user, s, p: str) -> Q:
    """Municipalities whose budgets and monitor the user reads."""
    if _rapportage_regio(user, s):
        return _q(p, regio_id=user.regio_id)
    if _rapportage_gemeente(user, s):
        return _q(p, pk=user.gemeente_id)
    return NIETS


def _contract_regio(pad: str, aanbieder_pad: str, aanbieder_ziet_alles: bool = False) -> Callable:
    """Contracting rows: a contract reader sees its region's, a provider its own (or all, for public rounds)."""

    def rows(user, s, p: str) -> Q:
        if s == REGIO and user.has_right("contractering.lezen"):
            return _q(p, **{f"{pad}regio_id": user.regio_id})
        if s == AANBIEDER and user.aanbieder_id:
            return Q() if aanbieder_ziet_alles else _q(p, **{aanbieder_pad: user.aanbieder_id})
        return NIETS

    return rows


def _aanbieder_rows(user, s, p: str) -> Q:
    if s == REGIO and user.has_right("contractering.lezen"):
        return Q()  # providers are not bound to a region
    if s == AANBIEDER and user.aanbieder_id:
        return _q(p, pk=user.aanbieder_id)
    return NIETS


def _inkoopmodel_regio_rows(user, s, p: str) -> Q:
    """Purchasing models a contracting page lists: the user's region's (the catalogue itself is public)."""
    return _q(p, regio_id=user.regio_id) if user.regio_id else Q()


def _bericht_rows(user, s, p: str) -> Q:
    """iJw messages: a municipality's own (for its access and finance, who work with them; a policy
    adviser has no need of the personal data in them), a provider's own."""
    if (
        s == GEMEENTE
        and user.gemeente_id
        and (user.has_right("toewijzing.beheren") or user.has_right("declaratie.beoordelen"))
    ):
        return _q(p, gemeente_id=user.gemeente_id)
    if s == AANBIEDER and user.aanbieder_id:
        return _q(p, aanbieder_id=user.aanbieder_id)
    return NIETS


def _verzoek_rows(user, s, p: str) -> Q:
    """Requests for assignment (iJw): the municipality's access, the provider's own."""
    if _toegang(user, s):
        return _q(p, gemeente_id=user.gemeente_id)
    if s == AANBIEDER and user.aanbieder_id:
        return _q(p, aanbieder_id=user.aanbieder_id)
    return NIETS


def _audit_rows(user, s, p: str) -> Q:
    if s == REGIO and user.has_right("audit.lezen") and user.regio_id:
        return _q(p, gemeente__regio_id=user.regio_id)
    return NIETS


def _subsidie_rows(user, s, p: str) -> Q:
    """Subsidy rows (schemes, applications, grants ...): a region's contract reader its region's, a
    municipality's reporting or subsidy role its own, a provider its own (schemes: all, they are public)."""
    if _regio_lezer(user, s):
        return _q(p, gemeente__regio_id=user.regio_id)
    gemeentelijk = user.has_right("rapportages.lezen") or user.has_right("subsidie.beheren")
    if s == GEMEENTE and user.gemeente_id and gemeentelijk:
        return _q(p, gemeente_id=user.gemeente_id)
    if s == AANBIEDER and user.aanbieder_id and user.has_right("contractering.aanmelden"):
        return _q(p, aanbieder_id=user.aanbieder_id)
    return NIETS


def _subsidieregeling_rows(user, s, p: str) -> Q:
    if s == AANBIEDER and user.aanbieder_id and user.has_right("contractering.aanmelden"):
        return Q()  # a scheme is public: every provider may apply
    return _subsidie_rows(user, s, p)


def _voorziening_gemeentelijk(user, s) -> bool:
    return (
        s == GEMEENTE
        and user.gemeente_id is not None
        and any(user.has_right(r) for r in ("rapportages.lezen", "toewijzing.beheren", "subsidie.beheren"))
    )


def _voorziening_rows(user, s, p: str) -> Q:
    """Collective provisions, their attendance reports and referrals (issue 17 point 2): a region's
    reader its region's, a municipality's reporting, access or subsidy role its own, a provider the
    provisions it runs. Counts only: none of these rows holds personal data."""
    if s == REGIO and user.regio_id and (user.has_right("contractering.lezen") or user.has_right("rapportages.lezen")):
        return _q(p, gemeente__regio_id=user.regio_id)
    if _voorziening_gemeentelijk(user, s):
        return _q(p, gemeente_id=user.gemeente_id)
    if _aanbieder(user, s):
        return _q(p, aanbieder_id=user.aanbieder_id)
    return NIETS


def _wijk_rows(user, s, p: str) -> Q:
    """Districts are public geography: a provider sees every district, the others as for provisions."""
    if _aanbieder(user, s):
        return Q()
    return _voorziening_rows(user, s, p)


RIJEN: dict[str, Callable[[object, str, str], Q]] = {
    "client": _client_rows,
    "verwijzing": _verwijzing_rows,
    "traject": _dossier({"zichtbaar_voor_aanbieder": True}),
    "toewijzing": _dossier({"vrijgegeven_op__isnull": False}),
    "gemeentedossier": _gemeente_dossier,
    "acceptatiesignaal": _acceptatiesignaal_rows,
    "declaratieregel": _declaratieregel_rows,
    "declaratie": _declaratie_rows,
    "betaalronde": _betaalronde_rows,
    "betaalspecificatie": _betaalspecificatie_rows,
    "uitkomstmeting": _meting_rows,
    "uitkomstmeting_aggregaat": _meting_aggregaat_rows,
    "signaal": _signaal_rows,
    "gemeente": _gemeente_rows,
    "aanbieder": _aanbieder_rows,
    "raamovereenkomst": _contract_regio("inkoopmodel__", "aanbieder_id"),
    "toetredingsronde": _contract_regio("procedure__inkoopmodel__", "", aanbieder_ziet_alles=True),
    "aanmelding": _contract_regio("ronde__procedure__inkoopmodel__", "aanbieder_id"),
    # issue 17, competitive procedures: a tender is public to every provider, a tender only to its own
    "aanbesteding": _contract_regio("procedure__inkoopmodel__", "", aanbieder_ziet_alles=True),
    "inschrijving": _contract_regio("aanbesteding__procedure__inkoopmodel__", "aanbieder_id"),
    "inkoopmodel_regio": _inkoopmodel_regio_rows,
    "bericht": _bericht_rows,
    "verzoek": _verzoek_rows,
    "inzage": _audit_rows,
    "subsidie": _subsidie_rows,
    "subsidieregeling": _subsidieregeling_rows,
    # algemene voorzieningen (issue 17 point 2)
    "voorziening": _voorziening_rows,
    "wijk": _wijk_rows,
}


def rijen(user, soort: str, *, via: str = "") -> Q:
    """A filter with exactly the rows of ``soort`` that ``user`` may see. ``via`` prefixes every
    field path, to filter a related model (``rijen(user, "declaratieregel", via="regels__")``)."""
    try:
        build = RIJEN[soort]
    except KeyError:
        raise KeyError(f"Onbekende soort rijen in het autorisatiebeleid: {soort!r}") from None
    s = scope(user)
    if s is None:
        return NIETS
    if s == INSTALLATIE:
        return Q()
    return build(user, s, via)


def ziet_niets(user, soort: str) -> bool:
    """True when ``rijen(user, soort)`` can match no row at all (pages answer 403 then)."""
    return rijen(user, soort) == NIETS


# --- system actors --------------------------------------------------------------------------


def systeem_actor(naam: str) -> Gebruiker:
    """The named system actor (``systeem:<naam>``) for the demo builder and scheduled commands.

    Idempotent. Inactive, with an unusable password: it can never log in, only act from code; its
    name shows in every history and audit row it writes."""
    rol = Rol.objects.filter(code=SYSTEEM_ROL).first()
    if rol is None:
        rol, _ = Rol.objects.get_or_create(
            code=SYSTEEM_ROL,
            defaults={
                "naam": "Systeem",
                "scope": INSTALLATIE,
                "omschrijving": "Geplande taken en de demo-opbouw; kan niet inloggen.",
                "rechten": [],
            },
        )
    username = f"systeem:{naam}"
    user = Gebruiker.objects.filter(username=username).select_related("rol").first()
    if user is None:
        user = Gebruiker(username=username, rol=rol, is_active=False, first_name="Systeem", last_name=naam)
        user.set_unusable_password()
        user.save()
    return user


def is_systeem(user) -> bool:
    return bool(user is not None and getattr(user, "username", "").startswith("systeem:") and not user.is_active)
