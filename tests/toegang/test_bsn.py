import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from uitkomst.toegang import bsn
from uitkomst.utils.errors import ValidationFailed


@pytest.mark.parametrize("value", ["123456789", "12345678", "abcdefghi", "", "1234567890", "000000000x"])
def test_invalid_bsn_refused_with_reason(value):
    with pytest.raises(ValidationFailed) as err:
        bsn.normalise(value)
    assert err.value.code == "bsn_ongeldig" and "ongeldig" in err.value.message


def test_valid_bsn_accepted():
    assert bsn.normalise("111222333") == "111222333"


def test_encryption_roundtrip_and_no_cleartext():
    token = bsn.encrypt("111222333")
    assert "111222333" not in token
    assert bsn.decrypt(token) == "111222333"


def test_pseudonym_is_stable_keyed_and_not_the_bsn(settings):
    p1 = bsn.pseudonym("111222333")
    assert p1 == bsn.pseudonym("111222333") and "111222333" not in p1
    settings.BSN_KEY = "een-andere-sleutel"
    assert bsn.pseudonym("111222333") != p1
    # pinned: a change of the derivation would orphan every stored pseudonym
    settings.BSN_KEY = "vaste-testsleutel"
    assert bsn.pseudonym("111222333") == "32c7cea0e438e95a4a3b1d3ba31ec75a049aa6ca38c9c48885e5bb58d162036a"


def test_mask_shows_only_last_three():
    assert bsn.mask("111222333") == "••••••333"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_error_iff_not_eleven_proof(value):
    assert (bsn.bsn_error(value) is None) == stdnum_bsn.is_valid(value)
