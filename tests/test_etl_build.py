"""The whole ETL on the embedded data and on broken copies of it: provenance, the
figures of the facts list, refusals with file:line messages, idempotency, atomicity."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import catalog
from etl.__main__ import main as etl_main
from etl.build import build
from etl.problems import InputError

ROOT = Path(catalog.ROOT)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "parquet"
    report = build(catalog.RAW_DIR, store)
    return store, report


@pytest.fixture
def raw_copy(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(catalog.RAW_DIR, raw)
    return raw


def tables(store):
    return {name: pd.read_parquet(store / f"{name}.parquet") for name in catalog.TABLES}


def snapshot(folder: Path):
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir())}


def test_builds_every_table_of_the_contract(built):
    store, report = built
    t = tables(store)
    contract = {
        "sources": ["source_id", "title", "publisher", "pub_year", "url", "locator_hint", "accessed", "notes"],
        "figures": ["indicator", "scope", "dimension", "category", "value", "unit", "qualifier", "ref_year",
                    "pub_year", "source_id", "locator", "status", "note"],
        "families": ["taxonomy", "family", "label_fr", "label_en", "livre", "harmonised_family"],
        "headcount": ["scope", "family", "ref_year", "headcount", "status", "source_id", "method"],
        "gender": ["scope", "family", "ref_year", "sex", "share", "status", "source_id"],
        "age_pyramid": ["scope", "family", "sex", "age", "ref_year", "headcount", "status", "source_id", "method"],
        "retirements": ["scope", "base_year", "horizon_year", "share", "qualifier", "status", "source_id"],
        "establishments": ["type", "ref_year", "count", "share", "status", "source_id"],
        "jobs": ["job", "family", "taxonomy", "diplomas", "certificates", "source_id", "locator"],
    }
    for name, cols in contract.items():
        assert set(cols) <= set(t[name].columns), name
        assert len(t[name]) > 0, name
    manifest = json.loads((store / "manifest.json").read_text())
    assert {k: v["rows"] for k, v in manifest["tables"].items()} == {k: len(v) for k, v in t.items()}
    assert set(manifest["inputs"]) >= {"sources.csv", "published_figures.csv"}


def test_every_row_has_a_known_source_and_status(built):
    t = tables(built[0])
    known = set(t["sources"]["source_id"])
    for name, df in t.items():
        if name == "sources":
            continue
        assert df["source_id"].isin(known).all(), name
        assert df["status"].isin(["published", "derived", "estimated"]).all(), name
    for name in ("headcount", "gender", "age_pyramid", "establishments"):
        df = t[name]
        not_published = df[df["status"] != "published"]
        assert (not_published["method"].str.len() > 10).all(), f"{name}: a derived row has no method"


# Every figure of the facts list, sections A, B and D: (indicator, scope, category, value, qualifier).
FACTS = [
    ("headcount", "assurance_sante", "ensemble", 73900, "exact"),
    ("gender_share", "assurance_sante", "F", 82, "exact"),
    ("gender_share", "assurance_sante", "H", 18, "exact"),
    ("managers_share", "assurance_sante", "cadres", 20, "approx"),
    ("company_size_share", "mutuelles", "plus de 300 salariés", 39, "exact"),
    ("company_size_share", "mutuelles", "300 salariés ou moins", 61, "exact"),
    ("people_covered", "population", "ensemble", 38e6, "approx"),
    ("enterprises", "entreprises", "ensemble", 4321, "exact"),
    ("enterprise_activity_share", "entreprises", "assurances de personnes", 200 / 3, "approx"),
    ("family_share", "assurance_sante", "Marketing et commercial", 25, "at_least"),
    ("family_share", "assurance_sante", "Gestion des adhérents", 50, "at_least"),
    ("family_share", "assurance_sante", "Les autres métiers des mutuelles", 20, "exact"),
    ("retirement_share", "assurance_sante", "2015", 50, "approx"),
    ("livre3_share", "branche", "livre3", 33, "exact"),
    ("contributors", "etude_livre3", "ensemble", 80, "at_least"),
    ("headcount", "repondants_bilan_social", "ensemble", 60787, "exact"),
    ("structures", "repondants_bilan_social", "ensemble", 601, "exact"),
    ("mutuelles_surveyed", "repondants_bilan_social", "interrogées", 390, "exact"),
    ("mutuelles_replied", "repondants_bilan_social", "répondantes", 221, "exact"),
    ("headcount", "branche", "ensemble", 55000, "approx"),
    ("gender_share", "branche", "F", 76, "exact"),
    ("gender_share", "livre3", "F", 81, "exact"),
    ("gender_share", "branche_si", "H", 68, "exact"),
    ("gender_share", "branche_cadres", "F", 58, "exact"),
    ("gender_share", "branche_recrutements", "H", 24, "exact"),
    ("typical_age", "branche", "salarié type", 42, "exact"),
    ("classification_share", "branche", "employés", 39, "exact"),
    ("classification_share", "branche", "techniciens", 35, "exact"),
    ("classification_share", "branche", "cadres", 26, "exact"),
    ("turnover", "branche", "ensemble", 10.3, "exact"),
    ("contract_share", "branche", "CDI", 90, "exact"),
    ("age_50_plus_share", "ess_mutuelles", "50 ans et plus", 28, "exact"),
    ("services", "livre3", "ensemble", 2500, "approx"),
    ("headcount", "livre3", "ensemble", 25000, "exact"),
    ("establishments_growth", "livre3", "ensemble", 4.3, "exact"),
]
ESTABLISHMENTS = {
    2006: {"centres d'optique": 620, "cabinets dentaires": 434, "établissements et services pour personnes âgées": 388,
           "centres d'audioprothèse": 253, "services d'accompagnement de la famille": 206,
           "établissements et services pour les personnes handicapées": 123, "établissements hospitaliers": 103,
           "centres de santé et laboratoires": 67, "pharmacies": 62},
    2021: {"ensemble": 2927, "centres de santé et laboratoires": 567, "centres d'optique et d'audioprothèse": 1213,
           "établissements pour personnes en situation de handicap": 182, "établissements pour personnes âgées": 515,
           "accueil du jeune enfant": 251, "pharmacies": 37, "établissements sanitaires": 97},
}


@pytest.mark.parametrize("indicator, scope, category, value, qualifier", FACTS)
def test_every_published_figure_is_carried(built, indicator, scope, category, value, qualifier):
    f = tables(built[0])["figures"]
    row = f[(f["indicator"] == indicator) & (f["scope"] == scope) & (f["category"] == category)]
    assert len(row) == 1
    assert row["value"].iloc[0] == pytest.approx(value, rel=1e-6)
    assert row["qualifier"].iloc[0] == qualifier
    assert row["status"].iloc[0] == "published"


def test_establishments_as_published_and_unknown_remainder(built):
    e = tables(built[0])["establishments"]
    for year, counts in ESTABLISHMENTS.items():
        pub = e[(e["ref_year"] == year) & (e["status"] == "published")]
        assert dict(zip(pub["type"], pub["count"])) == counts
    assert e[(e["ref_year"] == 2006)]["count"].sum() == 2256
    rest = e[e["type_group"] == "non_detaille"]
    assert rest["count"].tolist() == [65] and rest["status"].tolist() == ["derived"]


def test_legal_ages_of_section_e(built):
    f = tables(built[0])["figures"]
    ages = f[f["indicator"] == "legal_retirement_age"]
    got = dict(zip(zip(ages["scope"], ages["category"]), ages["value"]))
    assert got[("loi_2023", "1961-09 à 1961-12")] == pytest.approx(62.25)
    assert got[("loi_2010", "1952-01 à 1952-12")] == pytest.approx(60.75)
    assert got[("loi_2023_suspension_2026", "1965-04 à 1965-12")] == pytest.approx(63)
    assert got[("loi_2023", "1968-01 à …")] == pytest.approx(64)


def test_family_headcounts_keep_the_lower_bounds(built):
    h = tables(built[0])["headcount"]
    s = h[(h["scope"] == "assurance_sante") & (h["ref_year"] == 2009)].set_index("family")
    assert s.loc["gestion", "headcount"] == pytest.approx(36950)
    assert s.loc["gestion", "qualifier"] == "at_least"
    assert s.loc["commercial", "qualifier"] == "at_least"
    assert s.loc["autres", "qualifier"] == "at_most"
    assert "borne basse" in s.loc["gestion", "method"]


def test_estimated_pyramid_is_calibrated_on_the_anchors(built):
    p = tables(built[0])["age_pyramid"]
    b = p[p["scope"] == "branche"]
    n = b["headcount"].sum()
    assert n == 55000
    assert (b["headcount"] * b["age"]).sum() / n == pytest.approx(42, abs=0.05)
    assert b.loc[b["age"] >= 50, "headcount"].sum() / n == pytest.approx(0.28, abs=0.002)
    assert b.loc[b["sex"] == "F", "headcount"].sum() / n == pytest.approx(0.76, abs=0.001)
    l3 = b[b["family"].isin(["optique_audio_pharma", "medicosocial_sanitaire", "autonomie", "petite_enfance",
                             "moteurs_changement"])]
    assert l3["headcount"].sum() / n == pytest.approx(0.33, abs=0.001)
    assert l3.loc[l3["sex"] == "F", "headcount"].sum() / l3["headcount"].sum() == pytest.approx(0.81, abs=0.002)
    assert (b["status"] == "estimated").all() and b["method"].str.contains("Estimation").all()
    assert (b["headcount"] == b["headcount"].round()).all()


def test_second_run_changes_no_file(tmp_path):
    store = tmp_path / "parquet"
    assert build(catalog.RAW_DIR, store).written
    before = snapshot(store)
    assert not build(catalog.RAW_DIR, store).written
    assert snapshot(store) == before


def test_check_mode_writes_nothing(tmp_path, capsys):
    store = tmp_path / "parquet"
    assert etl_main(["--check", "--store", str(store)]) == 0
    assert not store.exists()
    assert "rien n'a été écrit" in capsys.readouterr().out


def _edit(raw: Path, name: str, old: str, new: str):
    path = raw / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {name}: {old}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (file, text to replace, replacement, expected fragments of the message)
BAD_INPUTS = [
    ("published_figures.csv", "73 900,", "soixante-treize mille,", ["published_figures.csv:2: value:", "soixante-treize mille"]),
    ("published_figures.csv", "82 %,", "120 %,", ["published_figures.csv:3: value:", "100 %"]),
    ("published_figures.csv", "18 %,", "28 %,", ["published_figures.csv:3: value:", "totalisent 110 %"]),
    ("published_figures.csv", ",onisep_2009,LES MUTUELLES EN CHIFFRES,« sal", ",onisep_2099,LES MUTUELLES EN CHIFFRES,« sal",
     ["published_figures.csv:2: source_id:", "onisep_2099", "n'existe pas"]),
    ("establishments_2006.csv", "type,count,share", "type,nombre,share", ["establishments_2006.csv:1: count:", "colonne manquante"]),
    ("establishments_2006.csv", "620,(28 %)", "620,(128 %)", ["establishments_2006.csv:2: share:", "100 %"]),
    ("legal_retirement_age.csv", "62 ans 3 mois", "62 ans et des poussières", ["legal_retirement_age.csv:", "legal_age:"]),
    ("sources.csv", "onisep_2009,\"Les", "onisep_2009x,\"Les", ["n'existe pas dans sources.csv"]),
]


@pytest.mark.parametrize("name, old, new, expected", BAD_INPUTS, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_INPUTS)])
def test_bad_input_is_refused_with_its_place_and_store_untouched(raw_copy, tmp_path, capsys, name, old, new, expected):
    store = tmp_path / "parquet"
    assert etl_main(["--raw", str(raw_copy), "--store", str(store)]) == 0
    before = snapshot(store)
    _edit(raw_copy, name, old, new)
    capsys.readouterr()
    assert etl_main(["--raw", str(raw_copy), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    for fragment in expected:
        assert fragment in err, err
    assert "Traceback" not in err
    assert snapshot(store) == before


def test_all_problems_are_reported_at_once(raw_copy):
    _edit(raw_copy, "published_figures.csv", "73 900,", "beaucoup,")
    _edit(raw_copy, "published_figures.csv", "4 321,", "quelques,")
    _edit(raw_copy, "establishments_2021.csv", "567,", "cinq cents,")
    with pytest.raises(InputError) as err:
        build(raw_copy, raw_copy.parent / "parquet")
    assert len(err.value.problems) == 3


def test_inconsistencies_between_sources_are_warnings(built):
    warnings = " ".join(built[1].warnings).replace("\u202f", " ")
    assert "2 256" in warnings and "1 440" in warnings


def test_command_line_exit_status_and_no_traceback(raw_copy, tmp_path):
    _edit(raw_copy, "published_figures.csv", "73 900,", "beaucoup,")
    run = subprocess.run([sys.executable, "-m", "etl", "--raw", str(raw_copy), "--store", str(tmp_path / "s")],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2
    assert "published_figures.csv:2: value:" in run.stderr and "Traceback" not in run.stderr


KILL_SCRIPT = """
import sys, time, pandas as pd
from pathlib import Path
import catalog
from etl.build import build
real = pd.DataFrame.to_parquet
def slow(self, *a, **k):
    real(self, *a, **k)
    print("writing", flush=True)
    time.sleep(30)
pd.DataFrame.to_parquet = slow
build(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_run_killed_in_the_middle_leaves_the_old_store(raw_copy, tmp_path):
    store = tmp_path / "parquet"
    build(catalog.RAW_DIR, store)
    before = snapshot(store)
    _edit(raw_copy, "published_figures.csv", "73 900,", "74 000,")
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(raw_copy), str(store)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert snapshot(store) == before
    # the lock of the killed run is stale: the next run takes it, and the new figure lands
    report = build(raw_copy, store)
    assert report.written
    assert 74000 in pd.read_parquet(store / "figures.parquet")["value"].tolist()
    assert not list(tmp_path.glob(".parquet.new-*"))


def test_interrupted_swap_is_recovered(tmp_path):
    store = tmp_path / "parquet"
    build(catalog.RAW_DIR, store)
    store.rename(tmp_path / ".parquet.old-1")
    assert not build(catalog.RAW_DIR, store).written     # recovered as is, nothing to rewrite
    assert (store / "manifest.json").exists()
