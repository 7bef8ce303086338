"""Âges et départs: the estimated age pyramid (labelled as an estimate in the chart
itself), retirements by year and family under a legal schedule, and the 2009 claim
"1 sur 2 d'ici 2015" against what an age structure implies. Projections come cached
from app.projections."""
import streamlit as st

import labels
from app import filters, layout, present, projections
from app.data import table
from charts import ages

layout.page_header("ages")

pyr = table("age_pyramid")
scope = filters.scope(sorted(pyr["scope"].unique().tolist()))
year = filters.year(ages.pyramid_years(pyr, scope)) if scope else None
fams = filters.families(ages.pyramid_families(pyr, scope, year)) if scope else []
data = ages.pyramid_data(pyr, scope, year, fams) if scope else ages.pyramid_data(pyr, "")

if not data.empty and (data["status"] == "estimated").any():
    warning = labels.ESTIMATE_SHORT if present.is_on() else \
        labels.ESTIMATE_WARNING.format(method=data["method"].iloc[0])
    st.warning(warning, icon=":material/warning:")
title = labels.PYRAMID_TITLE
if not data.empty:
    title += f" · {labels.scope_label(scope)} · {year or data['ref_year'].iloc[0]}"
layout.chart(ages.pyramid_chart, data.drop(columns="method"), key="pyramide",
             filename="releve-pyramide-des-ages-estimee", title=title)
if not data.empty:
    for col, (label, value) in zip(st.columns(4), ages.pyramid_metrics(data)):
        col.metric(label, value)

st.subheader(labels.RETIREMENTS_TITLE)
try:
    options = projections.schedules()
    schedule = filters.schedule(options, "loi_2023_suspension_2026")
    preset = projections.reference_preset()
    if data.empty:
        st.info(labels.NO_DATA)
    else:
        ref_year = int(data["ref_year"].iloc[0])
        flows = projections.retirements(scope, ref_year, fams, schedule)
        layout.chart(ages.retirements_chart, flows, key="departs",
                     filename="releve-departs-retraite-par-famille",
                     title=labels.RETIREMENTS_CHART_TITLE.format(
                         schedule=labels.SCHEDULE_SHORT.get(schedule, options[schedule])))
        st.caption(labels.RETIREMENTS_NOTE.format(preset=preset["name"], description=preset["description"]))
    st.subheader(labels.CLAIM_HEADER)
    claim = projections.claim_check()
    if claim is None:
        st.info(labels.NO_DATA)
    else:
        layout.chart(ages.claim_chart, claim, key="affirmation",
                     filename="releve-affirmation-2009-depart-retraite", title=labels.CLAIM_TITLE)
        st.markdown(ages.claim_verdict(claim))
        st.caption(labels.CLAIM_NOTE)
except projections.ProjectionUnavailable as err:
    st.info(str(err))
