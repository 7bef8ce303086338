"""Égalité femmes-hommes: the share of women by year, scope, population and family.

A "series" is one population followed in time (same scope, family and population:
e.g. the branch's managers in 2010 and 2018). Points of the same series are joined by
a line; points of different series never are, which is how the 82 % of 2009
(health-insurance activity) and the 76 % of 2019 (the whole branch) stay apart.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import theme
from charts.common import hatch, hidden_marks, new_figure
from charts.series import with_year_labels, year_label
from core import formats, labels

SERIES_COLUMNS = [
    "series",
    "series_label",
    "scope",
    "family",
    "population",
    "ref_year",
    "ref_year_approx",
    "year_label",
    "sex",
    "share",
    "status",
    "source_id",
    "method",
]
# Palette for series, kept in this order so colours do not move when a filter removes a series.
SERIES_COLORS = theme.SERIES_COLORS


def series_label(scope: str, family: str, population: str) -> str:
    """ "Branche Mutualité · cadres", "Branche Mutualité · Systèmes d'information"."""
    parts = [labels.scope_label(scope).split(" (")[0]]
    if family != "TOTAL":
        parts.append(labels.family_label(family))
    if population != "ensemble":
        parts.append(labels.POPULATION_LABELS.get(population, population).lower())
    return " · ".join(parts)


def gender_data(gender: pd.DataFrame, sex: str | None = "F") -> pd.DataFrame:
    """Exactly the points drawn: one row per (series, year) with the share of `sex`
    (women by default; None keeps both sexes), ordered by series then year."""
    g = gender if sex is None else gender[gender["sex"] == sex]
    g = with_year_labels(g)  # "vers 2019" where the source dates its figure approximately
    g["series"] = g["scope"] + "/" + g["family"] + "/" + g["population"]
    g["series_label"] = [series_label(s, f, p) for s, f, p in zip(g["scope"], g["family"], g["population"])]
    order = {
        s: i for i, s in enumerate(dict.fromkeys(gender["scope"] + "/" + gender["family"] + "/" + gender["population"]))
    }
    g["_o"] = g["series"].map(order)
    g = g.sort_values(["_o", "ref_year", "sex"]).drop(columns="_o")
    return g[SERIES_COLUMNS + [c for c in ("suppressed", "suppressed_label") if c in g]].reset_index(drop=True)


def _share_text(data: pd.DataFrame) -> list[str]:
    """Each point's share in French, or the label of a hidden one ("secret")."""
    hidden = data["suppressed"].fillna(False).astype(bool) if "suppressed" in data else [False] * len(data)
    lbls = data["suppressed_label"] if "suppressed_label" in data else [""] * len(data)
    return [lbl if h else formats.percent(v) for v, h, lbl in zip(data["share"], hidden, lbls)]


def label_sides(data: pd.DataFrame, gap: float = 6.0, width: float = 0.6) -> list[str]:
    """Text position of each point's label, chosen greedily (highest share first) among
    right, left, above and below, so that labels overlap neither each other nor other
    points. Positions are in chart units: a label is about `width` years wide and
    `gap` percentage points high. A point with no free side gets "" and no label
    (its value stays in the hover and in the table below the chart): a register's
    families all fall on one year, a few points apart, and stacked labels could not
    be read."""
    d = data.reset_index(drop=True)
    points = list(zip(d["ref_year"].astype(float), d["share"].astype(float)))
    # a series line leaves a point to the right (later year) or arrives from the left
    years = d.groupby("series")["ref_year"]
    line_right = list(d["ref_year"] < years.transform("max"))
    line_left = list(d["ref_year"] > years.transform("min"))
    placed: list[tuple[float, float]] = []  # label centres
    sides = [""] * len(d)
    shifts = {
        "middle right": (width / 2 + 0.1, 0.0),
        "middle left": (-(width / 2 + 0.1), 0.0),
        "top center": (0.0, gap * 0.8),
        "bottom center": (0.0, -gap * 0.8),
    }
    for i in sorted(range(len(d)), key=lambda k: -points[k][1]):
        x, y = points[i]
        allowed = [
            side
            for side in shifts
            if not ((side == "middle right" and line_right[i]) or (side == "middle left" and line_left[i]))
        ]
        choice, centre = "", None
        for side in allowed:
            dx, dy = shifts[side]
            cx, cy = x + dx, y + dy
            if any(abs(cx - lx) < width * 0.95 and abs(cy - ly) < gap for lx, ly in placed):
                continue
            if any(
                j != i and abs(cx - px) < width / 2 + 0.1 and abs(cy - py) < gap / 2
                for j, (px, py) in enumerate(points)
            ):
                continue
            choice, centre = side, (cx, cy)
            break
        if centre is not None:
            placed.append(centre)
        sides[i] = choice
    return sides


