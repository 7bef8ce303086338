"""Familles et métiers: headcount by harmonised family, job profiles, the crosswalk
between taxonomies and the CQP skill blocks.

Published family figures are often bounds ("plus de 50 % des effectifs"); a bar for a
bound is drawn hatched, labelled "≥ 36 950" and ends in an arrow pointing where the
true value lies, so nobody reads a minimum as a count.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import theme
from charts.common import bounded, estimate_watermark, hatch, hidden_marks, new_figure
from core import labels

FAMILY_ORDER = list(labels.FAMILY_LABELS)  # harmonised order: Livre 2 then Livre 3, then others
PATTERNS = {"at_least": "/", "at_most": ".", "approx": "", "exact": ""}


def family_scopes(headcount: pd.DataFrame) -> list[str]:
    """Scopes whose headcount is broken down by family (the filter's options)."""
    return sorted(headcount.loc[headcount["family"] != "TOTAL", "scope"].unique().tolist())


def headcount_by_family_data(headcount: pd.DataFrame, scope: str, ref_year: int | None = None) -> pd.DataFrame:
    """Exactly the bars drawn: one row per family of `scope` in `ref_year` (default:
    the latest year with a family breakdown), in harmonised order, with `family,
    family_label, headcount, qualifier, display, ref_year, scope, status, source_id,
    method`. Empty when the scope has no breakdown."""
    hc = headcount[(headcount["scope"] == scope) & (headcount["family"] != "TOTAL")]
    if hc.empty:
        return _empty_family_frame()
    year = int(hc["ref_year"].max()) if ref_year is None else ref_year
    hc = hc[hc["ref_year"] == year].copy()
    if hc.empty:
        return _empty_family_frame()
    hc["family_label"] = hc["family"].map(labels.family_label)
    hidden = _hidden(hc)
    hc["display"] = [
        lbl if h else bounded(v, q)
        for v, q, h, lbl in zip(hc["headcount"], hc["qualifier"], hidden, _hidden_labels(hc))
    ]
    order = {f: i for i, f in enumerate(FAMILY_ORDER)}
    hc = hc.sort_values("family", key=lambda s: s.map(lambda f: order.get(f, len(order))))
    return hc[[c for c in FAMILY_COLUMNS if c in hc]].reset_index(drop=True)


FAMILY_COLUMNS = [
    "family",
    "family_label",
    "headcount",
    "qualifier",
    "display",
    "ref_year",
    "scope",
    "status",
    "source_id",
    "method",
    "suppressed",
    "suppressed_label",
]


def _hidden(df: pd.DataFrame) -> list[bool]:
    return df["suppressed"].fillna(False).astype(bool).tolist() if "suppressed" in df else [False] * len(df)


def _hidden_labels(df: pd.DataFrame) -> list[str]:
    return df["suppressed_label"].fillna("").tolist() if "suppressed_label" in df else [""] * len(df)


def _empty_family_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=FAMILY_COLUMNS[:-2])


def headcount_by_family_chart(data: pd.DataFrame) -> go.Figure:
    """Horizontal bars, one per family in its fixed colour, largest family on top.
    Bounds are hatched and carry an arrow marker at their end (pointing right for a
    minimum, left for a maximum), explained in the legend."""
    d = data.iloc[::-1]  # plotly draws the first category at the bottom
    fig = new_figure(
        go.Bar(
            x=d["headcount"],
            y=d["family_label"],
            orientation="h",
            marker=dict(
                color=[theme.FAMILY_COLORS.get(f, "#777777") for f in d["family"]],
                pattern=hatch([PATTERNS.get(q, "") for q in d["qualifier"]]),
                line=dict(color="#333333", width=0.5),
            ),
            text=d["display"],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
            customdata=d[["display"]],
            hovertemplate="%{y}<br>%{customdata[0]} salariés<extra></extra>",
        )
    )
    for qualifier, symbol, name in (
        ("at_least", "triangle-right", labels.BOUND_AT_LEAST),
        ("at_most", "triangle-left", labels.BOUND_AT_MOST),
    ):
        b = d[d["qualifier"] == qualifier]
        if not b.empty:
            fig.add_trace(
                go.Scatter(
                    x=b["headcount"],
                    y=b["family_label"],
                    mode="markers",
                    name=name,
                    marker=dict(symbol=symbol, size=16, color="#222222"),
                    hoverinfo="skip",
                )
            )
    hidden = d[_hidden(d)]
    hidden_marks(fig, hidden["family_label"], hidden["display"])
    xmax = float(data["headcount"].max()) if data["headcount"].notna().any() else 1.0
    fig.update_layout(
        xaxis=dict(title=labels.HEADCOUNT_AXIS, range=[0, xmax * 1.22], tickformat=",d"),
        yaxis=dict(title=None, automargin=True),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
        bargap=0.3,
    )
    if (data["status"] == "estimated").any():
        estimate_watermark(fig)
    return fig


