"""Familles et métiers: headcount by harmonised family (bounds drawn as bounds), the job
profiles with their diplomas and certificates, the crosswalk between the taxonomies of
the publications, and the skill blocks of the branch certificates."""

import streamlit as st

from app import audience, filters, layout, present
from app.data import table
from charts import families
from core import formats, labels

layout.page_header("familles")

hc = table("headcount")
scope = filters.scope(families.family_scopes(hc))
audience.banner(scope)
data = families.headcount_by_family_data(hc, scope or "")
export = families.headcount_by_family_data(table("headcount", "export"), scope or "")
title = labels.FAMILY_CHART_TITLE
if not data.empty:
    title += f" · {formats.chart_text(labels.scope_label(scope))} · {data['ref_year'].iloc[0]}"
layout.chart(
    families.headcount_by_family_chart,
    data,
    key="familles",
    filename="releve-effectifs-par-famille",
    title=title,
    export=export,
)
if data["qualifier"].isin(["at_least", "at_most"]).any():
    st.caption(labels.BOUND_NOTE)
for method in [] if present.is_on() else dict.fromkeys(data.loc[data["status"] == "estimated", "method"]):
    st.caption(f":orange-badge[{labels.STATUS_LABELS['estimated']}] {method}")

st.subheader(labels.JOBS_HEADER)
jobs = table("jobs")
options = [None] + [f for f in labels.FAMILY_LABELS if f in set(jobs["family"])]
family = st.selectbox(
    labels.JOBS_FAMILY_FILTER,
    options,
    key="famille_metiers",
    format_func=lambda f: labels.ALL_FAMILIES if f is None else labels.family_label(f),
)
job_rows = families.jobs_table(jobs, family)
layout.table_block(
    job_rows[list(labels.JOB_COLUMNS)].rename(columns=labels.JOB_COLUMNS),
    job_rows,
    key="metiers",
    filename="releve-fiches-metier",
    static=True,
)

st.subheader(labels.CROSSWALK_HEADER)
st.markdown(labels.CROSSWALK_INTRO)
fams = table("families")
layout.table_block(
    families.crosswalk_table(fams),
    families.crosswalk_long(fams),
    key="passage",
    filename="releve-table-de-passage",
    static=True,
)

st.subheader(labels.BLOCKS_HEADER)
blocks = families.certificate_blocks(table("certificate_blocks"))
for certificate, group in blocks.groupby("certificate", sort=False):
    st.markdown(f"**{certificate}**")
    for _, b in group.iterrows():
        with st.expander(f"Bloc {b['block']} : {b['title']}"):
            st.markdown("\n".join(f"- {s}" for s in b["skill_list"]))
layout.provenance_caption(blocks)
if not blocks.empty and not present.is_on():
    layout.download_csv(blocks.drop(columns="skill_list"), "releve-blocs-competences-cqp", "blocs")
