"""What happened, drawn: observed exits by age and reason beside the legal age, and the
back-test (observed against projected by family, with the Monte Carlo band).

DataFrame in, figure out. The frames come from core.privacy (exits by age) and
studio.calibration (the back-test): hidden cells are NaN with their label, drawn as
nothing and named in the hover text.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import new_figure
from core import formats, labels

BAND_WIDTH = 5
OBSERVED_COLOR = "#332288"
PROJECTED_COLOR = "#88CCEE"


def band_text(start: int) -> str:
    return f"{start}–{start + BAND_WIDTH - 1}" if start >= 25 else f"< {BAND_WIDTH * 5}"


def observed_exits_data(exits: pd.DataFrame, year: int, scope: str, provenance: dict) -> pd.DataFrame:
    """The rows of one year, reasons by 5-year band (totals left out), with the
    provenance columns a chart's caption and CSV need."""
    d = exits[(exits["year"] == year) & (exits["age_band"] >= 0) & (exits["reason"] != "TOTAL")].copy()
    d = d.assign(scope=scope, ref_year=year, **provenance)
    return d.reset_index(drop=True)


def observed_exits_chart(data: pd.DataFrame) -> go.Figure:
    """Stacked bars of exits by age band, one colour per reason, and a vertical line at
    the legal age of the year (column `legal_age`, in years)."""
    fig = new_figure()
    bands = sorted(int(b) for b in data["age_band"].unique())
    positions = {b: i for i, b in enumerate(bands)}
    for reason, label in labels.EXIT_REASON_LABELS.items():
        d = data[data["reason"] == reason]
        hidden = d.get("suppressed", pd.Series(False, index=d.index)).astype(bool)
        if d.empty or (not d["value"].fillna(0).any() and not hidden.any()):
            continue
        text = [
            lbl if h else formats.number(v)
            for v, h, lbl in zip(d["value"], hidden, d.get("suppressed_label", [""] * len(d)))
        ]
        fig.add_trace(
            go.Bar(
                x=[positions[int(b)] for b in d["age_band"]],
                y=d["value"],
                name=label,
                marker=dict(color=labels.EXIT_REASON_COLORS[reason]),
                customdata=text,
                hovertemplate=label + " : %{customdata}<extra></extra>",
            )
        )
    if "legal_age" in data and len(data):
        legal = float(data["legal_age"].iloc[0])
        x = _position(legal, bands)
        fig.add_vline(x=x, line=dict(color="#444444", dash="dash", width=2))
        fig.add_annotation(
            x=x,
            y=1.02,
            yref="paper",
            text=labels.LEGAL_AGE_LINE.format(age=formats.number(legal, 2).rstrip("0").rstrip(",")),
            showarrow=False,
            xanchor="center",
            yanchor="bottom",
        )
    fig.update_layout(
        barmode="stack",
        xaxis=dict(
            title=labels.OBSERVED_AGE_AXIS,
            tickmode="array",
            tickvals=list(range(len(bands))),
            ticktext=[band_text(b) for b in bands],
        ),
        yaxis=dict(title=labels.OBSERVED_COUNT_AXIS, tickformat=",d"),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
    )
    return fig


def _position(age: float, bands: list[int]) -> float:
    """Where an age falls on the axis of band positions (a band spans one unit)."""
    for i, b in enumerate(bands):
        hi = bands[i + 1] if i + 1 < len(bands) else b + BAND_WIDTH
        if b <= age < hi:
            return i - 0.5 + (age - b) / (hi - b)
    return len(bands) - 0.5


def backtest_chart(data: pd.DataFrame) -> go.Figure:
    """One panel per measure (retirements, other exits, hires), a pair of horizontal
    bars per family (the families' total last): observed, and projected with its
    10th–90th percentile band when drawn."""
    from plotly.subplots import make_subplots

    d = data[data["measure"] != "headcount"]
    measures = [m for m in ("retirements", "other_exits", "hires") if m in set(d["measure"])]
    fig = make_subplots(
        rows=1,
        cols=max(len(measures), 1),
        shared_yaxes=True,
        horizontal_spacing=0.04,
    )
    families = [f for f in dict.fromkeys(d["family"]) if f != "TOTAL"] + ["TOTAL"]
    names = [labels.ALL_FAMILIES if f == "TOTAL" else labels.family_label(f) for f in families]
    band = "projected_p10" in d and d["projected_p10"].notna().any()
    for col, measure in enumerate(measures, start=1):
        m = d[d["measure"] == measure].set_index("family").reindex(families)
        hidden = m.get("suppressed", pd.Series(False, index=m.index)).fillna(False).astype(bool)

        def text(values, hidden=hidden):
            return [labels.PRIVACY_SECONDARY if h else formats.number(v, 1) for v, h in zip(values, hidden)]

        fig.add_trace(
            go.Bar(
                y=names,
                x=m["observed"],
                orientation="h",
                name=labels.BACKTEST_OBSERVED,
                legendgroup="observed",
                showlegend=col == 1,
                marker=dict(color=OBSERVED_COLOR),
                customdata=text(m["observed"]),
                hovertemplate="%{y} · " + labels.BACKTEST_OBSERVED + " : %{customdata}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        error = (
            dict(
                type="data",
                symmetric=False,
                array=(m["projected_p90"] - m["projected"]).clip(lower=0),
                arrayminus=(m["projected"] - m["projected_p10"]).clip(lower=0),
                color="#444444",
            )
            if band
            else None
        )
        fig.add_trace(
            go.Bar(
                y=names,
                x=m["projected"],
                orientation="h",
                name=labels.BACKTEST_BAND if band else labels.BACKTEST_PROJECTED,
                legendgroup="projected",
                showlegend=col == 1,
                marker=dict(color=PROJECTED_COLOR),
                error_x=error,
                customdata=text(m["projected"]),
                hovertemplate="%{y} · " + labels.BACKTEST_PROJECTED + " : %{customdata}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        fig.update_xaxes(title_text=labels.MOVEMENT_MEASURE_LABELS.get(measure, measure), row=1, col=col)
    fig.update_layout(
        barmode="group",
        height=140 + 46 * len(families),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
    )
    fig.update_yaxes(autorange="reversed")
    return fig
