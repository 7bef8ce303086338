"""Load the source tables of data/raw as published, and read their printed numbers.

Each loader returns a tidy frame plus the problems it found; a frame row keeps the
line number of the file it came from so that later checks can still point at it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd

from .parse import ParseError, parse_age, parse_count, parse_figure, parse_share, parse_year
from .problems import Problem
from .schemas import CONFIDENCE, THEMES

T = TypeVar("T")

# file -> columns it must have (extra columns are tolerated and ignored)
RAW_FILES = {
    "sources.csv": ["source_id", "title", "publisher", "pub_year", "url", "locator_hint", "accessed", "notes"],
    "published_figures.csv": [
        "indicator",
        "scope",
        "dimension",
        "category",
        "value",
        "qualifier",
        "unit_label",
        "ref_year",
        "source_id",
        "locator",
        "note",
        "theme",
        "confidence",
    ],
    **{
        name: ["type", "count", "share", "ref_year", "source_id", "locator", "confidence"]
        for name in (
            "establishments_2006.csv",
            "establishments_2011.csv",
            "establishments_2014.csv",
            "establishments_2021.csv",
        )
    },
    "establishment_types.csv": ["type", "type_group", "source_id", "note"],
    "legal_retirement_age.csv": ["schedule", "born_from", "born_to", "legal_age", "source_id", "locator", "confidence"],
    "families_crosswalk.csv": [
        "taxonomy",
        "family",
        "label_fr",
        "label_en",
        "livre",
        "harmonised_family",
        "source_id",
        "note",
    ],
    "jobs.csv": ["job", "published_family", "diplomas", "certificates", "locator", "source_id"],
    "certificate_blocks.csv": ["certificate", "block", "title", "skills", "locator", "source_id"],
}

QUALIFIER_VALUES = {"", "exact", "approx", "at_least", "at_most"}
# The Livre 3 establishment lists, one file per list as published (oldest first).
ESTABLISHMENT_FILES = (
    "establishments_2006.csv",
    "establishments_2011.csv",
    "establishments_2014.csv",
    "establishments_2021.csv",
)


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_raw(raw_dir: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read every raw file as text, with a `_line` column; report missing files and columns."""
    frames, problems = {}, []
    for name, required in RAW_FILES.items():
        path = raw_dir / name
        if not path.exists():
            problems.append(Problem(name, None, None, "fichier manquant"))
            continue
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            problems.append(Problem(name, None, None, f"fichier illisible en CSV UTF-8 ({exc.__class__.__name__})"))
            continue
        missing = [c for c in required if c not in df.columns]
        for col in missing:
            problems.append(Problem(name, 1, col, "colonne manquante dans l'en-tête"))
        if missing:
            continue
        df = df[required].apply(lambda s: s.str.strip())
        df.insert(0, "_line", range(2, len(df) + 2))
        frames[name] = df
    return frames, problems


def _parse_column(
    df: pd.DataFrame,
    name: str,
    column: str,
    parser: Callable[[str], T],
    problems: list[Problem],
    *,
    blank_ok: bool = False,
) -> list[T | None]:
    values: list[T | None] = []
    for line, text in zip(df["_line"], df[column]):
        if blank_ok and text == "":
            values.append(None)
            continue
        try:
            values.append(parser(text))
        except ParseError as exc:
            problems.append(Problem(name, line, column, str(exc)))
            values.append(None)
    return values


def _parse_year(
    df: pd.DataFrame, name: str, column: str, problems: list[Problem], *, blank_ok: bool = False
) -> list[int | None]:
    def year(text: str) -> int:
        if not text.isdigit() or not 1900 <= int(text) <= 2100:
            raise ParseError(f"« {text} » : une année sur quatre chiffres est attendue")
        return int(text)

    return _parse_column(df, name, column, year, problems, blank_ok=blank_ok)


def _parse_ref_year(out: pd.DataFrame, name: str, problems: list[Problem]) -> None:
    """`ref_year` as printed ("2019" or "vers 2019") into `ref_year` and `ref_year_approx`."""
    parsed = _parse_column(out, name, "ref_year", parse_year, problems)
    out["ref_year"] = [p[0] if p else None for p in parsed]
    out["ref_year_approx"] = [bool(p[1]) if p else False for p in parsed]


def _check_vocabulary(
    df: pd.DataFrame, name: str, column: str, allowed: Sequence[str], what: str, problems: list[Problem]
) -> None:
    for line, value in zip(df["_line"], df[column]):
        if value not in allowed:
            problems.append(Problem(name, line, column, f"« {value} » : {what} inconnu ({', '.join(allowed)})"))


