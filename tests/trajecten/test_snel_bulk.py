"""The bulk start and end (``trajecten_starten``, ``trajecten_beeindigen``, used by the JW305/JW307
batch) ask the authorization policy each question once: who the user acts as is asked once per
trajectory (not again for the start after the acceptance). The answers, refusals and
error codes are those of the single services; the code lists are checked as before (also for
values that are not plain text)."""

import pytest
from django.db import transaction

from tests.toegang import helpers
from uitkomst.accounts import policy
from uitkomst.trajecten import services, workflow
from uitkomst.trajecten.codes import Doelrealisatie, RedenBeeindiging
from uitkomst.trajecten.models import Traject
from uitkomst.utils.errors import DomainError

pytestmark = pytest.mark.django_db


class _Terug(Exception):
    """Rolls back what a probe saved."""


def _toegewezen(plan, aanbieder, toegang, *, zichtbaar: bool = True) -> Traject:
    t = services.toewijzing_create(
        plan=plan, aanbieder=aanbieder, door=toegang, startdatum=helpers.today(), keuze_door_client=True
    )
    if not zichtbaar:
        Traject.objects.filter(pk=t.traject.pk).update(zichtbaar_voor_aanbieder=False)
    return t.traject


def _gestart(plan, aanbieder, toegang, aanbieder_user) -> Traject:
    traject = services.traject_accepteren(traject=_toegewezen(plan, aanbieder, toegang), door=aanbieder_user)
    return services.traject_starten(traject=traject, door=aanbieder_user)


def _geladen(traject: Traject) -> Traject:
    """As the batch holds it: locked, with the assignment, the plan and its goals."""
    return (
        Traject.objects.select_for_update(of=("self",))
        .select_related("toewijzing__plan")
        .prefetch_related("toewijzing__plan__doelen")
        .get(pk=traject.pk)
    )


def _uitkomst(doe) -> tuple:
    """("ok", status) or (error class, code); nothing the probe saved is kept."""
    try:
        with transaction.atomic():
            status = doe()
            raise _Terug(status)
    except _Terug as terug:
        return ("ok", terug.args[0])
    except DomainError as exc:
        return (type(exc).__name__, exc.code)


def _bulk_start(traject, door):
    def doe():
        t = _geladen(traject)
        services.trajecten_starten(starts=[(t, None)], door=door)
        return Traject.objects.get(pk=t.pk).status

    return doe


def _los_start(traject, door):
    def doe():
        t = Traject.objects.get(pk=traject.pk)
        if t.status == "toegewezen":
            t = services.traject_accepteren(traject=t, door=door)
        return services.traject_starten(traject=t, door=door).status

    return doe


def _bulk_stop(traject, door, reden="31", status="behaald"):
    def doe():
        t = _geladen(traject)
        doelen = {d.pk: status for d in t.toewijzing.plan.doelen.all()}
        services.trajecten_beeindigen(stops=[(t, reden, doelen, None, "")], door=door)
        return Traject.objects.get(pk=t.pk).status

    return doe


def _los_stop(traject, door, reden="31", status="behaald"):
    def doe():
        t = Traject.objects.get(pk=traject.pk)
        doelen = {d.pk: status for d in t.toewijzing.plan.doelen.all()}
        return services.traject_beeindigen(traject=t, door=door, reden=reden, doelstatussen=doelen).status

    return doe


@pytest.fixture
def vragen(monkeypatch):
    """The actions the policy is asked about (``vereis`` asks through ``mag``)."""
    gevraagd = []
    echt = policy.mag

    def mag(user, actie, obj=None):
        gevraagd.append(actie.removeprefix("trajecten."))
        return echt(user, actie, obj)

    monkeypatch.setattr(policy, "mag", mag)
    return gevraagd


@pytest.fixture
def gebruiker(aanbieder_user, toegang, toegang_kampen, systeem, make_user, ander_aanbieder, regio):
    """The user named in the tables below."""
    gebruikers = {
        "aanbieder": lambda: aanbieder_user,
        "toegang": lambda: toegang,
        "toegang_kampen": lambda: toegang_kampen,
        "systeem": lambda: systeem,
        "ander_aanbieder": lambda: make_user("ander", "aanbieder", aanbieder=ander_aanbieder, regio=regio),
    }
    return lambda naam: gebruikers[naam]()


# --- each question once -------------------------------------------------------------------------


