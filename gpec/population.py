"""The base population: reading it, checking it, and laying it on the engine's grid.

A population is a table of cells (family, sex, age, headcount). Files come from HR
departments as CSV (often saved by a French Excel: semicolons, decimal commas) or
Parquet; the app passes a DataFrame. Every line is checked before any computation
and every problem is reported with its line number, so the file can be fixed in one
pass. Line numbers are those a spreadsheet shows for a CSV file (header = line 1);
for a Parquet file or a DataFrame they count data rows from 1.

A file may also be a table of the data store as it is written on disk, typically an
imported scope's `age_pyramid.parquet`: one pyramid per scope and reference year,
with bookkeeping columns (scope, ref_year, status, source_id, method). Asking the user
to strip it by hand would only invite mistakes, so its latest year is kept and the
bookkeeping columns are dropped; a table holding several scopes is refused, since
which one to project is the user's choice.
"""

from __future__ import annotations

import io
import math
from os import PathLike
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from core import limits

from .errors import PopulationError
from .fields import MAX_AGE, MIN_AGE

COLUMNS = ("family", "sex", "age", "headcount")
SEXES = ("F", "H")
RESERVED_FAMILY = "TOTAL"
# Columns the store's age_pyramid table adds to the cells; a file that has `ref_year`
# is read as such a table (tests compare this list with the store's schema).
STORE_COLUMNS = ("scope", "ref_year", "status", "source_id", "method")


