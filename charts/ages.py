"""Âges et départs: the estimated age pyramid, the retirements it implies under the
legal schedule, and the 2009 claim "1 salarié sur 2 à la retraite d'ici 2015" held
against an age structure.

The pyramid of the store is an estimate (no branch pyramid is published), so every
figure drawn from it carries the word "estimation" in the chart itself, not only in
the caption: a PNG pasted into a slide must still say it. Projections are computed
by the engine through `studio.projection`; this module prepares its inputs and draws.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import theme
from charts.common import (
    HIDDEN_MARKS,
    PYRAMID_COMPARABLE,
    SOURCE_SEPARATOR,
    TOTALS,
    estimate_watermark,
    hatch,
    hidden_together,
    new_figure,
    pyramid_sides,
    pyramid_xaxis,
)
from core import formats, labels

PYRAMID_COLUMNS = ["sex", "age", "headcount", "scope", "ref_year", "status", "source_id", "method"]
SCHEDULE_SOURCES = {
    "loi_2010": "loi_2010",
    "loi_2023": "medicis_2023",
    "loi_2023_suspension_2026": "medicis_2023;preparetraite_2026",
}
CLAIM_SCOPE = "assurance_sante"


# ---- the pyramid ------------------------------------------------------------------


def pyramid_years(age_pyramid: pd.DataFrame, scope: str) -> list[int]:
    return sorted(age_pyramid.loc[age_pyramid["scope"] == scope, "ref_year"].unique().tolist())


def pyramid_families(age_pyramid: pd.DataFrame, scope: str, ref_year: int | None = None) -> list[str]:
    """Families present in a scope's pyramid, in harmonised order."""
    p = age_pyramid[age_pyramid["scope"] == scope]
    if ref_year is not None:
        p = p[p["ref_year"] == ref_year]
    present = set(p["family"])
    return [f for f in labels.FAMILY_LABELS if f in present] + sorted(present - set(labels.FAMILY_LABELS))


def pyramid_cells(
    age_pyramid: pd.DataFrame, scope: str, ref_year: int | None = None, families: list[str] | None = None
) -> pd.DataFrame:
    """The pyramid's cells (family, sex, age, headcount) of one scope and year (default:
    the latest), restricted to `families` when given: the engine's base population."""
    p = age_pyramid[age_pyramid["scope"] == scope]
    if p.empty:
        return pd.DataFrame(columns=["family", "sex", "age", "headcount"])
    year = int(p["ref_year"].max()) if ref_year is None else ref_year
    p = p[p["ref_year"] == year]
    if families is not None:
        p = p[p["family"].isin(families)]
    return p[["family", "sex", "age", "headcount"]].reset_index(drop=True)


def pyramid_data(
    age_pyramid: pd.DataFrame, scope: str, ref_year: int | None = None, families: list[str] | None = None
) -> pd.DataFrame:
    """Exactly the bars drawn: headcount by sex and single year of age, summed over the
    selected families, with the pyramid's provenance (`scope, ref_year, status,
    source_id, method`). Empty when nothing matches."""
    p = age_pyramid[age_pyramid["scope"] == scope]
    if p.empty:
        return pd.DataFrame(columns=PYRAMID_COLUMNS)
    year = int(p["ref_year"].max()) if ref_year is None else ref_year
    p = p[p["ref_year"] == year]
    if families is not None:
        p = p[p["family"].isin(families)]
    if p.empty:
        return pd.DataFrame(columns=PYRAMID_COLUMNS)
    if _banded(p):  # a diffusion view: 5-year bands over all families, hidden cells kept as such
        g = p[["sex", "age", "headcount", "age_band", "suppressed", "suppressed_label"]].copy()
    else:
        g = p.groupby(["sex", "age"], as_index=False)["headcount"].sum(min_count=1)
    first = p.iloc[0]
    g = g.assign(
        scope=scope, ref_year=year, status=first["status"], source_id=first["source_id"], method=first["method"]
    )
    extra = [c for c in ("age_band", "suppressed", "suppressed_label") if c in g]
    return g.sort_values(["sex", "age"])[PYRAMID_COLUMNS + extra].reset_index(drop=True)


