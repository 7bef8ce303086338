"""French number formats, one definition for the app, the CSVs and the deck:
"73 900", "82 %", "10,3 %". Babel knows the French conventions (a narrow no-break
space as thousands separator, a decimal comma); we only choose the precision."""
from __future__ import annotations

import math

from babel.numbers import format_decimal

LOCALE = "fr_FR"
QUALIFIER_WORDS = {"exact": "", "approx": "environ ", "at_least": "plus de ", "at_most": "au plus "}


def number(x, decimals: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(float(x), decimals) + 0.0, format=pattern, locale=LOCALE)


def percent(x, decimals: int | None = None) -> str:
    """`x` in percent (82 -> "82 %"); one decimal only when it carries information."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if decimals is None:
        decimals = 0 if abs(x - round(x)) < 0.05 else 1
    return number(x, decimals) + "\u00a0%"


def qualified(x, qualifier: str = "exact", unit: str = "count") -> str:
    """A figure with its qualifier in words: "plus de 50 %", "environ 55 000"."""
    body = percent(x) if unit == "percent" else number(x)
    return QUALIFIER_WORDS.get(qualifier, "") + body
