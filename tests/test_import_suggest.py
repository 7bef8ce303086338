"""What the upload page proposes to fix a refused file (etl/imports/suggest.py): the
meaning of an unknown value, the mapping built from the user's choices (the JSON that
`--mapping` reads), a scope id from a display name, the reference year of a file;
and the importer's wording for the page (no option, no family code) beside the
command line's, which keeps its advice."""

import datetime as dt
import json
from pathlib import Path

import pytest
from etl_cli import run

from app import import_preview as preview
from core import labels
from etl import catalog
from etl.imports import prepare, save, suggest, wording
from etl.imports.mapping import parse_mapping

OK = Path(__file__).parent / "fixtures" / "import_ok"
BAD = Path(__file__).parent / "fixtures" / "import_bad"
TODAY = dt.date(2026, 6, 1)
PAGE = wording.page(
    {
        "--scope": labels.IMP_SCOPE,
        "--name": labels.IMP_DISPLAY_NAME,
        "--ref-year": labels.IMP_REF_YEAR,
        "--min-cell": labels.IMP_MIN_CELL,
    }
)
CODES = ("produit_risque", "optique_audio_pharma", "medicosocial_sanitaire", "moteurs_changement")


@pytest.fixture
def store(import_root):
    return import_root


def register_with(tmp_path: Path, family: str, name: str = "registre.csv") -> Path:
    """The good register of the fixtures, its information systems people filed under `family`."""
    text = (OK / "registre_utf8_bom.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / name
    path.write_text(text.replace(";Systèmes d'information;", f";{family};"), encoding="utf-8")
    return path


# ---- suggestions ---------------------------------------------------------------------

SUGGESTIONS = [
    ("family", "Informatique", "si"),
    ("family", "INFORMATIQUE", "si"),
    ("family", "IT", "si"),
    ("family", "DSI", "si"),
    ("family", "Service informatique", "si"),
    ("family", "Systemes d'informations", "si"),  # a letter too many
    ("family", "Informatik", "si"),  # misspelt
    ("family", "Comptabilité", "support"),  # accounting is a support function in the nomenclatures
    ("family", "compta", "support"),
    ("family", "Finance", "support"),
    ("family", "RH", "support"),
    ("family", "Contrôle de gestion", "support"),  # the longest phrase wins over "gestion"
    ("family", "Vente", "commercial"),
    ("family", "Commerciaux", "commercial"),
    ("family", "Accueil", "commercial"),
    ("family", "Back-office", "gestion"),
    ("family", "Gestion des sinistres", "gestion"),
    ("family", "Actuariat", "produit_risque"),
    ("family", "Pharmacie", "optique_audio_pharma"),
    ("family", "Infirmiers", "medicosocial_sanitaire"),
    ("family", "Aide à domicile", "autonomie"),
    ("family", "Crèches", "petite_enfance"),
    ("family", "Encadrement", "moteurs_changement"),
    ("family", "Xyzzy", None),  # nothing close: no suggestion
    ("family", "Autres", None),
    ("family", "Direction", None),
    ("family", "Commercial et informatique", None),  # two families equally close: none
    ("family", "", None),
    ("sex", "1", "H"),
    ("sex", "2", "F"),
    ("sex", "Masc.", "H"),
    ("sex", "?", None),
    ("status", "Cadre dirigeant", "cadres"),
    ("status", "Non-cadre (ETAM)", "non cadres"),
    ("status", "chef", None),
    ("contract", "stage long", "stage"),
    ("contract", "CDI temps partiel", "CDI"),
    ("contract", "Saisonnier", "CDD"),
    ("livre", "Livre II bis", 2),
    ("livre", "Livre trois", 3),
]


@pytest.mark.parametrize("fld,text,expected", SUGGESTIONS, ids=[f"{f}:{t}" for f, t, _ in SUGGESTIONS])
def test_suggestion(fld, text, expected):
    assert suggest.suggest(fld, text) == expected


def test_every_suggestion_is_a_choice():
    for fld, phrases in suggest.SYNONYMS.items():
        assert set(phrases) <= set(suggest.CHOICES[fld]), fld


# ---- the mapping built from choices -------------------------------------------------------


def test_mapping_from_choices_is_a_mapping_the_command_line_accepts():
    choices = {
        "family": {"Informatique": "si", "Crèches": "petite_enfance", "Divers": None},
        "sex": {"1": "H", "2": "F"},
        "status": {"chef": "cadres"},
        "contract": {"stage long": "stage"},
        "livre": {"L. II": 2},
    }
    mapping = suggest.mapping_from_choices(choices)
    assert mapping == {
        "familles": {"Informatique": "si", "Crèches": "petite_enfance"},
        "valeurs": {
            "sexe": {"1": "H", "2": "F"},
            "statut": {"chef": "cadres"},
            "contrat": {"stage long": "stage"},
            "livre": {"L. II": 2},
        },
    }
    parsed, problems = parse_mapping(suggest.mapping_json(mapping), "correspondance.json", "register")
    assert problems == []
    assert parsed.families == {"Informatique": "si", "Crèches": "petite_enfance"}
    assert parsed.values == {
        "sex": {"1": "H", "2": "F"},
        "status": {"chef": "cadres"},
        "contract": {"stage long": "stage"},
        "livre": {"L. II": 2},
    }


def test_choices_are_added_to_an_uploaded_mapping():
    uploaded = (OK / "correspondance.json").read_bytes()
    base = suggest.base_mapping(uploaded)
    mapping = suggest.mapping_from_choices({"family": {"Accueil": "commercial"}, "sex": {"X": "F"}}, base)
    assert mapping["colonnes"] == json.loads(uploaded)["colonnes"]
    assert mapping["familles"]["Back-office"] == "gestion" and mapping["familles"]["Accueil"] == "commercial"
    assert mapping["valeurs"] == {"sexe": {"1": "H", "2": "F", "X": "F"}}  # the uploaded section, extended
    assert base == json.loads(uploaded)  # not changed in place
    assert parse_mapping(suggest.mapping_json(mapping), "correspondance.json", "register")[1] == []


@pytest.mark.parametrize(
    "data,expected",
    [
        (None, {}),
        (b'{"familles": {"A": "si"}}', {"familles": {"A": "si"}}),
        (b"{oops", None),
        (b"[1]", None),
        (b'{"familles": ["si"]}', None),
        (b'{"valeurs": {"sexe": "H"}}', None),
    ],
)
def test_base_mapping(data, expected):
    assert suggest.base_mapping(data) == expected


def test_a_table_mapping_too():
    choices = {"family": {"Informatique": "si"}, "sex": {"Dames": "F"}, "status": {"chef": "cadres"}}
    mapping = suggest.mapping_from_choices(choices, kind="table")
    assert mapping == {"familles": {"Informatique": "si"}, "valeurs": {"sexe": {"Dames": "F"}}}  # no status in a table
    assert parse_mapping(mapping, "correspondance.json", "table")[1] == []


# ---- scope id and display name ----------------------------------------------------------


@pytest.mark.parametrize(
    "text,taken,expected",
    [
        ("Mutuelle Exemple", (), "mutuelle_exemple"),
        ("Ma Mutuelle", (), "ma_mutuelle"),
        ("  Mutuelle   de l'Est  ", (), "mutuelle_de_l_est"),
        ("Œuvres sociales", (), "oeuvres_sociales"),
        ("MUTUELLE_DURAND", (), "mutuelle_durand"),
        ("2024 registre", (), "perimetre_2024_registre"),
        ("Branche", {"branche"}, "branche_import"),
        ("x" * 60, (), "x" * 40),
        ("!!", (), ""),
        ("A", (), ""),
        ("", (), ""),
    ],
)
def test_scope_id(text, taken, expected):
    got = suggest.scope_id(text, taken)
    assert got == expected
    if got:
        from etl.imports.scopes import SCOPE_PATTERN

        assert SCOPE_PATTERN.match(got)


def test_display_name_is_saved_and_shown(store):
    prepared = prepare(
        (OK / "registre_utf8_bom.csv").read_bytes(),
        "registre.csv",
        kind="register",
        scope="mutuelle_exemple",
        ref_year=2025,
        display_name="  Mutuelle Exemple ",
    )
    assert prepared.ok and prepared.display_name == "Mutuelle Exemple"
    assert labels.scope_label("mutuelle_exemple") == "mutuelle_exemple"  # not imported yet
    save(prepared)
    assert catalog.import_manifest("mutuelle_exemple")["display_name"] == "Mutuelle Exemple"
    title = prepared.tables["sources"]["title"].iloc[0]
    assert title == "Registre du personnel importé, périmètre « Mutuelle Exemple »"
    assert labels.scope_label("mutuelle_exemple") == "Mutuelle Exemple (importé)"
    assert labels.scope_short("mutuelle_exemple") == "Mutuelle Exemple"
    assert preview.imported_scopes_table()["nom"].tolist() == ["Mutuelle Exemple"]
    # imported again under another name: the label follows the new manifest
    again = prepare(
        (OK / "registre_utf8_bom.csv").read_bytes(),
        "registre.csv",
        kind="register",
        scope="mutuelle_exemple",
        ref_year=2025,
        display_name="Mutuelle Exemple (Sud)",
    )
    save(again)
    assert labels.scope_label("mutuelle_exemple") == "Mutuelle Exemple (Sud) (importé)"
    assert labels.scope_short("mutuelle_exemple") == "Mutuelle Exemple (Sud)"


def test_a_scope_without_display_name_keeps_its_id(store):
    save(
        prepare(
            (OK / "registre_utf8_bom.csv").read_bytes(),
            "registre.csv",
            kind="register",
            scope="sans_nom",
            ref_year=2025,
        )
    )
    assert "display_name" not in catalog.import_manifest("sans_nom")
    assert labels.scope_label("sans_nom") == "sans_nom (importé)"


def test_display_name_on_the_command_line(store):
    status, out, err = run(
        [
            "import",
            str(OK / "registre_utf8_bom.csv"),
            "--kind",
            "register",
            "--scope",
            "mut_cli",
            "--name",
            "Mutuelle Ligne",
            "--ref-year",
            "2025",
        ]
    )
    assert status == 0, err
    assert labels.scope_label("mut_cli") == "Mutuelle Ligne (importé)"
    status, out, _ = run(["imports"])
    assert "mut_cli « Mutuelle Ligne »" in out


def test_a_display_name_cannot_name_two_scopes(store):
    save(
        prepare(
            (OK / "registre_utf8_bom.csv").read_bytes(),
            "r.csv",
            kind="register",
            scope="mut_a",
            ref_year=2025,
            display_name="Mutuelle Exemple",
        )
    )
    other = prepare(
        (OK / "registre_utf8_bom.csv").read_bytes(),
        "r.csv",
        kind="register",
        scope="mut_b",
        ref_year=2025,
        display_name="mutuelle exemple",
    )
    assert [str(p) for p in other.problems] == [
        "--name: « mutuelle exemple » est déjà le nom du périmètre importé « mut_a » : choisir un autre nom "
        "(ou importer à nouveau ce périmètre-là)"
    ]
    same = prepare(
        (OK / "registre_utf8_bom.csv").read_bytes(),
        "r.csv",
        kind="register",
        scope="mut_a",
        ref_year=2025,
        display_name="Mutuelle Exemple",
    )
    assert same.ok
    published = prepare(
        (OK / "registre_utf8_bom.csv").read_bytes(),
        "r.csv",
        kind="register",
        scope="mut_c",
        ref_year=2025,
        display_name="Branche Mutualité",
        wording=PAGE,
    )
    assert [(p.file, p.line) for p in published.problems] == [(labels.IMP_DISPLAY_NAME, None)]


# ---- the reference year ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,expected",
    [
        ("registre_2024.csv", 2024),
        ("Registre 2023.xlsx", 2023),
        ("export_20250131.xlsx", 2025),
        ("effectifs_2023-2024.csv", 2024),
        ("2022_personnel.parquet", 2022),
        ("registre.csv", None),
        ("export_1234.csv", None),
        ("registre_2031.csv", None),
        ("code_12345.csv", None),
        ("x_20241399.csv", None),
        ("registre_2024.2025/base.csv", None),
    ],
)
def test_year_in_name(name, expected):
    assert suggest.year_in_name(name, TODAY) == expected


