"""The authorization table (``accounts.policy.ACTIES``) walked against the real services, role by role.

For every action of the table there is a scenario that calls the real service (or, for a read, the real
selector or page) on an object of IJsselland / Zwolle / provider A. Every role acts twice: as a user
of the object's own organisation and as a user of another one (Kampen for a municipality role, Rotterdam
Rijnmond for a region role, provider B for a provider). What the table says decides what we expect:
the own user may when the role has a grant for the action, the other user only when that grant asks no
object predicate. Each call runs in a savepoint that is rolled back, so one world serves all of them.

A spy on ``policy.mag`` records what the service asked the policy; a scenario that never consults the
policy for its action fails the test, as does a refusal with another code than ``geen_toegang``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.test import RequestFactory

from uitkomst.accounts import policy
from uitkomst.accounts.models import Rol
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.utils import klok
from uitkomst.utils.errors import NotAllowed

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


# --- the world ------------------------------------------------------------------------------------


@pytest.fixture
def wereld(systeem, make_user, ijsselland, zwolle, regio):
    from tests.toegang import helpers
    from uitkomst.contractering import services as contractering
    from uitkomst.declaraties.models import Betaalronde, Declaratie, Declaratieregel, Regelstatus
    from uitkomst.signalen import services as signalen
    from uitkomst.trajecten.models import StapelingUitzondering
    from uitkomst.trajecten.services import toewijzing_create

    kampen = Gemeente.objects.get(cbs_code="0166")
    rotterdam = Regio.objects.get(code="rotterdam-rijnmond")
    a, b = helpers.aanbieder("Eigen Aanbieder"), helpers.aanbieder("Andere Aanbieder")
    producten = list(ijsselland.producten.order_by("code"))
    buiten = producten[-1]  # A is contracted for every product but this one (it applies for it)
    overeenkomst = helpers.contracteer(a, ijsselland, producten=producten[:-1])
    helpers.contracteer(b, ijsselland)

    w = SimpleNamespace(model=ijsselland, zwolle=zwolle, kampen=kampen, regio=regio, a=a, b=b)
    w.overeenkomst = overeenkomst
    w.product = ijsselland.producten.get(code="P01-P")
    w.betaalschema = ijsselland.betaalschemas.order_by("code").first()

    # users: the own and the other organisation of every role
    w.users = {
        ("beheerder", True): make_user("beheerder", "beheerder"),
        ("systeem", True): systeem,
        ("regio-contractmanager", True): make_user("cm-ijsselland", "regio-contractmanager", regio=regio),
        ("regio-contractmanager", False): make_user("cm-rotterdam", "regio-contractmanager", regio=rotterdam),
        ("gemeente-toegang", True): make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle),
        ("gemeente-toegang", False): make_user("toegang-kampen", "gemeente-toegang", gemeente=kampen),
        ("gemeente-financien", True): make_user("financien-zwolle", "gemeente-financien", gemeente=zwolle),
        ("gemeente-financien", False): make_user("financien-kampen", "gemeente-financien", gemeente=kampen),
        ("gemeente-beleid", True): make_user("beleid-zwolle", "gemeente-beleid", gemeente=zwolle),
        ("gemeente-beleid", False): make_user("beleid-kampen", "gemeente-beleid", gemeente=kampen),
        ("verwijzer", True): make_user("huisarts", "verwijzer", verwijzer_code="01990001"),
        ("aanbieder", True): make_user("aanbieder-a", "aanbieder", aanbieder=a, regio=regio),
        ("aanbieder", False): make_user("aanbieder-b", "aanbieder", aanbieder=b, regio=regio),
        ("privacy-officer", True): make_user("privacy-ijsselland", "privacy-officer", regio=regio),
        ("privacy-officer", False): make_user("privacy-rotterdam", "privacy-officer", regio=rotterdam),
    }
    toegang = w.users[("gemeente-toegang", True)]

    # the access journey up to an assignment released to provider A
    w.plan = helpers.plan(toegang, zwolle, ijsselland)
    w.verwijzing = w.plan.verwijzing
    w.client = w.plan.client
    w.toewijzing = toewijzing_create(
        plan=w.plan, aanbieder=a, startdatum=klok.vandaag(), keuze_door_client=True, door=toegang
    )
    w.traject = w.toewijzing.traject
    assert w.traject.zichtbaar_voor_aanbieder, "the scenarios need an assignment released to provider A"
    w.uitzondering = StapelingUitzondering.objects.create(
        client=w.client, inkoopmodel=ijsselland, reden="Twee vragen", aangevraagd_door=toegang
    )

    # contracting: a requirement, a procedure with an open round and A's application in it
    w.eis = contractering.kwaliteitseis_save(code="vog", naam="VOG", inkoopmodel=ijsselland, door=systeem)
    w.procedure = contractering.inkoopprocedure_create(
        inkoopmodel=ijsselland,
        soort="sociaal_contracteren",
        naam="Open house",
        toetredingsmomenten_per_jaar=4,
        door=systeem,
    )
    vandaag = klok.vandaag()
    w.ronde = contractering.toetredingsronde_create(
        procedure=w.procedure,
        naam="Ronde",
        aanmelden_van=vandaag - dt.timedelta(days=1),
        aanmelden_tot=vandaag + dt.timedelta(days=10),
        beoordelen_tot=vandaag + dt.timedelta(days=20),
        ingangsdatum=vandaag + dt.timedelta(days=30),
        door=systeem,
    )
    w.aanmelding = contractering.aanmelding_indienen(ronde=w.ronde, aanbieder=a, producten=[buiten], door=systeem)

    # invoicing: one invoice line of A paid by Zwolle, and a payment run of Zwolle
    declaratie = Declaratie.objects.create(
        nummer="D-TEST-1", aanbieder=a, begindatum=vandaag, einddatum=vandaag,
        totaal_ingediend=Decimal("10.00"), totaal_toegekend=Decimal("10.00"), totaal_afgewezen=Decimal("0.00"),
    )  # fmt: skip
    w.regel = Declaratieregel.objects.create(
        declaratie=declaratie, regelnummer=1, aanbieder=a, gemeente=zwolle, toewijzing=w.toewijzing,
        begindatum=vandaag, einddatum=vandaag, bedrag=Decimal("10.00"), status=Regelstatus.TOEGEKEND,
    )  # fmt: skip
    w.ronde_betaling = Betaalronde.objects.create(nummer="BR-TEST", gemeente=zwolle, totaal=Decimal("0.00"))

    # a signal of Zwolle (region IJsselland)
    w.signaal = signalen.signaal_create(
        soort="segment_c", sleutel="test:zwolle", gemeente=zwolle, omschrijving="Duur traject", door=systeem
    )
    return w


# --- the scenarios: one per action, each calling the real code ------------------------------------


def _get(request_user, path: str = "/"):
    request = RequestFactory().get(path)
    request.user = request_user
    return request


def _weiger():
    """A read that answers None when the policy says no (the BSN of a client): a refusal for the walk."""
    raise PermissionDenied


def _scenarios() -> dict:
    from tests.contractering.test_gunning_scenarios import gunning_scenarios
    from tests.subsidies.scenarios import subsidie_scenarios
    from tests.toegang.test_pgb_scenarios import pgb_scenarios
    from tests.voorzieningen.scenarios import voorziening_scenarios
    from uitkomst.accounts import services as accounts
    from uitkomst.audit import selectors as audit
    from uitkomst.berichten import views as berichten_views
    from uitkomst.catalogus import services as catalogus
    from uitkomst.contractering import services as contractering
    from uitkomst.contractering import views as contractering_views
    from uitkomst.contractering.api.views import ContracteringToegang
    from uitkomst.contractvormen import services as contractvormen
    from uitkomst.declaraties import services as declaraties
    from uitkomst.declaraties import views as declaraties_views
    from uitkomst.declaraties.models import Declaratieregel
    from uitkomst.signalen import services as signalen
    from uitkomst.simulatie import services as simulatie
    from uitkomst.sturing import services as sturing
    from uitkomst.sturing import views as sturing_views
    from uitkomst.sturing.api import views as sturing_api
    from uitkomst.tariefontwerp import selectors as tariefontwerp_selectors
    from uitkomst.tariefontwerp import services as tariefontwerp
    from uitkomst.toegang import selectors as toegang_selectors
    from uitkomst.toegang import services as toegang
    from uitkomst.toegang import views as toegang_views
    from uitkomst.trajecten import services as trajecten
    from uitkomst.trajecten import views as trajecten_views
    from uitkomst.uitkomsten import selectors as uitkomsten_selectors
    from uitkomst.uitkomsten import services as uitkomsten

    vandaag = klok.vandaag()
    D = dt.date
    return {
        **subsidie_scenarios(),
        **gunning_scenarios(),
        **voorziening_scenarios(),
        **pgb_scenarios(),
        # catalogus
        "catalogus.inkoopmodel_aanmaken": lambda w, u: catalogus.inkoopmodel_create(
            regio=w.regio, code="nieuw", naam="Nieuw", wet="jeugdwet", geldig_van=D(2030, 1, 1), door=u
        ),
        "catalogus.inkoopmodel_wijzigen": lambda w, u: catalogus.inkoopmodel_update(
            inkoopmodel=w.model, naam="Gewijzigd", door=u
        ),
        "catalogus.product_aanmaken": lambda w, u: catalogus.product_create(
            inkoopmodel=w.model,
            code="X1",
            naam="X",
            bekostiging="traject",
            tariefeenheid="traject",
            ijw_eenheid="83",
            productcategorie="45",
            door=u,
        ),  # fmt: skip
        "catalogus.product_wijzigen": lambda w, u: catalogus.product_update(product=w.product, naam="Y", door=u),
        "catalogus.tarief_aanmaken": lambda w, u: catalogus.tarief_create(
            product=w.product, bedrag="1.00", geldig_van=D(2018, 1, 1), door=u
        ),
        "catalogus.tarief_herzien": lambda w, u: catalogus.tarief_herzien(
            product=w.product, bedrag="1.00", ingangsdatum=vandaag, door=u
        ),
        "catalogus.kostensegment_aanmaken": lambda w, u: catalogus.kostensegment_create(
            inkoopmodel=w.model, code="Z", naam="Z", ondergrens="1", door=u
        ),
        "catalogus.betaalschema_opslaan": lambda w, u: catalogus.betaalschema_save(
            inkoopmodel=w.model, code="z", naam="Z", termijnen=[{"moment": "start", "aandeel": "1"}], door=u
        ),
        "catalogus.uitsluiting_opslaan": lambda w, u: catalogus.uitsluiting_save(
            inkoopmodel=w.model, code="z", naam="Z", reden="Geen jeugdhulp", door=u
        ),
        "catalogus.beeindigingsregel_vastleggen": lambda w, u: declaraties.beeindigingsregel_vastleggen(
            betaalschema=w.betaalschema, regel="pro_rata", door=u
        ),
        # contractering
        "contractering.lezen": lambda w, u: ContracteringToegang().has_permission(SimpleNamespace(user=u), None),
        "contractering.overzicht_lezen": lambda w, u: contractering_views.overzicht(_get(u)),
        "contractering.aanbieder_aanmaken": lambda w, u: contractering.aanbieder_create(
            naam="Nieuw", agb_code="12345678", kvk_nummer="12345678", door=u
        ),
        "contractering.aanbieder_wijzigen": lambda w, u: contractering.aanbieder_update(
            aanbieder=w.a, omschrijving="Nieuw", door=u
        ),
        "contractering.kwaliteitseis_opslaan": lambda w, u: contractering.kwaliteitseis_save(
            code="nieuw", naam="Nieuw", inkoopmodel=w.model, door=u
        ),
        "contractering.kwaliteitsbewijs_toevoegen": lambda w, u: contractering.kwaliteitsbewijs_add(
            aanbieder=w.a, kwaliteitseis=w.eis, omschrijving="VOG 1", geldig_van=vandaag, door=u
        ),
        "contractering.inkoopprocedure_aanmaken": lambda w, u: contractering.inkoopprocedure_create(
            inkoopmodel=w.model, soort="sociaal_contracteren", naam="Nog een", door=u
        ),
        "contractering.toetredingsronde_aanmaken": lambda w, u: contractering.toetredingsronde_create(
            procedure=w.procedure,
            naam="Later",
            aanmelden_van=D(2031, 1, 1),
            aanmelden_tot=D(2031, 1, 31),
            beoordelen_tot=D(2031, 2, 28),
            ingangsdatum=D(2031, 4, 1),
            door=u,
        ),  # fmt: skip
        "contractering.aanmelding_indienen": lambda w, u: contractering.aanmelding_indienen(
            ronde=w.ronde, aanbieder=w.a, producten=[w.product], door=u
        ),
        "contractering.aanmelding_beoordelen": lambda w, u: contractering.aanmelding_beoordelen(
            aanmelding=w.aanmelding, beoordelingen=[{"kwaliteitseis": w.eis, "voldaan": True}], door=u
        ),
        "contractering.aanmelding_besluiten": lambda w, u: contractering.aanmelding_besluiten(
            aanmelding=w.aanmelding, toelaten=False, reden="Nee", door=u
        ),
        "contractering.aanmelding_intrekken": lambda w, u: contractering.aanmelding_intrekken(
            aanmelding=w.aanmelding, door=u
        ),
        "contractering.raamovereenkomst_aanmaken": lambda w, u: contractering.raamovereenkomst_create(
            aanbieder=w.b, inkoopmodel=w.model, producten=[w.product], ingangsdatum=D(2030, 1, 1), door=u
        ),
        "contractering.raamovereenkomst_wijzigen": lambda w, u: contractering.raamovereenkomst_verlengen(
            overeenkomst=w.overeenkomst, door=u
        ),
        "contractering.onderaanneming_melden": lambda w, u: contractering.onderaanneming_melden(
            overeenkomst=w.overeenkomst, van=vandaag, naam="Onder BV", kvk_nummer="87654321", door=u
        ),
        # toegang
        "toegang.werkvoorraad": lambda w, u: toegang_views.werkvoorraad(_get(u)),
        "toegang.toegangswerk": lambda w, u: trajecten_views._needs_access(_get(u)),
        "toegang.client_aanmaken": lambda w, u: toegang.client_get_or_create(
            bsn="123456782", geboortedatum=D(2012, 1, 1), gemeente=w.zwolle, door=u
        ),
        "toegang.verwijzing_aanmaken": lambda w, u: toegang.verwijzing_create(
            bsn="123456782",
            geboortedatum=D(2012, 1, 1),
            gemeente=w.zwolle,
            inkoopmodel=w.model,
            datum=vandaag,
            door=u,
        ),  # fmt: skip
        "toegang.verwijzing_aanvullen": lambda w, u: toegang.verwijzing_aanvullen(verwijzing=w.verwijzing, door=u),
        "toegang.gezinsplan_aanmaken": lambda w, u: toegang.gezinsplan_create(
            verwijzing=w.verwijzing, doelen=["Doel"], door=u
        ),
        "toegang.gezinsplan_profiel_kiezen": lambda w, u: toegang.gezinsplan_profiel_kiezen(
            plan=w.plan, product=w.product, motivering="Past", door=u
        ),
        "toegang.maatwerk_goedkeuren": lambda w, u: toegang.gezinsplan_maatwerk_goedkeuren(plan=w.plan, door=u),
        "toegang.bsn_inzien": lambda w, u: toegang_selectors.client_bsn(user=u, client=w.client) or _weiger(),
        "toegang.bsn_zoeken": lambda w, u: list(toegang_selectors.client_list(user=u, bsn="111222333")),
        # trajecten
        "trajecten.lezen": lambda w, u: trajecten_views.traject_list(_get(u)),
        "trajecten.handelen_als_aanbieder": lambda w, u: trajecten._actor(u, w.traject),
        "trajecten.handelen_als_toegang": lambda w, u: trajecten._actor(u, w.traject),
        "trajecten.toewijzing_aanmaken": lambda w, u: trajecten.toewijzing_create(
            plan=w.plan, aanbieder=w.a, startdatum=vandaag, keuze_door_client=True, door=u
        ),
        "trajecten.toewijzing_goedkeuren": lambda w, u: trajecten.toewijzing_goedkeuren(
            toewijzing=w.toewijzing, door=u
        ),
        "trajecten.traject_accepteren": lambda w, u: trajecten.traject_accepteren(traject=w.traject, door=u),
        "trajecten.traject_afwijzen": lambda w, u: trajecten.traject_afwijzen(
            traject=w.traject, reden=_reden_weigering(), door=u
        ),
        "trajecten.traject_starten": lambda w, u: trajecten.traject_starten(traject=w.traject, door=u),
        "trajecten.traject_intrekken": lambda w, u: trajecten.traject_intrekken(traject=w.traject, reden="Weg", door=u),
        "trajecten.traject_evalueren": lambda w, u: trajecten.traject_tussenevaluatie(
            traject=w.traject, doelstatussen={}, door=u
        ),
        "trajecten.traject_beeindigen": lambda w, u: trajecten.traject_beeindigen(
            traject=w.traject, reden="31", doelstatussen={}, door=u
        ),
        "trajecten.traject_afsluiten": lambda w, u: trajecten.traject_afsluiten(traject=w.traject, door=u),
        "trajecten.traject_wijzigen": lambda w, u: trajecten.traject_wijzigen(
            traject=w.traject, product=w.model.producten.get(code="P01-I"), motivering="Zwaarder", door=u
        ),
        "trajecten.onderaannemer_toevoegen": lambda w, u: trajecten.onderaannemer_toevoegen(
            traject=w.traject, aanbieder=w.b, omschrijving="Deel", door=u
        ),
        "trajecten.stapeling_uitzondering_aanvragen": lambda w, u: trajecten.stapeling_uitzondering_aanvragen(
            client=w.client, inkoopmodel=w.model, reden="Twee vragen", door=u
        ),
        "trajecten.stapeling_uitzondering_goedkeuren": lambda w, u: trajecten.stapeling_uitzondering_goedkeuren(
            uitzondering=w.uitzondering, door=u
        ),
        # declaraties
        "declaraties.lezen": lambda w, u: declaraties_views.overzicht(_get(u)),
        "declaraties.declaratie_indienen": lambda w, u: declaraties.declaratie_indienen(
            aanbieder=w.a, begindatum=vandaag, einddatum=vandaag, regels=[], door=u
        ),
        "declaraties.regel_crediteren": lambda w, u: declaraties.regel_crediteren(regel=w.regel, door=u),
        "declaraties.regel_beoordelen": lambda w, u: declaraties.regels_goedkeuren(
            regels=[Declaratieregel.objects.get(pk=w.regel.pk)], door=u
        ),
        "declaraties.betaalronde_maken": lambda w, u: declaraties.betaalronde_maken(gemeente=w.zwolle, door=u),
        "declaraties.betaalronde_lezen": lambda w, u: declaraties_views.betaalrondes(_get(u)),
        "declaraties.betaalronde_exporteren": lambda w, u: declaraties_views._export(
            _get(u), w.ronde_betaling.uuid, "csv"
        ),
        "declaraties.legitimiteit_lezen": lambda w, u: declaraties_views.legitimiteit(_get(u)),
        "declaraties.volume_vastleggen": lambda w, u: declaraties.volume_vastleggen(
            toewijzing=w.toewijzing, volume=Decimal("1"), door=u
        ),
        "declaraties.lumpsum_afspreken": lambda w, u: declaraties.lumpsumafspraak_maken(
            aanbieder=w.a,
            gemeente=w.zwolle,
            product=w.product,
            jaarbedrag=Decimal("1000"),
            geldig_van=vandaag,
            door=u,
        ),  # fmt: skip
        "declaraties.lumpsum_termijnen": lambda w, u: declaraties.lumpsum_termijnen_klaarzetten(
            gemeente=w.zwolle, door=u
        ),
        # uitkomsten en sturing
        "uitkomsten.meting_vastleggen": lambda w, u: uitkomsten.uitkomstmeting_create(traject=w.traject, door=u),
        "uitkomsten.lezen": lambda w, u: uitkomsten_selectors.indicatoren(user=u, groep="aanbieder"),
        "uitkomsten.regio_lezen": lambda w, u: uitkomsten_selectors.indicatoren(
            user=u, groep="aanbieder", regio_id=w.regio.pk
        ),
        "uitkomsten.metingen_lezen": lambda w, u: list(uitkomsten_selectors.meting_list(user=u)),
        "uitkomsten.nieuwe_hulp_bepalen": lambda w, u: uitkomsten.nieuwe_hulp_bepalen(door=u),
        "sturing.lezen": lambda w, u: sturing_api._lezer(u),
        "sturing.budgetplafond_vaststellen": lambda w, u: sturing.budgetplafond_vaststellen(
            gemeente=w.zwolle, jaar=vandaag.year, bedrag="100000", door=u
        ),
        "sturing.tarief_herzien": lambda w, u: sturing.tarief_herzien(
            product=w.product, bedrag="1.00", ingangsdatum=vandaag, door=u
        ),
        "sturing.aanbieder_spiegel": lambda w, u: sturing_views.accountgesprek(_get(u), w.a.uuid),
        "tariefontwerp.beheren": lambda w, u: tariefontwerp.historie_importeren(
            regio=w.regio, naam="t", referentiejaar=2017, inhoud=b"", bestandsnaam="t.csv", door=u
        ),
        "tariefontwerp.lezen": lambda w, u: list(tariefontwerp_selectors.historie_list(user=u, regio=w.regio)),
        "simulatie.lezen": lambda w, u: simulatie.simuleer(user=u, regio=w.regio, gemeente=w.zwolle, jaar=2099, runs=1),
        "signaal.afhandelen": lambda w, u: signalen.signaal_afhandelen(signaal=w.signaal, toelichting="Gezien", door=u),
        "signaal.verversen": lambda w, u: sturing.signalen_verversen(door=u),
        # contractvormen, audit, accounts
        "contractvormen.contractvorm_beheren": lambda w, u: contractvormen.contractvorm_create(
            naam="Vorm", gebied="Regio", wet="jeugdwet", jaar=2024, antwoorden={}, door=u
        ),
        "audit.lezen": lambda w, u: list(audit.inzage_list(user=u)),
        "berichten.verzoeken_lezen": lambda w, u: berichten_views.verzoeken(_get(u)),
        "accounts.gebruiker_aanmaken": lambda w, u: accounts.gebruiker_wijzigen(
            gebruiker=w.users[("verwijzer", True)], first_name="Huisarts", door=u
        ),
    }


def _reden_weigering() -> str:
    from uitkomst.trajecten.codes import RedenWeigering

    return RedenWeigering.values[0]


# --- walking -------------------------------------------------------------------------------------


class _Terug(Exception):
    """Undo the scenario's writes (the savepoint rolls back)."""


