"""Livre 3 (SSAM): its share of the branch, its establishments by type in 2006 and
about 2021, its job families.

The two establishment lists do not cut types the same way, so types are compared
through `type_group`. The 2021 list stops after seven types: the remainder of the
published total is drawn as its own grey, hatched bar labelled "non détaillé", never
dropped (that would read as zero) nor spread over the known types.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

import formats
import labels
from charts.common import hatch, new_figure

UNKNOWN = "non_detaille"
APPROX_YEAR = 2021  # the RECMA list is dated "about 2021"
TOTAL = "ensemble"
GROUP_ORDER = [g for g in labels.TYPE_GROUP_LABELS if g not in (TOTAL,)]


def livre3_share_data(figures: pd.DataFrame, headcount: pd.DataFrame) -> pd.DataFrame:
    """The split drawn in the share chart: Livre 3 as published (33 %, about 2019,
    scope branche) and Livre 2 as its complement (derived). Empty without the figure."""
    f = figures[figures["indicator"] == "livre3_share"]
    if f.empty:
        return pd.DataFrame(columns=["part", "label", "share", "display", "ref_year", "scope", "status",
                                     "source_id", "method"])
    r = f.sort_values("ref_year").iloc[-1]
    share = float(r["value"])
    return pd.DataFrame([
        dict(part="livre3", label=labels.LIVRE3_SHARE_PARTS["livre3"], share=share,
             display=formats.percent(share), ref_year=int(r["ref_year"]), scope=r["scope"], status=r["status"],
             source_id=r["source_id"], method=""),
        dict(part="livre2", label=labels.LIVRE3_SHARE_PARTS["livre2"], share=100 - share,
             display=formats.percent(100 - share), ref_year=int(r["ref_year"]), scope=r["scope"],
             status="derived", source_id=r["source_id"], method=f"100 % − {formats.percent(share)}"),
    ])


def livre3_share_chart(data: pd.DataFrame) -> go.Figure:
    """A donut: Livre 3 in its warm family tone, Livre 2 (derived) hatched."""
    fig = new_figure(go.Pie(
        labels=data["label"], values=data["share"], hole=0.55, sort=False, direction="clockwise",
        text=data["display"], textinfo="text",
        marker=dict(colors=["#CC6677" if p == "livre3" else "#88CCEE" for p in data["part"]],
                    line=dict(color="white", width=2)),
        hovertemplate="%{label} : %{text}<extra></extra>",
    ))
    l3 = data[data["part"] == "livre3"]
    if not l3.empty:
        fig.add_annotation(text=f"<b>{l3['display'].iloc[0]}</b><br>en Livre 3", x=0.5, y=0.5, xref="paper",
                           yref="paper", showarrow=False, font=dict(size=30, color="#CC6677"))
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.05, x=0))
    return fig


def establishments_data(establishments: pd.DataFrame) -> pd.DataFrame:
    """Exactly the bars: establishments by `type_group` and year, summed over the
    published types of the group (listed in `types`), the unknown remainder kept as
    its own group, with `display`, status (a group is `derived` when any of its rows
    is), source and method. The published totals (`ensemble`) are not bars."""
    e = establishments[establishments["type_group"] != TOTAL]
    if e.empty:
        return pd.DataFrame(columns=["type_group", "label", "ref_year", "count", "display", "types", "status",
                                     "source_id", "method"])
    rows = []
    for (group, year), d in e.groupby(["type_group", "ref_year"], sort=False):
        count = float(d["count"].sum())
        rows.append(dict(type_group=group, label=labels.type_group_label(group), ref_year=int(year), count=count,
                         display=formats.number(count), types=" + ".join(d["type"]),
                         status="derived" if (d["status"] != "published").any() else "published",
                         source_id=d["source_id"].iloc[0],
                         method=" ; ".join(m for m in d["method"].fillna("") if m)))
    out = pd.DataFrame(rows)
    order = {g: i for i, g in enumerate(GROUP_ORDER)}
    out["_o"] = out["type_group"].map(lambda g: order.get(g, len(order) - 1))
    return out.sort_values(["_o", "ref_year"]).drop(columns="_o").reset_index(drop=True)


def establishment_totals(establishments: pd.DataFrame) -> pd.DataFrame:
    """Per year: the published total when there is one, else the sum of the published
    types (then `derived`)."""
    rows = []
    for year, d in establishments.groupby("ref_year"):
        tot = d[d["type_group"] == TOTAL]
        if not tot.empty:
            rows.append(dict(ref_year=int(year), count=float(tot["count"].iloc[0]), status=tot["status"].iloc[0],
                             source_id=tot["source_id"].iloc[0]))
        else:
            rows.append(dict(ref_year=int(year), count=float(d["count"].sum()), status="derived",
                             source_id=d["source_id"].iloc[0]))
    return pd.DataFrame(rows, columns=["ref_year", "count", "status", "source_id"])


def establishments_chart(data: pd.DataFrame) -> go.Figure:
    """Grouped horizontal bars, one pair (2006, about 2021) per type group, largest
    group on top, 2006 above its successor; the unknown remainder at the bottom as its
    own grey hatched bar in the 2021 slot, labelled as unknown, with its own legend
    entry."""
    fig = new_figure()
    years = sorted(data["ref_year"].unique().tolist())
    known = data[data["type_group"] != UNKNOWN]
    unknown = data[data["type_group"] == UNKNOWN]
    groups = known.groupby("type_group")["count"].max().sort_values().index.tolist()
    if not unknown.empty:
        groups = [UNKNOWN] + groups
    cats = [labels.type_group_label(g) for g in groups]
    for year in reversed(years):  # horizontal groups stack the first trace at the bottom
        d = known[known["ref_year"] == year].set_index("type_group").reindex(groups)
        fig.add_trace(go.Bar(
            y=cats, x=d["count"], orientation="h", name=_year_name(year), offsetgroup=str(year), legendrank=year,
            marker=dict(color=labels.YEAR_COLORS.get(year, "#777777")),
            text=["" if pd.isna(c) else formats.number(c) for c in d["count"]],
            textposition="outside", cliponaxis=False, customdata=d["types"].fillna(""),
            hovertemplate="%{y} (" + _year_name(year) + ") : %{x:,.0f}<br>%{customdata}<extra></extra>",
        ))
    for year, d in unknown.groupby("ref_year"):
        fig.add_trace(go.Bar(
            y=[labels.type_group_label(UNKNOWN)] * len(d), x=d["count"], orientation="h",
            name=f"{_year_name(year)} : {labels.UNKNOWN_BAR}", offsetgroup=str(year), legendrank=year + 1,
            marker=dict(color=labels.UNKNOWN_COLOR, pattern=hatch("/", "#555555", 0.4),
                        line=dict(color="#555555", width=1)),
            text=[f"{formats.number(c)} (composition inconnue)" for c in d["count"]], textposition="outside",
            cliponaxis=False, hovertemplate="%{y} (" + _year_name(year) + ") : %{x:,.0f}<extra></extra>",
        ))
    xmax = float(data["count"].max()) if not data.empty else 1.0
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05,
                      xaxis=dict(title=None, range=[0, xmax * 1.3], tickformat=",d"),
                      yaxis=dict(automargin=True, categoryorder="array", categoryarray=cats),
                      legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, traceorder="normal"))
    return fig


def _year_name(year: int) -> str:
    """2021 is the approximate year of the later list ("vers 2021")."""
    return labels.ABOUT_YEAR.format(year=year) if year == APPROX_YEAR else str(year)


def livre3_families(families: pd.DataFrame, taxonomy: str = "oemm_livre3_2019") -> pd.DataFrame:
    """The Livre 3 families as published by the 2019 study, with their harmonised
    family, colour and note."""
    f = families[families["taxonomy"] == taxonomy]
    return pd.DataFrame({
        "family": f["family"].to_numpy(),
        "harmonised_family": f["harmonised_family"].to_numpy(),
        "harmonised_label": f["harmonised_family"].map(labels.family_label).to_numpy(),
        "color": f["harmonised_family"].map(labels.FAMILY_COLORS).to_numpy(),
        "note": f["note"].fillna("").to_numpy(),
        "source_id": f["source_id"].to_numpy(),
        "status": f["status"].to_numpy(),
    })