def _parse_number(value: object) -> float | None:
    """A number as written by a program or by a French spreadsheet ("1 234,5")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
        return x if math.isfinite(x) else None
    text = str(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    text = text.replace(",", ".")
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "(vide)"
    if isinstance(value, str):
        return f'"{limits.quote(value)}"' if value.strip() else "(vide)"
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return str(value)


def validate_population(
    df: pd.DataFrame, source: str = "population", first_line: int = 1, lines: list[int] | None = None
) -> pd.DataFrame:
    """Check a population table; return it clean (family str, sex F/H, age int,
    headcount float, one row per cell, in the input's order) or raise PopulationError.

    `first_line` is the line number of the first data row in the user's file
    (2 for a CSV with its header line); `lines`, when rows were dropped before the
    check, gives each remaining row's line number so messages still point at the file."""
    problems: list[str] = []
    if not isinstance(df, pd.DataFrame):
        raise PopulationError([f"{source} : doit être un tableau (family, sex, age, headcount)"])
    cols = [str(c) for c in df.columns]
    missing = [c for c in COLUMNS if c not in cols]
    extra = [c for c in cols if c not in COLUMNS]
    for c in missing:
        problems.append(f"{source} : colonne « {c} » manquante (colonnes attendues : {', '.join(COLUMNS)})")
    for c in extra:
        problems.append(
            f"{source} : colonne « {limits.quote(c)} » inattendue (colonnes attendues : {', '.join(COLUMNS)})"
        )
    if problems:
        raise PopulationError(problems)
    if len(df) == 0:
        raise PopulationError([f"{source} : aucune ligne de données"])

    families, sexes, ages, heads = [], [], [], []
    seen: dict[tuple[str, str, int], int] = {}
    for i, (fam, sex, age, head) in enumerate(
        zip(df["family"].tolist(), df["sex"].tolist(), df["age"].tolist(), df["headcount"].tolist())
    ):
        line = lines[i] if lines is not None else first_line + i
        where = f"{source} : ligne {line}"
        ok = True
        fam_text = "" if fam is None or (isinstance(fam, float) and math.isnan(fam)) else str(fam).strip()
        if not fam_text:
            problems.append(f"{where} : family = {_show(fam)} : doit être un code de famille non vide")
            ok = False
        elif fam_text == RESERVED_FAMILY:
            problems.append(f'{where} : family = "{fam_text}" : code réservé à la ligne de total, à renommer')
            ok = False
        sex_text = "" if not isinstance(sex, str) else sex.strip()
        if sex_text not in SEXES:
            problems.append(f'{where} : sex = {_show(sex)} : doit valoir "F" ou "H"')
            ok = False
        age_num = _parse_number(age)
        if age_num is None or not age_num.is_integer() or not MIN_AGE <= age_num <= MAX_AGE:
            problems.append(f"{where} : age = {_show(age)} : doit être un nombre entier de {MIN_AGE} à {MAX_AGE}")
            ok = False
        head_num = _parse_number(head)
        if head_num is None or head_num < 0:
            problems.append(f"{where} : headcount = {_show(head)} : doit être un nombre positif ou nul")
            ok = False
        if not ok or age_num is None or head_num is None:  # numbers are None only when refused
            continue
        key = (fam_text, sex_text, int(age_num))
        if key in seen:
            problems.append(
                f"{where} : ({limits.quote(fam_text)}, {sex_text}, {int(age_num)}) figure déjà ligne {seen[key]} : "
                "une seule ligne par famille, sexe et âge"
            )
            continue
        seen[key] = line
        families.append(fam_text)
        sexes.append(sex_text)
        ages.append(int(age_num))
        heads.append(head_num)
    if not problems and sum(heads) <= 0:
        problems.append(f"{source} : l'effectif total est nul, rien à projeter")
    if problems:
        raise PopulationError(problems)
    return pd.DataFrame(
        {
            "family": families,
            "sex": sexes,
            "age": np.array(ages, dtype=np.int64),
            "headcount": np.array(heads, dtype=float),
        }
    )


def _sniff_separator(data: bytes) -> tuple[str, str]:
    """(separator, decimal) of a CSV: a header with semicolons is the French Excel dialect."""
    head = data[:4096].decode("utf-8-sig", errors="replace").splitlines()
    first = head[0] if head else ""
    if ";" in first:
        return ";", ","
    return ",", "."


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip()


def _scope_problems(df: pd.DataFrame, source: str) -> list[str]:
    """A table of several scopes is refused rather than summed: adding two scopes'
    people would project a population that exists nowhere."""
    if "scope" not in df.columns:
        return []
    scopes = sorted({str(s).strip() for s in df["scope"].tolist() if not _blank(s)})
    if len(scopes) <= 1:
        return []
    return [
        f"{source} : la table contient plusieurs périmètres ({', '.join(scopes)}) ; "
        "projetez-en un seul avec --scope NOM à la place de --population"
    ]


def _years(df: pd.DataFrame, source: str, first_line: int) -> tuple[list[float | None], list[str]]:
    """Each row's reference year, and a problem for each row whose year is unreadable."""
    years, problems = [], []
    for i, value in enumerate(df["ref_year"].tolist()):
        year = _parse_number(value)
        if year is None or not year.is_integer():
            problems.append(
                f"{source} : ligne {first_line + i} : ref_year = {_show(value)} : doit être une année (nombre entier)"
            )
            year = None
        years.append(year)
    return years, problems


def _latest_cells(df: pd.DataFrame, source: str, first_line: int) -> tuple[pd.DataFrame, list[int]]:
    """(rows to check, their line numbers in the file). A plain population passes
    through whole; a store table (it has `ref_year`) is cut to its latest year without
    its bookkeeping columns. Any other extra column stays, for the check to refuse."""
    lines = list(range(first_line, first_line + len(df)))
    if "ref_year" not in df.columns or len(df) == 0:
        return df, lines
    years, problems = _years(df, source, first_line)
    problems = _scope_problems(df, source) + problems
    if problems:
        raise PopulationError(problems)
    latest = max(y for y in years if y is not None)  # None only with a problem, refused above
    keep = [year == latest for year in years]
    cells = df.loc[keep, [c for c in df.columns if c not in STORE_COLUMNS]].reset_index(drop=True)
    return cells, [line for line, kept in zip(lines, keep) if kept]


def _check_file(df: pd.DataFrame, source: str, first_line: int) -> pd.DataFrame:
    cells, lines = _latest_cells(df, source, first_line)
    return validate_population(cells, source=source, first_line=first_line, lines=lines)


def read_population(path: str | PathLike[str]) -> pd.DataFrame:
    """Read and check a population file (.csv in either dialect, or .parquet): a
    table of cells, or a store table such as an imported `age_pyramid.parquet`."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise PopulationError([f"{name} : format non reconnu, le fichier doit finir par .csv ou .parquet"])
    try:
        found = path.stat().st_size
        if found > limits.FILE_MB.bytes():
            raise PopulationError(
                [
                    f"{name} : fichier trop volumineux ({limits.size(found)}, au plus "
                    f"{limits.size(limits.FILE_MB.bytes())}, {limits.FILE_MB.env}) : rien n'a été lu"
                ]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise PopulationError([f"{name} : fichier introuvable"]) from None
    except OSError as exc:
        raise PopulationError([f"{name} : fichier illisible ({exc.strerror})"]) from None
    if suffix == ".parquet":
        try:
            df = pd.read_parquet(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 — pyarrow raises several unrelated types for a bad file
            raise PopulationError([f"{name} : fichier Parquet illisible ({type(exc).__name__})"]) from None
        return _check_file(df, source=name, first_line=1)
    sep, _ = _sniff_separator(data)
    try:
        df = pd.read_csv(io.BytesIO(data), sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PopulationError([f"{name} : le fichier n'est pas un texte UTF-8"]) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise PopulationError([f"{name} : CSV illisible ({str(exc).strip().splitlines()[0]})"]) from None
    df.columns = [str(c).strip() for c in df.columns]
    return _check_file(df, source=name, first_line=2)


def to_grid(population: pd.DataFrame) -> tuple[tuple[str, ...], npt.NDArray[np.float64]]:
    """(families in order of first appearance, headcount array (family, sex, age 15..80))."""
    families = tuple(dict.fromkeys(population["family"]))
    index = {f: i for i, f in enumerate(families)}
    grid = np.zeros((len(families), len(SEXES), MAX_AGE - MIN_AGE + 1))
    f_idx = population["family"].map(index).to_numpy()
    s_idx = np.where(population["sex"].to_numpy() == "F", 0, 1)
    a_idx = population["age"].to_numpy() - MIN_AGE
    np.add.at(grid, (f_idx, s_idx, a_idx), population["headcount"].to_numpy(dtype=float))
    return families, grid


def whole_people(grid: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Round a fractional headcount grid to whole people, family by family, keeping
    each family's rounded total (largest remainders get the spare units), so that a
    Monte Carlo run on an estimated pyramid starts from the same family sizes."""
    out = np.floor(grid + 1e-9)
    for f in range(grid.shape[0]):
        rest = (grid[f] - out[f]).ravel()
        spare = int(round(grid[f].sum())) - int(out[f].sum())
        if spare > 0:
            order = np.argsort(-rest, kind="stable")[:spare]
            flat = out[f].ravel()
            flat[order] += 1
            out[f] = flat.reshape(out[f].shape)
    return out.astype(np.int64)


class Population:
    """A checked base population laid on the grid (family, sex F/H, age 15..80).

    Build it once (`from_frame`, `read`) and project it under many scenarios: the
    check and the gridding are not repeated for every run."""

    def __init__(self, families: tuple[str, ...], grid: npt.ArrayLike, source: str = "population") -> None:
        self.families = tuple(families)
        self.grid = np.asarray(grid, dtype=float)
        self.source = source

    @classmethod
    def from_frame(cls, df: pd.DataFrame, source: str = "population", first_line: int = 1) -> Population:
        clean = validate_population(df, source=source, first_line=first_line)
        families, grid = to_grid(clean)
        return cls(families, grid, source)

    @classmethod
    def read(cls, path: str | PathLike[str]) -> Population:
        clean = read_population(path)
        families, grid = to_grid(clean)
        return cls(families, grid, Path(path).name)

    @property
    def total(self) -> float:
        return float(self.grid.sum())

    @property
    def is_whole(self) -> bool:
        return bool(np.all(np.abs(self.grid - np.round(self.grid)) < 1e-9))

    def to_frame(self) -> pd.DataFrame:
        """Non-empty cells as a (family, sex, age, headcount) table."""
        f, s, a = np.nonzero(self.grid)
        return pd.DataFrame(
            {
                "family": np.array(self.families, dtype=object)[f],
                "sex": np.array(SEXES, dtype=object)[s],
                "age": a + MIN_AGE,
                "headcount": self.grid[f, s, a],
            }
        )


PopulationLike = Population | pd.DataFrame | str | PathLike[str]  # what `as_population` accepts


def as_population(population: PopulationLike) -> Population:
    """Accept a Population, a DataFrame or a path: the app, the CLI and tests all pass
    what they have at hand."""
    if isinstance(population, Population):
        return population
    if isinstance(population, pd.DataFrame):
        return Population.from_frame(population)
    return Population.read(population)
