"""The outcome measurement of one trajectory for the trajectory page (``trajecten`` sits below
``uitkomsten``, so its template asks for the measurement here instead of its view importing us)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from uitkomst.accounts import policy

from .. import selectors
from ..codes import uitval

register = template.Library()


@register.simple_tag
def uitkomstmeting_van(user, traject):
    """The measurement of ``traject`` when ``user`` may read it row by row (the same rule and scope as
    the API: ``uitkomsten.metingen_lezen``, the provider's own clients), else None."""
    if traject is None or not getattr(user, "is_authenticated", False):
        return None
    if not policy.mag(user, "uitkomsten.metingen_lezen"):
        return None
    return selectors.meting_list(user=user).filter(traject_id=traject.pk).first()


@register.filter
def uitval_tekst(reden: str) -> str:
    """Drop-out of one trajectory in words, from the reason for ending (``codes.uitval``)."""
    smal, breed = uitval(reden or "")
    if smal is None:
        return _("telt niet mee (administratieve of onbekende reden)")
    if smal:
        return _("ja, smal en breed (eenzijdig door de cliënt)")
    return _("ja, breed (eenzijdig door de aanbieder)") if breed else _("nee")
