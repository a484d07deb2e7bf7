"""Messages as a provider writes them (305, 307, 315, 317, 323, 302, 320), built from Uitkomst's own
assignments. The demo, the benchmark and the tests use them to put the provider's side of the
exchange through the real adapters; the product itself only ever reads these kinds.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.utils import timezone

from uitkomst.catalogus.models import Bekostigingsvorm, Wet
from uitkomst.toegang import bsn as bsn_tools

from . import inhoud, regels, xml


def _standaard(toewijzing) -> str:
    return "ijw" if toewijzing.inkoopmodel.wet == Wet.JEUGDWET else "iwmo"


def kop(
    naam: str, *, afzender: str, ontvanger: str, identificatie: str | None = None, dagtekening: dt.date | None = None
) -> inhoud.Header:
    return inhoud.Header(
        BerichtCode=inhoud.SOORTEN[naam].berichtcode,
        Afzender=afzender,
        Ontvanger=ontvanger,
        BerichtIdentificatie=inhoud.BerichtIdentificatie(
            Identificatie=identificatie or secrets.token_hex(6), Dagtekening=dagtekening or timezone.localdate()
        ),
        XsdVersie=xml.xsd_versie(naam),
    )


def _client_kort(toewijzing, klasse):
    c = toewijzing.client
    return {
        "Bsn": bsn_tools.decrypt(c.bsn_versleuteld),
        "Geboortedatum": inhoud.Geboortedatum(Datum=c.geboortedatum),
        "Geslacht": "0",
        "Naam": inhoud.VerkorteNaam(Geslachtsnaam=inhoud.Achternaam(Achternaam="Synthetisch"), Voorletters="X"),
    }


def _product(toewijzing) -> inhoud.Product:
    p = toewijzing.product
    return inhoud.Product(Categorie=p.productcategorie, Code=p.productcode_ijw or None)


def start(
    toewijzing,
    begindatum: dt.date,
    *,
    status: str = "1",
    identificatie: str | None = None,
    dagtekening: dt.date | None = None,
    nummer: int | None = None,
) -> bytes:
    naam = inhoud.soort(_standaard(toewijzing), "305").naam
    obj = inhoud.Startbericht(
        Header=kop(
            naam,
            afzender=toewijzing.aanbieder.agb_code,
            ontvanger=toewijzing.gemeente.cbs_code,
            identificatie=identificatie,
            dagtekening=dagtekening,
        ),
        Client=inhoud.ClientStart(
            **_client_kort(toewijzing, inhoud.ClientStart),
            StartProducten=[
                inhoud.StartProduct(
                    ToewijzingNummer=nummer if nummer is not None else toewijzing.pk,
                    Product=_product(toewijzing),
                    ToewijzingIngangsdatum=toewijzing.startdatum,
                    Begindatum=begindatum,
                    StatusAanlevering=status,
                )
            ],
        ),
    )
    return xml.schrijf(obj, naam)


def stop(
    toewijzing,
    begindatum: dt.date,
    einddatum: dt.date,
    *,
    reden: str = "31",
    status: str = "1",
    identificatie: str | None = None,
    dagtekening: dt.date | None = None,
) -> bytes:
    naam = inhoud.soort(_standaard(toewijzing), "307").naam
    obj = inhoud.Stopbericht(
        Header=kop(
            naam,
            afzender=toewijzing.aanbieder.agb_code,
            ontvanger=toewijzing.gemeente.cbs_code,
            identificatie=identificatie,
            dagtekening=dagtekening,
        ),
        Client=inhoud.ClientStop(
            **_client_kort(toewijzing, inhoud.ClientStop),
            StopProducten=[
                inhoud.StopProduct(
                    ToewijzingNummer=toewijzing.pk,
                    Product=_product(toewijzing),
                    ToewijzingIngangsdatum=toewijzing.startdatum,
                    Begindatum=begindatum,
                    RedenBeeindiging=reden,
                    Einddatum=einddatum,
                    StatusAanlevering=status,
                )
            ],
        ),
    )
    return xml.schrijf(obj, naam)


@dataclass
class Aanvraag:
    """One requested product of a JW315."""

    product: object  # catalogus.Product
    ingangsdatum: dt.date
    einddatum: dt.date | None = None
    referentie: str = ""
    volume: int | None = None
    eenheid: str = ""
    frequentie: str = ""
    verwijzer_type: str = "02"
    verwijzer_code: str | None = "01990001"
    verwijzer_naam: str | None = None
    # iWmo only: the open Wmo decision (beschikking) the request rests on (OP307, IV052)
    beschikkingnummer: str | None = None
    beschikking_ingangsdatum: dt.date | None = None


def verzoek_toewijzing(
    *,
    gemeente,
    aanbieder,
    bsn: str,
    geboortedatum: dt.date,
    aanvragen: list[Aanvraag],
    standaard: str = "ijw",
    identificatie: str | None = None,
    dagtekening: dt.date | None = None,
) -> bytes:
    naam = inhoud.soort(standaard, "315").naam
    producten = [
        inhoud.AangevraagdProduct(
            ReferentieAanbieder=a.referentie or secrets.token_hex(8),
            BeschikkingNummer=a.beschikkingnummer if standaard == "iwmo" else None,
            BeschikkingIngangsdatum=a.beschikking_ingangsdatum if standaard == "iwmo" else None,
            Product=inhoud.Product(Categorie=a.product.productcategorie, Code=a.product.productcode_ijw or None),
            ToewijzingIngangsdatum=a.ingangsdatum,
            ToewijzingEinddatum=a.einddatum,
            Omvang=inhoud.Omvang(Volume=a.volume, Eenheid=a.eenheid, Frequentie=a.frequentie)
            if a.volume is not None
            else None,
            Verwijzer=inhoud.Verwijzer(
                Type=a.verwijzer_type,
                Naam=a.verwijzer_naam,
                ZorgverlenerCode=a.verwijzer_code if a.verwijzer_type in ("02", "03", "04", "05") else None,
            ),
        )
        for a in aanvragen
    ]
    obj = inhoud.VerzoekToewijzingbericht(
        Header=kop(
            naam,
            afzender=aanbieder.agb_code,
            ontvanger=gemeente.cbs_code,
            identificatie=identificatie,
            dagtekening=dagtekening,
        ),
        Client=inhoud.ClientVerzoekToewijzing(
            Bsn=bsn,
            Geboortedatum=inhoud.Geboortedatum(Datum=geboortedatum),
            Geslacht="2",
            Naam=inhoud.VerkorteNaam(
                Geslachtsnaam=inhoud.Achternaam(Achternaam="Jansen", Voorvoegsel=None), Voorletters="A"
            ),
            GezagsdragerBekend="1" if standaard == "ijw" else None,
            AangevraagdeProducten=producten,
        ),
    )
    return xml.schrijf(obj, naam)


def verzoek_wijziging(
    *,
    toewijzing,
    ongewijzigd=(),
    te_wijzigen=(),
    nieuw=(),
    referentie: str | None = None,
    reden: str = "1",
    identificatie: str | None = None,
) -> bytes:
    naam = inhoud.soort(_standaard(toewijzing), "317").naam
    obj = inhoud.VerzoekWijzigingbericht(
        Header=kop(
            naam,
            afzender=toewijzing.aanbieder.agb_code,
            ontvanger=toewijzing.gemeente.cbs_code,
            identificatie=identificatie,
        ),
        Client=inhoud.ClientVerzoekWijziging(
            Bsn=bsn_tools.decrypt(toewijzing.client.bsn_versleuteld),
            Verzoek=inhoud.Verzoek(
                ReferentieAanbieder=referentie or secrets.token_hex(8),
                RedenVerzoek=reden,
                OngewijzigdeProducten=[inhoud.OngewijzigdProduct(ToewijzingNummer=n) for n in ongewijzigd],
                TeWijzigenProducten=list(te_wijzigen),
                NieuweProducten=list(nieuw),
            ),
        ),
    )
    return xml.schrijf(obj, naam)


@dataclass
class Levering:
    """One prestatie of a JW323, in the form of the assignment's execution variant."""

    toewijzing: object  # trajecten.Toewijzing
    van: dt.date
    tot: dt.date
    volume: int | None = None  # units (P×Q), weeks (weekly tariff); None: the amount (fixed price, 83)
    bedrag: int | None = None  # eurocent; None: volume × tariff
    tarief: int | None = None  # eurocent per unit; None: the contract tariff
    referentie: str = ""
    vorige: str | None = None  # for a credit
    credit: bool = False


