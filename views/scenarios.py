"""Scénarios GPEC: the scenario studio. Inputs on top (every one a widget with a key,
seeded from the scenario in session state), then the key figures, the charts (a tab
each) and the comparison, export and save-and-share sections (a tab each). The logic
lives in studio/ (pure), app/scenario/ (session, caches, callbacks) and
charts/scenario.py (figures); this script only lays things out."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

import gpec
from app import audience, data, layout, movements, present
from app.data import table
from app.deck import image_downloads
from app.filters import scope_option
from app.layout import dialect
from app.scenario import actions, state
from app.scenario.state import w
from charts import scenario as charts
from charts import theme
from charts.common import cited_sources, image_config, source_note
from core import formats, labels, limits, workbook
from etl import catalog
from studio import calibration, link
from studio import files as files_out
from studio.form import RULES, assumptions_line, form_values, schedule_label
from studio.store import slugify

DEFAULT_SCOPE = catalog.DEFAULT_POPULATION_SCOPE
CHART_TAB, SECTION_TAB = "graphique", "section"  # the open tabs' address parameters

SECTION_TABS = {
    "years": ("years", "retirement"),
    "family_rates": ("rates", "family_rates"),
    "mobility": ("mobility",),
    "hires": ("hires",),
    "monte_carlo": ("monte_carlo",),
}

on = present.is_on()
state.apply_link(DEFAULT_SCOPE)
state.ensure_loaded(DEFAULT_SCOPE)
scope = st.session_state[state.SCOPE]
info = state.population_info(scope)
families = info["families"]
source = st.session_state[state.SOURCE]
gen = st.session_state[state.GEN]


def seed(key: str, value, options: list | None = None) -> dict:
    """A widget's key and default, its state restored from the loaded scenario if
    Streamlit dropped it (a widget that was hidden for a run loses its state). The
    default is the loaded value too: a browser that draws the widget afresh, without
    the value it held, shows that instead of an empty field (seen under load: the
    whole form came back blank, and the next click sent the blanks)."""
    k = w(key)
    if k not in st.session_state:
        st.session_state[k] = value
    if options is None:
        return {"key": k, "value": value}
    return {"key": k, "index": options.index(value) if value in options else 0}


def errors(*sections: str) -> None:
    """Reserve the place of these sections' refusals, next to their fields."""
    slot = st.empty()
    for s in sections:
        slots[s] = slot


# ---- header -----------------------------------------------------------------------------------------

st.title(labels.SC_TITLE)
if not on:
    st.markdown(labels.SC_INTRO)
state.show_flash("top")

if not on:
    c1, c2 = st.columns(2)
    preset_names = list(state.presets())
    if state.preset_problems():
        st.warning(
            labels.SC_PRESETS_DAMAGED + "\n" + "\n".join(f"- {formats.plain(p)}" for p in state.preset_problems())
        )
    c1.selectbox(
        labels.SC_PRESET,
        preset_names,
        index=None,
        key=w("preset"),
        on_change=actions.on_preset,
        placeholder=labels.SC_PRESET_PLACEHOLDER,
        help=labels.SC_PRESET_HELP,
    )
    scope_options = state.scopes()
    c2.selectbox(
        labels.SC_SCOPE,
        scope_options,
        **seed("scope", scope, scope_options),
        format_func=scope_option,
        on_change=actions.on_scope,
        help=labels.SC_SCOPE_HELP,
    )
    if movements.has_movements(scope):
        st.button(
            labels.SC_CALIBRATE,
            key="sc.calibrate",
            on_click=actions.on_calibrate,
            icon=":material/tune:",
            help=labels.SC_CALIBRATE_HELP,
        )
