"""Figures and tables of a projection (the scenario studio and the slide deck).

Every function takes the engine's own tables, unchanged, as `gpec.project` returns
them and as `python -m gpec run` writes them:

* `flows`: year, family, headcount_start, retirements, other_exits, moves_out,
  moves_in, external_hires, headcount_end (+ `<measure>_p10/_p50/_p90` with Monte
  Carlo, where the plain columns are the means over draws);
* `structure`: year, family, sex, age, headcount;
* `summary`: one row per family and a `TOTAL` row;

plus, for Monte Carlo bands of totals, the optional `band` table of
`studio.outcome.total_band` (year, measure, p10, p50, p90). Nothing here imports
Streamlit; the house style (`charts.common.style`) is applied by the caller, who
knows whether the figure goes to a page, a projector or a slide.

Years: a flow of year t happens during t (1 January t to 1 January t+1); a headcount
of year t is the headcount on 1 January t. So flows run base..horizon-1 and
headcounts base..horizon.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts import theme
from core import formats, labels

from .common import HIDDEN_MARKS, hidden_marks, hidden_together, internal_mark, pyramid_xaxis
from .common import style as house_style

TOTAL = "TOTAL"
FAMILY_ORDER = [f for f in labels.FAMILY_LABELS if f != TOTAL]
# Flows and their colours (Tol "muted", distinct from the sex colours of the pyramid).
FLOW_COLORS = {"retirements": "#882255", "other_exits": "#DDCC77", "external_hires": "#117733", "moves": "#88CCEE"}
BASE_OUTLINE = "#222222"
# Up to four pinned scenarios on one chart: Tol "bright", in pin order.
COMPARE_COLORS = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE"]


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """One figure from plain trace and layout dicts, validated once, without plotly's
    default template: building trace by trace and applying the template cost three
    times as much, and `charts.common.style` sets the house look anyway."""
    return go.Figure({"data": traces, "layout": {"template": "none", **layout}})


def _family_order(families) -> list[str]:
    order = {f: i for i, f in enumerate(FAMILY_ORDER)}
    return sorted(dict.fromkeys(families), key=lambda f: (order.get(f, len(order)), f))


def years_of(flows: pd.DataFrame) -> tuple[int, int]:
    """(base year, horizon year) of a flows table."""
    return int(flows["year"].min()), int(flows["year"].max()) + 1


# ---- headcount over time ------------------------------------------------------------------


def trajectory(flows: pd.DataFrame) -> pd.DataFrame:
    """Headcount on 1 January by family, years base..horizon: `year, family, headcount`
    (the start of each year, and the end of the last one)."""
    start = flows[["year", "family", "headcount_start"]].rename(columns={"headcount_start": "headcount"})
    last = flows[flows["year"] == flows["year"].max()]
    end = pd.DataFrame(
        {
            "year": last["year"].to_numpy() + 1,
            "family": last["family"].to_numpy(),
            "headcount": last["headcount_end"].to_numpy(),
        }
    )
    out = pd.concat([start, end], ignore_index=True)
    return out.sort_values(["year", "family"], kind="stable").reset_index(drop=True)


def year_totals(flows: pd.DataFrame, totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """All families together by year, one column per measure. From `totals` (a
    diffusion view's totals over families, computed from the full counts, NaN where
    hidden) when given: summing shown cells would count hidden ones as 0."""
    measures = [c for c in flows.columns if c not in ("year", "family") and "_p" not in c]
    if totals is None or totals.empty:
        return flows.groupby("year")[measures].sum()
    return totals.pivot(index="year", columns="measure", values="value").reindex(columns=measures)


def total_trajectory(
    flows: pd.DataFrame, band: pd.DataFrame | None = None, totals: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All families together, years base..horizon: `year, headcount` (mean over draws
    with Monte Carlo) and, when `band` is given, `p10, p50, p90`."""
    t = year_totals(flows, totals)
    last = t.index.max()
    out = pd.DataFrame(
        {"year": [*t.index, last + 1], "headcount": [*t["headcount_start"], t.loc[last, "headcount_end"]]}
    )
    if band is not None:
        b = band[band["measure"] == "headcount"][["year", "p10", "p50", "p90"]]
        out = out.merge(b, on="year", how="left")
    return out


