"""The demo's region options and their funding variants, the two access workers per municipality, the
refusal of an unknown option, and a rebuild that is deterministic per seed and build date (issue 13)."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from uitkomst.accounts.models import Gebruiker
from uitkomst.berichten.models import Bericht
from uitkomst.declaraties.models import Declaratieregel, Regelstatus
from uitkomst.demo import services
from uitkomst.demo.users import demo_users_ensure
from uitkomst.organisaties.models import Gemeente
from uitkomst.trajecten.models import Toewijzing
from uitkomst.uitkomsten.models import Uitkomstmeting

pytestmark = pytest.mark.django_db
VANDAAG = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(("optie", "variant"), [("rijnmond", "week"), ("wbw", "arrangement")])
def test_each_region_option_builds_with_its_funding_variant(reference_models, optie, variant):
    with time_machine.travel(VANDAAG, tick=False):
        result = services.demo_region_build(clients=300, seed=5, regio=optie)
    keuze = services.REGIOS[optie]
    assert result.gemeenten == Gemeente.objects.filter(regio__code=keuze.regio_code).count() > 5
    regels = Declaratieregel.objects.filter(declaratie__is_synthetisch=True)
    toegekend = regels.filter(bekostiging=variant).exclude(status=Regelstatus.AFGEWEZEN)
    assert toegekend.count() > 20
    assert toegekend.filter(gemeente__regio__code=keuze.regio_code).count() == toegekend.count()
    assert Bericht.objects.filter(is_synthetisch=True).exists()
    users = {u.username: u for u in demo_users_ensure(password="demo-wachtwoord-123")}
    assert all(u.regio.code == keuze.regio_code for u in users.values() if u.regio_id and u.rol.code != "beheerder")


def test_unknown_region_option_is_refused(reference_models):
    from uitkomst.utils.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        services.demo_region_build(clients=10, seed=1, regio="utrecht")
    assert err.value.code == "demoregio_onbekend"


def test_two_access_workers_per_municipality(reference_models, capsys):
    services.demo_region_build(clients=10, seed=1)
    call_command("demogebruikers", "--wachtwoord", "demo-wachtwoord-123")
    for g in Gemeente.objects.filter(regio__code="ijsselland"):
        workers = Gebruiker.objects.filter(gemeente=g, rol__code="gemeente-toegang", is_active=True)
        assert workers.count() == 2, g.naam


@pytest.mark.pg_fase  # three builds (~25 s); its outcome does not depend on the database
def test_rebuild_is_deterministic_per_seed_and_build_date(reference_models):
    def snapshot():
        return (
            # the builder's own rows (the message demo's services number theirs by database key)
            sorted(
                Toewijzing.objects.filter(is_synthetisch=True, nummer__startswith="DT").values_list(
                    "nummer", "startdatum", "budget"
                )
            ),
            sorted(
                Declaratieregel.objects.filter(declaratie__is_synthetisch=True, declaratie__bron="demo").values_list(
                    "referentie", "begindatum", "bedrag", "status"
                )
            ),
            sorted(
                Uitkomstmeting.objects.filter(traject__toewijzing__nummer__startswith="DT").values_list(
                    "traject__toewijzing__nummer", "geen_nieuwe_hulp"
                )
            ),
        )

    with time_machine.travel(VANDAAG, tick=False):
        services.demo_region_build(clients=250, seed=9)
        first = snapshot()
        services.demo_region_build(clients=250, seed=9)
        assert snapshot() == first
        services.demo_region_build(clients=250, seed=10)
        assert snapshot() != first


def test_statistics_are_refreshed(reference_models):
    services.statistieken_bijwerken()  # ANALYZE runs on both databases without error