if source.get("calibration"):
    st.info(
        f"**{labels.SC_CALIBRATION_BADGE}** · " + formats.plain(calibration.calibration_sentence(source)),
        icon=":material/tune:",
    )
    if not on and movements.has_movements(source["calibration"]["scope"]):
        with st.expander(labels.SC_CALIBRATION_RATES):
            cal_scope = source["calibration"]["scope"]
            cal = movements.calibrated(cal_scope)
            cell = movements.min_cell_of(cal_scope)
            st.dataframe(calibration.rates_table(cal, cell), hide_index=True, width="stretch", key="sc.cal.rates")
            if calibration.thin_count(cal):
                st.caption(labels.SC_CALIBRATION_THIN.format(count=calibration.thin_count(cal)))
            if cell is not None:
                st.caption(labels.SC_CALIBRATION_HIDDEN.format(min_cell=cell))
            bands = calibration.bands_sentence(source)
            if bands:
                st.caption(labels.SC_CALIBRATION_BANDS.format(bands=formats.plain(bands)))

# ---- inputs ---------------------------------------------------------------------------------------------

shown = form_values(source, families, info["headcounts"])  # what the loaded scenario puts in each widget
form: dict = {}
slots: dict[str, object] = {}  # where each section's refusals go, filled once the engine has spoken

