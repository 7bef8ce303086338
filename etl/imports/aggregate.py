"""From counted cells to the store's own tables, for one imported scope.

Registers and tables both end as `Counts`: people per (year, family, sex, age) plus
a few breakdowns (classification, contract, seniority, recruitments). This module
writes them in the shapes of the published store (same columns, same schemas), so
every page and the projection engine read an imported scope like a published one.
Only counts leave this module: no row of the user's file does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..derive import fmt
from ..schemas import SCHEMAS, load_backends
from . import movements as mv
from .movements import Movements

load_backends()  # with the modules, not inside the first import a user waits for

SEXES = ("F", "H")
IMPORT_PUBLISHER = "Import utilisateur"


@dataclass
class Counts:
    """What an import keeps of a file."""

    kind: str  # register | table
    rows: int  # valid rows read
    cells: pd.DataFrame  # ref_year, family, sex ("" unknown), age (-1 unknown), headcount, spread (age from a band)
    breakdowns: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["ref_year", "indicator", "dimension", "category", "sex", "headcount"]
        )
    )
    movements: Movements | None = None  # registers with an exit date column

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.cells["ref_year"].unique())


def source_id(scope: str) -> str:
    return f"import_{scope}"


def method_text(counts: Counts) -> str:
    if counts.kind == "register":
        return f"agrégé depuis un registre importé ({fmt(counts.rows)} lignes valides)"
    return f"agrégé depuis un tableau importé ({fmt(counts.rows)} lignes)"


SPREAD_METHOD = (
    "tranches d'âge du tableau importé réparties à parts égales entre leurs âges "
    "({rows} lignes) : la forme à l'intérieur d'une tranche est supposée plate"
)


def headcount_table(counts: Counts, scope: str) -> pd.DataFrame:
    cells = counts.cells
    by_fam = cells.groupby(["ref_year", "family"], sort=True)["headcount"].sum().reset_index()
    total = cells.groupby("ref_year")["headcount"].sum().reset_index().assign(family="TOTAL")
    out = pd.concat([by_fam, total], ignore_index=True)
    out = out[out["headcount"] > 0]
    return pd.DataFrame(
        {
            "scope": scope,
            "family": out["family"].astype(str),
            "ref_year": out["ref_year"].astype(int),
            "headcount": out["headcount"].astype(float),
            "qualifier": "exact",
            "status": "derived",
            "source_id": source_id(scope),
            "method": method_text(counts),
        }
    )


def _shares(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group of `keys`, the share of each sex (both sexes always written)."""
    wide = frame.pivot_table(index=keys, columns="sex", values="headcount", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=list(SEXES), fill_value=0)
    total = wide.sum(axis=1)
    wide = wide[total > 0]
    shares = wide.div(wide.sum(axis=1), axis=0) * 100
    return shares.reset_index().melt(id_vars=keys, value_vars=list(SEXES), var_name="sex", value_name="share")


def gender_table(counts: Counts, scope: str) -> pd.DataFrame:
    cells = counts.cells[counts.cells["sex"].isin(SEXES)]
    if cells.empty:
        return pd.DataFrame(columns=list(SCHEMAS["gender"].columns))
    parts = [
        _shares(cells, ["ref_year", "family"]).assign(population="ensemble"),
        _shares(cells.assign(family="TOTAL"), ["ref_year", "family"]).assign(population="ensemble"),
    ]
    b = counts.breakdowns
    cadres = b[(b["dimension"] == "classification") & (b["category"] == "cadres") & b["sex"].isin(SEXES)]
    if not cadres.empty:
        parts.append(_shares(cadres.assign(family="TOTAL"), ["ref_year", "family"]).assign(population="cadres"))
    recruits = b[(b["indicator"] == "recruitments") & b["sex"].isin(SEXES)]
    if not recruits.empty:
        parts.append(_shares(recruits.assign(family="TOTAL"), ["ref_year", "family"]).assign(population="recrutements"))
    out = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(
        {
            "scope": scope,
            "family": out["family"].astype(str),
            "population": out["population"],
            "ref_year": out["ref_year"].astype(int),
            "sex": out["sex"].astype(str),
            "share": out["share"].astype(float),
            "status": "derived",
            "source_id": source_id(scope),
            "method": method_text(counts),
        }
    )


