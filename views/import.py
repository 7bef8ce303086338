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
import privacy
from app import layout
from etl.imports import prepare, preview, readers, save
from etl.imports.scopes import delete_scope
from etl.store import StoreLocked

TITLE = "Importer des données"
INTRO = ("Ajoutez votre propre registre du personnel (une ligne par salarié) ou un tableau agrégé "
         "(famille × sexe × tranche d'âge) : il devient un **périmètre à part**, à côté des chiffres publiés, "
         "qu'il ne modifie jamais. Le fichier reste dans votre session tant que vous ne l'enregistrez pas ; "
         "seuls des effectifs agrégés sont enregistrés, jamais les noms ni les matricules. Les cellules de "
         "moins de 5 personnes (seuil réglable) sont masquées partout, ainsi que celles qui permettraient de "
         "les retrouver par différence. En-têtes reconnus et règles : docs/import.md.")
KINDS = {"register": "Registre du personnel (une ligne par salarié)", "table": "Tableau agrégé (effectifs)"}
PRIVACY_NOTE = ("« < {n} » : moins de {n} personnes ; « secret » : masqué pour qu'un total ne permette pas de "
                "retrouver une petite cellule.")

st.title(TITLE)
st.markdown(INTRO)

existing = preview.imported_scopes_table()
if not existing.empty:
    st.subheader("Périmètres déjà importés")
    st.dataframe(existing, hide_index=True, width="stretch", key="imp.existing")
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    doomed = c1.selectbox("Supprimer un périmètre importé", existing["périmètre"].tolist(), index=None,
                          placeholder="choisir un périmètre", key="imp.delete_choice")
    if c2.button("Supprimer", key="imp.delete", disabled=doomed is None):
        try:
            delete_scope(doomed)
            st.success(f"Périmètre « {doomed} » supprimé.")
            st.rerun()
        except StoreLocked as err:
            st.error(str(err))

st.subheader("Nouveau fichier")
upload = st.file_uploader("Fichier CSV, XLSX ou Parquet", type=["csv", "txt", "tsv", "xlsx", "parquet"],
                          key="imp.file")
c1, c2 = st.columns(2)
kind = c1.radio("Nature du fichier", list(KINDS), format_func=KINDS.get, key="imp.kind")
scope = c2.text_input("Nom du périmètre", key="imp.scope", placeholder="ex. mutuelle_durand",
                      help="2 à 40 caractères : minuscules sans accent, chiffres, « _ ». "
                           "Importer à nouveau le même nom remplace ce périmètre seulement.").strip()
c1, c2, c3 = st.columns(3)
ref_year = c1.number_input("Année de référence (âges au 31/12)", min_value=1990, max_value=2100,
                           value=dt.date.today().year, step=1, key="imp.year")
min_cell = c2.number_input("Seuil du secret statistique (personnes)", min_value=1, max_value=1000,
                           value=privacy.DEFAULT_MIN_CELL, step=1, key="imp.min_cell")
mapping_file = c3.file_uploader("Correspondance (JSON, facultatif)", type=["json"], key="imp.mapping")

if upload is None:
    st.info("Déposez un fichier pour voir comment ses colonnes sont comprises.")
    st.stop()

data = upload.getvalue()
sheet = None
if data.startswith(readers.ZIP):
    try:
        sheets = readers.sheet_names(data)
    except Exception:  # a damaged workbook: prepare() says so in a sentence
        sheets = []
    if len(sheets) > 1:
        sheet = st.selectbox("Feuille du classeur", sheets, key="imp.sheet")

mapping = mapping_file.getvalue() if mapping_file is not None else None
options = (hashlib.sha256(data).hexdigest(), upload.name, kind, scope, int(ref_year), int(min_cell), sheet,
           hashlib.sha256(mapping).hexdigest() if mapping else None)
if st.session_state.get("imp.prepared_for") != options:     # kept in this session only, never in a shared cache
    with st.spinner("Lecture et vérification du fichier…"):
        st.session_state["imp.prepared"] = prepare(
            data, upload.name, kind=kind, scope=scope or "", ref_year=int(ref_year), mapping=mapping,
            mapping_name=mapping_file.name if mapping_file is not None else "mapping.json", sheet=sheet,
            min_cell=int(min_cell))
        st.session_state["imp.prepared_for"] = options
result = st.session_state["imp.prepared"]

if result.info:
    st.caption(" · ".join(f"{k} : {v}" for k, v in result.info.items()))
if result.columns:
    st.markdown("**Colonnes détectées**")
    st.dataframe(result.columns, hide_index=True, width="stretch", key="imp.columns")
for w in result.warnings:
    st.warning(w)

if result.problems:
    st.error(f"{len(result.problems)} problème(s) : rien n'a été enregistré. Corrigez le fichier (ou le nom du "
             "périmètre, ou la correspondance) puis déposez-le à nouveau.")
    st.dataframe(result.problems_table(), hide_index=True, width="stretch", key="imp.problems")
    st.stop()

st.success(f"Fichier valide : {result.summary()}.")
shown = preview.family_preview(result.protected()["headcount"], result.scope)
fig = go.Figure(go.Bar(x=shown["headcount"].fillna(0).tolist(), y=shown["family_label"].tolist(), orientation="h",
                       text=shown["display"].tolist(), textposition="outside", marker_color="#44AA99",
                       hovertemplate="%{y} : %{text}<extra></extra>"))
fig.update_yaxes(autorange="reversed")
layout.chart_block(fig, shown, key="imp.preview", filename=f"releve-import-{result.scope}",
                   title=f"Effectifs par famille · {result.scope} (aperçu, secret statistique appliqué)")
st.caption(PRIVACY_NOTE.format(n=result.min_cell))

replacing = result.scope in catalog.imported_scopes()
label = f"Remplacer le périmètre « {result.scope} »" if replacing else f"Enregistrer le périmètre « {result.scope} »"
if st.button(label, type="primary", key="imp.save"):
    try:
        save(result)
    except StoreLocked as err:
        st.error(str(err))
    else:
        st.session_state.pop("imp.prepared_for", None)
        st.success(f"Périmètre « {result.scope} » enregistré : il est proposé dans le choix du périmètre des "
                   "autres pages et dans le studio de scénarios.")
