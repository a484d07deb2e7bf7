"""The one look-up of an object an API request names: unknown and malformed keys are refused with a code."""


import pytest

from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.selectors import gemeente_per_cbs
from uitkomst.utils.errors import ValidationFailed
from uitkomst.utils.opzoeken import per_uuid

pytestmark = pytest.mark.django_db


def test_known_uuid_and_cbs_code_are_found(zwolle):
    aanbieder = Aanbieder.objects.create(naam="De Linde", agb_code="12345678")
    assert per_uuid(Aanbieder, str(aanbieder.uuid), "aanbieder", "Aanbieder") == aanbieder
    assert gemeente_per_cbs("0193") == zwolle


@pytest.mark.parametrize("sleutel", ["geen-uuid", "", "0193; DROP TABLE", "5f0c2b7e-0000-4000-8000-000000000001"])
def test_unknown_or_malformed_uuid_refused_with_the_field_code(sleutel):
    with pytest.raises(ValidationFailed) as err:
        per_uuid(Aanbieder, sleutel, "onderaannemer", "Aanbieder")
    assert err.value.code == "onderaannemer_onbekend"
    assert err.value.field == "onderaannemer"
    assert "bestaat niet" in err.value.message


@pytest.mark.parametrize("code", ["9999", "", None])
def test_unknown_municipality_refused(code):
    with pytest.raises(ValidationFailed) as err:
        gemeente_per_cbs(code)
    assert err.value.code == "gemeente_onbekend"
