"""Bad scenarios and bad populations are refused, every problem named at once."""

import json
import re

import pandas as pd
import pytest

import gpec
from gpec.fields import FIELDS, NO_DEFAULT


def valid() -> dict:
    return {
        "name": "Test",
        "base_year": 2025,
        "horizon_year": 2035,
        "retirement": {"rule": "legal_schedule", "schedule": "loi_2023", "delay_years": 0},
        "other_exit_rate": {"default": 0.05, "by_family": {"gestion": 0.1}},
        "replacement_rate": {"default": 1.0, "by_family": {"gestion": 0.5}},
        "growth_rate": {"default": 0.0, "by_family": {"gestion": 0.01}},
        "internal_mobility": [{"from": "gestion", "to": "commercial", "share": 0.2}],
        "hires": {"mean_age": 30, "age_sd": 7, "share_women": 0.76},
        "monte_carlo": {"draws": 0, "seed": 42},
    }


def problems_of(d) -> list[str]:
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.Scenario.from_dict(d)
    return err.value.problems


def patched(**changes):
    """valid() with dotted-path changes; value DELETE removes the key."""
    d = valid()
    for path, value in changes.items():
        keys = path.split("__")
        obj = d
        for k in keys[:-1]:
            obj = obj[int(k)] if isinstance(obj, list) else obj[k]
        if value is DELETE:
            del obj[keys[-1]]
        else:
            obj[keys[-1]] = value
    return d


DELETE = object()

SCENARIO_CASES = [
    (
        patched(replacement_rate__by_family__gestion=4.0),
        ["replacement_rate.by_family.gestion = 4.0 : doit être compris entre 0 et 3"],
    ),
    (patched(other_exit_rate__default=-0.1), ["other_exit_rate.default = -0.1 : doit être compris entre 0 et 1"]),
    (patched(growth_rate__default=0.6), ["growth_rate.default = 0.6 : doit être compris entre -0.5 et 0.5"]),
    (patched(horizon_year=2025), ["horizon_year = 2025 : doit être postérieure à base_year (2025)"]),
    (patched(horizon_year=2020), ["horizon_year = 2020 : doit être postérieure à base_year (2025)"]),
    (patched(horizon_year=2100), ["horizon_year = 2100 : doit être au plus 60 ans après base_year (2025)"]),
    (
        patched(
            internal_mobility=[
                {"from": "gestion", "to": "commercial", "share": 0.6},
                {"from": "si", "to": "commercial", "share": 0.5},
            ]
        ),
        [
            'internal_mobility (to = "commercial") : somme des share = 1.1 : '
            "la somme des parts vers une même famille doit être au plus 1"
        ],
    ),
    (
        patched(internal_mobility__0__to="gestion"),
        ['internal_mobility[1].to = "gestion" : doit être différent de from (même famille)'],
    ),
    (patched(internal_mobility__0__share=1.5), ["internal_mobility[1].share = 1.5 : doit être compris entre 0 et 1"]),
    (patched(internal_mobility__0__share=DELETE), ["internal_mobility[1].share : champ obligatoire manquant"]),
    (
        patched(internal_mobility={"from": "gestion"}),
        ['internal_mobility = {"from": "gestion"} : doit être une liste JSON […]'],
    ),
    (patched(retirment={"rule": "fixed_age"}), ["retirment : champ inconnu"]),
    (patched(hires__mean=30), ["hires.mean : champ inconnu"]),
    (patched(base_year="2025"), ['base_year = "2025" : doit être un nombre entier']),
    (patched(base_year=2025.5), ["base_year = 2025.5 : doit être un nombre entier de 1990 à 2100"]),
    (patched(hires__share_women=True), ["hires.share_women = true : doit être un nombre"]),
    (patched(monte_carlo__draws=1.5), ["monte_carlo.draws = 1.5 : doit être un nombre entier de 0 à 10000"]),
    (patched(monte_carlo__draws=-1), ["monte_carlo.draws = -1 : doit être un nombre entier de 0 à 10000"]),
    (patched(retirement="legal"), ['retirement = "legal" : doit être un objet JSON {…}']),
    (
        patched(retirement__rule="early"),
        ['retirement.rule = "early" : doit valoir "fixed_age" ou "age_curve" ou "legal_schedule"'],
    ),
    (
        patched(retirement__schedule="loi_2030"),
        ['retirement.schedule = "loi_2030" : doit valoir "loi_2010" ou "loi_2023" ou "loi_2023_suspension_2026"'],
    ),
    (patched(retirement__delay_years=6), ["retirement.delay_years = 6 : doit être compris entre -5 et 5"]),
    (patched(retirement={"rule": "fixed_age"}), ["retirement.age : champ obligatoire manquant"]),
    (
        patched(retirement={"rule": "fixed_age", "age": 62, "schedule": "loi_2023"}),
        ["retirement.schedule : champ inconnu"],
    ),
    (
        patched(retirement={"rule": "fixed_age", "age": 49}),
        ["retirement.age = 49 : doit être un nombre entier de 50 à 80"],
    ),
    (
        patched(retirement={"rule": "age_curve", "probabilities": {"sixty": 0.2, "14": 0.5, "62": 1.2}}),
        [
            'retirement.probabilities.sixty : l\'âge "sixty" doit être un nombre entier de 15 à 80',
            'retirement.probabilities.14 : l\'âge "14" doit être un nombre entier de 15 à 80',
            "retirement.probabilities.62 = 1.2 : doit être compris entre 0 et 1",
        ],
    ),
    (
        patched(retirement={"rule": "age_curve", "probabilities": {"80": 0.5}}),
        ["retirement.probabilities.80 = 0.5 : à 80 ans, dernier âge suivi, la probabilité doit valoir 1"],
    ),
    (
        patched(retirement={"rule": "age_curve", "probabilities": {}}),
        ["retirement.probabilities = {} : doit donner au moins un âge"],
    ),
    (patched(name=DELETE, hires=DELETE), ["name : champ obligatoire manquant", "hires : champ obligatoire manquant"]),
    (patched(name="  "), ['name = "  " : doit être un texte non vide']),
    (patched(schema_version=3), ["schema_version = 3 : doit être un nombre entier de 1 à 2"]),
    (patched(replacement_rate=0.5), ["replacement_rate = 0.5 : doit être un objet JSON {…}"]),
    (patched(replacement_rate__by_family__si="0.5"), ['replacement_rate.by_family.si = "0.5" : doit être un nombre']),
    (["a list"], ['scénario = ["a list"] : doit être un objet JSON {…}']),
    # a value quoted in a message is cut to about 80 characters (limits.quote)
    (patched(base_year="x" * 10_000), ['base_year = "' + "x" * 77 + '…" : doit être un nombre entier']),
    (patched(**{"k" * 5_000: 1}), ["k" * 79 + "… : champ inconnu"]),
    (
        patched(hires__share_women=[[[["z" * 500]]]]),
        ['hires.share_women = [[[["' + "z" * 74 + "… : doit être un nombre"],
    ),
]


