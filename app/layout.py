"""The chart block every page uses: the chart, its source line with a status badge,
and a CSV download of exactly the rows drawn, in the dialect chosen in the sidebar."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app import audience, present
from app.data import min_cells as data_min_cells
from app.data import table
from charts import theme
from charts.common import hidden_count, image_config, internal_mark, source_note, style
from core import exports, formats, labels, privacy, workbook


def dialect() -> str:
    return st.session_state.get("csv_dialect", "standard")


def download_csv(
    data: pd.DataFrame,
    filename: str,
    key: str,
    label: str = labels.DOWNLOAD_CSV,
    excel: bool = False,
    title: str | None = None,
) -> None:
    """A CSV of `data` in the sidebar's dialect; hidden cells read their label ("< 5",
    "secret"), and a file of an imported scope says which audience it is for. Excel
    (FR) is written for people (French headers, labels, numbers as displayed, the
    selection on a first line), standard for machines. With `excel`, an "Excel"
    button beside it gives the same rows as a workbook, with their sources."""
    d = dialect()
    suffix = _audience_suffix(data)
    internal_name = "-interne" if suffix == labels.EXPORT_AUDIENCE_SUFFIX["analysis"] else ""
    shown = privacy.with_labels(data)
    where = st.columns([3, 2]) if excel else (st, None)
    where[0].download_button(
        f"{label} · {labels.EXPORT_DIALECTS[d]}{suffix}",
        data=lambda: exports.people_csv_bytes(shown, d),  # built on click, not on every run of the page
        file_name=f"{filename}{internal_name}.csv",
        mime="text/csv",
        key=f"dl-{key}",
        on_click="ignore",  # no rerun of the page for a download (it raced the file's build under load)
    )
    if excel:
        where[1].download_button(
            f"{labels.DOWNLOAD_XLSX}{suffix}",
            data=_chart_workbook(shown, title or filename),  # built on click, off the page's run
            file_name=f"{filename}{internal_name}.xlsx",
            mime=workbook.MIME,
            key=f"xl-{key}",
            help=labels.DOWNLOAD_XLSX_HELP,
            on_click="ignore",
            icon=":material/table_view:",
        )


def _chart_workbook(rows: pd.DataFrame, title: str):
    """A chart's rows as a workbook ("Lisez-moi", the rows, the sources they cite),
    returned as a callable so the workbook is built only when the button is clicked;
    only what depends on this session (the scopes' audience) is settled in the run."""
    import functools

    scopes = list(dict.fromkeys(rows["scope"])) if "scope" in rows else []
    rule = (
        labels.WORKBOOK_ABOUT_PRIVACY_TEXT.format(
            min_cell=min(data_min_cells().values(), default=privacy.DEFAULT_MIN_CELL)
        )
        if any(audience.is_imported(s) for s in scopes)
        else labels.WORKBOOK_ABOUT_PRIVACY_NONE
    )
    return functools.partial(_workbook_of, rows, title, table("sources"), scopes, rule)


def _workbook_of(rows: pd.DataFrame, title: str, sources: pd.DataFrame, scopes: list[str], rule: str) -> bytes:
    import datetime as dt

    from charts.common import cited_sources

    about = workbook.about_lines(", ".join(labels.scope_label(s) for s in scopes), dt.date.today().isoformat(), rule)
    about.insert(0, (labels.WORKBOOK_CHART_SHEET, exports.selection(rows) or title))
    sheet = workbook.Sheet(labels.WORKBOOK_CHART_SHEET, rows, labels.WORKBOOK_CHART_ABOUT.format(title=title))
    used = sources[sources["source_id"].isin(cited_sources(rows))].reset_index(drop=True)
    return workbook.workbook_bytes([sheet], used, about)


def _audience_suffix(data: pd.DataFrame) -> str:
    """ " · diffusion" / " · interne (ne pas diffuser)" for a file of an imported scope."""
    if "scope" not in data or data.empty:
        return ""
    imported = [s for s in dict.fromkeys(data["scope"]) if audience.is_imported(s)]
    if not imported:
        return ""
    which = privacy.DIFFUSION if any(audience.export(s) == privacy.DIFFUSION for s in imported) else privacy.ANALYSIS
    return labels.EXPORT_AUDIENCE_SUFFIX[which]


def status_badges(data: pd.DataFrame) -> str:
    if "status" not in data:
        return ""
    return " ".join(
        f":{theme.STATUS_COLORS.get(s, 'gray')}-badge[{labels.STATUS_LABELS.get(s, s)}]"
        for s in dict.fromkeys(data["status"])
    )


def internal(data: pd.DataFrame) -> bool:
    """Whether rows drawn are an imported scope's full counts (analysis): the chart
    then carries "Données internes — ne pas diffuser" in itself."""
    if "scope" not in data or data.empty:
        return False
    return any(audience.is_imported(s) and audience.screen(s) == privacy.ANALYSIS for s in dict.fromkeys(data["scope"]))


def mark_internal(fig: go.Figure) -> go.Figure:
    """A copy of `fig` with the internal-data box, so a screenshot cannot travel without it."""
    return internal_mark(go.Figure(fig))


def chart_block(
    fig: go.Figure,
    data: pd.DataFrame,
    *,
    key: str,
    filename: str,
    title: str | None = None,
    export: pd.DataFrame | None = None,
    export_fig: go.Figure | None = None,
) -> None:
    """Lay out one chart. `data` is what the chart draws, with its provenance columns;
    `export` what its CSV gives and `export_fig` what its PNG/SVG show (the same rows
    in the audience of a file taken away; `data` and `fig` when omitted)."""
    if data.empty:
        st.info(labels.NO_DATA)
        return
    on = present.is_on()
    if getattr(fig, "_house_style", None) != (title, on):
        style(fig, title, present=on)
    if internal(data) and not getattr(fig, "_internal", False):
        fig = mark_internal(fig)
    # theme=None: the house style (charts.common.style) decides fonts and sizes, so the
    # chart on screen, its PNG and the deck's slide look the same and scale on a projector.
    st.plotly_chart(fig, key=f"chart-{key}", config=image_config(filename), width="stretch", theme=None)
    provenance_caption(data)
    hidden_caption(data)
    if not on:
        download_csv(data if export is None else export, filename, key, excel=True, title=title)
        from app import deck  # lazy PNG/SVG at presentation resolution, title and source drawn in

        deck.image_downloads(
            fig if export_fig is None else export_fig,
            data if export is None else export,
            key=key,
            filename=filename,
            title=title,
        )


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(
    _builder, builder_name: str, data: pd.DataFrame, title: str | None, on: bool, marked: bool = False
) -> go.Figure:
    fig = style(_builder(data), title, present=on)
    if marked:
        fig = mark_internal(fig)
    fig._house_style = (title, on)
    fig._internal = marked
    return fig


def hidden_caption(data: pd.DataFrame) -> None:
    """Under a chart or a table with hidden cells: how many, and why."""
    n = hidden_count(data)
    if n:
        label = next((x for x in data.get(privacy.SUPPRESSED_LABEL, []) if x and x != privacy.SECONDARY_LABEL), "< 5")
        st.caption(labels.AUDIENCE_HIDDEN_COUNT.format(count=n, min_cell=label.replace("<", "").strip()))


@st.cache_resource(show_spinner=False, max_entries=256)
def _plain_figure(_builder, builder_name: str, data: pd.DataFrame) -> go.Figure:
    return _builder(data)


def figure(builder, data: pd.DataFrame) -> go.Figure:
    """`builder(data)` for a figure drawn as is (no house style, e.g. a sparkline):
    built once per rows and shared, read-only, by every rerun and session."""
    return _plain_figure(builder, f"{builder.__module__}.{builder.__qualname__}", data)


def chart(
    builder,
    data: pd.DataFrame,
    *,
    key: str,
    filename: str,
    title: str | None = None,
    export: pd.DataFrame | None = None,
) -> None:
    """`chart_block` for a chart builder of charts/ (DataFrame in, figure out): the
    styled figure is built once per (rows, title, mode) and shared, read-only, by
    every rerun and session; Plotly's validation is most of a page's server time."""
    if data.empty:
        st.info(labels.NO_DATA)
        return
    name = f"{builder.__module__}.{builder.__qualname__}"
    fig = _figure(builder, name, data, title, present.is_on(), internal(data))
    export_fig = None
    if export is not None and not export.equals(data) and not export.empty:
        export_fig = _figure(
            builder,
            name,
            export,
            title,
            present.is_on(),
            internal(export) and any(audience.export(s) == privacy.ANALYSIS for s in dict.fromkeys(export["scope"])),
        )
    chart_block(fig, data, key=key, filename=filename, title=title, export=export, export_fig=export_fig)


def lazy_tabs(names: list[str], key: str):
    """Tabs of which the page draws only the open one (`tab.open`), so that its first
    chart does not wait for the others. A link may name the tab to open first
    (?theme=…, ?graphique=…): it is read as the default, but a click does not write it
    back into the address. Bound to the address, a tab click under load was seen to
    rerun the page with its widgets reset (a browser test of the studio, 2 in 4 runs)."""
    asked = st.query_params.get(key)
    return st.tabs(names, key=key, default=asked if asked in names else None, on_change="rerun")


def page_header(page: str) -> None:
    """The page title and, outside presentation mode, its one-paragraph introduction."""
    st.title(labels.PAGE_TITLES[page])
    if not present.is_on():
        st.markdown(labels.PAGE_INTROS[page])


def provenance_caption(data: pd.DataFrame) -> None:
    """The source line under a chart, a table or a row of cards: sources and years in
    words, statuses as coloured badges (not repeated in words)."""
    if not data.empty:
        st.caption(
            f"{source_note(data.drop(columns='status', errors='ignore'), table('sources'))} {status_badges(data)}"
        )


def table_block(
    shown: pd.DataFrame,
    data: pd.DataFrame,
    *,
    key: str,
    filename: str,
    column_config: dict | None = None,
    height: int | str = "auto",
    static: bool = False,
    export: pd.DataFrame | None = None,
) -> None:
    """A table for reading (`shown`, French headers) above the source line and a CSV of
    `data`, the same rows with their provenance columns. `static` draws a plain table
    (no scrolling, every row visible: readable on a projector)."""
    if shown.empty:
        st.info(labels.NO_DATA)
        return
    if present.is_on():  # a projector: the whole table, large, no inner scrollbar, paged if long
        projector_table(shown, key)
    elif static:
        st.table(shown.set_index(shown.columns[0]))
    else:
        st.dataframe(
            shown, hide_index=True, width="stretch", column_config=column_config, height=height, key=f"table-{key}"
        )
    provenance_caption(data)
    hidden_caption(data)
    if not present.is_on():
        download_csv(data if export is None else export, filename, key)


PAGE_ROWS = 15  # rows of a table on a 1920x1080 projector with its title and source


def projector_table(shown: pd.DataFrame, key: str) -> None:
    """A table as a room reads it: a plain table (every cell in the page's large type,
    no inner scrollbar), in pages of PAGE_ROWS rows with a page choice when longer.
    Web addresses show their site only; the CSV keeps them whole."""
    pages = max(1, -(-len(shown) // PAGE_ROWS))
    page = 1
    if pages > 1:
        page = (
            st.segmented_control(
                labels.TABLE_PAGE, list(range(1, pages + 1)), default=1, key=f"page-{key}", width="content"
            )
            or 1
        )
    part = shown.iloc[(page - 1) * PAGE_ROWS : page * PAGE_ROWS].map(formats.link_host)
    st.table(part.set_index(part.columns[0]))
    if pages > 1:
        st.caption(
            labels.TABLE_PAGE_ROWS.format(
                first=(page - 1) * PAGE_ROWS + 1, last=(page - 1) * PAGE_ROWS + len(part), total=len(shown)
            )
        )


def card(label: str, value: str, caption: str, status: str, help: str | None = None) -> None:
    """One key figure: the number, then its year, scope and source, and a status badge
    when the figure is not printed as such in the source."""
    with st.container(border=True):
        st.metric(label, value, help=help)
        badge = (
            ""
            if status == "published"
            else f" :{theme.STATUS_COLORS.get(status, 'gray')}-badge[{labels.STATUS_LABELS.get(status, status)}]"
        )
        st.caption(caption + badge)