def prestatie(lev: Levering, *, eenheid: str | None = None) -> inhoud.Prestatie:
    t = lev.toewijzing
    p = t.product
    if eenheid is None:
        eenheid = p.ijw_eenheid if p.bekostiging != Bekostigingsvorm.TRAJECT or p.ijw_eenheid == "83" else "82"
    if p.bekostiging in regels.VAST:
        bedrag = lev.bedrag if lev.bedrag is not None else regels.eurocent(t.budget)
        if eenheid == "83":
            volume, tarief = bedrag, None
        else:
            volume, tarief = 1, bedrag
    elif p.bekostiging == Bekostigingsvorm.PERIODE and eenheid == "83":  # Wmo: the monthly amount
        bedrag = lev.bedrag if lev.bedrag is not None else regels.eurocent(t.budget)
        volume, tarief = bedrag, None
    elif p.bekostiging in (Bekostigingsvorm.PERIODE, Bekostigingsvorm.STUK):  # one month, one item
        tarief = lev.tarief if lev.tarief is not None else regels.eurocent(t.budget)
        volume = lev.volume if lev.volume is not None else 1
        bedrag = lev.bedrag if lev.bedrag is not None else volume * tarief
    else:
        if p.bekostiging == Bekostigingsvorm.WEEK:
            tarief = lev.tarief if lev.tarief is not None else regels.eurocent(t.budget)
        else:
            prijs = t.tarief.bedrag if t.tarief_id else t.budget
            tarief = lev.tarief if lev.tarief is not None else regels.eurocent(prijs)
        volume = lev.volume or 0
        bedrag = lev.bedrag if lev.bedrag is not None else volume * tarief
    return inhoud.Prestatie(
        ProductReferentie=inhoud.ProductReferentie(
            ReferentieNummer=lev.referentie or secrets.token_hex(8), VorigReferentieNummer=lev.vorige
        ),
        ToewijzingNummer=t.pk,
        ProductCategorie=p.productcategorie,
        ProductCode=p.productcode_ijw or "ONB",
        ProductPeriode=inhoud.Periode(Begindatum=lev.van, Einddatum=lev.tot),
        GeleverdVolume=volume,
        Eenheid=eenheid,
        ProductTarief=tarief,
        IngediendBedrag=inhoud.Bedrag(Bedrag=bedrag, DebetCredit="C" if lev.credit else "D"),
    )


