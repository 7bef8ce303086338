"""Importer des données: drop a register or an aggregate table, see how its columns
were understood and every refusal, then save it as a scope of its own that every
page and the scenario studio can pick.

The file stays in this session (memory of the server, this user only) until the user
presses "Enregistrer"; even then only counts are written, never a row of the file.
Reading, checking and counting are etl.imports.prepare, the same code as
`python -m etl import`; this page only lays things out.
"""
import datetime as dt
import hashlib

import plotly.graph_objects as go
import streamlit as st

import catalog
import labels
import privacy
from app import layout
from etl.imports import prepare, preview, readers, save
from etl.imports.scopes import delete_scope
from etl.store import StoreLocked

layout.page_header("import")

existing = preview.imported_scopes_table()
if not existing.empty:
    st.subheader(labels.IMP_EXISTING_HEADER)
    st.dataframe(existing, hide_index=True, width="stretch", key="imp.existing")
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    doomed = c1.selectbox(labels.IMP_DELETE_CHOICE, existing["périmètre"].tolist(), index=None,
                          placeholder=labels.IMP_DELETE_PLACEHOLDER, key="imp.delete_choice")
    if c2.button(labels.IMP_DELETE, key="imp.delete", disabled=doomed is None):
        try:
            delete_scope(doomed)
            st.success(labels.IMP_DELETED.format(scope=doomed))
            st.rerun()
        except StoreLocked as err:
            st.error(str(err))

st.subheader(labels.IMP_NEW_FILE_HEADER)
upload = st.file_uploader(labels.IMP_FILE, type=["csv", "txt", "tsv", "xlsx", "parquet"],
                          key="imp.file")
c1, c2 = st.columns(2)
kind = c1.radio(labels.IMP_KIND, list(labels.IMP_KINDS), format_func=labels.IMP_KINDS.get, key="imp.kind")
scope = c2.text_input(labels.IMP_SCOPE, key="imp.scope", placeholder=labels.IMP_SCOPE_PLACEHOLDER,
                      help=labels.IMP_SCOPE_HELP).strip()
c1, c2, c3 = st.columns(3)
ref_year = c1.number_input(labels.IMP_REF_YEAR, min_value=1990, max_value=2100,
                           value=dt.date.today().year, step=1, key="imp.year")
min_cell = c2.number_input(labels.IMP_MIN_CELL, min_value=1, max_value=1000,
                           value=privacy.DEFAULT_MIN_CELL, step=1, key="imp.min_cell")
mapping_file = c3.file_uploader(labels.IMP_MAPPING, type=["json"], key="imp.mapping")

if upload is None:
    st.info(labels.IMP_NO_FILE)
    st.stop()

data = upload.getvalue()
sheet = None
if data.startswith(readers.ZIP):
    try:
        sheets = readers.sheet_names(data)
    except Exception:  # a damaged workbook: prepare() says so in a sentence
        sheets = []
    if len(sheets) > 1:
        sheet = st.selectbox(labels.IMP_SHEET, sheets, key="imp.sheet")

mapping = mapping_file.getvalue() if mapping_file is not None else None
options = (hashlib.sha256(data).hexdigest(), upload.name, kind, scope, int(ref_year), int(min_cell), sheet,
           hashlib.sha256(mapping).hexdigest() if mapping else None)
if st.session_state.get("imp.prepared_for") != options:     # kept in this session only, never in a shared cache
    with st.spinner(labels.IMP_READING):
        st.session_state["imp.prepared"] = prepare(
            data, upload.name, kind=kind, scope=scope or "", ref_year=int(ref_year), mapping=mapping,
            mapping_name=mapping_file.name if mapping_file is not None else "mapping.json", sheet=sheet,
            min_cell=int(min_cell))
        st.session_state["imp.prepared_for"] = options
result = st.session_state["imp.prepared"]

if result.info:
    st.caption(" · ".join(f"{k} : {v}" for k, v in result.info.items()))
if result.columns:
    st.markdown(labels.IMP_COLUMNS_HEADER)
    st.dataframe(result.columns, hide_index=True, width="stretch", key="imp.columns")
for w in result.warnings:
    st.warning(w)

if result.problems:
    st.error(labels.IMP_PROBLEMS.format(count=len(result.problems)))
    st.dataframe(result.problems_table(), hide_index=True, width="stretch", key="imp.problems")
    st.stop()

st.success(labels.IMP_VALID.format(summary=result.summary()))
shown = preview.family_preview(result.protected()["headcount"], result.scope)
fig = go.Figure(go.Bar(x=shown["headcount"].fillna(0).tolist(), y=shown["family_label"].tolist(), orientation="h",
                       text=shown["display"].tolist(), textposition="outside", marker_color="#44AA99",
                       hovertemplate="%{y} : %{text}<extra></extra>"))
fig.update_yaxes(autorange="reversed")
layout.chart_block(fig, shown, key="imp.preview", filename=f"releve-import-{result.scope}",
                   title=labels.IMP_PREVIEW_TITLE.format(scope=result.scope))
st.caption(labels.IMP_PRIVACY_NOTE.format(min_cell=result.min_cell))

replacing = result.scope in catalog.imported_scopes()
label = (labels.IMP_REPLACE if replacing else labels.IMP_SAVE).format(scope=result.scope)
if st.button(label, type="primary", key="imp.save"):
    try:
        save(result)
    except StoreLocked as err:
        st.error(str(err))
    else:
        st.session_state.pop("imp.prepared_for", None)
        st.success(labels.IMP_SAVED.format(scope=result.scope))
