"""Excel workbooks (XLSX) for people who paste everything into Excel.

One sheet per table, then "Sources" and a "Lisez-moi" sheet first that says what each
sheet is, the statuses, the scope, the date and the confidentiality rule. The cells
are what a person reads (French headers, labels instead of codes, core.exports.
for_people) but numbers stay numbers, at full precision, with French number formats
(the thousands and decimal separators follow the reader's locale: « 55 000 »,
« 73,5 » in a French Excel or LibreOffice); headers are frozen, columns sized to their
content, every sheet has a filter. Text a spreadsheet would run as a formula is
stored as text, never as a formula.

    data = workbook_bytes([Sheet("Effectifs", frame, "…")], sources, about)
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core import exports, labels

if TYPE_CHECKING:
    import pandas as pd

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0##"
YEAR_FORMAT = "0"  # 2025, not 2 025
MAX_WIDTH = 60
SHEET_NAME_MAX = 31
YEAR_COLUMNS = ("year", "ref_year", "pub_year", "base_year", "horizon_year", "age")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its tab name, its rows (store columns: codes, snake_case) and one
    sentence for the "Lisez-moi" sheet."""

    name: str
    frame: pd.DataFrame
    description: str = ""


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique tab name: no []:*?/\\ and at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:SHEET_NAME_MAX] or "Feuille"
    out, i = base, 2
    while out.lower() in taken:
        suffix = f" ({i})"
        out, i = base[: SHEET_NAME_MAX - len(suffix)] + suffix, i + 1
    taken.add(out.lower())
    return out


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not (isinstance(v, float) and math.isnan(v))


def _write(ws: Any, frame: pd.DataFrame, formats: dict[str, str]) -> None:
    """Header row then rows; numbers as numbers with `formats` (by French header),
    text as text (a formula-looking text stays text), frozen header, sized columns."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="332288")
    widths = [len(str(c)) for c in frame.columns]
    ws.append([str(c) for c in frame.columns])
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=False)
    for row in frame.itertuples(index=False, name=None):
        values: list[object] = []
        for j, v in enumerate(row):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                values.append(None)
                continue
            if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
                v = v.item()
            if not _is_number(v) and not isinstance(v, str):
                v = str(v)
            values.append(v)
            widths[j] = max(widths[j], len(_shown(v)))
        ws.append(values)
    for j, column in enumerate(frame.columns, start=1):
        fmt = formats.get(str(column))
        for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            if isinstance(cell.value, str) and cell.value.startswith(exports.FORMULA_STARTS):
                cell.data_type = "s"  # text, not a formula
                cell.quotePrefix = True
            elif fmt and _is_number(cell.value):
                whole = fmt == DECIMAL_FORMAT and float(cell.value).is_integer()
                cell.number_format = INTEGER_FORMAT if whole else fmt
        ws.column_dimensions[get_column_letter(j)].width = min(widths[j - 1] + 2, MAX_WIDTH)
    ws.freeze_panes = "A2"
    if len(frame.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{max(ws.max_row, 1)}"


def _shown(v: object) -> str:
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def number_formats(frame: pd.DataFrame) -> dict[str, str]:
    """{French header: number format} of the numeric columns of a store frame."""
    import pandas as pd

    out = {}
    for col in frame.columns:
        values = frame[col]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            continue
        if col in YEAR_COLUMNS:
            out[exports.header(col)] = YEAR_FORMAT
        elif pd.api.types.is_integer_dtype(values) or values.dropna().map(float.is_integer).all():
            out[exports.header(col)] = INTEGER_FORMAT
        else:
            out[exports.header(col)] = DECIMAL_FORMAT
    return out


def _people(frame: pd.DataFrame) -> pd.DataFrame:
    """for_people at full precision, hidden cells as their label."""
    import pandas as pd

    out = exports.for_people(frame, rounded=False)
    return out.astype(object).where(pd.notna(out), None)


def workbook_bytes(sheets: list[Sheet], sources: pd.DataFrame, about: list[tuple[str, str]]) -> bytes:
    """The XLSX bytes: "Lisez-moi" (the `about` lines, then one line per sheet),
    the data sheets, then "Sources"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    readme = wb.active
    readme.title = labels.WORKBOOK_README
    taken = {labels.WORKBOOK_README.lower(), labels.WORKBOOK_SOURCES.lower()}
    named = [(sheet_name(s.name, taken), s) for s in sheets]
    for name, s in named:
        ws = wb.create_sheet(name)
        _write(ws, _people(s.frame), number_formats(s.frame))
    ws = wb.create_sheet(labels.WORKBOOK_SOURCES)
    _write(ws, _people(sources), number_formats(sources))

    readme.append([labels.WORKBOOK_TITLE])
    readme["A1"].font = Font(bold=True, size=14)
    readme.append([])
    for key, value in about:
        readme.append([key, value])
    readme.append([])
    readme.append([labels.WORKBOOK_SHEET, labels.WORKBOOK_CONTENT, labels.WORKBOOK_ROWS])
    for cell in readme[readme.max_row]:
        cell.font = Font(bold=True)
    for name, s in named:
        readme.append([name, s.description, len(s.frame)])
    readme.append([labels.WORKBOOK_SOURCES, labels.WORKBOOK_SOURCES_ABOUT, len(sources)])
    readme.column_dimensions["A"].width = 34
    readme.column_dimensions["B"].width = 110
    readme.column_dimensions["C"].width = 12
    for row in readme.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value.startswith(exports.FORMULA_STARTS):
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def about_lines(scope_note: str, date: str, audience: str) -> list[tuple[str, str]]:
    """The "Lisez-moi" header: what the workbook is, its date, its scope, the statuses
    and the confidentiality rule, in the words of labels."""
    return [
        (labels.WORKBOOK_ABOUT_WHAT, labels.WORKBOOK_ABOUT_WHAT_TEXT),
        (labels.WORKBOOK_ABOUT_DATE, date),
        (labels.WORKBOOK_ABOUT_SCOPE, scope_note),
        (labels.WORKBOOK_ABOUT_STATUS, labels.WORKBOOK_ABOUT_STATUS_TEXT),
        (labels.WORKBOOK_ABOUT_PRIVACY, audience),
        (labels.WORKBOOK_ABOUT_NUMBERS, labels.WORKBOOK_ABOUT_NUMBERS_TEXT),
    ]
