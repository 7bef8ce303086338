"""Statistical confidentiality: a cell under the threshold is never shown (exports,
the app's tables, chart data), a second cell is hidden wherever a visible total would
give the first one back, and published scopes are left as published."""

import contextlib
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app import import_preview as preview
from core import exports, privacy
from etl import catalog
from etl.__main__ import main
from etl.imports import prepare, save

OK = Path(__file__).parent / "fixtures" / "import_ok"


@pytest.fixture
def store(import_root):
    return import_root


def register(rows, name="r.csv"):
    """A register from (family, sex, age) triples."""
    text = "Matricule;Sexe;Famille;Âge\n" + "\n".join(f"K{i};{s};{f};{a}" for i, (f, s, a) in enumerate(rows))
    return text.encode(), name


def imported(rows, scope="essai", min_cell=5):
    data, name = register(rows)
    p = prepare(data, name, kind="register", scope=scope, ref_year=2025, min_cell=min_cell)
    assert p.problems == []
    return p


# ---- the rule itself --------------------------------------------------------------

SUPPRESS_CASES = [  # values, relations, expected status
    ([10, 3, 7], [[0, 1, 2]], [0, 1, 2]),  # a small part: the other part goes too
    ([20, 3, 7, 10], [[0, 1, 2, 3]], [0, 1, 2, 0]),  # ... the smallest other part
    ([3, 3, 0], [[0, 1, 2]], [1, 1, 0]),  # an empty cell reveals nobody
    ([40, 2, 3, 35], [[0, 1, 2, 3]], [0, 1, 1, 0]),  # two small parts protect each other
    (
        [30, 10, 20, 4, 6, 10, 10],  # two levels: the second hidden cell
        [[0, 1, 2], [1, 3, 4], [2, 5, 6]],
        [0, 0, 0, 1, 2, 0, 0],
    ),  # stays in its branch
    ([5, 5], [[0, 1]], [0, 0]),  # exactly the threshold is shown
]


@pytest.mark.parametrize("values,relations,expected", SUPPRESS_CASES)
def test_suppress(values, relations, expected):
    assert privacy.suppress(values, relations, 5).tolist() == expected


def unrecoverable(status, relations):
    return all(np.count_nonzero(status[r]) != 1 for r in relations)


@pytest.mark.parametrize("seed", range(30))
def test_suppress_never_leaves_a_single_hidden_term(seed):
    rng = np.random.default_rng(seed)
    grid = rng.integers(0, 9, size=(4, 5))  # a 4 x 5 table with its margins
    values = list(grid.ravel()) + list(grid.sum(axis=1)) + list(grid.sum(axis=0)) + [grid.sum()]

    def cell(i, j):
        return i * 5 + j

    row_t, col_t, grand = 20, 24, 29
    relations = [[row_t + i] + [cell(i, j) for j in range(5)] for i in range(4)]
    relations += [[col_t + j] + [cell(i, j) for i in range(4)] for j in range(5)]
    relations += [[grand] + [row_t + i for i in range(4)], [grand] + [col_t + j for j in range(5)]]
    status = privacy.suppress(values, relations, 5)
    assert unrecoverable(status, relations)
    small = (np.array(values) > 0) & (np.array(values) < 5)
    assert (status[small] != 0).all()


# ---- on an imported scope -----------------------------------------------------------

ROWS = (
    [("gestion", "F", 40)] * 30
    + [("gestion", "H", 41)] * 12
    + [("si", "F", 30)] * 2
    + [("si", "H", 30)] * 20
    + [("commercial", "F", 50)] * 9
    + [("commercial", "H", 50)] * 6
)