inputs = st.expander(labels.SC_INPUTS, expanded=False) if on else st.container(border=True)
with inputs:
    if not on:
        st.subheader(labels.SC_INPUTS)
    c1, c2 = st.columns([1, 2])
    form["name"] = c1.text_input(labels.SC_NAME, **seed("name", shown["name"]))
    form["description"] = c2.text_input(labels.SC_DESCRIPTION, **seed("description", shown["description"]))
    errors("identity")

    t_years, t_rates, t_moves, t_hires, t_mc = st.tabs([labels.SC_TABS[t] for t in SECTION_TABS])

    with t_years:
        c1, c2 = st.columns(2)
        form["base_year"] = c1.number_input(labels.SC_BASE_YEAR, step=1, **seed("base_year", shown["base_year"]))
        form["horizon_year"] = c2.number_input(
            labels.SC_HORIZON_YEAR, step=1, **seed("horizon_year", shown["horizon_year"])
        )
        form["rule"] = st.radio(
            labels.SC_RULE,
            RULES,
            format_func=labels.SC_RULES.get,
            horizontal=True,
            **seed("rule", shown["rule"], RULES),
        )
        form["schedule"] = st.session_state.get(w("schedule"), shown["schedule"])
        form["delay_years"] = st.session_state.get(w("delay_years"), shown["delay_years"])
        form["fixed_age"] = st.session_state.get(w("fixed_age"), shown["fixed_age"])
        form["curve"] = shown["curve"]
        if form["rule"] == "legal_schedule":
            c1, c2 = st.columns(2)
            form["schedule"] = c1.selectbox(
                labels.SC_SCHEDULE,
                list(gpec.SCHEDULES),
                format_func=schedule_label,
                **seed("schedule", shown["schedule"], list(gpec.SCHEDULES)),
            )
            form["delay_years"] = c2.number_input(
                labels.SC_DELAY,
                step=0.25,
                format="%.2f",
                **seed("delay_years", shown["delay_years"]),
                help=labels.SC_DELAY_HELP,
            )
            if form["schedule"] in gpec.SCHEDULES:
                st.caption(gpec.SCHEDULES[form["schedule"]].note)
        elif form["rule"] == "fixed_age":
            form["fixed_age"] = st.number_input(labels.SC_FIXED_AGE, step=1, **seed("fixed_age", shown["fixed_age"]))
        else:
            st.caption(labels.SC_CURVE_HELP)
            form["curve"] = st.data_editor(
                shown["curve"],
                num_rows="dynamic",
                hide_index=True,
                key=f"sc.w.curve.{gen}",
                placeholder="",
                column_config={
                    "age": st.column_config.NumberColumn(labels.SC_CURVE_COLUMNS["age"], step=1, format="%d"),
                    "probability": st.column_config.NumberColumn(labels.SC_CURVE_COLUMNS["probability"], format="%.1f"),
                },
            )
        errors("years", "retirement")

    with t_rates:
        st.caption(labels.SC_RATES_INTRO)
        c1, c2, c3 = st.columns(3)
        form["replacement"] = c1.number_input(
            labels.SC_REPLACEMENT,
            step=5.0,
            format="%.1f",
            **seed("replacement", shown["replacement"]),
            help=labels.SC_REPLACEMENT_HELP,
        )
        form["other_exit"] = c2.number_input(
            labels.SC_OTHER_EXIT,
            step=0.5,
            format="%.1f",
            **seed("other_exit", shown["other_exit"]),
            help=labels.SC_OTHER_EXIT_HELP,
        )
        form["growth"] = c3.number_input(
            labels.SC_GROWTH, step=0.5, format="%.1f", **seed("growth", shown["growth"]), help=labels.SC_GROWTH_HELP
        )
        cols = labels.SC_FAMILY_COLUMNS
        form["family_rates"] = st.data_editor(
            shown["family_rates"],
            hide_index=True,
            key=f"sc.w.family_rates.{gen}",
            width="stretch",
            placeholder=labels.SC_FAMILY_PLACEHOLDER,
            disabled=["family", "headcount"],
            column_config={
                "family": st.column_config.SelectboxColumn(
                    cols["family"], options=families, format_func=labels.family_label, width="medium"
                ),
                "headcount": st.column_config.NumberColumn(cols["headcount"], format="localized"),
                "replacement": st.column_config.NumberColumn(
                    cols["replacement"], format="%.1f", help=labels.SC_REPLACEMENT_HELP
                ),
                "other_exit": st.column_config.NumberColumn(
                    cols["other_exit"], format="%.1f", help=labels.SC_OTHER_EXIT_HELP
                ),
                "growth": st.column_config.NumberColumn(cols["growth"], format="%.1f", help=labels.SC_GROWTH_HELP),
            },
        )
        errors("rates", "family_rates")

    with t_moves:
        st.caption(labels.SC_MOBILITY_INTRO)
        cols = labels.SC_MOBILITY_COLUMNS
        form["mobility"] = st.data_editor(
            shown["mobility"],
            num_rows="dynamic",
            hide_index=True,
            key=f"sc.w.mobility.{gen}",
            width="stretch",
            placeholder="",
            column_config={
                "source": st.column_config.SelectboxColumn(
                    cols["source"], options=families, format_func=labels.family_label, width="large"
                ),
                "target": st.column_config.SelectboxColumn(
                    cols["target"], options=families, format_func=labels.family_label, width="large"
                ),
                "share": st.column_config.NumberColumn(cols["share"], format="%.1f"),
            },
        )
        errors("mobility")

    with t_hires:
        st.caption(labels.SC_HIRES_HELP)
        c1, c2, c3 = st.columns(3)
        form["mean_age"] = c1.number_input(
            labels.SC_MEAN_AGE, step=1.0, format="%.1f", **seed("mean_age", shown["mean_age"])
        )
        form["age_sd"] = c2.number_input(labels.SC_AGE_SD, step=0.5, format="%.1f", **seed("age_sd", shown["age_sd"]))
        form["share_women"] = c3.number_input(
            labels.SC_SHARE_WOMEN, step=1.0, format="%.1f", **seed("share_women", shown["share_women"])
        )
        errors("hires")

    with t_mc:
        form["mc"] = st.toggle(labels.SC_MC, **seed("mc", shown["mc"]), help=labels.SC_MC_HELP)
        c1, c2 = st.columns(2)
        form["draws"] = c1.number_input(
            labels.SC_DRAWS, step=100, **seed("draws", shown["draws"]), disabled=not form["mc"]
        )
        form["seed"] = c2.number_input(labels.SC_SEED, step=1, **seed("seed", shown["seed"]), disabled=not form["mc"])
        errors("monte_carlo")
    errors("other")

# ---- validation: the engine decides -------------------------------------------------------------------

checked, problems = state.check_form(form, source, families)
valid = st.session_state[state.VALID]
if problems:
    state.show_problems(problems, slots, SECTION_TABS, valid["name"])
token = state.sync_url(valid, scope, DEFAULT_SCOPE)

# ---- results -------------------------------------------------------------------------------------------

