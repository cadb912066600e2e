"""Julian (Old Style) and Gregorian (New Style) dates, and which one a place used in 1917-1918.

Source for the rules below: the project's fact sheet (shared/history/fact_sheet.md, section 1):
- in 1917-1918 N.S. = O.S. + 13 days (standard; the code computes the offset for any date);
- Soviet Russia: 31 Jan 1918 O.S. was followed by 14 Feb 1918 N.S. (sourced: Sovnarkom decree of 24 Jan 1918);
- Transcaucasia: the day after 17 Apr 1918 O.S. counted as 1 May 1918 N.S. (sourced, thinly: law of 13 Apr 1918);
- the Ottoman state used Gregorian days and months from 1 Mar 1917 (standard);
- Baku: the fact sheet does not say which switch it followed, so dates between the two are "uncertain".
"""

from __future__ import annotations

import re
from datetime import date

# first N.S. day of each switch (fact sheet, section 1)
SOVIET_SWITCH = date(1918, 2, 14)  # after 31 Jan 1918 O.S.
TRANSCAUCASIA_SWITCH = date(1918, 5, 1)  # after 17 Apr 1918 O.S.
OTTOMAN_GREGORIAN_FROM = date(1917, 3, 1)

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_NAMES = [name.title() for name in MONTHS]  # "January" ... "December", for writing dates
PLACES = {
    "petrograd": "petrograd",
    "tiflis": "tiflis",
    "tbilisi": "tiflis",
    "baku": "baku",
    "ottoman": "ottoman",
}
HINT = 'type a date like "28 May 1918", "May 28, 1918", "1918-05-28" or "28.05.1918"'


class DateInputError(ValueError):
    """A date typed by a person could not be read; the message says what to type."""


def _julian_jdn(year: int, month: int, day: int) -> int:
    """Julian Day Number of a Julian-calendar date."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def _jdn_to_julian(jdn: int) -> tuple[int, int, int]:
    """Julian-calendar (year, month, day) of a Julian Day Number."""
    c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = d - 4800 + m // 10
    return year, month, day


_ORDINAL_TO_JDN = 1721425  # date(1, 1, 1).toordinal() == 1 is JDN 1721426


def julian_days_in_month(year: int, month: int) -> int:
    """Days in a month of the Julian calendar (every fourth year is a leap year)."""
    if month == 2:
        return 29 if year % 4 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def julian_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian (N.S.) date of a Julian (O.S.) date."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, not {month}")
    if not 1 <= day <= julian_days_in_month(year, month):
        raise ValueError(
            f"{day} {MONTHS[month - 1].title()} {year} does not exist in the Julian calendar"
        )
    return date.fromordinal(_julian_jdn(year, month, day) - _ORDINAL_TO_JDN)


def gregorian_to_julian(d: date) -> tuple[int, int, int]:
    """The Julian (O.S.) (year, month, day) of a Gregorian (N.S.) date."""
    return _jdn_to_julian(d.toordinal() + _ORDINAL_TO_JDN)


def offset_days(d: date) -> int:
    """Days the Julian calendar lags behind the Gregorian on Gregorian date d (13 in 1900-2099)."""
    year, month, _ = gregorian_to_julian(d)
    if month <= 2:
        year -= 1
    return year // 100 - year // 400 - 2


def calendar_in_use(place: str, d: date) -> str:
    """ "OS", "NS" or "uncertain": the calendar in use at a place on Gregorian date d."""
    key = PLACES.get(place.strip().lower())
    if key is None:
        raise ValueError(
            f"unknown place {place!r}: use Petrograd, Tiflis, Tbilisi, Baku or Ottoman"
        )
    if key == "petrograd":
        return "OS" if d < SOVIET_SWITCH else "NS"
    if key == "tiflis":
        return "OS" if d < TRANSCAUCASIA_SWITCH else "NS"
    if key == "baku":
        if d < SOVIET_SWITCH:
            return "OS"
        return "NS" if d >= TRANSCAUCASIA_SWITCH else "uncertain"
    return "NS" if d >= OTTOMAN_GREGORIAN_FROM else "uncertain"


def _day_month(month: int, day: int) -> str:
    return f"{day} {MONTHS[month - 1].title()}"


def format_dual(d: date, printed: str) -> str:
    """A Gregorian date written in the printed calendar with the other in brackets."""
    _, jm, jd = gregorian_to_julian(d)
    new = _day_month(d.month, d.day)
    old = _day_month(jm, jd)
    style = printed.strip().upper().replace(".", "")
    if style == "OS":
        return f"{old} ({new} N.S.)"
    if style == "NS":
        return f"{new} ({old} O.S.)"
    if style == "UNCERTAIN":
        return f"{new} (calendar uncertain; {old} O.S.)"
    raise ValueError(f'printed calendar must be "OS", "NS" or "uncertain", not {printed!r}')


def _check(year: int, month: int, day: int, text: str) -> tuple[int, int, int]:
    if not 1 <= month <= 12:
        raise DateInputError(f"{text!r}: the month must be 1 to 12; {HINT}")
    if not 1 <= year <= 9999:
        raise DateInputError(f"{text!r}: the year must be 1 to 9999; {HINT}")
    longest = julian_days_in_month(year, month)  # the Julian month is never shorter
    if not 1 <= day <= longest:
        name = MONTHS[month - 1].title()
        raise DateInputError(f"{text!r}: {name} has at most {longest} days in {year}; {HINT}")
    return year, month, day


def _month_number(word: str, text: str) -> int:
    word = word.lower().rstrip(".")
    matches = [
        n for n, name in enumerate(MONTHS, start=1) if len(word) >= 3 and name.startswith(word)
    ]
    if len(matches) != 1:
        raise DateInputError(f"{text!r}: {word!r} is not a month name; {HINT}")
    return matches[0]


def parse_date(text: str) -> tuple[int, int, int]:
    """(year, month, day) of a typed date such as "28 May 1918", "1918-05-28" or "May 28th 1918"."""
    if not isinstance(text, str) or not text.strip():
        raise DateInputError(f"no date given; {HINT}")
    s = " ".join(text.strip().split())
    if m := re.fullmatch(r"(\d{1,4})-(\d{1,2})-(\d{1,2})", s):
        return _check(int(m[1]), int(m[2]), int(m[3]), text)
    if m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{3,4})", s):
        return _check(int(m[3]), int(m[2]), int(m[1]), text)
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+\.?),?\s+(\d{3,4})", s):
        return _check(int(m[3]), _month_number(m[2], text), int(m[1]), text)
    if m := re.fullmatch(r"([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{3,4})", s):
        return _check(int(m[3]), _month_number(m[1], text), int(m[2]), text)
    if re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+[A-Za-z]+|[A-Za-z]+\s+\d{1,2}", s):
        raise DateInputError(f"{text!r}: add the year; {HINT}")
    raise DateInputError(f"{text!r} is not a date I can read; {HINT}")
