"""helpers.history.elections, and the article's election numbers recomputed from data/ (fact sheet section 4)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import data
from helpers.history import elections


def votes_table() -> pd.DataFrame:
    """The named lists of the 1917 vote (the aggregate row of the other lists left out)."""
    table = data.load("elections_1917")
    return table[~table["aggregate"]]


def figure(figure_id: str) -> pd.Series:
    return data.load("figures").loc[figure_id]


def test_dhondt_small_example() -> None:
    votes = pd.Series({"a": 100, "b": 80, "c": 30, "d": 20})
    assert elections.dhondt(votes, 8).to_dict() == {"a": 4, "b": 3, "c": 1, "d": 0}
    assert elections.dhondt(votes, 0).sum() == 0


def test_dhondt_tie_goes_to_more_votes_then_first_listed() -> None:
    assert elections.dhondt(pd.Series({"x": 20, "y": 10}), 2).to_dict() == {"x": 2, "y": 0}
    assert elections.dhondt(pd.Series({"x": 10, "y": 10}), 1).to_dict() == {"x": 1, "y": 0}


def test_fixed_quota_and_shares() -> None:
    votes = pd.Series({"a": 45_000, "b": 19_999, "c": 20_000})
    assert elections.fixed_quota(votes, 20_000).to_dict() == {"a": 2, "b": 0, "c": 1}
    assert elections.shares(pd.Series({"a": 1, "b": 3})).to_dict() == {"a": 25.0, "b": 75.0}
    assert elections.shares(pd.Series({"a": 1}), total=4)["a"] == 25.0


@pytest.mark.parametrize("bad", [pd.Series({"a": -1}), pd.Series({"a": None})])
def test_bad_votes_are_refused(bad: pd.Series) -> None:
    with pytest.raises(ValueError):
        elections.dhondt(bad, 1)


def test_bad_quota_and_total_are_refused() -> None:
    with pytest.raises(ValueError):
        elections.fixed_quota(pd.Series({"a": 1}), 0)
    with pytest.raises(ValueError):
        elections.shares(pd.Series({"a": 0}))


def test_dhondt_gives_the_articles_36_seats() -> None:
    """The article's 11/10/9/2/1/1/1/1 (19, p.149-150) is D'Hondt on the fact sheet's votes."""
    table = votes_table()
    seats = int(figure("ca_deputies")["value"])
    assert table["seats_article"].sum() == seats
    won = elections.dhondt(table["votes"].astype(int), seats)
    assert won.to_dict() == table["seats_article"].astype(int).to_dict()


def test_last_quotient_is_the_articles_60000_votes_a_seat() -> None:
    table = votes_table()
    row = figure("ca_votes_per_seat")
    last = elections.last_quotient(table["votes"].astype(int), int(figure("ca_deputies")["value"]))
    assert f"{round(last):,}" in row["outside_note"]  # computed here, so a note, not a range
    assert abs(last - row["value"]) / row["value"] < 0.01


def test_the_total_is_the_articles_2455274() -> None:
    assert data.load("elections_1917")["votes"].sum() == figure("ca_total_votes")["value"]


def test_seym_seats_by_a_20000_quota() -> None:
    """Each list's votes ÷ 20,000, rounded down, gives the article's Seym seats (fact sheet section 4)."""
    quota = int(figure("seym_votes_per_seat")["value"])
    table = votes_table()
    seym = data.load("seym_seats")
    expected = seym["seats_article"].fillna(seym["seats_outside"]).astype(int)
    won = elections.fixed_quota(table["votes"].astype(int), quota)
    assert won.to_dict() == expected[won.index].to_dict()
    assert seym.loc["bolsheviks", "seats_outside"] == won["bolsheviks"]


def test_seym_total_and_muslim_seats() -> None:
    seym = data.load("seym_seats")
    parties = data.load("parties")
    assert seym["seats_article"].sum() == figure("seym_members")["value"]
    muslim = parties.loc[seym.index, "bloc"] == "muslim"
    assert seym.loc[muslim, "seats_article"].sum() == figure("seym_muslim_seats")["value"]


def test_article_percentages_come_from_another_count() -> None:
    """4.4% and 73% do not follow from the 2,455,274 votes: 3.81% and 74.8% do."""
    votes = data.load("elections_1917")["votes"].astype(int)
    total = int(figure("ca_total_votes")["value"])
    share = elections.shares(votes, total)
    bolsheviks = figure("bolshevik_share")
    assert f"{round(share['bolsheviks'], 2)}%" in bolsheviks["outside_note"]  # computed here
    assert abs(share["bolsheviks"] - bolsheviks["value"]) > 0.5
    three = figure("three_main_share")
    main = round(share[["mensheviks", "musavat", "dashnaks"]].sum(), 1)
    assert main == three["outside_high"]
    assert abs(main - three["value"]) > 1