def verwacht(rol: Rol, eigen: bool, actie: str) -> bool:
    """What the table says for a user of this role, of the object's own organisation or another's."""
    for grant in policy.ACTIES[actie].mag:
        if grant.scope != rol.scope or (grant.recht is not None and grant.recht not in rol.rechten):
            continue
        if eigen or grant.object is None:
            return True
    return False


def probeer(monkeypatch, scenario, w, user, actie: str) -> tuple[bool, str]:
    """Run the scenario; return (allowed, how) where ``how`` explains the outcome."""
    antwoorden: list[bool] = []
    echt = policy.mag

    def spion(u, a, obj=None):
        uitkomst = echt(u, a, obj)
        if a == actie:
            antwoorden.append(uitkomst)
        return uitkomst

    monkeypatch.setattr(policy, "mag", spion)
    weigering = anders = None
    try:
        with transaction.atomic():
            scenario(w, user)
            raise _Terug
    except _Terug:
        pass
    except NotAllowed as exc:
        weigering = exc
    except (Http404, ObjectDoesNotExist, PermissionDenied) as exc:
        weigering = exc
    except Exception as exc:  # a later rule of the service (state, input): the policy has spoken
        anders = exc
    finally:
        monkeypatch.setattr(policy, "mag", echt)
    if not antwoorden:
        if weigering is not None:  # refused before this action's question: not visible, or an earlier action
            return False, f"eerder geweigerd ({type(weigering).__name__}: {weigering})"
        raise AssertionError(f"{actie}: the scenario never asked the policy ({anders!r})")
    toegestaan = all(antwoorden)
    if not toegestaan and isinstance(weigering, NotAllowed) and weigering.code != "geen_toegang":
        raise AssertionError(f"{actie}: refused with code {weigering.code!r}, expected 'geen_toegang'")
    if not toegestaan and isinstance(weigering, NotAllowed):
        assert weigering.message, "a refusal carries a Dutch message"
    return toegestaan, "policy"