def declaratie(
    *,
    aanbieder,
    gemeente,
    van: dt.date,
    tot: dt.date,
    leveringen: list[Levering],
    nummer: str | None = None,
    standaard: str = "ijw",
    identificatie: str | None = None,
    prestaties: list | None = None,
) -> bytes:
    naam = inhoud.soort(standaard, "323").naam
    per_client: dict[str, list] = {}
    for lev, pr in zip(leveringen, prestaties or [prestatie(x) for x in leveringen], strict=True):
        per_client.setdefault(bsn_tools.decrypt(lev.toewijzing.client.bsn_versleuteld), []).append(pr)
    som = sum(
        p.IngediendBedrag.Bedrag * (-1 if p.IngediendBedrag.DebetCredit == "C" else 1)
        for ps in per_client.values()
        for p in ps
    )
    obj = inhoud.Declaratiebericht(
        Header=kop(naam, afzender=aanbieder.agb_code, ontvanger=gemeente.cbs_code, identificatie=identificatie),
        Declaratie=inhoud.Declaratie(
            DeclaratieNummer=nummer or secrets.token_hex(6),
            DeclaratiePeriode=inhoud.Periode(Begindatum=van, Einddatum=tot),
            DeclaratieDagtekening=timezone.localdate(),
            TotaalIngediendBedrag=inhoud.TotaalBedrag(TotaalBedrag=abs(som), DebetCredit="C" if som < 0 else "D"),
            Clienten=[inhoud.ClientDeclaratie(Bsn=b, Prestaties=ps) for b, ps in per_client.items()],
        ),
    )
    return xml.schrijf(obj, naam)


def retour_op(heen: bytes, codes: list[str] | None = None) -> bytes:
    """The provider's technical retour (302 on a 301, 320 on a 319): accepted, or with these codes."""
    c = xml.controleer(heen)
    s = c.soort
    naam = inhoud.soort(s.standaard, {"301": "302", "319": "320"}[s.nummer]).naam
    obj = xml.lees(c.root, s.naam)
    h = obj.Header
    obj.Header = inhoud.Header(
        BerichtCode=inhoud.SOORTEN[naam].berichtcode,
        Afzender=h.Afzender,
        Ontvanger=h.Ontvanger,
        BerichtIdentificatie=h.BerichtIdentificatie,
        XsdVersie=h.XsdVersie,
        IdentificatieRetour=secrets.token_hex(6),
        DagtekeningRetour=timezone.localdate(),
        XsdVersieRetour=xml.xsd_versie(naam),
        RetourCodes=codes or ["0200"],
    )
    if s.nummer == "301":
        obj.Client = None
    else:
        obj.Antwoord = None
    return xml.schrijf(obj, naam)