def test_start_vraagt_ieder_ding_een_keer(plan, aanbieder, toegang, aanbieder_user, vragen):
    traject = _geladen(_toegewezen(plan, aanbieder, toegang))
    vragen.clear()
    services.trajecten_starten(starts=[(traject, None)], door=aanbieder_user)
    # was: accept, as provider, as municipality, start, as provider, as municipality
    assert vragen == [
        "traject_accepteren",
        "handelen_als_aanbieder",
        "handelen_als_toegang",
        "traject_starten",
    ]
    assert Traject.objects.get(pk=traject.pk).status == "gestart"
    assert [h.naar for h in Traject.objects.get(pk=traject.pk).historie.all()] == [
        "toegewezen",
        "geaccepteerd",
        "gestart",
    ]


def test_stop_vraagt_ieder_ding_een_keer(plan, aanbieder, toegang, aanbieder_user, vragen):
    traject = _geladen(_gestart(plan, aanbieder, toegang, aanbieder_user))
    doelen = {d.pk: "behaald" for d in traject.toewijzing.plan.doelen.all()}
    vragen.clear()
    services.trajecten_beeindigen(stops=[(traject, "31", doelen, None, "")], door=aanbieder_user)
    assert vragen == ["traject_beeindigen", "handelen_als_aanbieder", "handelen_als_toegang"]
    assert Traject.objects.get(pk=traject.pk).status == "beeindigd"


def test_stop_door_de_toegang(plan, aanbieder, toegang, aanbieder_user, vragen):
    traject = _geladen(_gestart(plan, aanbieder, toegang, aanbieder_user))
    doelen = {d.pk: "niet" for d in traject.toewijzing.plan.doelen.all()}
    vragen.clear()
    services.trajecten_beeindigen(stops=[(traject, "36", doelen, None, "")], door=toegang)
    assert vragen == ["traject_beeindigen", "handelen_als_aanbieder", "handelen_als_toegang"]
    assert Traject.objects.get(pk=traject.pk).status == "beeindigd"


@pytest.mark.parametrize("zichtbaar", [True, False], ids=["zichtbaar", "verborgen"])
@pytest.mark.parametrize("naam", ["aanbieder", "toegang", "toegang_kampen", "systeem", "ander_aanbieder"])
def test_actor_zoals_voorheen(plan, aanbieder, toegang, gebruiker, naam, zichtbaar):
    """The party is the first the policy allows."""
    wie = gebruiker(naam)
    traject = _toegewezen(plan, aanbieder, toegang, zichtbaar=zichtbaar)
    traject.refresh_from_db()
    beide = [
        partij
        for partij, actie in (
            (workflow.AANBIEDER, "trajecten.handelen_als_aanbieder"),
            (workflow.TOEGANG, "trajecten.handelen_als_toegang"),
        )
        if policy.mag(wie, actie, traject)
    ]
    assert services._actor(wie, traject) == (beide[0] if beide else None)


# --- the same answers as the single services ----------------------------------------------------

START = {
    # (door, status of the trajectory, released to the provider) -> outcome
    ("aanbieder", "toegewezen", True): ("ok", "gestart"),
    ("aanbieder", "toegewezen", False): ("NotAllowed", "geen_toegang"),
    ("aanbieder", "geaccepteerd", True): ("ok", "gestart"),
    ("aanbieder", "gestart", True): ("Conflict", "ongeldige_overgang"),
    ("toegang", "toegewezen", True): ("NotAllowed", "geen_toegang"),
    ("toegang", "geaccepteerd", True): ("NotAllowed", "geen_toegang"),
    ("toegang_kampen", "toegewezen", True): ("NotAllowed", "geen_toegang"),
    ("systeem", "toegewezen", True): ("NotAllowed", "geen_toegang"),
    ("systeem", "geaccepteerd", True): ("NotAllowed", "geen_toegang"),
    ("ander_aanbieder", "toegewezen", True): ("NotAllowed", "geen_toegang"),
}


def _in_status(plan, aanbieder, toegang, aanbieder_user, status, zichtbaar) -> Traject:
    traject = _toegewezen(plan, aanbieder, toegang)
    if status in ("geaccepteerd", "gestart"):
        traject = services.traject_accepteren(traject=traject, door=aanbieder_user)
    if status == "gestart":
        traject = services.traject_starten(traject=traject, door=aanbieder_user)
    if not zichtbaar:
        Traject.objects.filter(pk=traject.pk).update(zichtbaar_voor_aanbieder=False)
    return traject


