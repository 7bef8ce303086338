"""Accueil: the key published figures (published scopes only, never a user's import) as cards, each with its year, scope and source;
the published headcounts side by side (different scopes, said so); and what changed
between 2009 and the recent figures."""
import streamlit as st

import labels
from app import layout
from app.data import published_only, table
from charts import keyfigures

layout.page_header("accueil")

st.subheader(labels.KEY_FIGURES_HEADER)
cards = keyfigures.key_figures(published_only(table("figures")))
sources = table("sources")
for start in range(0, len(cards), 3):
    for col, (_, row) in zip(st.columns(3), cards.iloc[start:start + 3].iterrows()):
        with col:
            layout.card(row["label"], row["display"], keyfigures.card_caption(row, sources), row["status"],
                        help=row["note"] or None)
layout.provenance_caption(cards)
if "retirement_claim" in set(cards["key"]):
    st.page_link("views/ages.py", label=labels.CLAIM_LINK, icon=":material/arrow_forward:")

scopes = keyfigures.headcount_scopes_data(published_only(table("headcount")))
layout.chart(keyfigures.headcount_scopes_chart, scopes, key="perimetres",
             filename="releve-effectifs-publies-par-perimetre", title=labels.SCOPES_CHART_TITLE)
st.caption(labels.SCOPES_CHART_NOTE)

st.subheader(labels.CHANGES_HEADER)
st.markdown(labels.CHANGES_INTRO)
changes = keyfigures.changes(published_only(table("figures")), published_only(table("gender")),
                             table("establishments"))
layout.table_block(keyfigures.changes_wide(changes), changes, key="evolutions",
                   filename="releve-evolutions-2009-recent", static=True)
