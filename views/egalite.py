"""Égalité femmes-hommes: the share of women by year for every population the sources
describe (never joining two different scopes), the latest split of each, and how each
derived value was computed."""
import streamlit as st

import labels
from app import layout
from app.data import table
from charts import gender

layout.page_header("egalite")

g = table("gender")
points = gender.gender_data(g)
layout.chart(gender.gender_over_time_chart, points, key="femmes-annees",
             filename="releve-part-des-femmes-par-annee", title=labels.GENDER_TIME_TITLE)
st.caption(labels.GENDER_TIME_NOTE)

split = gender.gender_split_data(g)
layout.chart(gender.gender_split_chart, split, key="femmes-hommes",
             filename="releve-repartition-femmes-hommes", title=labels.GENDER_SPLIT_TITLE)

st.subheader(labels.GENDER_TABLE_HEADER)
everything = gender.gender_data(g, sex=None)
layout.table_block(gender.gender_table(everything), everything, key="egalite-table",
                   filename="releve-egalite-chiffres", static=True)
