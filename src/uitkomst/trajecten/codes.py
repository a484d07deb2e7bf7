"""Code lists used by trajectories."""

from django.db import models


class RedenBeeindiging(models.TextChoices):
    """iJw codelist JZ588 (Reden beëindiging), element LDT_RedenBeeindiging."""

    OVERLIJDEN = "02", "02 Overlijden"
    TIJDELIJK = "20", "20 Levering is tijdelijk beëindigd"
    VOLGENS_PLAN = "31", "31 Levering is volgens plan beëindigd"
    DOOR_CLIENT = "32", "32 Voortijdig afgesloten, door cliënt"
    DOOR_AANBIEDER = "33", "33 Voortijdig afgesloten, door aanbieder"
    IN_OVERLEG = "34", "34 Voortijdig afgesloten, in overleg"
    EXTERNE_OORZAAK = "35", "35 Voortijdig afgesloten, externe oorzaak"
    GEMEENTE = "36", "36 Geïnitieerd door de gemeente"
    WIJZIGINGSVERZOEK = "37", "37 In verband met wijzigingsverzoek"
    ANDERE_AANBIEDER = "38", "38 Overstap naar andere aanbieder"
    ANDER_DOMEIN = "39", "39 Uitstroom naar ander domein"


class RedenWeigering(models.TextChoices):
    """Why a provider may decline an assignment despite the acceptance obligation.

    iJw has no code list for a provider declining an assignment (WJ759 is the municipality declining
    a provider's request), so these are Uitkomst's own codes; each decline becomes a signal.
    """

    ONVEILIG = "onveilig", "Onveilige situatie voor medewerkers"
    CONTRA_INDICATIE = "contra-indicatie", "Contra-indicatie: de gevraagde hulp past niet bij het aanbod"
    BELANGENCONFLICT = "belangenconflict", "Belangenconflict of eerdere relatie met het gezin"
    CLIENT_WEIGERT = "client-weigert", "Cliënt of ouders willen niet bij deze aanbieder starten"


class Doelrealisatie(models.TextChoices):
    BEHAALD = "behaald", "behaald"
    DEELS = "deels", "deels behaald"
    NIET = "niet", "niet behaald"