@pytest.mark.parametrize("data, expected", SCENARIO_CASES)
def test_scenario_refusals(data, expected):
    problems = problems_of(data)
    assert len(problems) == len(expected), problems
    for got, want in zip(problems, expected):
        assert got.startswith(want), (got, want)


def test_problems_beyond_200_are_counted_not_listed():
    problems = problems_of({**valid(), **{f"champ_{i}": 1 for i in range(500)}})
    assert len(problems) == 201 and all(p.startswith("champ_") for p in problems[:200])
    assert problems[-1] == "… et 300 autre(s) problème(s), non listé(s) (les 200 premiers le sont)"
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.Scenario.from_dict({**valid(), **{f"champ_{i}": 1 for i in range(500)}})
    assert err.value.count == 500 and len(err.value.found) == 500


def test_every_problem_is_reported_at_once():
    d = patched(
        base_year="x",
        horizon_year="y",
        other_exit_rate__default=2,
        hires__age_sd=0,
        monte_carlo__seed=-1,
        colour="blue",
    )
    problems = problems_of(d)
    for field in ("base_year", "horizon_year", "other_exit_rate.default", "hires.age_sd", "monte_carlo.seed", "colour"):
        assert any(p.startswith(field) for p in problems), field
    assert len(problems) == 6


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"name": "x",, }', "scénario : JSON mal formé, ligne 1, colonne 14"),
        (
            '{"name": "x", "base_year": NaN}',
            "scénario : JSON refusé, ligne 1, colonne 28 : « NaN » n'est pas un nombre JSON (NaN et Infinity sont refusés)",
        ),
        ('{"name": "x",\n "base_year": -Infinity}', "scénario : JSON refusé, ligne 2, colonne 15 : « -Infinity »"),
        (b"\xff\xfe{", "scénario : le fichier n'est pas un texte UTF-8"),
        # bounded inputs (limits.load_json): one sentence where Python raised RecursionError or ValueError
        ("[" * 20_000 + "]" * 20_000, "scénario : JSON refusé, ligne 1, colonne 65 : plus de 64 niveaux de [ ou de {"),
        ('{"a": ' * 100 + "1" + "}" * 100, "scénario : JSON refusé, ligne 1, colonne 385 : plus de 64 niveaux"),
        (
            '{"base_year": ' + "9" * 5_000 + "}",
            "scénario : JSON refusé, ligne 1, colonne 15 : nombre de 5\u202f000 caractères « 9999999999999999999… » "
            "(au plus 100)",
        ),
        ('{"seed": 0.' + "1" * 200 + "}", "scénario : JSON refusé, ligne 1, colonne 10 : nombre de 202 caractères"),
        (
            '{"name": "' + "x" * 1_000_000 + '"}',
            "scénario : JSON refusé, texte JSON trop volumineux (1\u202f000\u202f012 "
            "octets, au plus 1\u202f000\u202f000 octets)",
        ),
    ],
)
def test_malformed_json(text, expected):
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.Scenario.from_json(text)
    assert len(err.value.problems) == 1 and len(err.value.problems[0]) < 300, err.value.problems
    assert err.value.problems[0].startswith(expected), err.value.problems


