import datetime as dt

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from uitkomst.utils import klok
from uitkomst.utils.dates import add_months, term_end

D = dt.date


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: the last day of February
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 11, 15), 3, D(2025, 2, 15)),
        (D(2025, 5, 31), 0, D(2025, 5, 31)),
        (D(2025, 1, 1), -13, D(2023, 12, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_term_end():
    assert term_end(D(2024, 1, 1), 24) == D(2025, 12, 31)
    assert term_end(D(2024, 1, 31), 1) == D(2024, 2, 28)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(min_value=-600, max_value=600))
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months):
    result = add_months(day, months)
    assert result == day + relativedelta(months=months)  # the library's rule, computed by hand
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + dt.timedelta(days=1)).day == 1)


def test_the_clock_is_local_time_and_follows_time_machine():
    with time_machine.travel(dt.datetime(2025, 3, 31, 22, 30, tzinfo=dt.UTC), tick=False):  # 00:30 in Zwolle
        assert klok.vandaag() == D(2025, 4, 1)
