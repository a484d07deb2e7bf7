"""Code lists of the messages that the rules and pages need, with their Dutch meaning.

The official lists (WJ001 retourcodes, the GGk/Fo01 error codes, JZ588/WMO588, WJ759, JZ002) are
published by Zorginstituut Nederland and VNG; only the codes this product produces or reads are
listed here, so the product does not depend on the publisher's folder at run time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# WJ001 Retourcode (iJw/iWmo 3.2): the codes Uitkomst writes into retour and answer messages.
RETOURCODES: dict[str, str] = {
    "0001": "Bericht is afgekeurd om technische redenen.",
    "0200": "Geen opmerking over deze berichtklasse.",
    "0233": "Berichtklasse is niet beoordeeld.",
    "0611": "Het ingediende tarief komt niet overeen met het contractuele tarief.",
    "8001": "Declaratie is volledig toegewezen.",
    "8017": "Van deze creditprestatie is geen debetprestatie bekend.",
    "8021": "Referentienummer prestatie is reeds aangeleverd.",
    "8187": "De prestatie hoort niet bij deze cliënt.",
    "8214": "DeclaratiePeriode is niet de kalendermaand die volgt op de voorgaande DeclaratiePeriode.",
    "8848": "Dagtekening moet gelijk zijn aan of vóór de systeemdatum liggen.",
    "9019": "Het regiebericht kan niet gekoppeld worden aan een toewijzing.",
    "9056": "Identificatie moet uniek zijn.",
    "9063": "Het bericht kan niet verwerkt worden omdat geen eerder bericht ontvangen is.",
    "9069": "Er is geen actueel startbericht met dezelfde sleutel.",
    "9071": "Het eerdere startbericht kan niet verwijderd worden omdat de zorg al beëindigd is.",
    "9074": "Er is al een eerder bericht ontvangen met dezelfde sleutel.",
    "9307": "Begindatum prestatie ligt niet tussen de ingangsdatum en einddatum van de toewijzing.",
    "9308": "Einddatum prestatie ligt niet tussen de ingangsdatum en einddatum van de toewijzing.",
    "9319": "De ProductPeriode valt niet geheel binnen een DeclaratiePeriode.",
    "9321": "Het ingediende volume overschrijdt het toegewezen volume.",
    "9322": "De som van de ingediende volumes overschrijdt het toegewezen volume.",
    "9326": "De actuele levering is nog niet gestopt met een stopbericht.",
    "9333": "Declaratienummer is niet uniek.",
    "9338": "Prestatie is niet gerelateerd aan een toegewezen product op basis van het toewijzingnummer.",
    "9339": "ProductCategorie in de prestatie is niet gelijk aan ProductCategorie in het ToegewezenProduct.",
    "9340": "ProductCode in de prestatie is niet gelijk aan ProductCode in het ToegewezenProduct.",
    "9341": "Eenheid in de prestatie past niet bij Eenheid in het ToegewezenProduct.",
    "9346": "IngediendBedrag is niet gelijk aan GeleverdVolume vermenigvuldigd met ProductTarief.",
    "9347": "ReferentieAanbieder is niet uniek voor de aanbieder binnen het wettelijk domein.",
    "9349": "Het verzoek om wijziging bevat niet alle actuele toegewezen producten van de cliënt.",
    "9350": "OngewijzigdProduct is niet gerelateerd aan een actueel toegewezen product.",
    "9351": "TeWijzigenProduct is niet gerelateerd aan een actuele toewijzing.",
    "9369": "De som van de ingediende bedragen past niet binnen het toegewezen budget.",
    "9374": "Er is al een verzoek onderhanden.",
    "9384": "Declaratie op een verwijderde toewijzing (RedenWijziging 13).",
    "9387": "Begindatum van de ProductPeriode is niet de eerste dag van de kalendermaand.",
    "9388": "Einddatum van de ProductPeriode is niet de laatste dag van de kalendermaand.",
    "9389": "Deze prestatie heeft een debetprestatie zonder bijbehorende creditprestatie.",
    "9390": "Er is al een prestatie met gelijke ProductReferentie met waarde credit.",
    "9413": "Er is al een tijdelijke stop (reden 20) voor deze start.",
    "9414": "Einddatum is niet groter dan of gelijk aan de einddatum van de actuele stop.",
    "9415": "Er is al een definitieve stop voor deze start.",
    "S300": "Gemeentecode ongeldig.",
    "S329": "ProductCode ongeldig.",
}

# Transport and level-1 codes (StUF-GGk Fo01, GGk/BIDN): used when no retour message is possible.
FOUTCODES: dict[str, str] = {
    "StUF055": "Het bericht voldoet niet aan het schema (XSD) of is geen geldige XML.",
    "IB002": "De verzendende organisatie is niet bekend of niet geautoriseerd.",
    "IB003": "Het bericht overschrijdt de maximaal toegestane grootte van 25 MB.",
    "IB004": "De functie (het berichttype) wordt niet ondersteund.",
    "IB007": "De combinatie van functie en organisatie is niet toegestaan.",
}

# JZ588 (iJw) is what trajectories store; WMO588 codes map onto it for the trajectory.
WMO588_NAAR_JZ588 = {
    "02": "02",
    "19": "31",
    "20": "20",
    "21": "32",
    "22": "33",
    "23": "34",
    "31": "35",
    "36": "36",
    "37": "37",
    "38": "38",
    "39": "39",
}
JZ588 = {"02", "20", "31", "32", "33", "34", "35", "36", "37", "38", "39"}
TIJDELIJK = "20"

# WJ759 Reden afwijzing verzoek (8: woonplaatsbeginsel, iJw only).
REDEN_AFWIJZING = {
    "1": "Geen wijziging maar nieuwe aanvraag",
    "2": "Past niet binnen budget",
    "3": "Geen contract",
    "4": "Past niet binnen contract",
    "5": "Andere gemeente",
    "6": "Stapeling",
    "7": "Zorginhoudelijke afkeur",
    "8": "Woonplaatsbeginsel",
    "9": "Leeftijdsgrens bereikt",
}
AFGEWEZEN, IN_ONDERZOEK = "1", "2"  # WJ760 VerzoekAntwoord

# JZ002/WMO002 Reden wijziging toewijzing (the codes Uitkomst writes).
REDEN_WIJZIGING = {
    "05": "Herbeoordeling: verkorting",
    "12": "Geïnitieerd door de aanbieder",
    "13": "Verwijderd",
    "14": "Administratieve correctie",
}

EERSTE, VERWIJDEREN = "1", "3"  # COD467 StatusAanlevering (2 is not allowed, CS058)


@dataclass(frozen=True)
class Bevinding:
    """One finding about a message: the official code, a Dutch explanation and the rule (or None)."""

    code: str
    melding: str
    regel: str | None = None
    niveau: str = "technisch"  # technisch | inhoudelijk

    def als_dict(self) -> dict:
        return asdict(self)


def omschrijving(code: str) -> str:
    return RETOURCODES.get(code) or FOUTCODES.get(code) or code