GROEPEN = ["catalogus", "contractering", "toegang", "trajecten", "declaraties", "uitkomsten", "sturing",
           "signaal", "contractvormen", "audit", "accounts", "berichten", "tariefontwerp", "simulatie",
           "subsidies", "voorzieningen"]  # fmt: skip


def test_every_action_has_a_scenario():
    assert set(_scenarios()) == set(policy.ACTIES)
    assert {a.split(".")[0] for a in policy.ACTIES} <= set(GROEPEN)


@pytest.mark.parametrize("groep", GROEPEN)
def test_table_walked_against_the_real_services(groep, wereld, monkeypatch):
    rollen = {r.code: r for r in Rol.objects.all()}
    fouten = []
    gelopen = 0
    for actie, scenario in _scenarios().items():
        if actie.split(".")[0] != groep:
            continue
        for (rol_code, eigen), user in wereld.users.items():
            rol = rollen[rol_code]
            user.refresh_from_db()
            toegestaan, hoe = probeer(monkeypatch, scenario, wereld, user, actie)
            gelopen += 1
            if toegestaan != verwacht(rol, eigen, actie):
                wie = f"{rol_code} ({'eigen' if eigen else 'andere'} organisatie)"
                fouten.append(f"{actie}: {wie} {'mag' if toegestaan else 'mag niet'} ({hoe}), tabel zegt anders")
    assert gelopen
    assert not fouten, "\n".join(fouten)


