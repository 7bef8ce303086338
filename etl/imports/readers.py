"""Turn the bytes of a user's file into text columns, whatever the file is.

CSV as Excel or an HR system saves it (UTF-8 with or without BOM, Windows-1252 or
Latin-1; comma, semicolon or tab, detected), XLSX (the first sheet or the named
one; the header row is found even below a title) or Parquet. Every column is read
as text: each field's own reader decides what the text means, so a message can
quote exactly what the file says. Names are never parsed: their columns are left
out of the read itself. Line numbers are those a spreadsheet shows.

CSV goes through pyarrow (multithreaded, no Python per row); only when something is
wrong does a slow pass with the csv module work out exact line numbers.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
import pyarrow.parquet as pq

from core import limits

from ..problems import Problem
from .headers import Resolution, fields_for, resolve, score
from .wording import CLI, Wording

HEADER_SEARCH_ROWS = 30
MAX_BAD_RECORDS = 50  # CSV lines with a wrong field count listed (as checks.MAX_PER_COLUMN)
TEXT_CODES = pa.dictionary(pa.int32(), pa.string())
VISIBLE = re.compile(rb"\S")
DELIMITERS = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
NOT_TEXT = [  # (magic bytes, what the file is)
    (b"\x89PNG", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF8", "une image GIF"),
    (b"%PDF", "un document PDF"),
    (b"\x1f\x8b", "une archive gzip"),
    (b"7z\xbc\xaf", "une archive 7-Zip"),
    (b"Rar!", "une archive RAR"),
    (b"RIFF", "un fichier multimédia"),
    (b"II*\x00", "une image TIFF"),
    (b"MM\x00*", "une image TIFF"),
]
OLD_EXCEL = b"\xd0\xcf\x11\xe0"
ZIP = b"PK\x03\x04"
PARQUET = b"PAR1"


@dataclass
class Sheet:
    """The columns a file holds for the fields it was resolved to, as text."""

    name: str
    kind_of_file: str  # csv | xlsx | parquet
    resolution: Resolution
    columns: dict[str, pa.Array | pa.ChunkedArray] = field(default_factory=dict)  # field -> text per data row
    header_line: int = 1
    n_rows: int = 0
    info: dict[str, Any] = field(default_factory=dict)  # what was detected, for the preview
    formulas: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)  # field -> (row, cell, text)
    row_lines: npt.NDArray[np.int64] | None = None  # explicit line of each row (xlsx)
    line_finder: Callable[[], npt.NDArray[np.int64]] | None = None  # exact lines, computed on demand (csv)

    def lines(self, rows: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """File line (as a spreadsheet numbers it) of each data row index in `rows`."""
        rows = np.asarray(rows, dtype=np.int64)
        if self.row_lines is None and self.line_finder is not None:
            self.row_lines = self.line_finder()
        if self.row_lines is not None:
            lines: npt.NDArray[np.int64] = self.row_lines[rows]
        else:
            lines = rows + self.header_line + 1
        return lines


def detect_format(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """csv | xlsx | parquet, or the sentence saying why the file cannot be read."""
    if not data or data.isspace():  # isspace stops at the first visible byte: no copy
        return None, Problem(name, None, None, "fichier vide")
    for magic, what in NOT_TEXT:
        if data.startswith(magic):
            return None, Problem(
                name,
                None,
                None,
                f"ce fichier n'est pas un tableau : c'est {what} (formats acceptés : CSV, XLSX, Parquet)",
            )
    if data.startswith(OLD_EXCEL):
        return None, Problem(name, None, None, "classeur Excel ancien (.xls) : l'enregistrer au format .xlsx ou CSV")
    if data.startswith(ZIP):
        if (too_many := _too_many_parts(data, name)) is not None:
            return None, too_many
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError, EOFError):
            names = []
        if "xl/workbook.xml" in names:
            return "xlsx", None
        return None, Problem(name, None, None, "archive ZIP qui n'est pas un classeur XLSX")
    if data.startswith(PARQUET):
        return "parquet", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv", None
    head = data[:65536]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head[:4096]) > 8:
        return None, Problem(
            name,
            None,
            None,
            "ce fichier n'est pas du texte (CSV), ni un classeur XLSX, ni un "
            "Parquet : vérifier qu'il n'a pas été renommé",
        )
    return "csv", None


def read(
    data: bytes,
    name: str,
    kind: str,
    column_mapping: dict[str, str | None] | None = None,
    sheet: str | None = None,
    wording: Wording = CLI,
) -> tuple[Sheet | None, list[Problem]]:
    fmt, problem = detect_format(data, name)
    if problem:
        return None, [problem]
    if fmt == "xlsx":
        return read_xlsx(data, name, kind, column_mapping, sheet, wording)
    if fmt == "parquet":
        return read_parquet(data, name, kind, column_mapping, wording)
    return read_csv(data, name, kind, column_mapping, wording)


def _header_problems(sheet: Sheet, wording: Wording) -> list[Problem]:
    return [
        Problem(
            sheet.name,
            sheet.header_line,
            second,
            f"deux colonnes pour le champ « {fields_for(sheet.resolution.kind)[fld]} » "
            f"(« {first} » et « {second} ») : {wording.duplicate_column_hint}",
        )
        for fld, first, second in sheet.resolution.duplicates
    ]


def _no_rows(sheet: Sheet) -> list[Problem]:
    if sheet.n_rows:
        return []
    return [Problem(sheet.name, sheet.header_line, None, "aucune ligne de données sous l'en-tête")]


# ---- limits (limits.py): refused before anything big is built -------------------


def _refusal(
    name: str, what: str, found: int, limit: limits.Limit, line: int | None = None, at_least: bool = False
) -> Problem:
    return Problem(
        name,
        line,
        None,
        f"{what} : {'au moins ' if at_least else ''}{limits.number(found)}, au plus "
        f"{limits.number(limit())} ({limit.env}) ; fichier refusé, voir « Limites » dans docs/import.md",
    )


def shape_problems(
    name: str, rows: int | None = None, columns: int | None = None, line: int | None = None, at_least: bool = False
) -> list[Problem]:
    """Rows, columns and cells (rows × columns) of a file against their limits
    (`at_least`: counted while reading, the file may hold more)."""
    out = []
    if rows is not None and rows > limits.ROWS():
        out.append(_refusal(name, "trop de lignes de données", rows, limits.ROWS, at_least=at_least))
    if columns is not None and columns > limits.COLUMNS():
        out.append(_refusal(name, "trop de colonnes", columns, limits.COLUMNS, line=line))
    if rows is not None and columns is not None and rows * columns > limits.CELLS() and not out:
        out.append(
            _refusal(name, "trop de cellules (lignes × colonnes)", rows * columns, limits.CELLS, at_least=at_least)
        )
    return out


def _too_many_parts(data: bytes, name: str) -> Problem | None:
    """A ZIP's number of members, read from its end record before the central
    directory is parsed (a million empty members would cost a gigabyte of ZipInfo)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if end < 0 or end + 22 > len(data):
        return None
    entries = int.from_bytes(data[end + 10 : end + 12], "little")
    if entries > limits.XLSX_PARTS() and (entries != 0xFFFF or limits.XLSX_PARTS() < 0xFFFF):
        return _refusal(name, "archive de trop de parties pour un classeur XLSX", entries, limits.XLSX_PARTS)
    return None