def test_json_round_trip_and_missing_schema_version():
    d = valid()
    scn = gpec.Scenario.from_dict(d)
    assert scn.schema_version == 1
    back = gpec.Scenario.from_json(scn.to_json())
    assert back == scn
    assert json.loads(scn.to_json())["schema_version"] == 1
    assert json.loads(scn.to_json())["internal_mobility"] == d["internal_mobility"]


def test_defaults_of_optional_fields():
    scn = gpec.Scenario.from_dict(
        {
            "name": "x",
            "base_year": 2025,
            "horizon_year": 2030,
            "retirement": {"rule": "fixed_age", "age": 62},
            "hires": {"mean_age": 30, "age_sd": 7, "share_women": 0.5},
        }
    )
    out = scn.to_dict()
    for f in FIELDS:
        if f.default is NO_DEFAULT or f.kind == "objet" or "<" in f.path or "[" in f.path:
            continue
        obj = out
        for key in f.path.split("."):
            obj = obj.get(key, "absent")
        if f.when:
            continue
        assert obj == f.default, f.path


# ---- the field table and the validator agree ----------------------------------------

_SAMPLE = {
    "retirement.age": lambda d, v: d.__setitem__("retirement", {"rule": "fixed_age", "age": v}),
    "retirement.probabilities.<âge>": lambda d, v: d.__setitem__(
        "retirement", {"rule": "age_curve", "probabilities": {"60": v}}
    ),
    "internal_mobility[n].share": lambda d, v: d["internal_mobility"][0].__setitem__("share", v),
    "other_exit_rate.by_age[n].from": lambda d, v: d["other_exit_rate"].__setitem__(
        "by_age", [{"from": v, "to": 80, "rate": 0.1}]
    ),
    "other_exit_rate.by_age[n].to": lambda d, v: d["other_exit_rate"].__setitem__(
        "by_age", [{"from": 15, "to": v, "rate": 0.1}]
    ),
    "other_exit_rate.by_age[n].rate": lambda d, v: d["other_exit_rate"].__setitem__(
        "by_age", [{"from": 18, "to": 29, "rate": v}]
    ),
    "calibration.people_at_risk": lambda d, v: d.__setitem__("calibration", calibration(people_at_risk=v)),
    "calibration.exits": lambda d, v: d.__setitem__("calibration", calibration(exits=v)),
}
_CONCRETE = {
    "retirement.probabilities.<âge>": "retirement.probabilities.60",
    "internal_mobility[n].share": "internal_mobility[1].share",
    "other_exit_rate.by_age[n].from": "other_exit_rate.by_age[1].from",
    "other_exit_rate.by_age[n].to": "other_exit_rate.by_age[1].to",
    "other_exit_rate.by_age[n].rate": "other_exit_rate.by_age[1].rate",
}


def calibration(**changes) -> dict:
    return {
        "scope": "mutuelle_durand",
        "years": [2023, 2024],
        "people_at_risk": 41230,
        "exits": 3877,
        "method": "taux observés, crédibilité k = 20",
    } | changes


def _set(d, path, value):
    if path == "base_year":
        d["horizon_year"] = int(value) + 10
    if path in _SAMPLE:
        return _SAMPLE[path](d, value)
    keys = path.replace("<famille>", "gestion").split(".")
    obj = d
    for k in keys[:-1]:
        obj = obj[k]
    obj[keys[-1]] = value