# --- rows the table promises, as literals (so a wrong table is caught too) ------------------------


def _weigert(fn):
    with pytest.raises(NotAllowed) as err:
        fn()
    assert err.value.code == "geen_toegang"
    return err.value


def test_literal_rows(wereld):
    from uitkomst.catalogus import services as catalogus
    from uitkomst.contractering import services as contractering
    from uitkomst.trajecten import services as trajecten

    u = wereld.users
    kampen = u[("gemeente-toegang", False)]
    e = _weigert(
        lambda: trajecten.toewijzing_create(
            plan=wereld.plan, aanbieder=wereld.a, startdatum=klok.vandaag(), keuze_door_client=True, door=kampen
        )
    )
    assert "andere gemeente" in e.message and "toewijzen" in e.message
    _weigert(
        lambda: contractering.raamovereenkomst_verlengen(
            overeenkomst=wereld.overeenkomst, door=u[("regio-contractmanager", False)]
        )
    )  # noqa: E501
    _weigert(lambda: trajecten.traject_accepteren(traject=wereld.traject, door=u[("aanbieder", False)]))
    _weigert(lambda: trajecten.traject_accepteren(traject=wereld.traject, door=u[("beheerder", True)]))
    _weigert(lambda: trajecten.traject_accepteren(traject=wereld.traject, door=u[("gemeente-toegang", True)]))
    e = _weigert(lambda: catalogus.tarief_herzien(
        product=wereld.product, bedrag="1.00", ingangsdatum=klok.vandaag(), door=u[("gemeente-financien", True)]
    ))  # fmt: skip
    assert e.message.startswith("Dit mag uw rol niet")
    accepted = trajecten.traject_accepteren(traject=wereld.traject, door=u[("aanbieder", True)])
    assert accepted.status == "geaccepteerd"


