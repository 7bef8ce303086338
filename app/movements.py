"""Cached access to an imported scope's movements (exits and hires read in its
registers), the observed rates, the calibrated scenario and the back-test a page
shows. Computed on the full counts; a diffusion view hides what it must last
(studio.calibration, core.privacy)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import audience, session_scopes
from app.data import min_cells, store_stamp, table
from core import privacy
from etl import catalog
from gpec.calibrate import CalibrationError, calibrate
from studio import calibration


def movements(scope: str | None) -> pd.DataFrame | None:
    """The scope's movements (full counts), None when its registers had no exit dates."""
    if not scope:
        return None
    if session_scopes.has(scope):
        rows = session_scopes.rows_of(scope, "movements")
        return rows if len(rows) else None
    return _movements(scope, store_stamp())


@st.cache_data(show_spinner=False)
def _movements(scope: str, stamp: int) -> pd.DataFrame | None:
    return catalog.movements(scope) if scope in catalog.imported_scopes() else None


def has_movements(scope: str | None) -> bool:
    m = movements(scope)
    return m is not None and len(m) > 0


def min_cell_of(scope: str, which: str = "screen") -> int | None:
    """The threshold when `scope` is seen in diffusion by `which`, else None."""
    rule = audience.screen if which == "screen" else audience.export
    return min_cells().get(scope) if rule(scope) == privacy.DIFFUSION else None


def calibrated(scope: str):
    """The observed rates of every imported year (gpec.calibrate.Calibrated)."""
    m = movements(scope)
    if m is None:
        raise CalibrationError("aucun mouvement : le périmètre n'a pas de registre avec dates de sortie")
    return _calibrated(scope, store_stamp(), session_scopes.stamp())


@st.cache_data(show_spinner=False, max_entries=16)
def _calibrated(scope: str, stamp: int, session_stamp: int):
    return calibrate(movements(scope), scope)


def exits_by_age(scope: str, which: str = "screen") -> pd.DataFrame:
    """Exits by year, 5-year band and reason, in the audience of `which`."""
    m = movements(scope)
    cell = min_cell_of(scope, which)
    if cell is None:
        out = privacy.exits_by_age(m)
        return out.assign(**{privacy.SUPPRESSED: False, privacy.SUPPRESSED_LABEL: ""})
    return privacy.diffuse_exits_by_age(m, cell)


def backtest(scope: str, which: str = "screen"):
    """(table in the audience of `which`, the Backtest, calibration years)."""
    result, years = _backtest(scope, store_stamp(), session_scopes.stamp())
    cell = min_cell_of(scope, which)
    if cell is None:
        shown = result.table.assign(**{privacy.SUPPRESSED: False, privacy.SUPPRESSED_LABEL: ""})
        return shown, result, years
    hidden = privacy.hidden_families(table("headcount", privacy.DIFFUSION), scope, result.from_year)
    return calibration.protect_backtest(result, movements(scope), hidden, cell), result, years


@st.cache_data(show_spinner=False, max_entries=16)
def _backtest(scope: str, stamp: int, session_stamp: int):
    return calibration.page_backtest(movements(scope), scope)


def provenance(scope: str) -> dict:
    """The source and status columns of a scope's movements, for captions and CSVs."""
    m = movements(scope)
    source = str(m["source_id"].iloc[0]) if m is not None and len(m) else f"import_{scope}"
    return {"source_id": source, "status": "derived"}
