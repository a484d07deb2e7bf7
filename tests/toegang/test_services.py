"""Rules of access: client, referral (and the GP's short form), plan with goals, profile and
intensity, maatwerk, excluded care. Every refusal has a specific message and saves nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang import services
from uitkomst.toegang.models import Client, Doel, Gezinsplan, Verwijzer, Verwijzing
from uitkomst.utils.errors import NotAllowed, ValidationFailed

from . import helpers

pytestmark = pytest.mark.django_db


def counts():
    return Client.objects.count(), Verwijzing.objects.count(), Gezinsplan.objects.count(), Doel.objects.count()


def test_referral_by_access_creates_client_with_encrypted_bsn_and_pseudonym(toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    client = v.client
    assert "111222333" not in client.bsn_versleuteld
    assert bsn_tools.decrypt(client.bsn_versleuteld) == "111222333"
    assert client.bsn_pseudoniem == bsn_tools.pseudonym("111222333")
    assert v.verwijzer_type == Verwijzer.GEMEENTE and v.verwijzer_code == zwolle.cbs_code
    # the same BSN again finds the same client (uniqueness by pseudonym)
    assert helpers.verwijzing(toegang, zwolle, ijsselland).client == client
    assert Client.objects.count() == 1


@pytest.mark.parametrize("bad", ["123456789", "12345", "abcdefghi", ""])
def test_invalid_bsn_refused_nothing_saved(toegang, zwolle, ijsselland, bad):
    before = counts()
    with pytest.raises(ValidationFailed) as err:
        helpers.verwijzing(toegang, zwolle, ijsselland, bsn=bad)
    assert err.value.code == "bsn_ongeldig" and "BSN" in err.value.message
    assert counts() == before


def test_same_bsn_other_birth_date_refused(systeem, toegang, zwolle, ijsselland):
    helpers.verwijzing(toegang, zwolle, ijsselland)
    with pytest.raises(ValidationFailed) as err:
        services.client_get_or_create(door=systeem, bsn="111222333", geboortedatum=dt.date(2010, 1, 1), gemeente=zwolle)
    assert err.value.code == "bsn_geboortedatum_verschilt"


def test_access_worker_cannot_refer_resident_of_another_municipality(toegang, kampen, ijsselland):
    before = counts()
    with pytest.raises(NotAllowed) as err:
        helpers.verwijzing(toegang, kampen, ijsselland)
    assert err.value.code == "geen_toegang" and "Kampen" in err.value.message
    assert counts() == before


def test_gp_short_form_uses_own_agb_and_leaves_profile_open(huisarts, zwolle, ijsselland):
    product = ijsselland.producten.get(code="P02-P")
    v = helpers.verwijzing(huisarts, zwolle, ijsselland, product=product, toelichting="Zorgen over gedrag")
    assert v.is_verkort and v.verwijzer_type == Verwijzer.HUISARTS and v.verwijzer_code == "01990001"
    assert v.product is None  # access completes profile and intensity later


def test_gp_without_valid_agb_code_refused(make_user, zwolle, ijsselland):
    gp = make_user("gp-fout", "verwijzer", verwijzer_code="12")
    with pytest.raises(ValidationFailed) as err:
        helpers.verwijzing(gp, zwolle, ijsselland)
    assert err.value.code == "verwijzer_code_ongeldig" and "AGB" in err.value.message


def test_access_records_a_specialist_referral_with_agb(toegang, zwolle, ijsselland):
    v = helpers.verwijzing(
        toegang, zwolle, ijsselland, verwijzer_type=Verwijzer.MEDISCH_SPECIALIST, verwijzer_code="03123456"
    )
    assert v.verwijzer_type == "05" and not v.is_verkort
    with pytest.raises(ValidationFailed) as err:
        helpers.verwijzing(toegang, zwolle, ijsselland, bsn="123456782", verwijzer_type="05", verwijzer_code="")
    assert err.value.code == "verwijzer_code_ongeldig"


def test_provider_cannot_refer(make_user, zwolle, ijsselland, aanbieder, regio):
    user = make_user("aanb", "aanbieder", aanbieder=aanbieder, regio=regio)
    with pytest.raises(NotAllowed) as err:
        helpers.verwijzing(user, zwolle, ijsselland)
    assert err.value.code == "geen_toegang"


def test_referral_date_outside_model_refused(toegang, zwolle, reference_models):
    legacy = Inkoopmodel.objects.get(code="ijsselland-jeugd-pxq-overgang")  # ended 31-12-2019
    with pytest.raises(ValidationFailed) as err:
        helpers.verwijzing(toegang, zwolle, legacy)
    assert err.value.code == "datum_buiten_model"


def test_gp_referral_completed_by_access(huisarts, toegang, zwolle, ijsselland):
    v = helpers.verwijzing(huisarts, zwolle, ijsselland)
    plan = services.gezinsplan_create(verwijzing=v, doelen=["Weer naar school"], door=toegang)
    v.refresh_from_db()
    assert v.aangevuld_op is not None and v.aangevuld_door == toegang
    assert plan.doelen.count() == 1


def test_goal_less_plan_refused(toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    before = counts()
    with pytest.raises(ValidationFailed) as err:
        services.gezinsplan_create(verwijzing=v, doelen=["", "   "], door=toegang)
    assert err.value.code == "plan_zonder_doelen" and "doel" in err.value.message
    assert counts() == before


def test_plan_with_profile_in_one_step(toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    plan = services.gezinsplan_create(
        verwijzing=v, doelen=["Rust"], door=toegang, product_code="P01-P", motivering="Past bij de vraag."
    )
    plan.refresh_from_db()
    assert plan.product.code == "P01-P" and plan.motivering == "Past bij de vraag." and plan.doelen.count() == 1


def test_plan_with_unknown_product_saves_nothing(toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    before = counts()
    with pytest.raises(ValidationFailed) as err:
        services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang, product_code="X99", motivering="x")
    assert err.value.code == "product_onbekend" and err.value.problems[0].field == "product"
    assert counts() == before


def test_plan_with_maatwerk_without_price_saves_nothing(toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    before = Gezinsplan.objects.count()
    maatwerk = ijsselland.producten.get(code="MAATWERK")
    with pytest.raises(ValidationFailed) as err:
        services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang, product=maatwerk, motivering="x")
    assert {p.code for p in err.value.problems} == {"maatwerkprijs_ongeldig", "maatwerk_motivering_ontbreekt"}
    assert Gezinsplan.objects.count() == before


def test_plan_for_other_municipality_refused(toegang, toegang_kampen, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    with pytest.raises(NotAllowed) as err:
        services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang_kampen)
    assert err.value.code == "geen_toegang" and "andere gemeente" in err.value.message
    assert not Gezinsplan.objects.exists()


def test_profile_of_another_model_refused(toegang, zwolle, ijsselland, reference_models):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    plan = services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang)
    foreign = Inkoopmodel.objects.get(code="rotterdam-rijnmond-jeugd-week").producten.first()
    with pytest.raises(ValidationFailed) as err:
        services.gezinsplan_profiel_kiezen(plan=plan, door=toegang, product=foreign, motivering="x")
    assert err.value.code == "product_ander_model"
    plan.refresh_from_db()
    assert plan.product is None


def test_profile_needs_motivation(toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    plan = services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang)
    with pytest.raises(ValidationFailed) as err:
        services.gezinsplan_profiel_kiezen(plan=plan, door=toegang, product=ijsselland.producten.get(code="P01-P"))
    assert err.value.code == "motivering_ontbreekt"


def test_excluded_care_refused_with_model_reason(toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    plan = services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang)
    with pytest.raises(ValidationFailed) as err:
        services.gezinsplan_profiel_kiezen(plan=plan, door=toegang, uitsluiting_code="pgb", motivering="wil pgb")
    assert err.value.code == "zorg_uitgesloten"
    assert "zorg in natura" in err.value.message  # the model's own reason
    plan.refresh_from_db()
    assert plan.product is None


def test_maatwerk_needs_price_motivation_and_approval_by_someone_else(toegang, collega, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    plan = services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang)
    maatwerk = ijsselland.producten.get(code="MAATWERK")
    with pytest.raises(ValidationFailed) as err:
        services.gezinsplan_profiel_kiezen(plan=plan, door=toegang, product=maatwerk, motivering="past nergens")
    assert {p.code for p in err.value.problems} == {"maatwerkprijs_ongeldig", "maatwerk_motivering_ontbreekt"}
    plan = services.gezinsplan_profiel_kiezen(
        plan=plan,
        door=toegang,
        product=maatwerk,
        motivering="past nergens",
        maatwerk_prijs="18500,00",
        maatwerk_motivering="Combinatie van NAH en crisis",
    )
    assert plan.maatwerk_status == "wacht" and plan.maatwerk_prijs == Decimal("18500.00")
    with pytest.raises(NotAllowed) as err:
        services.gezinsplan_maatwerk_goedkeuren(plan=plan, door=toegang)
    assert err.value.code == "eigen_goedkeuring"
    plan = services.gezinsplan_maatwerk_goedkeuren(plan=plan, door=collega)
    assert plan.maatwerk_status == "goedgekeurd" and plan.maatwerk_goedgekeurd_door == collega