def headcount_by_family_chart(flows: pd.DataFrame, totals: pd.DataFrame | None = None) -> go.Figure:
    """Stacked areas of headcount on 1 January, one per family in its fixed colour,
    the largest family at the bottom; the top edge is the total.

    In a diffusion view (`totals`: the totals over families from the full counts, as
    `year_totals` takes them) a hidden family has no area of its own. The hidden
    families together are one grey area on top, the total less the families shown,
    so the top edge stays the total: the difference is what anyone can already
    compute from the total headcount and the families shown."""
    full = trajectory(flows)
    t = full[full.groupby("family")["headcount"].transform(lambda v: v.notna().any())]  # hidden families: no area
    hover = "%{fullData.name}<br>1er janvier %{x} : %{y:,.0f} salariés<extra></extra>"
    sizes = t[t["year"] == t["year"].min()].set_index("family")["headcount"]

    def area(x: pd.Series, y: pd.Series, name: str, color: str) -> dict:
        return dict(
            type="scatter",
            x=x.to_numpy(),
            y=y.to_numpy(),
            name=name,
            stackgroup="families",
            mode="lines",
            line=dict(width=0.6, color=color),
            fillcolor=color,
            hovertemplate=hover,
        )

    traces = []
    for fam in sorted(_family_order(t["family"]), key=lambda f: -float(sizes.get(f, 0))):
        d = t[t["family"] == fam]
        traces.append(
            area(d["year"], d["headcount"], labels.family_label(fam), theme.FAMILY_COLORS.get(fam, "#777777"))
        )
    if full["headcount"].isna().any() and totals is not None and not totals.empty:
        total = total_trajectory(flows, None, totals).set_index("year")["headcount"]
        masked = hidden_together(full, "headcount", total).fillna(0.0)  # an area: 0 where none hidden
        traces.append(area(masked.index.to_series(), masked, labels.MASKED_FAMILIES, theme.UNKNOWN_COLOR))
    return _figure(
        traces,
        dict(
            xaxis=dict(title=None, dtick=_dtick(t["year"]), tickformat="d", tickangle=0),
            yaxis=dict(title=labels.SC_AXIS_HEADCOUNT_JAN, tickformat=",d", rangemode="tozero"),
            legend=dict(traceorder="reversed"),  # the legend reads like the stack, top first
            hovermode="x unified",
        ),
    )


def total_headcount_chart(trajectories: Mapping[str, pd.DataFrame]) -> go.Figure:
    """One line per scenario (name -> `total_trajectory` frame), in pin order, with a
    shaded 10th-90th percentile band for those that carry one. The axis is not
    forced to zero: the point is the gap between scenarios and the width of a band.
    Names are a user's words: the legend and the hover labels show them literally."""
    traces = []
    for i, (group, t) in enumerate(trajectories.items()):
        name = formats.chart_text(group)
        color = COMPARE_COLORS[i % len(COMPARE_COLORS)]
        years = t["year"].to_numpy()
        if {"p10", "p90"} <= set(t.columns) and t["p10"].notna().any():
            traces.append(
                dict(
                    type="scatter",
                    x=years,
                    y=t["p90"].to_numpy(),
                    mode="lines",
                    line=dict(width=0),
                    showlegend=False,
                    hoverinfo="skip",
                    legendgroup=group,
                )
            )
            traces.append(
                dict(
                    type="scatter",
                    x=years,
                    y=t["p10"].to_numpy(),
                    mode="lines",
                    line=dict(width=0),
                    fill="tonexty",
                    fillcolor=_rgba(color, 0.22),
                    name=labels.SC_BAND_NAME.format(name=name),
                    legendgroup=group,
                    customdata=t[["p90"]].to_numpy(),
                    hovertemplate=labels.SC_BAND_HOVER + "<extra></extra>",
                )
            )
        traces.append(
            dict(
                type="scatter",
                x=years,
                y=t["headcount"].to_numpy(),
                mode="lines+markers",
                name=name,
                legendgroup=group,
                line=dict(color=color, width=3),
                marker=dict(size=6),
                hovertemplate="%{fullData.name}<br>1er janvier %{x} : %{y:,.0f} salariés<extra></extra>",
            )
        )
    years = [y for t in trajectories.values() for y in t["year"]]
    return _figure(
        traces,
        dict(
            xaxis=dict(title=None, dtick=_dtick(years), tickformat="d", tickangle=0),
            yaxis=dict(title=labels.SC_AXIS_HEADCOUNT_JAN, tickformat=",d", range=_value_range(trajectories.values())),
            legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
            hovermode="x",
        ),
    )


