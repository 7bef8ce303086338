"""The app's side of the meeting pack: the sidebar's "Télécharger la présentation
(PPTX)" and the PNG/SVG downloads under every chart.

Both are lazy on purpose. Drawing a chart in high resolution costs a browser round
trip (about half a second warm, two or more cold), so nothing is rendered until the
user asks: a "Préparer…" button builds the file, behind `st.cache_data`, and only
then the download buttons appear. A prepared file is tied to what it was built
from (figure, filters, scenario): when that changes, the "Préparer…" button comes
back instead of offering a stale file.

The deck is built from what the user is looking at: the shared filters (périmètre,
année, familles, règle d'âge légal, read from the session or the URL like the pages
do) and the scenario the studio currently shows, with its cached projection.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from app import data
from app.data import store_stamp, table
from app.filters import FAMILIES_KEY, SCHEDULE_KEY, SCOPE_KEY, YEAR_KEY
from charts import ages
from charts.common import source_note
from core import formats, labels, privacy
from etl import catalog
from report import content, deck, images

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SCENARIO_KEY = "sc.valid"  # the studio's current valid scenario (app/scenario/state.py)
SCENARIO_SCOPE_KEY = "sc.scope"  # its population scope
INCLUDE_SCENARIO_KEY = "deck.include_scenario"
PREPARED_KEY = "deck.prepared"  # (request key, pptx bytes, file name)
PINS_KEY = "sc.pins"  # the studio's pinned scenarios (app/scenario/state.py)
INCLUDE_PINS_KEY = "deck.include_pins"
SECTIONS_KEY = "deck.sections"


def _digest(*parts: str) -> str:
    h = hashlib.sha1()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


# ---- per-chart pictures -------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def _captioned(fig_json: str, title: str, source: str) -> dict[str, bytes]:
    fig = pio.from_json(fig_json)
    return images.captioned_bytes(fig, title or None, source, renderer=images.shared_renderer())


def _figure_json(fig: go.Figure) -> str:
    """The figure's JSON, kept on the figure with the house style it was taken under:
    the pages' figures are cached and shared read-only (app.layout.chart), so plotly
    serialises each once instead of on every run of the page."""
    kept = getattr(fig, "_releve_json", None)
    style = getattr(fig, "_house_style", None)
    if kept is None or kept[0] != style:
        kept = (style, fig.to_json())
        fig._releve_json = kept
    return kept[1]


def image_downloads(
    fig: go.Figure, data: pd.DataFrame | None, *, key: str, filename: str, title: str | None, source: str | None = None
) -> None:
    """A "Préparer l'image (PNG, SVG)" button under a chart; once prepared, the PNG
    and SVG downloads (1 920 x 1 080, title and source line drawn in). The source
    line is that of `data` (the rows drawn), or `source` as plain text for charts
    whose provenance is not a frame of rows (the scenario studio's)."""
    ready_key = f"img.ready.{key}"
    prepared = st.session_state.get(ready_key)
    if prepared is None and not _prepare_button(key):
        return  # nothing prepared, nothing asked: the figure is not even serialised
    if source is None:
        source = source_note(data, table("sources")) if data is not None else ""
    fig_json = _figure_json(fig)
    stamp = _digest(fig_json, title or "", source)
    if prepared is not None and prepared != stamp and not _prepare_button(key):
        return  # prepared for other filters: ask again
    st.session_state[ready_key] = stamp
    try:
        with st.spinner(labels.IMAGE_PREPARING):
            pictures = _captioned(fig_json, title or "", source)
    except images.ImageExportError as err:
        st.session_state.pop(ready_key, None)
        st.error(str(err))
        return
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        labels.IMAGE_DOWNLOAD_PNG,
        data=pictures["png"],
        file_name=f"{filename}.png",
        mime=images.MIME["png"],
        key=f"img.png.{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        labels.IMAGE_DOWNLOAD_SVG,
        data=pictures["svg"],
        file_name=f"{filename}.svg",
        mime=images.MIME["svg"],
        key=f"img.svg.{key}",
        on_click="ignore",
        icon=":material/download:",
    )


def _prepare_button(key: str) -> bool:
    """The "Préparer l'image" button; clicked, it gives way to the downloads in the same run."""
    slot = st.empty()
    if not slot.button(labels.IMAGE_PREPARE, key=f"img.prepare.{key}", icon=":material/image:"):
        return False
    slot.empty()
    return True


# ---- the deck ------------------------------------------------------------------------------------


