"""Accueil: the key published figures (published scopes only, never a user's import) as
cards, each the most recent value of its indicator with its year, scope and source, its
older values and a change of scope said on the card, a sparkline and a link to the
Évolutions page when it has several; the published headcounts side by side (different
scopes, said so); and what changed between 2009 and the recent figures."""

import streamlit as st

from app import layout, present
from app.data import home_blocks, key_figures, sparklines
from charts import keyfigures, series
from core import labels

layout.page_header("accueil")

st.subheader(labels.KEY_FIGURES_HEADER)
cards, history, changes = key_figures()
blocks = home_blocks()
spark_points = sparklines()
for start in range(0, len(cards), 3):
    group = cards.iloc[start : start + 3]
    for col, (_, row) in zip(st.columns(3), group.iterrows()):
        with col:
            layout.card(
                row["label"],
                row["display"],
                blocks["captions"][row["key"]],
                row["status"],
                help=row["note"] or None,
            )
    # one row of sparklines, then one of links, so that each lines up under its card
    sparks = [spark_points[key] for key in group["key"]]
    if any(not spark.empty for spark in sparks):
        for col, spark, key in zip(st.columns(3), sparks, group["key"]):
            if not spark.empty:
                col.plotly_chart(
                    layout.figure(series.sparkline_chart, spark),
                    key=f"spark-{key}",
                    theme=None,
                    config={"displayModeBar": False, "staticPlot": present.is_on()},
                )
    if not present.is_on() and group["history_count"].any():
        for col, count in zip(st.columns(3), group["history_count"]):
            if count:
                col.page_link("views/evolutions.py", label=labels.CARD_EVOLUTION_LINK, icon=":material/timeline:")
layout.provenance_caption(cards)
if "retirement_claim" in set(cards["key"]):
    st.page_link("views/ages.py", label=labels.CLAIM_LINK, icon=":material/arrow_forward:")
if not present.is_on():
    with st.expander(labels.CARD_HISTORY_HEADER):
        layout.table_block(
            blocks["history"],
            history,
            key="historique-cartes",
            filename="releve-chiffres-cles-historique",
            static=True,
        )

scopes = blocks["scopes"]
layout.chart(
    keyfigures.headcount_scopes_chart,
    scopes,
    key="perimetres",
    filename="releve-effectifs-publies-par-perimetre",
    title=labels.SCOPES_CHART_TITLE,
)
st.caption(labels.SCOPES_CHART_NOTE)

st.subheader(labels.CHANGES_HEADER)
st.markdown(labels.CHANGES_INTRO)
layout.table_block(blocks["changes"], changes, key="evolutions", filename="releve-evolutions-2009-recent", static=True)
