"""The content of the iJw/iWmo 3.2 messages as plain dataclasses (no XML, no database).

Field names are the element names of the standard and fields are declared in the order of the
XSD sequence, so ``berichten.xml`` can write and read every message with one generic mapping:
a dataclass becomes an element whose children are its fields in order; a ``list`` field with
``lijst("X")`` becomes a wrapper element holding one ``X`` per item; ``None`` and empty lists are
left out. Classes marked ``Basis`` are the composite types of the basisschema (``CDT_*``): their
children live in the basisschema namespace, every other child in the message's own namespace.

A retour message (302, 306, 308, 316, 318, 320) repeats its heenbericht and adds ``RetourCodes``
to every class, so one class serves both (the retour fields are ``None`` in a heenbericht).
Amounts are integer eurocents, volumes integers, as in the standard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def lijst(item: str):
    """A repeated child: the field's element wraps one ``item`` element per list entry."""
    return field(default_factory=list, metadata={"item": item})


class Basis:
    """Marker: a composite type of the basisschema; its children are in the basisschema namespace."""


# --- composite types of the basisschema -----------------------------------------------------------


@dataclass(kw_only=True)
class BerichtIdentificatie(Basis):
    Identificatie: str
    Dagtekening: dt.date


@dataclass(kw_only=True)
class XsdVersie(Basis):
    BasisschemaXsdVersie: str
    BerichtXsdVersie: str


@dataclass(kw_only=True)
class Geboortedatum(Basis):
    Datum: dt.date
    DatumGebruik: str | None = None


@dataclass(kw_only=True)
class Achternaam(Basis):
    Achternaam: str
    Voorvoegsel: str | None = None


@dataclass(kw_only=True)
class VerkorteNaam(Basis):
    Geslachtsnaam: Achternaam
    Voornamen: str | None = None
    Voorletters: str | None = None


@dataclass(kw_only=True)
class VolledigeNaam(Basis):
    Geslachtsnaam: Achternaam
    Partnernaam: Achternaam | None = None
    Voornamen: str | None = None
    Voorletters: str | None = None
    NaamGebruik: str = "1"


@dataclass(kw_only=True)
class Product(Basis):
    Categorie: str
    Code: str | None = None


@dataclass(kw_only=True)
class Omvang(Basis):
    Volume: int
    Eenheid: str
    Frequentie: str


@dataclass(kw_only=True)
class Periode(Basis):
    Begindatum: dt.date | None = None
    Einddatum: dt.date | None = None


@dataclass(kw_only=True)
class Bedrag(Basis):
    Bedrag: int
    DebetCredit: str = "D"


@dataclass(kw_only=True)
class TotaalBedrag(Basis):
    TotaalBedrag: int
    DebetCredit: str = "D"


@dataclass(kw_only=True)
class ProductReferentie(Basis):
    ReferentieNummer: str
    VorigReferentieNummer: str | None = None


@dataclass(kw_only=True)
class Verwijzer(Basis):
    Type: str
    Naam: str | None = None
    ZorgverlenerCode: str | None = None


@dataclass(kw_only=True)
class Huis(Basis):
    Huisnummer: int
    Huisletter: str | None = None
    HuisnummerToevoeging: str | None = None
    AanduidingWoonadres: str | None = None


@dataclass(kw_only=True)
class Adres(Basis):
    Huis: Huis | None = None
    Postcode: str | None = None
    Straatnaam: str | None = None
    Plaatsnaam: str | None = None
    LandCode: str | None = None


# --- header ----------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class Header:
    """The header of every message. The retour fields (``IdentificatieRetour`` ...) and the
    declaration-answer fields (``DeclaratieIdentificatie`` ...) never occur together, so one field
    order satisfies both sequences of the XSDs."""

    BerichtCode: str
    BerichtVersie: str = "3"
    BerichtSubversie: str = "2"
    Afzender: str
    Ontvanger: str
    BerichtIdentificatie: BerichtIdentificatie
    XsdVersie: XsdVersie
    IdentificatieRetour: str | None = None
    DagtekeningRetour: dt.date | None = None
    DeclaratieIdentificatie: BerichtIdentificatie | None = None
    XsltVersie: str | None = None
    XsdVersieRetour: XsdVersie | None = None
    XsdVersieDeclaratie: XsdVersie | None = None
    RetourCodes: list[str] = lijst("RetourCode")


# --- 301 Toewijzing / 302 retour -------------------------------------------------------------------


@dataclass(kw_only=True)
class Contact:
    Soort: str
    Adres: Adres | None = None


