"""Read numbers the way French publications print them.

A published figure is text: "73 900", "82 %", "10,3 %", "plus de 50 %", "1 salarié
sur 5", "2/3", "environ 55 000", "38 millions", "2 Md€". `parse_figure` turns it into
a value, a unit and a qualifier, so that "plus de 50 %" stays a lower bound all the
way to the chart. Anything else is refused with a sentence that says what was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SPACES = "\u0020\u00a0\u202f\u2009"

# Longest phrases first: "plus de" must not be read as "de".
QUALIFIERS = {
    "plus de": "at_least",
    "au moins": "at_least",
    "moins de": "at_most",
    "au plus": "at_most",
    "près de": "approx",
    "environ": "approx",
    "presque": "approx",
}

# Multipliers printed after the number; the unit they imply.
SCALES = {
    "md€": (1e9, "eur"),
    "mds€": (1e9, "eur"),
    "m€": (1e6, "eur"),
    "k€": (1e3, "eur"),
    "€": (1.0, "eur"),
    "eur": (1.0, "eur"),
    "milliards": (1e9, "count"),
    "millions": (1e6, "count"),
    "million": (1e6, "count"),
}

NUMBER_WORDS = {
    "un": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "soixante-dix": 70,
    "quatre-vingt": 80,
    "quatre-vingts": 80,
    "quatre-vingt-dix": 90,
    "cent": 100,
}

_NUMBER = r"[+-]?\d{1,3}(?:[ ]\d{3})+(?:,\d+)?|[+-]?\d+(?:,\d+)?"
_RATIO = re.compile(r"^(\d+)\s+(?:[^\d\s]+\s+)?sur\s+(\d+)$")  # 1 sur 2, 1 salarié sur 5
_FRACTION = re.compile(r"^(\d+)\s*/\s*(\d+)$")  # 2/3
_PERCENT = re.compile(rf"^({_NUMBER})\s*%$")  # 82 %, 33%, 10,3 %
_PLAIN = re.compile(rf"^({_NUMBER})\s*(.*)$")  # 73 900, 38 millions, 2 Md€
_AGE = re.compile(r"^(\d+)\s*ans?(?:\s+(\d+)\s*mois)?$")  # 60 ans 4 mois
_YEAR = re.compile(r"^(vers )?(\d{4})$")  # 2019, vers 2019


class ParseError(ValueError):
    """A published value this parser cannot read; the message is meant for a person."""


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # count | percent | eur | years
    qualifier: str  # exact | approx | at_least | at_most


def _normalise(text: str) -> str:
    text = str(text).strip().lower()
    for sp in SPACES:
        text = text.replace(sp, " ")
    return re.sub(r" +", " ", text)


def _number(text: str) -> float:
    return float(text.replace(" ", "").replace(",", "."))


def parse_figure(text: str, default_qualifier: str = "exact") -> Figure:
    """Parse one printed figure. Ratios ("1 sur 2", "2/3") become percentages and are
    approximate by nature; a leading qualifier phrase overrides `default_qualifier`."""
    raw = text
    s = _normalise(text)
    if not s:
        raise ParseError("valeur vide")
    qualifier = default_qualifier
    for phrase, qual in QUALIFIERS.items():
        if s.startswith(phrase + " "):
            qualifier, s = qual, s[len(phrase) + 1 :].strip()
            break
    if s in NUMBER_WORDS:
        return Figure(float(NUMBER_WORDS[s]), "count", qualifier)
    if m := _PERCENT.match(s):
        return Figure(_number(m.group(1)), "percent", qualifier)
    for pattern in (_RATIO, _FRACTION):
        if m := pattern.match(s):
            num, den = int(m.group(1)), int(m.group(2))
            if den == 0 or num > den:
                raise ParseError(f"« {raw} » : un rapport doit être entre 0 et 1")
            q = "approx" if qualifier == "exact" else qualifier
            return Figure(round(100 * num / den, 6), "percent", q)
    if m := _AGE.match(s):
        years = int(m.group(1)) + int(m.group(2) or 0) / 12
        return Figure(round(years, 6), "years", qualifier)
    if m := _PLAIN.match(s):
        value, rest = _number(m.group(1)), m.group(2).strip()
        if not rest:
            return Figure(value, "count", qualifier)
        key = rest.replace(" ", "")
        if key in SCALES:
            factor, unit = SCALES[key]
            return Figure(round(value * factor, 6), unit, qualifier)
    raise ParseError(
        f"« {raw} » n'est pas un nombre lisible (formats acceptés : 73 900 ; 10,3 % ; "
        "plus de 50 % ; 1 sur 2 ; 2/3 ; 38 millions ; 2 Md€ ; 60 ans 4 mois)"
    )


def parse_year(text: str) -> tuple[int, bool]:
    """A reference year as printed: "2019", or "vers 2019" when the source only dates
    its figure approximately. Returns the year and whether it is approximate, so that
    "vers 2019" stays approximate in every table and chart made from it."""
    s = _normalise(text)
    m = _YEAR.match(s)
    if not m or not 1900 <= int(m.group(2)) <= 2100:
        raise ParseError(
            f"« {text} » : une année sur quatre chiffres est attendue, précédée de « vers » "
            "si elle est approximative (2019 ; vers 2019)"
        )
    return int(m.group(2)), m.group(1) is not None


def parse_count(text: str) -> float:
    """A plain count such as "2 927"; refuses percentages and ratios."""
    fig = parse_figure(text)
    if fig.unit != "count":
        raise ParseError(f"« {text} » : un effectif ou un nombre est attendu")
    return fig.value


def parse_share(text: str) -> float:
    """A share printed as "(28 %)" or "28 %", as a percentage."""
    s = str(text).strip().strip("()")
    fig = parse_figure(s)
    if fig.unit != "percent":
        raise ParseError(f"« {text} » : un pourcentage est attendu")
    return fig.value


def parse_age(text: str) -> float:
    """A legal age printed as "62 ans 3 mois", in fractional years."""
    fig = parse_figure(text)
    if fig.unit != "years":
        raise ParseError(f"« {text} » : un âge en « N ans M mois » est attendu")
    return fig.value
