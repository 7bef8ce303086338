"""The chart block every page uses: the chart, its source line with a status badge,
and a CSV download of exactly the rows drawn, in the dialect chosen in the sidebar."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import exports
import labels
from app import present
from app.data import table
from charts.common import image_config, source_note, style


def dialect() -> str:
    return st.session_state.get("csv_dialect", "standard")


def download_csv(data: pd.DataFrame, filename: str, key: str, label: str = labels.DOWNLOAD_CSV) -> None:
    d = dialect()
    st.download_button(f"{label} · {labels.EXPORT_DIALECTS[d]}", data=exports.to_csv_bytes(data, d),
                       file_name=f"{filename}.csv", mime="text/csv", key=f"dl-{key}")


def status_badges(data: pd.DataFrame) -> str:
    if "status" not in data:
        return ""
    return " ".join(f":{labels.STATUS_COLORS.get(s, 'gray')}-badge[{labels.STATUS_LABELS.get(s, s)}]"
                    for s in dict.fromkeys(data["status"]))


def chart_block(fig: go.Figure, data: pd.DataFrame, *, key: str, filename: str, title: str | None = None) -> None:
    """Lay out one chart. `data` is what the chart draws, with its provenance columns."""
    if data.empty:
        st.info(labels.NO_DATA)
        return
    on = present.is_on()
    style(fig, title, present=on)
    st.plotly_chart(fig, key=f"chart-{key}", config=image_config(filename), width="stretch")
    st.caption(f"{source_note(data, table('sources'))} {status_badges(data)}")
    if not on:
        download_csv(data, filename, key)
        from app import deck  # lazy PNG/SVG at presentation resolution, title and source drawn in

        deck.image_downloads(fig, data, key=key, filename=filename, title=title)
