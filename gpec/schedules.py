"""Legal retirement ages by birth cohort.

The tables are transcribed from the published schedules (laws of 2010 and 2023, and
the 2026 suspension) as *rows*: the first month of birth a row applies to and the
legal age, in years and months. A cohort is a calendar year of births; when a change
of rule falls inside a year (1951 under the 2010 law, 1961 under the 2023 law, 1965
under the suspension), the cohort's age is the average over its twelve months of
birth, on the assumption that births are spread evenly over the year. The engine
then only ever needs one number per cohort, `legal_age(schedule, birth_year)`.

Ages are kept as exact fractions of a month until the very end so that a legal age
of 64 is exactly 64, not 63.99999..., when the engine takes its integer part.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache


@dataclass(frozen=True)
class Row:
    """From births in (year, month) onwards, until the next row, the legal age is
    `years` years and `months` months."""

    year: int
    month: int
    years: int
    months: int

    @property
    def age_months(self) -> int:
        return 12 * self.years + self.months


@dataclass(frozen=True)
class Schedule:
    """One legal schedule: its rows in birth order, and how to present it."""

    code: str
    label: str
    rows: tuple[Row, ...]
    note: str


LOI_2010_ROWS = (
    Row(1900, 1, 60, 0),
    Row(1951, 7, 60, 4),
    Row(1952, 1, 60, 9),
    Row(1953, 1, 61, 2),
    Row(1954, 1, 61, 7),
    Row(1955, 1, 62, 0),
)

LOI_2023_ROWS = (
    Row(1900, 1, 62, 0),
    Row(1961, 9, 62, 3),
    Row(1962, 1, 62, 6),
    Row(1963, 1, 62, 9),
    Row(1964, 1, 63, 0),
    Row(1965, 1, 63, 3),
    Row(1966, 1, 63, 6),
    Row(1967, 1, 63, 9),
    Row(1968, 1, 64, 0),
)

# Cohorts born before 1964 keep the 2023 law; the published suspension table stops
# at 1968, and later cohorts get the reform's 64 (no law sets anything else yet).
SUSPENSION_2026_ROWS = tuple(r for r in LOI_2023_ROWS if r.year < 1964) + (
    Row(1964, 1, 62, 9),
    Row(1965, 4, 63, 0),
    Row(1966, 1, 63, 3),
    Row(1967, 1, 63, 6),
    Row(1968, 1, 63, 9),
    Row(1969, 1, 64, 0),
)

# The schedule in force: the default of the ages page, the studio and the deck.
DEFAULT_SCHEDULE = "loi_2023_suspension_2026"

SCHEDULES: dict[str, Schedule] = {
    s.code: s
    for s in (
        Schedule(
            "loi_2010",
            "Loi du 9 novembre 2010",
            LOI_2010_ROWS,
            "60 ans avant le 1er juillet 1951, puis relèvement jusqu'à 62 ans pour les générations 1955 et suivantes.",
        ),
        Schedule(
            "loi_2023",
            "Loi du 14 avril 2023 (sans suspension)",
            LOI_2023_ROWS,
            "62 ans avant le 1er septembre 1961, puis relèvement de 3 mois par génération "
            "jusqu'à 64 ans pour les générations 1968 et suivantes.",
        ),
        Schedule(
            DEFAULT_SCHEDULE,
            "Loi de 2023 avec la suspension votée dans la LFSS 2026",
            SUSPENSION_2026_ROWS,
            "Générations nées avant 1964 : loi de 2023. Le tableau publié s'arrête à la "
            "génération 1968 (63 ans 9 mois) ; pour les générations 1969 et suivantes, le "
            "modèle retient 64 ans, valeur de la réforme de 2023 tant qu'aucune loi n'en "
            "fixe une autre.",
        ),
    )
}


def _age_for_month(rows: tuple[Row, ...], year: int, month: int) -> int:
    """Legal age in months for a birth in (year, month): the last row that has started."""
    age = rows[0].age_months
    for row in rows:
        if (row.year, row.month) <= (year, month):
            age = row.age_months
        else:
            break
    return age


@cache
def legal_age_exact(schedule: str, birth_year: int) -> Fraction:
    """Legal age of a birth cohort in years, as an exact fraction (month-weighted)."""
    rows = SCHEDULES[schedule].rows
    months = sum(_age_for_month(rows, birth_year, m) for m in range(1, 13))
    return Fraction(months, 12 * 12)


def legal_age(schedule: str, birth_year: int) -> float:
    """Legal age of a birth cohort in fractional years (62 years 3 months = 62.25)."""
    return float(legal_age_exact(schedule, birth_year))


def format_age(age: Fraction) -> str:
    """French reading of an age: '62 ans 3 mois', or '62 ans 11,25 mois' when the
    cohort average is not a whole number of months (a straddling cohort)."""
    months_total = age * 12
    years = int(months_total // 12)
    months = months_total - 12 * years
    if months == 0:
        return f"{years} ans"
    if months.denominator == 1:
        return f"{years} ans {months.numerator} mois"
    from core import formats  # here: the engine's import stays light

    return f"{years} ans {formats.number(float(months), 2)} mois"
