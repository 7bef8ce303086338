"""`python -m gpec`: files written, exit codes, nothing written on refusal."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import gpec
from core import exports
from gpec.cli import main

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "scenarios" / "1-reference.json"
MOBILITY = ROOT / "scenarios" / "4-mobilite-gestion-relation-adherents.json"


@pytest.fixture
def population_csv(tmp_path):
    rows = ["family,sex,age,headcount"]
    for fam in ("gestion", "commercial", "si"):
        for sex, n in (("F", 12), ("H", 4)):
            rows += [f"{fam},{sex},{age},{n}" for age in (25, 38, 51, 60, 63)]
    path = tmp_path / "population.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def write_scenario(tmp_path, **changes) -> Path:
    d = json.loads(REFERENCE.read_text(encoding="utf-8"))
    d.update(changes)
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


def test_run_writes_three_tables_and_prints_summary(population_csv, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["run", str(MOBILITY), "--population", str(population_csv), "--out", str(out)])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["flows.csv", "structure.csv", "summary.csv"]
    flows = pd.read_csv(out / "flows.csv")
    assert list(flows.columns) == list(gpec.FLOWS_COLUMNS)
    assert list(pd.read_csv(out / "structure.csv").columns) == list(gpec.STRUCTURE_COLUMNS)
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns) == list(gpec.SUMMARY_COLUMNS)
    expected = gpec.project(gpec.read_population(population_csv), gpec.Scenario.load(MOBILITY))
    assert summary.family.tolist() == ["gestion", "commercial", "si", "TOTAL"]
    assert summary.horizon_headcount.to_numpy() == pytest.approx(expected.summary.horizon_headcount, abs=1e-6)
    printed = capsys.readouterr().out
    assert "Mobilité gestion vers relation adhérents" in printed
    assert "TOTAL" in printed and "share_retiring_by_horizon" in printed and "%" in printed


def test_csv_fr_reads_back(population_csv, tmp_path):
    out = tmp_path / "out"
    assert (
        main(["run", str(REFERENCE), "--population", str(population_csv), "--out", str(out), "--format", "csv-fr"]) == 0
    )
    data = (out / "flows.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data.splitlines()[0]
    back = exports.read_csv_bytes(data, "excel-fr")
    expected = gpec.project(gpec.read_population(population_csv), gpec.Scenario.load(REFERENCE)).flows
    assert list(back.columns) == list(expected.columns)
    assert back.retirements.to_numpy() == pytest.approx(expected.retirements.to_numpy(), abs=1e-6)


def test_parquet_and_monte_carlo_columns(population_csv, tmp_path):
    scn = write_scenario(tmp_path, monte_carlo={"draws": 40, "seed": 3})
    out = tmp_path / "out"
    assert main(["run", str(scn), "--population", str(population_csv), "--out", str(out), "--format", "parquet"]) == 0
    flows = pd.read_parquet(out / "flows.parquet")
    assert list(flows.columns) == list(gpec.flows_columns(True))
    expected = gpec.project(gpec.read_population(population_csv), gpec.Scenario.load(scn))
    pd.testing.assert_frame_equal(flows, expected.flows, check_dtype=False)


@pytest.mark.parametrize(
    "changes, expected",
    [
        (
            {"replacement_rate": {"default": 1, "by_family": {"gestion": 4.0}}},
            ["replacement_rate.by_family.gestion = 4.0 : doit être compris entre 0 et 3"],
        ),
        (
            {"replacement_rate": {"default": 1, "by_family": {"optique": 0.5}}},
            ['replacement_rate.by_family.optique : famille "optique" absente de la population'],
        ),
        (
            {"horizon_year": 2020, "colour": "blue"},
            ["colour : champ inconnu", "horizon_year = 2020 : doit être postérieure à base_year (2025)"],
        ),
    ],
)
def test_refused_scenario_exits_2_and_writes_nothing(changes, expected, population_csv, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        ["run", str(write_scenario(tmp_path, **changes)), "--population", str(population_csv), "--out", str(out)]
    )
    assert code == 2
    assert not out.exists()
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0].startswith("Refusé")
    assert len(lines) == 1 + len(expected)
    for got, want in zip(lines[1:], expected):
        assert got.startswith(want)


def test_scenario_and_population_problems_reported_together(tmp_path, capsys):
    bad_pop = tmp_path / "population.csv"
    bad_pop.write_text("family,sex,age,headcount\ngestion,F,14.5,3\n", encoding="utf-8")
    bad_scn = tmp_path / "s.json"
    bad_scn.write_text('{"name": "x", ', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(bad_scn), "--population", str(bad_pop), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "s.json : JSON mal formé" in err
    assert 'population.csv : ligne 2 : age = "14.5" : doit être un nombre entier de 15 à 80' in err
    assert not out.exists()


def test_missing_scenario_file(tmp_path, population_csv, capsys):
    assert (
        main(["run", str(tmp_path / "nope.json"), "--population", str(population_csv), "--out", str(tmp_path / "out")])
        == 2
    )
    assert "nope.json : fichier introuvable" in capsys.readouterr().err


def test_bad_command_line_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["run", str(REFERENCE), "--out", str(tmp_path), "--format", "xlsx"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["run", str(REFERENCE)])
    assert exc.value.code == 2


def test_presets_and_doc_commands(capsys):
    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(" : ")[0] for line in lines] == list(gpec.presets())
    assert main(["doc"]) == 0


def test_module_entry_point(population_csv, tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "gpec", "run", str(REFERENCE), "--population", str(population_csv), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "summary.csv").exists()
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "gpec",
            "run",
            str(write_scenario(tmp_path, base_year="2025")),
            "--population",
            str(population_csv),
            "--out",
            str(tmp_path / "out2"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2
    assert 'base_year = "2025" : doit être un nombre entier' in refused.stderr
    assert not (tmp_path / "out2").exists()


def test_default_population_path(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(REFERENCE), "--out", str(out)]) == 0
    summary = pd.read_csv(out / "summary.csv")
    assert summary.family.iloc[-1] == "TOTAL"
    assert summary.base_headcount.iloc[-1] > 1000
    assert 0 < summary.share_retiring_by_horizon.iloc[-1] < 1


# ---- --scope and store tables: any scope, published or imported ---------------------

# A small register as an HR department exports it; one line per person, so the
# projection's base headcount must be exactly its number of lines.
REGISTER = """Matricule;Nom;Date de naissance;Sexe;Famille de métiers
A0001;Nom1;14/03/1962;F;gestion
A0002;Nom2;02/11/1965;F;gestion
A0003;Nom3;21/06/1971;H;gestion
A0004;Nom4;09/01/1980;F;gestion
A0005;Nom5;30/09/1988;F;gestion
A0006;Nom6;17/05/1963;H;commercial
A0007;Nom7;05/12/1975;F;commercial
A0008;Nom8;28/02/1992;H;commercial
A0009;Nom9;11/08/1964;H;si
A0010;Nom10;23/04/1985;F;si
A0011;Nom11;07/07/1998;H;si
"""
REGISTER_PEOPLE = REGISTER.count("\n") - 1


def import_register(folder, scope, ref_year=2025) -> Path:
    """Import REGISTER as `scope` with the ETL's own command line; return its stored
    age pyramid."""
    from etl_cli import run

    from etl import catalog

    path = folder / f"registre_{scope}.csv"
    path.write_text(REGISTER, encoding="utf-8")
    status, _, err = run(["import", str(path), "--kind", "register", "--scope", scope, "--ref-year", str(ref_year)])
    assert status == 0, err
    return catalog.imports_dir() / scope / "age_pyramid.parquet"


def base_total(out: Path) -> float:
    summary = pd.read_csv(out / "summary.csv")
    assert summary.family.iloc[-1] == "TOTAL"
    return summary.base_headcount.iloc[-1]


@pytest.mark.parametrize(
    "how, ref_year",
    [
        ("scope", 2025),
        ("stored file", 2025),
        # The scenario starts in 2025, the population is of 2024: as before --scope, the
        # population is projected as that of 1 January of base_year, without a refusal.
        ("scope", 2024),
        ("stored file", 2024),
    ],
)
def test_imported_scope_is_projected(how, ref_year, import_root, tmp_path):
    stored = import_register(tmp_path, "mutuelle_essai", ref_year)
    given = ["--scope", "mutuelle_essai"] if how == "scope" else ["--population", str(stored)]
    out = tmp_path / "out"
    assert main(["run", str(REFERENCE), *given, "--out", str(out)]) == 0
    assert REGISTER_PEOPLE == 11
    assert base_total(out) == REGISTER_PEOPLE
    summary = pd.read_csv(out / "summary.csv").set_index("family")
    assert summary.base_headcount.drop("TOTAL").to_dict() == {"commercial": 3, "gestion": 5, "si": 3}


def test_scope_and_stored_file_give_the_same_tables(import_root, tmp_path):
    stored = import_register(tmp_path, "mutuelle_essai")
    by_scope, by_file = tmp_path / "by_scope", tmp_path / "by_file"
    assert main(["run", str(MOBILITY), "--scope", "mutuelle_essai", "--out", str(by_scope)]) == 0
    assert main(["run", str(MOBILITY), "--population", str(stored), "--out", str(by_file)]) == 0
    for name in ("flows.csv", "structure.csv", "summary.csv"):
        assert (by_scope / name).read_bytes() == (by_file / name).read_bytes(), name


def test_published_scope_by_name(import_root, tmp_path):
    from etl import catalog

    out = tmp_path / "out"
    assert main(["run", str(REFERENCE), "--scope", "assurance_sante", "--out", str(out)]) == 0
    assert base_total(out) == pytest.approx(catalog.default_population("assurance_sante").headcount.sum())


def test_unknown_scope_is_refused_and_known_ones_listed(import_root, tmp_path, capsys):
    import_register(tmp_path, "mutuelle_essai")
    capsys.readouterr()
    out = tmp_path / "out"
    assert main(["run", str(REFERENCE), "--scope", "mutuelle_esai", "--out", str(out)]) == 2
    assert not out.exists()
    assert capsys.readouterr().err.splitlines() == [
        "Refusé : 1 problème(s).",
        "--scope « mutuelle_esai » : aucun périmètre de ce nom n'a de pyramide des âges "
        "(périmètres connus : assurance_sante, branche ; importés : mutuelle_essai)",
    ]


def test_scope_and_population_together_are_refused(import_root, population_csv, tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exc:
        main(["run", str(REFERENCE), "--scope", "branche", "--population", str(population_csv), "--out", str(out)])
    assert exc.value.code == 2
    assert not out.exists()
    assert (
        "erreur : --scope et --population désignent chacun une population de départ : "
        "indiquez l'un ou l'autre, pas les deux"
    ) in capsys.readouterr().err


def stored_rows(**changes) -> pd.DataFrame:
    """Two cells of an imported scope's age_pyramid, as the store writes them."""
    df = pd.DataFrame(
        {
            "scope": "essai",
            "family": ["gestion", "si"],
            "sex": ["F", "H"],
            "age": [40, 58],
            "ref_year": 2025,
            "headcount": [6.0, 4.0],
            "status": "derived",
            "source_id": "import_essai",
            "method": "agrégé depuis un registre importé",
        }
    )
    return df.assign(**changes)