def test_no_service_without_an_actor(wereld):
    from uitkomst.trajecten import services as trajecten

    _weigert(lambda: trajecten.traject_intrekken(traject=wereld.traject, reden="Weg", door=None))


def test_cross_region_signal_read_is_closed(wereld, systeem, make_user):
    from uitkomst.signalen import selectors, services
    from uitkomst.signalen.models import Signaal

    rotterdam = Regio.objects.get(code="rotterdam-rijnmond")
    elders = services.signaal_create(
        soort="uitkomst_afwijkend", sleutel="test:rotterdam", regio=rotterdam, omschrijving="Elders", door=systeem
    )
    regio_breed = services.signaal_create(
        soort="uitkomst_afwijkend", sleutel="test:ijsselland", regio=wereld.regio, omschrijving="Regio", door=systeem
    )
    cm = wereld.users[("regio-contractmanager", True)]
    financien = wereld.users[("gemeente-financien", True)]
    financien_kampen = wereld.users[("gemeente-financien", False)]
    cm_rotterdam = wereld.users[("regio-contractmanager", False)]

    def ziet(user):
        return set(Signaal.objects.filter(policy.rijen(user, "signaal")).values_list("pk", flat=True))

    assert ziet(cm) >= {wereld.signaal.pk, regio_breed.pk} and elders.pk not in ziet(cm)
    assert ziet(financien) >= {wereld.signaal.pk, regio_breed.pk} and elders.pk not in ziet(financien)
    assert wereld.signaal.pk not in ziet(financien_kampen) and regio_breed.pk in ziet(financien_kampen)
    assert ziet(cm_rotterdam) >= {elders.pk} and not ziet(cm_rotterdam) & {wereld.signaal.pk, regio_breed.pk}
    assert elders.pk not in {s.pk for s in selectors.signalen_voor(financien)}
    with pytest.raises(Signaal.DoesNotExist):
        selectors.signaal_voor(cm, elders.uuid)
    _weigert(
        lambda: services.signaal_afhandelen(signaal=wereld.signaal, toelichting="Niet de mijne", door=cm_rotterdam)
    )
    _weigert(lambda: services.signaal_afhandelen(signaal=regio_breed, toelichting="Regio", door=financien))


