"""The election calculator: seats from the 1917 votes by D'Hondt (N seats) or a fixed quota."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from helpers.figures import seats
from helpers.figures.plotly_json import Figure
from helpers.history import elections
from helpers.text import escaped, text
from helpers.widget_parts import Parts, wide
from helpers.widgets.figure_view import FigureView

SEAT_RANGE = (1, 300)  # seats the calculator shares out by D'Hondt
QUOTA_RANGE = (10_000, 80_000)  # votes per seat for the fixed quota


def limit(box: widgets.IntText, low: int, high: int) -> int:
    """The box's value kept within low..high (the caller says so when it changed it)."""
    return min(max(int(box.value or 0), low), high)


class ElectionCalculator(FigureView):
    """Seats from the 1917 votes by D'Hondt (N seats) or a fixed quota (votes per seat)."""

    def __init__(self, elections_df: pd.DataFrame, parties: pd.DataFrame | None = None) -> None:
        counted = elections_df[elections_df["votes"].notna()]
        lumped = counted[seats.aggregate_mask(counted)]
        self.lists = counted[~seats.aggregate_mask(counted)].sort_values("votes", ascending=False)
        self.parties = parties
        self.votes = pd.Series(
            [int(v) for v in self.lists["votes"]], index=list(self.lists["party_id"])
        )
        self.left_out = (
            f" Left out: {', '.join(text(n) for n in lumped['list_name'])} "
            f"({int(lumped['votes'].sum()):,} votes, no separate counts)."
            if len(lumped)
            else ""
        )
        self.labels = [
            text(n) or text(p)
            for n, p in zip(self.lists["list_name"], self.lists["party_id"], strict=True)
        ]
        shared = Parts()  # not for the two number boxes: update() hides one by its layout
        labelled = shared.labelled
        self.method = labelled(
            widgets.ToggleButtons,
            "Method",
            options=[("D'Hondt", "dhondt"), ("fixed quota", "quota")],
        )
        self.quota = labelled(
            # a number box with arrows (step 1,000), not a slider: a slider's handle has no
            # accessible name in ipywidgets 8, and axe-core rates that serious. Not a
            # BoundedIntText, which changes a value out of range silently: update() says so.
            widgets.IntText,
            "Votes per seat (quota)",
            value=60_000,
            step=1_000,
            layout=wide(),
        )
        self.seats = labelled(widgets.IntText, "Seats (D'Hondt)", value=36, layout=wide())
        self.seat_values: list[int] = []
        self.corrected = ""  # what update() set a box to, said once the box shows it
        self.show_input()
        counted = self.count()  # the boxes start within range: shown in the first messages
        if counted is None:  # only a change of the starting values or ranges above could do it
            raise ValueError("the seat calculator's starting values are outside its ranges")
        table, status, fig = self.view(*counted)
        self.table = shared.html(table)
        super().__init__(
            [self.method, self.quota, self.seats],
            details=[self.table],
            name="the seat calculator",
            shared=shared,
            figure=fig,
            status=status,
        )
        for control in (self.method, self.quota, self.seats):
            control.observe(self.update, names="value")

    def show_input(self) -> None:
        """Show only the number box the chosen method uses."""
        dhondt = self.method.value == "dhondt"
        self.seats.layout.display = None if dhondt else "none"
        self.quota.layout.display = "none" if dhondt else None

    def update(self, _: object = None) -> None:
        """Count the seats by the chosen method; show the table and the hemicycle."""
        self.show_input()
        counted = self.count()
        if counted is None:  # a box was set within range: that change runs update again
            return
        self.table.value, self.status.value, fig = self.view(*counted)
        self.show(fig)

    def count(self) -> tuple[str, list[int]] | None:
        """The note on the count and the seats each list wins, by the chosen method; None when a
        box was out of range (it is set to the nearest value allowed, which is said next time)."""
        votes = self.votes
        dhondt = self.method.value == "dhondt"
        if dhondt:
            seat_count = limit(self.seats, *SEAT_RANGE)
            if seat_count != self.seats.value:
                self.corrected = (
                    f"Seats must be {SEAT_RANGE[0]} to {SEAT_RANGE[1]}: "
                    f"{self.seats.value:,} was set to {seat_count}. "
                )
                self.seats.value = seat_count  # the box shows the value used (update runs again)
                return None
            won = elections.dhondt(votes, seat_count)
            last = elections.last_quotient(votes, seat_count, won=won)
            note = f"D'Hondt, {seat_count} seats: the last seat cost {last:,.0f} votes."
        else:
            quota = limit(self.quota, *QUOTA_RANGE)
            if quota != self.quota.value:
                self.corrected = (
                    f"The quota must be {QUOTA_RANGE[0]:,} to {QUOTA_RANGE[1]:,} votes: "
                    f"{self.quota.value:,} was set to {quota:,}. "
                )
                self.quota.value = quota  # the box shows the value used (update runs again)
                return None
            won = elections.fixed_quota(votes, quota)
            note = f"Fixed quota: one seat per full {quota:,} votes (remainders are lost)."
        note, self.corrected = self.corrected + note, ""
        return note, [int(s) for s in won]

    def view(self, note: str, seat_values: list[int]) -> tuple[str, str, Figure]:
        """The seat table, the status line and the hemicycle of a count (kept as seat_values)."""
        self.seat_values = seat_values
        caption = "Seats won, by list"
        table = seats.seat_table_html(self.labels, list(self.votes), seat_values, caption)
        status = f"<p role='status'>{escaped(note + self.left_out)}</p>"
        frame = self.lists.assign(computed=seat_values)
        method = "D’Hondt" if self.method.value == "dhondt" else "fixed quota"
        title = f"{sum(seat_values)} seats, {method}"
        fig = seats.hemicycle(
            frame, seats_col="computed", title=title, parties=self.parties, label_col="list_name"
        )
        return table, status, fig


def election_calculator(
    elections_df: pd.DataFrame, parties: pd.DataFrame | None = None
) -> ElectionCalculator:
    """Seats from the 1917 votes by D'Hondt (N seats) or a fixed quota (votes per seat)."""
    return ElectionCalculator(elections_df, parties)
