"""helpers.history.calendars: Julian/Gregorian conversion, the 1918 switch dates, dual dates and typed dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from helpers.history import calendars
from helpers.history.calendars import (
    DateInputError,
    calendar_in_use,
    format_dual,
    gregorian_to_julian,
    julian_to_gregorian,
    offset_days,
    parse_date,
)

# the fact sheet's table (section 1): O.S. date -> N.S. date
FACT_SHEET = [
    ((1917, 1, 9), date(1917, 1, 22)),
    ((1917, 2, 23), date(1917, 3, 8)),
    ((1917, 3, 3), date(1917, 3, 16)),
    ((1917, 6, 18), date(1917, 7, 1)),
    ((1917, 7, 7), date(1917, 7, 20)),
    ((1917, 8, 26), date(1917, 9, 8)),
    ((1917, 10, 25), date(1917, 11, 7)),
    ((1917, 11, 11), date(1917, 11, 24)),
    ((1917, 11, 15), date(1917, 11, 28)),
    ((1917, 12, 16), date(1917, 12, 29)),
    ((1917, 12, 29), date(1918, 1, 11)),
    ((1918, 1, 5), date(1918, 1, 18)),
    ((1918, 1, 31), date(1918, 2, 13)),
    ((1918, 2, 10), date(1918, 2, 23)),
    ((1918, 4, 9), date(1918, 4, 22)),
    ((1918, 4, 17), date(1918, 4, 30)),
    ((1918, 5, 15), date(1918, 5, 28)),
    ((1918, 9, 2), date(1918, 9, 15)),
]


@pytest.mark.parametrize(("old", "new"), FACT_SHEET)
def test_fact_sheet_conversions(old: tuple[int, int, int], new: date) -> None:
    assert julian_to_gregorian(*old) == new
    assert gregorian_to_julian(new) == old
    assert offset_days(new) == 13


@pytest.mark.parametrize(
    ("old", "new", "offset"),
    [
        ((1582, 10, 5), date(1582, 10, 15), 10),  # the first Gregorian day
        ((1582, 10, 4), date(1582, 10, 14), 10),
        ((1700, 2, 18), date(1700, 2, 28), 10),
        ((1700, 2, 19), date(1700, 3, 1), 10),
        ((1700, 2, 29), date(1700, 3, 11), 10),  # a Julian-only leap day
        ((1700, 3, 1), date(1700, 3, 12), 11),
        ((1800, 2, 29), date(1800, 3, 12), 11),
        ((1800, 3, 1), date(1800, 3, 13), 12),
        ((1900, 2, 29), date(1900, 3, 13), 12),
        ((1900, 3, 1), date(1900, 3, 14), 13),
        ((2000, 2, 29), date(2000, 3, 13), 13),  # a leap day in both calendars
        ((2100, 2, 29), date(2100, 3, 14), 13),
        ((2100, 3, 1), date(2100, 3, 15), 14),
        ((1, 1, 3), date(1, 1, 1), -2),
    ],
)
def test_far_dates_and_century_leap_days(old: tuple[int, int, int], new: date, offset: int) -> None:
    assert julian_to_gregorian(*old) == new
    assert gregorian_to_julian(new) == old
    assert offset_days(new) == offset


def test_round_trip_every_day_1580_to_2110() -> None:
    day = date(1580, 1, 1)
    while day < date(2110, 1, 1):
        old = gregorian_to_julian(day)
        assert julian_to_gregorian(*old) == day
        assert 10 <= offset_days(day) <= 14
        day += timedelta(days=7)


def test_consecutive_days_stay_consecutive_across_1900() -> None:
    olds = [gregorian_to_julian(date(1900, 3, 10) + timedelta(days=n)) for n in range(6)]
    assert olds == [
        (1900, 2, 26),
        (1900, 2, 27),
        (1900, 2, 28),
        (1900, 2, 29),
        (1900, 3, 1),
        (1900, 3, 2),
    ]


def test_offset_is_13_throughout_1900_to_2099() -> None:
    for year in (1900, 1917, 1918, 2000, 2099):
        assert offset_days(date(year, 6, 1)) == 13


def test_impossible_julian_dates_are_refused() -> None:
    with pytest.raises(ValueError):
        julian_to_gregorian(1918, 2, 30)
    with pytest.raises(ValueError):
        julian_to_gregorian(1917, 2, 29)
    with pytest.raises(ValueError):
        julian_to_gregorian(1917, 13, 1)


def test_soviet_switch() -> None:
    """31 Jan 1918 O.S. was followed by 14 Feb 1918 N.S. (fact sheet section 1)."""
    assert julian_to_gregorian(1918, 1, 31) + timedelta(days=1) == calendars.SOVIET_SWITCH
    assert calendar_in_use("Petrograd", date(1918, 2, 13)) == "OS"
    assert calendar_in_use("Petrograd", date(1918, 2, 14)) == "NS"
    assert calendar_in_use("petrograd", date(1917, 11, 7)) == "OS"


def test_transcaucasian_switch() -> None:
    """The day after 17 Apr 1918 O.S. counted as 1 May 1918 N.S. (fact sheet section 1)."""
    assert julian_to_gregorian(1918, 4, 17) + timedelta(days=1) == calendars.TRANSCAUCASIA_SWITCH
    for place in ("Tiflis", "Tbilisi"):
        assert calendar_in_use(place, date(1918, 4, 30)) == "OS"
        assert calendar_in_use(place, date(1918, 5, 1)) == "NS"


def test_baku_is_uncertain_between_the_switches() -> None:
    assert calendar_in_use("Baku", date(1918, 2, 13)) == "OS"
    assert calendar_in_use("Baku", date(1918, 2, 14)) == "uncertain"
    assert calendar_in_use("Baku", date(1918, 4, 30)) == "uncertain"
    assert calendar_in_use("Baku", date(1918, 5, 1)) == "NS"


def test_ottoman_dates_are_gregorian_from_march_1917() -> None:
    assert calendar_in_use("Ottoman", date(1918, 5, 11)) == "NS"
    assert calendar_in_use("Ottoman", date(1917, 3, 1)) == "NS"
    assert calendar_in_use("Ottoman", date(1917, 2, 28)) == "uncertain"


def test_unknown_place_says_which_places_are_known() -> None:
    with pytest.raises(ValueError, match="Petrograd"):
        calendar_in_use("Paris", date(1918, 1, 1))


def test_format_dual() -> None:
    assert format_dual(date(1917, 11, 7), "OS") == "25 October (7 November N.S.)"
    assert format_dual(date(1917, 11, 7), "NS") == "7 November (25 October O.S.)"
    assert "uncertain" in format_dual(date(1918, 1, 22), "uncertain")
    with pytest.raises(ValueError):
        format_dual(date(1917, 11, 7), "Hijri")


@pytest.mark.parametrize(
    "text",
    [
        "28 May 1918",
        "1918-05-28",
        "May 28, 1918",
        "May 28th 1918",
        "28.05.1918",
        " 28  May 1918 ",
        "28th May, 1918",
        "28 may 1918",
    ],
)
def test_parse_date_accepts_common_forms(text: str) -> None:
    assert parse_date(text) == (1918, 5, 28)


def test_parse_date_accepts_a_julian_only_leap_day() -> None:
    assert parse_date("29 February 1900") == (1900, 2, 29)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "no date given"),
        ("31 June 1918", "at most 30 days"),
        ("1918-13-01", "month must be 1 to 12"),
        ("May 28", "add the year"),
        ("28 Mai 1918", "not a month name"),
        ("__import__('os')", "not a date I can read"),
        ("yesterday", "not a date I can read"),
    ],
)
def test_parse_date_hints(text: str, hint: str) -> None:
    with pytest.raises(DateInputError) as err:
        parse_date(text)
    message = str(err.value)
    assert hint in message
    assert "28 May 1918" in message  # says what to type
    assert "\n" not in message and "Traceback" not in message
    assert isinstance(err.value, ValueError)


class TestDatesTypedWithTheirCalendar:
    """calendars.parse_dated: the course's notations, read with the calendar they name."""

    @pytest.mark.parametrize(
        "text, expected",
        [
            ("15 (28) May 1918", ((1918, 5, 15), "OS")),
            ("O.S. 15 May 1918", ((1918, 5, 15), "OS")),
            ("OS 15 May 1918", ((1918, 5, 15), "OS")),
            ("28 May 1918 N.S.", ((1918, 5, 28), "NS")),
            ("28 May 1918 (N.S.)", ((1918, 5, 28), "NS")),
            ("1918-05-28 new style", ((1918, 5, 28), "NS")),
            ("Julian 15 May 1918", ((1918, 5, 15), "OS")),
            ("31 October (13 November) 1917", ((1917, 10, 31), "OS")),
            ("31 December 1917 (13 January 1918)", ((1917, 12, 31), "OS")),
            ("28 May 1918", ((1918, 5, 28), None)),
        ],
    )
    def test_notations(self, text, expected):
        assert calendars.parse_dated(text) == expected

    @pytest.mark.parametrize("printed", ["OS", "NS", "uncertain"])
    @pytest.mark.parametrize("day", [date(1917, 3, 8), date(1917, 11, 7), date(1918, 5, 28)])
    def test_format_dual_reads_back(self, printed, day):
        """What the course prints (format_dual, without a year) reads back as the same day."""
        if printed == "uncertain":
            with pytest.raises(DateInputError):
                calendars.parse_dated(format_dual(day, printed), day.year)
            return
        ymd, cal = calendars.parse_dated(format_dual(day, printed), day.year)
        assert calendars.convert(ymd, cal, "NS") == (day.year, day.month, day.day)

    @pytest.mark.parametrize("day", [date(1917, 3, 8), date(1918, 2, 13), date(1918, 5, 28)])
    def test_the_converters_output_reads_back(self, day):
        jy, jm, jd = gregorian_to_julian(day)
        months = calendars.MONTH_NAMES
        shown = (
            f"{jd} {months[jm - 1]} {jy} O.S. = {day.day} {months[day.month - 1]} {day.year} N.S. "
            f"({offset_days(day)} days apart)"
        )
        assert calendars.parse_dated(shown) == ((jy, jm, jd), "OS")

    @pytest.mark.parametrize(
        "text, hint",
        [
            ("15 (29) May 1918", "not the same day"),
            ("O.S. 15 May 1918 N.S.", "names two calendars"),
            ("11/07/1917", "could be 11 July or 7 November"),
            ("01-02-1918", "could be 1 February or 2 January"),
            ("15 (28) 1918", "write one date and its calendar"),
            ("15 (28) May", "add the year"),
        ],
    )
    def test_hints(self, text, hint):
        with pytest.raises(DateInputError, match=re.escape(hint)):
            calendars.parse_dated(text)

    @pytest.mark.parametrize(
        "text, ymd",
        [
            ("28/05/1918", (1918, 5, 28)),
            ("05/28/1918", (1918, 5, 28)),
            ("07/07/1917", (1917, 7, 7)),
        ],
    )
    def test_numeric_dates_with_only_one_reading(self, text, ymd):
        assert parse_date(text) == ymd