def _banded(pyramid: pd.DataFrame) -> bool:
    return "age_band" in pyramid and pyramid["age_band"].notna().any()


def is_banded(data: pd.DataFrame) -> bool:
    """Whether a pyramid's rows are 5-year bands (a diffusion view of an imported scope)."""
    return _banded(data)


def is_estimated(data: pd.DataFrame) -> bool:
    return not data.empty and (data["status"] == "estimated").any()


def pyramid_summary(data: pd.DataFrame) -> dict:
    """Total, mean age, share aged 55 or more and share of women (percent) of a
    pyramid as drawn."""
    total = float(data["headcount"].sum())
    if total <= 0:
        return dict(total=0.0, mean_age=float("nan"), share_55_plus=float("nan"), share_women=float("nan"))
    return dict(
        total=total,
        mean_age=float((data["age"] * data["headcount"]).sum() / total),
        share_55_plus=float(100 * data.loc[data["age"] >= 55, "headcount"].sum() / total),
        share_women=float(100 * data.loc[data["sex"] == "F", "headcount"].sum() / total),
    )


def pyramid_metrics(data: pd.DataFrame, hidden: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The four numbers under the pyramid, as (French label, French value), computed
    from the full counts of `data`; `hidden` (metric -> label) replaces those a
    diffusion view may not show. An estimated pyramid's total says "estimé"."""
    s = pyramid_summary(data)
    hidden = hidden or {}
    total = labels.PYRAMID_TOTAL_ESTIMATED if is_estimated(data) else labels.PYRAMID_TOTAL
    values = {
        "total": formats.number(s["total"]),
        "mean_age": formats.number(s["mean_age"], 1) + "\u00a0ans",
        "share_55_plus": formats.percent(s["share_55_plus"], 1),
        "share_women": formats.percent(s["share_women"], 1),
    }
    names = {
        "total": total,
        "mean_age": labels.PYRAMID_MEAN_AGE,
        "share_55_plus": labels.PYRAMID_55,
        "share_women": labels.PYRAMID_WOMEN,
    }
    return [(names[k], hidden.get(k) or v) for k, v in values.items()]


def pyramid_title(data: pd.DataFrame, scope_name: str, year) -> str:
    """ "Pyramide des âges estimée · Branche · 2025" only when the pyramid is an
    estimate; an imported register is never called "estimée"."""
    title = labels.PYRAMID_TITLE_ESTIMATED if is_estimated(data) else labels.PYRAMID_TITLE
    return f"{title} · {scope_name} · {year}"


COMPARABLE = PYRAMID_COMPARABLE


def pyramid_extent(data: pd.DataFrame) -> tuple[float, float]:
    """(men's, women's) axis extent of a pyramid, by the rule of charts.common.pyramid_sides."""
    by_sex = data.groupby("sex")["headcount"].max().fillna(0.0) if len(data) else pd.Series(dtype=float)
    return pyramid_sides(float(by_sex.get("H", 0.0)), float(by_sex.get("F", 0.0)))


def pyramid_chart(data: pd.DataFrame) -> go.Figure:
    """Men to the left, women to the right, one bar per year of age; axis ticks as
    positive French numbers; an "ESTIMATION" watermark when the data is estimated."""
    fig = new_figure()
    xmax = float(data["headcount"].max()) if data["headcount"].notna().any() else 1.0
    banded = _banded(data)
    order = list(dict.fromkeys(data.sort_values("age")["age_band"])) if banded else None
    for sex, sign in (("H", -1), ("F", 1)):
        d = data[data["sex"] == sex]
        hidden = d["suppressed"].fillna(False).astype(bool) if "suppressed" in d else pd.Series(False, d.index)
        shown_text = [
            lbl if h else formats.number(v)
            for v, h, lbl in zip(d["headcount"], hidden, d.get("suppressed_label", [""] * len(d)))
        ]
        fig.add_trace(
            go.Bar(
                y=d["age_band"] if banded else d["age"],
                x=sign * d["headcount"],
                orientation="h",
                name=labels.SEX_LABELS[sex],
                marker=dict(color=theme.SEX_COLORS[sex]),
                customdata=shown_text,
                hovertemplate=("%{y}" if banded else "%{y} ans")
                + " : %{customdata} "
                + labels.SEX_LABELS[sex].lower()
                + "<extra></extra>",
            )
        )
        if banded and hidden.any():
            h = d[hidden.to_numpy()]
            fig.add_trace(
                go.Scatter(
                    x=[sign * xmax * 0.02] * len(h),
                    y=h["age_band"],
                    mode="text",
                    text=h["suppressed_label"].tolist(),
                    meta=HIDDEN_MARKS,
                    showlegend=False,
                    hoverinfo="skip",
                    textposition="middle left" if sign < 0 else "middle right",
                    textfont=dict(color="#666666"),
                )
            )
    fig.update_layout(
        barmode="relative",
        bargap=0.08,
        xaxis=pyramid_xaxis(*pyramid_extent(data), title=labels.HEADCOUNT_AXIS),
        yaxis=dict(title=labels.AGE_AXIS, categoryorder="array", categoryarray=order)
        if banded
        else dict(title=labels.AGE_AXIS, dtick=5),
        # under the plot: above it, the legend met the title on a projector and the
        # "internal" mark of an owner's figures
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
    )
    if not data.empty and (data["status"] == "estimated").any():
        estimate_watermark(fig)
    return fig


# ---- retirements under the legal schedule -------------------------------------------


def running_total(data: pd.DataFrame) -> str:
    """ "Départs 2025–2034 : 6 218": the period's total of yearly flows, from the full
    counts' yearly totals (`year_total`) when the rows carry them, so hidden cells of a
    diffusion view still add up to the true total."""
    if data.empty:
        return ""
    if "year_total" in data:
        yearly = data.groupby("year")["year_total"].first()
        if yearly.isna().any():  # a hidden yearly total: no period total that would give it back
            return ""
        total = float(yearly.sum())
    else:
        total = float(data["retirements"].sum())
    return labels.RUNNING_TOTAL.format(
        first=int(data["year"].min()), last=int(data["year"].max()), total=formats.number(total)
    )


def retirements_chart(data: pd.DataFrame) -> go.Figure:
    """Stacked bars of retirements per year, one colour per family (the fixed family
    colours), with the yearly total printed above each bar. In a diffusion view the
    hidden families of a year are one grey bar on top (the printed total less the
    families shown), so the bar reaches its total."""
    fig = new_figure()
    order = [f for f in labels.FAMILY_LABELS if f in set(data["family"])]
    for fam in order:
        d = data[data["family"] == fam]
        fig.add_trace(
            go.Bar(
                x=d["year"],
                y=d["retirements"],
                name=labels.family_label(fam),
                marker=dict(color=theme.FAMILY_COLORS.get(fam, "#777777")),
                customdata=[
                    lbl if h else formats.number(v)
                    for v, h, lbl in zip(
                        d["retirements"],
                        d.get("suppressed", [False] * len(d)),
                        d.get("suppressed_label", [""] * len(d)),
                    )
                ],
                hovertemplate="%{x} · " + labels.family_label(fam) + " : %{customdata} départs<extra></extra>",
            )
        )
    if "year_total" in data:  # the total of all families, from the full counts (or its label if hidden)
        totals = data.groupby("year", as_index=False).agg(
            retirements=("year_total", "first"), label=("year_total_label", "first")
        )
        stacked = data.groupby("year")["retirements"].sum()
        masked = hidden_together(data, "retirements", totals.set_index("year")["retirements"])
        if masked.notna().any():
            fig.add_trace(
                go.Bar(
                    x=masked.index,
                    y=masked,
                    name=labels.MASKED_FAMILIES,
                    marker=dict(color=theme.UNKNOWN_COLOR),
                    hovertemplate="%{x} · " + labels.MASKED_FAMILIES + " : %{y:,.0f} départs<extra></extra>",
                )
            )
            stacked = stacked.add(masked, fill_value=0)
        heights = [v if pd.notna(v) else stacked.get(y, 0) for y, v in zip(totals["year"], totals["retirements"])]
        text = [lbl or formats.number(v) for v, lbl in zip(totals["retirements"], totals["label"])]
    else:
        totals = data.groupby("year", as_index=False)["retirements"].sum()
        heights = totals["retirements"].tolist()
        text = [formats.number(v) for v in totals["retirements"]]
    fig.add_trace(
        go.Scatter(
            x=totals["year"],
            y=heights,
            mode="text",
            showlegend=False,
            text=text,
            meta=TOTALS,
            textposition="top center",
            hoverinfo="skip",
        )
    )
    ymax = float(max(heights)) if len(heights) else 1.0
    fig.update_layout(
        barmode="stack",
        xaxis=dict(title=None, dtick=1, tickformat="d"),
        yaxis=dict(title=labels.RETIREMENTS_AXIS, range=[0, ymax * 1.12], tickformat=",d"),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0, traceorder="normal"),
    )
    return fig


