"""The demo region's histories are legal paths through the same transition table as the services,
end in the current state, and agree with the reason for ending, on every trajectory, assignment,
agreement and application (issue 10: 33 demo trajectories said "31 volgens plan" in their history
while their reason for ending was 32 or 33)."""

from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from uitkomst.contractering.models import Aanmelding, AanmeldingHistorie, OvereenkomstHistorie, Raamovereenkomst
from uitkomst.demo import services
from uitkomst.trajecten.codes import RedenBeeindiging
from uitkomst.trajecten.models import StatusWijziging, Toewijzing, ToewijzingHistorie, Traject
from uitkomst.utils import overgangen

pytestmark = pytest.mark.django_db

ENDED = {"beeindigd", "afgesloten"}


def _chains(rows, key):
    chains = defaultdict(list)
    for row in rows:
        chains[key(row)].append(row)
    return chains


def test_every_demo_history_is_a_legal_path_that_agrees_with_the_trajectory(reference_models):
    services.demo_region_build(clients=300, seed=3)

    trajecten = list(Traject.objects.filter(is_synthetisch=True).order_by("pk"))
    assert len(trajecten) > 150
    chains = _chains(
        StatusWijziging.objects.filter(traject__is_synthetisch=True).order_by("traject_id", "op", "pk"),
        key=lambda h: h.traject_id,
    )
    reasons = Counter()
    for t in trajecten:
        chain = chains[t.pk]
        assert chain, f"traject {t.pk} has no history"
        assert [h.van for h in chain] == ["", *[h.naar for h in chain[:-1]]], f"traject {t.pk}: broken chain"
        overgangen.controleer_pad(Traject, [h.naar for h in chain])  # raises on an illegal step
        assert chain[-1].naar == t.status, f"traject {t.pk}: history ends in {chain[-1].naar}, status {t.status}"
        endings = [h for h in chain if h.naar == "beeindigd"]
        if t.status in ENDED:
            assert len(endings) == 1 and t.reden_beeindiging in RedenBeeindiging.values
            assert endings[0].reden[:2] == t.reden_beeindiging, (t.pk, endings[0].reden, t.reden_beeindiging)
            assert endings[0].reden.startswith(str(RedenBeeindiging(t.reden_beeindiging).label))
            assert t.beeindigd_op == timezone.localtime(endings[0].op).date()
            reasons[t.reden_beeindiging] += 1
        else:
            assert not endings and t.reden_beeindiging == "" and t.beeindigd_op is None
        assert (t.status == "afgewezen") == bool(t.reden_weigering)
        assert (t.geaccepteerd_op is not None) == any(h.naar == "geaccepteerd" for h in chain)
        assert (t.gestart_op is not None) == any(h.naar == "gestart" for h in chain)
    assert reasons["31"] > 10 and sum(reasons.values()) > 30
    assert set(reasons) - {"31"}, "only planned endings: the early reasons are missing"

    # The assignments' four-eyes history: legal, ends in the current approval state.
    toewijzingen = list(Toewijzing.objects.filter(is_synthetisch=True).order_by("pk"))
    chains = _chains(
        ToewijzingHistorie.objects.filter(toewijzing__is_synthetisch=True).order_by("toewijzing_id", "op", "pk"),
        key=lambda h: h.toewijzing_id,
    )
    assert {t.goedkeuring for t in toewijzingen} >= {"niet-nodig", "goedgekeurd"}
    for t in toewijzingen:
        chain = chains[t.pk]
        overgangen.controleer_pad(Toewijzing, [h.naar for h in chain])
        assert chain and chain[-1].naar == t.goedkeuring
        assert (t.goedkeuring == "wacht") == (not t.traject.zichtbaar_voor_aanbieder)


def test_demo_agreements_and_applications_follow_the_table(reference_models):
    services.demo_region_build(clients=20, seed=3)

    overeenkomsten = list(Raamovereenkomst.objects.filter(is_synthetisch=True).order_by("pk"))
    assert {o.status for o in overeenkomsten} == {"actief", "opgeschort", "beeindigd"}
    chains = _chains(
        OvereenkomstHistorie.objects.order_by("raamovereenkomst_id", "pk"), key=lambda h: h.raamovereenkomst_id
    )
    for o in overeenkomsten:
        statuses = [h.status for h in chains[o.pk]]
        assert chains[o.pk][0].gebeurtenis == "aangemaakt"
        changes = [s for i, s in enumerate(statuses) if i == 0 or s != statuses[i - 1]]  # events keep the status
        overgangen.controleer_pad(Raamovereenkomst, changes)
        assert statuses[-1] == o.status

    aanmeldingen = list(Aanmelding.objects.filter(is_synthetisch=True).order_by("pk"))
    assert {a.status for a in aanmeldingen} >= {"ingediend", "in_beoordeling", "toegelaten", "afgewezen"}
    chains = _chains(AanmeldingHistorie.objects.order_by("aanmelding_id", "pk"), key=lambda h: h.aanmelding_id)
    for a in aanmeldingen:
        chain = chains[a.pk]
        assert [h.van_status for h in chain] == ["", *[h.naar_status for h in chain[:-1]]]
        overgangen.controleer_pad(Aanmelding, [h.naar_status for h in chain])
        assert chain[-1].naar_status == a.status
