"""Accueil: the key-figure cards and the 2009-versus-recent comparison.

Both are read from the `figures` table (the faithful record of what was printed) by
explicit selectors, so every number on the home page points at one source row; the
selectors live here, not in the page, so that a test can check them.

A card shows the most recent published value of its indicator, with its year as the
source dates it ("vers 2019"), its scope and its source; the older values are its
history, each with its scope, and a card says when they cover another population.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from charts import series
from charts.common import hatch, new_figure
from core import formats, labels

PROVENANCE = ["ref_year", "scope", "status", "source_id"]


@dataclass(frozen=True)
class Pick:
    """Which row of `figures` a side of the 2009-versus-recent comparison shows."""

    indicator: str
    scope: str
    category: str | None = None
    ref_year: int | None = None  # None: the latest year available


@dataclass(frozen=True)
class Card:
    """Which rows of `figures` make a card: the values of `indicators` for `category` in
    `scopes`. The card shows the most recent (when two share that year, the first scope
    of `scopes` wins); the others, newest first, are its history."""

    indicators: tuple[str, ...]
    category: str | None
    scopes: tuple[str, ...]
    printed: bool = False  # show the text as printed ("1 salarié sur 2") instead of a number


CARDS = {
    "headcount": Card(("headcount",), "ensemble", ("branche", "repondants_bilan_social", "assurance_sante")),
    "women": Card(("gender_share",), "F", ("branche", "assurance_sante")),
    "managers": Card(("classification_share", "managers_share"), "cadres", ("branche", "assurance_sante")),
    "min_pay": Card(("minimum_annual_pay",), "RMAG", ("branche",)),
    "livre3": Card(("livre3_share",), "livre3", ("branche",)),
    "establishments": Card(("establishments", "services"), "ensemble", ("livre3",)),
    "enterprises": Card(("enterprises",), "ensemble", ("entreprises",)),
    "retirement_claim": Card(("retirement_share",), None, ("assurance_sante",), printed=True),
}
CARD_COLUMNS = [
    "key",
    "label",
    "value",
    "unit",
    "qualifier",
    "display",
    "ref_year",
    "ref_year_approx",
    "year_label",
    "scope",
    "scope_label",
    "status",
    "confidence",
    "source_id",
    "note",
    "history",
    "history_count",
    "scope_change",
]

# (before, after, how to compare). Sides read from `figures`, or from `gender` for the
# rows the store derived from "en hausse de x points depuis 2010".
CHANGES = {
    "headcount": (Pick("headcount", "assurance_sante", "ensemble"), Pick("headcount", "branche", "ensemble")),
    "women": (Pick("gender_share", "assurance_sante", "F"), Pick("gender_share", "branche", "F")),
    "managers": (
        Pick("managers_share", "assurance_sante", "cadres"),
        Pick("classification_share", "branche", "cadres"),
    ),
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
    return series.display(value, unit, qualifier)


def _card_frames(figures: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every card's rows of `figures` (dated ones), newest first: the value shown, then
    its history. Cards whose figure is missing are absent."""
    wanted = {i for c in CARDS.values() for i in c.indicators}
    f = figures[figures["indicator"].isin(list(wanted)) & figures["ref_year"].notna()]
    f = series.with_year_labels(f)
    out = {}
    for key, card in CARDS.items():
        mask = f["indicator"].isin(list(card.indicators)) & f["scope"].isin(list(card.scopes))
        if card.category is not None:
            mask &= f["category"] == card.category
        rows = f[mask]
        if rows.empty:
            continue
        rank = rows["scope"].map({s: i for i, s in enumerate(card.scopes)})
        order = sorted(range(len(rows)), key=lambda i: (-int(rows["ref_year"].iloc[i]), rank.iloc[i]))
        out[key] = rows.iloc[order]
    return out