def _state(key: str):
    """A shared filter's value: the widget's session state when the page has one,
    else the URL parameter it is bound to."""
    if key in st.session_state and st.session_state[key] not in (None, [], ""):
        return st.session_state[key]
    if key == FAMILIES_KEY:
        return st.query_params.get_all(key) or None
    return st.query_params.get(key)


def current_scenario() -> tuple[dict | None, str]:
    """The studio's current scenario and its scope (None when the studio was not
    opened in this session and the URL carries no valid scenario)."""
    scope = st.session_state.get(SCENARIO_SCOPE_KEY) or st.query_params.get("scope") or catalog.DEFAULT_POPULATION_SCOPE
    scenario = st.session_state.get(SCENARIO_KEY)
    if scenario is None and st.query_params.get("scenario"):
        from studio import link

        try:
            scenario = link.decode(st.query_params["scenario"])
        except link.LinkError:
            scenario = None
    return scenario, scope


def pinned_scenarios() -> list[dict]:
    """The studio's pinned scenarios ({"label", "scenario", "scope"}), in pin order."""
    return list(st.session_state.get(PINS_KEY) or [])


def current_request(
    include_scenario: bool, sections: list[str] | None = None, include_pins: bool = False
) -> tuple[dict, content.DeckRequest]:
    """(request key, request) for what the user is looking at."""
    scope = _state(SCOPE_KEY) or catalog.DEFAULT_POPULATION_SCOPE
    if scope not in content.deck_scopes(table):  # a page-specific scope: the deck's pages fall back like theirs
        scope = catalog.DEFAULT_POPULATION_SCOPE
    year = _state(YEAR_KEY)
    try:
        year = int(year) if year is not None else None
    except (TypeError, ValueError):
        year = None
    fams = _state(FAMILIES_KEY)
    schedule = _state(SCHEDULE_KEY) or content.DEFAULT_SCHEDULE
    if schedule not in ages.SCHEDULE_SOURCES:
        schedule = content.DEFAULT_SCHEDULE
    scenario, scenario_scope = current_scenario() if include_scenario else (None, scope)
    if scenario is not None and data.is_imported(scenario_scope):
        scope = scenario_scope  # a deck is built for one scope: a scenario on the user's data makes it theirs
    pins = [p for p in pinned_scenarios() if p["scope"] == scope] if include_pins else []
    if len(pins) < 2:
        pins = []
    if sections is not None and scenario is None and not pins:
        sections = [s for s in sections if s != "scenarios"]
    key = {
        "scope": scope,
        "year": year,
        "families": list(fams) if fams else None,
        "schedule": schedule,
        "scenario": scenario,
        "scenario_scope": scenario_scope,
        "sections": list(sections) if sections is not None else None,
        "pins": pins,
        "stamp": store_stamp(),
        "day": dt.date.today().isoformat(),
    }
    request = content.DeckRequest(scope=scope, ref_year=year, families=tuple(fams) if fams else None, schedule=schedule)
    return key, request


def _projection(scenario: dict, scope: str):
    """The studio's cached projection of `scenario` (same cache as the page), in
    diffusion: a deck leaves the team."""
    from app.scenario import state as scenario_state

    return scenario_state.project(scenario, scope, privacy.DIFFUSION)


def _request(key: dict) -> content.DeckRequest:
    import gpec

    request = content.DeckRequest(
        scope=key["scope"],
        sections=tuple(key["sections"]) if key.get("sections") is not None else None,
        ref_year=key["year"],
        families=tuple(key["families"]) if key["families"] else None,
        schedule=key["schedule"],
        today=dt.date.fromisoformat(key["day"]),
        compared=tuple(
            (p["label"], gpec.Scenario.from_dict(p["scenario"]), _projection(p["scenario"], p["scope"]))
            for p in key.get("pins") or []
        ),
    )
    if key["scenario"] is not None:
        scn = gpec.Scenario.from_dict(key["scenario"])
        population = data.population(key["scenario_scope"])
        request = dataclasses.replace(
            request, scenario=scn, population=population, projection=_projection(key["scenario"], key["scenario_scope"])
        )
    return request


