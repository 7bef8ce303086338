"""Évolutions: the branch over time. Every indicator published for at least two years
(published scopes only), one chart each, grouped by theme: a line joins only values of
one scope, a change of scope is drawn as a break; each value's source on hover and in
the chart's CSV. Then the crosswalk of the Livre 3 establishment types, and the recent
figures that have a single year."""

import streamlit as st

from app import data, layout
from app.data import published_only, published_series, table
from charts import series
from core import labels

THEME_KEY = "theme"  # the open theme, also the address parameter

layout.page_header("evolutions")

tables = {
    "figures": published_only(table("figures")),
    "gender": published_only(table("gender")),
    "headcount": published_only(table("headcount")),
    "establishments": table("establishments"),
    "sources": table("sources"),
}
charted = published_series()
sections = {s: [k for k in keys if k in charted] for s, keys in labels.SERIES_SECTIONS.items()}
sections = {s: keys for s, keys in sections.items() if keys}
# One theme at a time: only the open tab is drawn; a link may open one (?theme=…).
tabs = layout.lazy_tabs(list(sections), THEME_KEY)
for tab, keys in zip(tabs, sections.values()):
    if not tab.open:
        continue
    with tab:
        for key in keys:
            layout.chart(
                series.series_chart,
                charted[key],
                key=f"serie-{key}",
                filename=f"releve-evolution-{key}",
                title=labels.SERIES_TITLES[key],
            )
            st.caption(labels.SERIES_NOTES[key])
            if key == "livre3":
                crosswalk, crosswalk_shown = data.crosswalk()
                st.markdown(f"**{labels.CROSSWALK_TYPES_HEADER}** · {labels.CROSSWALK_TYPES_INTRO}")
                layout.table_block(
                    crosswalk_shown,
                    crosswalk,
                    key="passage-types",
                    filename="releve-table-de-passage-etablissements",
                    static=True,
                )

st.subheader(labels.RECENT_HEADER)
st.markdown(labels.RECENT_INTRO)
recent = series.not_drawn(series.recent_figures(tables["figures"], tables["sources"], since=2012), charted)
layout.table_block(
    series.recent_table(recent),
    recent,
    key="chiffres-recents",
    filename="releve-chiffres-recents",
    column_config={labels.RECENT_COLUMNS["url"]: st.column_config.LinkColumn()},
)
