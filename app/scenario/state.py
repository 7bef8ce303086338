"""The scenario studio's Streamlit side: cached populations and projections, and the
page's state (the scenario the widgets were loaded from, the last valid one, pins,
messages), all read with defaults so that the page runs when opened directly.

Projections are cached on the scenario's canonical JSON, the population scope and
the store's stamp: moving a widget back to a value already seen redraws at once,
and a re-imported pyramid is never served from a stale cache.

Computation is bounded, whoever asks (the form, a share link, a file, a saved
scenario): `validate` refuses a scenario beyond the engine's budget (gpec.MAX_COST
cell-years, a sentence beside the draws), and Monte Carlo runs of all the sessions
of this server process take turns in MC_SLOTS slots, so one visitor's draws cannot
starve the others; a visitor waiting for a slot is told so.
"""

from __future__ import annotations

import json
import threading
import time

import pandas as pd
import streamlit as st

import gpec
from app import data
from app.data import store_stamp, table
from charts import scenario as charts
from core import formats, labels, privacy
from etl import catalog
from studio import link
from studio.form import fit_to_families, form_values, group_problems, scenario_from_form, shift_years
from studio.outcome import Outcome, outcome, protect

MAX_PINS = 4
# Session keys. Widgets live under "sc.w.", the rest is the page's own state.
SOURCE = "sc.source"  # the scenario dict the widgets were loaded from
VALID = "sc.valid"  # the last valid scenario dict (what the results show)
SCOPE = "sc.scope"  # population scope of SOURCE / VALID
GEN = "sc.gen"  # bumped at every load: data editors and uploader start afresh
LINK_SEEN = "sc.link_seen"
FLASH = "sc.flash"  # {place: [(kind, text, details)]}
PINS = "sc.pins"  # [{"label", "scenario", "scope"}]


def w(name: str) -> str:
    """Session key of a widget."""
    return f"sc.w.{name}"


# ---- populations -----------------------------------------------------------------------


def population(scope: str) -> pd.DataFrame:
    """The engine's base population: the scope's full counts."""
    return data.population(scope)


def scopes() -> list[str]:
    """Scopes with a pyramid, the branch first, then the other published ones, then
    the user's own ("Mes données")."""
    found = sorted(set(data.raw("age_pyramid")["scope"]))
    default = catalog.DEFAULT_POPULATION_SCOPE
    mine = [s for s in found if data.is_imported(s)]
    published = [s for s in found if s not in mine and s != default]
    return ([default] if default in found else []) + published + mine


def privacy_rule(scope: str, which: str = "screen") -> dict | None:
    """None when the projection of `scope` is shown whole (a published scope, or the
    owner's analysis); otherwise what `studio.outcome.protect` needs: the threshold,
    the families and (sex, band) cells the scope's diffusion view hides."""
    if data.audience_of(scope, which) != privacy.DIFFUSION:
        return None
    min_cell = data.min_cells()[scope]
    ref_year = int(data.raw("age_pyramid").query("scope == @scope")["ref_year"].max())
    return privacy.projection_rule(
        table("headcount", privacy.DIFFUSION), table("age_pyramid", privacy.DIFFUSION), scope, ref_year, min_cell
    )


def _population_info(scope: str, stamp: int, hidden: tuple[str, ...]) -> dict:
    pyr = data.raw("age_pyramid")
    pyr = pyr[pyr["scope"] == scope]
    latest = pyr[pyr["ref_year"] == pyr["ref_year"].max()]
    pop = population(scope)
    by_family = pop.groupby("family", sort=False)["headcount"].sum()
    by_family = by_family.where(~by_family.index.isin(hidden))  # diffusion: a hidden family is not counted
    return {
        "scope": scope,
        "ref_year": int(latest["ref_year"].max()),
        "total": float(pop["headcount"].sum()),
        "families": list(dict.fromkeys(pop["family"])),
        "headcounts": {f: float(v) for f, v in by_family.items()},
        "provenance": latest[["source_id", "ref_year", "status"]].drop_duplicates().reset_index(drop=True),
    }


def population_info(scope: str) -> dict:
    """Reference year, total, families (in the population's order), headcount by
    family (NaN for a family a diffusion view hides) and provenance rows of a scope's
    base population."""
    rule = privacy_rule(scope)
    return _population_info(scope, store_stamp(), tuple(rule["hidden_families"]) if rule else ())


