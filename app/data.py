"""Cached access to the store: the one read path of pages, studio and deck button.

The cache key includes the store's manifest stamp and those of the imported scopes,
so a rebuilt store, a new import or a deleted one is picked up without restarting
the app. Cached tables are held once and shared by every session (no unpickling on
each read): the functions below hand out copies, never the cached object. On a shared server, the visitor's own scopes (app.session_scopes) are added
to the rows at each run, never to a cache other sessions read.

`table(name, audience)` gives every visible scope's rows in one audience:

* `"screen"` (the default): each imported scope in the audience of the page
  (app.audience.screen: analysis for its owner, diffusion in presentation mode or for
  a scope the visitor does not own);
* `"export"`: the audience of a downloaded file (diffusion unless the owner chose
  the internal export);
* `privacy.ANALYSIS` / `privacy.DIFFUSION`: every imported scope in that audience.

Counting tables (privacy.PROTECTED_TABLES) always carry `suppressed` and
`suppressed_label`; in diffusion the hidden values are NaN with their label and an
imported scope's pyramid is in 5-year bands. Computations (totals, shares, the
engine's input) read `raw`, the full counts: suppression is the last step.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterator

import pandas as pd
import streamlit as st

from app import audience, session_scopes
from core import privacy
from etl import catalog


def _import_stamps() -> list[tuple[str, int]]:
    stamps = []
    for scope in catalog.imported_scopes():
        try:
            stamps.append((scope, (catalog.imports_dir() / scope / "manifest.json").stat().st_mtime_ns))
        except OSError:  # deleted meanwhile
            continue
    return stamps


def _files_stamp() -> tuple[int, list[tuple[str, int]]]:
    path = catalog.store_dir() / "manifest.json"
    return (path.stat().st_mtime_ns if path.exists() else 0), _import_stamps()


# A page asks for the stamp a hundred times a run; the files are looked at once per run
# (`run_scope`), and afresh outside a run (callbacks, which may have just written).
_run = threading.local()


@contextlib.contextmanager
def run_scope() -> Iterator[None]:
    """Wraps one run of the app: within it the store's files are looked at once."""
    _run.files = _run.cells = None
    _run.active = True
    try:
        yield
    finally:
        _run.active = False


def _files() -> tuple[int, list[tuple[str, int]]]:
    if not getattr(_run, "active", False):
        return _files_stamp()
    if _run.files is None:
        _run.files = _files_stamp()
    return _run.files


def store_stamp() -> int:
    """Changes with the store, the operator's imports, and this session's own scopes."""
    base, imports = _files()
    mine = session_scopes.stamp()
    if not imports and not mine:
        return base
    return int(
        hashlib.sha256(repr((base, imports, mine, id_of_session() if mine else "")).encode()).hexdigest()[:15], 16
    )


def id_of_session() -> str:
    """This browser session's id (its scopes never share a cache entry with another's)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return ctx.session_id if ctx else ""
    except Exception:  # noqa: BLE001 - outside a Streamlit run (tests of pure helpers)
        return ""


@st.cache_resource(show_spinner=False, max_entries=64)
def _operator_thresholds(stamp: int) -> dict[str, int]:
    from etl.imports.scopes import thresholds

    return thresholds()


def min_cells() -> dict[str, int]:
    """Imported scope visible to this session -> its confidentiality threshold."""
    stamp = store_stamp()
    memo = getattr(_run, "cells", None) if getattr(_run, "active", False) else None
    if memo is None or memo[0] != stamp:
        memo = (stamp, {**_operator_thresholds(stamp), **session_scopes.thresholds()})
        _run.cells = memo
    return dict(memo[1])  # a copy: the cached one is shared


@st.cache_resource(show_spinner=False, max_entries=64)
def _load(name: str, stamp: int) -> pd.DataFrame:
    return catalog.load(name)


def raw(name: str) -> pd.DataFrame:
    """A store table with every visible scope's full counts (a copy)."""
    df = _load(name, store_stamp())
    mine = session_scopes.rows(name)
    if not mine:
        return df.copy()
    return pd.concat([df, *(catalog.conform(m, df) for m in mine)], ignore_index=True)


@st.cache_resource(show_spinner=False, max_entries=32)
def _protected_operator(stamp: int, diffusion: tuple[tuple[str, int], ...]) -> dict[str, pd.DataFrame]:
    tables = {name: catalog.load(name) for name in privacy.PROTECTED_TABLES}
    return privacy.protect_tables(tables, dict(diffusion))


def _diffusion_scopes(which: str) -> dict[str, int]:
    cells = min_cells()
    if which == privacy.DIFFUSION:
        return cells
    if which == privacy.ANALYSIS:
        return {}
    rule = audience.screen if which == "screen" else audience.export
    return {s: m for s, m in cells.items() if rule(s) == privacy.DIFFUSION}


def table(name: str, which: str = "screen") -> pd.DataFrame:
    """A store table as `which` audience sees it (see the module's docstring); a copy,
    so a page may filter it without touching the cache."""
    if name not in privacy.PROTECTED_TABLES:
        return raw(name)
    diffusion = _diffusion_scopes(which)
    mine = set(session_scopes.names())
    operator = tuple(sorted((s, m) for s, m in diffusion.items() if s not in mine))
    out = _protected_operator(store_stamp(), operator)[name].copy()
    if not mine:
        return out
    frames = [out]
    for scope in sorted(mine):
        rows = {n: session_scopes.rows_of(scope, n) for n in privacy.PROTECTED_TABLES}
        rows = {n: df for n, df in rows.items() if len(df)}
        view = privacy.protect_tables(rows, {scope: diffusion[scope]} if scope in diffusion else {})
        if name in view:
            frames.append(view[name][[c for c in out.columns if c in view[name].columns]])
    return pd.concat(frames, ignore_index=True)


