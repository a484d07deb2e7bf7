"""Drop-out (uitval) from the iJw reason for ending (JZ588), after the national CBS definition.

The CBS youth-care statistics know five reasons for ending a trajectory (01-05); the iJw codes 31-35
map onto them one to one. Administrative codes say nothing about how the help went and stay out of
both the numerator and the denominator. See docs/uitkomsten.md for the table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# iJw JZ588 -> CBS reden beëindiging jeugdhulp (01-05).
JZ588_NAAR_CBS: dict[str, tuple[str, str]] = {
    "31": ("01", "Volgens plan afgesloten"),
    "32": ("02", "Voortijdig afgesloten, eenzijdig door de cliënt"),
    "33": ("03", "Voortijdig afgesloten, eenzijdig door de aanbieder"),
    "34": ("04", "Voortijdig afgesloten, in overleg"),
    "35": ("05", "Voortijdig afgesloten, externe oorzaak"),
}
NOEMER = frozenset(JZ588_NAAR_CBS)  # ended with 31-35: the denominator of both rates
UITVAL_SMAL = frozenset({"32"})  # one-sidedly by the client
UITVAL_BREED = frozenset({"32", "33"})  # one-sidedly by the client or by the provider
ADMINISTRATIEF = frozenset({"02", "20", "36", "37", "38", "39"})  # left out, as is an unknown reason
VOLGENS_PLAN = "31"


def cbs_code(jz588: str) -> str | None:
    """The CBS code (01-05) for an iJw reason, or None when the reason is left out."""
    return JZ588_NAAR_CBS.get(jz588, (None, ""))[0]


def uitval(jz588: str) -> tuple[bool | None, bool | None]:
    """(narrow, broad) drop-out of one trajectory; (None, None) when it does not count."""
    if jz588 not in NOEMER:
        return None, None
    return jz588 in UITVAL_SMAL, jz588 in UITVAL_BREED


class JaDeelsNee(models.TextChoices):
    JA = "ja", _("ja")
    DEELS = "deels", _("deels")
    NEE = "nee", _("nee")


# trajecten.Doelrealisatie -> ja/deels/nee
DOELSTATUS = {"behaald": JaDeelsNee.JA, "deels": JaDeelsNee.DEELS, "niet": JaDeelsNee.NEE}


def doelen_totaal(ja: int, deels: int, nee: int) -> str | None:
    """Overall goal realisation from the per-goal statuses: all reached -> ja, none (even partly) -> nee."""
    totaal = ja + deels + nee
    if totaal == 0:
        return None
    if ja == totaal:
        return JaDeelsNee.JA
    if nee == totaal:
        return JaDeelsNee.NEE
    return JaDeelsNee.DEELS
