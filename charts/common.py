"""What every chart shares: the French number separators, the fonts, the source
line under the chart, and the sizes used on a projector."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

import labels

FONT = "DejaVu Sans, Arial, sans-serif"
PROVENANCE_COLUMNS = ["source_id", "ref_year", "scope", "status"]


def style(fig: go.Figure, title: str | None = None, present: bool = False) -> go.Figure:
    """House style: decimal comma and space thousands, readable from the back of a room
    when `present` is set."""
    base = 22 if present else 14
    fig.update_layout(
        separators=", ",
        font=dict(family=FONT, size=base),
        title=dict(text=title, font=dict(size=base + 8)) if title else None,
        margin=dict(l=10, r=10, t=70 if title else 30, b=10),
        legend=dict(font=dict(size=base - 1)),
        template="plotly_white",
        height=680 if present else 460,
    )
    return fig


def source_note(data: pd.DataFrame, sources: pd.DataFrame) -> str:
    """One line naming the sources, reference years and statuses of the drawn rows:
    'Source : ONISEP, Les métiers des mutuelles (2009) · année 2009 · publié'."""
    if data.empty:
        return ""
    src = sources.set_index("source_id")
    names = []
    for sid in dict.fromkeys(data["source_id"]):
        if sid in src.index:
            row = src.loc[sid]
            names.append(f"{row['publisher']}, « {row['title']} » ({row['pub_year']})")
        else:
            names.append(str(sid))
    parts = [labels.SOURCE_PREFIX + " ; ".join(names)]
    if "ref_year" in data:
        years = sorted({int(y) for y in data["ref_year"].dropna()})
        if years:
            parts.append(("année " if len(years) == 1 else "années ") + ", ".join(map(str, years)))
    if "status" in data:
        parts.append(" / ".join(labels.STATUS_LABELS.get(s, s) for s in dict.fromkeys(data["status"])))
    return " · ".join(parts)


def image_config(filename: str) -> dict:
    """Plotly's camera button: a 1 920 px wide PNG (3x scale) named after the chart."""
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": filename, "width": 1920, "height": 1080, "scale": 2}}
