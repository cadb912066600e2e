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
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{3,4})", s):  # dotted: day first, always
        return _check(int(m[3]), int(m[2]), int(m[1]), text)
    if m := re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{3,4})", s):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if first <= 12 and second <= 12 and first != second:  # 11/07/1917: July or November?
            a, b = f"{first} {MONTHS[second - 1].title()}", f"{second} {MONTHS[first - 1].title()}"
            raise DateInputError(
                f"{text!r} could be {a} or {b}: write the month as a word, e.g. {a} {year}"
            )
        if first > 12 >= second or first == second:
            return _check(year, second, first, text)  # 28/05/1918: day first
        return _check(year, first, second, text)  # 05/28/1918: month first
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+\.?),?\s+(\d{3,4})", s):
        return _check(int(m[3]), _month_number(m[2], text), int(m[1]), text)
    if m := re.fullmatch(r"([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{3,4})", s):
        return _check(int(m[3]), _month_number(m[1], text), int(m[2]), text)
    if re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+[A-Za-z]+|[A-Za-z]+\s+\d{1,2}", s):
        raise DateInputError(f"{text!r}: add the year; {HINT}")
    raise DateInputError(f"{text!r} is not a date I can read; {HINT}")


# ---- dates typed with their calendar: "15 (28) May 1918", "O.S. 15 May 1918", the converter's output ----

STYLE_WORDS = {
    "os": "OS",
    "old style": "OS",
    "julian": "OS",
    "ns": "NS",
    "new style": "NS",
    "gregorian": "NS",
}
STYLE = r"(?:o\.?\s?s\.?|n\.?\s?s\.?|old\s+style|new\s+style|julian|gregorian)"
DAY_MONTH = r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+([A-Za-z]+\.?))?(?:,?\s+(\d{3,4}))?"
DUAL = re.compile(
    rf"{DAY_MONTH}\s*\(\s*{DAY_MONTH}\s*,?\s*(?:({STYLE})\s*)?\)\s*([A-Za-z]+\.?)?,?\s*(\d{{3,4}})?",
    re.IGNORECASE,
)
CALENDAR_HINT = 'write one date and its calendar, e.g. "28 May 1918 N.S." or "15 May 1918 O.S."'


def style_of(word: str) -> str:
    """'O.S.', 'os', 'Old Style', 'Julian' -> 'OS'; the New Style forms -> 'NS'."""
    return STYLE_WORDS[
        re.sub(r"[.\s]+", " ", word.lower()).strip().replace("o s", "os").replace("n s", "ns")
    ]


def other(calendar: str) -> str:
    """'OS' -> 'NS' and back."""
    return "NS" if calendar == "OS" else "OS"


def convert(ymd: tuple[int, int, int], source: str, target: str) -> tuple[int, int, int]:
    """A (y, m, d) in one calendar ('OS' or 'NS') as (y, m, d) in another."""
    if source == target:
        return ymd
    if source == "OS":
        g = julian_to_gregorian(*ymd)
        return g.year, g.month, g.day
    return gregorian_to_julian(date(*ymd))


def parse_dated(text: str, year: int | None = None) -> tuple[tuple[int, int, int], str | None]:
    """A typed date and the calendar it says it is in ('OS', 'NS', or None if it says none).

    Reads the course's own notations as well as parse_date's forms: "15 (28) May 1918" (the
    article's: Old Style, New Style in brackets), "15 May (28 May N.S.) 1918", "O.S. 15 May 1918",
    "28 May 1918 N.S.", "28 May 1918 (Gregorian)", and the converter's
    "15 May 1918 O.S. = 28 May 1918 N.S.". Two dates that are not the same day raise DateInputError.
    A date without a year takes `year` if given. Raises DateInputError with what to type.
    """
    if not isinstance(text, str) or not text.strip():
        raise DateInputError(f"no date given; {HINT}")
    s = " ".join(text.strip().split())
    s = re.sub(r"\s*\(\s*\d+\s+days?\s+apart\s*\)\s*$", "", s, flags=re.IGNORECASE)
    if "=" in s:  # the converter: "25 October 1917 O.S. = 7 November 1917 N.S."
        parts = [parse_dated(part, year) for part in s.split("=")]
        return agree(parts, text)
    if m := DUAL.fullmatch(s):
        d1, m1, y1, d2, m2, y2, label, m3, y = m.groups()
        if not (m3 or m1 or m2) or (m1 and m3 and not m2):
            raise DateInputError(f"{text!r}: {CALENDAR_HINT}")
        y = y or y2 or y1 or (str(year) if year else None)
        if not y:
            raise DateInputError(f"{text!r}: add the year; {HINT}")
        first = parse_date(f"{d1} {m1 or m3 or m2} {y1 or y}")
        second = parse_date(f"{d2} {m2 or m3 or m1} {y2 or y}")
        inner = style_of(label) if label else "NS"  # unlabelled: old (new), as the article prints
        return agree([(first, other(inner)), (second, inner)], text)
    m = re.fullmatch(rf"(?:\(?({STYLE})\)?,?\s+)?(.+?)(?:,?\s+\(?({STYLE})\)?)?", s, re.IGNORECASE)
    before, body, after = m.groups() if m else (None, s, None)
    if before and after and style_of(before) != style_of(after):
        raise DateInputError(f"{text!r} names two calendars; {CALENDAR_HINT}")
    label = before or after
    try:
        ymd = parse_date(body)
    except DateInputError:
        if year is None or re.search(r"\d{3,4}\s*$", body):
            raise
        ymd = parse_date(f"{body.rstrip(',')} {year}")
    return ymd, style_of(label) if label else None


def agree(
    parts: list[tuple[tuple[int, int, int], str | None]], text: str
) -> tuple[tuple[int, int, int], str | None]:
    """Two readings of one day (e.g. O.S. and N.S.) -> the first; DateInputError if they differ."""
    (ymd, cal), *rest = parts
    for other_ymd, other_cal in rest:
        if cal is None or other_cal is None:
            same = cal == other_cal and ymd == other_ymd
        else:
            same = convert(other_ymd, other_cal, cal) == ymd
        if not same:
            raise DateInputError(f"{text!r}: the two dates are not the same day; {CALENDAR_HINT}")
    return ymd, cal