def pyramid_table(counts: Counts, scope: str) -> pd.DataFrame:
    cells = counts.cells[counts.cells["sex"].isin(SEXES) & (counts.cells["age"] >= 0)]
    cells = (
        cells.groupby(["ref_year", "family", "sex", "age"], sort=True)
        .agg(headcount=("headcount", "sum"), spread=("spread", "any"))
        .reset_index()
    )
    cells = cells[cells["headcount"] > 0]
    spread, plain = SPREAD_METHOD.format(rows=fmt(counts.rows)), method_text(counts)
    return pd.DataFrame(
        {
            "scope": scope,
            "family": cells["family"].astype(str),
            "sex": cells["sex"].astype(str),
            "age": cells["age"].astype(int),
            "ref_year": cells["ref_year"].astype(int),
            "headcount": cells["headcount"].astype(float),
            "status": ["estimated" if s else "derived" for s in cells["spread"]],
            "source_id": source_id(scope),
            "method": [spread if s else plain for s in cells["spread"]],
        }
    )


def figures_table(counts: Counts, scope: str, today: dt.date) -> pd.DataFrame:
    b = counts.breakdowns
    if b.empty:
        return pd.DataFrame(columns=list(SCHEMAS["figures"].columns))
    b = b.groupby(["ref_year", "indicator", "dimension", "category"], sort=False)["headcount"].sum().reset_index()
    b = b[b["headcount"] > 0]
    return pd.DataFrame(
        {
            "indicator": b["indicator"],
            "scope": scope,
            "dimension": b["dimension"],
            "category": b["category"],
            "value": b["headcount"].astype(float),
            "unit": "count",
            "qualifier": "exact",
            "ref_year": b["ref_year"].astype("Int64"),
            "pub_year": today.year,
            "source_id": source_id(scope),
            "locator": "registre importé",
            "status": "derived",
            "note": method_text(counts),
            "value_as_printed": [fmt(x) for x in b["headcount"]],
        }
    )


def sources_table(
    counts: Counts, scope: str, filename: str, min_cell: int, today: dt.date, display_name: str = ""
) -> pd.DataFrame:
    what = "Registre du personnel" if counts.kind == "register" else "Tableau agrégé"
    return pd.DataFrame(
        [
            dict(
                source_id=source_id(scope),
                title=f"{what} importé, périmètre « {display_name or scope} »",
                publisher=IMPORT_PUBLISHER,
                pub_year=today.year,
                url="",
                locator_hint=f"fichier {filename}",
                accessed=today.isoformat(),
                notes=f"{method_text(counts)} ; cellules de moins de {min_cell} personnes masquées à l'affichage "
                "et à l'export (secret statistique).",
            )
        ]
    )


def store_tables(
    counts: Counts, scope: str, filename: str, min_cell: int, today: dt.date | None = None, display_name: str = ""
) -> dict[str, pd.DataFrame]:
    """The scope's non-empty tables, checked against the published store's schemas (a
    failure here is a bug of the importer, not of the user's file)."""
    today = today or dt.date.today()
    tables = {
        "headcount": headcount_table(counts, scope),
        "gender": gender_table(counts, scope),
        "age_pyramid": pyramid_table(counts, scope),
        "figures": figures_table(counts, scope, today),
        "sources": sources_table(counts, scope, filename, min_cell, today, display_name),
    }
    out = {}
    for name, df in tables.items():
        if df.empty:  # e.g. no sex column: no gender table for this scope (not an empty file)
            continue
        df = df.reset_index(drop=True)
        if name == "figures":
            df = df.astype({"pub_year": int})
        out[name] = SCHEMAS[name].validate(df, lazy=True)
    if counts.movements is not None:
        out["movements"] = mv.movements_table(counts.movements, scope, source_id(scope), counts.rows)
    return out
