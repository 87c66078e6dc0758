"""CSL-JSON dates: date-parts read into a PartialDate, impossible parts left out."""

from __future__ import annotations

import pytest

from app.core.csl import date_from_csl
from app.core.records import PartialDate


@pytest.mark.parametrize("parts, expected", [
    ([2019, 3, 14], PartialDate(2019, 3, 14)),
    ([2019, 3], PartialDate(2019, 3)),
    (["2019"], PartialDate(2019)),
    ([2005, 2, 29], PartialDate(2005, 2)),  # no 29 February in 2005
    ([2004, 2, 29], PartialDate(2004, 2, 29)),
    ([1900, 2, 29], PartialDate(1900, 2)),  # 1900 was no leap year
    ([2019, 4, 31], PartialDate(2019, 4)),
    ([2019, 22], PartialDate(2019)),  # a season (summer), not a month
    ([2019, 13, 5], PartialDate(2019)),
])
def test_date_parts(parts: list[object], expected: PartialDate) -> None:
    assert date_from_csl({"date-parts": [parts]}) == expected