def test_latest_year_of_a_date_column():
    from etl.imports import values as v

    texts = ["01/03/2019", "2023-11-30", "", "31/02/2020", "n'importe", "01/09/2030"]
    assert suggest.latest_year(texts, v.read_date, TODAY) == 2023  # unreadable and future dates left out
    assert suggest.latest_year(["2021", "2024", "total"], v.read_year, TODAY) == 2024
    assert suggest.latest_year([], v.read_date, TODAY) is None


@pytest.mark.parametrize(
    "column,name,entries,expected",
    [
        ((2022, "Année"), "registre_2024.csv", (2025, "Date d'entrée"), ("column", 2022)),
        (None, "registre_2025.csv", (2023, "Date d'entrée"), ("file_name", 2025)),
        (None, "registre_2025.csv", (2025, "Date d'entrée"), ("file_name", 2025)),
        (None, "registre_2024.csv", (2025, "Date d'entrée"), ("entry_dates", 2025)),  # hired after the name's year
        (None, "registre.csv", (2025, "Date d'entrée"), ("entry_dates", 2025)),
        (None, "registre.csv", None, None),
    ],
)
def test_year_sources_in_order(column, name, entries, expected):
    hint = suggest.choose_year(column, name, entries, TODAY)
    assert (hint.source, hint.year) == expected if expected else hint is None


