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
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DIALECTS = {
    "standard": {"sep": ",", "decimal": ".", "encoding": "utf-8"},
    "excel-fr": {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"},
}


def neutralise(value):
    """Return `value` made inert for a spreadsheet if it is text that looks like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Neutralise every text cell and every column name; numbers are left as numbers."""
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
    text = neutralise_frame(df).to_csv(index=False, sep=d["sep"], decimal=d["decimal"], lineterminator="\n")
    return text.encode(d["encoding"])


def read_csv_bytes(data: bytes, dialect: str = "standard") -> pd.DataFrame:
    """Read back what `to_csv_bytes` wrote (used by tests and by re-imports)."""
    d = DIALECTS[dialect]
    return pd.read_csv(io.BytesIO(data), sep=d["sep"], decimal=d["decimal"], encoding=d["encoding"])


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
