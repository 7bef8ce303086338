"""A personnel register, one row per employee, checked and counted.

Every rule is checked on the whole file before anything is counted, and every
refused row is reported with its line. What is kept is counts only: people per
family x sex x age at 31 December of the reference year, and per classification,
contract and seniority band. The employee id is read only to refuse duplicates;
names are not even read (see readers).

Ages are in completed years at 31 December of the reference year, which for anyone
born in year Y is simply ref_year - Y: the exact birth date is checked but not needed.
Seniority the same way from the entry date.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core import limits

from . import movements as mv
from . import values as v
from .aggregate import Counts
from .checks import Batch, Collector, Column, read_column
from .headers import REGISTER_FIELDS
from .mapping import Mapping
from .readers import Sheet
from .wording import CLI, Wording

_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="register-ids")

REQUIRED = ("sex", "family")
SENIORITY_BANDS = [
    (0, "moins de 2 ans"),
    (2, "2 à 4 ans"),
    (5, "5 à 9 ans"),
    (10, "10 à 19 ans"),
    (20, "20 ans et plus"),
]
SEX_CODES = {"F": 0, "H": 1}

Codes = npt.NDArray[np.int64]  # one code per row (a category number, a year, an ordinal)
ColumnReader = Callable[[str, Callable[[str], object]], Column]


def _missing_columns(sheet: Sheet, out: Collector, wording: Wording) -> bool:
    fields = sheet.resolution.fields
    missing = [REGISTER_FIELDS[f] for f in REQUIRED if f not in fields]
    if not any(f in fields for f in ("birth_date", "birth_year", "age")):
        missing.append("date de naissance, année de naissance ou âge")
    for name in missing:
        out.add(
            sheet.header_line or None,
            None,
            f"colonne obligatoire absente : {name} (en-têtes lus : "
            f"{limits.some(h for h in sheet.resolution.headers if h) or 'aucun'} ; {wording.missing_column_hint})",
        )
    return bool(missing)


def check_register(
    sheet: Sheet, ref_year: int, mapping: Mapping, wording: Wording = CLI
) -> tuple[Counts | None, Collector]:
    """Counts of a register, or None with the problems (all of them) in the collector;
    the values of closed lists that the lists do not hold are in `collector.unknown`."""
    out = Collector(sheet)
    if _missing_columns(sheet, out, wording):
        return None, out
    res = sheet.resolution
    cols = sheet.columns
    # The ids are hashed on another core while the other columns are read.
    ids = _pool.submit(_hash_ids, sheet) if "employee_id" in res.fields else None

    def column(fld: str, reader: Callable[[str], object], batch: Batch | None = None) -> Column:
        skip = out.formulas(fld, res.header(fld))
        col = read_column(cols[fld], reader, batch)
        out.column(res.header(fld), col, skip)
        out.unknown_values(fld, col)
        return col

    values = mapping.values
    sex = column("sex", v.sex_reader(values.get("sex"), wording)).per_row(SEX_CODES.get)
    fam_col = column("family", v.family_reader(mapping.families, wording))
    family = fam_col.per_row(v.FAMILIES.index)

    birth_field = next(f for f in ("birth_date", "birth_year", "age") if f in res.fields)

    def birth_year(text: str) -> int:
        if birth_field == "birth_date":
            year = v.read_date(text).year
        elif birth_field == "birth_year":
            year = v.read_year(text)
        else:
            age = v.read_age(text)
            v.check_age(age, text, ref_year)
            return ref_year - age
        v.check_age(ref_year - year, text, ref_year)
        return year

    def birth_years(texts: list[str]) -> dict[str, object]:
        """The plain birth dates of an age the register accepts, read at once."""
        if birth_field != "birth_date":
            return {}
        return {t: y for t, y in v.date_years(texts).items() if v.MIN_AGE <= ref_year - y <= v.MAX_AGE}

    born = column(birth_field, birth_year, birth_years).per_row()
    age = ref_year - born

    status = contract = entry_year = livre = None
    if "status" in res.fields:
        cats = [*v.STATUSES, v.NOT_GIVEN]
        status = column("status", v.status_reader(values.get("status"), wording)).per_row(cats.index)
    if "contract" in res.fields:
        cats = [*v.CONTRACTS, v.NOT_GIVEN]
        contract = column("contract", v.contract_reader(values.get("contract"), wording)).per_row(cats.index)
    if "entry_date" in res.fields:

        def entry(text: str) -> int:
            if not text:
                return 0
            year = v.read_date(text).year
            if year > ref_year:
                raise v.Refused(
                    f"« {text} » : date d'entrée postérieure au 31/12/{ref_year}, le salarié n'était pas encore présent"
                )
            return year

        def entry_years(texts: list[str]) -> dict[str, object]:
            return {t: y for t, y in v.date_years(texts).items() if y <= ref_year}

        entry_year = column("entry_date", entry, entry_years).per_row()
    if "livre" in res.fields:
        livre = column("livre", v.livre_reader(values.get("livre"), wording)).per_row()

    exit_ord = entry_ord = reason = None
    if "exit_date" in res.fields:
        exit_ord, entry_ord, reason = _movement_columns(sheet, out, column, ref_year, mapping, wording)
    elif "exit_reason" in res.fields:
        out.warnings.append(
            f"colonne « {res.header('exit_reason')} » lue sans date de sortie : les motifs ne sont pas "
            "utilisés (l'année de la sortie n'est pas connue)"
        )

    if ids is not None:
        _check_ids(sheet, out, ids.result())

    if out.problems:
        return None, out
    if livre is not None:
        expected = np.array([v.FAMILY_LIVRE[f] for f in v.FAMILIES])[family]
        wrong = int(np.count_nonzero((livre > 0) & (livre != expected)))
        if wrong:
            out.warnings.append(
                f"{wrong} ligne(s) indiquent un livre différent de celui de leur famille de "
                "métiers harmonisée : la famille fait foi"
            )
    if exit_ord is None:
        return _count(sheet.n_rows, ref_year, family, sex, age, status, contract, entry_year), out
    moves, present = mv.count(ref_year, family, sex, age, entry_ord, exit_ord, reason, v.FAMILIES, v.MIN_AGE, v.MAX_AGE)
    out.problems += mv.identity_problems(moves, sheet.name)
    if out.problems:
        return None, out
    if reason is not None:
        moves.reason_without_date = int(np.count_nonzero((exit_ord == 0) & (reason < len(mv.REASON_CODES))))
    if moves.reason_without_date:
        out.warnings.append(
            f"{moves.reason_without_date} ligne(s) ont un motif de sortie sans date de sortie : "
            "motif non utilisé, ces personnes sont comptées présentes"
        )

    def kept(a: Codes | None) -> Codes | None:
        return None if a is None else a[present]

    counts = _count(
        sheet.n_rows,
        ref_year,
        family[present],
        sex[present],
        age[present],
        kept(status),
        kept(contract),
        kept(entry_year),
    )
    counts.movements = moves
    return counts, out


def _movement_columns(
    sheet: Sheet, out: Collector, column: ColumnReader, ref_year: int, mapping: Mapping, wording: Wording
) -> tuple[Codes, Codes | None, Codes | None]:
    """Exit date and reason (ordinals, 0 where not given; reason codes), entry dates as
    ordinals, and the refusal of every exit dated before its entry."""
    res = sheet.resolution

    def exit_date(text: str) -> int:
        return v.read_date(text).toordinal() if text else 0

    exit_col = column("exit_date", exit_date)
    exit_ord = exit_col.per_row(missing=0)
    reason = None
    if "exit_reason" in res.fields:
        codes = [*mv.REASON_CODES, v.NOT_GIVEN]
        reader = v.reason_reader(mapping.values.get("exit_reason"), wording)
        reason = column("exit_reason", reader).per_row(codes.index, missing=len(mv.REASON_CODES))
    entry_ord = None
    if "entry_date" in res.fields:
        entry_col = read_column(sheet.columns["entry_date"], lambda t: v.read_date(t).toordinal() if t else 0)
        entry_ord = entry_col.per_row(missing=0)  # refused texts are reported by the entry column
        bad = np.nonzero((exit_ord > 0) & (entry_ord > 0) & (exit_ord < entry_ord))[0]
        out.rows(
            res.header("exit_date"),
            bad,
            lambda rows: [
                f"« {exit_col.texts[exit_col.idx[i]].strip()} » : date de sortie antérieure à la date d'entrée "
                f"(« {entry_col.texts[entry_col.idx[i]].strip()} ») ; une sortie suit l'entrée"
                for i in rows
            ],
        )
    return exit_ord, entry_ord, reason


def _hash_ids(sheet: Sheet) -> tuple[npt.NDArray[np.int64], pa.DictionaryArray]:
    """The rows without an id, and the ids dictionary-encoded: the costly part of the
    check (one hash pass over a million texts), in pyarrow, which lets other threads
    run meanwhile."""
    ids = pc.utf8_trim_whitespace(sheet.columns["employee_id"])
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    if len(ids) and pc.min(pc.binary_length(ids)).as_py() == 0:
        empty = np.nonzero(pc.equal(ids, "").to_numpy(zero_copy_only=False))[0]
    else:
        empty = np.zeros(0, dtype=np.int64)
    return empty, pc.dictionary_encode(ids)  # faster than count_distinct, and reused below


def _check_ids(sheet: Sheet, out: Collector, hashed: tuple[npt.NDArray[np.int64], pa.DictionaryArray]) -> None:
    """Missing and repeated employee ids, vectorised (a million distinct ids)."""
    header = sheet.resolution.header("employee_id")
    empty, enc = hashed
    out.rows(header, empty, lambda r: ["matricule manquant"] * len(r))
    if len(enc.dictionary) + max(len(empty) - 1, 0) == len(enc):
        return  # the usual case: every id distinct
    idx = enc.indices.to_numpy(zero_copy_only=False)
    counts = np.bincount(idx)
    if counts.max(initial=0) < 2:
        return
    order = np.argsort(idx, kind="stable")
    first_of = np.empty(len(counts), dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    first_of[:] = order[starts]
    dup = np.nonzero((first_of[idx] != np.arange(len(idx))) & (counts[idx] > 1))[0]
    dup = dup[~np.isin(dup, empty)]
    texts = enc.dictionary
    first_lines: Codes | list[int] = sheet.lines(first_of[idx[dup[:60]]]) if len(dup) else []
    line_of = dict(zip(dup[:60].tolist(), np.asarray(first_lines).tolist()))
    out.rows(
        header,
        dup,
        lambda r: [
            f"matricule « {texts[idx[i]].as_py()} » déjà présent ligne {line_of[i]} (un salarié par ligne)" for i in r
        ],
    )


def _count(
    rows: int,
    ref_year: int,
    family: Codes,
    sex: Codes,
    age: Codes,
    status: Codes | None,
    contract: Codes | None,
    entry_year: Codes | None,
) -> Counts:
    """Counts of valid rows by bincount: one pass of numpy per table, no loop per row."""
    nf, na = len(v.FAMILIES), v.MAX_AGE - v.MIN_AGE + 1
    key = (family * 2 + sex) * na + (age - v.MIN_AGE)
    n = np.bincount(key, minlength=nf * 2 * na)
    f, s, a = np.unravel_index(np.arange(nf * 2 * na), (nf, 2, na))
    keep = n > 0
    cells = pd.DataFrame(
        {
            "ref_year": ref_year,
            "family": np.array(v.FAMILIES)[f[keep]],
            "sex": np.array(["F", "H"])[s[keep]],
            "age": a[keep] + v.MIN_AGE,
            "headcount": n[keep],
            "spread": False,
        }
    )
    rows_b: list[tuple[int, str, str, str, str, int]] = []

    def by_sex(codes: Codes, categories: list[str], indicator: str, dimension: str) -> None:
        m = np.bincount(codes * 2 + sex, minlength=len(categories) * 2).reshape(-1, 2)
        for i, cat in enumerate(categories):
            for j, sx in enumerate(("F", "H")):
                rows_b.append((ref_year, indicator, dimension, cat, sx, int(m[i, j])))

    if status is not None:
        by_sex(status, [*v.STATUSES, v.NOT_GIVEN], "headcount", "classification")
    if contract is not None:
        by_sex(contract, [*v.CONTRACTS, v.NOT_GIVEN], "headcount", "contract")
    if entry_year is not None:
        given = entry_year > 0
        seniority = np.where(given, ref_year - entry_year, -1)
        bounds = np.array([b for b, _ in SENIORITY_BANDS])
        band = np.where(given, np.searchsorted(bounds, seniority, side="right") - 1, len(bounds))
        by_sex(band, [lbl for _, lbl in SENIORITY_BANDS] + [v.NOT_GIVEN], "headcount", "seniority")
        by_sex((entry_year == ref_year).astype(np.int64), ["autres", "ensemble"], "recruitments", "total")
    b = pd.DataFrame(rows_b, columns=["ref_year", "indicator", "dimension", "category", "sex", "headcount"])
    b = b[~((b["indicator"] == "recruitments") & (b["category"] == "autres"))]
    return Counts("register", int(rows), cells, b)
