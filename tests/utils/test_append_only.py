"""Every history model built on ``utils.models.AppendOnly`` refuses a change and a removal of a row."""

import pytest
from django.apps import apps

from uitkomst.utils.models import AppendOnly

HISTORIE = sorted(
    (m for m in apps.get_models() if issubclass(m, AppendOnly)), key=lambda m: m._meta.label
)  # fmt: skip


def test_the_history_models_share_the_one_base():
    labels = {m._meta.label for m in HISTORIE}
    assert {
        "contractering.OvereenkomstHistorie",
        "contractering.AanmeldingHistorie",
        "toegang.PgbbesluitHistorie",
        "voorzieningen.VoorzieningHistorie",
    } <= labels
    assert any(label.startswith("subsidies.") for label in labels)


@pytest.mark.parametrize("model", HISTORIE, ids=lambda m: m._meta.label)
def test_a_stored_row_cannot_be_changed_or_removed(model):
    row = model(pk=1)  # as loaded from the database
    with pytest.raises(RuntimeError, match="wordt niet gewijzigd"):
        row.save()
    with pytest.raises(RuntimeError, match="wordt niet verwijderd"):
        row.delete()
