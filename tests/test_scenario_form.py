"""Between a scenario and the studio's widgets: an untouched form gives back the very
scenario it was loaded from; an edit in % lands as the right fraction; a refusal
finds its place on the page."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gpec
from studio.form import (
    assumptions_line,
    fit_to_families,
    form_values,
    group_problems,
    percent_hint,
    scenario_from_form,
    section_of,
    shift_years,
)

FAMILIES = ["gestion", "commercial", "support", "si"]
PRESETS = {name: scn.to_dict() for name, scn in gpec.presets().items()}
REFERENCE = PRESETS["Référence"]


def untouched(scenario):
    form = form_values(scenario, FAMILIES)
    out, problems = scenario_from_form(form, scenario, FAMILIES)
    return out, problems


@pytest.mark.parametrize("name", list(PRESETS))
def test_untouched_form_gives_back_each_preset(name):
    out, problems = untouched(PRESETS[name])
    assert problems == []
    assert gpec.Scenario.from_dict(out).to_dict() == PRESETS[name]


# Any double in bounds, 0.30000000000000004 and subnormals included: the form must not round them.
awkward = st.floats(min_value=0, max_value=1, allow_nan=False)
rates = st.dictionaries(st.sampled_from(FAMILIES), awkward, max_size=3)


@st.composite
def scenarios(draw):
    rule = draw(st.sampled_from(["legal_schedule", "fixed_age", "age_curve"]))
    if rule == "legal_schedule":
        retirement = {
            "rule": rule,
            "schedule": draw(st.sampled_from(list(gpec.SCHEDULES))),
            "delay_years": draw(st.floats(-5, 5, allow_nan=False)),
        }
    elif rule == "fixed_age":
        retirement = {"rule": rule, "age": draw(st.integers(50, 80))}
    else:
        ages = draw(st.lists(st.integers(15, 79), min_size=1, max_size=6, unique=True))
        retirement = {"rule": rule, "probabilities": {str(a): draw(awkward) for a in ages}}
    base = draw(st.integers(1990, 2090))
    moves = []
    if draw(st.booleans()):
        src, dst = draw(st.permutations(FAMILIES))[:2]
        moves.append({"from": src, "to": dst, "share": draw(awkward)})
    return gpec.Scenario.from_dict(
        {
            "name": draw(st.text(min_size=1, max_size=10).filter(str.strip)),
            "description": draw(st.text(max_size=10)),
            "base_year": base,
            "horizon_year": base + draw(st.integers(1, 10)),
            "retirement": retirement,
            "other_exit_rate": {"default": draw(awkward), "by_family": draw(rates)},
            "replacement_rate": {
                "default": draw(st.floats(0, 3, allow_nan=False)),
                "by_family": {f: 3 * v for f, v in draw(rates).items()},
            },
            "growth_rate": {"default": draw(st.floats(-0.5, 0.5, allow_nan=False)), "by_family": {}},
            "internal_mobility": moves,
            "hires": {
                "mean_age": draw(st.floats(18, 67, allow_nan=False)),
                "age_sd": draw(st.floats(1, 20)),
                "share_women": draw(awkward),
            },
            "monte_carlo": {"draws": draw(st.sampled_from([0, 1, 200, 1000])), "seed": draw(st.integers(0, 2**32 - 1))},
        }
    ).to_dict()


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_untouched_form_gives_back_any_scenario_bit_for_bit(scenario):
    out, problems = untouched(scenario)
    assert problems == []
    assert gpec.Scenario.from_dict(out).to_dict() == scenario


def edited(scenario, **changes):
    form = form_values(scenario, FAMILIES)
    form.update(changes)
    out, problems = scenario_from_form(form, scenario, FAMILIES)
    return out, problems


def test_percent_edits_land_as_fractions():
    out, _ = edited(REFERENCE, replacement=50.0, other_exit=7.0, growth=-1.5, share_women=60.0)
    assert out["replacement_rate"]["default"] == 0.5
    assert out["other_exit_rate"]["default"] == 0.07
    assert out["growth_rate"]["default"] == -0.015
    assert out["hires"]["share_women"] == 0.6


def test_family_table_blank_follows_the_default_and_a_value_is_an_exception():
    form = form_values(REFERENCE, FAMILIES)
    table = form["family_rates"]
    assert list(table["family"]) == FAMILIES and table["replacement"].isna().all()
    table.loc[table["family"] == "gestion", "replacement"] = 50.0
    out, _ = scenario_from_form({**form, "family_rates": table}, REFERENCE, FAMILIES)
    assert out["replacement_rate"] == {"default": 1.0, "by_family": {"gestion": 0.5}}


def test_mobility_rows_and_blank_rows():
    table = pd.DataFrame(
        [
            {"source": "gestion", "target": "commercial", "share": 20.0},
            {"source": None, "target": None, "share": float("nan")},
            {"source": "si", "target": None, "share": 10.0},
        ]
    )
    out, _ = edited(REFERENCE, mobility=table)
    assert out["internal_mobility"] == [
        {"from": "gestion", "to": "commercial", "share": 0.2},
        {"from": "si", "share": 0.1},
    ]
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.Scenario.from_dict(out)
    assert any(p.startswith("internal_mobility[2].to") for p in err.value.problems)


def test_rule_switches_use_defaults_then_edits():
    out, _ = edited(REFERENCE, rule="fixed_age", fixed_age=63)
    assert out["retirement"] == {"rule": "fixed_age", "age": 63}
    curve = pd.DataFrame({"age": pd.array([60, 62, None], dtype="Int64"), "probability": [10.0, 50.0, None]})
    out, problems = edited(REFERENCE, rule="age_curve", curve=curve)
    assert problems == [] and out["retirement"] == {"rule": "age_curve", "probabilities": {"60": 0.1, "62": 0.5}}
    out, _ = edited(REFERENCE, delay_years=0.5)
    assert out["retirement"]["delay_years"] == 0.5


def test_an_age_given_twice_in_the_curve_is_said():
    curve = pd.DataFrame({"age": pd.array([62, 62], dtype="Int64"), "probability": [10.0, 50.0]})
    _, problems = edited(REFERENCE, rule="age_curve", curve=curve)
    assert problems == ["retirement.probabilities.62 : âge 62 donné deux fois"]


def test_monte_carlo_switch():
    form = form_values(REFERENCE, FAMILIES)
    assert form["mc"] is False and form["draws"] == 200
    out, _ = edited(REFERENCE, mc=True)
    assert out["monte_carlo"] == {"draws": 200, "seed": REFERENCE["monte_carlo"]["seed"]}
    out, _ = edited(REFERENCE, mc=True, draws=1000, seed=7)
    assert out["monte_carlo"] == {"draws": 1000, "seed": 7}
    mc = {**REFERENCE, "monte_carlo": {"draws": 500, "seed": 1}}
    out, _ = edited(mc, mc=False)
    assert out["monte_carlo"] == {"draws": 0, "seed": 1}


def test_values_out_of_bounds_reach_the_engine_untouched():
    out, _ = edited(REFERENCE, replacement=400.0, base_year=1800)
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.Scenario.from_dict(out)
    assert any(p.startswith("replacement_rate.default = 4.0") for p in err.value.problems)
    assert any(p.startswith("base_year = 1800") for p in err.value.problems)


@pytest.mark.parametrize(
    "problem, section, hint",
    [
        ("replacement_rate.by_family.gestion = 4.0 : doit être compris entre 0 et 3", "family_rates", "de 0 à 300 %"),
        ("replacement_rate.default = 4.0 : doit être compris entre 0 et 3", "rates", "de 0 à 300 %"),
        ("growth_rate.default = 0.9 : doit être compris entre -0.5 et 0.5", "rates", "de -50 à 50 %"),
        ("internal_mobility[2].share = 2.0 : doit être compris entre 0 et 1", "mobility", "de 0 à 100 %"),
        ('internal_mobility (to = "si") : somme des share = 1.2 : …', "mobility", ""),
        ("hires.share_women = 2 : doit être compris entre 0 et 1", "hires", "de 0 à 100 %"),
        ("hires.mean_age = 12 : doit être compris entre 18 et 67", "hires", ""),
        ("retirement.probabilities.62 = 2 : doit être compris entre 0 et 1", "retirement", "de 0 à 100 %"),
        ("base_year = 1800 : doit être un nombre entier de 1990 à 2100", "years", ""),
        ("monte_carlo.draws = -1 : …", "monte_carlo", ""),
        ("name : champ obligatoire manquant", "identity", ""),
        ("quelque chose d'autre", "other", ""),
    ],
)
def test_refusals_find_their_section_and_hint(problem, section, hint):
    assert section_of(problem) == section
    assert (hint in percent_hint(problem)) if hint else percent_hint(problem) == ""
    grouped = group_problems([problem])
    assert list(grouped) == [section] and grouped[section][0].startswith(problem)


def test_fit_to_families_and_shift_years():
    scenario = {
        **REFERENCE,
        "replacement_rate": {"default": 1.0, "by_family": {"gestion": 0.5, "si": 0.8}},
        "internal_mobility": [{"from": "gestion", "to": "si", "share": 0.1}],
    }
    fitted, dropped = fit_to_families(scenario, ["gestion", "commercial"])
    assert fitted["replacement_rate"]["by_family"] == {"gestion": 0.5}
    assert fitted["internal_mobility"] == []
    assert dropped == ["replacement_rate.by_family.si", "internal_mobility[1]"]
    shifted = shift_years(REFERENCE, 2009)
    assert (shifted["base_year"], shifted["horizon_year"]) == (2009, 2019)


def test_assumptions_line():
    mobility = PRESETS["Mobilité gestion vers relation adhérents"]
    line = assumptions_line(
        {
            **mobility,
            "replacement_rate": {"default": 1.0, "by_family": {"gestion": 0.5}},
            "retirement": {**mobility["retirement"], "delay_years": 0.5},
        },
        str.upper,
    )
    assert line.startswith("Hypothèses : âge légal, Loi de 2023 avec la suspension")
    assert "report de 0,5 an" in line and "GESTION 50\u00a0%" in line
    assert "GESTION → COMMERCIAL 20\u00a0%" in line and "embauches à 30 ans" in line
    fixed = assumptions_line({**REFERENCE, "retirement": {"rule": "fixed_age", "age": 63}})
    assert "départ à 63 ans" in fixed
