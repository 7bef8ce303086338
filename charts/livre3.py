"""Livre 3 (SSAM): its share of the branch, its establishments by type in the four
published lists (2006, about 2011, about 2014, about 2021), a few context figures, its
job families.

The lists do not cut types the same way, so types are compared through `type_group`
(the crosswalk of establishment_types). The lists of about 2011, 2014 and 2021 detail
only part of their total: the remainder is drawn as its own grey, hatched bar labelled
"non détaillé", never dropped (that would read as zero) nor spread over the known types.
Years the source gives only approximately read "vers 2014" everywhere.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import theme
from charts.common import hatch, new_figure
from charts.series import recent_table, source_lookup, with_year_labels, year_label
from core import formats, labels

UNKNOWN = "non_detaille"
TOTAL = "ensemble"
GROUP_ORDER = [g for g in labels.TYPE_GROUP_LABELS if g not in (TOTAL,)]


def livre3_share_data(figures: pd.DataFrame, headcount: pd.DataFrame) -> pd.DataFrame:
    """The split drawn in the share chart: Livre 3 as published (33 %, about 2019,
    scope branche) and Livre 2 as its complement (derived). Empty without the figure."""
    f = figures[figures["indicator"] == "livre3_share"]
    if f.empty:
        return pd.DataFrame(
            columns=["part", "label", "share", "display", "ref_year", "scope", "status", "source_id", "method"]
        )
    r = with_year_labels(f).sort_values("ref_year").iloc[-1]
    share = float(r["value"])
    when = dict(ref_year=int(r["ref_year"]), ref_year_approx=bool(r["ref_year_approx"]), year_label=r["year_label"])
    return pd.DataFrame(
        [
            dict(
                part="livre3",
                label=labels.LIVRE3_SHARE_PARTS["livre3"],
                share=share,
                display=formats.percent(share),
                **when,
                scope=r["scope"],
                status=r["status"],
                source_id=r["source_id"],
                method="",
            ),
            dict(
                part="livre2",
                label=labels.LIVRE3_SHARE_PARTS["livre2"],
                share=100 - share,
                display=formats.percent(100 - share),
                **when,
                scope=r["scope"],
                status="derived",
                source_id=r["source_id"],
                method=f"100 % − {formats.percent(share)}",
            ),
        ]
    )


def livre3_share_chart(data: pd.DataFrame) -> go.Figure:
    """A donut: Livre 3 in its warm family tone, Livre 2 (derived) hatched."""
    fig = new_figure(
        go.Pie(
            labels=data["label"],
            values=data["share"],
            hole=0.55,
            sort=False,
            direction="clockwise",
            text=data["display"],
            textinfo="text",
            marker=dict(
                colors=["#CC6677" if p == "livre3" else "#88CCEE" for p in data["part"]],
                line=dict(color="white", width=2),
            ),
            hovertemplate="%{label} : %{text}<extra></extra>",
        )
    )
    l3 = data[data["part"] == "livre3"]
    if not l3.empty:
        fig.add_annotation(
            text=f"<b>{l3['display'].iloc[0]}</b><br>en Livre 3",
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
            font=dict(size=30, color="#CC6677"),
        )
    fig.update_layout(legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0))
    return fig


def establishments_data(establishments: pd.DataFrame) -> pd.DataFrame:
    """Exactly the bars: establishments by `type_group` and year, summed over the
    published types of the group (listed in `types`), the unknown remainder kept as
    its own group, with `display`, the year as the source dates it (`year_label`),
    status (a group is `derived` when any of its rows is), confidence, source and
    method. The published totals (`ensemble`) are not bars."""
    e = with_year_labels(establishments[establishments["type_group"] != TOTAL])
    if e.empty:
        return pd.DataFrame(
            columns=[
                "type_group",
                "label",
                "ref_year",
                "ref_year_approx",
                "year_label",
                "count",
                "display",
                "types",
                "status",
                "confidence",
                "source_id",
                "method",
            ]
        )
    if "confidence" not in e:
        e["confidence"] = ""
    rows = []
    for (group, year), d in e.groupby(["type_group", "ref_year"], sort=False):
        count = float(d["count"].sum())
        approx = bool(d["ref_year_approx"].any())
        rows.append(
            dict(
                type_group=group,
                label=labels.type_group_label(group),
                ref_year=int(year),
                ref_year_approx=approx,
                year_label=year_label(year, approx),
                count=count,
                display=formats.number(count),
                types=" + ".join(d["type"]),
                status="derived" if (d["status"] != "published").any() else "published",
                confidence=d["confidence"].iloc[0],
                source_id=d["source_id"].iloc[0],
                method=" ; ".join(m for m in d["method"].fillna("") if m),
            )
        )
    out = pd.DataFrame(rows)
    order = {g: i for i, g in enumerate(GROUP_ORDER)}
    out["_o"] = out["type_group"].map(lambda g: order.get(g, len(order) - 1))
    return out.sort_values(["_o", "ref_year"]).drop(columns="_o").reset_index(drop=True)


def establishment_totals(establishments: pd.DataFrame) -> pd.DataFrame:
    """Per year: the published total when there is one, else the sum of the published
    types (then `derived`)."""
    rows = []
    for year, d in with_year_labels(establishments).groupby("ref_year"):
        approx = bool(d["ref_year_approx"].any())
        when = dict(ref_year=int(year), ref_year_approx=approx, year_label=year_label(year, approx))
        tot = d[d["type_group"] == TOTAL]
        if not tot.empty:
            rows.append(
                dict(
                    **when,
                    count=float(tot["count"].iloc[0]),
                    status=tot["status"].iloc[0],
                    source_id=tot["source_id"].iloc[0],
                )
            )
        else:
            rows.append(dict(**when, count=float(d["count"].sum()), status="derived", source_id=d["source_id"].iloc[0]))
    return pd.DataFrame(rows, columns=["ref_year", "ref_year_approx", "year_label", "count", "status", "source_id"])


def establishments_chart(data: pd.DataFrame) -> go.Figure:
    """Grouped horizontal bars, one bar per published list in each type group (2006,
    then about 2011, 2014, 2021), largest group on top, the oldest list above its
    successors; each list's unknown remainder at the bottom as its own grey hatched
    bar in that list's slot, labelled as unknown, with its own legend entry."""
    fig = new_figure()
    years = sorted(data["ref_year"].unique().tolist())
    names = {int(y): n for y, n in zip(data["ref_year"], data.get("year_label", data["ref_year"].astype(str)))}
    known = data[data["type_group"] != UNKNOWN]
    unknown = data[data["type_group"] == UNKNOWN]
    groups = known.groupby("type_group")["count"].max().sort_values().index.tolist()
    if not unknown.empty:
        groups = [UNKNOWN] + groups
    cats = [labels.type_group_label(g) for g in groups]
    for year in reversed(years):  # horizontal groups stack the first trace at the bottom
        d = known[known["ref_year"] == year].set_index("type_group").reindex(groups)
        fig.add_trace(
            go.Bar(
                y=cats,
                x=d["count"],
                orientation="h",
                name=names[year],
                offsetgroup=str(year),
                legendrank=year,
                marker=dict(color=theme.YEAR_COLORS.get(year, "#777777")),
                text=["" if pd.isna(c) else formats.number(c) for c in d["count"]],
                textposition="outside",
                cliponaxis=False,
                constraintext="none",
                customdata=d["types"].fillna(""),
                hovertemplate="%{y} (" + names[year] + ") : %{x:,.0f}<br>%{customdata}<extra></extra>",
            )
        )
    for i, (year, d) in enumerate(unknown.groupby("ref_year")):
        fig.add_trace(
            go.Bar(
                y=[labels.type_group_label(UNKNOWN)] * len(d),
                x=d["count"],
                orientation="h",
                name=labels.UNKNOWN_BAR,
                legendgroup=UNKNOWN,
                showlegend=i == 0,
                offsetgroup=str(year),
                legendrank=max(years) + 1,
                marker=dict(
                    color=theme.UNKNOWN_COLOR, pattern=hatch("/", "#555555", 0.4), line=dict(color="#555555", width=1)
                ),
                text=[f"{formats.number(c)} (composition inconnue)" for c in d["count"]],
                textposition="outside",
                cliponaxis=False,
                constraintext="none",
                hovertemplate="%{y} (" + names[int(year)] + ") : %{x:,.0f}<extra></extra>",
            )
        )
    # room for the labels: a number after a known bar, "(composition inconnue)" after an unknown one
    xmax = max(
        [float(known["count"].max()) * 1.3 if not known.empty else 1.0] + [float(c) * 1.6 for c in unknown["count"]]
    )
    fig.update_layout(
        height=160 + 17 * len(cats) * len(years),  # every list's slot in every group: a label each
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        xaxis=dict(title=None, range=[0, xmax], tickformat=",d"),
        yaxis=dict(automargin=True, categoryorder="array", categoryarray=cats),
        # under the plot, in rows, each entry its own width: never over the bars, never
        # cut, and clear of the title at a projector's font size
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0, traceorder="normal"),
    )
    return fig


