"""The whole ETL on the embedded data and on broken copies of it: provenance, the
figures of the facts list, refusals with file:line messages, idempotency, atomicity."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from etl import catalog
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
        "figures": [
            "indicator",
            "theme",
            "scope",
            "dimension",
            "category",
            "value",
            "unit",
            "qualifier",
            "ref_year",
            "ref_year_approx",
            "pub_year",
            "source_id",
            "locator",
            "status",
            "confidence",
            "note",
        ],
        "families": ["taxonomy", "family", "label_fr", "label_en", "livre", "harmonised_family"],
        "headcount": ["scope", "family", "ref_year", "ref_year_approx", "headcount", "status", "source_id", "method"],
        "gender": ["scope", "family", "ref_year", "ref_year_approx", "sex", "share", "status", "source_id"],
        "age_pyramid": ["scope", "family", "sex", "age", "ref_year", "headcount", "status", "source_id", "method"],
        "retirements": ["scope", "base_year", "horizon_year", "share", "qualifier", "status", "source_id"],
        "establishments": [
            "type",
            "ref_year",
            "ref_year_approx",
            "count",
            "share",
            "status",
            "confidence",
            "source_id",
        ],
        "establishment_types": ["type", "type_group", "source_id", "status", "note"],
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
    ("headcount", "branche", "ensemble", 55000, "approx"),  # 2014; the 2024 statement is in FACTS_RECENT
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
    2006: {
        "centres d'optique": 620,
        "cabinets dentaires": 434,
        "établissements et services pour personnes âgées": 388,
        "centres d'audioprothèse": 253,
        "services d'accompagnement de la famille": 206,
        "établissements et services pour les personnes handicapées": 123,
        "établissements hospitaliers": 103,
        "centres de santé et laboratoires": 67,
        "pharmacies": 62,
    },
    2011: {"ensemble": 2500, "établissements pour personnes âgées": 320},
    2014: {
        "ensemble": 2500,
        "magasins d'optique": 747,
        "établissements médico-sociaux": 567,
        "petite enfance": 214,
        "initiatives sociales": 60,
    },
    2021: {
        "ensemble": 2927,
        "centres de santé et laboratoires": 567,
        "centres d'optique et d'audioprothèse": 1213,
        "établissements pour personnes en situation de handicap": 182,
        "établissements pour personnes âgées": 515,
        "accueil du jeune enfant": 251,
        "pharmacies": 37,
        "établissements sanitaires": 97,
    },
}
# The lists the source dates only approximately ("vers 2011"), and each list's confidence.
ESTABLISHMENT_LISTS = {2006: (False, "high"), 2011: (True, "medium"), 2014: (True, "medium"), 2021: (True, "high")}

# The recent figures and context figures, one row each as published: (indicator, scope, category, data
# year, year approximate?, value, unit, qualifier, confidence, source). The year is the data's, not the
# publication's.
FACTS_RECENT = [
    (
        "organisations_surveyed",
        "employeurs_mutualistes",
        "entreprises mutualistes",
        2012,
        False,
        409,
        "count",
        "exact",
        "high",
        "bilan_social_2013",
    ),
    (
        "organisations_surveyed",
        "employeurs_mutualistes",
        "entreprises mutualistes",
        2013,
        False,
        404,
        "count",
        "exact",
        "high",
        "bilan_social_2014",
    ),
    (
        "organisations_surveyed",
        "employeurs_mutualistes",
        "entreprises mutualistes",
        2014,
        False,
        390,
        "count",
        "exact",
        "high",
        "bilan_social_2015_oemm",
    ),
    (
        "mutuelles_replied",
        "repondants_bilan_social",
        "répondantes",
        2014,
        False,
        221,
        "count",
        "exact",
        "high",
        "bilan_social_2015",
    ),
    (
        "structures",
        "repondants_bilan_social",
        "ensemble",
        2014,
        False,
        601,
        "count",
        "exact",
        "high",
        "bilan_social_2015",
    ),
    (
        "mutuelles_replied",
        "repondants_etude_familles",
        "répondantes",
        2017,
        False,
        143,
        "count",
        "exact",
        "high",
        "anem_metiers_commerciaux",
    ),
    ("gender_share", "branche_recrutements", "H", 2018, False, 24, "percent", "exact", "high", "anem_2021"),
    ("headcount", "branche", "ensemble", 2024, False, 55000, "count", "exact", "medium", "cftc_pse_2024"),
    (
        "pay_rise_share",
        "branche",
        "au moins une augmentation ou une prime",
        2017,
        False,
        84,
        "percent",
        "exact",
        "high",
        "anem_remunerations_2017",
    ),
    (
        "pay_rise_share",
        "branche",
        "mesure collective",
        2017,
        False,
        62,
        "percent",
        "exact",
        "high",
        "anem_remunerations_2017",
    ),
    (
        "pay_rise_share",
        "branche",
        "mesure individuelle",
        2017,
        False,
        28,
        "percent",
        "exact",
        "high",
        "anem_remunerations_2017",
    ),
    (
        "minimum_annual_pay",
        "branche",
        "RMAG",
        2013,
        False,
        19000,
        "eur",
        "exact",
        "high",
        "anem_politique_salariale_2019",
    ),
    (
        "point_value_rise",
        "branche",
        "valeur du point",
        2019,
        False,
        0.8,
        "percent",
        "exact",
        "high",
        "anem_politique_salariale_2019",
    ),
    (
        "minimum_annual_pay",
        "branche",
        "RMAG",
        2022,
        False,
        20500,
        "eur",
        "exact",
        "high",
        "anem_politique_salariale_2022",
    ),
    ("minimum_annual_pay", "branche", "RMAG", 2024, False, 21386, "eur", "exact", "high", "anem_juridique"),
    ("point_value_rise", "branche", "valeur du point", 2024, False, 1.3, "percent", "exact", "high", "anem_juridique"),
    ("minimum_annual_pay", "branche", "RMAG", 2025, False, 21900, "eur", "exact", "high", "anem_juridique"),
    ("point_value_rise", "branche", "valeur du point", 2025, False, 0.6, "percent", "exact", "high", "anem_juridique"),
    (
        "training_contribution",
        "branche",
        "contribution conventionnelle",
        2022,
        False,
        0.5,
        "percent",
        "exact",
        "high",
        "anem_formation_2022",
    ),
    (
        "work_study_target",
        "secteur_mutualiste",
        "postes en alternance (objectif)",
        2020,
        False,
        3000,
        "count",
        "exact",
        "medium",
        "institutions_pro_2020",
    ),
    (
        "disabled_hires_target",
        "branche",
        "situation de départ",
        2015,
        True,
        1300,
        "count",
        "exact",
        "high",
        "accord_handicap_2016",
    ),
    (
        "disabled_hires_target",
        "branche",
        "objectif au 31/12/2017",
        2017,
        False,
        1500,
        "count",
        "exact",
        "high",
        "accord_handicap_2016",
    ),
    (
        "disabled_hires_target",
        "branche",
        "hausse visée",
        2017,
        False,
        15,
        "percent",
        "exact",
        "high",
        "accord_handicap_2016",
    ),
    ("job_satisfaction_share", "branche", "moins de 35 ans", 2019, False, 83, "percent", "exact", "high", "cjdes_2019"),
    ("survey_respondents", "branche", "moins de 35 ans", 2019, False, 800, "count", "approx", "high", "cjdes_2019"),
    ("establishments", "livre3", "ensemble", 2011, True, 2500, "count", "exact", "medium", "mederic_2011"),
    (
        "establishments",
        "livre3",
        "établissements pour personnes âgées",
        2011,
        True,
        320,
        "count",
        "exact",
        "medium",
        "mederic_2011",
    ),
    (
        "places",
        "livre3",
        "établissements pour personnes âgées",
        2011,
        True,
        11500,
        "count",
        "exact",
        "medium",
        "mederic_2011",
    ),
    ("establishments_detail", "livre3", "EHPAD", 2011, True, 124, "count", "exact", "medium", "mederic_2011"),
    ("establishments_detail", "livre3", "SSIAD", 2011, True, 80, "count", "exact", "medium", "mederic_2011"),
    ("establishments", "livre3", "ensemble", 2014, True, 2500, "count", "exact", "medium", "mf_chiffres_2015"),
    ("establishments", "livre3", "magasins d'optique", 2014, True, 747, "count", "exact", "medium", "mf_chiffres_2015"),
    (
        "establishments",
        "livre3",
        "établissements médico-sociaux",
        2014,
        True,
        567,
        "count",
        "exact",
        "medium",
        "mf_chiffres_2015",
    ),
    ("establishments", "livre3", "petite enfance", 2014, True, 214, "count", "exact", "medium", "mf_chiffres_2015"),
    (
        "establishments",
        "livre3",
        "initiatives sociales",
        2014,
        True,
        60,
        "count",
        "exact",
        "medium",
        "mf_chiffres_2015",
    ),
    (
        "hospitals",
        "ghmf",
        "établissements MCO",
        2008,
        False,
        29,
        "count",
        "exact",
        "medium",
        "newsassurances_ghmf_2008",
    ),
    (
        "beds_places",
        "ghmf",
        "lits et places",
        2008,
        False,
        3500,
        "count",
        "exact",
        "medium",
        "newsassurances_ghmf_2008",
    ),
    ("headcount", "ghmf", "médecins", 2008, False, 1000, "count", "exact", "medium", "newsassurances_ghmf_2008"),
    (
        "headcount",
        "ghmf",
        "personnels non médicaux",
        2008,
        False,
        6000,
        "count",
        "exact",
        "medium",
        "newsassurances_ghmf_2008",
    ),
    (
        "managing_organisations",
        "livre3",
        "organismes gestionnaires",
        2013,
        True,
        172,
        "count",
        "exact",
        "high",
        "igas_2013",
    ),
    (
        "mutuelles_count",
        "mutuelles_sante_marche",
        "mutuelles",
        2006,
        False,
        849,
        "count",
        "exact",
        "medium",
        "assurprox",
    ),
    (
        "mutuelles_count",
        "mutuelles_sante_marche",
        "mutuelles",
        2011,
        False,
        559,
        "count",
        "exact",
        "medium",
        "assurprox",
    ),
    (
        "mutuelles_count",
        "mutuelles_complementaire_drees",
        "mutuelles",
        2018,
        False,
        326,
        "count",
        "exact",
        "medium",
        "fil_social_2018",
    ),
]
THEMES_RECENT = {
    "organisations_surveyed": "enquetes",
    "minimum_annual_pay": "remuneration",
    "point_value_rise": "remuneration",
    "pay_rise_share": "remuneration",
    "training_contribution": "formation",
    "work_study_target": "formation",
    "disabled_hires_target": "handicap",
    "mutuelles_count": "contexte",
    "managing_organisations": "livre3",
    "hospitals": "livre3",
}


@pytest.mark.parametrize(
    "indicator, scope, category, year, approx, value, unit, qualifier, confidence, source",
    FACTS_RECENT,
    ids=[f"{f[0]}-{f[1]}-{f[3]}-{f[2]}" for f in FACTS_RECENT],
)
def test_every_recent_figure_is_carried_with_its_data_year(
    built, indicator, scope, category, year, approx, value, unit, qualifier, confidence, source
):
    t = tables(built[0])
    f = t["figures"]
    row = f[
        (f["indicator"] == indicator) & (f["scope"] == scope) & (f["category"] == category) & (f["ref_year"] == year)
    ]
    assert len(row) == 1
    r = row.iloc[0]
    assert r["value"] == pytest.approx(value, rel=1e-9)
    assert (r["unit"], r["qualifier"], bool(r["ref_year_approx"])) == (unit, qualifier, approx)
    assert (r["confidence"], r["source_id"], r["status"]) == (confidence, source, "published")
    assert r["theme"] == THEMES_RECENT.get(indicator, r["theme"])
    src = t["sources"].set_index("source_id").loc[source]
    assert src["url"].startswith("http") and src["locator_hint"] and src["title"]


def test_every_figure_has_a_theme_and_a_confidence(built):
    f = tables(built[0])["figures"]
    assert (
        f["theme"]
        .isin(
            [
                "effectifs",
                "egalite",
                "remuneration",
                "formation",
                "handicap",
                "retraite",
                "livre3",
                "enquetes",
                "contexte",
            ]
        )
        .all()
    )
    assert f["confidence"].isin(["high", "medium"]).all()
    # a secondary source citing the figure is "medium"
    assert f.loc[f["source_id"] == "cncres_2010", "confidence"].tolist() == ["medium"]


def test_the_typo_of_a_source_is_not_carried(built):
    f = tables(built[0])["figures"]
    assert not (f["value"] == 550000).any()


def test_approximate_years_stay_approximate_through_derivations(built):
    t = tables(built[0])
    f = t["figures"]
    approx = f[f["ref_year_approx"]]
    assert {
        ("gender_share", "branche", 2019),
        ("livre3_share", "branche", 2019),
        ("services", "livre3", 2010),
        ("establishments_growth", "livre3", 2021),
    } <= set(zip(approx["indicator"], approx["scope"], approx["ref_year"]))
    assert not f.loc[(f["indicator"] == "classification_share"), "ref_year_approx"].any()
    h = t["headcount"].set_index(["scope", "family", "ref_year"])
    assert h.loc[("livre3", "TOTAL", 2019), "ref_year_approx"] and h.loc[("livre2", "TOTAL", 2019), "ref_year_approx"]
    assert h.loc[("livre3", "TOTAL", 2010), "ref_year_approx"]
    assert not h.loc[("branche", "TOTAL", 2024), "ref_year_approx"]
    assert "(vers 2019)" in h.loc[("livre3", "TOTAL", 2019), "method"]
    g = t["gender"]
    l2 = g[g["scope"] == "livre2"]
    assert len(l2) == 2 and l2["ref_year_approx"].all()
    cadres = g[(g["population"] == "cadres")]
    assert not cadres["ref_year_approx"].any()  # 2018, and 2010 from "depuis 2010": both exact
    e = t["establishments"]
    assert e.loc[e["type_group"] == "non_detaille", "ref_year_approx"].all()
    pyr = t["age_pyramid"]
    assert "42 ans, vers 2019" in pyr["method"].iloc[0]


def test_the_crosswalk_of_establishment_types_covers_every_list(built):
    t = tables(built[0])
    e, types = t["establishments"], t["establishment_types"]
    listed = set(e.loc[~e["type_group"].isin(["ensemble", "non_detaille"]), "type"])
    assert listed == set(types["type"])
    groups = dict(zip(types["type"], types["type_group"]))
    assert groups["magasins d'optique"] == groups["centres d'optique et d'audioprothèse"] == "optique_audio"
    assert groups["établissements médico-sociaux"] == "medico_social"
    assert "optique seule" in types.set_index("type").loc["magasins d'optique", "note"]


@pytest.mark.parametrize("indicator, scope, category, value, qualifier", FACTS)
def test_every_published_figure_is_carried(built, indicator, scope, category, value, qualifier):
    f = tables(built[0])["figures"]
    row = f[(f["indicator"] == indicator) & (f["scope"] == scope) & (f["category"] == category)]
    if indicator == "headcount" and scope == "branche":
        row = row[row["ref_year"] == 2014]
    assert len(row) == 1
    assert row["value"].iloc[0] == pytest.approx(value, rel=1e-6)
    assert row["qualifier"].iloc[0] == qualifier
    assert row["status"].iloc[0] == "published"


def test_establishments_as_published_and_unknown_remainder(built):
    e = tables(built[0])["establishments"]
    for year, counts in ESTABLISHMENTS.items():
        pub = e[(e["ref_year"] == year) & (e["status"] == "published")]
        assert dict(zip(pub["type"], pub["count"])) == counts
        assert set(
            zip(e.loc[e["ref_year"] == year, "ref_year_approx"], e.loc[e["ref_year"] == year, "confidence"])
        ) == {ESTABLISHMENT_LISTS[year]}
    assert e[(e["ref_year"] == 2006)]["count"].sum() == 2256
    rest = e[e["type_group"] == "non_detaille"].sort_values("ref_year")
    assert rest["ref_year"].tolist() == [2011, 2014, 2021]
    assert rest["count"].tolist() == [2180, 912, 65] and set(rest["status"]) == {"derived"}


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
    l3 = b[
        b["family"].isin(
            ["optique_audio_pharma", "medicosocial_sanitaire", "autonomie", "petite_enfance", "moteurs_changement"]
        )
    ]
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
    (
        "published_figures.csv",
        "73 900,",
        "soixante-treize mille,",
        ["published_figures.csv:2: value:", "soixante-treize mille"],
    ),
    ("published_figures.csv", "82 %,", "120 %,", ["published_figures.csv:3: value:", "100 %"]),
    ("published_figures.csv", "18 %,", "28 %,", ["published_figures.csv:3: value:", "totalisent 110 %"]),
    (
        "published_figures.csv",
        ",onisep_2009,LES MUTUELLES EN CHIFFRES,« sal",
        ",onisep_2099,LES MUTUELLES EN CHIFFRES,« sal",
        ["published_figures.csv:2: source_id:", "onisep_2099", "n'existe pas"],
    ),
    (
        "establishments_2006.csv",
        "type,count,share",
        "type,nombre,share",
        ["establishments_2006.csv:1: count:", "colonne manquante"],
    ),
    ("establishments_2006.csv", "620,(28 %)", "620,(128 %)", ["establishments_2006.csv:2: share:", "100 %"]),
    (
        "legal_retirement_age.csv",
        "62 ans 3 mois",
        "62 ans et des poussières",
        ["legal_retirement_age.csv:", "legal_age:"],
    ),
    ("sources.csv", 'onisep_2009,"Les', 'onisep_2009x,"Les', ["n'existe pas dans sources.csv"]),
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


def _line_of(raw: Path, name: str, text: str) -> int:
    """The line number (1 = header) of the first line of `name` containing `text`."""
    lines = (raw / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


# The new raw files and columns, refused the same way: (file, text of the line to break, old, new,
# column, fragment of the message). The line number is found in the file, then checked in the message.
BAD_RECENT = [
    (
        "published_figures.csv",
        "bilan_social_2014,",
        ",2013,bilan_social_2014,",
        ",en 2013,bilan_social_2014,",
        "ref_year",
        "vers 2019",
    ),
    (
        "published_figures.csv",
        "cftc_pse_2024,",
        ",2024,cftc_pse_2024,",
        ",vers l'an 2024,cftc_pse_2024,",
        "ref_year",
        "année sur quatre chiffres",
    ),
    ("published_figures.csv", "bilan_social_2013,", ",enquetes,high", ",enquête,high", "theme", "thème inconnu"),
    (
        "published_figures.csv",
        "cftc_pse_2024,",
        ",effectifs,medium",
        ",effectifs,moyenne",
        "confidence",
        "niveau de confiance inconnu",
    ),
    (
        "published_figures.csv",
        "anem_juridique,article sur la politique salariale 2025",
        "21 900 €,",
        "21 900 euros,",
        "value",
        "21 900 euros",
    ),
    ("published_figures.csv", "cftc_pse_2024,", ",cftc_pse_2024,", ",cftc_pse_2042,", "source_id", "n'existe pas"),
    (
        "establishments_2014.csv",
        "magasins d'optique",
        "747,",
        "sept cent quarante-sept,",
        "count",
        "sept cent quarante-sept",
    ),
    (
        "establishments_2011.csv",
        "320,",
        "établissements pour personnes âgées,320",
        "maisons de retraite,320",
        "type",
        "establishment_types.csv",
    ),
    ("establishments_2014.csv", "initiatives sociales", "60,,vers 2014", "60,,vers 2015", "ref_year", "qu'une année"),
    ("establishments_2011.csv", "320,", ",medium", ",faible", "confidence", "niveau de confiance inconnu"),
    (
        "establishment_types.csv",
        "initiatives sociales,",
        "initiatives sociales,initiatives_sociales",
        "pharmacies,initiatives_sociales",
        "type",
        "déjà rattaché",
    ),
    (
        "legal_retirement_age.csv",
        "loi_2023_suspension_2026,1963-01",
        "tableau de l'âge légal (inchangé avant 1964),medium",
        "tableau de l'âge légal (inchangé avant 1964),sûre",
        "confidence",
        "niveau de confiance inconnu",
    ),
]


@pytest.mark.parametrize(
    "name, where, old, new, column, fragment", BAD_RECENT, ids=[f"{b[0]}-{b[4]}-{i}" for i, b in enumerate(BAD_RECENT)]
)
def test_bad_recent_input_is_refused_with_its_place_and_store_untouched(
    raw_copy, tmp_path, capsys, name, where, old, new, column, fragment
):
    store = tmp_path / "parquet"
    assert etl_main(["--raw", str(raw_copy), "--store", str(store)]) == 0
    before = snapshot(store)
    line = _line_of(raw_copy, name, where)
    lines = (raw_copy / name).read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (name, line, old)
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    (raw_copy / name).write_text("\n".join(lines), encoding="utf-8")
    capsys.readouterr()
    assert etl_main(["--raw", str(raw_copy), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert f"{name}:{line}: {column}:" in err and fragment in err, err
    assert "Traceback" not in err
    assert snapshot(store) == before


def test_a_missing_new_raw_file_is_refused(raw_copy, tmp_path, capsys):
    (raw_copy / "establishment_types.csv").unlink()
    assert etl_main(["--raw", str(raw_copy), "--store", str(tmp_path / "parquet")]) == 2
    assert "establishment_types.csv: fichier manquant" in capsys.readouterr().err
    assert not (tmp_path / "parquet").exists()


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
    assert "establishments_2014.csv" in warnings and "(912)" in warnings


def test_command_line_exit_status_and_no_traceback(raw_copy, tmp_path):
    _edit(raw_copy, "published_figures.csv", "73 900,", "beaucoup,")
    run = subprocess.run(
        [sys.executable, "-m", "etl", "--raw", str(raw_copy), "--store", str(tmp_path / "s")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "published_figures.csv:2: value:" in run.stderr and "Traceback" not in run.stderr


KILL_SCRIPT = """
import sys, time, pandas as pd
from pathlib import Path
from etl import catalog
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
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(raw_copy), str(store)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
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
    assert not build(catalog.RAW_DIR, store).written  # recovered as is, nothing to rewrite
    assert (store / "manifest.json").exists()
