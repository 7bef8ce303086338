"""Données et sources: every table of the store, filterable and downloadable (CSV in the
chosen dialect, Parquet as stored), every dated published figure with its theme, its
confidence and a link to its source, the data dictionary and the sources with their
links."""

import streamlit as st

from app import filters, layout, present
from app.data import published_only, table
from charts import series, tables
from core import labels
from etl import catalog

layout.page_header("donnees")

name = filters.select(
    labels.TABLE_CHOICE, list(catalog.TABLES), key="table", format_func=lambda t: f"{labels.TABLE_LABELS[t]} ({t})"
)
df = table(name)
text = st.text_input(labels.TABLE_FILTER, key=f"filtre-{name}", help=labels.TABLE_FILTER_HELP)
cols = tables.filter_columns(df)
picks = {}
for col, widget in zip(cols, st.columns(max(len(cols), 1))):
    with widget:
        picks[col] = st.multiselect(
            col,
            tables.choices(df, col),
            key=f"choix-{name}-{col}",
            placeholder=labels.ALL_FAMILIES if col == "family" else "Tout",
        )
shown = tables.filter_table(df, text, picks)
st.caption(labels.ROWS_SHOWN.format(shown=len(shown), total=len(df)))
if shown.empty:
    st.info(labels.NO_DATA)
else:
    if present.is_on():  # a projector: plain tables, paged, no inner scrollbar
        layout.projector_table(shown, f"donnees-{name}")
    else:
        st.dataframe(shown, hide_index=True, width="stretch", key=f"donnees-{name}")
    layout.hidden_caption(shown)
    # files leave the team: imported scopes in the export's audience (diffusion unless the owner chose otherwise)
    export = table(name, "export")
    export_shown = tables.filter_table(export, text, picks)
    c1, c2 = st.columns(2)
    with c1:
        layout.download_csv(export_shown, f"releve-{name}", f"table-{name}", label=labels.DOWNLOAD_FILTERED)
    with c2:
        st.download_button(
            labels.DOWNLOAD_PARQUET,
            data=tables.parquet_bytes(export),
            file_name=f"releve-{name}.parquet",
            mime="application/vnd.apache.parquet",
            key=f"parquet-{name}",
            on_click="ignore",
        )

st.subheader(labels.FIGURES_CATALOGUE_HEADER)
st.markdown(labels.FIGURES_CATALOGUE_INTRO)
catalogue = series.recent_figures(published_only(table("figures")), table("sources"))
layout.table_block(
    series.recent_table(catalogue),
    catalogue,
    key="chiffres-publies",
    filename="releve-chiffres-publies-sources",
    column_config={labels.RECENT_COLUMNS["url"]: st.column_config.LinkColumn()},
)

st.subheader(labels.SOURCES_HEADER)
src = tables.sources_table(table("sources"))
if present.is_on():
    layout.projector_table(src.rename(columns=labels.SOURCE_COLUMNS), "sources")
else:
    st.dataframe(
        src.rename(columns=labels.SOURCE_COLUMNS),
        hide_index=True,
        width="stretch",
        key="sources",
        column_config={labels.SOURCE_COLUMNS["link"]: st.column_config.LinkColumn()},
    )
layout.download_csv(src, "releve-sources", "sources")

st.subheader(labels.DICTIONARY_HEADER)
if catalog.DATA_DICTIONARY.exists():
    with st.container(border=True):
        st.markdown(tables.dictionary_body(catalog.DATA_DICTIONARY.read_text(encoding="utf-8")))
else:
    st.info(labels.DICTIONARY_MISSING)
