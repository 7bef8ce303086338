"""Égalité femmes-hommes: the share of women by year for every population the sources
describe (never joining two different scopes), the latest split of each, and how each
derived value was computed. The branch series are the published scopes only; an
imported scope ("Mes données") is its own choice of the scope filter."""

import streamlit as st

from app import audience, filters, layout
from app.data import published_only, table
from charts import gender
from core import labels

layout.page_header("egalite")

g = table("gender")
choices = [filters.ALL_PUBLISHED] + list(dict.fromkeys(g["scope"]))
scope = filters.scope(choices, default=filters.ALL_PUBLISHED)
audience.banner(scope)


def rows(frame):
    """The rows the page shows: every published series, or one scope's."""
    if scope in (None, filters.ALL_PUBLISHED):
        return published_only(frame)
    return frame[frame["scope"] == scope]


# Both sexes' points prepared once per audience; each block takes its rows from them.
everything = gender.gender_data(rows(g), sex=None)
everything_export = gender.gender_data(rows(table("gender", "export")), sex=None)
points = gender.women_points(everything)
layout.chart(
    gender.gender_over_time_chart,
    points,
    key="femmes-annees",
    filename="releve-part-des-femmes-par-annee",
    title=labels.GENDER_TIME_TITLE,
    export=gender.women_points(everything_export),
)
st.caption(labels.GENDER_TIME_NOTE)

split = gender.latest_points(everything)
layout.chart(
    gender.gender_split_chart,
    split,
    key="femmes-hommes",
    filename="releve-repartition-femmes-hommes",
    title=labels.GENDER_SPLIT_TITLE,
    export=gender.latest_points(everything_export),
)

st.subheader(labels.GENDER_TABLE_HEADER)
layout.table_block(
    gender.gender_table(everything),
    everything,
    key="egalite-table",
    filename="releve-egalite-chiffres",
    static=True,
    export=everything_export,
)
