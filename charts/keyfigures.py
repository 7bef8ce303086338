"""Accueil: the key-figure cards and the 2009-versus-recent comparison.

Both are read from the `figures` table (the faithful record of what was printed) by
explicit selectors, so every number on the home page points at one source row; the
selectors live here, not in the page, so that a test can check them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

import formats
import labels
from charts.common import hatch, new_figure

PROVENANCE = ["ref_year", "scope", "status", "source_id"]


@dataclass(frozen=True)
class Pick:
    """Which row of `figures` a card or a comparison side shows."""

    indicator: str
    scope: str
    category: str | None = None
    ref_year: int | None = None  # None: the latest year available
    printed: bool = False  # show the text as printed ("1 salarié sur 2") instead of a number


CARDS = {
    "headcount": Pick("headcount", "assurance_sante", "ensemble"),
    "women": Pick("gender_share", "assurance_sante", "F"),
    "managers": Pick("managers_share", "assurance_sante", "cadres"),
    "livre3": Pick("livre3_share", "branche", "livre3"),
    "enterprises": Pick("enterprises", "entreprises", "ensemble"),
    "retirement_claim": Pick("retirement_share", "assurance_sante", printed=True),
}

# (before, after, how to compare). Sides read from `figures`, or from `gender` for the
# rows the store derived from "en hausse de x points depuis 2010".
CHANGES = {
    "headcount": (Pick("headcount", "assurance_sante", "ensemble"), Pick("headcount", "branche", "ensemble")),
    "women": (Pick("gender_share", "assurance_sante", "F"), Pick("gender_share", "branche", "F")),
    "managers": (Pick("managers_share", "assurance_sante", "cadres"),
                 Pick("classification_share", "branche", "cadres")),
    "women_managers": (("branche", "cadres", "F", 2010), ("branche", "cadres", "F", 2018)),
    "men_recruits": (("branche", "recrutements", "H", 2010), ("branche", "recrutements", "H", 2018)),
    "establishments": ("establishments_2006", Pick("establishments", "livre3", "ensemble", 2021)),
}


def _row(figures: pd.DataFrame, pick: Pick) -> pd.Series:
    rows = figures[(figures["indicator"] == pick.indicator) & (figures["scope"] == pick.scope)]
    if pick.category is not None:
        rows = rows[rows["category"] == pick.category]
    if pick.ref_year is not None:
        rows = rows[rows["ref_year"] == pick.ref_year]
    if rows.empty:
        raise KeyError(f"no figure {pick}")
    return rows.sort_values("ref_year").iloc[-1]


def _display(value: float, unit: str, qualifier: str, printed: str | None = None) -> str:
    if printed:
        return printed
    return formats.qualified(value, qualifier, "percent" if unit == "percent" else "count")


def key_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per card: `key, label, value, unit, qualifier, display, ref_year, scope,
    scope_label, status, source_id, note`. `display` is the French text of the card
    ("73 900", "82 %", "environ 20 %", "1 salarié sur 2"). A card whose figure is
    missing from the store is left out rather than shown empty."""
    out = []
    for key, pick in CARDS.items():
        try:
            r = _row(figures, pick)
        except KeyError:
            continue
        note = labels.CLAIM_CARD_NOTE if key == "retirement_claim" else ""
        out.append(dict(key=key, label=labels.KEY_FIGURE_LABELS[key], value=float(r["value"]), unit=r["unit"],
                        qualifier=r["qualifier"],
                        display=_display(r["value"], r["unit"], r["qualifier"],
                                         r["value_as_printed"] if pick.printed else None),
                        ref_year=int(r["ref_year"]), scope=r["scope"], scope_label=labels.scope_label(r["scope"]),
                        status=r["status"], source_id=r["source_id"], note=note))
    return pd.DataFrame(out, columns=["key", "label", "value", "unit", "qualifier", "display", "ref_year", "scope",
                                      "scope_label", "status", "source_id", "note"])


def _side_from_figures(figures: pd.DataFrame, pick: Pick) -> dict:
    r = _row(figures, pick)
    return dict(value=float(r["value"]), unit=r["unit"], qualifier=r["qualifier"], ref_year=int(r["ref_year"]),
                scope=r["scope"], status=r["status"], source_id=r["source_id"],
                display=_display(r["value"], r["unit"], r["qualifier"]), method="")


def _side_from_gender(gender: pd.DataFrame, spec: tuple) -> dict:
    scope, population, sex, year = spec
    g = gender[(gender["scope"] == scope) & (gender["population"] == population) & (gender["sex"] == sex)
               & (gender["ref_year"] == year) & (gender["family"] == "TOTAL")]
    if g.empty:
        raise KeyError(spec)
    r = g.iloc[0]
    return dict(value=float(r["share"]), unit="percent", qualifier="exact", ref_year=int(r["ref_year"]),
                scope=r["scope"], status=r["status"], source_id=r["source_id"],
                display=formats.percent(r["share"]), method=r["method"])


def _side_establishments_2006(establishments: pd.DataFrame) -> dict:
    e = establishments[(establishments["ref_year"] == 2006) & (establishments["type_group"] != "ensemble")]
    if e.empty:
        raise KeyError("establishments 2006")
    total = float(e["count"].sum())
    return dict(value=total, unit="count", qualifier="exact", ref_year=2006, scope="livre3", status="derived",
                source_id=e["source_id"].iloc[0], display=formats.number(total),
                method="somme des types publiés")


