"""The one signal centre: idempotent creation, every signal in one region, reads scoped by region,
handling only by the right role of the right region."""

import pytest

from uitkomst.signalen import selectors, services
from uitkomst.signalen.models import Signaal
from uitkomst.utils.errors import Conflict, NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db


def _signaal(door, **kw):
    velden = {"soort": "segment_c", "sleutel": "traject:1", "omschrijving": "Duur traject.", **kw}
    return services.signaal_create(door=door, **velden)


def test_creating_twice_returns_the_same_signal(systeem, zwolle):
    eerste = _signaal(systeem, gemeente=zwolle)
    tweede = _signaal(systeem, gemeente=zwolle, omschrijving="Andere tekst")
    assert tweede.pk == eerste.pk and tweede.omschrijving == "Duur traject."
    assert Signaal.objects.count() == 1
    # the region follows from the municipality; defaults for title, severity and status
    assert eerste.regio == zwolle.regio and eerste.titel == "Duur traject (segment c)"
    assert (eerste.ernst, eerste.status, eerste.aangemaakt_door) == ("aandacht", "open", systeem)
    # the same key under another kind is another fact
    assert _signaal(systeem, gemeente=zwolle, soort="lange_wachttijd").pk != eerste.pk


def test_a_handled_signal_is_not_raised_again(systeem, zwolle, financien):
    s = _signaal(systeem, gemeente=zwolle)
    services.signaal_afhandelen(signaal=s, door=financien, toelichting="Besproken")
    again = _signaal(systeem, gemeente=zwolle)
    assert again.pk == s.pk and again.status == "afgehandeld" and again.toelichting == "Besproken"


def test_bad_input_refused_with_every_problem(systeem, zwolle, rijnmond):
    with pytest.raises(ValidationFailed) as err:
        services.signaal_create(
            soort="iets", sleutel=" ", omschrijving="", door=systeem, onderwerp_type="traject", ernst="paniek"
        )
    assert {p.code for p in err.value.problems} == {
        "soort_onbekend", "sleutel_ontbreekt", "omschrijving_ontbreekt", "regio_ontbreekt", "ernst_onbekend",
        "onderwerp_onvolledig",
    }  # fmt: skip
    with pytest.raises(ValidationFailed) as err:
        _signaal(systeem, gemeente=zwolle, regio=rijnmond)
    assert err.value.code == "gemeente_buiten_regio"
    assert not Signaal.objects.exists()


def test_many_at_once_skips_what_exists(systeem, zwolle, kampen):
    _signaal(systeem, gemeente=zwolle)
    rijen = [
        {"soort": "segment_c", "sleutel": "traject:1", "omschrijving": "x", "gemeente": zwolle.pk},
        {"soort": "segment_c", "sleutel": "traject:2", "omschrijving": "y", "gemeente": kampen.pk},
        {"soort": "segment_c", "sleutel": "traject:2", "omschrijving": "dubbel", "gemeente": kampen.pk},
    ]
    nieuw = services.signalen_create(rijen=rijen, door=systeem)
    assert [s.sleutel for s in nieuw] == ["traject:2"] and Signaal.objects.count() == 2
    assert Signaal.objects.get(sleutel="traject:2").regio == kampen.regio
    with pytest.raises(ValidationFailed) as err:
        services.signalen_create(rijen=[{"soort": "segment_c", "sleutel": "t:3", "omschrijving": "z"}], door=systeem)
    assert err.value.code == "regio_ontbreekt" and Signaal.objects.count() == 2


def test_lapsing_removes_only_open_signals_whose_fact_is_gone(systeem, zwolle, financien):
    weg = _signaal(systeem, gemeente=zwolle, sleutel="traject:weg")
    blijft = _signaal(systeem, gemeente=zwolle, sleutel="traject:blijft")
    behandeld = _signaal(systeem, gemeente=zwolle, sleutel="traject:behandeld")
    ander = _signaal(systeem, gemeente=zwolle, soort="afwijzing", sleutel="traject:weg")
    services.signaal_afhandelen(signaal=behandeld, door=financien, toelichting="Klaar")
    n = services.signalen_vervallen(soorten=["segment_c"], actueel={("segment_c", "traject:blijft")}, door=systeem)
    assert n == 1 and not Signaal.objects.filter(pk=weg.pk).exists()
    assert set(Signaal.objects.values_list("pk", flat=True)) == {blijft.pk, behandeld.pk, ander.pk}


