"""Reading a large procurement document outside the request (issue 12, point 5).

An upload above ``UITKOMST_DOCUMENT_TAAK_VANAF`` bytes is recorded as a ``Documentlezing`` and read by
the task ``tasks.documentlezing`` (on a Celery worker, or in-process when no broker is configured). The
task runs only the extraction of the hostile file (``documenten.lees_document``, with its size, page and
time caps) and stores the extracted document as JSON; the uploaded bytes are then deleted. The page
rebuilds the same ``services.Lezing`` from that JSON as a direct read gives, so both show alike.
"""

from __future__ import annotations

import hashlib

from django.conf import settings

from uitkomst.accounts import policy
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError

from . import classificatie, documenten, services, tekst
from .models import Documentlezing


def als_taak(grootte: int) -> bool:
    """Whether an upload of ``grootte`` bytes is read by a task rather than in the request."""
    return grootte > settings.UITKOMST_DOCUMENT_TAAK_VANAF


def lezing_starten(*, data: bytes, bestandsnaam: str = "", door) -> Documentlezing:
    """Record an upload to read as a task; the caller queues ``tasks.documentlezing`` with its id."""
    return Documentlezing.objects.create(aangemaakt_door=door, bestandsnaam=(bestandsnaam or "")[:255], bestand=data)


def lezing_uitvoeren(lezing: Documentlezing) -> None:
    """Read the stored bytes, then write the extracted document or the refusal; the bytes are deleted
    whatever the outcome."""
    rij = Documentlezing.objects.filter(pk=lezing.pk)
    data = bytes(Documentlezing.objects.values_list("bestand", flat=True).get(pk=lezing.pk) or b"")
    rij.update(stap=1)
    try:
        doc = documenten.lees_document(data)
        resultaat = {
            "tekst": doc.tekst,
            "soort": doc.soort,
            "koppen": [[k.begin, k.titel] for k in doc.koppen],
            "paginas": doc.paginas,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        user = lezing.aangemaakt_door
        if policy.mag(user, "contractvormen.contractvorm_beheren"):
            bewaard = services.tekstlezing_create(
                lezing=gelezen(resultaat), bestandsnaam=lezing.bestandsnaam, door=user
            )
            resultaat["tekstlezing"] = str(bewaard.uuid)
        rij.update(resultaat=resultaat, bestand=None, stap=2, klaar_op=klok.nu())
    except DomainError as exc:
        fout = {"code": exc.code, "message": exc.message,
                "problems": [{"code": p.code, "message": p.message} for p in exc.problems]}  # fmt: skip
        rij.update(fout=fout, bestand=None, klaar_op=klok.nu())


def gelezen(resultaat: dict) -> services.Lezing:
    """The reading of an extracted document, as ``services.tekst_lezen`` gives it for the same file."""
    doc = documenten.Document(
        tekst=resultaat["tekst"],
        soort=resultaat["soort"],
        koppen=[documenten.Kop(begin, titel) for begin, titel in resultaat["koppen"]],
        paginas=resultaat.get("paginas"),
    )
    g = tekst.lees(doc)
    bewijs = {k: v.als_bewijs() for k, v in g.voorstellen.items()}
    return services.Lezing(
        document=doc,
        sha256=resultaat["sha256"],
        voorstellen=g.voorstellen,
        classificatie=classificatie.classificeer(g.antwoorden, bewijs=bewijs, afgeleid=g.suggesties),
        zinnen=g.zinnen,
    )


def zichtbaar(lezing: Documentlezing, user) -> bool:
    """Only the user who started a reading, and a superuser, may see it."""
    return lezing.aangemaakt_door_id == user.pk or bool(user.is_superuser)