BOUNDED = [f for f in FIELDS if f.low is not None and f.high is not None]


def test_every_numeric_field_has_bounds_in_the_table():
    numeric = {f.path for f in FIELDS if f.kind in ("nombre", "entier")}
    assert numeric - {f.path for f in BOUNDED} == {"horizon_year"}  # bounded relative to base_year


@pytest.mark.parametrize("f", BOUNDED, ids=lambda f: f.path)
def test_bounds_in_the_table_are_the_validator_bounds(f):
    step = 1 if f.kind == "entier" else 0.001
    concrete = _CONCRETE.get(f.path, f.path.replace("<famille>", "gestion"))
    for value in (f.low, f.high):
        d = valid()
        _set(d, f.path, value)
        gpec.Scenario.from_dict(d)  # accepted at the bound
    for value in (f.low - step, f.high + step):
        d = valid()
        _set(d, f.path, value)
        problems = problems_of(d)
        assert problems == [f"{concrete} = {json.dumps(value)} : {f.rule}"]


@pytest.mark.parametrize("f", [f for f in FIELDS if f.choices], ids=lambda f: f.path)
def test_choices_in_the_table_are_the_validator_choices(f):
    for choice in f.choices:
        d = valid()
        if f.path == "retirement.rule":
            d["retirement"] = {"rule": choice, "age": 62, "probabilities": {"62": 1}, "schedule": "loi_2023"}
            d["retirement"] = {
                k: v
                for k, v in d["retirement"].items()
                if k == "rule"
                or {"fixed_age": "age", "age_curve": "probabilities", "legal_schedule": "schedule"}[choice] == k
            }
        else:
            _set(d, f.path, choice)
        gpec.Scenario.from_dict(d)
    d = valid()
    _set(d, f.path, "autre")
    assert problems_of(d) == [f'{f.path} = "autre" : {f.rule}']


@pytest.mark.parametrize(
    "section, sample",
    [
        ("", valid()),
        ("retirement", valid()["retirement"]),
        ("hires", valid()["hires"]),
        ("monte_carlo", valid()["monte_carlo"]),
        ("replacement_rate", valid()["replacement_rate"]),
        ("internal_mobility[n]", valid()["internal_mobility"][0]),
    ],
)
def test_allowed_keys_are_the_fields_of_the_table(section, sample):
    """The 'champs permis' list of an unknown-key refusal is the table's field list."""
    d = valid()
    if section == "":
        d["zzz"] = 1
    elif section == "internal_mobility[n]":
        d["internal_mobility"][0]["zzz"] = 1
    else:
        d[section]["zzz"] = 1
    problem = problems_of(d)[0]
    allowed = set(re.search(r"champs permis : (.*)\)$", problem).group(1).split(", "))
    prefix = section + "." if section else ""
    table = {f.path[len(prefix) :].split(".")[0] for f in FIELDS if f.path.startswith(prefix) and f.path != section}
    table = {t.split("[")[0] for t in table}
    if section == "retirement":  # keys depend on the rule: legal_schedule here
        table = {"rule", "schedule", "delay_years"}
    assert allowed == table


@pytest.mark.parametrize(
    "f", [f for f in FIELDS if f.required and not f.when and "[" not in f.path], ids=lambda f: f.path
)
def test_required_fields_in_the_table_are_required(f):
    d = valid()
    if f.path.startswith("calibration."):
        d["calibration"] = calibration()
    keys = f.path.split(".")
    obj = d
    for k in keys[:-1]:
        obj = obj[k]
    del obj[keys[-1]]
    assert f"{f.path} : champ obligatoire manquant" in problems_of(d)


def test_families_named_in_the_scenario_must_exist():
    scn = gpec.Scenario.from_dict(valid())
    problems = scn.check_families(["gestion", "si"])
    assert problems == [
        'internal_mobility[1].to : famille "commercial" absente de la population (familles présentes : gestion, si)'
    ]
    assert scn.check_families(["gestion", "commercial"]) == []


# ---- populations -------------------------------------------------------------------

HEADER = "family,sex,age,headcount\n"


def pop_problems(csv_text: str, tmp_path, name="population.csv") -> list[str]:
    path = tmp_path / name
    path.write_text(csv_text, encoding="utf-8")
    with pytest.raises(gpec.PopulationError) as err:
        gpec.read_population(path)
    return err.value.problems