def jobs_table(jobs: pd.DataFrame, family: str | None = None) -> pd.DataFrame:
    """Job profiles for people to read: harmonised family label, job, published family,
    diplomas and certificates with the source's "|" separators turned into " · ".
    Filtered to one harmonised family when `family` is given."""
    j = jobs if family is None else jobs[jobs["family"] == family]
    order = {f: i for i, f in enumerate(FAMILY_ORDER)}
    j = j.sort_values(["family", "job"], key=lambda s: s.map(order) if s.name == "family" else s.str.lower())
    return pd.DataFrame(
        {
            "family": j["family"].to_numpy(),
            "family_label": j["family"].map(labels.family_label).to_numpy(),
            "job": j["job"].to_numpy(),
            "published_family": j["published_family"].to_numpy(),
            "diplomas": j["diplomas"].fillna("").map(_dots).to_numpy(),
            "certificates": j["certificates"].fillna("").map(_dots).to_numpy(),
            "source_id": j["source_id"].to_numpy(),
            "status": j["status"].to_numpy(),
            "locator": j["locator"].to_numpy(),
        }
    )


def _dots(text: str) -> str:
    return " · ".join(p.strip() for p in str(text).split("|") if p.strip())


def crosswalk_long(families: pd.DataFrame) -> pd.DataFrame:
    """The crosswalk as stored, minus the harmonised list itself: one row per published
    family with its taxonomy and its harmonised family."""
    f = families[families["taxonomy"] != "harmonise"]
    return f[["taxonomy", "family", "harmonised_family", "livre", "note", "source_id", "status"]].reset_index(drop=True)


def crosswalk_table(families: pd.DataFrame) -> pd.DataFrame:
    """One line per harmonised family, one column per taxonomy (in publication order),
    each cell listing the published families mapped onto it; "–" where a taxonomy has
    no family for it."""
    long = crosswalk_long(families)
    taxonomies = [t for t in labels.TAXONOMY_LABELS if t != "harmonise" and t in set(long["taxonomy"])]
    taxonomies += sorted(set(long["taxonomy"]) - set(taxonomies))
    harmonised = families[families["taxonomy"] == "harmonise"]
    # one pass over the rows (in stored order), not one filter per cell: the page's slowest step
    mapped: dict[tuple, list[str]] = {}
    for t, fam, name in zip(long["taxonomy"], long["harmonised_family"], long["family"]):
        mapped.setdefault((t, fam), []).append(str(name))
    livre = harmonised.drop_duplicates("family").set_index("family")["livre"]
    rows = []
    for fam in harmonised["family"]:
        row = {"Famille harmonisée": labels.family_label(fam), "Livre": int(livre[fam])}
        for t in taxonomies:
            row[labels.taxonomy_label(t)] = " · ".join(mapped.get((t, fam), [])) or "–"
        rows.append(row)
    return pd.DataFrame(rows)


def certificate_blocks(blocks: pd.DataFrame) -> pd.DataFrame:
    """Skill blocks in order, each with its skills as a list (the source separates them
    with "|"), for a page to show one block per expander."""
    b = blocks.sort_values(["certificate", "block"]).copy()
    b["skill_list"] = b["skills"].fillna("").map(lambda s: [p.strip() for p in s.split("|") if p.strip()])
    return b.reset_index(drop=True)
