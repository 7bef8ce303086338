"""Good files in every format give the same scope; the scope is served by the
catalog beside the published store, replaced atomically and alone, removed on
request; `python -m etl` and `python -m etl --check` still build as before."""

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from etl_cli import run

from etl import catalog
from etl.imports import prepare, save
from etl.imports.headers import norm

OK = Path(__file__).parent / "fixtures" / "import_ok"
REGISTERS = [
    ("registre_utf8_bom.csv", {}),
    ("registre_windows1252.tsv", {}),
    ("registre_virgule.csv", {}),
    ("registre_titre.xlsx", {"sheet": "Personnel"}),
    ("registre.parquet", {}),
    ("registre_autres_entetes.csv", {"mapping": "correspondance.json"}),
]


@pytest.fixture
def store(import_root):
    return import_root


def prep(name, kw, scope="essai", ref_year=2025, kind="register"):
    kw = dict(kw)
    if "mapping" in kw:
        kw["mapping"] = (OK / kw["mapping"]).read_bytes()
    return prepare((OK / name).read_bytes(), name, kind=kind, scope=scope, ref_year=ref_year, **kw)


def digest(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("name,kw", REGISTERS, ids=[r[0] for r in REGISTERS])
def test_every_format_gives_the_same_counts(store, name, kw):
    base = prep(*REGISTERS[0])
    other = prep(name, kw)
    assert other.problems == [] and other.rows == 30
    for table in ("headcount", "gender", "age_pyramid"):
        a = base.tables[table].drop(columns="method")
        b = other.tables[table].drop(columns="method")
        if table == "gender":  # without a statut / entry date column there are no cadres / recruits shares
            a = a[a["population"] == "ensemble"].reset_index(drop=True)
            b = b[b["population"] == "ensemble"].reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b)


def test_detection_is_reported(store):
    info = {name: prep(name, kw).info for name, kw in REGISTERS[:4]}
    assert info["registre_utf8_bom.csv"]["encodage"] == "UTF-8 avec BOM"
    assert info["registre_utf8_bom.csv"]["séparateur"] == "point-virgule"
    assert info["registre_windows1252.tsv"]["encodage"] == "Windows-1252"
    assert info["registre_windows1252.tsv"]["séparateur"] == "tabulation"
    assert info["registre_virgule.csv"]["séparateur"] == "virgule"
    assert info["registre_titre.xlsx"]["ligne d'en-tête"] == 3


def test_columns_are_listed_with_what_was_done(store):
    p = prep(*REGISTERS[0])
    done = {c["colonne"]: c["traitement"] for c in p.columns}
    assert done["Nom"].startswith("écartée") and done["Prénom"].startswith("écartée")
    assert "jamais stockée" in done["Matricule"]
    assert done["Sexe"] == "utilisée"
    p = prep(*REGISTERS[-1])
    assert p.ignored() == ["Service"]


def test_headers_are_compared_without_accents_case_spaces_or_little_words():
    assert norm("Date d'entrée") == norm("DATE_ENTREE") == norm(" date  entree ")
    assert norm("Famille de métiers") == norm("famille_metiers")
    assert norm("Prénom") == norm("PRENOM")


def test_register_counts_are_right(store):
    p = prep(*REGISTERS[0])
    hc = p.tables["headcount"].set_index("family")["headcount"]
    assert hc["TOTAL"] == 30 and hc.drop("TOTAL").sum() == 30
    assert set(hc.index) == {"gestion", "si", "commercial", "petite_enfance", "autonomie", "TOTAL"}
    fig = p.tables["figures"]
    for dim in ("classification", "contract", "seniority"):
        assert fig.loc[fig["dimension"] == dim, "value"].sum() == 30
    assert (p.tables["age_pyramid"]["status"] == "derived").all()
    assert p.tables["age_pyramid"]["method"].iloc[0] == "agrégé depuis un registre importé (30 lignes valides)"


def test_table_kind_spreads_bands_and_says_so(store):
    p = prep("tableau_oemm.csv", {}, kind="table", ref_year=2024)
    assert p.problems == []
    hc = p.tables["headcount"].set_index("family")["headcount"]
    assert hc["gestion"] == 120 + 1240 + 2010 + 1105 + 31 + 402 + 515 + 298
    pyr = p.tables["age_pyramid"]
    assert (pyr["status"] == "estimated").all()
    band = pyr[(pyr["family"] == "gestion") & (pyr["sex"] == "F") & pyr["age"].between(25, 34)]
    assert band["headcount"].sum() == 1240 and band["headcount"].max() - band["headcount"].min() <= 1
    assert pyr[(pyr["family"] == "gestion") & (pyr["sex"] == "F") & (pyr["age"] < 25)]["age"].min() == 18


