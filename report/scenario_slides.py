"""The scenario section of the deck: the scenario's key figures, then the studio's
charts (trajectory by family, departures against hires, recruitment needs), each
drawn by the studio's own builders in charts/scenario.py.

Why the key figures go through `charts.scenario.key_figures` on the engine's
`summary` (row TOTAL) and nowhere else: the slide then shows the studio's very
cards, and the tests can compare its text with the table `python -m gpec run`
writes for the same scenario.

A projection reaches this module as a `studio.outcome.Outcome` (the engine's three
tables plus the Monte Carlo band of totals): the app passes the one it already has
in cache, the command line computes it here.
"""

from __future__ import annotations

import pandas as pd

from charts import scenario as sc
from charts.ages import SCHEDULE_SOURCES
from charts.common import SOURCE_SEPARATOR
from core import formats, labels
from etl import catalog
from report.slides import Card, TableSlide


def population_for(scope: str, raw=None) -> tuple[pd.DataFrame, str, int]:
    """The studio's base population for `scope` (its latest pyramid, full counts), its
    source and its year."""
    pyr = (raw or catalog.load)("age_pyramid")
    scope = scope if scope in set(pyr["scope"]) else catalog.DEFAULT_POPULATION_SCOPE
    latest = pyr[(pyr["scope"] == scope)]
    latest = latest[latest["ref_year"] == latest["ref_year"].max()]
    return (
        latest[["family", "sex", "age", "headcount"]].reset_index(drop=True),
        str(latest["source_id"].iloc[0]),
        int(latest["ref_year"].iloc[0]),
    )


def outcome_for(request, builder=None):
    """(outcome, pyramid source): the request's own outcome, or the engine run on the
    scenario and the scope's population, suppressed for diffusion when the scope is
    imported (a deck leaves the team). Raises the engine's ScenarioError /
    PopulationError, with its sentences, on refused input."""
    import gpec
    from studio.outcome import outcome, protect

    population, source, _ = population_for(request.scope, builder.raw if builder else None)
    if request.projection is not None:
        return request.projection, source
    if request.population is not None:
        population = request.population
    rule = builder.privacy_rule(request.scope) if builder else None
    return protect(outcome(gpec.project(population, request.scenario)), rule), source


def provenance(scn, pyramid_source: str) -> pd.DataFrame:
    """The provenance of every number of the section: the pyramid it starts from and
    the legal-age tables when the rule uses them; years base and horizon; status
    projection."""
    ids = [pyramid_source]
    if scn.retirement.rule == "legal_schedule":
        ids += [s for s in SCHEDULE_SOURCES.get(scn.retirement.schedule, "").split(SOURCE_SEPARATOR) if s]
    return pd.DataFrame(
        {
            "source_id": [SOURCE_SEPARATOR.join(ids)] * 2,
            "ref_year": [scn.base_year, scn.horizon_year],
            "scope": ["scenario"] * 2,
            "status": ["projection"] * 2,
        }
    )


def summary_cards(scn, result) -> tuple[str, str, list[Card]]:
    """(message, subtitle, cards) of the key-figures slide: the studio's cards."""
    base, horizon = scn.base_year, scn.horizon_year
    figures = sc.key_figures(result.summary, base, horizon, result.hidden and result.hidden["summary"])
    total = result.summary.set_index("family").loc[sc.TOTAL]
    detail = (
        labels.DECK_SCENARIO_DETAIL_MC.format(draws=formats.number(result.draws), seed=result.seed)
        if result.draws
        else labels.DECK_SCENARIO_DETAIL
    )
    cards = [
        Card(f["display"], f["label"], " · ".join(p for p in (f["delta_display"], detail) if p))
        for _, f in figures.iterrows()
    ]
    message = labels.DECK_SCENARIO_MESSAGE.format(
        name=scn.name,
        retirements=formats.number(total["retirements_total"]),
        hires=formats.number(total["external_hires_total"]),
        base=base,
        last=horizon - 1,
    )
    subtitle = labels.DECK_SCENARIO_SUBTITLE.format(
        base=base,
        horizon=horizon,
        start=formats.number(total["base_headcount"]),
        end=formats.number(total["horizon_headcount"]),
    )
    return message, subtitle, cards