# ---- presets ---------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def _presets() -> tuple[dict[str, dict], list[str]]:
    out, problems = {}, []
    for path in gpec.preset_files(catalog.SCENARIO_DIR):
        try:
            scn = gpec.Scenario.load(path)
        except gpec.ScenarioError as err:
            problems.extend(f"{path.name} : {p}" for p in err.problems)
            continue
        out[scn.name] = scn.to_dict()
    return out, problems


def presets() -> dict[str, dict]:
    """Shipped presets, name -> scenario dict, in display order. A damaged preset
    file is left out (and reported by `preset_problems`) rather than breaking the page."""
    return _presets()[0]


def preset_problems() -> list[str]:
    return _presets()[1]


def default_scenario() -> dict:
    """The first preset; should every preset be damaged, a minimal scenario of the
    engine's defaults, so the page still opens."""
    found = presets()
    if found:
        return next(iter(found.values()))
    return gpec.Scenario.from_dict(
        {
            "name": "Scénario",
            "base_year": 2025,
            "horizon_year": 2035,
            "retirement": {"rule": "legal_schedule", "schedule": gpec.DEFAULT_SCHEDULE},
            "hires": {"mean_age": 30, "age_sd": 7, "share_women": 0.76},
        }
    ).to_dict()


# ---- validation and projection -------------------------------------------------------------


def validate(data, families: list[str]) -> tuple[dict | None, list[str]]:
    """(canonical scenario dict, []) or (None, every problem as a sentence): the
    engine's own checks, the families against the population and the computation
    budget (draws × years × cells, gpec.MAX_COST) included."""
    try:
        scn = gpec.Scenario.from_dict(data)
    except gpec.ScenarioError as err:
        return None, list(err.problems)
    problems = scn.check_families(families) + gpec.budget_problems(scn, len(families))
    if problems:
        return None, problems
    return scn.to_dict(), []


# Monte Carlo runs at once in this server process, every session together. Two cores
# are shared by the page scripts of all visitors: one run at a time leaves the other
# core to them. A run stays within gpec.MAX_COST (a few seconds), so a queue moves.
def check_form(form: dict, source: dict, families: list[str]) -> tuple[dict | None, list[str]]:
    """The form's scenario as the engine accepts it (also kept as the last valid one),
    or None and every refusal: the form's own (a value a widget cannot hold) then
    the engine's."""
    draft, form_problems = scenario_from_form(form, source, families)
    checked, engine_problems = validate(draft, families)
    problems = form_problems + engine_problems
    if problems:
        return None, problems
    st.session_state[VALID] = checked
    return checked, []


def show_problems(problems: list[str], slots: dict, section_tabs: dict[str, tuple[str, ...]], name: str) -> None:
    """Each refusal next to its field (`slots`: section -> placeholder reserved by the
    page), and one warning above the results naming the tabs to look at and the
    scenario still shown."""
    sections = group_problems(problems)
    by_slot: dict[int, tuple[object, list[str]]] = {}
    for section, found in sections.items():
        slot = slots.get(section, slots["other"])
        by_slot.setdefault(id(slot), (slot, []))[1].extend(found)
    for slot, found in by_slot.values():
        slot.error(labels.SC_FIELD_ERRORS + "\n" + "\n".join(f"- {formats.plain(p)}" for p in found))
    places = ([labels.SC_NAME] if sections.get("identity") else []) + [
        labels.SC_TABS[t] for t, secs in section_tabs.items() if any(sections.get(s) for s in secs)
    ]
    where = ", ".join(places) or labels.SC_INPUTS
    st.warning(labels.SC_REFUSED.format(count=len(problems), where=where, name=formats.plain(name)))


MC_SLOTS = 1
MC_WAIT_SECONDS = 120  # a visitor still waiting after this is told to come back
_mc_slots = threading.BoundedSemaphore(MC_SLOTS)


class Busy(RuntimeError):
    """No Monte Carlo slot came free within MC_WAIT_SECONDS."""


class _Miss(Exception):
    """Raised by `_monte_carlo` on a cache miss: an exception is never cached."""


