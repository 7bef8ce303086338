"""What every chart shares: the French number separators, the fonts, the source
line under the chart, and the sizes used on a projector."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts import theme
from core import formats, labels

FONT = "DejaVu Sans, Arial, sans-serif"
PROVENANCE_COLUMNS = ["source_id", "ref_year", "scope", "status"]
SOURCE_SEPARATOR = ";"  # a drawn row resting on several sources lists them "a;b"
# On a 1920x1080 projector the page title and the source line take about 260 px.
HEIGHT = 460
FONT_SIZE = 14  # the page's chart text; a builder's own height is sized for it
PRESENT_FONT = 22  # the same on a projector
PRESENT_HEIGHT = 780


GRID = theme.GRID
TEXT = theme.TEXT


def new_figure(data=None) -> go.Figure:
    """An empty figure without Plotly's default template: building and sending a
    figure with the template costs several milliseconds and about 6 KB per chart,
    and `style` sets the few things the template was used for."""
    return go.Figure(data=data, layout={"template": "none"})


def hatch(shape, fgcolor: str = "white", solidity: float = 0.35) -> dict:
    """A bar pattern drawn over the bar's own colour ("overlay": without a template,
    Plotly's default "replace" mode loses the colour when it varies by bar)."""
    return dict(fillmode="overlay", shape=shape, fgcolor=fgcolor, solidity=solidity)


AXIS_NAME = re.compile(r"[xy]axis\d*")  # every cartesian axis of a figure, subplots included


def style(fig: go.Figure, title: str | None = None, present: bool = False) -> go.Figure:
    """House style: decimal comma and space thousands, white background with light
    grid lines, readable from the back of a room when `present` is set.

    The style is merged into the figure's layout as plain dicts and the layout set
    once: plotly's update_layout / update_xaxes bookkeeping took ten times longer
    (about 45 ms a figure, a quarter of the studio's rerun)."""
    base = PRESENT_FONT if present else FONT_SIZE
    house = dict(
        separators=", ",
        font=dict(family=FONT, size=base, color=TEXT),
        margin=dict(l=10, r=10, t=70 if title else 30, b=10),
        legend=dict(font=dict(size=base - 1)),
        template="none",
        paper_bgcolor="white",
        plot_bgcolor="white",
        # a builder that needs more room (one row per bar) keeps its own height, sized
        # for the page's type and grown with it on a projector
        height=max((fig.layout.height or 0) * base / FONT_SIZE, PRESENT_HEIGHT if present else HEIGHT),
        hoverlabel=dict(font=dict(family=FONT, size=base)),
    )
    axes = dict(
        gridcolor=GRID,
        zerolinecolor=GRID,
        linecolor=GRID,
        automargin=True,
        # axis titles and ticks in the text colour, never a pale grey: a projector washes colours out
        title=dict(font=dict(size=base, color=theme.INK)),
        tickfont=dict(size=base - 1, color=TEXT),
    )
    layout = _merged(fig.layout.to_plotly_json(), house)
    # no title given: the figure's own is cleared
    title_style = dict(text=title, font=dict(size=base + 8), x=0.01, xanchor="left", xref="container")
    layout["title"] = _merged(layout.get("title") or {}, title_style) if title else {}
    for name in {"xaxis", "yaxis"} | {k for k in layout if AXIS_NAME.fullmatch(k)}:
        layout[name] = _merged(layout.get(name) or {}, axes)
    if present:  # a builder's small note on the chart ("changement de périmètre") stays readable
        for note in layout.get("annotations") or []:
            font = note.get("font") or {}
            if font.get("size") is not None and font["size"] < base - 4:
                note["font"] = {**font, "size": base - 4}
    fig.layout = layout
    _hidden_as_gaps(fig)
    return fig


def _hidden_as_gaps(fig: go.Figure) -> None:
    """A hidden cell (NaN) sent as None. Plotly sends a float column to the browser as
    a typed array, where a NaN is summed into a stack: every bar stacked above a hidden
    family then started at 0 and was drawn over the others. None is a gap."""
    for trace in fig.data:
        for name in ("x", "y"):
            values = getattr(trace, name, None)
            if isinstance(values, np.ndarray) and values.dtype.kind == "f" and np.isnan(values).any():
                setattr(trace, name, np.where(np.isnan(values), None, values).astype(object))


def _merged(into: dict, style: dict) -> dict:
    """`into` with `style` written over it, nested dicts merged key by key (what
    plotly's update_layout does)."""
    out = dict(into)
    for key, value in style.items():
        current = out.get(key)
        out[key] = _merged(current, value) if isinstance(value, dict) and isinstance(current, dict) else value
    return out


