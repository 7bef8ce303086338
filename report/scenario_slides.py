"""The scenario section of the deck: the scenario's key figures as the engine
summarises them, then the studio's charts (trajectory, departures against hires,
recruitment needs) drawn by the studio's own builders.

Why the key figures are read from `Projection.summary` (row TOTAL) and nowhere
else: the tests compare the slide's text with that table, and so can anyone who
runs `python -m gpec run` on the same scenario.
"""
from __future__ import annotations

import pandas as pd

import catalog
import formats
import labels
from charts.ages import SCHEDULE_SOURCES
from charts.common import SOURCE_SEPARATOR
from report.slides import Card


def population_for(request) -> tuple[pd.DataFrame, str]:
    """The scenario's base population and the source it rests on: the request's own
    population when given, else the latest estimated pyramid of the scope."""
    if request.population is not None:
        return request.population, "releve_estimation"
    pyr = catalog.load("age_pyramid")
    scope = request.scope if request.scope in set(pyr["scope"]) else catalog.DEFAULT_POPULATION_SCOPE
    p = pyr[pyr["scope"] == scope]
    p = p[p["ref_year"] == p["ref_year"].max()]
    return p[["family", "sex", "age", "headcount"]].reset_index(drop=True), str(p["source_id"].iloc[0])


def projection_for(request):
    """The request's projection, or the engine run on the scenario (raises the
    engine's ScenarioError / PopulationError on refused input)."""
    import gpec

    if request.projection is not None:
        return request.projection, "releve_estimation"
    population, source = population_for(request)
    return gpec.project(population, request.scenario), source


def provenance(proj, pyramid_source: str) -> pd.DataFrame:
    """One provenance row for every number of the section: the pyramid it starts
    from, the legal-age tables when the rule uses them, status projection."""
    scn = proj.scenario
    ids = [pyramid_source]
    if scn.retirement.rule == "legal_schedule":
        ids += [s for s in SCHEDULE_SOURCES.get(scn.retirement.schedule, "").split(SOURCE_SEPARATOR) if s]
    return pd.DataFrame({"source_id": [SOURCE_SEPARATOR.join(ids)] * 2,
                         "ref_year": [scn.base_year, scn.horizon_year],
                         "scope": ["scenario"] * 2, "status": ["projection"] * 2})


def summary_cards(proj) -> tuple[str, list[Card]]:
    """The message and the cards of the scenario's key-figures slide."""
    scn = proj.scenario
    total = proj.summary.set_index("family").loc["TOTAL"]
    years = dict(base=scn.base_year, horizon=scn.horizon_year, last=scn.horizon_year - 1)
    detail = (labels.DECK_SCENARIO_DETAIL_MC.format(draws=proj.draws, seed=proj.seed) if proj.draws
              else labels.DECK_SCENARIO_DETAIL)
    names = labels.DECK_SCENARIO_CARDS
    cards = [
        Card(formats.number(total["base_headcount"]), names["base_headcount"].format(**years), detail),
        Card(formats.number(total["horizon_headcount"]), names["horizon_headcount"].format(**years), detail),
        Card(formats.number(total["retirements_total"]), names["retirements_total"].format(**years), detail),
        Card(formats.number(total["external_hires_total"]), names["external_hires_total"].format(**years), detail),
        Card(formats.percent(100 * total["share_retiring_by_horizon"], 1),
             names["share_retiring_by_horizon"].format(**years), detail),
        Card(f"{formats.number(total['mean_age_base'], 1)} → {formats.number(total['mean_age_horizon'], 1)}\u00a0ans",
             names["mean_age"].format(**years), detail),
    ]
    title = labels.DECK_SCENARIO_MESSAGE.format(name=scn.name, retirements=formats.number(total["retirements_total"]),
                                                hires=formats.number(total["external_hires_total"]), **years)
    return title, cards


def assumptions(scn) -> str:
    """The scenario's assumptions in one French sentence for the method notes."""
    import gpec

    r = scn.retirement
    if r.rule == "legal_schedule":
        rule = f"âge légal ({gpec.SCHEDULES[r.schedule].label})"
        if r.delay_years:
            rule += f" + {formats.number(r.delay_years, 1)} an(s)"
    elif r.rule == "fixed_age":
        rule = f"départ à {r.age} ans"
    else:
        rule = "probabilités de départ par âge (" + ", ".join(
            f"{a} ans : {formats.percent(100 * p)}" for a, p in sorted(r.probabilities.items())) + ")"

    def rates(fr, pct=True):
        main = formats.percent(100 * fr.default, None) if pct else formats.number(fr.default, 2)
        extra = ", ".join(f"{labels.family_label(f)} {formats.percent(100 * v, None)}" for f, v in fr.by_family.items())
        return main + (f" ({extra})" if extra else "")

    parts = [f"retraite : {rule}", f"autres départs : {rates(scn.other_exit_rate)} par an",
             f"remplacement : {rates(scn.replacement_rate)} des départs",
             f"croissance : {rates(scn.growth_rate)} par an"]
    if scn.internal_mobility:
        parts.append("mobilité : " + ", ".join(
            f"{formats.percent(100 * m.share, None)} des embauches de {labels.family_label(m.target)} "
            f"venues de {labels.family_label(m.source)}" for m in scn.internal_mobility))
    h = scn.hires
    parts.append(f"embauches externes : âge moyen {formats.number(h.mean_age, 1)} ans "
                 f"(écart-type {formats.number(h.age_sd, 1)}), {formats.percent(100 * h.share_women, None)} de femmes")
    return " ; ".join(parts)


def add(builder) -> None:
    """Append the scenario section to a report.content builder."""
    request = builder.r
    proj, pyramid_source = projection_for(request)
    prov = provenance(proj, pyramid_source)
    scn = proj.scenario
    title, cards = summary_cards(proj)
    description = (scn.description.strip() + " ") if scn.description else ""
    if description and not description.rstrip().endswith((".", "!", "?")):
        description = description.rstrip() + ". "
    method = labels.DECK_SCENARIO_METHOD.format(name=scn.name, description=description,
                                                assumptions=assumptions(scn))
    builder.note(method)
    builder.cards("scenario", title, scn.description or scn.name, cards, prov, notes=method)
    for key, chart_title, message, fig, data in scenario_charts(proj, prov):
        builder.chart(key, message, chart_title, fig, data, prov=prov)


def scenario_charts(proj, prov: pd.DataFrame) -> list[tuple]:
    """(key, chart title, message, figure, data) for the studio's charts. Filled in
    from charts/scenario.py."""
    return []
