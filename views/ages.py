"""Âges et départs: the age pyramid (an estimate for the branch, said in the chart
itself; a register's own counts for an imported scope), retirements by year and
family under a legal schedule, and the 2009 claim "1 sur 2 d'ici 2015" against what
an age structure implies. Figures are computed from the full counts (app.data.raw);
what a diffusion view may not show comes masked from app.projections."""

import streamlit as st

from app import audience, filters, layout, movements, present, projections
from app.data import raw, table
from charts import ages
from charts import calibration as cal_charts
from core import formats, labels, privacy
from studio import calibration

layout.page_header("ages")

full = raw("age_pyramid")
scope = filters.scope(sorted(full["scope"].unique().tolist()))
audience.banner(scope)
year = filters.year(ages.pyramid_years(full, scope)) if scope else None
fams = filters.families(ages.pyramid_families(full, scope, year)) if scope else []
view = audience.screen(scope)
banded = view == privacy.DIFFUSION
if banded and scope:
    st.caption(
        labels.PYRAMID_BANDS_NOTE
        + (" " + labels.PYRAMID_FAMILIES_IGNORED if filters.FAMILIES_KEY in st.query_params else "")
    )
counts = ages.pyramid_data(full, scope or "", year, None if banded else fams)
data = ages.pyramid_data(table("age_pyramid"), scope or "", year, None if banded else fams)
export = ages.pyramid_data(
    table("age_pyramid", "export"), scope or "", year, None if audience.export(scope) == privacy.DIFFUSION else fams
)

if ages.is_estimated(data):
    warning = (
        labels.ESTIMATE_SHORT if present.is_on() else labels.ESTIMATE_WARNING.format(method=data["method"].iloc[0])
    )
    st.warning(warning, icon=":material/warning:")
title = (
    ages.pyramid_title(data, formats.chart_text(labels.scope_label(scope)), year or data["ref_year"].iloc[0])
    if not data.empty
    else labels.PYRAMID_TITLE
)
layout.chart(
    ages.pyramid_chart,
    data.drop(columns="method"),
    key="pyramide",
    filename="releve-pyramide-des-ages",
    title=title,
    export=export.drop(columns="method"),
)
if not counts.empty:
    hidden = projections.pyramid_hidden_metrics(scope, int(counts["ref_year"].iloc[0])) if banded else {}
    for col, (label, value) in zip(st.columns(4), ages.pyramid_metrics(counts, hidden)):
        col.metric(label, value)

if scope and movements.has_movements(scope):
    st.subheader(labels.OBSERVED_EXITS_HEADER)
    exits = movements.exits_by_age(scope)
    observed_years = sorted(int(y) for y in exits["year"].unique())
    shown_year = year if year in observed_years else observed_years[-1]
    legal = calibration.legal_age_in_year(shown_year)
    source = movements.provenance(scope)
    observed = cal_charts.observed_exits_data(exits, shown_year, scope, source).assign(legal_age=legal)
    observed_export = cal_charts.observed_exits_data(
        movements.exits_by_age(scope, "export"), shown_year, scope, source
    ).assign(legal_age=legal)
    layout.chart(
        cal_charts.observed_exits_chart,
        observed,
        key="sorties-observees",
        filename="releve-sorties-observees-par-age-et-motif",
        title=labels.OBSERVED_EXITS_TITLE.format(year=shown_year, scope=formats.chart_text(labels.scope_label(scope))),
        export=observed_export,
    )
    st.caption(
        labels.OBSERVED_EXITS_NOTE.format(
            year=shown_year, schedule=labels.SCHEDULE_SHORT.get(projections.DEFAULT_SCHEDULE, "")
        )
    )
    st.subheader(labels.BACKTEST_HEADER)
    backtest, result, cal_years = movements.backtest(scope)
    export_backtest = movements.backtest(scope, "export")[0]
    st.caption(labels.BACKTEST_INTRO.format(cal_years=", ".join(map(str, cal_years)), year=result.from_year))
    if result.in_sample:
        st.warning(labels.BACKTEST_IN_SAMPLE, icon=":material/warning:")
    else:
        st.caption(labels.BACKTEST_OUT_OF_SAMPLE)
    layout.chart(
        cal_charts.backtest_chart,
        backtest.assign(scope=scope, ref_year=result.from_year, **source),
        key="backtest",
        filename="releve-backtest-observe-projete",
        title=labels.BACKTEST_TITLE.format(year=result.from_year, scope=formats.chart_text(labels.scope_label(scope))),
        export=export_backtest.assign(scope=scope, ref_year=result.from_year, **source),
    )
    for sentence in calibration.error_sentences(backtest):
        st.markdown("- " + formats.plain(sentence[0].upper() + sentence[1:]) + ".")
    if not backtest[privacy.SUPPRESSED].any():
        st.caption(labels.BACKTEST_ERROR.format(error=formats.percent(result.total_abs_error)))
    if result.draws and not backtest[privacy.SUPPRESSED].any():
        st.caption(labels.BACKTEST_BAND_SHARE.format(share=formats.percent(100 * result.share_within_band)))

st.subheader(labels.RETIREMENTS_TITLE)
try:
    options = projections.schedules()
    schedule = filters.schedule(options, projections.DEFAULT_SCHEDULE)
    preset = projections.reference_preset()
    if counts.empty:
        st.info(labels.NO_DATA)
    else:
        ref_year = int(counts["ref_year"].iloc[0])
        fam_choice = None if banded else fams
        flows = projections.retirements(scope, ref_year, fam_choice, schedule, view)
        export_flows = projections.retirements(
            scope,
            ref_year,
            None if audience.export(scope) == privacy.DIFFUSION else fams,
            schedule,
            audience.export(scope),
        )
        if running := ages.running_total(flows):  # the period at a glance, on a projector too
            st.markdown(f"**{running}**")
        layout.chart(
            ages.retirements_chart,
            flows,
            key="departs",
            filename="releve-departs-retraite-par-famille",
            title=labels.RETIREMENTS_CHART_TITLE.format(
                schedule=labels.SCHEDULE_SHORT.get(schedule, options[schedule])
            ),
            export=export_flows,
        )
        st.caption(labels.RETIREMENTS_NOTE.format(preset=preset["name"], description=preset["description"]))
    st.subheader(labels.CLAIM_HEADER)
    claim = projections.claim_check()
    if claim is None:
        st.info(labels.NO_DATA)
    else:
        layout.chart(
            ages.claim_chart,
            claim,
            key="affirmation",
            filename="releve-affirmation-2009-depart-retraite",
            title=labels.CLAIM_TITLE,
        )
        st.markdown(ages.claim_verdict(claim))
        st.caption(labels.CLAIM_NOTE)
except projections.ProjectionUnavailable as err:
    st.info(str(err))
