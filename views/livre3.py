"""Livre 3 (SSAM): its share of the branch, its establishments by type in the four
published lists (2006, about 2011, 2014 and 2021; the unknown remainders shown as
unknown) with the crosswalk of their types, a few context figures (managing
organisations, the mutualist hospital group), its job families."""

import streamlit as st

from app import data, layout
from app.data import published_only, table
from charts import livre3
from core import labels

layout.page_header("livre3")

share = livre3.livre3_share_data(published_only(table("figures")), published_only(table("headcount")))
layout.chart(
    livre3.livre3_share_chart,
    share,
    key="poids-livre3",
    filename="releve-part-du-livre3",
    title=labels.LIVRE3_SHARE_TITLE,
)

bars = data.establishment_bars()
layout.chart(
    livre3.establishments_chart,
    bars,
    key="etablissements",
    filename="releve-etablissements-livre3",
    title=labels.ESTABLISHMENTS_TITLE,
)
st.caption(labels.ESTABLISHMENTS_NOTE)

st.subheader(labels.CROSSWALK_TYPES_HEADER)
st.markdown(labels.CROSSWALK_TYPES_INTRO)
crosswalk, crosswalk_shown = data.crosswalk()
layout.table_block(
    crosswalk_shown,
    crosswalk,
    key="passage-types",
    filename="releve-table-de-passage-etablissements",
    static=True,
)

st.subheader(labels.LIVRE3_CONTEXT_HEADER)
st.markdown(labels.LIVRE3_CONTEXT_NOTE)
context = livre3.context_data(published_only(table("figures")), table("sources"))
layout.table_block(
    livre3.context_table(context), context, key="reperes-livre3", filename="releve-reperes-livre3", static=True
)

st.subheader(labels.LIVRE3_FAMILIES_HEADER)
fams = livre3.livre3_families(table("families"))
layout.table_block(
    fams[list(labels.LIVRE3_FAMILY_COLUMNS)].rename(columns=labels.LIVRE3_FAMILY_COLUMNS),
    fams,
    key="familles-livre3",
    filename="releve-familles-livre3",
    static=True,
)
