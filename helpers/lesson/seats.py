"""Votes and seats for lesson cells: the 1917 vote, its shares, D'Hondt and quota seats beside the
article's, the Seym by bloc and the by-hand D'Hondt exercise (every number computed here)."""

from __future__ import annotations

import pandas as pd

from helpers import data


def vote_table(votes: pd.DataFrame) -> pd.DataFrame:
    """The 1917 vote by list, with a second tally where one exists and its source."""
    return votes[["list_name", "votes", "votes_alt", "source"]]


def named_lists(votes: pd.DataFrame) -> pd.DataFrame:
    """The named lists, without the row that adds up 'the other lists'."""
    return votes[~votes["aggregate"]]


def seats_printed(lists: pd.DataFrame) -> int:
    """How many seats the article gives these lists."""
    return int(lists["seats_article"].sum())


def seats_compared(lists: pd.DataFrame, seats: int) -> pd.DataFrame:
    """The article's seats beside the D'Hondt seats computed here from the votes."""
    from helpers.history import elections

    by_list = lists.set_index("list_name")["votes"]
    dhondt = elections.dhondt(by_list, seats).rename("dhondt")
    return lists.set_index("list_name")[["seats_article"]].join(dhondt)


def last_quotient(lists: pd.DataFrame, seats: int) -> int:
    """The quotient that won the last seat by D'Hondt (computed here)."""
    from helpers.history import elections

    return round(elections.last_quotient(lists.set_index("list_name")["votes"], seats))


def vote_shares(votes: pd.DataFrame) -> pd.Series:
    """Each list's share of all votes, in per cent (computed here), to two decimals."""
    from helpers.history import elections

    return elections.shares(votes.set_index("list_name")["votes"]).round(2)


def top_share(shares: pd.Series, k: int = 3) -> float:
    """The combined share of the k biggest lists, in per cent, to one decimal."""
    return round(float(shares.nlargest(k).sum()), 1)


def seat_total(seym: pd.DataFrame) -> int:
    """The Seym seats the article lists, added up."""
    return int(seym["seats_article"].sum())


def seats_by_bloc(seym: pd.DataFrame, parties: pd.DataFrame) -> pd.Series:
    """The Seym seats the article lists, added up by bloc (the blocs are our grouping, not the article's)."""
    blocs = parties[["party_id", "bloc"]]
    sums = seym.merge(blocs, on="party_id").groupby("bloc")["seats_article"].sum()
    sums.index.name = "bloc (our grouping of the lists, not the article's)"
    return sums.rename("seats the article lists")


def seats_by_quota(seym: pd.DataFrame, quota: int) -> pd.DataFrame:
    """The article's Seym seats beside the seats a fixed quota gives each list (computed here)."""
    from helpers.history import elections

    votes = data.load("elections_1917").set_index("party_id")["votes"]
    by_quota = elections.fixed_quota(votes, quota).astype("Int64").rename("by_quota")
    return seym.set_index("party_id")[["name_printed", "seats_article"]].join(by_quota)


def seat_exercise(name: str = "dhondt_by_hand", answer: bool = False) -> pd.DataFrame:
    """The invented by-hand D'Hondt exercise (data/exercises.yaml): each list's votes and quotients
    (votes ÷ 1, 2, 3 …); with answer=True also the seats each list wins, to check a share by hand."""
    from helpers.history import elections

    task = data.exercise(name)
    votes = pd.Series(task["votes"])
    table = pd.DataFrame({"votes": votes})
    for d in range(1, task["seats"] + 1):
        table[f"÷ {d}"] = (votes / d).round().astype(int)
    if answer:
        table["seats won (computed)"] = elections.dhondt(votes, task["seats"])
    table.index.name = f"{task['seats']} seats; {task['note']}"
    return table
