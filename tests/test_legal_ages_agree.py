"""The legal retirement ages live twice: as published rows in the store (what users
see cited) and as the engine's schedule tables (what it computes with). They must
say the same thing for every month of birth the published rows cover."""

import pandas as pd
import pytest

from etl import catalog
from etl.build import build
from gpec.schedules import SCHEDULES, _age_for_month


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "parquet"
    build(catalog.RAW_DIR, store)
    f = pd.read_parquet(store / "figures.parquet")
    return f[f["indicator"] == "legal_retirement_age"]


def months(bound: str, default: tuple[int, int]) -> tuple[int, int]:
    if bound == "…":
        return default
    y, m = bound.split("-")
    return int(y), int(m)


def test_every_schedule_is_published(published):
    assert set(published["scope"]) == set(SCHEDULES)


def test_engine_ages_equal_published_rows(published):
    for row in published.itertuples():
        start, end = (months(b, d) for b, d in zip(row.category.split(" à "), [(1930, 1), (1990, 12)]))
        for y in range(start[0], end[0] + 1):
            for m in range(1, 13):
                if start <= (y, m) <= end:
                    got = _age_for_month(SCHEDULES[row.scope].rows, y, m) / 12
                    assert got == pytest.approx(row.value), (row.scope, y, m)