POPULATION_CASES = [
    (
        HEADER + "gestion,F,40,3\ngestion,F,14.5,2\n",
        ['population.csv : ligne 3 : age = "14.5" : doit être un nombre entier de 15 à 80'],
    ),
    (HEADER + "gestion,F,81,3\n", ['population.csv : ligne 2 : age = "81" : doit être un nombre entier de 15 à 80']),
    (
        HEADER + "gestion,F,quarante,3\n",
        ['population.csv : ligne 2 : age = "quarante" : doit être un nombre entier de 15 à 80'],
    ),
    (HEADER + "gestion,M,40,3\n", ['population.csv : ligne 2 : sex = "M" : doit valoir "F" ou "H"']),
    (
        HEADER + "gestion,F,40,-1\n",
        ['population.csv : ligne 2 : headcount = "-1" : doit être un nombre positif ou nul'],
    ),
    (
        HEADER + "gestion,F,40,\n",
        ["population.csv : ligne 2 : headcount = (vide) : doit être un nombre positif ou nul"],
    ),
    (HEADER + ",F,40,3\n", ["population.csv : ligne 2 : family = (vide) : doit être un code de famille non vide"]),
    (HEADER + "TOTAL,F,40,3\n", ['population.csv : ligne 2 : family = "TOTAL" : code réservé']),
    (HEADER + "gestion,F,40,3\ngestion,F,40,4\n", ["population.csv : ligne 3 : (gestion, F, 40) figure déjà ligne 2"]),
    ("family,sex,headcount\ngestion,F,3\n", ["population.csv : colonne « age » manquante"]),
    (HEADER.strip() + ",site\ngestion,F,40,3,Lyon\n", ["population.csv : colonne « site » inattendue"]),
    (HEADER, ["population.csv : aucune ligne de données"]),
    (HEADER + "gestion,F,40,0\n", ["population.csv : l'effectif total est nul"]),
    (
        HEADER + "gestion,X,14,-2\n",
        [
            'population.csv : ligne 2 : sex = "X"',
            'population.csv : ligne 2 : age = "14"',
            'population.csv : ligne 2 : headcount = "-2"',
        ],
    ),
]


@pytest.mark.parametrize("text, expected", POPULATION_CASES)
def test_population_refusals(text, expected, tmp_path):
    problems = pop_problems(text, tmp_path)
    assert len(problems) == len(expected), problems
    for got, want in zip(problems, expected):
        assert got.startswith(want), (got, want)


def test_population_file_problems(tmp_path):
    with pytest.raises(gpec.PopulationError) as err:
        gpec.read_population(tmp_path / "absent.csv")
    assert err.value.problems == ["absent.csv : fichier introuvable"]
    (tmp_path / "pop.xlsx").write_bytes(b"x")
    with pytest.raises(gpec.PopulationError) as err:
        gpec.read_population(tmp_path / "pop.xlsx")
    assert "csv ou .parquet" in err.value.problems[0]
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    with pytest.raises(gpec.PopulationError) as err:
        gpec.read_population(tmp_path / "bad.parquet")
    assert err.value.problems[0].startswith("bad.parquet : fichier Parquet illisible")


def test_population_dialects_and_parquet(tmp_path):
    (tmp_path / "fr.csv").write_text(
        "family;sex;age;headcount\ngestion;F;40;12,5\nsi;H;30;1 200\n", encoding="utf-8-sig"
    )
    fr = gpec.read_population(tmp_path / "fr.csv")
    assert fr.headcount.tolist() == [12.5, 1200.0] and fr.age.tolist() == [40, 30]
    df = pd.DataFrame({"family": ["gestion"], "sex": ["F"], "age": [40], "headcount": [12.5]})
    df.to_parquet(tmp_path / "p.parquet")
    assert gpec.read_population(tmp_path / "p.parquet").equals(fr.iloc[:1])
    bad = df.assign(age=[12])
    bad.to_parquet(tmp_path / "bad.parquet")
    with pytest.raises(gpec.PopulationError) as err:
        gpec.read_population(tmp_path / "bad.parquet")
    assert err.value.problems == ["bad.parquet : ligne 1 : age = 12 : doit être un nombre entier de 15 à 80"]


def test_dataframe_population_and_projection_refusal():
    df = pd.DataFrame({"family": ["gestion", "gestion"], "sex": ["F", "f"], "age": [40.0, 41.5], "headcount": [3, 2]})
    with pytest.raises(gpec.PopulationError) as err:
        gpec.project(df, valid())
    assert err.value.problems == [
        'population : ligne 2 : sex = "f" : doit valoir "F" ou "H"',
        "population : ligne 2 : age = 41.5 : doit être un nombre entier de 15 à 80",
    ]