def changes(figures: pd.DataFrame, gender: pd.DataFrame, establishments: pd.DataFrame) -> pd.DataFrame:
    """The comparison table in long form: two rows per indicator (`side` = "avant" /
    "récent"), each with its value, French display, year, scope, status and source,
    plus `comparability`, the sentence that says whether the gap is an evolution.
    Missing sides drop the whole comparison."""
    rows = []
    for key, (before, after) in CHANGES.items():
        try:
            sides = [_resolve(s, figures, gender, establishments) for s in (before, after)]
        except KeyError:
            continue
        b, a = sides
        if b["scope"] != a["scope"]:
            comp = labels.COMPARABLE_DIFFERENT.format(before=labels.scope_label(b["scope"]),
                                                      after=labels.scope_label(a["scope"]))
        elif key == "establishments":
            comp = labels.COMPARABLE_LISTS
        else:
            delta = a["value"] - b["value"]
            unit = " points" if a["unit"] == "percent" else ""
            comp = labels.COMPARABLE_SAME.format(delta=("+" if delta > 0 else "") + formats.number(delta) + unit)
        for side, s in zip(("avant", "récent"), sides):
            rows.append(dict(key=key, indicator_label=labels.CHANGE_LABELS[key], side=side, **s,
                             scope_label=labels.scope_label(s["scope"]), comparability=comp))
    return pd.DataFrame(rows, columns=["key", "indicator_label", "side", "value", "unit", "qualifier", "display",
                                       "ref_year", "scope", "scope_label", "status", "source_id", "method",
                                       "comparability"])


def _resolve(spec, figures, gender, establishments) -> dict:
    if isinstance(spec, Pick):
        return _side_from_figures(figures, spec)
    if spec == "establishments_2006":
        return _side_establishments_2006(establishments)
    return _side_from_gender(gender, spec)


def changes_wide(long: pd.DataFrame) -> pd.DataFrame:
    """The comparison as people read it: one line per indicator, French column names."""
    if long.empty:
        return pd.DataFrame(columns=list(labels.CHANGE_COLUMNS.values()))
    b = long[long["side"] == "avant"].set_index("key")
    a = long[long["side"] == "récent"].set_index("key")
    status = labels.STATUS_LABELS
    wide = pd.DataFrame({
        "indicator_label": b["indicator_label"],
        "before": b["display"] + b["status"].map(lambda s: "" if s == "published" else f" ({status.get(s, s)})"),
        "before_year": b["ref_year"].astype(str),
        "before_scope": b["scope_label"],
        "after": a["display"] + a["status"].map(lambda s: "" if s == "published" else f" ({status.get(s, s)})"),
        "after_year": a["ref_year"].astype(str),
        "after_scope": a["scope_label"],
        "comparability": a["comparability"],
    })
    return wide.reset_index(drop=True).rename(columns=labels.CHANGE_COLUMNS)


def card_caption(row, sources: pd.DataFrame) -> str:
    """ "2009 · Activité d'assurance santé des mutuelles · ONISEP, avec la Mutualité Française et l'UGEM"."""
    src = sources.set_index("source_id")["publisher"]
    publisher = src.get(row["source_id"], row["source_id"])
    return f"{row['ref_year']} · {row['scope_label']} · {publisher}"


def headcount_scopes_data(headcount: pd.DataFrame) -> pd.DataFrame:
    """Every total headcount of the store (family TOTAL), one bar per scope and year,
    oldest first: `scope, scope_label, ref_year, headcount, qualifier, display, status,
    source_id, method`."""
    h = headcount[headcount["family"] == "TOTAL"].copy()
    h["scope_label"] = h["scope"].map(labels.scope_label)
    h["display"] = [formats.qualified(v, q) for v, q in zip(h["headcount"], h["qualifier"])]
    h = h.sort_values(["ref_year", "headcount"], ascending=[True, False])
    return h[["scope", "scope_label", "ref_year", "headcount", "qualifier", "display", "status", "source_id",
              "method"]].reset_index(drop=True)


SCOPE_COLORS = {"assurance_sante": "#332288", "repondants_bilan_social": "#999933", "branche": "#117733",
                "livre3": "#CC6677", "livre2": "#88CCEE"}


def headcount_scopes_chart(data: pd.DataFrame) -> go.Figure:
    """Horizontal bars "year · scope", each scope in its own colour, derived bars hatched,
    value labels in French with their qualifier ("environ 55 000")."""
    d = data.iloc[::-1]
    names = [f"{y} · {s}" for y, s in zip(d["ref_year"], d["scope_label"])]
    fig = new_figure(go.Bar(
        x=d["headcount"], y=names, orientation="h", text=d["display"], textposition="outside", cliponaxis=False,
        marker=dict(color=[SCOPE_COLORS.get(s, "#777777") for s in d["scope"]],
                    pattern=hatch(["" if s == "published" else "/" for s in d["status"]])),
        customdata=[labels.STATUS_LABELS.get(s, s) for s in d["status"]],
        hovertemplate="%{y}<br>%{text} salariés (%{customdata})<extra></extra>", showlegend=False,
    ))
    xmax = float(data["headcount"].max()) if not data.empty else 1.0
    fig.update_layout(xaxis=dict(title=labels.HEADCOUNT_AXIS, range=[0, xmax * 1.25], tickformat=",d"),
                      yaxis=dict(automargin=True), bargap=0.3)
    return fig