# ---- the 2009 claim -------------------------------------------------------------------

CLAIM_RULES = {  # how the 2009 staff could retire: the rule of the time, and a generous bound
    "implied": {"rule": "legal_schedule", "schedule": "loi_2010", "delay_years": 0.0},
    "implied_60": {"rule": "fixed_age", "age": 60},
}


def claim_row(retirements: pd.DataFrame) -> pd.Series | None:
    """The published claim (scope assurance santé), if the store has it."""
    r = retirements[retirements["scope"] == CLAIM_SCOPE]
    return None if r.empty else r.iloc[0]


def claim_check_data(claim: pd.Series, implied: dict[str, float], pyramid_source: str) -> pd.DataFrame:
    """Exactly the bars of the claim chart: the published share and the shares an age
    structure implies (`implied`: rule key -> share in percent), with `display`,
    years, scope, status and sources."""
    rows = [
        dict(
            key="claimed",
            label=labels.CLAIM_BARS["claimed"],
            share=float(claim["share"]),
            display=f"{claim['value_as_printed']} ({formats.percent(claim['share'])})",
            base_year=int(claim["base_year"]),
            ref_year=int(claim["horizon_year"]),
            scope=claim["scope"],
            status=claim["status"],
            source_id=claim["source_id"],
        )
    ]
    for key, share in implied.items():
        src = pyramid_source
        rule = CLAIM_RULES.get(key, {})
        if rule.get("rule") == "legal_schedule":
            src += SOURCE_SEPARATOR + SCHEDULE_SOURCES.get(rule["schedule"], "")
        rows.append(
            dict(
                key=key,
                label=labels.CLAIM_BARS.get(key, key),
                share=float(share),
                display=formats.percent(share),
                base_year=int(claim["base_year"]),
                ref_year=int(claim["horizon_year"]),
                scope=claim["scope"],
                status="projection",
                source_id=src,
            )
        )
    return pd.DataFrame(rows)


