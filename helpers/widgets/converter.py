"""The calendar converter: a date in one calendar, in the other, and who used which that day."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from helpers.history import calendars
from helpers.text import CALENDAR_NAMES, day_words, escaped
from helpers.widget_parts import Parts

CITIES = ("Petrograd", "Tiflis", "Baku")  # where the converter says which calendar was in use


class CalendarConverter(widgets.VBox):
    """Type or pick a date, say its calendar, see the other and who used which calendar that day."""

    def __init__(self) -> None:
        shared = Parts()
        labelled = shared.labelled
        self.text = labelled(
            widgets.Text, "Date", placeholder="e.g. 25 October 1917", continuous_update=True
        )
        self.picker = labelled(widgets.DatePicker, "or pick a day")
        self.calendar = labelled(
            widgets.ToggleButtons,
            "The date is in",
            options=[("O.S. (Julian)", "OS"), ("N.S. (Gregorian)", "NS")],
        )
        self.result = shared.html()
        self.hint = shared.html()
        super().__init__(
            [
                widgets.HBox([self.text, self.picker], layout=shared.row),
                self.calendar,
                self.hint,
                self.result,
            ],
            layout=shared.row,
        )
        self.text.observe(self.update, names="value")
        self.calendar.observe(self.update, names="value")
        self.picker.observe(self._picked, names="value")

    def __repr__(self) -> str:
        """What a notebook shows before the cell is run in a live kernel (not a Python repr)."""
        return "Run this cell to open the calendar converter."

    def _picked(self, change: dict) -> None:
        if change["new"] is not None:
            self.text.value = change["new"].isoformat()

    def update(self, _: object = None) -> None:
        """Convert what is typed and show both calendars, or a one-line hint."""
        self.result.value = ""
        self.hint.value = ""
        if not self.text.value.strip():
            return
        try:
            y, m, d = calendars.parse_date(self.text.value)
            if self.calendar.value == "OS":
                gregorian = calendars.julian_to_gregorian(y, m, d)
            else:
                gregorian = dt.date(y, m, d)
            jy, jm, jd = calendars.gregorian_to_julian(gregorian)
        except ValueError as err:  # DateInputError is a ValueError; so is 31 February
            message = str(err).splitlines()[0] if str(err) else "Type a date such as 28 May 1918."
            self.hint.value = (
                f"<p role='alert' style='color:#9a3b00;font-size:18px'>{escaped(message)}</p>"
            )
            return
        os_words, ns_words = (
            day_words(jy, jm, jd),
            day_words(gregorian.year, gregorian.month, gregorian.day),
        )
        rows = "".join(
            f"<tr><th scope='row' style='text-align:left'>{city}</th>"
            f"<td>{CALENDAR_NAMES.get(calendars.calendar_in_use(city, gregorian), '?')}</td></tr>"
            for city in CITIES
        )
        self.result.value = (
            f"<p style='font-size:18px'><b>{os_words} O.S.</b> = <b>{ns_words} N.S.</b> "
            f"({calendars.offset_days(gregorian)} days apart)</p>"
            "<table style='font-size:18px'><caption>Calendar in use that day</caption>"
            f"<tr><th scope='col'>Place</th><th scope='col'>Calendar</th></tr>{rows}</table>"
        )


def calendar_converter() -> CalendarConverter:
    """A converter between Old Style and New Style dates, with the calendar each city used."""
    return CalendarConverter()