def _compute(canonical: str, scope: str, rule_json: str, progress=None) -> Outcome:
    projection = gpec.project(population(scope), json.loads(canonical), max_cost=gpec.MAX_COST, progress=progress)
    return protect(outcome(projection), json.loads(rule_json))


@st.cache_data(show_spinner=False, max_entries=64)
def _deterministic(canonical: str, scope: str, rule_json: str, stamp: int) -> Outcome:
    return _compute(canonical, scope, rule_json)


@st.cache_data(show_spinner=False, max_entries=16)
def _monte_carlo(canonical: str, scope: str, rule_json: str, stamp: int, _computed: Outcome | None = None) -> Outcome:
    """The cache of Monte Carlo outcomes, used in two calls so that the computation
    itself runs outside st.cache_data: a progress bar drawn from inside a cached
    function would be recorded and replayed on every hit. Called without
    `_computed`, a hit returns the outcome and a miss raises _Miss (nothing is
    stored); `_run_monte_carlo` then computes and calls again with `_computed`
    (not part of the key: its name starts with "_"), which stores it."""
    if _computed is None:
        raise _Miss
    return _computed


def _in_cached_function() -> bool:
    """True while a st.cache_data/cache_resource function runs (the deck's, which
    asks for the studio's projection): no progress bar then, it would be replayed."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import in_cached_function
    except ImportError:  # moved by a Streamlit release: draw the bar
        return False
    return bool(in_cached_function.get())


def _take_slot(show) -> None:
    """Wait for a Monte Carlo slot, saying so through `show(seconds)` (None: quietly);
    Busy after MC_WAIT_SECONDS. The wait is in short steps: each update of the
    message lets Streamlit stop this run if the visitor moves on."""
    if _mc_slots.acquire(blocking=False):
        return
    start = time.monotonic()
    while True:
        waited = time.monotonic() - start
        if waited >= MC_WAIT_SECONDS:
            raise Busy(labels.SC_MC_BUSY.format(seconds=MC_WAIT_SECONDS))
        if show is not None:
            show(int(waited))
        if _mc_slots.acquire(timeout=min(0.5, MC_WAIT_SECONDS - waited)):
            return


def _run_monte_carlo(canonical: str, scope: str, rule_json: str, stamp: int, draws: int) -> Outcome:
    """A Monte Carlo outcome: from the cache, or computed in a slot with a progress
    bar (a year of the projection per step). The bar is an st.empty placeholder
    drawn here, outside the cached function, and removed once done."""
    try:
        return _monte_carlo(canonical, scope, rule_json, stamp)
    except _Miss:
        pass
    quiet = _in_cached_function()
    place = None if quiet else st.empty()
    shown_draws = formats.number(draws)

    def waiting(seconds: int) -> None:
        place.progress(0.0, text=labels.SC_MC_WAITING.format(seconds=seconds))

    def advance(done: int, total: int) -> None:
        place.progress(done / total, text=labels.SC_MC_PROGRESS.format(draws=shown_draws, done=done, total=total))

    try:
        _take_slot(None if quiet else waiting)
        try:
            try:  # another session may have computed it while this one waited
                return _monte_carlo(canonical, scope, rule_json, stamp)
            except _Miss:
                pass
            if not quiet:
                advance(0, 1)
            computed = _compute(canonical, scope, rule_json, None if quiet else advance)
        finally:
            _mc_slots.release()
        return _monte_carlo(canonical, scope, rule_json, stamp, _computed=computed)
    finally:
        if place is not None:
            place.empty()


def project(scenario: dict, scope: str, which: str = "screen") -> Outcome:
    """The projection of a valid scenario dict on a scope's population (cached), in
    the audience `which` ("screen" or "export", see app.data): computed from the full
    counts, suppressed last when that audience is diffusion. Random draws take a
    few seconds: a progress bar shows the years done (nothing shows when the result
    is already cached), after a "calcul en attente" while other sessions' draws hold
    the server; should that wait pass MC_WAIT_SECONDS, the page says so and stops."""
    canonical = link.canonical_json(scenario)
    rule_json = json.dumps(privacy_rule(scope, which), sort_keys=True)
    draws = scenario.get("monte_carlo", {}).get("draws", 0)
    if not draws:
        return _deterministic(canonical, scope, rule_json, store_stamp())
    try:
        return _run_monte_carlo(canonical, scope, rule_json, store_stamp(), int(draws))
    except Busy as err:
        if _in_cached_function():
            raise
        st.error(str(err))
        st.stop()


# ---- loading a scenario into the widgets --------------------------------------------------------


def load(scenario: dict, scope: str) -> None:
    """Make `scenario` (valid, canonical) the one the widgets show and the results use."""
    info = population_info(scope)
    values = form_values(scenario, info["families"], info["headcounts"])
    for key in (
        "name",
        "description",
        "base_year",
        "horizon_year",
        "rule",
        "schedule",
        "delay_years",
        "fixed_age",
        "replacement",
        "other_exit",
        "growth",
        "mean_age",
        "age_sd",
        "share_women",
        "mc",
        "draws",
        "seed",
    ):
        st.session_state[w(key)] = values[key]
    st.session_state[w("scope")] = scope
    st.session_state[SOURCE] = scenario
    st.session_state[VALID] = scenario
    st.session_state[SCOPE] = scope
    st.session_state[GEN] = st.session_state.get(GEN, 0) + 1


def ensure_loaded(default_scope: str) -> None:
    """On a first visit, or back from another page (Streamlit then forgets the
    widgets), put the last valid scenario, or the first preset, in the widgets."""
    if SOURCE not in st.session_state:
        wanted = st.query_params.get("perimetre")  # the pages' scope filter, e.g. a link from the import page
        scope = wanted if wanted in scopes() else default_scope
        scenario = default_scenario()
        if scope != default_scope:
            info = population_info(scope)
            scenario, _ = fit_to_families(scenario, info["families"])
            scenario = validate(shift_years(scenario, info["ref_year"]), info["families"])[0] or default_scenario()
        load(scenario, scope)
    elif w("name") not in st.session_state:
        load(st.session_state[VALID], st.session_state[SCOPE])
    elif (
        (wanted := st.query_params.get("perimetre"))
        and wanted in scopes()
        and wanted != st.session_state[SCOPE]
        and not st.query_params.get("scenario")
    ):
        change_scope(wanted)


def load_checked(data, scope: str, place: str, refused: str) -> bool:
    """Validate `data` against the scope's population and load it; otherwise leave
    the current scenario alone and flash `refused` with the engine's sentences."""
    scenario, problems = validate(data, population_info(scope)["families"])
    if scenario is None:
        flash(place, "error", refused, problems)
        return False
    load(scenario, scope)
    return True


