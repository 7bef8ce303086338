"""Every file a user takes away (CSV from a chart, a table download, the command
lines' outputs) goes through here, so two rules hold everywhere:

* the French Excel dialect is one definition, not a habit repeated per page:
  semicolon, decimal comma, UTF-8 with a byte-order mark so Excel guesses the
  encoding right;
* text cells that a spreadsheet would run as a formula (starting with = + - @,
  or a tab / carriage return that hides one) are neutralised with a leading
  apostrophe, which Excel and LibreOffice display as plain text.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a frame is read, not by a command's --help
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DIALECTS = {
    "standard": {"sep": ",", "decimal": ".", "encoding": "utf-8"},
    "excel-fr": {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"},
}


def neutralise(value: object) -> object:
    """Return `value` made inert for a spreadsheet if it is text that looks like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Neutralise every text cell and every column name; numbers are left as numbers."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame, dialect: str = "standard") -> bytes:
    """CSV of `df` in one of DIALECTS, formulas neutralised, no index."""
    if dialect not in DIALECTS:
        raise ValueError(f"dialect {dialect!r}: must be one of {', '.join(DIALECTS)}")
    d = DIALECTS[dialect]
    out = neutralise_frame(df)
    if d["decimal"] != ".":  # pandas applies `decimal` to float columns only, not to numbers among texts
        for col in out.columns:
            if out[col].dtype != "object":
                continue
            out[col] = out[col].map(
                lambda v: str(v).replace(".", d["decimal"]) if isinstance(v, float) and v == v else v
            )
    text = out.to_csv(index=False, sep=d["sep"], decimal=d["decimal"], lineterminator="\n")
    return text.encode(d["encoding"])


# ---- what people take away: French headers, labels, numbers as displayed ----------------

# Columns whose codes people read as labels; `family_label`, `scope_label` and the like
# are dropped when the code column beside them becomes its label.
LABELLED = ("family", "harmonised_family", "scope", "status", "sex", "population", "qualifier", "confidence")
DUPLICATES = {"family_label": "family", "scope_label": "scope", "series": "series_label"}
DROPPED = ("suppressed",)  # the bool behind "Secret statistique", which says it in words


def _label_of(column: str) -> Callable[[str], object]:
    from core import labels

    fns: dict[str, Callable[[str], object]] = {
        "family": labels.family_label,
        "harmonised_family": labels.family_label,
        "scope": labels.scope_label,
        "status": lambda c: labels.STATUS_LABELS.get(c, c),
        "sex": lambda c: labels.SEX_LABELS.get(c, c),
        "population": lambda c: labels.POPULATION_LABELS.get(c, c),
        "qualifier": lambda c: labels.EXPORT_QUALIFIERS.get(c, c),
        "confidence": lambda c: labels.CONFIDENCE_LABELS.get(c, c),
    }
    return fns[column]


def displayed(value: float) -> float:
    """A number rounded as the app writes it: whole from 100 on, else one decimal."""
    return float(round(value)) if abs(value) >= 100 else round(value, 1)


def header(column: str) -> str:
    """The French header of a column ("ref_year" -> "Année"; "retirements_p10" ->
    "Départs à la retraite (10e centile)")."""
    from core import labels

    if column in labels.EXPORT_HEADERS:
        return labels.EXPORT_HEADERS[column]
    measure, _, p = column.rpartition("_p")
    if p in ("10", "50", "90") and measure in labels.EXPORT_HEADERS:
        return labels.PERCENTILE_HEADER.format(header=labels.EXPORT_HEADERS[measure], p=p)
    return column.replace("_", " ").capitalize()


def for_people(df: pd.DataFrame, *, rounded: bool = True) -> pd.DataFrame:
    """`df` as a person reads it: French headers, labels instead of codes, yes/no for
    flags, and (with `rounded`) numbers rounded as displayed. Hidden cells keep their
    label ("< 5", "secret"). Sources stay as their identifiers (the Sources sheet or
    the app's source list names them)."""
    import pandas as pd

    from core import labels

    out = df.drop(columns=[c for c in DROPPED if c in df.columns])
    out = out.drop(columns=[c for c, base in DUPLICATES.items() if c in out.columns and base in out.columns])
    for col in out.columns:
        values = out[col]
        if col in LABELLED and not pd.api.types.is_numeric_dtype(values):
            fn = _label_of(col)
            out[col] = values.map(lambda v, fn=fn: fn(v) if isinstance(v, str) else v)
        elif pd.api.types.is_bool_dtype(values):
            out[col] = values.map({True: labels.EXPORT_YES, False: labels.EXPORT_NO})
        elif rounded and pd.api.types.is_float_dtype(values):
            shown = values.map(lambda v: v if pd.isna(v) else displayed(float(v)))
            whole = shown.dropna().map(float.is_integer).all()
            out[col] = shown.astype("Int64") if whole else shown
        elif rounded and values.dtype == object:  # numbers among hidden cells' labels ("< 5")
            out[col] = values.map(lambda v: _whole(displayed(v)) if isinstance(v, float) and v == v else v)
    names = [
        labels.EXPORT_REFERENCE_YEAR if c == "ref_year" and "year" in out.columns else header(c) for c in out.columns
    ]
    seen: dict[str, int] = {}
    for i, n in enumerate(names):  # two columns with one French name keep both, numbered
        seen[n] = seen.get(n, 0) + 1
        if seen[n] > 1:
            names[i] = f"{n} ({seen[n]})"
    out.columns = names
    return out