def test_ref_year_hint_reads_the_file(tmp_path):
    register = (OK / "registre_utf8_bom.csv").read_bytes()
    hint = suggest.ref_year_hint(register, "registre_utf8_bom.csv", "register", today=TODAY)
    assert hint == suggest.YearHint(2025, "entry_dates", "Date d'entrée")  # birth dates are not looked at
    assert suggest.ref_year_hint(register, "registre_2026.csv", "register", today=TODAY) == suggest.YearHint(
        2026, "file_name", "registre_2026.csv"
    )
    table = "Famille;Sexe;Année;Effectif\ngestion;F;2021;10\ngestion;F;2023;12\n".encode()
    assert suggest.ref_year_hint(table, "tableau_2020.csv", "table", today=TODAY) == suggest.YearHint(
        2023, "column", "Année"
    )
    assert suggest.ref_year_hint(b"\x89PNG...", "image.csv", "register", today=TODAY) is None
    xlsx = (OK / "registre_titre.xlsx").read_bytes()
    assert suggest.ref_year_hint(xlsx, "registre_titre.xlsx", "register", sheet="Personnel", today=TODAY).year == 2025


# ---- wording: the page names its fields and the families, the command line its options ---------------


def test_an_unknown_family_on_the_page(tmp_path, store):
    path = register_with(tmp_path, "Informatique")
    page = prepare(path.read_bytes(), path.name, kind="register", scope="mut_x", ref_year=2025, wording=PAGE)
    assert page.unknown == {"family": [("Informatique", 4)]}
    text = " ".join(p.message for p in page.problems)
    assert "--mapping" not in text and not any(code in text for code in CODES) and "codes" not in text
    assert page.problems[0].message == (
        "« Informatique » : famille de métiers inconnue (choisir sa correspondance sous ce tableau)"
    )
    cli = prepare(path.read_bytes(), path.name, kind="register", scope="mut_x", ref_year=2025)
    assert "d'autres libellés se déclarent dans --mapping" in cli.problems[0].message
    assert cli.unknown == page.unknown
    fixed = suggest.mapping_from_choices({"family": {"Informatique": suggest.suggest("family", "Informatique")}})
    again = prepare(
        path.read_bytes(),
        path.name,
        kind="register",
        scope="mut_x",
        ref_year=2025,
        wording=PAGE,
        mapping=suggest.mapping_json(fixed),
        mapping_name="correspondance.json",
    )
    assert again.ok and again.unknown == {}
    assert again.tables["headcount"].set_index("family").loc["si", "headcount"] == 8