def check_protected(tables, raw, min_cell):
    """Independent check of the scope's visible numbers: small cells hidden, no
    relation between visible numbers leaves exactly one hidden."""
    hc, g, p = tables["headcount"], tables["gender"], tables["age_pyramid"]
    raw_hc = raw["headcount"].set_index("family")["headcount"]
    assert set(p["family"]) == {"TOTAL"} and p["age_band"].notna().all()  # 5-year bands, all families
    banded = privacy.banded_pyramid(raw["age_pyramid"])
    for frame, raw_frame, value in ((hc, raw["headcount"], "headcount"), (p, banded, "headcount")):
        small = raw_frame[value].between(1, min_cell - 1).to_numpy()
        assert frame["suppressed"].to_numpy()[small].all()
        assert frame.loc[frame["suppressed"], value].isna().all()
        assert frame.loc[~frame["suppressed"], value].notna().all()
    fams = hc[hc["family"] != "TOTAL"]
    total_hidden = bool(hc.loc[hc["family"] == "TOTAL", "suppressed"].iloc[0])
    assert fams["suppressed"].sum() + total_hidden != 1
    ens = g[g["population"] == "ensemble"]
    for fam, grp in ens.groupby("family"):
        fam_hidden = bool(hc.loc[hc["family"] == fam, "suppressed"].iloc[0])
        assert grp["suppressed"].sum() + fam_hidden != 1 or grp["suppressed"].all()
        if fam_hidden:
            assert grp["suppressed"].all()  # a share of a hidden total would give it back
    for (fam, sex), grp in p.groupby(["family", "sex"]):
        share = ens[(ens["family"] == fam) & (ens["sex"] == sex)]
        assert len(share) == 1
        sex_hidden = share.empty or bool(share["suppressed"].iloc[0])
        assert grp["suppressed"].sum() + sex_hidden != 1
    assert raw_hc["TOTAL"] == raw["headcount"].loc[raw["headcount"]["family"] != "TOTAL", "headcount"].sum()


def test_scope_tables_are_protected_consistently():
    p = imported(ROWS)
    check_protected(p.protected(), p.tables, 5)
    hc = p.protected()["headcount"].set_index("family")
    assert not hc.loc["si", "suppressed"]  # 22 people
    g = p.protected()["gender"]
    si_f = g[(g["family"] == "si") & (g["sex"] == "F") & (g["population"] == "ensemble")].iloc[0]
    assert si_f["suppressed"] and si_f["suppressed_label"] == "< 5" and np.isnan(si_f["share"])
    si_h = g[(g["family"] == "si") & (g["sex"] == "H") & (g["population"] == "ensemble")].iloc[0]
    assert si_h["suppressed"] and si_h["suppressed_label"] == "secret"  # 100 % - share would give it


@pytest.mark.parametrize("min_cell", [1, 3, 5, 10, 25])
def test_threshold_is_configurable(min_cell):
    p = imported(ROWS, min_cell=min_cell)
    check_protected(p.protected(), p.tables, min_cell)
    hidden = p.protected()["headcount"]["suppressed"].any()
    assert hidden == (min_cell > 15)


def test_cli_export_hides_small_cells(store, tmp_path):
    save(imported(ROWS, scope="mut_secret"))
    for table in ("headcount", "gender", "age_pyramid"):
        out = tmp_path / f"{table}.csv"
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert main(["export", table, "--scope", "mut_secret", "--out", str(out)]) == 0
        df = pd.read_csv(out, keep_default_na=False)
        value = privacy.VALUE_COLUMN[table]
        hidden = df[df["suppressed"].astype(str) == "True"]
        assert (hidden[value] == "").all()
        assert set(hidden["suppressed_label"]) <= {"< 5", "secret"}
    hc = pd.read_csv(tmp_path / "headcount.csv")
    assert hc["suppressed"].sum() == 0 or hc["headcount"].isna().sum() == hc["suppressed"].sum()
    pyr = pd.read_csv(tmp_path / "age_pyramid.csv")
    assert set(pyr["family"]) == {"TOTAL"}  # bands over all families
    shown = pd.to_numeric(pyr["headcount"], errors="coerce").dropna()
    assert ((shown == 0) | (shown >= 5)).all()
    assert pyr.loc[(pyr["sex"] == "F") & (pyr["age_band"] == "30-34 ans"), "suppressed_label"].iloc[0] == "< 5"
    # a lower threshold on the command line is the user's explicit choice
    with contextlib.redirect_stdout(io.StringIO()):
        main(["export", "age_pyramid", "--scope", "mut_secret", "--out", str(tmp_path / "p1.csv"), "--min-cell", "1"])
    assert pd.read_csv(tmp_path / "p1.csv")["headcount"].notna().all()


