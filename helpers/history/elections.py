"""Seat allocation (D'Hondt, fixed vote quota) and vote shares for the 1917-1918 elections."""

from __future__ import annotations

import math

import pandas as pd


def _check(votes: pd.Series) -> pd.Series:
    values = pd.to_numeric(votes, errors="raise")
    if values.isna().any() or (values < 0).any():
        raise ValueError("votes must be whole numbers of 0 or more, one per list")
    return values


def dhondt(votes: pd.Series, seats: int) -> pd.Series:
    """Seats per list by the D'Hondt method (ties go to the list with more votes, then first listed)."""
    values = _check(votes).tolist()  # plain numbers: a pandas step per seat cost 0.4 ms
    won = [0] * len(values)
    for _ in range(seats):
        best = max(range(len(values)), key=lambda i: (values[i] / (won[i] + 1), values[i], -i))
        won[best] += 1
    return pd.Series(won, index=votes.index, dtype="int64")


def last_quotient(votes: pd.Series, seats: int, won: pd.Series | None = None) -> float:
    """The smallest quotient that still won a seat under D'Hondt (votes per seat at the margin);
    `won`, when given, is dhondt(votes, seats) already counted."""
    won = dhondt(votes, seats) if won is None else won
    quotients = [v / w for v, w in zip(_check(votes).tolist(), won.tolist(), strict=True) if w > 0]
    return float(min(quotients)) if quotients else math.nan


def fixed_quota(votes: pd.Series, quota: int) -> pd.Series:
    """Seats per list: each full `quota` of votes gives one seat (rounded down)."""
    if quota <= 0:
        raise ValueError("the quota must be a positive number of votes")
    return (_check(votes) // quota).astype("int64")


def shares(votes: pd.Series, total: int | None = None) -> pd.Series:
    """Each list's votes as a percentage of `total` (default: the sum of the votes)."""
    values = _check(votes).astype("float64")
    base = float(values.sum()) if total is None else float(total)
    if base <= 0:
        raise ValueError("the total must be more than 0 votes")
    return values / base * 100
