"""Typed answers read as text, never evaluated: numbers written the ways a class writes them, dates
in either calendar. Unreadable input raises an error whose message says what to type."""

from __future__ import annotations

import re
from typing import Any

NUMBER_HINT = "Type a number in digits, e.g. 4.4 or 12,000 (a % sign is fine; no letters)."
DATE_HINT = "Type a date such as 28 May 1918, 1918-05-28 or May 28, 1918."


class NumberInputError(ValueError):
    """A typed number that can be read two ways; the message says how to write it."""


THOUSANDS = {",": r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", ".": r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?"}


def plausible(value: float, expected: float) -> bool:
    """Whether a reading is within a factor of ten of the expected answer."""
    if expected == 0 or value == 0:
        return value == expected
    return 0.1 <= value / expected <= 10


def parse_number(value: Any, expected: float | None = None) -> float | None:
    """A typed number: '12,000' -> 12000.0, '4,4' or '4.4%' -> 4.4, '1.234,5' -> 1234.5.

    A single separator before exactly three digits ('12.000', '4,400') can be a thousands separator
    (as written in English with a comma, in Azerbaijani, Turkish, Russian or German with a dot) or a
    decimal one. Without `expected` a comma is read as thousands and a dot as decimals; with it, the
    reading within a factor of ten of the expected answer wins, and if neither or both are,
    NumberInputError says how to write it. None for anything that is not plainly a number.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ")
    text = text.removesuffix("%").strip()
    if re.fullmatch(r"[+-]?\d{1,3}( \d{3})+([.,]\d+)?", text):  # 12 000 or 12 000,5
        text = text.replace(" ", "").replace(",", ".")
    elif m := re.fullmatch(r"([+-]?\d{1,3})([.,])(\d{3})", text):  # 12.000 or 4,400: two readings
        whole = float(m[1] + m[3])
        part = float(f"{m[1]}.{m[3]}")
        if expected is None:
            return whole if m[2] == "," else part
        fits = [r for r in (whole, part) if plausible(r, expected)]
        if len(fits) == 1:
            return fits[0]
        raise NumberInputError(
            f"{text!r} could be {whole:,.0f} or {part:g}: write {int(whole)} for "
            f"{whole:,.0f}, or {part:g} with a dot for decimals."
        )
    elif re.fullmatch(THOUSANDS[","], text):  # 12,000 or 1,234.5
        text = text.replace(",", "")
    elif re.fullmatch(THOUSANDS["."], text):  # 1.234.567 or 1.234,5
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d+,\d+", text):  # 4,4
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        return None
    return float(text)


def parse_dated_answer(text: Any, year: int | None) -> tuple[tuple[int, int, int], str | None]:
    """A typed date and the calendar it names ('OS', 'NS' or None): calendars.parse_dated."""
    from helpers.history.calendars import DateInputError, parse_dated

    raw = str(text or "").strip()
    if not raw:
        raise DateInputError(DATE_HINT)
    return parse_dated(raw, year)