# --- reads ------------------------------------------------------------------------------------------


def test_another_regions_signals_are_never_read(systeem, zwolle, rotterdam, rijnmond, contractmanager, financien,
                                                cm_rijnmond, financien_rotterdam):  # fmt: skip
    hier = _signaal(systeem, gemeente=zwolle)
    regiobreed = _signaal(systeem, regio=zwolle.regio, soort="uitkomst_afwijkend", sleutel="aanbieder:1")
    daar = _signaal(systeem, gemeente=rotterdam, sleutel="traject:r")
    daar_breed = _signaal(systeem, regio=rijnmond, soort="uitkomst_afwijkend", sleutel="aanbieder:1:r")

    def pks(user, **filters):
        return set(selectors.signalen_voor(user, filters).values_list("pk", flat=True))

    assert pks(contractmanager) == {hier.pk, regiobreed.pk}
    assert pks(financien) == {hier.pk, regiobreed.pk}  # its municipality and its region's region-wide ones
    assert pks(cm_rijnmond) == {daar.pk, daar_breed.pk}
    assert pks(financien_rotterdam) == {daar.pk, daar_breed.pk}  # not IJsselland's region-wide signals
    assert pks(systeem) == {hier.pk, regiobreed.pk, daar.pk, daar_breed.pk}  # the installation
    with pytest.raises(Signaal.DoesNotExist):
        selectors.signaal_voor(cm_rijnmond, hier.uuid)
    assert pks(contractmanager, soort="uitkomst_afwijkend") == {regiobreed.pk}
    assert selectors.signaal_telling(contractmanager) == {"segment_c": 1, "uitkomst_afwijkend": 1}


def test_roles_without_reporting_see_no_signals(systeem, zwolle, toegang, aanbieder_user):
    _signaal(systeem, gemeente=zwolle, aanbieder=aanbieder_user.aanbieder)
    assert not selectors.signalen_voor(toegang).exists()
    assert not selectors.signalen_voor(aanbieder_user).exists()
    # the provider's own account-talk pack shows the signals about itself
    assert selectors.signalen_over_aanbieder(aanbieder_user, aanbieder_user.aanbieder).count() == 1


# --- handling ---------------------------------------------------------------------------------------


def test_handling_needs_the_right_role_of_the_right_region(systeem, zwolle, contractmanager, financien, toegang,
                                                           cm_rijnmond, financien_kampen):  # fmt: skip
    s = _signaal(systeem, gemeente=zwolle)
    for wie in (toegang, cm_rijnmond, financien_kampen):
        with pytest.raises(NotAllowed) as err:
            services.signaal_afhandelen(signaal=s, door=wie, toelichting="Gebeld")
        assert err.value.code == "geen_toegang"
    s.refresh_from_db()
    assert s.status == "open" and s.afgehandeld_op is None and s.toelichting == ""
    with pytest.raises(ValidationFailed) as err:
        services.signaal_afhandelen(signaal=s, door=financien, toelichting="  ")
    assert err.value.code == "toelichting_ontbreekt"
    s = services.signaal_afhandelen(signaal=s, door=financien, toelichting=" Gebeld met de aanbieder ")
    assert (s.status, s.toelichting, s.afgehandeld_door) == ("afgehandeld", "Gebeld met de aanbieder", financien)
    assert s.is_afgehandeld and s.afgehandeld_op is not None
    with pytest.raises(Conflict) as err:
        services.signaal_afhandelen(signaal=s, door=contractmanager, toelichting="nog eens")
    assert err.value.code == "al_afgehandeld"


def test_a_region_wide_signal_is_handled_by_the_region(systeem, regio, contractmanager, financien):
    s = _signaal(systeem, regio=regio, soort="uitkomst_afwijkend", sleutel="aanbieder:1")
    with pytest.raises(NotAllowed) as err:
        services.signaal_afhandelen(signaal=s, door=financien, toelichting="x")
    assert err.value.code == "geen_toegang"
    assert services.signaal_afhandelen(signaal=s, door=contractmanager, toelichting="Gesprek gepland").is_afgehandeld