def change_scope(scope: str) -> None:
    """Carry the last valid scenario over to another population: its years start at
    the population's reference year, and assumptions about families it lacks go."""
    info = population_info(scope)
    scenario, dropped = fit_to_families(st.session_state[VALID], info["families"])
    moved = scenario["base_year"] != info["ref_year"]
    scenario = shift_years(scenario, info["ref_year"])
    checked, problems = validate(scenario, info["families"])
    if checked is None:  # a population with more families can exceed the computation budget
        flash("top", "error", labels.SC_SCOPE_REFUSED, problems)
        st.session_state[w("scope")] = st.session_state[SCOPE]
        return
    load(checked, scope)
    if moved:
        flash("top", "info", labels.SC_SCOPE_CHANGED.format(year=info["ref_year"]))
    if dropped:
        flash("top", "warning", labels.SC_SCOPE_DROPPED.format(paths=formats.plain(", ".join(dropped))))


# ---- messages kept across a rerun -----------------------------------------------------------------


def flash(place: str, kind: str, text: str, details: list[str] | None = None) -> None:
    """A message kept for the next run. `text` is Markdown: a label whose values from
    users (names, files) went through `formats.plain`; `details` are plain sentences
    (the engine's refusals, which quote what they refuse), escaped when shown."""
    st.session_state.setdefault(FLASH, {}).setdefault(place, []).append((kind, text, list(details or [])))


def clear_flash(place: str | None = None) -> None:
    if place is None:
        st.session_state[FLASH] = {}
    else:
        st.session_state.setdefault(FLASH, {}).pop(place, None)


def show_flash(place: str) -> None:
    for kind, text, details in st.session_state.get(FLASH, {}).get(place, []):
        body = text + ("\n" + "\n".join(f"- {formats.plain(d)}" for d in details) if details else "")
        getattr(st, kind)(body)