@dataclass(kw_only=True)
class ToegewezenProduct:
    ToewijzingNummer: int
    ReferentieAanbieder: str | None = None
    Product: Product | None = None
    Toewijzingsdatum: dt.date
    Toewijzingstijd: dt.time
    Ingangsdatum: dt.date
    Einddatum: dt.date | None = None
    RedenWijziging: str | None = None
    Omvang: Omvang | None = None
    Budget: int | None = None
    Commentaar: str | None = None
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class ClientToewijzing:
    Bsn: str
    Geboortedatum: Geboortedatum
    Geslacht: str
    Naam: VolledigeNaam
    Commentaar: str | None = None
    Contactgegevens: list[Contact] = lijst("Contact")
    ToegewezenProducten: list[ToegewezenProduct] = lijst("ToegewezenProduct")
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class Toewijzingbericht:
    Header: Header
    Client: ClientToewijzing | None = None


# --- 305 Start / 306 retour ------------------------------------------------------------------------


@dataclass(kw_only=True)
class StartProduct:
    ToewijzingNummer: int | None = None
    Product: Product | None = None
    ToewijzingIngangsdatum: dt.date | None = None
    Begindatum: dt.date
    StatusAanlevering: str = "1"
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class ClientStart:
    Bsn: str
    Geboortedatum: Geboortedatum
    Geslacht: str
    Naam: VerkorteNaam
    StartProducten: list[StartProduct] = lijst("StartProduct")
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class Startbericht:
    Header: Header
    Client: ClientStart | None = None


# --- 307 Stop / 308 retour -------------------------------------------------------------------------


@dataclass(kw_only=True)
class StopProduct:
    ToewijzingNummer: int | None = None
    Product: Product | None = None
    ToewijzingIngangsdatum: dt.date | None = None
    Begindatum: dt.date
    RedenBeeindiging: str
    Einddatum: dt.date
    StatusAanlevering: str = "1"
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class ClientStop:
    Bsn: str
    Geboortedatum: Geboortedatum
    Geslacht: str
    Naam: VerkorteNaam
    StopProducten: list[StopProduct] = lijst("StopProduct")
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class Stopbericht:
    Header: Header
    Client: ClientStop | None = None


# --- 315 Verzoek om toewijzing / 316 retour --------------------------------------------------------


@dataclass(kw_only=True)
class AangevraagdProduct:
    ReferentieAanbieder: str
    BeschikkingNummer: str | None = None
    Product: Product | None = None
    BeschikkingIngangsdatum: dt.date | None = None
    ToewijzingIngangsdatum: dt.date
    ToewijzingEinddatum: dt.date | None = None
    Omvang: Omvang | None = None
    Budget: int | None = None
    Verwijzer: Verwijzer
    Raamcontract: str | None = None
    Commentaar: str | None = None
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class ClientVerzoekToewijzing:
    Bsn: str
    Geboortedatum: Geboortedatum
    Geslacht: str
    Naam: VerkorteNaam
    GezagsdragerBekend: str | None = None  # iJw only
    Commentaar: str | None = None
    AangevraagdeProducten: list[AangevraagdProduct] = lijst("AangevraagdProduct")
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class VerzoekToewijzingbericht:
    Header: Header
    Client: ClientVerzoekToewijzing | None = None


# --- 317 Verzoek om wijziging / 318 retour ---------------------------------------------------------


@dataclass(kw_only=True)
class OngewijzigdProduct:
    ToewijzingNummer: int
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class TeWijzigenProduct:
    ToewijzingNummer: int
    GewensteIngangsdatum: dt.date
    Einddatum: dt.date | None = None
    Omvang: Omvang | None = None
    Budget: int | None = None
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class NieuwProduct:
    Product: Product | None = None
    GewensteIngangsdatum: dt.date
    Einddatum: dt.date | None = None
    Omvang: Omvang | None = None
    Budget: int | None = None
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class Verzoek:
    ReferentieAanbieder: str
    RedenVerzoek: str
    OngewijzigdeProducten: list[OngewijzigdProduct] = lijst("OngewijzigdProduct")
    TeWijzigenProducten: list[TeWijzigenProduct] = lijst("TeWijzigenProduct")
    NieuweProducten: list[NieuwProduct] = lijst("NieuwProduct")
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class ClientVerzoekWijziging:
    Bsn: str
    Verzoek: Verzoek
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class VerzoekWijzigingbericht:
    Header: Header
    Client: ClientVerzoekWijziging | None = None


# --- 319 Antwoord / 320 retour ---------------------------------------------------------------------


@dataclass(kw_only=True)
class Woonplaatsbeginsel:
    Gemeente: str
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class Antwoord:
    ReferentieAanbieder: str
    VerzoekAntwoord: str
    RedenAfwijzingVerzoek: str | None = None
    Woonplaatsbeginsel: Woonplaatsbeginsel | None = None  # iJw only
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class Antwoordbericht:
    Header: Header
    Antwoord: Antwoord | None = None


# --- 323 Declaratie / 325 Declaratie-antwoord ------------------------------------------------------


