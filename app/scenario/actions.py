"""The studio's callbacks: they run before the widgets of the next run exist, load or
store a scenario and leave their message where the page shows it (state.flash). A
file, a saved scenario or a preset goes through the engine's own reading
(`gpec.scenario.parse_json`: size, depth and numbers bounded) and its refusals are
sentences, never a traceback."""

from __future__ import annotations

import streamlit as st

import gpec
from app import audience, movements, session_scopes
from core import formats, labels, limits
from studio.store import ScenarioStore, StoreError, read_scenario_file

from . import state
from .state import w


def store() -> ScenarioStore:
    """Where saved scenarios go: this browser session's memory on a shared server, the
    scenarios folder otherwise (asked at each run: the session and folder may change)."""
    return session_scopes.scenario_store() if audience.shared_mode() else ScenarioStore()


def on_preset() -> None:
    name = st.session_state[w("preset")]
    st.session_state[w("preset")] = None  # the list stays a menu: the same preset can be chosen again
    state.clear_flash("io")
    if name in state.presets():
        state.load_checked(
            state.presets()[name],
            st.session_state[state.SCOPE],
            "top",
            labels.SC_PRESET_REFUSED.format(name=formats.plain(name)),
        )


def on_scope() -> None:
    state.clear_flash("top")
    state.change_scope(st.session_state[w("scope")])


def on_upload() -> None:
    upload = st.session_state.get(f"sc.upload.{st.session_state[state.GEN]}")
    if upload is None:
        return
    state.clear_flash("io")
    name = limits.quote(upload.name)
    refused = labels.SC_UPLOAD_REFUSED.format(file=formats.plain(name))
    parsed, problems = read_scenario_file(upload.getvalue(), name)
    if parsed is None:
        state.flash("io", "error", refused, problems)
        return
    if state.load_checked(parsed, st.session_state[state.SCOPE], "io", refused):
        name = st.session_state[state.VALID]["name"]
        state.flash("io", "success", labels.SC_LOADED.format(name=formats.plain(name)))


def on_open_saved(slug: str, name: str) -> None:
    state.clear_flash("io")
    refused = labels.SC_SAVED_REFUSED.format(name=formats.plain(name))
    try:
        raw = store().read(slug)
    except StoreError as err:
        state.flash("io", "error", refused, [str(err)])
        return
    parsed, problems = read_scenario_file(raw, f"{slug}.json")
    if parsed is None:
        state.flash("io", "error", refused, problems)
        return
    if state.load_checked(parsed, st.session_state[state.SCOPE], "io", refused):
        state.flash("io", "success", labels.SC_LOADED.format(name=formats.plain(name)))


def on_delete_saved(slug: str, name: str) -> None:
    state.clear_flash("io")
    try:
        store().delete(slug)
        state.flash("io", "success", labels.SC_DELETED.format(name=formats.plain(name)))
    except StoreError as err:
        state.flash("io", "error", formats.plain(err))


def on_save(scenario: dict | None) -> None:
    state.clear_flash("io")
    if scenario is None:
        state.flash("io", "error", labels.SC_PIN_INVALID)
        return
    try:
        text = gpec.Scenario.from_dict(scenario).to_json()
        store().save(scenario["name"], text, replace=bool(st.session_state.get(w("save_replace"))))
        state.flash("io", "success", labels.SC_SAVED.format(name=formats.plain(scenario["name"])))
    except StoreError as err:
        state.flash("io", "error", formats.plain(err))


def on_pin(scenario: dict | None, scope_: str) -> None:
    state.clear_flash("pins")
    problem = labels.SC_PIN_INVALID if scenario is None else state.pin(scenario, scope_)
    if problem:
        state.flash("pins", "warning", problem)


def on_calibrate() -> None:
    """Fill the form with the rates observed in the scope's registers (every imported
    year), over the scenario's years, keeping its Monte Carlo settings."""
    from gpec.calibrate import CalibrationError
    from studio.form import fit_to_families

    state.clear_flash("top")
    scope_ = st.session_state[state.SCOPE]
    valid = st.session_state[state.VALID]
    try:
        cal = movements.calibrated(scope_)
        name = labels.SC_CALIBRATED_NAME.format(
            scope=labels.scope_short(scope_), years=", ".join(str(y) for y in cal.years)
        )
        scenario = cal.scenario(int(valid["base_year"]), int(valid["horizon_year"]), name).to_dict()
    except (CalibrationError, gpec.ScenarioError) as err:
        state.flash("top", "error", labels.SC_CALIBRATE_REFUSED, [str(err)])
        return
    scenario["monte_carlo"] = dict(valid.get("monte_carlo", {"draws": 0, "seed": 0}))
    scenario, _ = fit_to_families(scenario, state.population_info(scope_)["families"])
    if state.load_checked(scenario, scope_, "top", labels.SC_CALIBRATE_REFUSED):
        years = ", ".join(str(y) for y in cal.years)
        state.flash("top", "success", labels.SC_CALIBRATED.format(years=years))