def audience_of(scope: str | None, which: str = "screen") -> str:
    """The audience a view of `scope` is in ("screen", "export", or an audience)."""
    if which in privacy.AUDIENCES:
        return which if is_imported(scope) else privacy.ANALYSIS
    return audience.screen(scope) if which == "screen" else audience.export(scope)


def is_imported(scope: str | None) -> bool:
    return audience.is_imported(scope)


def published_scopes(df: pd.DataFrame) -> list[str]:
    """The scopes of a table's rows that are published, not imported."""
    imported = set(min_cells())
    return [s for s in dict.fromkeys(df["scope"]) if s not in imported]


def published_only(df: pd.DataFrame) -> pd.DataFrame:
    """The rows of published scopes only: the home page, the branch series and the
    branch deck never show a user's own data."""
    return df[~df["scope"].isin(set(min_cells()))].reset_index(drop=True)


@st.cache_resource(show_spinner=False, max_entries=16)
def _published_series(stamp: int) -> dict[str, pd.DataFrame]:
    from charts import series

    tables = {name: published_only(table(name)) for name in ("figures", "gender", "headcount")}
    return series.charted({**tables, "establishments": table("establishments"), "sources": table("sources")})


@st.cache_resource(show_spinner=False, max_entries=16)
def _key_figures(stamp: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from charts import keyfigures

    figures, sources = published_only(table("figures")), table("sources")
    changes = keyfigures.changes(figures, published_only(table("gender")), table("establishments"))
    return keyfigures.key_figures(figures), keyfigures.card_history(figures, sources), changes


def key_figures() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The home page's cards, their older values and the changes since 2009
    (charts.keyfigures) of the published tables: computed once per store."""
    return tuple(df.copy() for df in _key_figures(store_stamp()))  # type: ignore[return-value]


@st.cache_resource(show_spinner=False, max_entries=16)
def _home_blocks(stamp: int) -> dict:
    from charts import keyfigures

    cards, history, changes = _key_figures(stamp)
    sources = table("sources")
    captions = {}
    for _, row in cards.iterrows():
        details = keyfigures.card_details(row)
        captions[row["key"]] = keyfigures.card_caption(row, sources) + ("  \n" + details if details else "")
    return {
        "captions": captions,
        "history": keyfigures.history_table(history),
        "changes": keyfigures.changes_wide(changes),
        "scopes": keyfigures.headcount_scopes_data(published_only(table("headcount"))),
    }


def home_blocks() -> dict:
    """What the home page lays out besides its cards, from the published tables only:
    each card's caption (by card key), the history and changes tables as shown, and
    the published headcounts by scope. Computed once per store (about 25 ms a run)."""
    blocks = _home_blocks(store_stamp())
    return {k: dict(v) if isinstance(v, dict) else v.copy() for k, v in blocks.items()}


@st.cache_resource(show_spinner=False, max_entries=16)
def _sparklines(stamp: int) -> dict[str, pd.DataFrame]:
    from charts import keyfigures

    cards, history, _ = _key_figures(stamp)
    return {row["key"]: keyfigures.sparkline_data(history, row["key"], row["scope"]) for _, row in cards.iterrows()}


def sparklines() -> dict[str, pd.DataFrame]:
    """Each home card's sparkline points (charts.keyfigures.sparkline_data), by card
    key: computed once per store, like the cards."""
    return {key: df.copy() for key, df in _sparklines(store_stamp()).items()}


@st.cache_resource(show_spinner=False, max_entries=16)
def _establishments(stamp: int) -> dict[str, pd.DataFrame]:
    from charts import livre3

    est = table("establishments")
    rows = livre3.crosswalk_data(est, table("establishment_types"))
    return {"bars": livre3.establishments_data(est), "crosswalk": rows, "reading": livre3.crosswalk_table(rows)}


def crosswalk() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Livre 3 establishment types' crosswalk (rows, and the table for reading):
    published tables only, computed once per store."""
    built = _establishments(store_stamp())
    return built["crosswalk"].copy(), built["reading"].copy()


def establishment_bars() -> pd.DataFrame:
    """The Livre 3 establishments by type group and list, as charted: published lists
    only (no import adds establishments), computed once per store."""
    return _establishments(store_stamp())["bars"].copy()


def published_series() -> dict[str, pd.DataFrame]:
    """The Évolutions page's series (charts.series.charted) of the published tables:
    the same for every visitor, computed once per store instead of on every run."""
    return {name: df.copy() for name, df in _published_series(store_stamp()).items()}


def population(scope: str) -> pd.DataFrame:
    """The engine's base population of a scope (full counts; the latest year)."""
    if session_scopes.has(scope):
        pyr = session_scopes.rows("age_pyramid")
        pyr = pd.concat(pyr) if pyr else pd.DataFrame(columns=["scope", "ref_year"])
        pyr = pyr[pyr["scope"] == scope]
        latest = pyr[pyr["ref_year"] == pyr["ref_year"].max()]
        return latest[["family", "sex", "age", "headcount"]].reset_index(drop=True)
    return _population(scope, store_stamp())


@st.cache_data(show_spinner=False)
def _population(scope: str, stamp: int) -> pd.DataFrame:
    return catalog.default_population(scope)