def crosswalk_data(establishments: pd.DataFrame, types: pd.DataFrame) -> pd.DataFrame:
    """The crosswalk of establishment types in long form: one row per published type
    and list (`type_group`, `ref_year`, `year_label`, `type`, `count`, `note` of the
    crosswalk, provenance), so a reader sees which published types each group gathers
    in each list, and where a group covers more or less than elsewhere."""
    e = with_year_labels(establishments[~establishments["type_group"].isin([TOTAL, UNKNOWN])])
    notes = dict(zip(types["type"], types["note"].fillna(""))) if not types.empty else {}
    out = e.assign(group_label=e["type_group"].map(labels.type_group_label), note=e["type"].map(notes).fillna(""))
    order = {g: i for i, g in enumerate(GROUP_ORDER)}
    out = out.assign(_o=out["type_group"].map(lambda g: order.get(g, len(order)))).sort_values(["_o", "ref_year"])
    return out[
        [
            "type_group",
            "group_label",
            "ref_year",
            "ref_year_approx",
            "year_label",
            "type",
            "count",
            "note",
            "status",
            "source_id",
        ]
    ].reset_index(drop=True)


def crosswalk_table(data: pd.DataFrame) -> pd.DataFrame:
    """The crosswalk for reading: one line per group, one column per list ("vers 2014"),
    each cell the published types with their count, then the notes."""
    if data.empty:
        return pd.DataFrame()
    years = data.drop_duplicates("ref_year").sort_values("ref_year")
    rows = []
    for _group, d in data.groupby("type_group", sort=False):
        row = {labels.CROSSWALK_TYPES_GROUP: d["group_label"].iloc[0]}
        for _, y in years.iterrows():
            cell = d[d["ref_year"] == y["ref_year"]]
            row[y["year_label"]] = (
                " + ".join(f"{t} ({formats.number(c)})" for t, c in zip(cell["type"], cell["count"])) or "–"
            )
        row[labels.CROSSWALK_TYPES_NOTES] = " ".join(dict.fromkeys(n for n in d["note"] if n))
        rows.append(row)
    return pd.DataFrame(rows)