@pytest.mark.parametrize(
    "naam, status, zichtbaar",
    list(START),
    ids=[f"{w}-{s}-{'zichtbaar' if z else 'verborgen'}" for w, s, z in START],
)
def test_start_weigert_zoals_de_losse_services(
    plan, aanbieder, toegang, aanbieder_user, gebruiker, naam, status, zichtbaar
):
    wie = gebruiker(naam)
    traject = _in_status(plan, aanbieder, toegang, aanbieder_user, status, zichtbaar)
    bulk, los = _uitkomst(_bulk_start(traject, wie)), _uitkomst(_los_start(traject, wie))
    assert bulk == los
    assert bulk == START[(naam, status, zichtbaar)]
    assert Traject.objects.get(pk=traject.pk).status == status  # the probes saved nothing


STOP = {
    ("aanbieder", "gestart", True): ("ok", "beeindigd"),
    ("aanbieder", "gestart", False): ("NotAllowed", "geen_toegang"),
    ("aanbieder", "geaccepteerd", True): ("Conflict", "ongeldige_overgang"),
    ("toegang", "gestart", True): ("ok", "beeindigd"),
    ("toegang", "gestart", False): ("ok", "beeindigd"),
    ("toegang", "toegewezen", True): ("Conflict", "ongeldige_overgang"),
    ("toegang_kampen", "gestart", True): ("NotAllowed", "geen_toegang"),
    ("systeem", "gestart", True): ("ok", "beeindigd"),
    ("ander_aanbieder", "gestart", True): ("NotAllowed", "geen_toegang"),
}


@pytest.mark.parametrize(
    "naam, status, zichtbaar",
    list(STOP),
    ids=[f"{w}-{s}-{'zichtbaar' if z else 'verborgen'}" for w, s, z in STOP],
)
def test_stop_weigert_zoals_de_losse_service(
    plan, aanbieder, toegang, aanbieder_user, gebruiker, naam, status, zichtbaar
):
    wie = gebruiker(naam)
    traject = _in_status(plan, aanbieder, toegang, aanbieder_user, status, zichtbaar)
    bulk, los = _uitkomst(_bulk_stop(traject, wie)), _uitkomst(_los_stop(traject, wie))
    assert bulk == los
    assert bulk == STOP[(naam, status, zichtbaar)]
    assert Traject.objects.get(pk=traject.pk).status == status


# --- the code lists -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reden, uitkomst",
    [
        ("31", ("ok", "beeindigd")),
        (RedenBeeindiging.VOLGENS_PLAN, ("ok", "beeindigd")),
        ("99", ("ValidationFailed", "reden_beeindiging_ontbreekt")),
        ("", ("ValidationFailed", "reden_beeindiging_ontbreekt")),
        (None, ("ValidationFailed", "reden_beeindiging_ontbreekt")),
        (31, ("ValidationFailed", "reden_beeindiging_ontbreekt")),
        (["31"], ("ValidationFailed", "reden_beeindiging_ontbreekt")),  # not hashable
    ],
    ids=["tekst", "lid", "onbekend", "leeg", "geen", "getal", "lijst"],
)
def test_reden_beeindiging(plan, aanbieder, toegang, aanbieder_user, reden, uitkomst):
    traject = _gestart(plan, aanbieder, toegang, aanbieder_user)
    assert _uitkomst(_bulk_stop(traject, aanbieder_user, reden=reden)) == uitkomst
    assert _uitkomst(_los_stop(traject, aanbieder_user, reden=reden)) == uitkomst


@pytest.mark.parametrize(
    "status, uitkomst",
    [
        ("behaald", ("ok", "beeindigd")),
        (Doelrealisatie.DEELS, ("ok", "beeindigd")),
        ("niet", ("ok", "beeindigd")),
        ("BEHAALD", ("ValidationFailed", "doelstatus_ongeldig")),
        (None, ("ValidationFailed", "doelstatus_ongeldig")),
        (["behaald"], ("ValidationFailed", "doelstatus_ongeldig")),  # not hashable
        ({"status": "behaald"}, ("ValidationFailed", "doelstatus_ongeldig")),
    ],
    ids=["behaald", "lid", "niet", "hoofdletters", "geen", "lijst", "object"],
)
def test_doelstatus(plan, aanbieder, toegang, aanbieder_user, status, uitkomst):
    traject = _gestart(plan, aanbieder, toegang, aanbieder_user)
    assert _uitkomst(_bulk_stop(traject, aanbieder_user, status=status)) == uitkomst
    assert _uitkomst(_los_stop(traject, aanbieder_user, status=status)) == uitkomst