def xlsx_problems(data: bytes, name: str) -> list[Problem]:
    """A zip bomb is refused before openpyxl reads it: the size each part declares
    once decompressed (ZipInfo.file_size, which Python's zipfile never lets a part
    exceed) against the limit of a part and of the whole."""
    if (too_many := _too_many_parts(data, name)) is not None:
        return [too_many]
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return []  # damaged: openpyxl says so in its own sentence
    if len(infos) > limits.XLSX_PARTS():
        return [_refusal(name, "archive de trop de parties pour un classeur XLSX", len(infos), limits.XLSX_PARTS)]
    part, whole = limits.XLSX_PART_MB, limits.UNPACKED_MB
    out = [
        Problem(
            name,
            None,
            None,
            f"partie « {info.filename} » : {limits.size(info.file_size)} une fois "
            f"décompressée, au plus {limits.size(part.bytes())} ({part.env}) ; classeur refusé avant "
            "d'être lu (enregistrer la feuille en CSV, ou voir « Limites » dans docs/import.md)",
        )
        for info in infos
        if info.file_size > part.bytes()
    ]
    total = sum(info.file_size for info in infos)
    if total > whole.bytes():
        out.append(
            Problem(
                name,
                None,
                None,
                f"classeur de {limits.size(total)} une fois décompressé, au plus "
                f"{limits.size(whole.bytes())} ({whole.env}) ; classeur refusé avant d'être lu "
                "(enregistrer la feuille en CSV, ou voir « Limites » dans docs/import.md)",
            )
        )
    return limits.listed(
        out, lambda n: Problem(name, None, None, f"… et {n} autre(s) partie(s) trop grande(s)"), limit=10
    )


