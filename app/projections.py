"""Page-side access to the projection engine: every call is cached on its inputs
and on the store's stamp, so moving a filter back and forth never recomputes, and a
rebuilt store is picked up. The numbers come from the projection service
(studio.projection); this module only caches them and turns refusals into sentences."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

import gpec
from app.data import min_cells, raw, store_stamp, table
from charts import ages
from core import labels, privacy
from studio import projection

DEFAULT_SCHEDULE = projection.DEFAULT_SCHEDULE


class ProjectionUnavailable(Exception):
    """A sentence for the user: the engine is missing or refused the inputs."""


def _refused(err: gpec.InputRefused) -> ProjectionUnavailable:
    return ProjectionUnavailable(labels.PROJECTION_FAILED.format(reason=" ; ".join(err.problems)))


def reference_preset() -> dict:
    """The first preset of the scenarios folder (the reference), as a dict."""
    try:
        preset = projection.reference_preset()
    except gpec.InputRefused as err:
        raise _refused(err) from err
    if preset is None:
        raise ProjectionUnavailable(labels.PROJECTION_PENDING)
    return preset


def schedules() -> dict[str, str]:
    """Legal schedules the engine knows: code -> French label."""
    return {code: s.label for code, s in gpec.SCHEDULES.items()}


@st.cache_data(show_spinner=False, max_entries=64)
def _retirements(
    scope: str,
    ref_year: int,
    families: tuple[str, ...] | None,
    schedule: str,
    preset_json: str,
    diffusion: bool,
    stamp: int,
) -> pd.DataFrame:
    pyr = raw("age_pyramid")  # whole people: the engine computes from the full counts
    min_cell = min_cells().get(scope) if diffusion else None
    hidden = privacy.hidden_families(table("headcount", privacy.DIFFUSION), scope, ref_year) if min_cell else ()
    try:
        return projection.scope_retirements(
            pyr,
            scope,
            ref_year,
            None if families is None else list(families),
            json.loads(preset_json),
            schedule,
            min_cell,
            hidden,
        )
    except gpec.InputRefused as err:
        raise _refused(err) from err


def retirements(
    scope: str, ref_year: int, families: list[str] | None, schedule: str, audience: str = privacy.ANALYSIS
) -> pd.DataFrame:
    """Retirements by year and family of the selected pyramid, reference preset with
    the chosen legal schedule, from the pyramid's year over the preset's span; in
    `audience` (an imported scope in diffusion comes suppressed, all families)."""
    preset = reference_preset()
    diffusion = audience == privacy.DIFFUSION and scope in min_cells()
    return _retirements(
        scope,
        int(ref_year),
        None if families is None else tuple(families),
        schedule,
        json.dumps(preset, sort_keys=True),
        diffusion,
        store_stamp(),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _pyramid_hidden_metrics(scope: str, ref_year: int, min_cell: int, stamp: int) -> dict[str, str]:
    tables = {name: raw(name) for name in privacy.PROTECTED_TABLES}
    return privacy.pyramid_hidden_metrics(tables, scope, ref_year, min_cell)


def pyramid_hidden_metrics(scope: str, ref_year: int) -> dict[str, str]:
    """The metrics under an imported scope's pyramid that diffusion hides: metric -> label
    (cached: the suppression runs once per scope, year and store)."""
    cells = min_cells()
    if scope not in cells:
        return {}
    return _pyramid_hidden_metrics(scope, int(ref_year), cells[scope], store_stamp())


@st.cache_data(show_spinner=False)
def _claim(preset_json: str, stamp: int) -> pd.DataFrame | None:
    claim = ages.claim_row(table("retirements"))
    pyr = table("age_pyramid")
    if claim is None:
        return None
    cells = ages.pyramid_cells(pyr, claim["scope"], int(claim["base_year"]))
    if cells.empty:
        return None
    preset = json.loads(preset_json)
    try:
        implied = projection.claim_shares(cells, preset, claim)
    except gpec.InputRefused as err:
        raise _refused(err) from err
    source = pyr.loc[(pyr["scope"] == claim["scope"]) & (pyr["ref_year"] == int(claim["base_year"])), "source_id"].iloc[
        0
    ]
    return ages.claim_check_data(claim, implied, source)


def claim_check() -> pd.DataFrame | None:
    """The claim chart's data, or None when the store lacks the claim or its pyramid."""
    return _claim(json.dumps(reference_preset(), sort_keys=True), store_stamp())