@dataclass(kw_only=True)
class Prestatie:
    ProductReferentie: ProductReferentie
    ToewijzingNummer: int
    ProductCategorie: str
    ProductCode: str
    ProductPeriode: Periode
    GeleverdVolume: int
    Eenheid: str
    ProductTarief: int | None = None
    IngediendBedrag: Bedrag
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class ClientDeclaratie:
    Bsn: str
    Prestaties: list[Prestatie] = lijst("Prestatie")
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class Declaratie:
    DeclaratieNummer: str
    DeclaratiePeriode: Periode
    DeclaratieDagtekening: dt.date
    TotaalIngediendBedrag: TotaalBedrag
    Clienten: list[ClientDeclaratie] = lijst("Client")


@dataclass(kw_only=True)
class Declaratiebericht:
    Header: Header
    Declaratie: Declaratie


@dataclass(kw_only=True)
class DeclaratieAntwoord:
    DeclaratieNummer: str
    TotaalIngediendBedrag: TotaalBedrag
    TotaalToegekendBedrag: TotaalBedrag
    Clienten: list[ClientDeclaratie] = lijst("Client")
    RetourCodes: list[str] = lijst("RetourCode")


@dataclass(kw_only=True)
class DeclaratieAntwoordbericht:
    Header: Header
    DeclaratieAntwoord: DeclaratieAntwoord | None = None


# --- the message kinds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Soort:
    """One message kind of one standard: ``JW305`` is the iJw start message, BerichtCode 438."""

    naam: str  # JW305, WMO305
    berichtcode: str  # 438 (COD002 VEKTIS)
    klasse: type
    standaard: str  # ijw, iwmo
    nummer: str  # 305
    omschrijving: str
    van_gemeente: bool  # sent by the municipality (Afzender is a CBS code)
    heen: str | None = None  # for a retour message: the kind it answers

    @property
    def is_retour(self) -> bool:
        return self.heen is not None

    @property
    def prefix(self) -> str:
        return ("jw" if self.standaard == "ijw" else "wmo") + self.nummer

    @property
    def namespace(self) -> str:
        return f"http://www.istandaarden.nl/{self.standaard}/3_2/{self.prefix}/schema"

    @property
    def basis_namespace(self) -> str:
        return f"http://www.istandaarden.nl/{self.standaard}/3_2/basisschema/schema"


_KINDS = [
    # nummer, iJw code, iWmo code, class, description, sent by the municipality, answers
    ("301", "436", "414", Toewijzingbericht, "Toewijzing", True, None),
    ("302", "437", "415", Toewijzingbericht, "Retour toewijzing", False, "301"),
    ("305", "438", "418", Startbericht, "Start zorg", False, None),
    ("306", "439", "419", Startbericht, "Retour start zorg", True, "305"),
    ("307", "440", "420", Stopbericht, "Stop zorg", False, None),
    ("308", "441", "421", Stopbericht, "Retour stop zorg", True, "307"),
    ("315", "446", "444", VerzoekToewijzingbericht, "Verzoek om toewijzing", False, None),
    ("316", "447", "445", VerzoekToewijzingbericht, "Retour verzoek om toewijzing", True, "315"),
    ("317", "486", "480", VerzoekWijzigingbericht, "Verzoek om wijziging", False, None),
    ("318", "487", "481", VerzoekWijzigingbericht, "Retour verzoek om wijziging", True, "317"),
    ("319", "488", "482", Antwoordbericht, "Antwoordbericht", True, None),
    ("320", "489", "483", Antwoordbericht, "Retour antwoordbericht", False, "319"),
    ("323", "490", "484", Declaratiebericht, "Declaratie", False, None),
    ("325", "491", "485", DeclaratieAntwoordbericht, "Declaratie-antwoord", True, None),
]

SOORTEN: dict[str, Soort] = {}
for _nummer, _jw, _wmo, _klasse, _omschrijving, _gemeente, _heen in _KINDS:
    for _standaard, _prefix, _code in (("ijw", "JW", _jw), ("iwmo", "WMO", _wmo)):
        SOORTEN[f"{_prefix}{_nummer}"] = Soort(
            naam=f"{_prefix}{_nummer}",
            berichtcode=_code,
            klasse=_klasse,
            standaard=_standaard,
            nummer=_nummer,
            omschrijving=_omschrijving,
            van_gemeente=_gemeente,
            heen=f"{_prefix}{_heen}" if _heen else None,
        )

PER_NAMESPACE: dict[str, Soort] = {s.namespace: s for s in SOORTEN.values()}
# What a municipality receives and processes; everything else it only sends.
ONTVANGEN = {"302", "305", "307", "315", "317", "320", "323"}
# Retour message kinds the municipality writes, per heenbericht it received.
RETOUR_OP = {"305": "306", "307": "308", "315": "316", "317": "318"}


def soort(standaard: str, nummer: str) -> Soort:
    return SOORTEN[("JW" if standaard == "ijw" else "WMO") + nummer]
