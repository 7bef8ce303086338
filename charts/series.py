"""The branch over time: every indicator published for at least two years, drawn so
that a change of scope is a break, never a joined line.

A *series* is one chart (organisations surveyed and respondents, minimum pay…); it has
one or more *lines* (one indicator followed through the years); a line is cut into
*segments*, runs of consecutive points of one scope, and only the points of one
segment are joined. Every point keeps its year as the source gives it ("vers 2019"),
its status, its confidence and its source (publisher, title, address), on hover and
in the CSV.

Everything here is DataFrame in, DataFrame or figure out: the pages only lay out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from charts.common import new_figure
from core import formats, labels

POINT_COLUMNS = [
    "series",
    "line",
    "line_label",
    "segment",
    "scope",
    "scope_label",
    "ref_year",
    "ref_year_approx",
    "year_label",
    "value",
    "unit",
    "qualifier",
    "display",
    "value_as_printed",
    "status",
    "confidence",
    "source_id",
    "source",
    "url",
    "locator",
    "method",
    "note",
    "kind",
]
# Paul Tol's "bright" scheme, one colour per line of a chart.
LINE_COLORS = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"]
BREAK_COLOR = "#999999"
# After a change of scope the line goes on with another marker, so two populations
# never look like one even in black and white.
SEGMENT_SYMBOLS = ["circle", "diamond", "square", "triangle-up"]
SPARKLINE_HEIGHT = 64


year_label = formats.year


def with_year_labels(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with `ref_year_approx` (False where the table has none) and `year_label`."""
    out = df.copy()
    if "ref_year_approx" not in out:
        out["ref_year_approx"] = False
    out["ref_year_approx"] = out["ref_year_approx"].fillna(False).astype(bool)
    out["year_label"] = [year_label(y, a) for y, a in zip(out["ref_year"], out["ref_year_approx"])]
    return out


def display(value, unit: str, qualifier: str = "exact") -> str:
    """A value in French with its qualifier: "environ 55 000", "76 %", "21 900 €"."""
    if unit == "eur":
        return formats.QUALIFIER_WORDS.get(qualifier, "") + formats.number(value) + "\u00a0€"
    if unit == "years":
        return formats.QUALIFIER_WORDS.get(qualifier, "") + formats.number(value, 1 if value % 1 else 0) + " ans"
    return formats.qualified(value, qualifier, "percent" if unit == "percent" else "count")


