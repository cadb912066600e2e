"""The small tables of tests/conftest.py are typed like the shipped ones: same columns, same dtypes."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import data

FIXTURES = {
    "events_df": "events",
    "places_df": "places",
    "parties_df": "parties",
    "people_df": "people",
    "glossary_df": "glossary",
    "elections_df": "elections_1917",
    "seym_df": "seym_seats",
    "figures_df": "figures",
}


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_fixture_has_the_columns_and_types_of_its_table(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    small: pd.DataFrame = request.getfixturevalue(fixture)
    shipped = data.load(FIXTURES[fixture])
    assert list(small.columns) == list(shipped.columns)
    assert small.dtypes.astype(str).to_dict() == shipped.dtypes.astype(str).to_dict()
    assert small.index.dtype == shipped.index.dtype
