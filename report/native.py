"""The dashboard's figures as native PowerPoint charts.

A picture of a chart cannot be restyled to an organisation's template nor corrected
in PowerPoint. Most of the dashboard's figures are shapes PowerPoint draws itself
(bars, stacked bars, lines, stacked areas, a pie, a pyramid as two mirrored bar
series), so `from_figure` reads the plotly figure the page draws (its traces, colours,
labels and axis titles) into a `NativeChart`, and `report.deck` turns that into a
python-pptx chart with its data embedded: it opens, and can be edited, in PowerPoint
and LibreOffice.

What PowerPoint cannot draw the same way (hatched bars marking a bound or an unknown
composition, a band between two lines, error bars) returns None: the deck keeps the
picture and adds the chart's rows as a native table (`rows_of`).

Pure: plotly figure in, plain values out; no python-pptx here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from charts import ages
from charts.common import HIDDEN_MARKS, TOTALS
from core import labels

# What the deck draws; report.deck maps each to an XL_CHART_TYPE.
KINDS = ("bar", "column", "bar_stacked", "column_stacked", "area_stacked", "line", "pie", "pyramid")


@dataclass(frozen=True)
class Series:
    """One series: its name, one value per category (None: no value), its colour
    (#RRGGBB), and per point the colours and label texts the page draws, if any."""

    name: str
    values: tuple[float | None, ...]
    color: str | None = None
    point_colors: tuple[str, ...] | None = None
    point_labels: tuple[str, ...] | None = None
    line: bool = True  # a line series drawn as a line, not markers only
    label_sides: tuple[str, ...] | None = None  # per point: above, right, left (labels kept apart)


@dataclass(frozen=True)
class NativeChart:
    kind: str
    categories: tuple
    series: tuple[Series, ...]
    x_title: str = ""
    y_title: str = ""
    number_format: str = "#,##0"
    value_min: float | None = None
    value_max: float | None = None
    major_unit: float | None = None  # the value axis's step, when its ticks must fall on 0
    legend: bool = True

    @property
    def labelled(self) -> bool:
        return any(s.point_labels for s in self.series)


def _list(v) -> list:
    if v is None:
        return []
    if isinstance(v, (str, bytes)):
        return [v]
    try:
        return list(v)
    except TypeError:
        return [v]


def _num(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _title(axis) -> str:
    t = axis.title.text if axis is not None and axis.title is not None else None
    return str(t) if t else ""


def _hex(c) -> str | None:
    """#RRGGBB of a plotly colour given as #RRGGBB or rgb(...)/rgba(...); None otherwise."""
    if not isinstance(c, str):
        return None
    c = c.strip()
    if c.startswith("#") and len(c) == 7:
        return c.upper()
    if c.startswith("#") and len(c) == 4:
        return ("#" + "".join(ch * 2 for ch in c[1:])).upper()
    if c.startswith("rgb"):
        parts = c[c.index("(") + 1 : c.index(")")].split(",")[:3]
        try:
            return "#" + "".join(f"{round(float(p)):02X}" for p in parts)
        except ValueError:
            return None
    return None


def _hatched(trace) -> bool:
    pattern = getattr(getattr(trace, "marker", None), "pattern", None)
    shape = getattr(pattern, "shape", None) if pattern is not None else None
    return any(s for s in _list(shape))


def _band(trace) -> bool:
    if trace.type != "scatter":
        return False
    return bool(trace.fill and trace.fill != "none" and not trace.stackgroup)


def _error_bars(trace) -> bool:
    for name in ("error_x", "error_y"):
        e = getattr(trace, name, None)
        if e is not None and e.visible is not False and (e.visible or e.array is not None or e.value):
            return True
    return False


def _labels(trace) -> tuple[str, ...] | None:
    """The label texts the page writes on each point (None when it writes none)."""
    mode = getattr(trace, "mode", None) or ""
    if trace.type == "scatter" and "text" not in mode:
        return None
    text = _list(trace.text)
    if not text or not any(str(t).strip() for t in text):
        return None
    return tuple(str(t) for t in text)


def _number_format(fig: go.Figure, values: list[float], axis) -> str:
    suffix = (axis.ticksuffix or "") if axis is not None else ""
    if axis is not None and (axis.tickformat or "").endswith("d"):  # the page's axis counts whole people
        return "#,##0"
    whole = all(abs(v - round(v)) < 1e-9 for v in values) or max((abs(v) for v in values), default=0) >= 100
    if "%" in suffix:  # shares drawn on a 0-100 axis read as whole percents
        return '0" %"'
    return "#,##0" if whole else "#,##0.0"


def from_figure(fig: go.Figure) -> NativeChart | None:
    """The native chart drawing `fig`, or None when PowerPoint cannot draw it alike."""
    traces = [t for t in fig.data if t.visible in (None, True)]
    # text-only scatters write hidden cells' labels or totals: `_marks` reads them
    drawn = [t for t in traces if not _text_only(t)]
    if not drawn:
        return None
    if any(t.type not in ("bar", "scatter", "pie") for t in drawn):
        return None
    if any(_hatched(t) or _band(t) or _error_bars(t) or _on_another(t) for t in drawn):
        return None
    types = {t.type for t in drawn}
    if types == {"pie"}:
        return _pie(drawn)
    if "pie" in types or len(types) > 1:
        return None
    if types == {"bar"}:
        return _bars(fig, drawn)
    return _scatters(fig, drawn)


def _on_another(trace) -> bool:
    """A bar drawn on top of another one beside a third (the studio's departures,
    retirements then other exits, next to its hires): stacked and clustered at once,
    which one PowerPoint chart cannot be. Drawn clustered, the departures were split in
    two bars, each shorter than the hires beside them."""
    return trace.type == "bar" and trace.base is not None


def _text_only(trace) -> bool:
    return trace.type == "scatter" and (trace.mode or "") == "text"


def _marks(fig: go.Figure, horizontal: bool, sides: tuple[str, str] | None = None) -> tuple[dict, dict]:
    """What the page writes beside its bars, by category: the labels of hidden cells
    ("< 5", "secret", written at the axis where no bar is drawn) and the totals above
    stacked columns. Text traces say which they are in their `meta`. In a pyramid
    (`sides`: the left and right series' names) a label says its side."""
    found: dict[str, dict] = {HIDDEN_MARKS: {}, TOTALS: {}}
    for t in fig.data:
        if t.visible in (None, True) and _text_only(t) and t.meta in found:
            where = _list(t.x if horizontal else t.y)
            for i, (c, text) in enumerate(zip(_list(t.y if horizontal else t.x), _list(t.text))):
                text = str(text).strip()
                if sides and t.meta == HIDDEN_MARKS and i < len(where) and _num(where[i]) is not None:
                    text = f"{sides[0] if _num(where[i]) < 0 else sides[1]} {text}"
                texts = found[t.meta].setdefault(c, [])
                if text and text not in texts:
                    texts.append(text)
    return tuple({c: ", ".join(v) for c, v in found[k].items() if v} for k in (HIDDEN_MARKS, TOTALS))


def _marked(category, hidden: dict, totals: dict):
    """A category's label carrying what the page writes beside its bar, so that a
    hidden cell is never an empty place read as 0 and a total is not lost."""
    if category not in hidden and category not in totals:
        return category
    text = str(category)
    if category in hidden:
        text = labels.DECK_HIDDEN_CATEGORY.format(category=text, label=hidden[category])
    if category in totals:
        text = labels.DECK_TOTAL_CATEGORY.format(category=text, total=totals[category])
    return text


def _pie(traces) -> NativeChart | None:
    if len(traces) != 1:
        return None
    t = traces[0]
    cats = tuple(str(x) for x in _list(t.labels))
    values = tuple(_num(v) for v in _list(t.values))
    if not cats or len(cats) != len(values):
        return None
    colors = tuple(_hex(c) or "#777777" for c in _list(t.marker.colors)) if t.marker and t.marker.colors else None
    return NativeChart(
        kind="pie",
        categories=cats,
        series=(Series(name=str(t.name or ""), values=values, point_colors=colors, point_labels=_labels(t)),),
    )


def _categories(fig: go.Figure, traces, horizontal: bool) -> list:
    axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    order: list = []
    for t in traces:
        for c in _list(t.y if horizontal else t.x):
            if c not in order:
                order.append(c)
    if axis.categoryorder == "array" and axis.categoryarray is not None:
        wanted = [c for c in axis.categoryarray if c in order]
        order = wanted + [c for c in order if c not in wanted]
    elif axis.categoryorder in ("total ascending", "total descending"):
        total = {c: 0.0 for c in order}
        for t in traces:
            for c, v in zip(_list(t.y if horizontal else t.x), _list(t.x if horizontal else t.y)):
                total[c] += _num(v) or 0.0
        order.sort(key=lambda c: total[c], reverse=axis.categoryorder == "total descending")
    if axis.autorange == "reversed":
        order.reverse()
    return order


def _bars(fig: go.Figure, traces) -> NativeChart | None:
    orientations = {t.orientation or "v" for t in traces}
    if len(orientations) != 1:
        return None
    horizontal = orientations == {"h"}
    cats = _categories(fig, traces, horizontal)
    series, everything = [], []
    for t in traces:
        by_cat = dict(zip(_list(t.y if horizontal else t.x), _list(t.x if horizontal else t.y)))
        labels_by_cat = dict(zip(_list(t.y if horizontal else t.x), _labels(t) or ()))
        values = tuple(_num(by_cat.get(c)) for c in cats)
        everything += [v for v in values if v is not None]
        color = t.marker.color if t.marker is not None else None
        point_colors = None
        if color is not None and not isinstance(color, str):
            cmap = dict(zip(_list(t.y if horizontal else t.x), _list(color)))
            point_colors = tuple(_hex(cmap.get(c)) or "#777777" for c in cats)
            color = None
        series.append(
            Series(
                name=str(t.name or ""),
                values=values,
                color=_hex(color),
                point_colors=point_colors,
                point_labels=tuple(str(labels_by_cat.get(c, "")) for c in cats) if labels_by_cat else None,
            )
        )
    value_axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
    cat_axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    mode = fig.layout.barmode or "group"
    negatives = [s for s in series if any(v is not None and v < 0 for v in s.values)]
    lo, hi = (value_axis.range or (None, None)) if value_axis.range is not None else (None, None)
    sides = step = None
    if mode in ("relative", "overlay") and horizontal and len(series) == 2 and len(negatives) == 1:
        kind = "pyramid"
        lo, hi = pyramid_range(series)
        step = pyramid_step(lo, hi)
        left = negatives[0]
        sides = (left.name, next(s.name for s in series if s is not left))
    elif mode in ("stack", "relative"):
        kind = "bar_stacked" if horizontal else "column_stacked"
    elif mode in ("group", "overlay"):
        kind = "bar" if horizontal else "column"
    else:
        return None
    hidden, totals = _marks(fig, horizontal, sides)
    return NativeChart(
        kind=kind,
        categories=tuple(_marked(c, hidden, totals) for c in cats),
        series=tuple(series),
        x_title=_title(cat_axis),
        y_title=_title(value_axis),
        number_format=_number_format(fig, everything, value_axis),
        value_min=_num(lo),
        value_max=_num(hi),
        major_unit=step,
        legend=len(series) > 1 and fig.layout.showlegend is not False,
    )


def nice_bound(v: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at least `v` (an axis end)."""
    if v <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(v))
    return next(m * k for m in (1, 2, 2.5, 5, 10) if m * k >= v)


COMPARABLE = ages.COMPARABLE  # the app's pyramid rule: one bound for both sides when comparable


def pyramid_range(series) -> tuple[float, float]:
    """(min, max) of a pyramid's value axis: symmetric when both sides are comparable,
    else each side fitted to its own largest bar."""
    left = max((-v for s in series for v in s.values if v is not None and v < 0), default=0.0)
    right = max((v for s in series for v in s.values if v is not None and v > 0), default=0.0)
    if min(left, right) > 0 and max(left, right) / min(left, right) <= COMPARABLE:
        b = nice_bound(max(left, right))
        return -b, b
    return -nice_bound(left), nice_bound(right)


def pyramid_step(lo: float, hi: float) -> float:
    """The step of a pyramid's value axis: ticks from `lo` to `hi` that fall on 0 (a
    spreadsheet counts them from the minimum, so -25..100 gave -25, -5, 15...), the
    largest round step that divides both ends with at least four steps."""
    span = hi - lo
    k = 10 ** math.floor(math.log10(span))
    for step in (m * k / 10**e for e in range(0, 3) for m in (5, 2.5, 2, 1)):
        if span / step >= 4 and _multiple(lo, step) and _multiple(hi, step):
            return step
    return span / 4


def _multiple(v: float, step: float) -> bool:
    return abs(v / step - round(v / step)) < 1e-9


def _nice_range(r) -> tuple[float, float] | None:
    """A figure's value range widened to round ticks (about five steps)."""
    if r is None or _num(r[0]) is None or _num(r[1]) is None or r[1] <= r[0]:
        return None
    lo, hi = float(r[0]), float(r[1])
    step = nice_bound((hi - lo) / 5)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _scatters(fig: go.Figure, traces) -> NativeChart | None:
    xs = [tuple(_list(t.x)) for t in traces]
    stacked = all(t.stackgroup for t in traces)
    numeric = all(_num(x) is not None for xx in xs for x in xx)
    everything = [v for t in traces for v in (_num(y) for y in _list(t.y)) if v is not None]
    fmt = _number_format(fig, everything, fig.layout.yaxis)
    y_range = _nice_range(fig.layout.yaxis.range)
    common = dict(
        x_title=_title(fig.layout.xaxis),
        y_title=_title(fig.layout.yaxis),
        number_format=fmt,
        value_min=_num(y_range[0]) if y_range is not None else None,
        value_max=_num(y_range[1]) if y_range is not None else None,
        legend=fig.layout.showlegend is not False and len(traces) > 1,
    )
    if stacked or len(set(xs)) == 1:
        cats = list(xs[0])
        for xx in xs[1:]:
            cats += [c for c in xx if c not in cats]
        series = []
        for t in traces:
            by_x = dict(zip(_list(t.x), _list(t.y)))
            lab = dict(zip(_list(t.x), _labels(t) or ()))
            color = _hex(t.fillcolor) if stacked and t.fillcolor else None
            color = color or _hex(t.line.color if t.line else None) or _hex(t.marker.color if t.marker else None)
            series.append(
                Series(
                    name=str(t.name or ""),
                    values=tuple(_num(by_x.get(c)) for c in cats),
                    color=color,
                    point_labels=tuple(str(lab.get(c, "")) for c in cats) if lab else None,
                    line="lines" in (t.mode or "lines"),
                )
            )
        if stacked:
            return NativeChart(kind="area_stacked", categories=tuple(cats), series=tuple(series), **common)
        return NativeChart(kind="line", categories=tuple(cats), series=tuple(spread_labels(series)), **common)
    if not numeric:
        return None
    # Points at years that differ by series: one category per year (the axis's own
    # tick texts, "vers 2019"), a series without a value at a year has a gap there.
    years = sorted({float(x) for xx in xs for x in xx})
    ticks = dict(zip((_num(v) for v in _list(fig.layout.xaxis.tickvals)), _list(fig.layout.xaxis.ticktext)))
    cats = [str(ticks.get(y) or (int(y) if y.is_integer() else y)) for y in years]
    series = []
    for t in traces:
        by_x = {float(x): _num(y) for x, y in zip(_list(t.x), _list(t.y))}
        lab = {float(x): str(v) for x, v in zip(_list(t.x), _labels(t) or ())}
        color = _hex(t.line.color if t.line else None)
        marker_color = t.marker.color if t.marker is not None else None
        color = color or _hex(marker_color if isinstance(marker_color, str) else (_list(marker_color) or [None])[0])
        series.append(
            Series(
                name=str(t.name or ""),
                values=tuple(by_x.get(y) for y in years),
                color=color,
                point_labels=tuple(lab.get(y, "") for y in years) if lab else None,
                line="lines" in (t.mode or "lines"),
            )
        )
    return NativeChart(kind="line", categories=tuple(cats), series=tuple(spread_labels(series)), **common)


CLOSE = 0.09  # two labels nearer than this share of the value range go on opposite sides


def spread_labels(series: list[Series]) -> list[Series]:
    """Label sides so that labels of points at the same category never sit on each
    other: a point close in value to its neighbour gets its label to the right, the
    neighbour's to the left, alternating; a lone point's label sits above it."""
    values = [v for s in series for v in s.values if v is not None]
    if not values:
        return series
    span = (max(values) - min(min(values), 0)) or 1.0
    n = max(len(s.values) for s in series)
    sides = [["above"] * len(s.values) for s in series]
    for j in range(n):
        pts = sorted(
            ((s.values[j], i) for i, s in enumerate(series) if j < len(s.values) and s.values[j] is not None),
            reverse=True,
        )
        crowded = [False] * len(pts)
        for k in range(1, len(pts)):
            if pts[k - 1][0] - pts[k][0] < CLOSE * span:
                crowded[k - 1] = crowded[k] = True
        turn = 0
        for k, (_, i) in enumerate(pts):
            if crowded[k]:
                sides[i][j] = ("right", "left")[turn % 2]
                turn += 1
    return [replace(s, label_sides=tuple(sd)) if s.point_labels else s for s, sd in zip(series, sides)]


def rows_of(fig: go.Figure) -> pd.DataFrame:
    """The rows a figure draws as a table for reading: one row per category, one
    column per series (bars and lines), or label and value (a pie). Used where the
    chart stays a picture, so the numbers are on the slide as editable text."""
    traces = [t for t in fig.data if t.visible in (None, True) and not _text_only(t)]
    if any(t.type == "pie" for t in traces):
        t = next(t for t in traces if t.type == "pie")
        return pd.DataFrame({"": [str(x) for x in _list(t.labels)], str(t.name or ""): _list(t.values)})
    horizontal = bool(traces) and all((t.orientation or "v") == "h" for t in traces if t.type == "bar")
    columns: dict[str, dict] = {}
    order: list = []
    for t in traces:
        cats = _list(t.y if horizontal else t.x)
        vals = _list(t.x if horizontal else t.y)
        name = str(t.name or "") or " "
        col = columns.setdefault(name, {})
        for c, v in zip(cats, vals):
            if c not in order:
                order.append(c)
            if _num(v) is not None:
                col[c] = _num(v)
    hidden, totals = _marks(fig, horizontal)
    frame = pd.DataFrame({"": [str(c) for c in order]})
    for name, col in columns.items():  # a hidden cell reads its label, never an empty cell
        frame[name] = [col.get(c, hidden.get(c)) for c in order]
    if totals:
        frame[labels.DECK_TOTAL_COLUMN] = [totals.get(c) for c in order]
    return frame
