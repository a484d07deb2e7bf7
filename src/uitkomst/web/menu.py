"""The main menu, built from the one authorization policy: a role sees only the items it may open.

``menu(request)`` is a context processor (``conf/settings.py``): templates loop over ``hoofdmenu``.
Each item names the url, the label and the question that decides whether it shows; the question is
the one the page itself asks (``policy.vereis`` or its selector), so a shown item never answers 403
(``tests/web/test_menu.py`` walks the menu of every demo role).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uitkomst.accounts import policy
from uitkomst.berichten import selectors as berichten


@dataclass(frozen=True)
class Item:
    naam: str  # url name
    label: str
    app: str  # the url namespace that marks the item as current
    mag: Callable[[object], bool]


def _actie(actie: str) -> Callable[[object], bool]:
    return lambda user: policy.mag(user, actie)


def _iedereen(user) -> bool:
    return True


ITEMS = (
    Item("catalogus:model-list", _("Inkoopmodellen"), "catalogus", _iedereen),
    Item("keuzehulp:index", _("Keuzehulp"), "keuzehulp", _iedereen),
    Item("contractering:overzicht", _("Contractering"), "contractering", _actie("contractering.overzicht_lezen")),
    Item("contractvormen:vragenlijst", _("Contractvormen"), "contractvormen", _iedereen),
    Item("toegang:werkvoorraad", _("Verwijzingen"), "toegang", _actie("toegang.werkvoorraad")),
    Item("toegang:pgb-list", _("Pgb"), "", _actie("toegang.pgb_lezen")),  # issue 17: personal budget
    Item("trajecten:inbox", _("Inbox"), "", policy.is_aanbieder),
    Item("trajecten:list", _("Trajecten"), "trajecten", _actie("trajecten.lezen")),
    Item("declaraties:overzicht", _("Declaraties"), "declaraties", _actie("declaraties.lezen")),
    Item("berichten:overzicht", _("Berichten"), "berichten", lambda user: berichten.ziet_berichten(user)),
    Item("sturing:index", _("Sturing"), "sturing", _actie("sturing.lezen")),
    Item("subsidies:overzicht", _("Subsidies"), "subsidies", _actie("subsidies.lezen")),
    Item("voorzieningen:overzicht", _("Voorzieningen"), "voorzieningen", _actie("voorzieningen.lezen")),  # issue 17
    Item("audit:inzage-list", _("Auditlog"), "audit", _actie("audit.lezen")),
    Item("admin:index", _("Beheer"), "admin", lambda user: bool(user.is_authenticated and user.is_staff)),
)


def items_voor(user) -> list[dict]:
    """The menu items ``user`` may open, in menu order, as ``{"url", "label", "app"}``."""
    return [{"url": reverse(i.naam), "label": i.label, "app": i.app} for i in ITEMS if i.mag(user)]


def menu(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"hoofdmenu": []}
    return {"hoofdmenu": items_voor(user)}