def test_cli_import_export_list_delete(store, tmp_path):
    status, out, err = run(
        [
            "import",
            str(OK / "registre_utf8_bom.csv"),
            "--kind",
            "register",
            "--scope",
            "mutuelle_essai",
            "--ref-year",
            "2025",
        ]
    )
    assert status == 0, err
    assert "30 ligne(s) valide(s)" in out
    assert catalog.imported_scopes() == ["mutuelle_essai"]
    manifest = catalog.import_manifest("mutuelle_essai")
    assert manifest["kind"] == "register" and manifest["ref_years"] == [2025] and manifest["rows_valid"] == 30
    assert manifest["min_cell"] == 5 and manifest["tables"]["headcount"]["rows"] == 6
    status, out, _ = run(["imports"])
    assert out.startswith("mutuelle_essai : register, année 2025, 30 ligne(s)")
    dest = tmp_path / "out" / "effectifs.csv"
    status, out, _ = run(
        ["export", "headcount", "--scope", "mutuelle_essai", "--out", str(dest), "--dialect", "excel-fr"]
    )
    raw = dest.read_bytes()  # Excel (FR) is for people: the selection, then French headers
    assert status == 0 and raw.startswith("\ufeffSélection : Périmètre = ".encode("utf-8"))
    assert raw.decode("utf-8-sig").splitlines()[1].startswith("Périmètre;Famille;Année")
    status, out, _ = run(["delete-import", "mutuelle_essai"])
    assert status == 0 and catalog.imported_scopes() == []
    status, _, err = run(["delete-import", "mutuelle_essai"])
    assert status == 2 and "aucun périmètre importé de ce nom" in err


def test_check_writes_nothing(store):
    status, out, _ = run(
        [
            "import",
            str(OK / "registre_utf8_bom.csv"),
            "--kind",
            "register",
            "--scope",
            "essai",
            "--ref-year",
            "2025",
            "--check",
        ]
    )
    assert status == 0 and out.strip().endswith("année 2025") and catalog.imported_scopes() == []


def test_published_store_is_never_touched_and_a_reimport_replaces_only_its_scope(store):
    published = digest(catalog.store_dir())
    save(prep(*REGISTERS[0], scope="alpha"))
    save(prep("tableau_oemm.csv", {}, scope="beta", kind="table", ref_year=2024))
    beta = digest(catalog.imports_dir() / "beta")
    save(prep(*REGISTERS[3], scope="alpha"))
    assert digest(catalog.store_dir()) == published
    assert digest(catalog.imports_dir() / "beta") == beta
    assert catalog.imported_scopes() == ["alpha", "beta"]
    leftovers = [p.name for p in catalog.imports_dir().iterdir() if p.name.startswith(".") and p.is_dir()]
    assert leftovers == []


def test_catalog_serves_imported_scopes_beside_the_published_rows(store):
    published = {name: catalog.load(name) for name in ("headcount", "gender", "age_pyramid", "figures", "sources")}
    save(prep(*REGISTERS[0], scope="alpha"))
    for name, before in published.items():
        after = catalog.load(name)
        assert list(after.columns) == list(before.columns)
        assert dict(after.dtypes) == dict(before.dtypes)
        pd.testing.assert_frame_equal(after.iloc[: len(before)], before)
        if "scope" in after:
            assert set(after.iloc[len(before) :]["scope"]) == {"alpha"}
    sources = catalog.load("sources").set_index("source_id")
    assert sources.loc["import_alpha", "publisher"] == "Import utilisateur"
    for name in ("headcount", "gender", "age_pyramid", "figures"):
        assert set(catalog.load(name)["source_id"]) <= set(sources.index)
    pop = catalog.default_population("alpha")
    assert list(pop.columns) == ["family", "sex", "age", "headcount"] and pop["headcount"].sum() == 30
    assert catalog.default_population().equals(catalog.default_population("branche"))


def test_build_commands_are_unchanged(store):
    status, out, _ = run(["--check"])
    assert status == 0 and "vérification réussie, rien n'a été écrit" in out
    status, out, _ = run([])
    assert status == 0 and "aucun fichier modifié" in out
    status, out, _ = run(["build", "--check"])
    assert status == 0


def test_mapping_file_is_plain_json(store):
    mapping = json.loads((OK / "correspondance.json").read_text(encoding="utf-8"))
    p = prepare(
        (OK / "registre_autres_entetes.csv").read_bytes(),
        "x.csv",
        kind="register",
        scope="essai",
        ref_year=2025,
        mapping=mapping,
    )
    assert p.problems == [] and p.rows == 30


def test_a_late_windows_1252_line_is_read_in_its_own_encoding(store):
    """Beyond the first megabyte the encoding is checked by pyarrow as it reads; a
    Windows-1252 line pasted after UTF-8 ones is still understood."""
    head = "Matricule;Nom;Sexe;Famille de métiers;Âge\n"
    body = "".join(f"A{i};Héloïse;F;Systèmes d'information;40\n" for i in range(40000))
    data = (head + body).encode("utf-8") + "Z1;Zoé;H;Systèmes d'information;41\n".encode("cp1252")
    assert len(data) > 1 << 20
    p = prepare(data, "mele.csv", kind="register", scope="essai", ref_year=2025)
    assert p.problems == [] and p.rows == 40001
    assert p.info["encodage"] == "UTF-8 et Windows-1252 mêlés"
    assert p.tables["headcount"].set_index("family").loc["si", "headcount"] == 40001


def test_quoted_values_spanning_lines_across_blocks(store, monkeypatch):
    """The fast parse splits blocks at any newline; a quoted value spanning lines at a
    block boundary must make it read the file again the careful way, not lose rows."""
    import pyarrow.csv as pv

    rows = ["Matricule;Sexe;Famille;Âge;Emploi"] + [f'A{i};F;gestion;40;"poste\nsur deux lignes"' for i in range(20000)]
    data = ("\n".join(rows) + "\n").encode()
    small = pv.ReadOptions
    monkeypatch.setattr(pv, "ReadOptions", lambda **kw: small(**{**kw, "block_size": 1 << 16}))
    p = prepare(data, "multi.csv", kind="register", scope="essai", ref_year=2025)
    assert p.problems == [] and p.rows == 20000
