"""What the studio's downloads of a projection contain: its three tables (flows,
summary, structure) as CSV files in the sidebar's dialect, and as one Excel workbook.

* CSV standard: the command line's files (`python -m gpec run`, same bytes), for
  programs: codes, full precision, the engine's column names.
* CSV Excel (FR): for people, through core.exports (French headers, family labels
  instead of codes, numbers rounded as the page shows them, the scenario, its horizon
  and its population on a first line).
* Workbook: through core.workbook, one sheet per table, a "Lisez-moi" sheet (the
  scenario, its assumptions, the confidentiality rule) and the sources of the base
  population; numbers stay numbers, at full precision.

For people, the shares (fractions in the engine's tables) are given in percent, as
the page shows them. The frames given here are the ones a file may carry: for an
imported population whose files are for diffusion, the tables already protected,
hidden cells reading their label ("< 5", "secret"); nothing here widens them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core import exports, labels, workbook
from studio.outcome import csv_bytes as command_line_csv

if TYPE_CHECKING:
    import pandas as pd

TABLES = ("flows", "summary", "structure")
SHARE_PREFIX = "share_"
ASSUMPTIONS_PREFIX = labels.SC_ASSUMPTIONS.split("{", 1)[0]  # "Hypothèses : " of studio.form.assumptions_line


def in_percent(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its share columns (fractions) in percent; a hidden cell keeps its label."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if not str(col).startswith(SHARE_PREFIX):
            continue
        if pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col] * 100
        else:
            out[col] = out[col].map(lambda v: v * 100 if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
    return out


def selection(name: str, horizon: int, population: str) -> dict[str, str]:
    """What an Excel (FR) CSV names on its first line besides its rows' years."""
    words = labels.SC_EXPORT_FILTERS
    return {words["scenario"]: name, words["horizon"]: str(horizon), words["population"]: population}


def csv_bytes(frame: pd.DataFrame, dialect: str, about: dict[str, str]) -> bytes:
    """One table as a CSV: in `standard`, the command line's bytes; in `excel-fr`, the
    people's file with `about` (see `selection`) on its first line."""
    if dialect != "excel-fr":
        return command_line_csv(frame, dialect)
    return exports.people_csv_bytes(in_percent(frame), dialect, about)


def privacy_text(audience: str | None, min_cell: int | None) -> str:
    """The "Secret statistique" line of the workbook: `audience` is None for a published
    population, else the audience of the files of an imported one."""
    from core import privacy

    if audience is None:
        return labels.WORKBOOK_ABOUT_PRIVACY_NONE
    if audience == privacy.DIFFUSION:
        return labels.PRIVACY_PROJECTION_NOTE.format(min_cell=min_cell or privacy.DEFAULT_MIN_CELL)
    return labels.SC_WORKBOOK_INTERNAL


def about_lines(
    scenario: dict,
    *,
    population: str,
    assumptions: str,
    draws: int,
    seed: int | None,
    date: str,
    privacy: str,
) -> list[tuple[str, str]]:
    """The "Lisez-moi" header of a projection's workbook."""
    about = workbook.about_lines(population, date, privacy)
    about[0] = (labels.WORKBOOK_ABOUT_WHAT, labels.SC_WORKBOOK_WHAT)
    run = labels.SC_WORKBOOK_RUN_DRAWS.format(draws=draws, seed=seed) if draws else labels.SC_WORKBOOK_RUN_EXPECTED
    years = labels.SC_WORKBOOK_YEARS_TEXT.format(base=scenario["base_year"], horizon=scenario["horizon_year"])
    about[1:1] = [
        (labels.SC_WORKBOOK_SCENARIO, scenario["name"]),
        (labels.SC_WORKBOOK_YEARS, years),
        (labels.SC_WORKBOOK_ASSUMPTIONS, assumptions.removeprefix(ASSUMPTIONS_PREFIX)),  # its key says it
        (labels.SC_WORKBOOK_RUN, run),
    ]
    about.append((labels.SC_WORKBOOK_SHARES, labels.SC_WORKBOOK_SHARES_TEXT))
    return about


def workbook_bytes(frames: dict[str, pd.DataFrame], sources: pd.DataFrame, about: list[tuple[str, str]]) -> bytes:
    """The XLSX of a projection: "Lisez-moi", one sheet per table of `frames` (in the
    order of TABLES), then "Sources"."""
    sheets = [
        workbook.Sheet(labels.SC_WORKBOOK_SHEETS[name], in_percent(frames[name]), labels.SC_WORKBOOK_SHEET_ABOUT[name])
        for name in TABLES
        if name in frames
    ]
    return workbook.workbook_bytes(sheets, sources, about)