def claim_chart(data: pd.DataFrame) -> go.Figure:
    """Horizontal bars on a 0-100 % axis: the claim in grey with a dashed outline (it
    is an unsourced statement), the implied shares in the projection colour."""
    d = data.iloc[::-1]
    claimed = d["key"] == "claimed"
    fig = new_figure(
        go.Bar(
            x=d["share"],
            y=d["label"],
            orientation="h",
            text=d["display"],
            textposition="outside",
            cliponaxis=False,
            marker=dict(
                color=["#DDDDDD" if c else "#332288" for c in claimed],
                line=dict(color=["#555555" if c else "#332288" for c in claimed], width=2),
                pattern=hatch(["x" if c else "" for c in claimed], "#999999", 0.15),
            ),
            hovertemplate="%{y} : %{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.add_vline(x=50, line=dict(color="#555555", dash="dash", width=1))
    fig.update_layout(
        xaxis=dict(title=None, range=[0, 100], ticksuffix=" %", dtick=10), yaxis=dict(automargin=True), bargap=0.35
    )
    return fig


def claim_verdict(data: pd.DataFrame) -> str:
    """The sentence under the claim chart, in French, from the drawn numbers."""
    claimed = data[data["key"] == "claimed"].iloc[0]
    implied = data[data["key"] == "implied"]
    if implied.empty:
        return ""
    share = float(implied["share"].iloc[0])
    text = labels.CLAIM_VERDICT if share < 0.8 * claimed["share"] else labels.CLAIM_VERDICT_CLOSE
    return text.format(
        implied=formats.percent(round(share)),
        horizon=int(claimed["ref_year"]),
        claimed=formats.percent(claimed["share"]),
    )
