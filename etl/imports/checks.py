"""Checking a column of a million cells without a Python loop over the rows.

A column is dictionary-encoded by pyarrow (each distinct text once, plus one small
integer per row); the field's reader runs over the distinct texts only, and numpy
takes the results back to the rows. Refused rows are found the same way, so every
problem keeps its line number. Problems are collected, not raised: a person fixing a
file sees all of them in one run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..problems import Problem
from .headers import norm
from .readers import Sheet
from .values import Refused, Unknown

MAX_PER_COLUMN = 50  # beyond this, one summary line per column (a systematic mistake)


@dataclass
class Column:
    """A column read through a field reader: distinct texts, their meaning or refusal."""

    idx: npt.NDArray[np.int64]  # row -> position in `texts`
    texts: list[str]
    results: list[Any]  # meaning of each distinct text (None when refused)
    errors: list[str | None]
    unknown: list[bool] = field(default_factory=list)  # refused as a value its list does not hold

    def unknown_values(self) -> list[tuple[str, int]]:
        """(text, rows) of each value refused as unknown, the texts that differ only by
        case, accents or spaces counted as one (a mapping compares them that way)."""
        if not any(self.unknown):
            return []
        rows = np.bincount(self.idx, minlength=len(self.texts))
        found: dict[str, list[Any]] = {}  # normalised text -> [first spelling, rows]
        for text, unknown, n in zip(self.texts, self.unknown, rows.tolist()):
            if unknown and n:
                entry = found.setdefault(norm(text), [text.strip(), 0])
                entry[1] += n
        return [(text, n) for text, n in found.values()]

    def bad_rows(self) -> npt.NDArray[np.int64]:
        bad = np.array([e is not None for e in self.errors], dtype=bool)
        return np.nonzero(bad[self.idx])[0] if bad.any() else np.zeros(0, dtype=np.int64)

    def per_row(
        self, convert: Callable[[Any], object] = lambda r: r, dtype: npt.DTypeLike = np.int64, missing: object = -1
    ) -> npt.NDArray[Any]:
        """Each row's meaning, converted (e.g. to a category number) by `convert`."""
        table = np.array([missing if r is None else convert(r) for r in self.results], dtype=dtype)
        return table[self.idx] if len(table) else np.zeros(len(self.idx), dtype=dtype)


Batch = Callable[[list[str]], dict[str, object]]


def read_column(
    values: pa.Array | pa.ChunkedArray, reader: Callable[[str], object], batch: Batch | None = None
) -> Column:
    """Read a column through `reader`, once per distinct text. CSV columns arrive
    dictionary-encoded by pyarrow, one dictionary per block: the dictionaries are
    unified (in C) so the distinct texts are read once for the whole file. `batch`,
    when given, reads many (stripped) texts at once and returns those it is sure of;
    the others go through `reader`."""
    if isinstance(values, pa.ChunkedArray):
        if values.num_chunks and pa.types.is_dictionary(values.type):
            values = values.unify_dictionaries()
            dictionary = values.chunk(0).dictionary
            idx = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in values.chunks])
            return _read_distinct(dictionary, idx, reader, batch)
        values = values.combine_chunks()
    enc = pc.dictionary_encode(values)
    return _read_distinct(enc.dictionary, enc.indices.to_numpy(zero_copy_only=False), reader, batch)


def _read_distinct(
    dictionary: pa.Array, idx: npt.NDArray[np.integer[Any]], reader: Callable[[str], object], batch: Batch | None
) -> Column:
    texts: list[str] = dictionary.to_pylist()
    known = batch([t.strip() for t in texts]) if batch is not None else {}
    results: list[object] = []
    errors: list[str | None] = []
    unknown: list[bool] = []
    for text in texts:
        if known and (hit := known.get(text.strip())) is not None:
            results.append(hit)
            errors.append(None)
            unknown.append(False)
            continue
        try:
            results.append(reader(text.strip()))
            errors.append(None)
            unknown.append(False)
        except Refused as err:
            results.append(None)
            errors.append(str(err))
            unknown.append(isinstance(err, Unknown))
    return Column(idx.astype(np.int64, copy=False), texts, results, errors, unknown)


class Collector:
    """Problems of one file, with a cap per column so a systematic mistake does not
    bury the others under a million identical lines."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.unknown: dict[str, list[tuple[str, int]]] = {}  # field -> (value, rows) its list does not hold

    def add(self, line: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.sheet.name, line, column, message))

    def rows(
        self, header: str, rows: npt.NDArray[np.int64], messages: Callable[[npt.NDArray[np.int64]], list[str]]
    ) -> None:
        """Report `rows` of the column headed `header`; `messages` gives the sentence
        of each reported row."""
        if len(rows) == 0:
            return
        shown = rows[:MAX_PER_COLUMN]
        lines = self.sheet.lines(shown)
        for line, msg in zip(lines.tolist(), messages(shown)):
            self.add(int(line), header, msg)
        if len(rows) > MAX_PER_COLUMN:
            self.add(
                None,
                header,
                f"… et {len(rows) - MAX_PER_COLUMN} autre(s) ligne(s) refusée(s) dans cette colonne "
                f"(les {MAX_PER_COLUMN} premières sont listées)",
            )

    def column(self, header: str, col: Column, skip: npt.NDArray[np.int64] | None = None) -> npt.NDArray[np.int64]:
        """Report every refused row of a column; returns the refused rows."""
        bad = col.bad_rows()
        if skip is not None and len(skip):
            bad = np.setdiff1d(bad, skip, assume_unique=True)
        self.rows(header, bad, lambda r: [col.errors[col.idx[i]] for i in r])
        return bad

    def unknown_values(self, fld: str, col: Column) -> None:
        """Keep the values of `fld` refused as unknown (what a mapping could fix)."""
        found = col.unknown_values()
        if found:
            self.unknown[fld] = found

    def formulas(self, fld: str, header: str) -> npt.NDArray[np.int64]:
        """Spreadsheet formulas where a value is expected (XLSX): refused, whatever
        their cached result, since the file would not say the same thing tomorrow."""
        found = self.sheet.formulas.get(fld, [])
        rows = np.array([r for r, _, _ in found], dtype=np.int64)
        self.rows(
            header,
            rows,
            lambda rs: [
                f"cellule {cell} : formule « {text} », une valeur est attendue (copier puis coller les valeurs)"
                for _, cell, text in found[: len(rs)]
            ],
        )
        return rows

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.line is not None, p.line or 0))