def source_lookup(sources: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """source_id -> (« Publisher, « Title » (year) », its web address or "")."""
    if sources is None or sources.empty:
        return {}
    out = {}
    for sid, pub, title, year, url in zip(
        sources["source_id"], sources["publisher"], sources["title"], sources["pub_year"], sources["url"].fillna("")
    ):
        out[sid] = (f"{pub}, « {title} » ({year})", url if str(url).startswith(("http://", "https://")) else "")
    return out


def source_confidence(figures: pd.DataFrame | None) -> dict[str, str]:
    """source_id -> the confidence of its published figures ("medium" if any is): the
    confidence of a value another table derives from that source."""
    if figures is None or figures.empty or "confidence" not in figures:
        return {}
    out = {}
    for sid, conf in zip(figures["source_id"], figures["confidence"]):
        if conf and out.get(sid) != "medium":
            out[sid] = conf
    return out


def points(rows: pd.DataFrame, sources: pd.DataFrame | None, confidence: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows of any store table, reduced to `series, line, line_label, kind, ref_year,
    value, unit, qualifier, scope, status, source_id` (plus, when known,
    `ref_year_approx, confidence, locator, method, note, value_as_printed`), as the
    points of their lines, oldest first within each line; `segment` counts the changes
    of scope along a line. A row without a confidence (a value of `gender` or
    `headcount`) takes its source's, from `confidence` (source_confidence)."""
    if rows.empty:
        return pd.DataFrame(columns=POINT_COLUMNS)
    d = with_year_labels(rows)
    d["_line_order"] = d["line"].map({k: i for i, k in enumerate(dict.fromkeys(d["line"]))})
    d = d.sort_values(["_line_order", "ref_year"], kind="stable").reset_index(drop=True)
    for col in ("confidence", "locator", "method", "note", "value_as_printed"):
        d[col] = d[col].fillna("").astype(str) if col in d else ""
    d["confidence"] = [c or (confidence or {}).get(sid, "") for c, sid in zip(d["confidence"], d["source_id"])]
    changed = (d["scope"] != d["scope"].shift()) & (d["line"] == d["line"].shift())
    d["segment"] = changed.astype(int).groupby(d["line"]).cumsum()
    lookup = source_lookup(sources)
    src = [lookup.get(sid, (sid, "")) for sid in d["source_id"]]
    d["display"] = [
        p if (st == "published" and p) else display(v, u, q)
        for p, st, v, u, q in zip(d["value_as_printed"], d["status"], d["value"], d["unit"], d["qualifier"])
    ]
    d["scope_label"] = [labels.scope_label(x) for x in d["scope"]]
    d["source"] = [x[0] for x in src]
    d["url"] = [x[1] for x in src]
    d["ref_year"] = d["ref_year"].astype(int)
    d["value"] = d["value"].astype(float)
    return d[POINT_COLUMNS]


# ---- where each line's points come from ----------------------------------------------------------


def figure_rows(figures: pd.DataFrame, indicators, category=None, scopes=None) -> pd.DataFrame:
    """Published rows of `figures` for `indicators` (and `category`, `scopes`) with a year."""
    f = figures[figures["indicator"].isin(list(indicators)) & figures["ref_year"].notna()]
    if category is not None:
        f = f[f["category"] == category]
    if scopes is not None:
        f = f[f["scope"].isin(list(scopes))]
    return f


def gender_rows(gender: pd.DataFrame, scopes, population: str, sex: str, family: str = "TOTAL") -> pd.DataFrame:
    g = gender[
        gender["scope"].isin(list(scopes))
        & (gender["population"] == population)
        & (gender["sex"] == sex)
        & (gender["family"] == family)
    ]
    return g.assign(value=g["share"], unit="percent", qualifier="exact")


def headcount_rows(headcount: pd.DataFrame, scope: str) -> pd.DataFrame:
    h = headcount[(headcount["scope"] == scope) & (headcount["family"] == "TOTAL")]
    return h.assign(value=h["headcount"], unit="count")


def establishment_rows(establishments: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Livre 3 establishments and services, one value per list: the published total, or
    the sum of the published types when the list gives none (then `derived`); and the
    "près de 2 500 services" of about 2010 from `figures`."""
    rows = []
    for year, d in establishments.groupby("ref_year"):
        tot = d[d["type_group"] == "ensemble"]
        approx = bool(d["ref_year_approx"].any()) if "ref_year_approx" in d else False
        conf = d["confidence"].iloc[0] if "confidence" in d else ""
        if not tot.empty:
            r = tot.iloc[0]
            rows.append(
                dict(
                    ref_year=int(year),
                    ref_year_approx=approx,
                    value=float(r["count"]),
                    unit="count",
                    qualifier="exact",
                    scope="livre3",
                    status=r["status"],
                    source_id=r["source_id"],
                    confidence=conf,
                    method="",
                    value_as_printed=formats.number(r["count"]),
                )
            )
        else:
            types = d[d["type_group"] != "non_detaille"]
            rows.append(
                dict(
                    ref_year=int(year),
                    ref_year_approx=approx,
                    value=float(types["count"].sum()),
                    unit="count",
                    qualifier="exact",
                    scope="livre3",
                    status="derived",
                    source_id=types["source_id"].iloc[0],
                    confidence=conf,
                    method=labels.SERIES_SUM_OF_TYPES.format(n=len(types)),
                    value_as_printed="",
                )
            )
    services = figure_rows(figures, ["services"], "ensemble", ["livre3"])
    out = pd.DataFrame(rows)
    return pd.concat([out, services], ignore_index=True) if len(services) else out


@dataclass(frozen=True)
class Line:
    """One line of a series chart: its key (a label in labels.SERIES_LINES), and how to
    read its points from the store (a function of the store's tables)."""

    key: str
    rows: object  # callable(tables) -> rows for `points`


@dataclass(frozen=True)
class Series:
    key: str
    lines: tuple[Line, ...]
    kind: str = "line"  # line | bar
    covers: tuple = ()  # (indicator, category) groups of `figures` this chart draws
    context: bool = False  # not the branch (the mutuelles' market): said on the chart


def _f(indicators, category=None, scopes=None):
    return lambda t: figure_rows(t["figures"], indicators, category, scopes)


SERIES = {
    "effectifs": Series(
        "effectifs",
        tuple(
            Line(scope, (lambda s: lambda t: headcount_rows(t["headcount"], s))(scope))
            for scope in ("assurance_sante", "repondants_bilan_social", "branche", "livre3", "livre2")
        ),
        covers=(("headcount", "ensemble"),),
    ),
    "femmes": Series(
        "femmes",
        (Line("femmes", lambda t: gender_rows(t["gender"], ("assurance_sante", "branche"), "ensemble", "F")),),
        covers=(("gender_share", "F"), ("gender_share", "H")),
    ),
    "mixite": Series(
        "mixite",
        (
            Line("hommes_recrutements", lambda t: gender_rows(t["gender"], ("branche",), "recrutements", "H")),
            Line("femmes_cadres", lambda t: gender_rows(t["gender"], ("branche",), "cadres", "F")),
        ),
    ),
    "cadres": Series(
        "cadres",
        (Line("cadres", _f(("managers_share", "classification_share"), "cadres")),),
        covers=(("managers_share", "cadres"), ("classification_share", "cadres")),
    ),
    "rmag": Series(
        "rmag", (Line("rmag", _f(("minimum_annual_pay",), "RMAG")),), covers=(("minimum_annual_pay", "RMAG"),)
    ),
    "point": Series(
        "point",
        (Line("point", _f(("point_value_rise",), "valeur du point")),),
        kind="bar",
        covers=(("point_value_rise", "valeur du point"),),
    ),
    "enquetes": Series(
        "enquetes",
        (
            Line("interrogees", _f(("organisations_surveyed",), "entreprises mutualistes")),
            Line("repondantes", _f(("mutuelles_replied",), "répondantes")),
        ),
        covers=(("organisations_surveyed", "entreprises mutualistes"), ("mutuelles_replied", "répondantes")),
    ),
    "livre3": Series(
        "livre3",
        (Line("etablissements", lambda t: establishment_rows(t["establishments"], t["figures"])),),
        covers=(("establishments", None), ("services", "ensemble")),
    ),
    "marche": Series(
        "marche",
        (Line("mutuelles", _f(("mutuelles_count",), "mutuelles")),),
        context=True,
        covers=(("mutuelles_count", "mutuelles"),),
    ),
}


def series_data(key: str, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The points of one series chart (every line), as drawn and as its CSV gives them.
    `tables`: figures, gender, headcount, establishments and sources of the store
    (published scopes only: the branch over time is never a user's import)."""
    spec = SERIES[key]
    parts = [
        line.rows(tables).assign(
            series=key, line=line.key, kind=spec.kind, line_label=labels.SERIES_LINES.get(line.key, line.key)
        )
        for line in spec.lines
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=POINT_COLUMNS)
    return points(pd.concat(parts, ignore_index=True), tables.get("sources"), source_confidence(tables.get("figures")))


def charted(tables: dict[str, pd.DataFrame], min_years: int = 2) -> dict[str, pd.DataFrame]:
    """Every series with at least `min_years` distinct years, in the order of SERIES."""
    out = {}
    for key in SERIES:
        data = series_data(key, tables)
        if data["ref_year"].nunique() >= min_years:
            out[key] = data
    return out


def uncharted(figures: pd.DataFrame) -> list[tuple[str, str]]:
    """(indicator, category) groups of `figures` published for two years or more that
    no series draws: the list a test keeps empty, so a figure added later for a second
    year gets its chart (or a reason not to, in labels.SERIES_NOT_CHARTED)."""
    f = figures[figures["ref_year"].notna()]
    years = f.groupby(["indicator", "category"])["ref_year"].nunique()
    covered = {c for s in SERIES.values() for c in s.covers}
    left = []
    for (indicator, category), n in years.items():
        if n < 2 or (indicator, category) in covered or (indicator, None) in covered:
            continue
        if indicator in labels.SERIES_NOT_CHARTED:
            continue
        left.append((indicator, category))
    return left


# ---- charts ----------------------------------------------------------------------------------------


def _hover(d: pd.DataFrame) -> list:
    return list(
        zip(
            d["line_label"].map(formats.chart_text),
            d["year_label"],
            d["display"].map(formats.chart_text),
            d["scope_label"].map(formats.chart_text),
            d["source"].map(formats.chart_text),
            [labels.STATUS_LABELS.get(s, s) for s in d["status"]],
            [labels.CONFIDENCE_LABELS.get(c, c) for c in d["confidence"]],
        )
    )


HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]} : %{customdata[2]}<br>%{customdata[3]}<br>"
    + labels.SOURCE_PREFIX
    + "%{customdata[4]}<br>%{customdata[5]} · "
    + labels.CONFIDENCE_WORD
    + " %{customdata[6]}<extra></extra>"
)


def _ticks(data: pd.DataFrame) -> tuple[list[int], list[str]]:
    """Year ticks; "vers 2019" (on two lines, so that close years stay readable) when
    every point of that year is dated approximately."""
    years = sorted(int(y) for y in data["ref_year"].unique())
    approx = data.groupby("ref_year")["ref_year_approx"].all()
    return years, [year_label(y, approx.get(y, False)).replace(" ", "<br>") for y in years]


def _axis(unit: str) -> dict:
    if unit == "percent":
        return dict(ticksuffix=" %", rangemode="tozero")
    if unit == "eur":
        return dict(ticksuffix=" €", tickformat=",d", rangemode="tozero")
    return dict(tickformat=",d", rangemode="tozero")


def series_chart(data: pd.DataFrame) -> go.Figure:
    """Lines (or bars) by year, one colour per line. Within a line, only the points of
    one scope are joined: at a change of scope the line stops, a dotted vertical rule
    marks the break, and the next segment starts afresh with its scope in the legend.
    Published points are filled, derived ones hollow (and a segment reaching one is
    dotted: it is not a measured change); each point's label is its value
    in French; the hover gives the year as the source dates it, the scope, the source,
    the status and the confidence."""
    fig = new_figure()
    if data.empty:
        return fig
    kind = data["kind"].iloc[0]
    breaks = []
    for i, (line, d) in enumerate(data.groupby("line", sort=False)):
        color = LINE_COLORS[i % len(LINE_COLORS)]
        several = d["scope"].nunique() > 1
        for seg, s in d.groupby("segment", sort=True):
            name = s["line_label"].iloc[0] + (f" · {s['scope_label'].iloc[0]}" if several else "")
            if kind == "bar":
                fig.add_trace(
                    go.Bar(
                        x=s["ref_year"],
                        y=s["value"],
                        name=formats.chart_text(name),
                        marker=dict(color=color),
                        text=s["display"],
                        textposition="outside",
                        cliponaxis=False,
                        customdata=_hover(s),
                        hovertemplate=HOVER,
                        legendgroup=line,
                    )
                )
                continue
            fig.add_trace(
                go.Scatter(
                    x=s["ref_year"],
                    y=s["value"],
                    name=formats.chart_text(name),
                    legendgroup=line,
                    mode="lines+markers+text" if len(s) > 1 else "markers+text",
                    line=dict(color=color, width=3, dash="solid" if (s["status"] == "published").all() else "dot"),
                    marker=dict(
                        size=13,
                        color=[color if st == "published" else "white" for st in s["status"]],
                        line=dict(color=color, width=3),
                        symbol=SEGMENT_SYMBOLS[seg % len(SEGMENT_SYMBOLS)],
                    ),
                    text=s["display"].map(formats.chart_text),
                    textposition="top center",
                    textfont=dict(color=color),
                    customdata=_hover(s),
                    hovertemplate=HOVER,
                    cliponaxis=False,
                )
            )
        ends = d.groupby("segment")["ref_year"].agg(["min", "max"]).sort_index()
        for (_, prev), (_, nxt) in zip(ends.iloc[:-1].iterrows(), ends.iloc[1:].iterrows()):
            breaks.append((prev["max"] + nxt["min"]) / 2)
    for x in sorted(set(breaks)):
        fig.add_vline(x=x, line=dict(color=BREAK_COLOR, dash="dot", width=1.5))
        fig.add_annotation(
            x=x,
            y=1.0,
            xref="x",
            yref="paper",
            text=labels.SCOPE_BREAK,
            showarrow=False,
            yanchor="bottom",
            font=dict(size=12, color="#666666"),
        )
    if data["series"].iloc[0] in SERIES and SERIES[data["series"].iloc[0]].context:
        fig.add_annotation(
            text=f"<b>{labels.CONTEXT_MARK}</b>",
            xref="paper",
            yref="paper",
            x=0.005,
            y=0.995,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            font=dict(color="#555555", size=14),
            bgcolor="rgba(220, 220, 220, 0.5)",
            bordercolor="#999999",
            borderwidth=1,
            borderpad=4,
        )
    years, text = _ticks(data)
    span = max(years) - min(years) if years else 0
    fig.update_layout(
        xaxis=dict(
            title=None,
            tickmode="array",
            tickvals=years,
            ticktext=text,
            tickangle=0,
            range=[min(years) - 1 - span * 0.05, max(years) + 1 + span * 0.05] if years else None,
        ),
        yaxis=dict(title=None, **_axis(data["unit"].iloc[0])),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
        barmode="group",
    )
    ymax = float(data["value"].max())
    fig.update_yaxes(range=[0, ymax * 1.25 if ymax > 0 else 1])
    return fig


def sparkline_chart(data: pd.DataFrame) -> go.Figure:
    """A card's history, small: the values by year as a shaded area from zero (scope
    changes as breaks, derived points hollow), no axes; the hover names each value's
    year, scope and source."""
    fig = new_figure()
    for _seg, s in data.groupby("segment", sort=True):
        fig.add_trace(
            go.Scatter(
                x=s["ref_year"],
                y=s["value"],
                mode="lines+markers" if len(s) > 1 else "markers",
                line=dict(color=LINE_COLORS[0], width=2),
                fill="tozeroy",
                fillcolor="rgba(68, 119, 170, 0.15)",
                marker=dict(
                    size=7,
                    color=[LINE_COLORS[0] if st == "published" else "white" for st in s["status"]],
                    line=dict(color=LINE_COLORS[0], width=2),
                ),
                customdata=_hover(s),
                hovertemplate=HOVER,
                showlegend=False,
                cliponaxis=False,
            )
        )
    ymax = float(data["value"].max()) if not data.empty else 1.0
    fig.update_layout(
        height=SPARKLINE_HEIGHT,
        margin=dict(l=6, r=6, t=6, b=2),
        showlegend=False,
        template="none",
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, range=[0, ymax * 1.08]),
    )
    return fig


# ---- figures with a single year, by theme ------------------------------------------------------------

OTHER_COLUMNS = [
    "theme",
    "theme_label",
    "indicator",
    "indicator_label",
    "category",
    "scope",
    "scope_label",
    "ref_year",
    "ref_year_approx",
    "year_label",
    "value",
    "unit",
    "qualifier",
    "display",
    "value_as_printed",
    "status",
    "confidence",
    "source_id",
    "source",
    "url",
    "locator",
    "note",
]


def recent_figures(figures: pd.DataFrame, sources: pd.DataFrame, themes=None, since: int | None = None) -> pd.DataFrame:
    """Published figures of `themes` (every theme when None) dated `since` or later,
    the most recent first, each with its theme, its year as printed, its confidence
    and its source's title and address: the figures that are not a series, listed."""
    f = figures[figures["ref_year"].notna()]
    if themes is not None:
        f = f[f["theme"].isin(list(themes))]
    if since is not None:
        f = f[f["ref_year"] >= since]
    if f.empty:
        return pd.DataFrame(columns=OTHER_COLUMNS)
    f = with_year_labels(f).sort_values(
        ["ref_year", "theme", "indicator"], ascending=[False, True, True], kind="stable"
    )
    lookup = source_lookup(sources)
    src = [lookup.get(s, (s, "")) for s in f["source_id"]]
    return pd.DataFrame(
        {
            "theme": f["theme"],
            "theme_label": f["theme"].map(lambda t: labels.THEME_LABELS.get(t, t)),
            "indicator": f["indicator"],
            "indicator_label": f["indicator"].map(lambda i: labels.INDICATOR_LABELS.get(i, i)),
            "category": f["category"],
            "scope": f["scope"],
            "scope_label": f["scope"].map(labels.scope_label),
            "ref_year": f["ref_year"].astype(int),
            "ref_year_approx": f["ref_year_approx"],
            "year_label": f["year_label"],
            "value": f["value"],
            "unit": f["unit"],
            "qualifier": f["qualifier"],
            "display": [
                p or display(v, u, q)
                for p, v, u, q in zip(f["value_as_printed"], f["value"], f["unit"], f["qualifier"])
            ],
            "value_as_printed": f["value_as_printed"],
            "status": f["status"],
            "confidence": f["confidence"],
            "source_id": f["source_id"],
            "source": [s[0] for s in src],
            "url": [s[1] for s in src],
            "locator": f["locator"],
            "note": f["note"],
        }
    )[OTHER_COLUMNS].reset_index(drop=True)


def not_drawn(recent: pd.DataFrame, charted: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The rows of `recent_figures` that no chart of `charted` draws (same scope, year
    and value), so the page lists each figure once."""
    if not charted or recent.empty:
        return recent
    drawn = {
        (s, int(y), round(float(v), 6))
        for d in charted.values()
        for s, y, v in zip(d["scope"], d["ref_year"], d["value"])
    }
    keep = [
        (s, int(y), round(float(v), 6)) not in drawn
        for s, y, v in zip(recent["scope"], recent["ref_year"], recent["value"])
    ]
    return recent[keep].reset_index(drop=True)


def recent_table(data: pd.DataFrame, columns=tuple(labels.RECENT_COLUMNS)) -> pd.DataFrame:
    """`recent_figures` (or frames of the same shape) for reading: French headers for
    `columns`, confidence in words; the link column keeps the address."""
    readable = {
        "confidence": lambda s: s.map(lambda c: labels.CONFIDENCE_LABELS.get(c, c)),
        "url": lambda s: [u or None for u in s],
    }
    return pd.DataFrame({labels.RECENT_COLUMNS[c]: readable.get(c, lambda s: s)(data[c]) for c in columns})