# ---- CSV -----------------------------------------------------------------------


def decode(data: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes of the file and the encoding it was written in."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], " avec BOM"
    else:
        bom = ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16").encode("utf-8"), "UTF-16"
    if _utf8(data[:SAMPLE]):
        return data, "UTF-8" + bom  # the rest is checked by pyarrow as it reads (see read_csv)
    return transcode(data)


SAMPLE = 1 << 20


def _utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as err:
        return err.start >= len(sample) - 3  # only a character cut by the end of the sample


def _cp1252_bytes(err: UnicodeError) -> tuple[str, int]:
    """Decode error handler: bytes that are not UTF-8 are read as Windows-1252."""
    if not isinstance(err, UnicodeDecodeError):  # registered for decoding only
        raise err
    return err.object[err.start : err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error("releve-cp1252", _cp1252_bytes)


def transcode_tail(data: bytes) -> tuple[bytes, str]:
    """A file that starts in UTF-8 and later holds Windows-1252 bytes (two exports
    pasted together): each part is read in its own encoding, so the header and
    every UTF-8 line keep their bytes (and their offsets)."""
    return data.decode("utf-8", errors="releve-cp1252").encode("utf-8"), "UTF-8 et Windows-1252 mêlés"


def transcode(data: bytes) -> tuple[bytes, str]:
    """A file that is not UTF-8: Windows-1252 (what French Excel writes), else Latin-1."""
    try:
        return data.decode("cp1252").encode("utf-8"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8"), "Latin-1"


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def find_header(lines: list[str], kind: str, column_mapping: dict[str, str | None] | None) -> tuple[int, str]:
    """(index of the header line, delimiter): the first line in which at least two
    cells are known headers, else the first line that is not empty."""
    first = None
    for i, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        if not line.strip():
            continue
        delim = max(DELIMITERS, key=line.count)
        if line.count(delim) == 0:
            delim = ","
        if first is None:
            first = (i, delim)
        if score(_split(line, delim), kind, column_mapping) >= 2:
            return i, delim
    return first if first else (0, ",")


def read_csv(
    data: bytes, name: str, kind: str, column_mapping: dict[str, str | None] | None, wording: Wording = CLI
) -> tuple[Sheet | None, list[Problem]]:
    utf8, encoding = decode(data)
    head = utf8[:262144].decode("utf-8", errors="replace").split("\n")
    if len(utf8) > 262144:
        head = head[:-1]
    lines = [h.rstrip("\r") for h in head]
    h_idx, delim = find_header(lines, kind, column_mapping)
    headers = _split(lines[h_idx], delim)
    if too_wide := shape_problems(name, columns=len(headers), line=h_idx + 1):
        return None, too_wide
    res = resolve(headers, kind, column_mapping)
    offset = sum(len(h.encode("utf-8")) + 1 for h in head[: h_idx + 1])
    body = pa.py_buffer(utf8).slice(min(offset, len(utf8)))
    sheet = Sheet(
        name,
        "csv",
        res,
        header_line=h_idx + 1,
        info={
            "format": "CSV",
            "encodage": encoding,
            "séparateur": DELIMITERS.get(delim, delim),
            "ligne d'en-tête": h_idx + 1,
        },
    )
    problems = _header_problems(sheet, wording)
    wanted = sorted(res.fields.items(), key=lambda kv: kv[1])
    names = [f"c{i}" for i in range(len(headers))]
    invalid: list[int] = []

    def on_invalid(row: Any) -> str:  # a pyarrow InvalidRow
        invalid.append(row.actual_columns)
        return "skip"

    has_quotes = utf8.find(b'"', offset) >= 0
    if not VISIBLE.search(utf8, offset):
        return sheet, problems + _no_rows(sheet)
    # Text columns come dictionary-encoded straight from the parser: each distinct
    # value is then checked once (see checks.read_column). Ids are mostly distinct: plain text.
    types = {n: TEXT_CODES for n in names} | {names[p]: pa.string() for f, p in wanted if f == "employee_id"}

    def parse(buffer: pa.Buffer, multiline: bool = False) -> pa.Table:
        invalid.clear()
        return pv.read_csv(
            pa.BufferReader(buffer),
            read_options=pv.ReadOptions(column_names=names, block_size=16 << 20),
            parse_options=pv.ParseOptions(
                delimiter=delim, newlines_in_values=multiline, invalid_row_handler=on_invalid
            ),
            convert_options=pv.ConvertOptions(
                include_columns=[names[p] for _, p in wanted] or names[:1],
                column_types=types,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    def parse_any(buffer: pa.Buffer) -> pa.Table:
        """Fast path first: blocks split at any newline. A quoted value spanning lines
        across a block boundary then breaks a row in two, which shows as an invalid
        row or an error (never silently, the halves cannot both have every column):
        the file is then read again the careful way."""
        try:
            table = parse(buffer)
            if not (invalid and has_quotes):
                return table
        except pa.ArrowInvalid:
            if not has_quotes:
                raise
        return parse(buffer, multiline=True)

    try:
        try:
            table = parse_any(body)
        except pa.ArrowInvalid as exc:
            if "UTF8" not in str(exc) and "UTF-8" not in str(exc):
                raise
            # UTF-8 at the start only: the bytes that are not UTF-8 are read as Windows-1252
            utf8, encoding = transcode_tail(utf8)
            sheet.info["encodage"] = encoding
            body = pa.py_buffer(utf8).slice(min(offset, len(utf8)))
            table = parse_any(body)
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        msg = str(exc).split("\n")[0]
        return None, problems + [Problem(name, None, None, f"CSV illisible ({msg}) : guillemet non fermé ?")]
    if too_big := shape_problems(name, rows=table.num_rows, columns=len(headers)):
        return None, problems + too_big
    sheet.n_rows = table.num_rows
    sheet.columns = {fld: table.column(names[p]) for fld, p in wanted}
    body_text_needed = has_quotes or invalid or _has_blank_lines(utf8, offset)
    if body_text_needed:
        sheet.line_finder = lambda: _record_lines(utf8[offset:], delim, len(headers), h_idx + 1)[0]
    if invalid:
        _, bad = _record_lines(utf8[offset:], delim, len(headers), h_idx + 1)
        for line, count in bad[:MAX_BAD_RECORDS]:
            problems.append(
                Problem(
                    name,
                    line,
                    None,
                    f"{count} champ(s) au lieu de {len(headers)} (séparateur détecté : {DELIMITERS.get(delim, delim)})",
                )
            )
        if len(bad) > MAX_BAD_RECORDS:
            problems.append(
                Problem(
                    name,
                    None,
                    None,
                    f"… et {limits.number(len(bad) - MAX_BAD_RECORDS)} autre(s) "
                    f"ligne(s) au mauvais nombre de champs (les {MAX_BAD_RECORDS} premières "
                    "sont listées)",
                )
            )
    return sheet, problems + ([] if invalid else _no_rows(sheet))


def _has_blank_lines(utf8: bytes, offset: int) -> bool:
    return (
        utf8.find(b"\n\n", offset) >= 0
        or utf8.find(b"\n\r\n", offset) >= 0
        or utf8[offset : offset + 1] in (b"\n", b"\r")
    )


def _record_lines(
    body: bytes, delim: str, ncols: int, header_line: int
) -> tuple[npt.NDArray[np.int64], list[tuple[int, int]]]:
    """Exact first line of every record pyarrow kept, and the (line, field count) of
    every record it skipped: the slow path, taken only for line numbers."""
    reader = csv.reader(io.StringIO(body.decode("utf-8", errors="replace"), newline=""), delimiter=delim)
    starts, bad, prev = [], [], 0
    for rec in reader:
        start, prev = prev + 1, reader.line_num
        if not rec:
            continue
        if len(rec) != ncols:
            bad.append((header_line + start, len(rec)))
            continue
        starts.append(header_line + start)
    return np.asarray(starts, dtype=np.int64), bad


# ---- XLSX ----------------------------------------------------------------------


def sheet_names(data: bytes) -> list[str]:
    """The sheets of a workbook; ValueError (with the problem) for one refused by its
    sizes, which openpyxl is then never given."""
    import openpyxl

    if problems := xlsx_problems(data, "classeur"):
        raise ValueError(str(problems[0]))
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def cell_text(value: object) -> str:
    """A spreadsheet value as the text a person would type for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _TooBig(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


def read_xlsx(
    data: bytes,
    name: str,
    kind: str,
    column_mapping: dict[str, str | None] | None,
    sheet_name: str | None,
    wording: Wording = CLI,
) -> tuple[Sheet | None, list[Problem]]:
    import openpyxl
    from openpyxl.utils import get_column_letter

    if problems := xlsx_problems(data, name):
        return None, problems
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many types for a damaged workbook
        return None, [Problem(name, None, None, f"classeur XLSX illisible ({exc.__class__.__name__})")]
    try:
        if sheet_name is None:
            ws = wb.worksheets[0]
        elif sheet_name in wb.sheetnames:
            ws = wb[sheet_name]
        else:
            return None, [
                Problem(name, None, None, f"feuille « {sheet_name} » absente (feuilles : {limits.some(wb.sheetnames)})")
            ]
        if shape_problems(name, ws.max_row, ws.max_column):
            ws.reset_dimensions()  # a dimension that says more than the limits: read the cells there are
        rows = ws.iter_rows(min_row=1)
        top = []
        for _ in range(HEADER_SEARCH_ROWS):
            try:
                top.append(next(rows))
            except StopIteration:
                break
            if too_wide := shape_problems(name, columns=len(top[-1]), line=len(top)):
                return None, too_wide
        texts = [[cell_text(c.value) for c in r] for r in top]
        h_idx = next(
            (i for i, t in enumerate(texts) if score(t, kind, column_mapping) >= 2),
            next((i for i, t in enumerate(texts) if any(x.strip() for x in t)), None),
        )
        if h_idx is None:
            return None, [Problem(name, None, None, "feuille vide" + (f" « {ws.title} »" if sheet_name else ""))]
        res = resolve(texts[h_idx], kind, column_mapping)
        sheet = Sheet(
            name,
            "xlsx",
            res,
            header_line=h_idx + 1,
            info={"format": "XLSX", "feuille": limits.quote(ws.title), "ligne d'en-tête": h_idx + 1},
        )
        wanted = list(res.fields.items())
        values: dict[str, list[str]] = {fld: [] for fld, _ in wanted}
        lines: list[int] = []
        formulas: dict[str, list[tuple[int, str, str]]] = {}
        line = h_idx + 1
        max_rows, max_columns, max_cells = limits.ROWS() + h_idx + 1, limits.COLUMNS(), limits.CELLS()
        cells_read = sum(len(r) for r in top[: h_idx + 1])

        def take(row: Sequence[Any]) -> None:  # openpyxl cells
            nonlocal line, cells_read
            line += 1
            cells_read += len(row)
            if line > max_rows or len(row) > max_columns or cells_read > max_cells:
                raise _TooBig(
                    shape_problems(name, line - h_idx - 1, len(row), line, at_least=True)
                    or [_refusal(name, "trop de cellules (lignes × colonnes)", cells_read, limits.CELLS, at_least=True)]
                )
            cells = [row[p] if p < len(row) else None for _, p in wanted]
            if all(c is None or c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in row):
                return
            n = len(lines)
            lines.append(line)
            for (fld, p), c in zip(wanted, cells):
                v = None if c is None else c.value
                if c is not None and getattr(c, "data_type", None) == "f":
                    formulas.setdefault(fld, []).append((n, f"{get_column_letter(p + 1)}{line}", str(v)))
                values[fld].append(cell_text(v))

        try:
            for r in top[h_idx + 1 :]:
                take(r)
            for r in rows:
                take(r)
        except _TooBig as err:
            return None, err.problems
    finally:
        wb.close()
    sheet.columns = {fld: pa.array(vals, type=pa.string()) for fld, vals in values.items()}
    sheet.row_lines = np.asarray(lines, dtype=np.int64)
    sheet.n_rows = len(lines)
    sheet.formulas = formulas
    return sheet, _header_problems(sheet, wording) + _no_rows(sheet)


# ---- Parquet -------------------------------------------------------------------


def read_parquet(
    data: bytes, name: str, kind: str, column_mapping: dict[str, str | None] | None, wording: Wording = CLI
) -> tuple[Sheet | None, list[Problem]]:
    try:
        pf = pq.ParquetFile(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as exc:
        return None, [Problem(name, None, None, f"fichier Parquet illisible ({str(exc).splitlines()[0]})")]
    headers = pf.schema_arrow.names
    if too_big := shape_problems(name, pf.metadata.num_rows, len(headers)):
        return None, too_big
    res = resolve(headers, kind, column_mapping)
    sheet = Sheet(name, "parquet", res, header_line=0, info={"format": "Parquet"})
    read = [headers[p] for p in res.fields.values()]
    if too_big := _parquet_size(pf, name, read, lambda: None):
        return None, too_big
    types = pf.schema_arrow.types
    texts = [
        headers[p] for p in res.fields.values() if pa.types.is_string(types[p]) or pa.types.is_large_string(types[p])
    ]
    try:  # text columns stay dictionary-encoded until their decoded size is known
        table = pq.ParquetFile(pa.BufferReader(data), read_dictionary=texts).read(columns=read)
    except (pa.ArrowException, OSError) as exc:
        return None, [Problem(name, None, None, f"fichier Parquet illisible ({str(exc).splitlines()[0]})")]
    if too_big := _parquet_size(pf, name, read, lambda: _decoded_bytes(table)):
        return None, too_big
    sheet.n_rows = table.num_rows
    for fld, p in res.fields.items():
        col = table.column(headers[p]).combine_chunks()
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        if pa.types.is_timestamp(col.type) or pa.types.is_date(col.type):
            col = pc.strftime(col, format="%Y-%m-%d")
        elif pa.types.is_floating(col.type):
            col = pa.array([cell_text(x) for x in col.to_pylist()], type=pa.string())
        elif not pa.types.is_string(col.type):
            col = pc.cast(col, pa.string())
        sheet.columns[fld] = pc.fill_null(col.cast(pa.string()), "")
    return sheet, _header_problems(sheet, wording) + _no_rows(sheet)


def _decoded_bytes(table: pa.Table) -> int:
    """Bytes of `table` once every dictionary column is decoded (a short dictionary
    repeated on a million rows can decode to gigabytes)."""
    total = 0
    for column in table.columns:
        for chunk in column.chunks:
            if pa.types.is_dictionary(chunk.type):
                lengths = pc.binary_length(chunk.dictionary)
                total += (pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0) + 8 * len(chunk)
            else:
                total += chunk.nbytes
    return total


def _parquet_size(pf: pq.ParquetFile, name: str, read: list[str], decoded: Callable[[], int | None]) -> list[Problem]:
    """The columns to read, decompressed (from the file's metadata), then decoded
    (`decoded()`, None before reading), against limits.UNPACKED_MB."""
    wanted = set(read)
    meta = pf.metadata
    found = decoded()
    if found is None:
        found = sum(
            meta.row_group(g).column(c).total_uncompressed_size
            for g in range(meta.num_row_groups)
            for c in range(meta.num_columns)
            if meta.row_group(g).column(c).path_in_schema.split(".")[0] in wanted
        )
    limit = limits.UNPACKED_MB
    if found <= limit.bytes():
        return []
    return [
        Problem(
            name,
            None,
            None,
            f"colonnes lues de {limits.size(found)} une fois décompressées, au plus "
            f"{limits.size(limit.bytes())} ({limit.env}) ; fichier refusé, voir « Limites » dans "
            "docs/import.md",
        )
    ]
