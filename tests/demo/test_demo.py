import random
from collections import Counter

import pytest
from django.core.management import call_command
from stdnum.nl import bsn as stdnum_bsn

from uitkomst.contractering.models import Aanbieder
from uitkomst.demo import services, synthetic
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang.models import Client, Verwijzing
from uitkomst.utils.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        (
            str(v.uuid),
            v.product.code if v.product else "",  # (the Wmo lines refer some clients without a product)
            v.gemeente.cbs_code,
            v.verwijzer_type,
            v.datum.isoformat(),
            bsn_tools.decrypt(v.client.bsn_versleuteld),
        )
        for v in Verwijzing.objects.select_related("product", "gemeente", "client")
    )


def test_synthetic_bsns_pass_the_eleven_proof_and_stay_in_their_block():
    numbers = synthetic.synthetic_bsns(random.Random(1), 2000)
    assert len(set(numbers)) == 2000
    assert all(stdnum_bsn.is_valid(n) and n.startswith(synthetic.SYNTHETIC_BSN_PREFIX) for n in numbers)


@pytest.mark.pg_fase  # three builds with the Wmo lines (~25-60 s): run once, on the production database
def test_demo_region_is_deterministic_per_seed(reference_models):
    """``uitkomst demo`` twice with one seed gives the same region, another seed another one. The Wmo
    lines add synthetic providers and a tender; a rebuild used to hand the region's referrals, invoices
    and demo users to those providers (they sort first among the synthetic ones) and kept the tender
    without its agreements."""
    from django.apps import apps

    from uitkomst.accounts.models import Gebruiker
    from uitkomst.contractering.models import Raamovereenkomst
    from uitkomst.demo import wmo_gunning

    def stand():
        tellingen = {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "audit"}
        gunning = Raamovereenkomst.objects.filter(procedure__naam=wmo_gunning.PROCEDURE)
        toegewezen = Aanbieder.objects.filter(toewijzingen__isnull=False).distinct().values_list("agb_code", flat=True)
        gebruikers = Gebruiker.objects.filter(aanbieder__isnull=False).values_list("aanbieder__agb_code", flat=True)
        verwijzingen = sorted(v[1:] for v in snapshot())  # (the Wmo lines' services draw random uuids)
        return verwijzingen, tellingen, gunning.count(), sorted(toegewezen), sorted(gebruikers)

    call_command("demo", "--clients", "150", "--seed", "7", "--no-progress")
    first = stand()
    assert first[2] == wmo_gunning.MAX_AANBIEDERS  # the selected set has its agreements
    call_command("demo", "--clients", "150", "--seed", "7", "--no-progress")
    assert stand() == first
    services.demo_region_build(clients=150, seed=8)
    assert sorted(v[1:] for v in snapshot()) != first[0]
    assert Client.objects.filter(is_synthetisch=True).count() == 150  # a rebuild replaces, never adds


def test_demo_region_contents(reference_models):
    result = services.demo_region_build(clients=3000, seed=1)
    assert result.gemeenten == 11
    assert Aanbieder.objects.filter(is_synthetisch=True).count() == 40
    assert not Client.objects.filter(is_synthetisch=False).exists()
    refs = Verwijzing.objects.select_related("product__profiel", "product__intensiteit", "inkoopmodel")
    new_model = [r for r in refs if r.inkoopmodel.code == services.MODEL_CODE]
    legacy = [r for r in refs if r.inkoopmodel.code == services.LEGACY_MODEL_CODE]
    assert legacy, "the transition (legacy PxQ) clients are missing"
    profiles = Counter(r.product.profiel.code for r in new_model)
    assert len(profiles) == 12
    assert profiles["P02"] > profiles["P06"] * 3  # common profiles dominate rare ones
    intensities = Counter(r.product.intensiteit.code for r in new_model)
    assert intensities["perspectief"] > intensities["intensief"]
    referrers = Counter(r.verwijzer_type for r in refs)
    assert referrers.most_common(1)[0][0] == "02"  # GPs refer most (source document 004)
    for c in Client.objects.all()[:50]:
        assert stdnum_bsn.is_valid(bsn_tools.decrypt(c.bsn_versleuteld))


def test_command_if_empty_does_not_rebuild(reference_models, capsys):
    call_command("demo", "--clients", "50", "--seed", "3", "--no-progress")
    ids = set(Client.objects.values_list("uuid", flat=True))
    call_command("demo", "--clients", "80", "--seed", "4", "--if-empty", "--no-progress")
    assert set(Client.objects.values_list("uuid", flat=True)) == ids
    assert "synthetisch" in capsys.readouterr().out


def test_demo_needs_reference_model(db):
    from uitkomst.catalogus.models import Inkoopmodel

    # The reference models are loaded once per test database (tests/conftest.py); hide IJsselland's.
    assert Inkoopmodel.objects.filter(code="ijsselland-jeugd-2018").update(code="niet-geladen") == 1
    with pytest.raises(ValidationFailed) as err:
        services.demo_region_build(clients=10, seed=1)
    assert err.value.code == "referentiemodel_ontbreekt"


def test_demo_users_one_per_role(reference_models, capsys):
    from uitkomst.accounts.models import Gebruiker, Rol

    services.demo_region_build(clients=10, seed=1)
    call_command("demogebruikers", "--wachtwoord", "demo-wachtwoord-123")
    out = capsys.readouterr().out
    mensen = Gebruiker.objects.exclude(username__startswith="systeem:")  # system actors cannot log in
    # one per role, plus a second access worker in Zwolle and two in each of the other 10 municipalities
    assert set(mensen.values_list("rol__code", flat=True)) == set(Rol.objects.exclude(code="systeem").values_list(
        "code", flat=True))  # fmt: skip
    assert Rol.objects.exclude(code="systeem").count() == 8
    assert mensen.count() == 8 + 1 + 2 * 10
    assert out.count("demo-wachtwoord-123") == 29
    assert Gebruiker.objects.filter(username="systeem:demo", is_active=False).exists()  # the builder's actor
    call_command("demogebruikers", "--wachtwoord", "ander-wachtwoord-456")  # idempotent, refreshes passwords
    assert mensen.count() == 29
    assert Gebruiker.objects.get(username="toegang-zwolle").check_password("ander-wachtwoord-456")


def test_demo_measurements_are_in_the_indicator_summary(reference_models):
    """The outcome measurements are written without the summary's row triggers (SQLite): the build
    rebuilds the indicator summary, so every count equals the measurements and nothing is left dirty."""
    from uitkomst.uitkomsten import samenvatting
    from uitkomst.uitkomsten.definities import tellingen
    from uitkomst.uitkomsten.models import Indicatorcel, Indicatorvuil, Uitkomstmeting

    services.demo_region_build(clients=300, seed=7)
    assert Uitkomstmeting.objects.exists() and Indicatorcel.objects.exists()
    ruw = {r.pop("aanbieder_id"): {k: int(v or 0) for k, v in r.items()}
           for r in Uitkomstmeting.objects.values("aanbieder_id").annotate(**tellingen()).order_by()}  # fmt: skip
    Indicatorvuil.objects.all().delete()  # what the build left dirty would be refreshed on the next read
    samengevat = {k: {s: int(v or 0) for s, v in row.items()} for k, row in
                  samenvatting.Telling().per("aanbieder_id").items()}  # fmt: skip
    assert samengevat == ruw