def assumptions(scn) -> str:
    """The scenario's assumptions in one French sentence for the method notes."""
    import gpec

    r = scn.retirement
    if r.rule == "legal_schedule":
        rule = labels.DECK_ASSUME_LEGAL.format(schedule=gpec.SCHEDULES[r.schedule].label)
        if r.delay_years:
            rule += labels.DECK_ASSUME_DELAY.format(delay=formats.number(r.delay_years, 2).rstrip("0").rstrip(","))
    elif r.rule == "fixed_age":
        rule = labels.DECK_ASSUME_FIXED.format(age=r.age)
    else:
        rule = labels.DECK_ASSUME_CURVE.format(
            curve=", ".join(f"{a}\u00a0ans : {formats.percent(100 * p)}" for a, p in sorted(r.probabilities.items()))
        )

    def rates(fr) -> str:
        extra = ", ".join(f"{labels.family_label(f)} {formats.percent(100 * v)}" for f, v in fr.by_family.items())
        return formats.percent(100 * fr.default) + (f" ({extra})" if extra else "")

    parts = [
        rule,
        labels.DECK_ASSUME_RATES.format(
            exits=rates(scn.other_exit_rate), replacement=rates(scn.replacement_rate), growth=rates(scn.growth_rate)
        ),
    ]
    for m in scn.internal_mobility:
        parts.append(
            labels.DECK_ASSUME_MOVE.format(
                share=formats.percent(100 * m.share),
                target=labels.family_label(m.target),
                source=labels.family_label(m.source),
            )
        )
    exits = scn.other_exit_rate
    if getattr(exits, "by_age", None) or getattr(exits, "by_family_age", None):
        from studio.calibration import bands_sentence

        parts.append(labels.DECK_ASSUME_BANDS.format(bands=bands_sentence(scn.to_dict())))
    h = scn.hires
    parts.append(
        labels.DECK_ASSUME_HIRES.format(
            mean=formats.number(h.mean_age, 1),
            sd=formats.number(h.age_sd, 1),
            women=formats.percent(100 * h.share_women),
        )
    )
    if scn.calibration is not None:
        parts.append(scn.calibration.sentence())
    return " ; ".join(parts)


def method_note(scn) -> str:
    """The scenario's description and assumptions, for the method notes."""
    description = scn.description.strip()
    if description and not description.endswith((".", "!", "?")):
        description += "."
    return labels.DECK_SCENARIO_METHOD.format(name=scn.name, description=description, assumptions=assumptions(scn))


def add(builder) -> None:
    """Append the scenario section to a report.content builder."""
    request = builder.r
    scn = request.scenario
    result, pyramid_source = outcome_for(request, builder)
    prov = provenance(scn, pyramid_source)
    message, subtitle, cards = summary_cards(scn, result)
    method = method_note(scn)
    builder.note(method)
    notes = "\n".join([method, *result.notes])
    builder.cards("scenario", message, subtitle, cards, prov, notes=notes)
    flows = result.flows
    for key, title, message, fig in (
        (
            "scenario-effectifs",
            labels.SC_CHART_TITLES["families"],
            _trajectory_message(scn, result),
            sc.headcount_by_family_chart(flows, result.totals),
        ),
        (
            "scenario-flux",
            labels.SC_CHART_TITLES["flows"],
            _flows_message(flows, result.totals, result.summary),
            sc.departures_hires_chart(flows, result.band, result.totals),
        ),
        (
            "scenario-besoins",
            labels.SC_CHART_TITLES["needs"],
            _needs_message(flows, result),
            sc.recruitment_needs_chart(flows, result.totals),
        ),
    ):
        builder.chart(
            key,
            message,
            f"{title} · {labels.DECK_SCENARIO_LINE.format(name=scn.name)}",
            fig,
            prov,
            prov=prov,
            notes=labels.SC_NEEDS_NOTE if key == "scenario-besoins" else "",
        )
    builder.table(hires_table(scn, result, prov, builder))


def hires_table(scn, result, prov: pd.DataFrame, builder) -> TableSlide:
    """External hires per family and year with the period's total: the studio's
    needs table (hidden cells labelled in diffusion), numbers written as displayed."""
    from report.deck import cell_text

    wide = sc.recruitment_needs_table(result.flows, result)
    header = tuple(str(c) for c in wide.columns)
    rows = tuple(tuple(cell_text(v, 0) for v in r) for r in wide.itertuples(index=False, name=None))
    return TableSlide(
        key="scenario-embauches",
        title=labels.DECK_HIRES_TABLE_TITLE.format(first=scn.base_year, last=scn.horizon_year - 1),
        subtitle=f"{labels.SC_CHART_TITLES['needs']} · {labels.DECK_SCENARIO_LINE.format(name=scn.name)}",
        header=header,
        rows=rows,
        source=builder.source_of(prov),
        status="projection",
        bold_last=True,
    )


def compared_outcomes(builder) -> dict:
    """label -> (scenario, outcome) of the pinned scenarios: the app's outcomes as
    they come, the others run on the deck scope's population (diffusion for an
    imported scope)."""
    import gpec
    from studio.outcome import outcome, protect

    population, _, _ = population_for(builder.r.scope, builder.raw)
    rule = builder.privacy_rule(builder.r.scope)
    out = {}
    for label, scn, result in builder.r.compared:
        if result is None:
            result = protect(outcome(gpec.project(population, scn)), rule)
        out[label] = (scn, result)
    return out


