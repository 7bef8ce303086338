"""Données et sources: filtering any table of the store, and the sources list with
safe links.

A source's `url` is sometimes the file name of a seed document rather than an
address: only http(s) addresses become links; anything else is shown as text, so a
crafted value can never become a `javascript:` link.
"""

from __future__ import annotations

import io
import unicodedata

import pandas as pd

FILTER_COLUMNS = (
    "theme",
    "scope",
    "status",
    "confidence",
    "family",
    "ref_year",
    "taxonomy",
    "source_id",
    "sex",
    "population",
    "type_group",
    "indicator",
)
MAX_CHOICES = 40  # a column with more distinct values gets no pick-list


def _fold(text: str) -> str:
    """Lower case without accents, so "egalite" finds "Égalité"."""
    norm = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in norm if not unicodedata.combining(c))


def filter_columns(df: pd.DataFrame) -> list[str]:
    """Columns offered as pick-lists: the usual dimensions present in `df` with few
    distinct values."""
    return [c for c in FILTER_COLUMNS if c in df.columns and 1 < df[c].nunique(dropna=True) <= MAX_CHOICES]


def choices(df: pd.DataFrame, column: str) -> list:
    values = df[column].dropna().unique().tolist()
    return sorted(values, key=lambda v: (str(type(v)), v))


def filter_table(df: pd.DataFrame, text: str = "", picks: dict | None = None) -> pd.DataFrame:
    """Rows whose text contains `text` in any column (case and accents ignored) and
    whose value in each column of `picks` is one of the values picked (an empty pick
    keeps everything)."""
    out = df
    for col, values in (picks or {}).items():
        if values and col in out.columns:
            out = out[out[col].isin(list(values))]
    needle = _fold(text.strip()) if text else ""
    if needle:
        hay = out.astype(str).apply(lambda col: col.map(_fold))
        mask = hay.apply(lambda col: col.str.contains(needle, regex=False)).any(axis=1)
        out = out[mask]
    return out.reset_index(drop=True)


def is_web_link(url) -> bool:
    return isinstance(url, str) and url.strip().lower().startswith(("http://", "https://"))


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """The sources for people: `link` holds the address when it is an http(s) one,
    `document` the seed file name (or any other reference) otherwise."""
    url = sources["url"].fillna("")
    return pd.DataFrame(
        {
            "source_id": sources["source_id"],
            "publisher": sources["publisher"],
            "title": sources["title"],
            "pub_year": sources["pub_year"],
            "link": [u.strip() if is_web_link(u) else None for u in url],
            "document": ["" if is_web_link(u) else u for u in url],
            "locator_hint": sources["locator_hint"].fillna(""),
            "notes": sources["notes"].fillna(""),
        }
    )


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """A table as a Parquet file in memory (for the download button)."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def dictionary_body(markdown: str) -> str:
    """The data dictionary without its own top-level title (the page has one)."""
    lines = markdown.lstrip("\ufeff").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()