result = state.project(valid, scope)
base, horizon = valid["base_year"], valid["horizon_year"]
prov = info["provenance"]
base_status = str(prov["status"].iloc[0]) if len(prov) else "estimated"
provenance = labels.SC_PROVENANCE.format(
    scope=formats.plain(labels.scope_label(scope)),
    year=info["ref_year"],
    total=formats.number(info["total"]),
    base_kind=labels.SC_BASE_KIND.get(base_status, base_status),
)
if result.draws:
    provenance += labels.SC_PROVENANCE_MC.format(draws=formats.number(result.draws), seed=result.seed)
badges = (
    f":{theme.STATUS_COLORS['projection']}-badge[{labels.STATUS_LABELS['projection']}] "
    f":{theme.STATUS_COLORS.get(base_status, 'gray')}-badge[{labels.STATUS_LABELS.get(base_status, base_status)}]"
)
plain_source = f"{source_note(prov, table('sources'))} · {labels.STATUS_LABELS['projection']}"
source_line = f"{plain_source} {badges}"

st.header(labels.SC_RESULTS.format(name=formats.plain(valid["name"])))
audience.banner(scope)
st.markdown(formats.plain(assumptions_line(valid, labels.family_label)))
st.info(provenance + " " + badges)
if info["ref_year"] != base:
    st.warning(labels.SC_YEAR_MISMATCH.format(ref=info["ref_year"], base=base))
for note in result.notes:
    st.caption(f"{labels.SC_NOTES} {note}")

figures = charts.key_figures(result.summary, base, horizon, result.hidden and result.hidden["summary"])
per_row = 3
for start in range(0, len(figures), per_row):
    for col, (_, f) in zip(st.columns(per_row), figures.iloc[start : start + per_row].iterrows()):
        with col.container(border=True):
            st.metric(
                f["label"],
                f["display"],
                delta=f["delta_display"] or None,
                delta_color="off",
                delta_arrow="off",
                help=labels.SC_KEY_HELP[f["key"]].format(base=base, last=horizon - 1, horizon=horizon),
            )


def chart(fig, key: str, export_fig=None) -> None:
    """A studio chart; its PNG/SVG are `export_fig` (the figure in the audience of a
    file taken away) when given."""
    filename = f"{slugify(valid['name'])}-{key}"
    st.plotly_chart(fig, key=f"sc.chart.{key}", config=image_config(filename), width="stretch")
    st.caption(source_line)
    if not on:
        image_downloads(
            export_fig or fig,
            None,
            key=f"sc.{key}",
            filename=filename,
            title=fig.layout.title.text,
            source=plain_source,
        )


def needs_table() -> None:
    """The external hires by family and year, under their chart."""
    needs = charts.recruitment_needs_table(result.flows, result)
    shown_needs = needs.copy()
    for c in needs.columns[1:]:  # a hidden cell keeps its label ("< 5", "secret")
        shown_needs[c] = needs[c].map(lambda v: v if isinstance(v, str) else formats.number(v))
    st.subheader(labels.SC_CHART_TITLES["needs"])
    if on:  # a projector: the whole table, no inner scrollbar
        st.table(shown_needs.set_index(labels.SC_FAMILY_COLUMN))
    else:
        st.dataframe(
            shown_needs,
            hide_index=True,
            width="stretch",
            key="sc.needs",
            height=35 * (len(shown_needs) + 1) + 3,
            column_config={labels.SC_FAMILY_COLUMN: st.column_config.TextColumn(pinned=True)},
        )
    st.caption(labels.SC_NEEDS_NOTE + (labels.SC_NEEDS_NOTE_MC if result.draws else "") + " " + source_line)
    if result.hidden_count():
        st.caption(labels.AUDIENCE_HIDDEN_COUNT.format(count=result.hidden_count(), min_cell=result.min_cell))