def build(key_json: str, progress=None) -> bytes:
    """The deck of a request key; `progress(share, text)` follows the phases: the
    slides' content, the pictures of the charts PowerPoint cannot draw, the slides."""
    report = progress or (lambda share, text: None)
    report(0.02, labels.DECK_PROGRESS_CONTENT)
    request = _request(json.loads(key_json))
    spec = content.build_spec(request, lambda name: table(name, privacy.DIFFUSION), data.raw, data.min_cells())
    report(0.3, labels.DECK_PROGRESS_PICTURES if deck.needs_pictures(spec) else labels.DECK_PROGRESS_SLIDES)

    def slides(done: int, total: int) -> None:
        report(0.3 + 0.7 * done / max(total, 1), labels.DECK_PROGRESS_SLIDES)

    return deck.build(spec, renderer=images.shared_renderer(), progress=slides)


def _file_name(scope: str) -> str:
    return labels.DECK_FILE_NAME.format(scope=scope.replace("_", "-"), date=dt.date.today().isoformat())


def section_label(section: str) -> str:
    return labels.NAV_TITLES.get(section) or labels.PAGE_TITLES.get(section, section)


# A click on "Préparer et télécharger" builds the file behind a progress bar, then this
# script clicks the download button that replaced it, so one click gives the file.
AUTO_DOWNLOAD = """
<script>
const doc = window.parent.document;
const label = %s;
const find = () => Array.from(doc.querySelectorAll('[data-testid="stDownloadButton"] button'))
  .find(b => b.innerText.includes(label));
let tries = 0;
const timer = setInterval(() => {
  const b = find();
  if (b || ++tries > 50) { clearInterval(timer); if (b) b.click(); }
}, 100);
</script>
"""


def sidebar_button() -> None:
    """The sidebar's meeting-pack block: the sections to include (those of `python -m
    report --pages`), the studio's scenario and pins, and one button that builds the
    file behind a progress bar and downloads it."""
    scenario, _ = current_scenario()
    pins = pinned_scenarios()
    with st.sidebar.container(border=True):
        include = False
        if scenario is not None:
            include = st.checkbox(
                labels.DECK_INCLUDE_SCENARIO.format(name=formats.plain(scenario.get("name", ""))),
                value=True,
                key=INCLUDE_SCENARIO_KEY,
            )
        include_pins = False
        if len(pins) >= 2:
            include_pins = st.checkbox(labels.DECK_INCLUDE_PINS.format(n=len(pins)), value=True, key=INCLUDE_PINS_KEY)
        offered = [s for s in content.SECTIONS if s != "scenarios" or include or include_pins]
        chosen = st.multiselect(
            labels.DECK_SECTIONS,
            offered,
            default=offered,
            format_func=section_label,
            key=SECTIONS_KEY,
            help=labels.DECK_SECTIONS_HELP,
        )
        chosen = [s for s in offered if s in chosen]
        if not chosen:
            st.caption(labels.DECK_NO_SECTION)
            return
        key, request = current_request(include, chosen, include_pins)
        key_json = json.dumps(key, sort_keys=True, ensure_ascii=False, default=str)
        prepared = st.session_state.get(PREPARED_KEY)
        fresh = False
        if prepared is None or prepared[0] != key_json:
            slot = st.empty()
            if not slot.button(
                labels.DECK_PREPARE,
                key="deck.prepare",
                help=labels.DECK_PREPARE_HELP,
                icon=":material/slideshow:",
                width="stretch",
            ):
                return
            bar = slot.progress(0.0, text=labels.DECK_PROGRESS_CONTENT)
            try:
                pptx = build(key_json, lambda share, text: bar.progress(min(share, 1.0), text=text))
            except images.ImageExportError as err:
                slot.empty()
                st.error(str(err))
                return
            except content.DeckRequestError as err:
                slot.empty()
                st.error(labels.DECK_FAILED.format(reason=formats.plain(" ; ".join(err.problems))))
                return
            except Exception as err:  # noqa: BLE001 - the engine's refusals and the rest: a sentence
                slot.empty()
                reason = " ; ".join(getattr(err, "problems", [])) or str(err)
                st.error(labels.DECK_FAILED.format(reason=formats.plain(reason)))
                return
            slot.empty()
            prepared = (key_json, pptx, _file_name(request.scope))
            st.session_state[PREPARED_KEY] = prepared
            fresh = True
        st.download_button(
            labels.DECK_BUTTON,
            data=prepared[1],
            file_name=prepared[2],
            mime=PPTX_MIME,
            key="deck.download",
            on_click="ignore",
            icon=":material/download:",
            type="primary",
            width="stretch",
        )
        if fresh:
            import streamlit.components.v1 as components

            components.html(AUTO_DOWNLOAD % json.dumps(labels.DECK_BUTTON), height=0)