def cited_sources(data: pd.DataFrame) -> list[str]:
    """The source ids the rows rest on, in order of first mention (a cell may list
    several, "a;b")."""
    if "source_id" not in data:
        return []
    cells = data["source_id"].dropna().astype(str).unique()
    return list(dict.fromkeys(p.strip() for cell in cells for p in cell.split(SOURCE_SEPARATOR) if p.strip()))


def source_note(data: pd.DataFrame, sources: pd.DataFrame) -> str:
    """One line naming the sources, reference years and statuses of the drawn rows:
    'Source : ONISEP, « Les métiers des mutuelles » (2009) · année 2009 · publié'.
    With more than two sources, titles are left out to keep the line short (each
    publisher and year still named); a cell may list several sources "a;b"."""
    if data.empty:
        return ""
    ids = cited_sources(data)
    rows = dict(zip(sources["source_id"], zip(sources["publisher"], sources["title"], sources["pub_year"])))
    names = []
    for sid in ids:
        if sid in rows:
            publisher, title, pub_year = rows[sid]
            names.append(f"{publisher} ({pub_year})" if len(ids) > 2 else f"{publisher}, « {title} » ({pub_year})")
        else:
            names.append(str(sid))
    parts = [labels.SOURCE_PREFIX + " ; ".join(names)]
    if "ref_year" in data:
        approx = data["ref_year_approx"] if "ref_year_approx" in data else pd.Series(False, index=data.index)
        years: dict[int, bool] = {}
        for y, a in set(zip(data["ref_year"].tolist(), approx.fillna(False).tolist())):
            if pd.notna(y):
                years[int(y)] = years.get(int(y), False) or bool(a)
        if years:
            parts.append(("année " if len(years) == 1 else "années ") + _year_span(years))
    if "status" in data:
        parts.append(" / ".join(labels.STATUS_LABELS.get(s, s) for s in dict.fromkeys(data["status"])))
    return " · ".join(parts)


def _year_span(years: dict[int, bool]) -> str:
    """ "2025 à 2034" for a run of consecutive exact years, else the list, each year
    as its source dates it ("vers 2019")."""
    ordered = sorted(years)
    if len(ordered) > 3 and ordered == list(range(ordered[0], ordered[-1] + 1)) and not any(years.values()):
        return f"{ordered[0]} à {ordered[-1]}"
    return ", ".join(formats.year(y, years[y]) for y in ordered)