# ---- the share link -----------------------------------------------------------------------------


def apply_link(default_scope: str) -> None:
    """Open the scenario of `?scenario=` (and `?scope=`) when the URL carries one
    this session has not opened yet; a damaged link leaves the current scenario."""
    token = st.query_params.get("scenario")
    scope = st.query_params.get("scope", default_scope)
    key = f"{token}|{scope}"
    if not token or st.session_state.get(LINK_SEEN) == key:
        return
    st.session_state[LINK_SEEN] = key
    if scope not in scopes():
        flash(
            "top",
            "error",
            labels.SC_LINK_REFUSED,
            [f"la population « {scope} » n'existe pas dans le magasin de données."],
        )
        return
    try:
        data = link.decode(token)
    except link.LinkError as err:
        flash("top", "error", labels.SC_LINK_REFUSED, [str(err)])
        return
    if load_checked(data, scope, "top", labels.SC_LINK_REFUSED):
        clear_flash("top")


def sync_url(scenario: dict, scope: str, default_scope: str) -> str:
    """Write the valid scenario into the page's URL, so that the address bar is
    always a share link; returns the token."""
    token = link.encode(scenario)
    if st.query_params.get("scenario") != token:
        st.query_params["scenario"] = token
    if scope != default_scope:
        if st.query_params.get("scope") != scope:
            st.query_params["scope"] = scope
    elif "scope" in st.query_params:
        del st.query_params["scope"]
    st.session_state[LINK_SEEN] = f"{token}|{scope}"
    return token


# ---- pins -------------------------------------------------------------------------------------------


def pins() -> list[dict]:
    return st.session_state.setdefault(PINS, [])


def pin(scenario: dict, scope: str) -> str | None:
    """Pin a valid scenario; returns a sentence when it cannot be pinned."""
    current = pins()
    if any(p["scenario"] == scenario and p["scope"] == scope for p in current):
        return labels.SC_PIN_DUPLICATE
    if len(current) >= MAX_PINS:
        return labels.SC_PIN_FULL.format(max=MAX_PINS)
    names = {p["label"] for p in current}
    label, n = scenario["name"], 2
    while label in names:
        label, n = f"{scenario['name']} ({n})", n + 1
    current.append({"label": label, "scenario": scenario, "scope": scope})
    return None


def unpin(index: int) -> None:
    current = pins()
    if 0 <= index < len(current):
        current.pop(index)


# ---- figures ------------------------------------------------------------------------------------------

FIGURES = charts.FIGURES


def _build_figures(canonical: str, scope: str, present: bool, which: str = "screen") -> dict:
    scenario = json.loads(canonical)
    internal = data.is_imported(scope) and data.audience_of(scope, which) == privacy.ANALYSIS
    return charts.studio_figures(
        project(scenario, scope, which),
        scenario["name"],
        scenario["base_year"],
        scenario["horizon_year"],
        present,
        internal,
    )


@st.cache_resource(show_spinner=False, max_entries=32)
def _figures(canonical: str, scope: str, stamp: int, present: bool, rule_json: str, which: str) -> dict:
    return _build_figures(canonical, scope, present, which)


def figures(scenario: dict, scope: str, present: bool, which: str = "screen") -> dict:
    """The page's figures of a valid scenario, styled. Building plotly figures
    costs more than the projection itself, so they are kept (shared, never mutated
    after this point: st.plotly_chart only reads them). The audience's rule is part
    of the key: an analysis figure is never served to a diffusion view."""
    return _figures(
        link.canonical_json(scenario),
        scope,
        store_stamp(),
        present,
        json.dumps([privacy_rule(scope, which), data.audience_of(scope, which)], sort_keys=True),
        which,
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _compare_figure(pinned: str, stamp: int, present: bool, rules: str):
    outcomes = {p["label"]: project(p["scenario"], p["scope"]) for p in json.loads(pinned)}
    return charts.comparison_figure(outcomes, present)


def compare_figure(pinned: list[dict], present: bool):
    """Total headcount of the pinned scenarios on one chart (kept like `figures`)."""
    rules = json.dumps([privacy_rule(p["scope"]) for p in pinned], sort_keys=True)
    return _compare_figure(json.dumps(pinned, sort_keys=True, ensure_ascii=False), store_stamp(), present, rules)
