"""Load the source tables of data/raw as published, and read their printed numbers.

Each loader returns a tidy frame plus the problems it found; a frame row keeps the
line number of the file it came from so that later checks can still point at it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .parse import ParseError, parse_age, parse_count, parse_figure, parse_share
from .problems import Problem

# file -> columns it must have (extra columns are tolerated and ignored)
RAW_FILES = {
    "sources.csv": ["source_id", "title", "publisher", "pub_year", "url", "locator_hint", "accessed", "notes"],
    "published_figures.csv": ["indicator", "scope", "dimension", "category", "value", "qualifier", "unit_label",
                              "ref_year", "source_id", "locator", "note"],
    "establishments_2006.csv": ["type", "count", "share", "ref_year", "source_id", "locator"],
    "establishments_2021.csv": ["type", "count", "share", "ref_year", "source_id", "locator"],
    "legal_retirement_age.csv": ["schedule", "born_from", "born_to", "legal_age", "source_id", "locator"],
    "families_crosswalk.csv": ["taxonomy", "family", "label_fr", "label_en", "livre", "harmonised_family",
                               "source_id", "note"],
    "jobs.csv": ["job", "published_family", "diplomas", "certificates", "locator", "source_id"],
    "certificate_blocks.csv": ["certificate", "block", "title", "skills", "locator", "source_id"],
}

QUALIFIER_VALUES = {"", "exact", "approx", "at_least", "at_most"}


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


def _parse_column(df, name, column, parser, problems, *, blank_ok=False):
    values = []
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


def _parse_year(df, name, column, problems, *, blank_ok=False):
    def year(text):
        if not text.isdigit() or not 1900 <= int(text) <= 2100:
            raise ParseError(f"« {text} » : une année sur quatre chiffres est attendue")
        return int(text)
    return _parse_column(df, name, column, year, problems, blank_ok=blank_ok)


def check_sources(frames, problems) -> set[str]:
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
    parsed = []
    for line, text, qual in zip(out["_line"], out["value"], out["qualifier"]):
        if qual not in QUALIFIER_VALUES:
            problems.append(Problem(name, line, "qualifier",
                                    f"« {qual} » : qualificatif inconnu (exact, approx, at_least, at_most)"))
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
    out["ref_year"] = _parse_year(out, name, "ref_year", problems)
    return out


def parse_establishments(df: pd.DataFrame, name: str, problems: list[Problem]) -> pd.DataFrame:
    out = df.copy()
    out["count"] = _parse_column(out, name, "count", parse_count, problems)
    out["share"] = _parse_column(out, name, "share", parse_share, problems, blank_ok=True)
    for line, share in zip(out["_line"], out["share"]):
        if share is not None and not 0 <= share <= 100:
            problems.append(Problem(name, line, "share", f"{share:g} % : une part ne peut pas dépasser 100 %"))
    out["ref_year"] = _parse_year(out, name, "ref_year", problems)
    return out


def parse_legal_ages(df: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    name = "legal_retirement_age.csv"
    out = df.copy()
    out["legal_age"] = _parse_column(out, name, "legal_age", parse_age, problems)

    def month(text):
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