def export_section() -> None:
    st.caption(labels.SC_EXPORT_INTRO)
    d = dialect()
    slug = slugify(valid["name"]) or "scenario"
    for_file = state.project(valid, scope, "export")  # the audience of a file taken away
    which = data.audience_of(scope, "export") if data.is_imported(scope) else None
    suffix = labels.EXPORT_AUDIENCE_SUFFIX[which] if which else ""
    internal_name = "-interne" if which == "analysis" else ""
    files = {name: f"{slug}-{name}{internal_name}.csv" for name in files_out.TABLES}
    frames = {}  # what leaves: the tables of the file's audience, hidden cells as their label
    for name in files_out.TABLES:
        frame = for_file.for_file(name)
        if valid.get("calibration"):  # the provenance of calibrated rates travels with the file
            frame = frame.assign(calibration=calibration.calibration_sentence(valid))
        frames[name] = frame
    population = labels.scope_label(scope)
    about = files_out.selection(valid["name"], horizon, population)
    columns = st.columns(len(files) + 1)
    for col, (name, file_name) in zip(columns, files.items()):
        col.download_button(
            labels.SC_EXPORT_LABELS[name] + suffix,
            data=lambda frame=frames[name]: files_out.csv_bytes(frame, d, about),  # built on click
            file_name=file_name,
            mime="text/csv",
            key=f"sc.dl.{name}",
            help=labels.SC_EXPORT_HELP[d],
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
    sources = table("sources")
    readme = files_out.about_lines(
        valid,
        population=labels.SC_WORKBOOK_POPULATION.format(scope=population, year=info["ref_year"]),
        assumptions=assumptions_line(valid, labels.family_label),
        draws=for_file.draws,
        seed=for_file.seed,
        date=dt.date.today().isoformat(),
        privacy=files_out.privacy_text(which, for_file.min_cell),
    )
    workbook_name = f"{slug}-resultats{internal_name}.xlsx"
    columns[-1].download_button(
        labels.SC_EXPORT_XLSX + suffix,
        data=functools.partial(
            files_out.workbook_bytes,
            frames,
            sources[sources["source_id"].isin(cited_sources(prov))].reset_index(drop=True),
            readme,
        ),  # built on click, off the page's run
        file_name=workbook_name,
        mime=workbook.MIME,
        key="sc.xl.results",
        help=labels.SC_EXPORT_XLSX_HELP,
        on_click="ignore",
        icon=":material/table_view:",
        width="stretch",
    )
    st.caption(
        labels.SC_EXPORT_DIALECT.format(
            dialect=labels.EXPORT_DIALECTS[d], files=", ".join([*files.values(), workbook_name])
        )
    )


def compare_section(pinned: list[dict]) -> None:
    """Pin this scenario; the pinned ones' key figures and total headcount side by side."""
    if not on:
        st.caption(labels.SC_COMPARE_INTRO.format(max=state.MAX_PINS))
        st.button(
            labels.SC_PIN,
            key="sc.pin",
            on_click=actions.on_pin,
            args=(checked, scope),
            icon=":material/push_pin:",
            disabled=len(pinned) >= state.MAX_PINS,
        )
        state.show_flash("pins")
    if not pinned:
        if not on:
            st.caption(labels.SC_NO_PINS)
        return
    outcomes = {p["label"]: state.project(p["scenario"], p["scope"]) for p in pinned}
    years = {p["label"]: (p["scenario"]["base_year"], p["scenario"]["horizon_year"]) for p in pinned}
    if not on:
        for i, (col, p) in enumerate(zip(st.columns(state.MAX_PINS), pinned)):
            col.button(
                f"{labels.SC_UNPIN} « {formats.plain(p['label'])} »",
                key=f"sc.unpin.{i}",
                on_click=state.unpin,
                args=(i,),
                icon=":material/close:",
            )
    comparison = charts.comparison_table(
        {k: o.summary for k, o in outcomes.items()},
        years,
        {k: o.hidden["summary"] if o.hidden else None for k, o in outcomes.items()},
    )
    scopes_row = {
        labels.SC_COMPARE_INDICATOR: labels.SC_COMPARE_SCOPE,
        **{p["label"]: labels.scope_label(p["scope"]) for p in pinned},
    }
    comparison = pd.concat([pd.DataFrame([scopes_row]), comparison], ignore_index=True)
    if on:  # a projector: the whole table, no inner scrollbar
        st.table(comparison.set_index(labels.SC_COMPARE_INDICATOR))
    else:
        st.dataframe(comparison, hide_index=True, width="stretch", key="sc.compare.table")
    chart(state.compare_figure(pinned, on), "compare")


def save_share_section() -> None:
    state.show_flash("io")
    left, right = st.columns(2)
    with left:
        st.checkbox(labels.SC_SAVE_REPLACE, key=w("save_replace"))
        st.button(
            f"{labels.SC_SAVE} « {formats.plain(form['name'])} »",
            key="sc.save",
            on_click=actions.on_save,
            args=(checked,),
            icon=":material/save:",
            disabled=checked is None,
        )
        st.download_button(
            labels.SC_DOWNLOAD_JSON,
            data=gpec.Scenario.from_dict(valid).to_json().encode("utf-8"),
            file_name=f"{slugify(valid['name']) or 'scenario'}.json",
            mime="application/json",
            key="sc.dl.json",
            on_click="ignore",
            icon=":material/download:",
        )
        st.file_uploader(
            labels.SC_UPLOAD,
            type=["json"],
            key=f"sc.upload.{gen}",
            on_change=actions.on_upload,
            max_upload_size=max(1, -(-limits.JSON_BYTES() // limits.MB)),
        )
    with right:
        st.markdown(f"**{labels.SC_SAVED_LIST}**")
        saved = actions.store().list()
        if not saved:
            st.caption(labels.SC_SAVED_NONE)
        for item in saved:
            c1, c2 = st.columns([3, 1], vertical_alignment="center")
            when = labels.SC_SAVED_MODIFIED.format(date=item.modified.strftime("%d/%m/%Y %H:%M"))
            c1.markdown(
                f"**{formats.plain(item.name)}**  \n{formats.plain(item.problem or item.description)}  \n:gray[{when}]"
            )
            c2.button(
                labels.SC_OPEN,
                key=f"sc.open.{item.slug}",
                on_click=actions.on_open_saved,
                args=(item.slug, item.name),
                disabled=bool(item.problem),
                icon=":material/folder_open:",
                width="stretch",
            )
            c2.button(
                labels.SC_DELETE,
                key=f"sc.delete.{item.slug}",
                on_click=actions.on_delete_saved,
                args=(item.slug, item.name),
                icon=":material/delete:",
                width="stretch",
            )
    st.markdown(f"**{labels.SC_SHARE}**")
    st.code(
        link.share_url(st.context.url or "scenarios", token, {"scope": scope} if scope != DEFAULT_SCOPE else None),
        language=None,
        wrap_lines=True,
    )
    st.caption(labels.SC_SHARE_HELP)


# ---- results: one chart at a time ---------------------------------------------------------------------
# Only the open tab is drawn (a chart tab, then a section tab), so the page's first chart
# does not wait for the others.

figs = state.figures(valid, scope, on)
if running := charts.running_totals(result.flows, result.totals):  # the yearly flows' period at a glance
    st.markdown(f"**{running}**")
export_figs = state.figures(valid, scope, on, "export") if data.is_imported(scope) and not on else figs
chart_tabs = layout.lazy_tabs([labels.SC_CHART_TABS[k] for k in state.FIGURES], CHART_TAB)
for tab, key in zip(chart_tabs, state.FIGURES):
    if tab.open:
        with tab:
            chart(figs[key], key, export_figs[key])
            if key == "needs":
                needs_table()

pinned = state.pins()
if on:  # a projector: the comparison only, when there is one
    if pinned:
        st.header(labels.SC_COMPARE)
        compare_section(pinned)
else:
    st.divider()  # what to do with the results, apart from the charts' tabs
    sections = {
        labels.SC_COMPARE: functools.partial(compare_section, pinned),
        labels.SC_EXPORT: export_section,
        labels.SC_SAVE_SHARE: save_share_section,
    }
    for tab, draw in zip(layout.lazy_tabs(list(sections), SECTION_TAB), sections.values()):
        if tab.open:
            with tab:
                draw()