def test_unknown_values_are_counted_once_per_spelling(tmp_path):
    text = "Sexe;Famille;Âge;Statut\n" + "".join(
        f"{s};{f};40;{st}\n"
        for s, f, st in [
            ("F", "Informatique", "chef"),
            ("F", "informatique ", "Chef"),
            ("H", "INFORMATIQUE", "cadre"),
            ("X", "Crèche", "cadre"),
            ("F", "", "cadre"),
            ("F", "Total", "cadre"),
        ]
    )
    got = prepare(text.encode(), "r.csv", kind="register", scope="mut_y", ref_year=2025, wording=PAGE)
    assert got.unknown == {
        "sex": [("X", 1)],
        "family": [("Informatique", 3), ("Crèche", 1)],
        "status": [("chef", 2)],
    }  # a missing family or a total row is no value to map


def test_option_problems_on_the_page_name_the_field(store):
    data = (BAD / "registre_valide.csv").read_bytes()
    got = prepare(data, "registre_valide.csv", kind="register", scope="branche", ref_year=1850, wording=PAGE)
    table = preview.problems_table(got.problems)
    assert table["fichier"].tolist()[:2] == [labels.IMP_SCOPE, labels.IMP_REF_YEAR]
    assert table["ligne"].tolist()[:2] == ["", ""]
    assert "None" not in table.to_string() and "--" not in table.to_string()
    empty = prepare(data, "registre_valide.csv", kind="register", scope="", ref_year=2025, wording=PAGE)
    assert empty.problems[0].message.startswith("nom de périmètre manquant")


def test_other_hints_on_the_page(store):
    missing = prepare(
        (BAD / "colonne_manquante.csv").read_bytes(),
        "c.csv",
        kind="register",
        scope="mut_z",
        ref_year=2025,
        wording=PAGE,
    )
    assert missing.problems[0].message.endswith(
        "une correspondance (fichier JSON) peut indiquer quelle colonne le donne)"
    )
    double = prepare(
        (BAD / "colonne_en_double.csv").read_bytes(),
        "d.csv",
        kind="register",
        scope="mut_z",
        ref_year=2025,
        wording=PAGE,
    )
    assert double.problems[0].message.endswith("en ignorer une dans une correspondance (fichier JSON)")
    bad_map = prepare(
        (BAD / "avec_correspondance_invalide.csv").read_bytes(),
        "a.csv",
        kind="register",
        scope="mut_z",
        ref_year=2025,
        wording=PAGE,
        mapping=(BAD / "correspondance_cible_inconnue.json").read_bytes(),
    )
    family = [p.message for p in bad_map.problems if p.column == "familles"][0]
    assert "Systèmes d'information" in family and not any(code in family for code in CODES)
