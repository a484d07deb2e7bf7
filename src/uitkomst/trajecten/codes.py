"""Code lists used by trajectories."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RedenBeeindiging(models.TextChoices):
    """iJw codelist JZ588 (Reden beëindiging), element LDT_RedenBeeindiging."""

    OVERLIJDEN = "02", _("02 Overlijden")
    TIJDELIJK = "20", _("20 Levering is tijdelijk beëindigd")
    VOLGENS_PLAN = "31", _("31 Levering is volgens plan beëindigd")
    DOOR_CLIENT = "32", _("32 Voortijdig afgesloten, door cliënt")
    DOOR_AANBIEDER = "33", _("33 Voortijdig afgesloten, door aanbieder")
    IN_OVERLEG = "34", _("34 Voortijdig afgesloten, in overleg")
    EXTERNE_OORZAAK = "35", _("35 Voortijdig afgesloten, externe oorzaak")
    GEMEENTE = "36", _("36 Geïnitieerd door de gemeente")
    WIJZIGINGSVERZOEK = "37", _("37 In verband met wijzigingsverzoek")
    ANDERE_AANBIEDER = "38", _("38 Overstap naar andere aanbieder")
    ANDER_DOMEIN = "39", _("39 Uitstroom naar ander domein")


class RedenWeigering(models.TextChoices):
    """Why a provider may decline an assignment despite the acceptance obligation.

    iJw has no code list for a provider declining an assignment (WJ759 is the municipality declining
    a provider's request), so these are Uitkomst's own codes; each decline becomes a signal.
    """

    ONVEILIG = "onveilig", _("Onveilige situatie voor medewerkers")
    CONTRA_INDICATIE = "contra-indicatie", _("Contra-indicatie: de gevraagde hulp past niet bij het aanbod")
    BELANGENCONFLICT = "belangenconflict", _("Belangenconflict of eerdere relatie met het gezin")
    CLIENT_WEIGERT = "client-weigert", _("Cliënt of ouders willen niet bij deze aanbieder starten")


class Doelrealisatie(models.TextChoices):
    BEHAALD = "behaald", _("behaald")
    DEELS = "deels", _("deels behaald")
    NIET = "niet", _("niet behaald")