def gender_over_time_chart(data: pd.DataFrame) -> go.Figure:
    """Share of women (y, 0-100 %) by reference year (x), one colour per series;
    published points filled, derived points hollow; a line joins only the years of
    one series. Labels print the French percentage next to each point."""
    fig = new_figure()
    data = data.reset_index(drop=True).assign(_side=label_sides(data))
    for i, (_series, d) in enumerate(data.groupby("series", sort=False)):
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        fig.add_trace(
            go.Scatter(
                x=d["ref_year"],
                y=d["share"],
                name=formats.chart_text(d["series_label"].iloc[0]),
                showlegend=bool(d["share"].notna().any()),  # every point hidden: no mark to name
                mode="lines+markers+text" if len(d) > 1 else "markers+text",
                line=dict(color=color, width=3),
                marker=dict(
                    size=16,
                    color=[color if s == "published" else "white" for s in d["status"]],
                    line=dict(color=color, width=3),
                ),
                text=[formats.percent(v) if side else "" for v, side in zip(d["share"], d["_side"])],
                textposition=[side or "middle right" for side in d["_side"]],
                textfont=dict(color=color),
                customdata=list(
                    zip(
                        d["series_label"].map(formats.chart_text),
                        [labels.STATUS_LABELS.get(s, s) for s in d["status"]],
                        [formats.percent(v) for v in d["share"]],
                        _year_labels(d),
                    )
                ),
                hovertemplate="%{customdata[0]}<br>%{customdata[3]} : %{customdata[2]} de femmes (%{customdata[1]})"
                "<extra></extra>",
            )
        )
    years = sorted(data["ref_year"].unique().tolist()) if not data.empty else []
    approx = data.assign(_a=_approx(data)).groupby("ref_year")["_a"].all() if not data.empty else {}
    fig.update_layout(
        yaxis=dict(title=labels.GENDER_AXIS, range=[0, 100], ticksuffix=" %", dtick=20),
        xaxis=dict(
            title=None,
            tickmode="array",
            tickvals=years,
            ticktext=[year_label(y, approx.get(y, False)) for y in years],
            range=[min(years) - 1, max(years) + 2] if years else None,
        ),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
    )
    fig.add_hline(y=50, line=dict(color="#999999", dash="dot", width=1))
    return fig


def _approx(data: pd.DataFrame) -> list[bool]:
    """Whether each point's year is approximate (False for a frame without the column)."""
    if "ref_year_approx" not in data:
        return [False] * len(data)
    return list(data["ref_year_approx"].fillna(False).astype(bool))


def _year_labels(data: pd.DataFrame) -> list[str]:
    """Each point's year as the source dates it: "vers 2019" or "2018"."""
    return [year_label(y, a) for y, a in zip(data["ref_year"], _approx(data))]


def gender_split_data(gender: pd.DataFrame) -> pd.DataFrame:
    """The latest year of each series, both sexes: the bars of the split chart."""
    return latest_points(gender_data(gender, sex=None))


def latest_points(points: pd.DataFrame) -> pd.DataFrame:
    """The rows of the latest year of each series of `gender_data(..., sex=None)`, so a
    page that already has both sexes' points does not prepare them again."""
    last = points.groupby("series")["ref_year"].transform("max")
    return points[points["ref_year"] == last].reset_index(drop=True)


def women_points(points: pd.DataFrame) -> pd.DataFrame:
    """The women's rows of `gender_data(..., sex=None)`: the same as `gender_data(...)`."""
    return points[points["sex"] == "F"].reset_index(drop=True)


def gender_split_chart(data: pd.DataFrame) -> go.Figure:
    """100 % stacked horizontal bars, women then men, one bar per series (with its
    year in the label); derived segments hatched."""
    d = data.copy()
    d["bar"] = d["series_label"].map(formats.chart_text) + " (" + pd.Series(_year_labels(d), index=d.index) + ")"
    bars = list(dict.fromkeys(d["bar"]))[::-1]
    fig = new_figure()
    for sex in ("F", "H"):
        s = d[d["sex"] == sex].set_index("bar").reindex(bars)
        fig.add_trace(
            go.Bar(
                y=bars,
                x=s["share"],
                orientation="h",
                name=labels.SEX_LABELS[sex],
                marker=dict(
                    color=theme.SEX_COLORS[sex],
                    pattern=hatch(["" if st == "published" else "/" for st in s["status"].fillna("")], solidity=0.3),
                ),
                text=[
                    t if isinstance(t, str) else ""
                    for t in (
                        _share_text(s.reset_index())
                        if "suppressed" in s
                        else [formats.percent(v) if pd.notna(v) else "" for v in s["share"]]
                    )
                ],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(color="white"),
                customdata=[labels.STATUS_LABELS.get(x, x) for x in s["status"].fillna("")],
                hovertemplate="%{y}<br>" + labels.SEX_LABELS[sex] + " : %{x:.0f} % (%{customdata})<extra></extra>",
            )
        )
    if "suppressed" in d:  # a hidden split: its label at the axis, never an empty bar read as 0
        hidden = d[(d["sex"] == "F") & d["suppressed"].fillna(False).astype(bool)]
        hidden_marks(fig, hidden["bar"], hidden["suppressed_label"])
    fig.update_layout(
        barmode="stack",
        xaxis=dict(title=labels.SHARE_AXIS, range=[0, 100], ticksuffix=" %"),
        yaxis=dict(automargin=True),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0, traceorder="normal"),
        bargap=0.35,
    )
    return fig


def gender_table(data: pd.DataFrame) -> pd.DataFrame:
    """The points of the chart as a readable table, with how each derived value was
    computed."""
    return pd.DataFrame(
        {
            "Population": data["series_label"],
            "Année": _year_labels(data),
            "Sexe": data["sex"].map(labels.SEX_LABELS),
            "Part": _share_text(data),
            "Statut": data["status"].map(lambda s: labels.STATUS_LABELS.get(s, s)),
            "Calcul": data["method"].fillna(""),
            "Source": data["source_id"],
        }
    )
