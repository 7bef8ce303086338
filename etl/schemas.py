"""One schema per output table, strict about columns; validated lazily so every
failure is reported at once (see `validate`).

`figures`, `headcount` and `gender` are also written by imports (etl/imports), which
validate their tables here: the columns added since (theme, confidence, whether the
reference year is approximate) have a default that such a table gets when it lacks
them (`add_missing_columns`), so an import keeps the published tables' shape."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

STATUS = ["published", "derived", "estimated"]
QUALIFIERS = ["exact", "approx", "at_least", "at_most"]
SEXES = ["F", "H"]
# How sure a published figure is: read in the source text (high), or taken from a
# secondary source that cites it (medium). "" only on imported rows (not assessed).
CONFIDENCE = ["high", "medium"]
# What a figure is about; pay floors, training, work-study and disability targets have
# their own theme rather than passing for headcounts.
THEMES = ["effectifs", "egalite", "remuneration", "formation", "handicap", "retraite", "livre3", "enquetes", "contexte"]


def _c(dtype: Any, *checks: pa.Check, **kw: Any) -> pa.Column:
    return pa.Column(dtype, list(checks), **kw)


def _status() -> pa.Column:
    return _c(str, pa.Check.isin(STATUS))


def _text(nullable: bool = False) -> pa.Column:
    return _c(str, nullable=nullable)


def _approx() -> pa.Column:
    """`ref_year_approx`: True when the source dates its figure only approximately ("vers 2019")."""
    return pa.Column(bool, default=False)


SCHEMAS = {
    "sources": pa.DataFrameSchema(
        {
            "source_id": _c(str, unique=True),
            "title": _text(),
            "publisher": _text(),
            "pub_year": _c(int, pa.Check.in_range(1900, 2100)),
            "url": _text(),
            "locator_hint": _text(),
            "accessed": _text(),
            "notes": _text(),
        },
        strict=True,
    ),
    "figures": pa.DataFrameSchema(
        {
            "indicator": _text(),
            "theme": pa.Column(str, pa.Check.isin(THEMES), default="effectifs"),
            "scope": _text(),
            "dimension": _text(),
            "category": _text(),
            "value": _c(float),
            "unit": _c(str, pa.Check.isin(["count", "percent", "eur", "years"])),
            "qualifier": _c(str, pa.Check.isin(QUALIFIERS)),
            "ref_year": _c("Int64", nullable=True),
            "ref_year_approx": _approx(),
            "pub_year": _c(int),
            "source_id": _text(),
            "locator": _text(),
            "status": _status(),
            "confidence": pa.Column(str, pa.Check.isin(CONFIDENCE + [""]), default=""),
            "note": _text(),
            "value_as_printed": _text(),
        },
        strict=True,
        add_missing_columns=True,
        checks=pa.Check(
            lambda df: (df["unit"] != "percent") | df["value"].between(-100, 100),
            error="a percentage must lie between -100 and 100",
        ),
    ),
    "families": pa.DataFrameSchema(
        {
            "taxonomy": _text(),
            "family": _text(),
            "label_fr": _text(),
            "label_en": _text(),
            "livre": _c(int, pa.Check.isin([2, 3])),
            "harmonised_family": _text(),
            "source_id": _text(),
            "note": _text(),
            "status": _status(),
        },
        strict=True,
        unique=["taxonomy", "family"],
    ),
    "headcount": pa.DataFrameSchema(
        {
            "scope": _text(),
            "family": _text(),
            "ref_year": _c(int),
            "ref_year_approx": _approx(),
            "headcount": _c(float, pa.Check.ge(0)),
            "qualifier": _c(str, pa.Check.isin(QUALIFIERS)),
            "status": _status(),
            "source_id": _text(),
            "method": _text(),
        },
        strict=True,
        add_missing_columns=True,
        unique=["scope", "family", "ref_year", "status"],
    ),
    "gender": pa.DataFrameSchema(
        {
            "scope": _text(),
            "family": _text(),
            "population": _text(),
            "ref_year": _c(int),
            "ref_year_approx": _approx(),
            "sex": _c(str, pa.Check.isin(SEXES)),
            "share": _c(float, pa.Check.in_range(0, 100)),
            "status": _status(),
            "source_id": _text(),
            "method": _text(),
        },
        strict=True,
        add_missing_columns=True,
        unique=["scope", "family", "population", "ref_year", "sex"],
    ),
    "age_pyramid": pa.DataFrameSchema(
        {
            "scope": _text(),
            "family": _text(),
            "sex": _c(str, pa.Check.isin(SEXES)),
            "age": _c(int, pa.Check.in_range(15, 80)),
            "ref_year": _c(int),
            "headcount": _c(float, pa.Check.ge(0)),
            "status": _status(),
            "source_id": _text(),
            "method": _text(),
        },
        strict=True,
        unique=["scope", "family", "sex", "age", "ref_year"],
    ),
    "retirements": pa.DataFrameSchema(
        {
            "scope": _text(),
            "base_year": _c(int),
            "horizon_year": _c(int),
            "share": _c(float, pa.Check.in_range(0, 100)),
            "qualifier": _c(str, pa.Check.isin(QUALIFIERS)),
            "status": _status(),
            "source_id": _text(),
            "value_as_printed": _text(),
            "note": _text(),
        },
        strict=True,
    ),
    "establishments": pa.DataFrameSchema(
        {
            "type": _text(),
            "type_group": _text(),
            "ref_year": _c(int),
            "ref_year_approx": _c(bool),
            "count": _c(float, pa.Check.ge(0)),
            "share": _c(float, pa.Check.in_range(0, 100), nullable=True),
            "status": _status(),
            "confidence": _c(str, pa.Check.isin(CONFIDENCE)),
            "source_id": _text(),
            "method": _text(),
        },
        strict=True,
        unique=["type", "ref_year"],
    ),
    "establishment_types": pa.DataFrameSchema(
        {
            "type": _c(str, unique=True),
            "type_group": _text(),
            "source_id": _text(),
            "status": _status(),
            "note": _text(),
        },
        strict=True,
    ),
    "jobs": pa.DataFrameSchema(
        {
            "job": _text(),
            "family": _text(),
            "taxonomy": _text(),
            "published_family": _text(),
            "diplomas": _text(),
            "certificates": _text(),
            "source_id": _text(),
            "locator": _text(),
            "status": _status(),
        },
        strict=True,
    ),
    "certificate_blocks": pa.DataFrameSchema(
        {
            "certificate": _text(),
            "block": _c(int, pa.Check.in_range(1, 20)),
            "title": _text(),
            "skills": _text(),
            "locator": _text(),
            "source_id": _text(),
            "status": _status(),
        },
        strict=True,
    ),
}

TABLES = tuple(SCHEMAS)


def load_backends() -> None:
    """Load pandera's validation backends for pandas frames now. pandera loads them on
    a schema's first `validate` (about 0.15 s, checks and strategies included), which
    would otherwise fall inside the first import a user waits for."""
    pa.DataFrameSchema.register_default_backends(pd.DataFrame)


def validate(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Validate every table lazily; one plain line per failure case, none if all hold."""
    problems = []
    for name, schema in SCHEMAS.items():
        try:
            tables[name] = schema.validate(tables[name], lazy=True)
        except SchemaErrors as err:
            for case in err.failure_cases.itertuples():
                row = "" if case.index is None or case.index != case.index else f" ligne {case.index}"
                problems.append(f"table {name}{row}: {case.column}: {case.check} (valeur : {case.failure_case})")
    return problems
