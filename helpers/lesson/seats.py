"""Votes and seats for lesson cells: the 1917 vote, its shares, D'Hondt and quota seats beside the
article's, the Seym by bloc and the by-hand D'Hondt exercise (every number computed here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from helpers import data
from helpers.figures.rows import records
from helpers.lesson.shown import Measure, human_table
from helpers.text import counts_source

if TYPE_CHECKING:
    from helpers.figures.plotly_json import Figure


def vote_table(votes: pd.DataFrame) -> pd.DataFrame:
    """The 1917 vote by list, with a second tally where one exists and its source (the outside
    items' label and works, read from data/outside.csv)."""
    table_of_sources = data.load("sources")
    said = [counts_source(row, table_of_sources) for row in records(votes)]
    table = votes[["list_name", "votes", "votes_alt"]].copy()
    table["source"] = said
    return human_table(table, "list_name")


def vote_bars(votes: pd.DataFrame) -> Figure:
    """charts.vote_bars with the parties' colours and the sources' labels."""
    from helpers.figures import charts

    return charts.vote_bars(votes, parties=data.load("parties"), sources=data.load("sources"))


def named_lists(votes: pd.DataFrame) -> pd.DataFrame:
    """The named lists, without the row that adds up 'the other lists'."""
    return votes[~votes["aggregate"]]


def seats_printed(lists: pd.DataFrame) -> Measure:
    """How many seats the article gives these lists."""
    return Measure(int(lists["seats_article"].sum()), "seats: the article's seats for these lists")


def seats_compared(lists: pd.DataFrame, seats: int | Measure) -> pd.DataFrame:
    """The article's seats beside the D'Hondt seats computed here from the votes."""
    from helpers.history import elections

    by_list = lists.set_index("list_name")["votes"]
    dhondt = elections.dhondt(by_list, int(seats)).rename("dhondt")
    return human_table(lists.set_index("list_name")[["seats_article"]].join(dhondt))


def last_quotient(lists: pd.DataFrame, seats: int | Measure) -> Measure:
    """The quotient that won the last seat by D'Hondt (computed here)."""
    from helpers.history import elections

    last = round(elections.last_quotient(lists.set_index("list_name")["votes"], int(seats)))
    return Measure(last, "votes: the quotient that won the last seat by D'Hondt (computed here)")


def vote_shares(votes: pd.DataFrame) -> pd.DataFrame:
    """Each list's share of all votes, in per cent (computed here), to two decimals."""
    from helpers.history import elections

    shares = elections.shares(votes.set_index("list_name")["votes"]).round(2)
    return human_table(shares.rename("share").to_frame())


def top_share(shares: pd.DataFrame | pd.Series, k: int = 3) -> Measure:
    """The combined share of the k biggest lists, in per cent, to one decimal."""
    column = shares.iloc[:, 0] if isinstance(shares, pd.DataFrame) else shares
    top = round(float(column.astype(float).nlargest(k).sum()), 1)
    return Measure(top, f"per cent of all votes: the {k} biggest lists together (computed here)")


def seat_total(seym: pd.DataFrame) -> Measure:
    """The Seym seats the article lists, added up."""
    return Measure(
        int(seym["seats_article"].sum()), "seats: the Seym seats the article lists, added up"
    )


def seats_by_bloc(seym: pd.DataFrame, parties: pd.DataFrame) -> pd.DataFrame:
    """The Seym seats the article lists, added up by bloc (the blocs are our grouping, not the article's)."""
    blocs = parties[["party_id", "bloc"]]
    sums = seym.merge(blocs, on="party_id").groupby("bloc")["seats_article"].sum()
    sums.index.name = "Bloc (our grouping of the lists, not the article's)"
    return human_table(sums.rename("Seats the article lists").to_frame())


def seats_by_quota(seym: pd.DataFrame, quota: int | Measure) -> pd.DataFrame:
    """The article's Seym seats beside the seats a fixed quota gives each list (computed here)."""
    from helpers.history import elections

    lists = data.load("elections_1917").set_index("party_id")
    by_quota = elections.fixed_quota(lists["votes"], int(quota)).astype("Int64").rename("by_quota")
    table = seym.set_index("party_id")[["name_printed", "seats_article"]].join(by_quota)
    # a list the article's Seym list leaves out (the Bolsheviks) is named as the election names it
    unnamed = table["name_printed"].isna() | (table["name_printed"].astype(str).str.strip() == "")
    table.loc[unnamed, "name_printed"] = lists["list_name"].reindex(table.index[unnamed]).to_numpy()
    return human_table(table, "name_printed")


def seat_exercise(name: str = "dhondt_by_hand", answer: bool = False) -> pd.DataFrame:
    """The invented by-hand D'Hondt exercise (data/exercises.yaml): each list's votes and quotients
    (votes ÷ 1, 2, 3 …); with answer=True also the seats each list wins, to check a share by hand."""
    from helpers.history import elections

    task = data.exercise(name)
    votes = pd.Series(task["votes"])
    columns = {"votes": votes}  # one frame made from all its columns, not a column added at a time
    for d in range(1, task["seats"] + 1):
        columns[f"÷ {d}"] = (votes / d).round().astype(int)
    if answer:
        columns["seats won (computed)"] = elections.dhondt(votes, task["seats"])
    table = pd.DataFrame(columns)
    table.index.name = f"{task['seats']} seats; {task['note']}"
    return table