def check_sources(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> set[str]:
    """Every `source_id` used anywhere must be a row of sources.csv."""
    if "sources.csv" not in frames:
        return set()
    src = frames["sources.csv"]
    _parse_year(src, "sources.csv", "pub_year", problems)
    for line, sid in zip(src["_line"], src["source_id"]):
        if not sid:
            problems.append(Problem("sources.csv", line, "source_id", "identifiant vide"))
    dup = src["source_id"].duplicated(keep="first")
    for line, sid in zip(src.loc[dup, "_line"], src.loc[dup, "source_id"]):
        problems.append(Problem("sources.csv", line, "source_id", f"« {sid} » est déjà défini plus haut"))
    known = set(src["source_id"])
    for name, df in frames.items():
        if name == "sources.csv":
            continue
        for line, sid in zip(df["_line"], df["source_id"]):
            if sid not in known:
                problems.append(Problem(name, line, "source_id", f"« {sid} » n'existe pas dans sources.csv"))
    return known


def parse_published_figures(df: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    name = "published_figures.csv"
    out = df.copy()
    out["value_as_printed"] = out["value"]
    parsed: list[tuple[float | None, str | None, str | None]] = []
    for line, text, qual in zip(out["_line"], out["value"], out["qualifier"]):
        if qual not in QUALIFIER_VALUES:
            problems.append(
                Problem(
                    name, line, "qualifier", f"« {qual} » : qualificatif inconnu (exact, approx, at_least, at_most)"
                )
            )
            qual = ""
        try:
            fig = parse_figure(text)
        except ParseError as exc:
            problems.append(Problem(name, line, "value", str(exc)))
            parsed.append((None, None, None))
            continue
        if fig.unit == "percent" and not -100 <= fig.value <= 100:
            problems.append(Problem(name, line, "value", f"« {text} » : une part ne peut pas dépasser 100 %"))
        parsed.append((fig.value, fig.unit, qual or fig.qualifier))
    out["value"] = [p[0] for p in parsed]
    out["unit"] = [p[1] for p in parsed]
    out["qualifier"] = [p[2] for p in parsed]
    _parse_ref_year(out, name, problems)
    _check_vocabulary(out, name, "theme", THEMES, "thème", problems)
    _check_vocabulary(out, name, "confidence", CONFIDENCE, "niveau de confiance", problems)
    return out


def parse_establishments(
    df: pd.DataFrame, name: str, problems: list[Problem], types: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One published list of Livre 3 establishments. Every type must be in the
    crosswalk of establishment types (`types`, establishment_types.csv), so that a
    new list can only be compared with the others through a documented group."""
    out = df.copy()
    out["count"] = _parse_column(out, name, "count", parse_count, problems)
    out["share"] = _parse_column(out, name, "share", parse_share, problems, blank_ok=True)
    for line, share in zip(out["_line"], out["share"]):
        if share is not None and not 0 <= share <= 100:
            problems.append(Problem(name, line, "share", f"{share:g} % : une part ne peut pas dépasser 100 %"))
    _parse_ref_year(out, name, problems)
    _check_vocabulary(out, name, "confidence", CONFIDENCE, "niveau de confiance", problems)
    if types is not None:
        known = set(types["type"])
        for line, kind in zip(out["_line"], out["type"]):
            if kind != "ensemble" and kind not in known:
                problems.append(
                    Problem(
                        name,
                        line,
                        "type",
                        f"« {kind} » n'est pas dans establishment_types.csv "
                        "(table de passage des types d'établissements)",
                    )
                )
    dated = [(line, year) for line, year in zip(out["_line"], out["ref_year"]) if year is not None]
    for line, year in dated[1:]:
        if year != dated[0][1]:
            problems.append(
                Problem(
                    name,
                    line,
                    "ref_year",
                    f"{year} : une liste publiée n'a qu'une année, et celle-ci "
                    f"est de {dated[0][1]} (ligne {dated[0][0]})",
                )
            )
    return out


def parse_establishment_types(df: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """The crosswalk of establishment types: each published type to one comparison group."""
    name = "establishment_types.csv"
    dup = df["type"].duplicated(keep="first")
    for line, kind in zip(df.loc[dup, "_line"], df.loc[dup, "type"]):
        problems.append(Problem(name, line, "type", f"« {kind} » est déjà rattaché plus haut"))
    for line, group in zip(df["_line"], df["type_group"]):
        if not group:
            problems.append(Problem(name, line, "type_group", "groupe vide"))
    return df


def parse_legal_ages(df: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    name = "legal_retirement_age.csv"
    out = df.copy()
    out["legal_age"] = _parse_column(out, name, "legal_age", parse_age, problems)
    _check_vocabulary(out, name, "confidence", CONFIDENCE, "niveau de confiance", problems)

    def month(text: str) -> str:
        try:
            y, m = text.split("-")
            if len(y) == 4 and 1 <= int(m) <= 12:
                return f"{int(y):04d}-{int(m):02d}"
        except ValueError:
            pass
        raise ParseError(f"« {text} » : un mois AAAA-MM est attendu")

    out["born_from"] = _parse_column(out, name, "born_from", month, problems, blank_ok=True)
    out["born_to"] = _parse_column(out, name, "born_to", month, problems, blank_ok=True)
    return out