def image_config(filename: str) -> dict:
    """Plotly's camera button: a 1 920 px wide PNG (3x scale) named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "width": 1920, "height": 1080, "scale": 2},
    }


def bounded(value, qualifier: str = "exact", unit: str = "count") -> str:
    """A value with its qualifier as a symbol, short enough for a bar label:
    "≥ 36 950", "≤ 3 695", "≈ 55 000", "82 %"."""
    body = formats.percent(value) if unit == "percent" else formats.number(value)
    return labels.QUALIFIER_SYMBOLS.get(qualifier, "") + body


def estimate_watermark(fig: go.Figure, text: str = labels.ESTIMATE_WATERMARK, corner: str = "right") -> go.Figure:
    """A boxed word in the top-left corner of the plot, so that a screenshot or a PNG
    of an estimated chart cannot travel without saying what it is (a pale watermark
    behind the bars disappears on a projector). `corner`: "left" or "right"."""
    x, anchor = (0.005, "left") if corner == "left" else (0.995, "right")
    fig.add_annotation(
        text=f"<b>{text}</b>",
        xref="paper",
        yref="paper",
        x=x,
        y=0.995,
        xanchor=anchor,
        yanchor="top",
        showarrow=False,
        font=dict(color="#A6461F", size=16),
        bgcolor="rgba(238, 136, 102, 0.15)",
        bordercolor="#EE8866",
        borderwidth=1.5,
        borderpad=4,
    )
    return fig


def shown(value, row_hidden: bool, label: str, formatter=formats.number) -> str:
    """What a label, a hover or a table cell shows: the label of a hidden cell
    ("< 5", "secret"), never its number and never 0."""
    return label if row_hidden else formatter(value)


def hidden_count(data: pd.DataFrame) -> int:
    """How many drawn rows are hidden by the confidentiality rule."""
    if "suppressed" not in data:
        return 0
    return int(data["suppressed"].fillna(False).astype(bool).sum())


# What a text-only trace writes, for readers of the figure other than plotly (the
# deck's native charts, report/native.py): hidden cells' labels, or totals above bars.
HIDDEN_MARKS = "hidden"
TOTALS = "totals"


def hidden_marks(
    fig: go.Figure, positions, texts, orientation: str = "h", textposition: str | None = None
) -> go.Figure:
    """Where a bar is hidden, its label ("< 5", "secret") written at the axis, in
    grey, so the category stays visible and nobody reads an empty place as 0.
    `textposition` moves the label toward its bar when a category holds several
    (grouped bars)."""
    positions, texts = list(positions), list(texts)
    if not positions:
        return fig
    zeros = [0] * len(positions)
    xy = dict(x=zeros, y=positions) if orientation == "h" else dict(x=positions, y=zeros)
    fig.add_trace(
        go.Scatter(
            **xy,
            mode="text",
            text=texts,
            meta=HIDDEN_MARKS,
            showlegend=False,
            hoverinfo="text",
            hovertext=[f"{labels.PRIVACY_HOVER} : {t}" for t in texts],
            textposition=textposition or ("middle right" if orientation == "h" else "top center"),
            textfont=dict(color="#666666"),
        )
    )
    return fig


def hidden_together(shown: pd.DataFrame, value: str, total: pd.Series) -> pd.Series:
    """Year -> the hidden families of a stacked chart taken together: the total (full
    counts, NaN where hidden) less the families shown, in the years where some family
    is hidden; NaN elsewhere. Drawn as one grey part, it keeps the stack's top at the
    total, and gives nothing away: anyone can subtract the parts shown from the total
    shown beside them."""
    by_year = shown.groupby("year")[value]
    some_hidden = by_year.apply(lambda v: v.isna().any()).reindex(total.index, fill_value=False).astype(bool)
    rest = total - by_year.sum().reindex(total.index, fill_value=0)
    return rest.where(some_hidden).clip(lower=0)


def internal_mark(fig: go.Figure, text: str = labels.AUDIENCE_INTERNAL_MARK) -> go.Figure:
    """ "Données internes — ne pas diffuser" just above the plot's top-left corner, clear
    of the bars (and of a legend on the right, which narrows the plot), so that a
    screenshot of an owner's full figures says what it is."""
    fig.add_annotation(
        text=f"<b>{text}</b>",
        xref="paper",
        yref="paper",
        x=0.0,
        y=1.0,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font=dict(color="#8A1C1C", size=14),
        bgcolor="rgba(255, 230, 230, 0.9)",
        bordercolor="#8A1C1C",
        borderwidth=1.5,
        borderpad=3,
    )
    return fig


# ---- pyramids ----------------------------------------------------------------------------

PYRAMID_COMPARABLE = 2.0  # a pyramid's sides share one scale when the larger is at most this times the smaller


def pyramid_sides(men: float, women: float) -> tuple[float, float]:
    """(men's, women's) axis extent: the larger bar of both sides when the sides are
    comparable (a symmetric axis reads as a pyramid), else each side's own largest
    bar, so a side of 420 is not drawn on an axis running to 1 000."""
    men, women = max(men, 0.0), max(women, 0.0)
    top = max(men, women, 1.0)
    if min(men, women) > 0 and top / min(men, women) <= PYRAMID_COMPARABLE:
        return top, top
    return max(men, top * 0.05), max(women, top * 0.05)


def pyramid_xaxis(men: float, women: float, title: str, pad: float = 1.08) -> dict:
    """The value axis of a pyramid (men to the left): each side's extent from
    pyramid_sides, round ticks fitted to each side, labelled as positive numbers."""
    left, right = pyramid_sides(men, women)
    ticks = sorted({0.0, *(-t for t in _side_ticks(left)), *_side_ticks(right)})
    return dict(
        title=title,
        tickvals=ticks,
        ticktext=[formats.number(abs(t)) for t in ticks],
        range=[-left * pad, right * pad],
    )


def _side_ticks(extent: float) -> list[float]:
    if extent <= 0:
        return []
    step = _nice_step(extent)
    return [float(v) for v in np.arange(step, extent + step / 2, step) if v <= extent * 1.08]


def _nice_step(xmax: float) -> float:
    """A round tick step giving 2 to 5 ticks on each side."""
    if xmax <= 0:
        return 1.0
    mag = 10 ** np.floor(np.log10(xmax))
    for m in (0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        if xmax / (m * mag) <= 4:
            return float(m * mag)
    return float(10 * mag)