# Livre 3 figures of one date each, shown as context beside the lists.
CONTEXT_PICKS = [
    ("managing_organisations", "livre3"),
    ("headcount", "livre3"),
    ("establishments_detail", "livre3"),
    ("places", "livre3"),
    ("hospitals", "ghmf"),
    ("beds_places", "ghmf"),
    ("headcount", "ghmf"),
]


def context_data(figures: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Livre 3 context figures (managing organisations, the hospital group GHMF,
    elderly-care details, staff), most recent first, each with its scope, year as
    printed, confidence and source."""
    keep = pd.Series(False, index=figures.index)
    for indicator, scope in CONTEXT_PICKS:
        keep |= (figures["indicator"] == indicator) & (figures["scope"] == scope)
    f = with_year_labels(figures[keep & figures["ref_year"].notna()])
    if f.empty:
        return pd.DataFrame(
            columns=[
                "indicator",
                "indicator_label",
                "category",
                "display",
                "ref_year",
                "ref_year_approx",
                "year_label",
                "scope",
                "scope_label",
                "status",
                "confidence",
                "source_id",
                "source",
                "url",
                "note",
            ]
        )
    f = f.sort_values("ref_year", ascending=False, kind="stable")
    lookup = source_lookup(sources)
    src = [lookup.get(s, (s, "")) for s in f["source_id"]]
    return pd.DataFrame(
        {
            "indicator": f["indicator"],
            "indicator_label": f["indicator"].map(lambda i: labels.INDICATOR_LABELS.get(i, i)),
            "category": f["category"],
            "display": f["value_as_printed"],
            "ref_year": f["ref_year"].astype(int),
            "ref_year_approx": f["ref_year_approx"],
            "year_label": f["year_label"],
            "scope": f["scope"],
            "scope_label": f["scope"].map(labels.scope_label),
            "status": f["status"],
            "confidence": f.get("confidence", ""),
            "source_id": f["source_id"],
            "source": [s[0] for s in src],
            "url": [s[1] for s in src],
            "note": f["note"],
        }
    ).reset_index(drop=True)


def context_table(data: pd.DataFrame) -> pd.DataFrame:
    """The Livre 3 context figures for reading: the columns of the recent-figures table
    without its theme and link."""
    return recent_table(
        data, ("indicator_label", "category", "display", "year_label", "scope_label", "confidence", "source")
    )


def livre3_families(families: pd.DataFrame, taxonomy: str = "oemm_livre3_2019") -> pd.DataFrame:
    """The Livre 3 families as published by the 2019 study, with their harmonised
    family, colour and note."""
    f = families[families["taxonomy"] == taxonomy]
    return pd.DataFrame(
        {
            "family": f["family"].to_numpy(),
            "harmonised_family": f["harmonised_family"].to_numpy(),
            "harmonised_label": f["harmonised_family"].map(labels.family_label).to_numpy(),
            "color": f["harmonised_family"].map(theme.FAMILY_COLORS).to_numpy(),
            "note": f["note"].fillna("").to_numpy(),
            "source_id": f["source_id"].to_numpy(),
            "status": f["status"].to_numpy(),
        }
    )
