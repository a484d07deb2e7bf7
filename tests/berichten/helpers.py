"""Helpers for the message tests: receive a file, find the answer, read its retourcodes."""

from __future__ import annotations

from uitkomst.berichten import services, xml
from uitkomst.berichten.models import Bericht, Richting


def ontvang(data: bytes, **kw) -> services.Ontvangst:
    return services.bericht_ontvangen(data=data, door=kw.pop("door", None) or services.systeem(), **kw)


def antwoord(bericht: Bericht, nummer: str | None = None) -> Bericht:
    qs = Bericht.objects.filter(antwoord_op=bericht, richting=Richting.UIT).order_by("-pk")
    if nummer:
        qs = qs.filter(berichtcode__endswith=nummer)
    return qs.first()


def inhoud(bericht: Bericht):
    """The dataclass of a logged message (read back from the stored XML)."""
    c = xml.controleer(xml.origineel(bericht.xml))
    assert c.geldig, [b.melding for b in c.bevindingen]
    return xml.lees(c.root, c.soort.naam)


def codes(bericht: Bericht) -> set[str]:
    """Every retourcode in a logged message."""
    return set(services._alle_codes(inhoud(bericht)))


def bevinding_codes(r) -> set[str]:
    items = r.bevindingen if isinstance(r, services.Ontvangst) else r.bevindingen
    return {b["code"] for b in items}