# ---- departures and hires ---------------------------------------------------------------------


def departures_hires_data(
    flows: pd.DataFrame, band: pd.DataFrame | None = None, totals: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All families together, one row per year base..horizon-1: `year, retirements,
    other_exits, departures, moves, external_hires` (internal moves count once), and
    with `band` `<measure>_p10, <measure>_p90` for departures and external hires.
    With a diffusion view's `totals`, a hidden total stays hidden (NaN)."""
    g = year_totals(flows, totals)[["retirements", "other_exits", "moves_in", "external_hires"]].reset_index()
    g["departures"] = g["retirements"] + g["other_exits"]
    g = g.rename(columns={"moves_in": "moves"})
    out = g[["year", "retirements", "other_exits", "departures", "moves", "external_hires"]]
    if band is not None:
        for measure in ("departures", "external_hires"):
            b = band[band["measure"] == measure][["year", "p10", "p90"]].rename(
                columns={"p10": f"{measure}_p10", "p90": f"{measure}_p90"}
            )
            out = out.merge(b, on="year", how="left")
    return out


def running_totals(flows: pd.DataFrame, totals: pd.DataFrame | None = None) -> str:
    """ "Départs 2025–2034 : 33 407 (dont 6 218 à la retraite) · embauches externes :
    33 407": the period's totals of the yearly flows, from the yearly totals (full
    counts in a diffusion view); empty when a yearly total is hidden."""
    d = departures_hires_data(flows, totals=totals)
    if d.empty or d[["departures", "retirements", "external_hires"]].isna().any().any():
        return ""
    return labels.SC_RUNNING_TOTALS.format(
        first=int(d["year"].min()),
        last=int(d["year"].max()),
        departures=formats.number(d["departures"].sum()),
        retirements=formats.number(d["retirements"].sum()),
        hires=formats.number(d["external_hires"].sum()),
    )


def departures_hires_chart(
    flows: pd.DataFrame, band: pd.DataFrame | None = None, totals: pd.DataFrame | None = None
) -> go.Figure:
    """For each year, a bar of departures (retirements, then other exits stacked on
    top) beside a bar of external hires; with `band`, whiskers from the 10th to the
    90th percentile on each bar's total."""
    d = departures_hires_data(flows, band, totals)
    has_band = "departures_p10" in d.columns
    years = d["year"].to_numpy()

    def whisker(measure: str):
        if not has_band:
            return None
        return dict(
            type="data",
            symmetric=False,
            array=(d[f"{measure}_p90"] - d[measure]).clip(lower=0).to_numpy(),
            arrayminus=(d[measure] - d[f"{measure}_p10"]).clip(lower=0).to_numpy(),
            color="#333333",
            thickness=1.5,
            width=5,
        )

    hover = "%{fullData.name} %{x} : %{y:,.0f}<extra></extra>"
    traces = [
        dict(
            type="bar",
            x=years,
            y=d["retirements"].to_numpy(),
            name=labels.SC_FLOW_LABELS["retirements"],
            offsetgroup="departures",
            marker=dict(color=FLOW_COLORS["retirements"]),
            hovertemplate=hover,
        ),
        dict(
            type="bar",
            x=years,
            y=d["other_exits"].to_numpy(),
            base=d["retirements"].to_numpy(),
            name=labels.SC_FLOW_LABELS["other_exits"],
            offsetgroup="departures",
            marker=dict(color=FLOW_COLORS["other_exits"]),
            error_y=whisker("departures"),
            hovertemplate=hover,
        ),
        dict(
            type="bar",
            x=years,
            y=d["external_hires"].to_numpy(),
            name=labels.SC_FLOW_LABELS["external_hires"],
            offsetgroup="hires",
            marker=dict(color=FLOW_COLORS["external_hires"]),
            error_y=whisker("external_hires"),
            hovertemplate=hover,
        ),
    ]
    fig = _figure(
        traces,
        dict(
            barmode="group",
            bargap=0.25,
            bargroupgap=0.05,
            xaxis=dict(title=None, dtick=_dtick(years), tickformat="d", tickangle=0),
            yaxis=dict(title=labels.SC_AXIS_PEOPLE_YEAR, tickformat=",d"),
            legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
        ),
    )
    # a hidden bar's label at its place: the departures bar is the left one of its
    # year (the label ends at the year's middle), the hires bar the right one
    for measures, side in ((("retirements", "other_exits"), "top left"), (("external_hires",), "top right")):
        marks = _hidden_labels(d, totals, measures)
        if len(marks):
            pad = "\u00a0"  # the two labels of a year apart
            texts = [f"{t}{pad}" if side == "top left" else f"{pad}{t}" for t in marks]
            hidden_marks(fig, marks.index, texts, orientation="v", textposition=side)
    return fig


def _hidden_labels(d: pd.DataFrame, totals: pd.DataFrame | None, measures: tuple[str, ...]) -> pd.Series:
    """Year -> the label of one bar's hidden parts ("< 5", "secret", or "masqué" when
    they differ): without a mark, the empty place read as "nobody leaves" or "nobody
    is hired"."""
    if totals is None or totals.empty or "label" not in totals:
        return pd.Series(dtype=object)
    lab = totals.pivot(index="year", columns="measure", values="label")
    marks = {}
    for i, year in enumerate(d["year"]):
        parts = [lab.at[year, m] if year in lab.index and m in lab else "" for m in measures if pd.isna(d[m].iloc[i])]
        if parts:  # one short word: a bar is about as wide as "secret" on a projector
            kinds = set(parts)
            marks[year] = parts[0] if len(kinds) == 1 and parts[0] else labels.PRIVACY_SECRET_SHORT
    return pd.Series(marks, dtype=object)


# ---- recruitment needs ------------------------------------------------------------------------


def recruitment_needs(flows: pd.DataFrame) -> pd.DataFrame:
    """External hires by family and year, long: `year, family, family_label,
    external_hires` (means over draws with Monte Carlo), families in house order."""
    order = {f: i for i, f in enumerate(_family_order(flows["family"]))}
    out = flows[["year", "family", "external_hires"]].copy()
    out["family_label"] = out["family"].map(labels.family_label)
    out = out.sort_values(["year", "family"], key=lambda s: s.map(order) if s.name == "family" else s)
    return out[["year", "family", "family_label", "external_hires"]].reset_index(drop=True)


def recruitment_needs_table(flows: pd.DataFrame, outcome=None) -> pd.DataFrame:
    """External hires as people read them: one row per family (French label) and a
    last row `Ensemble`; one column per year and a `Total` column. Numbers unrounded.
    With a diffusion `outcome` (studio.outcome.Outcome), hidden cells read their
    label ("< 5", "secret") and the totals are those of the full counts, or hidden."""
    long = recruitment_needs(flows)
    wide = long.pivot_table(
        index="family", columns="year", values="external_hires", aggfunc="sum", sort=False, dropna=False
    )
    wide = wide.loc[_family_order(wide.index)]
    years = list(wide.columns)
    wide.columns = [str(c) for c in wide.columns]
    if outcome is None or not outcome.diffusion:
        wide[labels.SC_TOTAL_COLUMN] = wide.sum(axis=1)
        wide.loc[TOTAL] = wide.sum(axis=0)
    else:
        wide = _hidden_needs(wide, years, flows, outcome)
    wide.insert(0, labels.SC_FAMILY_COLUMN, [labels.family_label(f) for f in wide.index])
    return wide.reset_index(drop=True)


def _hidden_needs(wide: pd.DataFrame, years: list, flows: pd.DataFrame, outcome) -> pd.DataFrame:
    """The needs table of a diffusion view: labels in hidden cells, totals from the
    summary and the totals over families (full counts), never sums of shown cells."""
    out = wide.astype(object)
    hidden = outcome.hidden["flows"]
    for i, (y, f) in enumerate(zip(flows["year"], flows["family"])):
        lbl = hidden["external_hires"].iloc[i]
        if lbl:
            out.loc[f, str(y)] = lbl
    summary = outcome.summary.set_index("family")
    sum_labels = outcome.hidden["summary"].set_index(outcome.summary["family"])
    out[labels.SC_TOTAL_COLUMN] = [
        sum_labels.at[f, "external_hires_total"] or summary.at[f, "external_hires_total"] for f in out.index
    ]
    t = outcome.totals[outcome.totals["measure"] == "external_hires"].set_index("year")
    out.loc[TOTAL] = [t.at[y, "label"] or t.at[y, "value"] for y in years] + [
        sum_labels.at[TOTAL, "external_hires_total"] or summary.at[TOTAL, "external_hires_total"]
    ]
    return out


def recruitment_needs_chart(flows: pd.DataFrame, totals: pd.DataFrame | None = None) -> go.Figure:
    """External hires per year, stacked by family in the fixed family colours. In a
    diffusion view (`totals` as `year_totals` takes them) the hidden families of a
    year are one grey bar on top, so the bar reaches the year's total."""
    long = recruitment_needs(flows)
    traces = []
    hover = "%{fullData.name}<br>%{x} : %{y:,.0f} embauches<extra></extra>"
    for fam in _family_order(long["family"]):
        d = long[long["family"] == fam]
        traces.append(
            dict(
                type="bar",
                x=d["year"].to_numpy(),
                y=d["external_hires"].to_numpy(),
                name=labels.family_label(fam),
                marker=dict(color=theme.FAMILY_COLORS.get(fam, "#777777")),
                hovertemplate=hover,
            )
        )
    if totals is not None and not totals.empty:
        masked = hidden_together(long, "external_hires", year_totals(flows, totals)["external_hires"])
        if masked.notna().any():
            traces.append(
                dict(
                    type="bar",
                    x=masked.index.to_numpy(),
                    y=masked.to_numpy(),
                    name=labels.MASKED_FAMILIES,
                    marker=dict(color=theme.UNKNOWN_COLOR),
                    hovertemplate=hover,
                )
            )
    return _figure(
        traces,
        dict(
            barmode="stack",
            xaxis=dict(title=None, dtick=_dtick(long["year"]), tickformat="d", tickangle=0),
            yaxis=dict(title=labels.SC_FLOW_LABELS["external_hires"], tickformat=",d"),
            # below the plot: the chart shares its row, a legend at the side would squeeze it
            legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0, traceorder="normal"),
        ),
    )


