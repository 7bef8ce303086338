"""Movements in registers, observed rates and the back-test, on registers simulated from
known rates (tests/registers.py): counts exact, rates and the back-test within sampling
error, every bad input refused with its line, column, value and rule."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from registers import TRUE_OTHER_EXITS, TRUE_RETIREMENT, movement_registers, register_bytes

import gpec
from core import privacy
from etl import catalog
from etl.imports import movements as mv
from etl.imports import prepare, save
from gpec import cli
from gpec.backtest import COLUMNS as BACKTEST_COLUMNS
from gpec.backtest import backtest, error_sentence
from gpec.calibrate import CREDIBILITY_K, calibrate

SCOPE = "mutuelle_durand"


@pytest.fixture(scope="module")
def simulated():
    return movement_registers(n=20000, seed=5)


@pytest.fixture
def two_years(import_root, simulated):
    registers, truth = simulated
    for year, frame in registers.items():
        p = prepare(register_bytes(frame), f"registre_{year}.csv", kind="register", scope=SCOPE, ref_year=year)
        assert p.ok, p.problems
        save(p)
    return catalog.movements(SCOPE), truth


def test_two_registers_import_into_one_scope_with_exact_counts(two_years):
    moves, truth = two_years
    assert catalog.import_manifest(SCOPE)["ref_years"] == [2023, 2024]
    assert set(catalog.load("headcount").query("scope == @SCOPE")["ref_year"]) == {2023, 2024}
    for year, t in truth.items():
        m = moves[moves["ref_year"] == year].set_index(["family", "sex", "age"])
        t = t.set_index(["family", "sex", "age"])
        others = m[[c for c in mv.EXIT_COLUMNS if c != "exits_retirement"]].sum(axis=1)
        joined = t.join(m.assign(others=others).add_prefix("got_"), how="outer").fillna(0)
        for true_col, got in (
            ("start", "start"),
            ("retirement", "exits_retirement"),
            ("other", "others"),
            ("hires", "hires"),
            ("hires_left", "hires_left"),
        ):
            assert (joined[true_col] == joined["got_" + got]).all(), (year, true_col)
    # the 31/12 presence of 2023 is the 1 January presence of 2024
    assert mv.present_total(moves, 2023) == int(moves.loc[moves["ref_year"] == 2024, "start"].sum())


def test_reimporting_a_year_replaces_only_that_year(two_years, simulated):
    registers, _ = simulated
    p = prepare(register_bytes(registers[2024]), "registre_2024.csv", kind="register", scope=SCOPE, ref_year=2024)
    assert p.ok and "garde aussi l'année 2023" in p.summary()
    save(p)
    assert catalog.import_manifest(SCOPE)["ref_years"] == [2023, 2024]
    pd.testing.assert_frame_equal(catalog.movements(SCOPE), two_years[0])


def test_summary_says_what_the_movement_columns_give(simulated, import_root):
    registers, truth = simulated
    p = prepare(register_bytes(registers[2024]), "r.csv", kind="register", scope="autre_essai", ref_year=2024)
    t = truth[2024]
    exits = int(t["retirement"].sum() + t["other"].sum() + t["hires_left"].sum())
    retired = int(t["retirement"].sum())
    text = p.summary().replace("\u202f", " ")
    assert f"{exits:,} sortie(s) en 2024 dont {retired:,} départ(s) à la retraite".replace(",", " ") in text
    assert "25 ligne(s) sorties avant le 1er janvier 2024" in text
    assert "sans motif, comptée(s) « autre »" in text


def binomial_se(p: float, n: float) -> float:
    return math.sqrt(max(p * (1 - p), 1e-4) / n)


def test_calibration_recovers_the_known_rates(two_years):
    moves, _ = two_years
    cal = calibrate(moves, SCOPE)
    r = cal.rates
    ret = r[r["measure"] == "retirement"].set_index("age_from")
    for age in range(56, 70):
        row = ret.loc[age]
        n = row["people_at_risk"]
        assert row["observed"] == pytest.approx(row["events"] / n)  # the counts behind the rate
        assert row["value"] == pytest.approx((row["events"] + CREDIBILITY_K * row["reference"]) / (n + CREDIBILITY_K))
        truth = TRUE_RETIREMENT[age]
        shrink = CREDIBILITY_K / (n + CREDIBILITY_K) * abs(row["reference"] - truth)
        assert abs(row["value"] - truth) <= 4 * binomial_se(truth, n) + shrink + 1e-9, (age, row.to_dict())
    band = r[(r["measure"] == "other_exit") & (r["family"] == "TOTAL")].set_index("age_from")
    for lo, _hi, truth in TRUE_OTHER_EXITS:
        row = band.loc[lo]
        assert abs(row["value"] - truth) <= 4 * binomial_se(truth, row["people_at_risk"]) + 0.002, (lo, row.to_dict())
    scn = cal.scenario()
    assert scn.schema_version == 2 and scn.base_year == 2025 and scn.horizon_year == 2035
    assert scn.calibration.years == (2023, 2024) and scn.calibration.people_at_risk == int(moves["start"].sum())
    assert scn.retirement.rule == "age_curve" and set(scn.retirement.probabilities) == set(range(55, 71))


def test_backtest_of_year_two_calibrated_on_year_one(two_years):
    moves, truth = two_years
    scn = calibrate(moves, SCOPE, [2023]).scenario()
    result = backtest(moves, scn, 2024, 2025, draws=100, seed=1)
    assert not result.in_sample and not result.table["in_sample"].any()
    t = result.table.set_index(["year", "family", "measure"])
    true = truth[2024]
    assert t.loc[(2024, "TOTAL", "retirements"), "observed"] == true["retirement"].sum()
    assert t.loc[(2024, "TOTAL", "other_exits"), "observed"] == true["other"].sum()
    assert t.loc[(2024, "TOTAL", "hires"), "observed"] == true["hires"].sum() - true["hires_left"].sum()
    for measure in ("retirements", "other_exits"):
        obs, proj = t.loc[(2024, "TOTAL", measure), ["observed", "projected"]]
        assert abs(proj - obs) <= 4 * math.sqrt(obs) + 0.06 * obs, (measure, obs, proj)
    assert result.share_within_band > 0
    # the same years to calibrate and to test: in-sample, said on every row
    inside = backtest(moves, calibrate(moves, SCOPE, [2024]).scenario(), 2024, 2025)
    assert inside.in_sample and inside.table["in_sample"].all() and "dans l'échantillon" in inside.sample_sentence


@pytest.mark.parametrize(
    "measure, observed, projected, expected",
    [
        ("retirements", 100, 112, "la projection a surestimé les départs à la retraite de 12 % en 2024"),
        ("other_exits", 50, 40, "la projection a sous-estimé les autres départs de 20 % en 2024"),
        ("headcount", 1000, 1000.2, "la projection a vu juste pour l'effectif au 1er janvier 2024"),
    ],
)
def test_error_sentence(measure, observed, projected, expected):
    assert error_sentence(measure, 2024, observed, projected).startswith(expected)


def test_commands(two_years, tmp_path, capsys):
    out = tmp_path / "cal.json"
    assert cli.main(["calibrate", "--scope", SCOPE, "--years", "2023", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "personnes exposées" in printed and "poids" in printed
    data = json.loads(out.read_text("utf-8"))
    assert data["schema_version"] == 2 and data["calibration"]["years"] == [2023]
    assert (
        cli.main(
            [
                "backtest",
                "--scope",
                SCOPE,
                "--from",
                "2024",
                "--to",
                "2025",
                "--scenario",
                str(out),
                "--out",
                str(tmp_path / "bt"),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "Hors échantillon" in printed and "Erreur absolue totale" in printed
    table = pd.read_csv(tmp_path / "bt" / "backtest.csv")
    assert list(table.columns) == list(BACKTEST_COLUMNS)
    assert "TOTAL" in set(table["family"])
    for argv, words in (
        (
            [
                "backtest",
                "--scope",
                SCOPE,
                "--from",
                "2021",
                "--to",
                "2025",
                "--scenario",
                str(out),
                "--out",
                str(tmp_path / "x"),
            ],
            "année 2021, 2022 absente",
        ),
        (["calibrate", "--scope", SCOPE, "--years", "2020", "--out", str(tmp_path / "y.json")], "année 2020 absente"),
        (["calibrate", "--scope", "inconnu", "--out", str(tmp_path / "z.json")], "aucun périmètre importé"),
    ):
        assert cli.main(argv) == 2
        assert words in capsys.readouterr().err
    assert not (tmp_path / "x").exists() and not (tmp_path / "y.json").exists()


def test_thin_calibration_shows_its_weight(import_root):
    registers, _ = movement_registers(n=150, years=(2023,), seed=2)
    p = prepare(register_bytes(registers[2023]), "petit.csv", kind="register", scope="petite", ref_year=2023)
    save(p)
    cal = calibrate(catalog.movements("petite"), "petite")
    assert len(cal.thin) > 0 and (cal.thin["weight"] < 0.5).all()
    assert "peu de personnes" in cli.format_rates(cal.rates)


# ---- reasons and year semantics, table-driven -------------------------------------------------

HEAD = "Matricule;Sexe;Famille;Année de naissance;Date d'entrée;Date de sortie;Motif de sortie\n"


def one_row(entry: str, exit_: str, reason: str, year: int = 2024) -> bytes:
    rows = [f"M0;F;gestion;1970;{entry};{exit_};{reason}"] + [f"M{i};H;gestion;1980;2010-01-01;;" for i in range(1, 6)]
    return (HEAD + "\n".join(rows) + "\n").encode("utf-8")


@pytest.mark.parametrize(
    "text, code",
    [
        ("Retraite", "retirement"),
        ("départ à la retraite", "retirement"),
        ("MISE A LA RETRAITE", "retirement"),
        ("carrière longue", "retirement"),
        ("Démission", "resignation"),
        ("fin de CDD", "end_of_contract"),
        ("Fin d'apprentissage", "end_of_contract"),
        ("rupture conventionnelle", "mutual_termination"),
        ("Licenciement économique", "dismissal"),
        ("décès", "death"),
        ("Mobilité groupe", "transfer"),
        ("rupture de période d'essai", "trial_period"),
        ("autre", "other"),
        ("", "other"),  # an exit date without a reason: other, counted
    ],
)
def test_reasons(text, code, import_root):
    p = prepare(one_row("2000-01-01", "2024-06-30", text), "r.csv", kind="register", scope="essai", ref_year=2024)
    assert p.ok, p.problems
    m = p.tables["movements"]
    assert m[f"exits_{code}"].sum() == 1 and m[list(mv.EXIT_COLUMNS)].sum().sum() == 1
    assert ("sans motif" in p.summary()) == (text == "")


@pytest.mark.parametrize(
    "entry, exit_, start, hires, hires_left, exits, present",
    [
        ("2000-01-01", "", 1, 0, 0, 0, 1),  # no exit date: present
        ("2000-01-01", "2025-03-01", 1, 0, 0, 0, 1),  # leaves after 31/12/N: present
        ("2000-01-01", "2024-12-31", 1, 0, 0, 1, 0),  # leaver of N
        ("2000-01-01", "2024-01-01", 1, 0, 0, 1, 0),
        ("2024-02-01", "", 0, 1, 0, 0, 1),  # hire of N
        ("2024-02-01", "2024-05-01", 0, 1, 1, 0, 0),  # hire who left in N
        ("", "2024-05-01", 1, 0, 0, 1, 0),  # no entry date: present on 1 January
        ("2000-01-01", "2023-12-31", 0, 0, 0, 0, 0),  # left before N: skipped
    ],
)
def test_year_semantics(entry, exit_, start, hires, hires_left, exits, present, import_root):
    p = prepare(one_row(entry, exit_, "démission"), "r.csv", kind="register", scope="essai", ref_year=2024)
    assert p.ok, p.problems
    m = p.tables["movements"].query("sex == 'F'")
    assert (int(m["start"].sum()), int(m["hires"].sum()), int(m["hires_left"].sum())) == (start, hires, hires_left)
    assert int(m[list(mv.EXIT_COLUMNS)].sum().sum()) == exits
    pyr = p.tables["age_pyramid"].query("sex == 'F'")
    assert int(pyr["headcount"].sum()) == present
    assert ("écartées" in p.summary()) == (exit_ == "2023-12-31")


@pytest.mark.parametrize(
    "entry, exit_, reason, column, words",
    [
        ("2000-01-01", "2024-06-30", "Départ volontaire", "Motif de sortie", "motif de sortie non reconnu"),
        ("2020-01-01", "2019-06-30", "démission", "Date de sortie", "date de sortie antérieure à la date d'entrée"),
        ("2025-02-01", "", "", "Date d'entrée", "postérieure au 31/12/2024"),
        ("2000-01-01", "31/02/2024", "démission", "Date de sortie", "n'existe pas"),
    ],
)
def test_bad_movements_are_refused_with_line_column_value(entry, exit_, reason, column, words, import_root):
    p = prepare(one_row(entry, exit_, reason), "r.csv", kind="register", scope="essai", ref_year=2024)
    assert not p.ok
    [problem] = p.problems
    assert (problem.file, problem.line, problem.column) == ("r.csv", 2, column)
    assert words in problem.message
    if column == "Motif de sortie":
        assert "« Départ volontaire »" in problem.message and "rupture conventionnelle" in problem.message
    assert catalog.imported_scopes() == []


def test_a_mapping_adds_reason_synonyms(import_root):
    mapping = {"valeurs": {"motif de sortie": {"Départ volontaire": "démission"}}}
    data = one_row("2000-01-01", "2024-06-30", "Départ volontaire")
    p = prepare(data, "r.csv", kind="register", scope="essai", ref_year=2024, mapping=mapping)
    assert p.ok, p.problems
    assert p.tables["movements"]["exits_resignation"].sum() == 1


def test_a_year_that_breaks_the_identity_is_refused_and_changes_nothing(two_years, simulated):
    registers, _ = simulated
    broken = registers[2024].iloc[100:]  # a hundred people present on 1 January 2024 missing
    before = catalog.movements(SCOPE)
    p = prepare(register_bytes(broken), "registre_2024.csv", kind="register", scope=SCOPE, ref_year=2024)
    assert not p.ok
    assert any("ne se suivent pas" in x.message and "31/12/2023" in x.message for x in p.problems)
    pd.testing.assert_frame_equal(catalog.movements(SCOPE), before)


# ---- version 2 scenarios --------------------------------------------------------------------


def bands_strategy():
    """Non-overlapping bands [{from, to, rate}] within 15..80."""
    cuts = st.lists(st.integers(15, 80), min_size=2, max_size=8, unique=True).map(sorted)

    def make(c, rates):
        return [
            {"from": a, "to": b - 1 if i < len(c) - 2 else b, "rate": r}
            for i, ((a, b), r) in enumerate(zip(zip(c, c[1:]), rates))
            if (b - 1 if i < len(c) - 2 else b) >= a
        ]

    return st.builds(make, cuts, st.lists(st.floats(0, 1, allow_nan=False), min_size=8, max_size=8))


BASE = {
    "schema_version": 2,
    "name": "v2",
    "base_year": 2025,
    "horizon_year": 2030,
    "retirement": {"rule": "legal_schedule", "schedule": "loi_2023", "delay_years": 0},
    "hires": {"mean_age": 30, "age_sd": 7, "share_women": 0.7},
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bands_strategy(), bands_strategy(), st.floats(0, 1, allow_nan=False), st.booleans())
def test_v2_scenarios_round_trip_and_most_specific_rate_wins(common, own, default, family_rate):
    d = dict(BASE, other_exit_rate={"default": default, "by_age": common, "by_family_age": {"gestion": own}})
    if family_rate:
        d["other_exit_rate"]["by_family"] = {"gestion": 0.5, "si": 0.25}
    scn = gpec.Scenario.from_dict(d)
    assert gpec.Scenario.from_json(scn.to_json()) == scn
    rates = scn.other_exit_rate
    for age in range(15, 81):
        mine = next((b["rate"] for b in own if b["from"] <= age <= b["to"]), None)
        shared = next((b["rate"] for b in common if b["from"] <= age <= b["to"]), None)
        fam = 0.5 if family_rate else (shared if shared is not None else default)
        assert rates.for_cell("gestion", age) == (mine if mine is not None else fam)
        si = 0.25 if family_rate else (shared if shared is not None else default)
        assert rates.for_cell("si", age) == si


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bands_strategy(), st.integers(0, 2**16))
def test_v2_projection_keeps_the_yearly_identity(common, seed):
    rng = np.random.default_rng(seed)
    pop = pd.DataFrame(
        [(f, s, a, float(rng.integers(0, 30))) for f in ("gestion", "si") for s in "FH" for a in range(18, 68)],
        columns=["family", "sex", "age", "headcount"],
    )
    d = dict(BASE, other_exit_rate={"default": 0.05, "by_age": common})
    for draws in (0, 20):
        res = gpec.project(pop, d, draws=draws, seed=seed)
        f = res.flows
        lhs = f["headcount_start"] - f["retirements"] - f["other_exits"] - f["moves_out"] + f["moves_in"]
        assert np.allclose(lhs + f["external_hires"], f["headcount_end"])
    # the expected other exits are the band rates applied to those who did not retire
    det = gpec.project(pop, d, draws=0)
    q = gpec.retirement_probabilities(det.scenario.retirement, 2025)
    s = pop.groupby("age")["headcount"].sum().reindex(range(15, 81), fill_value=0).to_numpy()
    e = np.array([det.scenario.other_exit_rate.for_cell("gestion", a) for a in range(15, 81)])
    first = det.flows[det.flows["year"] == 2025]["other_exits"].sum()
    assert first == pytest.approx(float((s * (1 - q) * e).sum()))


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"by_age": [{"from": 18, "to": 40, "rate": 0.1}, {"from": 30, "to": 50, "rate": 0.1}]}, "se chevauchent"),
        ({"by_age": [{"from": 40, "to": 30, "rate": 0.1}]}, "other_exit_rate.by_age[1].to = 30 : doit être au moins"),
        ({"by_age": [{"from": 18, "to": 30, "rate": 1.5}]}, "other_exit_rate.by_age[1].rate = 1.5"),
    ],
)
def test_v2_refusals(change, problem):
    d = dict(BASE, other_exit_rate={"default": 0.05, **change})
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.Scenario.from_dict(d)
    assert any(problem in p for p in err.value.problems), err.value.problems


def test_version_one_stays_valid_and_v2_fields_need_version_two():
    d = dict(BASE, schema_version=1)
    assert gpec.Scenario.from_dict(d).schema_version == 1
    d["other_exit_rate"] = {"default": 0.05, "by_age": [{"from": 18, "to": 29, "rate": 0.1}]}
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.Scenario.from_dict(d)
    assert "demande la version 2" in err.value.problems[0]
    del d["schema_version"]
    assert gpec.Scenario.from_dict(d).schema_version == 2


# ---- the calibration travels: form, share link, CSV, deck -------------------------------------


def calibrated_dict(moves) -> dict:
    return calibrate(moves, SCOPE).scenario(2025, 2030).to_dict()


def test_calibration_travels_through_the_form_the_link_the_csv_and_the_deck(two_years, tmp_path):
    from report.scenario_slides import assumptions
    from studio import link
    from studio.form import form_values, scenario_from_form

    moves, _ = two_years
    scn = calibrated_dict(moves)
    families = sorted(scn["other_exit_rate"]["by_family_age"])
    # the form, left alone, gives the very same scenario back (bands and provenance kept)
    form = form_values(scn, families)
    back, problems = scenario_from_form(form, scn, families)
    assert problems == [] and gpec.Scenario.from_dict(back) == gpec.Scenario.from_dict(scn)
    # a rate typed for a family wins over that family's bands
    form["family_rates"].loc[form["family_rates"]["family"] == families[0], "other_exit"] = 9.0
    edited, _ = scenario_from_form(form, scn, families)
    assert families[0] not in edited["other_exit_rate"]["by_family_age"]
    assert gpec.Scenario.from_dict(edited).other_exit_rate.for_cell(families[0], 30) == 0.09
    assert edited["calibration"] == scn["calibration"]
    # share link
    assert link.decode(link.encode(scn))["calibration"] == scn["calibration"]
    # deck
    text = assumptions(gpec.Scenario.from_dict(scn))
    assert "Calibré sur les mouvements du périmètre « mutuelle_durand » (2023, 2024)" in text
    assert "autres départs par tranche d'âge" in text
    # command-line CSV
    path = tmp_path / "cal.json"
    path.write_text(json.dumps(scn), encoding="utf-8")
    pop = tmp_path / "pop.csv"
    from gpec.calibrate import base_population

    base_population(moves, 2024).to_csv(pop, index=False)
    assert cli.main(["run", str(path), "--population", str(pop), "--out", str(tmp_path / "out")]) == 0
    flows = pd.read_csv(tmp_path / "out" / "flows.csv")
    assert flows["calibration"].str.startswith("Calibré sur les mouvements").all()


def test_movements_export_applies_the_scope_rule(two_years, tmp_path):
    from etl_cli import run

    out = tmp_path / "mouvements.csv"
    status, printed, _ = run(["export", "movements", "--scope", SCOPE, "--out", str(out)])
    assert status == 0 and "ligne(s) écrite(s)" in printed
    df = pd.read_csv(out)
    assert set(df["measure"]) == set(privacy.MOVEMENT_MEASURES) and set(df["year"]) == {2023, 2024}
    shown = df.loc[~df[privacy.SUPPRESSED], "value"]
    assert ((shown == 0) | (shown >= 5)).all()
    status, _, err = run(["export", "movements", "--scope", "inconnu", "--out", str(tmp_path / "x.csv")])
    assert status == 2 and "aucun périmètre importé de ce nom n'a de mouvements" in err
    assert not (tmp_path / "x.csv").exists()


def test_monte_carlo_with_age_bands_converges_to_the_expected_projection():
    pop = pd.DataFrame(
        [(f, s, a, 40.0) for f in ("gestion", "si") for s in "FH" for a in range(18, 68)],
        columns=["family", "sex", "age", "headcount"],
    )
    bands = [{"from": 18, "to": 29, "rate": 0.2}, {"from": 30, "to": 54, "rate": 0.03}]
    d = dict(
        BASE,
        horizon_year=2028,
        other_exit_rate={
            "default": 0.1,
            "by_age": bands,
            "by_family_age": {"si": [{"from": 18, "to": 40, "rate": 0.3}]},
        },
    )
    det = gpec.project(pop, d, draws=0).flows.set_index(["year", "family"])
    mc = gpec.project(pop, d, draws=400, seed=3).flows.set_index(["year", "family"])
    for col in ("retirements", "other_exits", "external_hires", "headcount_end"):
        assert np.allclose(mc[col], det[col], rtol=0.03, atol=2.0), col
    # the family's own bands show: si loses more people under 40 than gestion
    assert det.loc[(2025, "si"), "other_exits"] > det.loc[(2025, "gestion"), "other_exits"]


def test_diffused_backtest_hides_a_small_family_whole_and_never_alone():
    from studio.calibration import page_backtest, protect_backtest

    registers, _ = movement_registers(n=600, years=(2023, 2024), seed=12)
    frames = []
    for year, frame in registers.items():
        tiny = pd.DataFrame(
            {
                "Matricule": [f"T{year}{i}" for i in range(3)],
                "Sexe": "F",
                "Famille": "moteurs_changement",
                "Année de naissance": 1975,
                "Date d'entrée": "2010-01-01",
                "Date de sortie": "",
                "Motif de sortie": "",
            }
        )
        p = prepare(
            register_bytes(pd.concat([frame, tiny], ignore_index=True)),
            "r.csv",
            kind="register",
            scope="essai",
            ref_year=year,
        )
        assert p.ok, p.problems
        frames.append(p.tables["movements"])
    moves = pd.concat(frames, ignore_index=True)
    result, years = page_backtest(moves, "essai", draws=50)
    assert years == (2023,) and not result.in_sample
    shown = protect_backtest(result, moves, {"moteurs_changement"}, 5)
    tiny_rows = shown[shown["family"] == "moteurs_changement"]
    assert tiny_rows[privacy.SUPPRESSED].all() and tiny_rows[["observed", "projected"]].isna().all(axis=None)
    for _, rows in shown.groupby(["year", "measure"]):
        assert rows[privacy.SUPPRESSED].sum() != 1