def test_system_actor_is_named_inactive_and_recorded(systeem, product):
    from uitkomst.audit.models import Inzage
    from uitkomst.audit.services import audit_log_read
    from uitkomst.catalogus import services as catalogus

    again = policy.systeem_actor("test")
    assert again.pk == systeem.pk and systeem.username == "systeem:test"
    assert not systeem.is_active and not systeem.has_usable_password()
    assert systeem.rol.code == "systeem" and policy.scope(systeem) == Rol.Scope.INSTALLATIE
    tarief = catalogus.tarief_create(product=product, bedrag="10.00", geldig_van=dt.date(2025, 1, 1), door=systeem)
    assert tarief.aangemaakt_door.username == "systeem:test"
    client = SimpleNamespace(pk=1, uuid="00000000-0000-0000-0000-000000000001", gemeente_id=None)
    audit_log_read(user=systeem, clients=[client], wat="test", waarom="test")
    row = Inzage.objects.get()
    assert (row.gebruikersnaam, row.rol) == ("systeem:test", "systeem")


def test_documented_table_lists_every_action():
    doc = (ROOT / "docs" / "authorization.md").read_text(encoding="utf-8")
    for actie in policy.ACTIES:
        assert f"`{actie}`" in doc, f"docs/authorization.md misses {actie}"


# --- no role checks outside the policy -----------------------------------------------------------

ROL_CONTROLE = re.compile(r"has_right\(|\.rol\.|is_superuser|(?<![\w.])scope\(|policy\.scope\(")


def test_no_role_checks_outside_the_policy():
    src = ROOT / "src" / "uitkomst"
    files = [p for name in ("services.py", "selectors.py", "views.py") for p in src.rglob(name)]  # incl. api/views.py
    assert len(files) > 20
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in sorted(set(files))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if ROL_CONTROLE.search(line)
    ]
    assert not found, "role checks outside accounts/policy.py:\n" + "\n".join(found)