# ---- age pyramid ------------------------------------------------------------------------------


def pyramid_data(structure: pd.DataFrame, years: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Headcount by year, sex and age, all families together: `year, sex, age,
    headcount`; by default for the first and the last year of `structure`."""
    if years is None:
        years = (int(structure["year"].min()), int(structure["year"].max()))
    s = structure[structure["year"].isin(years)]
    out = s.groupby(["year", "sex", "age"], as_index=False)["headcount"].sum()
    return out.sort_values(["year", "sex", "age"]).reset_index(drop=True)


def pyramid_chart(structure: pd.DataFrame, base_year: int | None = None, horizon_year: int | None = None) -> go.Figure:
    """The horizon's pyramid as bars (men to the left, women to the right), the base
    year's as a black outline over it: where the outline sticks out, people left;
    where bars stick out, hires came in."""
    base_year = int(structure["year"].min()) if base_year is None else base_year
    horizon_year = int(structure["year"].max()) if horizon_year is None else horizon_year
    if "age_band" in structure:
        return banded_pyramid_chart(structure, base_year, horizon_year)
    d = pyramid_data(structure, (base_year, horizon_year))
    occupied = d.loc[d["headcount"] > 1e-9, "age"]
    if occupied.empty:
        occupied = d["age"]
    ages = np.arange(int(occupied.min()), int(occupied.max()) + 1)  # no empty ages drawn as a line on zero
    traces = []
    for sex, sign in (("H", -1), ("F", 1)):
        h = d[(d["year"] == horizon_year) & (d["sex"] == sex)].set_index("age")["headcount"]
        h = h.reindex(ages, fill_value=0).to_numpy()
        traces.append(
            dict(
                type="bar",
                x=sign * h,
                y=ages,
                orientation="h",
                marker=dict(color=theme.SEX_COLORS[sex]),
                name=f"{labels.SEX_LABELS[sex]} {horizon_year}",
                customdata=h,
                hovertemplate="%{fullData.name}, %{y} ans : %{customdata:,.0f}<extra></extra>",
            )
        )
    base = d[d["year"] == base_year]
    held = base.loc[base["headcount"] > 1e-9, "age"]
    base_ages = np.arange(int(held.min()), int(held.max()) + 1) if not held.empty else ages
    edges = np.concatenate(
        [[base_ages[0] - 0.5], np.column_stack([base_ages - 0.5, base_ages + 0.5]).ravel(), [base_ages[-1] + 0.5]]
    )
    for sex, sign in (("H", -1), ("F", 1)):
        b = base[base["sex"] == sex].set_index("age")["headcount"].reindex(base_ages, fill_value=0).to_numpy()
        steps = np.concatenate([[0.0], np.repeat(b, 2), [0.0]])  # closed on the axis at both ends
        traces.append(
            dict(
                type="scatter",
                x=sign * steps,
                y=edges,
                mode="lines",
                line=dict(color=BASE_OUTLINE, width=1.6),
                name=f"{base_year}",
                legendgroup="base",
                showlegend=sex == "H",
                customdata=steps,
                hovertemplate=f"{labels.SEX_LABELS[sex]} {base_year}, " + "%{y:.0f} ans : %{customdata:,.0f}"
                "<extra></extra>",
            )
        )
    return _figure(
        traces,
        dict(
            barmode="overlay",
            bargap=0.05,
            xaxis=pyramid_xaxis(*_side_peaks(d), title=labels.SC_AXIS_PYRAMID),
            yaxis=dict(title=labels.AGE_AXIS, dtick=5, range=[ages[0] - 1, ages[-1] + 1]),
            legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
        ),
    )


def banded_pyramid_chart(structure: pd.DataFrame, base_year: int, horizon_year: int) -> go.Figure:
    """The pyramid of a diffusion view: 5-year bands over all families, the horizon as
    bars and the base year as an outline; a hidden band is not drawn, its label
    ("< 5", "secret") is written at the axis."""
    d = structure[structure["year"].isin((base_year, horizon_year))].sort_values("age")
    bands = list(dict.fromkeys(d["age_band"]))
    traces = []
    for year, style in ((horizon_year, "bar"), (base_year, "outline")):
        for sex, sign in (("H", -1), ("F", 1)):
            s = d[(d["year"] == year) & (d["sex"] == sex)].set_index("age_band").reindex(bands)
            values = s["headcount"].to_numpy(dtype=float)
            text = [formats.number(v) if not np.isnan(v) else labels.PRIVACY_HOVER for v in values]
            trace = dict(
                type="bar",
                x=sign * values,
                y=bands,
                orientation="h",
                customdata=text,
                name=f"{labels.SEX_LABELS[sex]} {year}" if style == "bar" else f"{year}",
                hovertemplate="%{fullData.name}, %{y} : %{customdata}<extra></extra>",
            )
            if style == "bar":
                trace["marker"] = dict(color=theme.SEX_COLORS[sex])
            else:
                trace.update(
                    marker=dict(color="rgba(0,0,0,0)", line=dict(color=BASE_OUTLINE, width=1.6)),
                    legendgroup="base",
                    showlegend=sex == "H",
                )
            traces.append(trace)
    h = d[(d["year"] == horizon_year) & d["headcount"].isna()]
    peak = float(d["headcount"].max()) if d["headcount"].notna().any() else 1.0
    for sex, sign in (("H", -1), ("F", 1)):
        x = h[h["sex"] == sex]
        if len(x):
            traces.append(
                dict(
                    type="scatter",
                    mode="text",
                    x=[sign * peak * 0.03] * len(x),
                    y=x["age_band"].tolist(),
                    text=[labels.PRIVACY_SECRET_SHORT] * len(x),
                    meta=HIDDEN_MARKS,
                    showlegend=False,
                    hoverinfo="skip",
                    textposition="middle left" if sign < 0 else "middle right",
                    textfont=dict(color="#666666"),
                )
            )
    return _figure(
        traces,
        dict(
            barmode="overlay",
            bargap=0.1,
            xaxis=pyramid_xaxis(*_side_peaks(d), title=labels.SC_AXIS_PYRAMID, pad=1.12),
            yaxis=dict(title=labels.AGE_AXIS, categoryorder="array", categoryarray=bands),
            legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
        ),
    )


def _side_peaks(d: pd.DataFrame) -> tuple[float, float]:
    """(men's, women's) largest bar over both years drawn."""
    peaks = d.groupby("sex")["headcount"].max().fillna(0.0)
    return float(peaks.get("H", 0.0)), float(peaks.get("F", 0.0))


# ---- key figures and comparison ------------------------------------------------------------------

KEY_FIGURES = (
    "retirements_total",
    "external_hires_total",
    "share_retiring_by_horizon",
    "mean_age_horizon",
    "share_55_plus_horizon",
    "share_women_horizon",
)
_BASE_OF = {
    "mean_age_horizon": "mean_age_base",
    "share_55_plus_horizon": "share_55_plus_base",
    "share_women_horizon": "share_women_base",
}


def key_figures(
    summary: pd.DataFrame, base_year: int, horizon_year: int, hidden: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The studio's key figures, from the summary's TOTAL row: `key, label, value,
    unit, display, base_value, delta_display`. Shares are fractions in `value` and
    percentages in `display` ("13,4 %"); `delta_display` compares a horizon figure
    with the base year ("−0,3 an", "+1,2 point") and is empty otherwise."""
    at = summary.index[summary["family"] == TOTAL][0]
    row = summary.loc[at]
    hidden_row = hidden.loc[at] if hidden is not None else {}
    out = []
    for key in KEY_FIGURES:
        value = float(row[key])
        unit = "age" if key.startswith("mean_age") else "share" if key.startswith("share") else "people"
        base_value = float(row[_BASE_OF[key]]) if key in _BASE_OF else float("nan")
        label = hidden_row.get(key, "") if len(hidden_row) else ""
        out.append(
            dict(
                key=key,
                label=labels.SC_KEY_LABELS[key].format(base=base_year, horizon=horizon_year),
                value=value,
                unit=unit,
                display=label or _display(value, unit),
                base_value=base_value,
                delta_display="" if label else _delta(value, base_value, unit, base_year),
            )
        )
    return pd.DataFrame(out, columns=["key", "label", "value", "unit", "display", "base_value", "delta_display"])


def _display(value: float, unit: str) -> str:
    if unit == "share":
        return formats.percent(value * 100, 1)
    if unit == "age":
        return formats.number(value, 1) + " ans"
    return formats.number(value)


def _delta(value: float, base: float, unit: str, base_year: int) -> str:
    if np.isnan(base):
        return ""
    diff = (value - base) * (100 if unit == "share" else 1)
    sign = "+" if diff > 0.05 else "−" if diff < -0.05 else "±"
    word = labels.SC_DELTA_UNITS[unit]
    return f"{sign}{formats.number(abs(diff), 1)} {word} / {base_year}"


def comparison_table(
    summaries: Mapping[str, pd.DataFrame],
    years: Mapping[str, tuple[int, int]],
    hidden: Mapping[str, pd.DataFrame | None] | None = None,
) -> pd.DataFrame:
    """Key figures side by side: one row per figure (`Indicateur`, generic label) and
    one column per scenario (name -> summary; `years` name -> (base, horizon)), cells
    as French text with the horizon year when scenarios differ in it. `hidden` (name
    -> the labels of the summary's hidden cells, in a diffusion view) writes "< 5" or
    "secret" where a figure is hidden, never a dash that reads as "no data"."""
    hidden = hidden or {}
    rows = {key: {labels.SC_COMPARE_INDICATOR: labels.SC_KEY_GENERIC[key]} for key in KEY_FIGURES}
    rows["base_headcount"] = {labels.SC_COMPARE_INDICATOR: labels.SC_KEY_GENERIC["base_headcount"]}
    rows["horizon_headcount"] = {labels.SC_COMPARE_INDICATOR: labels.SC_KEY_GENERIC["horizon_headcount"]}
    for name, summary in summaries.items():
        base, horizon = years[name]
        at = summary.index[summary["family"] == TOTAL][0]
        total = summary.loc[at]
        labels_of = hidden.get(name)
        hidden_total = labels_of.loc[at] if labels_of is not None else {}
        figures = key_figures(summary, base, horizon, labels_of).set_index("key")
        for key in KEY_FIGURES:
            rows[key][name] = figures.loc[key, "display"]
        for key, year in (("base_headcount", base), ("horizon_headcount", horizon)):
            shown = hidden_total.get(key, "") if len(hidden_total) else ""
            rows[key][name] = f"{shown or formats.number(total[key])} ({year})"
    order = ["base_headcount", "horizon_headcount", *KEY_FIGURES]
    return pd.DataFrame([rows[k] for k in order])


# ---- helpers -----------------------------------------------------------------------------------


def _dtick(years) -> int:
    """Year ticks that never collide in a half-width chart: every year up to 8 years."""
    span = (int(max(years)) - int(min(years))) if len(years) else 0
    return 1 if span <= 8 else 2 if span <= 20 else 5


def _value_range(frames) -> list[float] | None:
    """A y range around the drawn values that never zooms on rounding noise: at least
    ±1 % of the level, so a flat workforce draws as a flat line."""
    cols = [c for c in ("headcount", "p10", "p90")]
    values = [v for t in frames for c in cols if c in t.columns for v in t[c].dropna().tolist()]
    if not values:
        return None
    lo, hi = min(values), max(values)
    pad = max((hi - lo) * 0.12, abs(hi) * 0.01, 1.0)
    return [max(0.0, lo - pad), hi + pad]


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


# ---- the studio's figures -----------------------------------------------------------------

FIGURES = ("families", "flows", "total", "pyramid", "needs")


def studio_figures(outcome, name: str, base: int, horizon: int, present: bool, internal: bool) -> dict[str, go.Figure]:
    """The studio's five figures of one projection (`outcome`: flows, structure, band
    and totals, as studio.outcome keeps them), styled; `internal` marks the owner's
    full figures in themselves."""
    titles = labels.SC_CHART_TITLES
    figs = {
        "families": (headcount_by_family_chart(outcome.flows, outcome.totals), titles["families"]),
        "flows": (departures_hires_chart(outcome.flows, outcome.band, outcome.totals), titles["flows"]),
        "pyramid": (
            pyramid_chart(outcome.structure, base, horizon),
            titles["pyramid"].format(base=base, horizon=horizon),
        ),
        "total": (
            total_headcount_chart({name: total_trajectory(outcome.flows, outcome.band, outcome.totals)}),
            titles["total_band" if outcome.band is not None else "total"],
        ),
        "needs": (recruitment_needs_chart(outcome.flows, outcome.totals), titles["needs_chart"]),
    }
    out = {key: house_style(fig, title, present=present) for key, (fig, title) in figs.items()}
    if internal:
        for fig in out.values():
            internal_mark(fig)
    return out


def comparison_figure(outcomes: Mapping[str, object], present: bool) -> go.Figure:
    """Total headcount of pinned scenarios (label -> outcome) on one chart."""
    trajectories = {label: total_trajectory(o.flows, o.band, o.totals) for label, o in outcomes.items()}
    return house_style(total_headcount_chart(trajectories), labels.SC_CHART_TITLES["compare"], present=present)