def test_cli_export_of_a_published_scope_is_unchanged(store, tmp_path):
    out = tmp_path / "b.csv"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["export", "headcount", "--scope", "branche", "--out", str(out)]) == 0
    df = pd.read_csv(out)
    pub = catalog.load("headcount")
    assert (df["headcount"].to_numpy() == pub.loc[pub["scope"] == "branche", "headcount"].to_numpy()).all()
    assert not df["suppressed"].any()


def test_export_neutralises_formulas(store, tmp_path, monkeypatch):
    evil = pd.DataFrame(
        {"scope": ["x"], "type": ['=HYPERLINK("http://x")'], "note": ["@SUM(A1)"], "other": ["-2+3"], "n": [-2.0]}
    )
    monkeypatch.setattr(catalog, "load", lambda name: evil)
    out = tmp_path / "e.csv"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["export", "establishments", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM" in text and "'-2+3" in text and ",-2.0" in text


def test_app_tables_are_protected_and_follow_imports(store):
    from app import data

    data._protected_operator.clear()
    data._load.clear()
    data._operator_thresholds.clear()
    stamp0 = data.store_stamp()
    before = data.table("headcount", privacy.DIFFUSION)
    assert {"suppressed", "suppressed_label"} <= set(before.columns) and not before["suppressed"].any()
    save(imported(ROWS, scope="mut_app"))
    stamp1 = data.store_stamp()
    assert stamp1 != stamp0
    hc = data.table("headcount", privacy.DIFFUSION)
    mine = hc[hc["scope"] == "mut_app"]
    assert len(mine) == 4 and "mut_app" in set(data.table("age_pyramid", privacy.DIFFUSION)["scope"])
    pyr = data.table("age_pyramid", privacy.DIFFUSION)
    band = pyr[(pyr["scope"] == "mut_app") & (pyr["sex"] == "F") & (pyr["age_band"] == "30-34 ans")]
    assert band["headcount"].isna().all() and band["suppressed"].all()  # the 2 women of si, aged 30
    full = data.table("headcount", privacy.ANALYSIS)  # the owner sees everything
    assert full.loc[(full["scope"] == "mut_app") & (full["family"] == "TOTAL"), "headcount"].iloc[0] == len(ROWS)
    assert not full["suppressed"].any()
    published = hc[hc["scope"] != "mut_app"].drop(columns=["suppressed", "suppressed_label"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(published, before.drop(columns=["suppressed", "suppressed_label"]))
    assert "import_mut_app" in set(data.table("sources")["source_id"])
    catalog_pop = catalog.default_population("mut_app")
    assert catalog_pop["headcount"].sum() == len(ROWS)  # the engine alone gets the raw cells
    from etl.imports.scopes import delete_scope

    delete_scope("mut_app")
    assert data.store_stamp() == stamp0
    assert "mut_app" not in set(data.table("headcount", privacy.DIFFUSION)["scope"])


def test_chart_data_of_the_preview_shows_labels_not_numbers():
    small = [("gestion", "F", 40)] * 30 + [("si", "H", 30)] * 3 + [("commercial", "F", 50)] * 8
    p = imported(small)
    shown = preview.family_preview(p.protected()["headcount"], p.scope)
    by = shown.set_index("family")
    assert by.loc["si", "display"] == "< 5" and np.isnan(by.loc["si", "headcount"])
    assert by.loc["commercial", "display"] == "secret" and np.isnan(by.loc["commercial", "headcount"])
    assert by.loc["gestion", "display"] == "30"
    assert "3" not in set(shown["display"]) and "8" not in set(shown["display"])
    csv = exports.to_csv_bytes(shown).decode()
    assert ",3," not in csv and ",8," not in csv and ",3.0," not in csv and ",8.0," not in csv