def _history(rows: pd.DataFrame, scope: str) -> tuple[str, str]:
    """("Avant : environ 55 000 (2014) ; 73 900 (2009, Activité d'assurance santé des
    mutuelles)", and the sentence saying which older values cover another population,
    or "")."""
    items, other = [], []
    for _, r in rows.iterrows():
        when = r["year_label"]
        if r["scope"] != scope:
            when = labels.CARD_HISTORY_OTHER_SCOPE.format(year=when, scope=labels.scope_short(r["scope"]))
            other.append(r["year_label"])
        value = _display(r["value"], r["unit"], r["qualifier"], r["value_as_printed"])
        items.append(labels.CARD_HISTORY_ITEM.format(value=value, when=when))
    history = labels.CARD_HISTORY.format(items=" ; ".join(items)) if items else ""
    if not other:
        return history, ""
    other = list(dict.fromkeys(other))
    years = other[0] if len(other) == 1 else ", ".join(other[:-1]) + " et " + other[-1]
    template = labels.CARD_SCOPE_CHANGE_ONE if len(rows[rows["scope"] != scope]) == 1 else labels.CARD_SCOPE_CHANGE_MANY
    return history, template.format(years=years)


def key_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per card, most recent value of each indicator: `key, label, value, unit,
    qualifier, display, ref_year, ref_year_approx, year_label, scope, scope_label,
    status, confidence, source_id, note, history, history_count, scope_change`.
    `display` is the French text of the card ("55 000", "76 %", "environ 20 %", "1
    salarié sur 2"); `history` lists the older values ("Avant : …"), `scope_change` says
    when some cover another population. A card whose figure is missing from the store
    is left out rather than shown empty."""
    out = []
    frames = _card_frames(figures)
    for key, card in CARDS.items():
        if key not in frames:
            continue
        rows = frames[key]
        r = rows.iloc[0]
        history, change = _history(rows.iloc[1:], r["scope"])
        note = labels.CLAIM_CARD_NOTE if key == "retirement_claim" else ""
        out.append(
            dict(
                key=key,
                label=labels.KEY_FIGURE_LABELS[key],
                value=float(r["value"]),
                unit=r["unit"],
                qualifier=r["qualifier"],
                display=_display(
                    r["value"], r["unit"], r["qualifier"], r["value_as_printed"] if card.printed else None
                ),
                ref_year=int(r["ref_year"]),
                ref_year_approx=bool(r["ref_year_approx"]),
                year_label=r["year_label"],
                scope=r["scope"],
                scope_label=labels.scope_label(r["scope"]),
                status=r["status"],
                confidence=r.get("confidence", "") or "",
                source_id=r["source_id"],
                note=note,
                history=history,
                history_count=len(rows) - 1,
                scope_change=change,
            )
        )
    return pd.DataFrame(out, columns=CARD_COLUMNS)


def card_history(figures: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every value of every card, as points (charts.series.POINT_COLUMNS) oldest first,
    `line` = the card's key: its sparkline and the CSV of the cards' history. Scope
    changes are segments, so a sparkline never joins two populations."""
    frames = _card_frames(figures)
    parts = [
        frames[key].assign(series="cartes", line=key, line_label=labels.KEY_FIGURE_LABELS[key], kind="line")
        for key in CARDS
        if key in frames
    ]
    if not parts:
        return pd.DataFrame(columns=series.POINT_COLUMNS)
    return series.points(pd.concat(parts, ignore_index=True), sources)


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Every card's values for reading, card by card, newest first; French headers."""
    order = {k: i for i, k in enumerate(CARDS)}
    h = history.assign(_o=history["line"].map(order)).sort_values(
        ["_o", "ref_year"], ascending=[True, False], kind="stable"
    )
    cols = labels.CARD_HISTORY_COLUMNS
    return pd.DataFrame(
        {
            cols["line_label"]: h["line_label"],
            cols["year_label"]: h["year_label"],
            cols["display"]: h["display"],
            cols["scope_label"]: h["scope_label"],
            cols["confidence"]: h["confidence"].map(lambda c: labels.CONFIDENCE_LABELS.get(c, c)),
            cols["source"]: h["source"],
        }
    ).reset_index(drop=True)


def sparkline_data(history: pd.DataFrame, key: str, scope: str | None = None) -> pd.DataFrame:
    """The points of one card's sparkline: its values in `scope` (the scope of the
    card's value; by default that of its latest point), when there are at least two (a
    line of one population); else empty."""
    h = history[history["line"] == key]
    if h.empty:
        return h
    scope = scope or h.sort_values("ref_year", kind="stable").iloc[-1]["scope"]
    same = h[h["scope"] == scope].assign(segment=0)  # one population: one line
    return same if same["ref_year"].nunique() >= 2 else h.iloc[0:0]


def _side_from_figures(figures: pd.DataFrame, pick: Pick) -> dict:
    r = _row(figures, pick)
    approx = bool(r.get("ref_year_approx", False))
    return dict(
        value=float(r["value"]),
        unit=r["unit"],
        qualifier=r["qualifier"],
        ref_year=int(r["ref_year"]),
        ref_year_approx=approx,
        year_label=series.year_label(r["ref_year"], approx),
        scope=r["scope"],
        status=r["status"],
        source_id=r["source_id"],
        display=_display(r["value"], r["unit"], r["qualifier"]),
        method="",
    )


def _side_from_gender(gender: pd.DataFrame, spec: tuple) -> dict:
    scope, population, sex, year = spec
    g = gender[
        (gender["scope"] == scope)
        & (gender["population"] == population)
        & (gender["sex"] == sex)
        & (gender["ref_year"] == year)
        & (gender["family"] == "TOTAL")
    ]
    if g.empty:
        raise KeyError(spec)
    r = g.iloc[0]
    approx = bool(r.get("ref_year_approx", False))
    return dict(
        value=float(r["share"]),
        unit="percent",
        qualifier="exact",
        ref_year=int(r["ref_year"]),
        ref_year_approx=approx,
        year_label=series.year_label(r["ref_year"], approx),
        scope=r["scope"],
        status=r["status"],
        source_id=r["source_id"],
        display=formats.percent(r["share"]),
        method=r["method"],
    )


def _side_establishments_2006(establishments: pd.DataFrame) -> dict:
    e = establishments[(establishments["ref_year"] == 2006) & (establishments["type_group"] != "ensemble")]
    if e.empty:
        raise KeyError("establishments 2006")
    total = float(e["count"].sum())
    return dict(
        value=total,
        unit="count",
        qualifier="exact",
        ref_year=2006,
        ref_year_approx=False,
        year_label="2006",
        scope="livre3",
        status="derived",
        source_id=e["source_id"].iloc[0],
        display=formats.number(total),
        method="somme des types publiés",
    )


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
            comp = labels.COMPARABLE_DIFFERENT.format(
                before=labels.scope_label(b["scope"]), after=labels.scope_label(a["scope"])
            )
        elif key == "establishments":
            comp = labels.COMPARABLE_LISTS
        else:
            delta = a["value"] - b["value"]
            unit = " points" if a["unit"] == "percent" else ""
            comp = labels.COMPARABLE_SAME.format(delta=("+" if delta > 0 else "") + formats.number(delta) + unit)
        for side, s in zip(("avant", "récent"), sides):
            rows.append(
                dict(
                    key=key,
                    indicator_label=labels.CHANGE_LABELS[key],
                    side=side,
                    **s,
                    scope_label=labels.scope_label(s["scope"]),
                    comparability=comp,
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "key",
            "indicator_label",
            "side",
            "value",
            "unit",
            "qualifier",
            "display",
            "ref_year",
            "ref_year_approx",
            "year_label",
            "scope",
            "scope_label",
            "status",
            "source_id",
            "method",
            "comparability",
        ],
    )


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
    wide = pd.DataFrame(
        {
            "indicator_label": b["indicator_label"],
            "before": b["display"] + b["status"].map(lambda s: "" if s == "published" else f" ({status.get(s, s)})"),
            "before_year": b["year_label"],
            "before_scope": b["scope_label"],
            "after": a["display"] + a["status"].map(lambda s: "" if s == "published" else f" ({status.get(s, s)})"),
            "after_year": a["year_label"],
            "after_scope": a["scope_label"],
            "comparability": a["comparability"],
        }
    )
    return wide.reset_index(drop=True).rename(columns=labels.CHANGE_COLUMNS)


def card_caption(row, sources: pd.DataFrame) -> str:
    """ "vers 2019 · Branche Mutualité (convention collective) · Essentiel Santé Magazine",
    plus " · confiance moyenne" when the figure comes from a secondary source."""
    src = sources.set_index("source_id")["publisher"]
    publisher = src.get(row["source_id"], row["source_id"])
    year = row.get("year_label") or row["ref_year"]
    text = f"{year} · {row['scope_label']} · {publisher}"
    confidence = row.get("confidence", "")
    if confidence and confidence != "high":
        text += f" · {labels.CONFIDENCE_WORD} {labels.CONFIDENCE_LABELS.get(confidence, confidence)}"
    return text


def card_details(row) -> str:
    """What the card says under its caption: its history and, when some older values
    cover another population, that sentence (Markdown lines; empty without history)."""
    lines = [t for t in (row.get("history", ""), row.get("scope_change", "")) if t]
    return "  \n".join(lines)


def headcount_scopes_data(headcount: pd.DataFrame) -> pd.DataFrame:
    """Every total headcount of the store (family TOTAL), one bar per scope and year,
    oldest first: `scope, scope_label, ref_year, headcount, qualifier, display, status,
    source_id, method`."""
    h = series.with_year_labels(headcount[headcount["family"] == "TOTAL"])
    h["scope_label"] = h["scope"].map(labels.scope_label)
    h["display"] = [formats.qualified(v, q) for v, q in zip(h["headcount"], h["qualifier"])]
    h = h.sort_values(["ref_year", "headcount"], ascending=[True, False])
    return h[
        [
            "scope",
            "scope_label",
            "ref_year",
            "ref_year_approx",
            "year_label",
            "headcount",
            "qualifier",
            "display",
            "status",
            "source_id",
            "method",
        ]
    ].reset_index(drop=True)


SCOPE_COLORS = {
    "assurance_sante": "#332288",
    "repondants_bilan_social": "#999933",
    "branche": "#117733",
    "livre3": "#CC6677",
    "livre2": "#88CCEE",
}


def headcount_scopes_chart(data: pd.DataFrame) -> go.Figure:
    """Horizontal bars "year · scope", each scope in its own colour, derived bars hatched,
    value labels in French with their qualifier ("environ 55 000")."""
    d = data.iloc[::-1]
    years = d["year_label"] if "year_label" in d else d["ref_year"].astype(str)
    names = [f"{y} · {s}" for y, s in zip(years, d["scope_label"])]
    fig = new_figure(
        go.Bar(
            x=d["headcount"],
            y=names,
            orientation="h",
            text=d["display"],
            textposition="outside",
            cliponaxis=False,
            marker=dict(
                color=[SCOPE_COLORS.get(s, "#777777") for s in d["scope"]],
                pattern=hatch(["" if s == "published" else "/" for s in d["status"]]),
            ),
            customdata=[labels.STATUS_LABELS.get(s, s) for s in d["status"]],
            hovertemplate="%{y}<br>%{text} salariés (%{customdata})<extra></extra>",
            showlegend=False,
        )
    )
    xmax = float(data["headcount"].max()) if not data.empty else 1.0
    fig.update_layout(
        xaxis=dict(title=labels.HEADCOUNT_AXIS, range=[0, xmax * 1.25], tickformat=",d"),
        yaxis=dict(automargin=True),
        bargap=0.3,
    )
    return fig