def _whole(v: float) -> float | int:
    """A number as a person reads it: 120, not 120.0."""
    return int(v) if v.is_integer() else v


def selection(df: pd.DataFrame, extra: dict[str, str] | None = None) -> str:
    """The chart's selection in words, for the first line of a people's CSV:
    "Sélection : Périmètre = Branche… ; Famille = Gestion… ; Année = 2025 à 2034".
    A column with a single value (or a short list) names it; `extra` adds filters
    the rows do not show (the legal-age rule, a scenario's name). Every value is
    kept on the line and in its cell (`inline`): a name typed by a user cannot start
    a cell of its own, where a spreadsheet would read a formula."""
    from core import labels

    items = []
    for col in ("scope", "family", "population", "sex"):
        if col in df.columns and 0 < df[col].nunique() <= 3:
            fn = _label_of(col)
            values = ", ".join(str(fn(v)) if isinstance(v, str) else str(v) for v in dict.fromkeys(df[col].dropna()))
            items.append(labels.EXPORT_FILTER_ITEM.format(name=header(col), values=inline(values)))
    for col in ("year", "ref_year"):
        if col in df.columns and df[col].notna().any():
            lo, hi = int(df[col].min()), int(df[col].max())
            items.append(
                labels.EXPORT_FILTER_ITEM.format(name=header(col), values=str(lo) if lo == hi else f"{lo} à {hi}")
            )
            break
    for name, value in (extra or {}).items():
        items.append(labels.EXPORT_FILTER_ITEM.format(name=inline(name), values=inline(value)))
    return labels.EXPORT_FILTERS.format(filters=" ; ".join(items)) if items else ""


def inline(value: object) -> str:
    """`value` as text for the selection line: on one line (line breaks and tabs as
    spaces) and without the CSV separator (";" becomes ","), so it stays in its cell."""
    return " ".join(str(value).replace(";", ",").split())


def people_csv_bytes(df: pd.DataFrame, dialect: str = "excel-fr", extra: dict[str, str] | None = None) -> bytes:
    """What a person downloads in `dialect`. `excel-fr` is for people: the selection on
    a first line, then `for_people(df)`. `standard` stays for machines: codes, full
    precision, snake_case headers (`to_csv_bytes`)."""
    if dialect != "excel-fr":
        return to_csv_bytes(df, dialect)
    d = DIALECTS[dialect]
    line = selection(df, extra)
    body = to_csv_bytes(for_people(df), dialect).decode(d["encoding"])
    head = f"{neutralise(line)}\n" if line else ""
    return (head + body).encode(d["encoding"])


def read_people_csv(data: bytes) -> pd.DataFrame:
    """Read back a people's Excel (FR) CSV (its selection line skipped)."""
    import pandas as pd

    d = DIALECTS["excel-fr"]
    text = data.decode(d["encoding"])
    first = text.split("\n", 1)[0]
    skip = 1 if first.startswith(FILTER_LINE_START) else 0
    return pd.read_csv(io.StringIO(text), sep=d["sep"], decimal=d["decimal"], skiprows=skip)


FILTER_LINE_START = "Sélection : "


def read_csv_bytes(data: bytes, dialect: str = "standard") -> pd.DataFrame:
    """Read back what `to_csv_bytes` wrote (used by tests and by re-imports)."""
    d = DIALECTS[dialect]
    import pandas as pd

    return pd.read_csv(io.BytesIO(data), sep=d["sep"], decimal=d["decimal"], encoding=d["encoding"])


DOCUMENT_MODE = 0o644  # what a user takes away is readable like any document they save


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, mode: int = DOCUMENT_MODE) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half of one.
    The file gets `mode` (a file replaced keeps its own), not the temporary file's 0600."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