# (table written as store.parquet, base headcount, or the refusal's lines after "Refusé")
STORED_CASES = [
    # the latest year only, bookkeeping columns dropped
    (pd.concat([stored_rows(ref_year=2023, headcount=[50.0, 50.0]), stored_rows()]), 10.0, None),
    (stored_rows().drop(columns=["status", "source_id", "method"]), 10.0, None),
    (
        pd.concat([stored_rows(), stored_rows(scope="autre")]),
        None,
        [
            "store.parquet : la table contient plusieurs périmètres (autre, essai) ; "
            "projetez-en un seul avec --scope NOM à la place de --population"
        ],
    ),
    # line numbers are the file's, though the earlier year was dropped
    (
        pd.concat([stored_rows(ref_year=2023), stored_rows(age=[40, 85])]),
        None,
        ["store.parquet : ligne 4 : age = 85 : doit être un nombre entier de 15 à 80"],
    ),
    (
        stored_rows(ref_year=["2025", "vingt"]),
        None,
        ['store.parquet : ligne 2 : ref_year = "vingt" : doit être une année (nombre entier)'],
    ),
    (
        stored_rows(site="Lyon"),
        None,
        ["store.parquet : colonne « site » inattendue (colonnes attendues : family, sex, age, headcount)"],
    ),
    (
        stored_rows().drop(columns="age"),
        None,
        ["store.parquet : colonne « age » manquante (colonnes attendues : family, sex, age, headcount)"],
    ),
]


@pytest.mark.parametrize("table, total, refusal", STORED_CASES)
def test_store_table_as_population_file(table, total, refusal, tmp_path, capsys):
    path = tmp_path / "store.parquet"
    table.reset_index(drop=True).to_parquet(path)
    out = tmp_path / "out"
    code = main(["run", str(REFERENCE), "--population", str(path), "--out", str(out)])
    if refusal is None:
        assert code == 0 and base_total(out) == total
    else:
        assert code == 2 and not out.exists()
        assert capsys.readouterr().err.splitlines()[1:] == refusal


def test_store_table_as_csv(tmp_path):
    path = tmp_path / "pyramide.csv"
    path.write_text(
        "scope;family;sex;age;ref_year;headcount\nessai;gestion;F;40;2024;2\nessai;gestion;F;40;2025;3,5\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["run", str(REFERENCE), "--population", str(path), "--out", str(out)]) == 0
    assert base_total(out) == 3.5


def test_bookkeeping_columns_are_those_of_the_store():
    from etl.schemas import SCHEMAS
    from gpec.population import COLUMNS, STORE_COLUMNS

    stored = list(SCHEMAS["age_pyramid"].columns)
    assert set(stored) == set(COLUMNS) | set(STORE_COLUMNS)