def add_comparison(builder) -> None:
    """The pinned scenarios side by side: their key figures as a table, then their
    total headcount on one chart."""
    both = compared_outcomes(builder)
    for scn, _ in both.values():
        builder.note(method_note(scn))
    _, first_source, _ = population_for(builder.r.scope, builder.raw)
    table = sc.comparison_table(
        {label: r.summary for label, (_, r) in both.items()},
        {label: (s.base_year, s.horizon_year) for label, (s, _) in both.items()},
        {label: (r.hidden["summary"] if r.hidden else None) for label, (_, r) in both.items()},
    )
    prov = pd.concat([provenance(s, first_source) for s, _ in both.values()], ignore_index=True)
    names = ", ".join(f"«\u00a0{label}\u00a0»" for label in both)
    builder.table(
        TableSlide(
            key="scenario-comparaison",
            title=labels.DECK_COMPARE_TITLE.format(n=len(both)),
            subtitle=labels.DECK_COMPARE_SUBTITLE.format(names=names),
            header=tuple(str(c) for c in table.columns),
            rows=tuple(tuple(str(v) for v in r) for r in table.itertuples(index=False, name=None)),
            source=builder.source_of(prov),
            status="projection",
        )
    )
    trajectories = {label: sc.total_trajectory(r.flows, r.band, r.totals) for label, (_, r) in both.items()}
    builder.chart(
        "scenario-comparaison-effectif",
        labels.DECK_COMPARE_CHART,
        f"{labels.SC_CHART_TITLES['compare']} · {names}",
        sc.total_headcount_chart(trajectories),
        prov,
        prov=prov,
    )


def _trajectory_message(scn, result) -> str:
    total = result.summary.set_index("family").loc[sc.TOTAL]
    start, end = float(total["base_headcount"]), float(total["horizon_headcount"])
    if pd.isna(start) or pd.isna(end):  # a register too small to show its total
        return labels.SC_CHART_TITLES["families"]
    change = 100 * (end - start) / start if start else float("nan")
    if abs(change) < 0.5:
        return labels.DECK_TRAJECTORY_STABLE.format(end=formats.number(end), horizon=scn.horizon_year)
    sign = "+" if change > 0 else "−"
    return labels.DECK_TRAJECTORY_CHANGE.format(
        end=formats.number(end),
        horizon=scn.horizon_year,
        change=sign + formats.percent(abs(change)),
        start=formats.number(start),
        base=scn.base_year,
    )


def _flows_message(flows: pd.DataFrame, totals: pd.DataFrame | None = None, summary: pd.DataFrame | None = None) -> str:
    """The period's departures, retirements and hires. In a diffusion view with hidden
    years, never the sum of the years shown: the summary's period totals (full counts,
    shown on the key-figures slide) and the departures they imply (base headcount +
    hires - horizon headcount, all shown); without them, no figure."""
    d = sc.departures_hires_data(flows, totals=totals)
    first, last = int(d["year"].min()), int(d["year"].max())
    yearly = d[["departures", "retirements", "external_hires"]]
    if not yearly.isna().any().any():
        departures, retirements, hires = yearly.sum()
    elif summary is not None and (summary["family"] == sc.TOTAL).any():
        t = summary.set_index("family").loc[sc.TOTAL]
        retirements, hires = t["retirements_total"], t["external_hires_total"]
        departures = t["base_headcount"] + hires - t["horizon_headcount"]
    else:
        departures = retirements = hires = float("nan")
    if pd.isna(departures) or pd.isna(retirements) or pd.isna(hires):
        return labels.DECK_FLOWS_MESSAGE_HIDDEN.format(first=first, last=last)
    return labels.DECK_FLOWS_MESSAGE.format(
        departures=formats.number(departures),
        retirements=formats.number(retirements),
        hires=formats.number(hires),
        first=first,
        last=last,
    )


def _needs_message(flows: pd.DataFrame, result=None) -> str:
    """Total hires and the family that needs most, from the summary's period totals
    (full counts; a hidden family is never named)."""
    needs = sc.recruitment_needs(flows)
    if result is not None:
        summary = result.summary.set_index("family")
        by_family = summary["external_hires_total"].drop(sc.TOTAL).dropna().sort_values(ascending=False)
        total = float(summary.at[sc.TOTAL, "external_hires_total"])
    else:
        by_family = needs.groupby("family")["external_hires"].sum().sort_values(ascending=False)
        total = float(by_family.sum())
    if by_family.empty or pd.isna(total):  # every family, or the total, under the secret
        return labels.SC_CHART_TITLES["needs"]
    top = by_family.index[0]
    share = 100 * float(by_family.iloc[0]) / total if total else float("nan")
    return labels.DECK_NEEDS_MESSAGE.format(
        total=formats.number(total),
        family=labels.family_label(top),
        share=formats.percent(share),
        first=int(needs["year"].min()),
        last=int(needs["year"].max()),
    )
