"""The upload page (/import), driven by Streamlit's AppTest: a file is previewed and
checked in the session, refusals come as a table, nothing is written until the user
saves, the preview chart carries labels for hidden cells, a scope can be removed."""

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import labels
from etl import catalog
from etl.imports import suggest
from etl.imports.mapping import parse_mapping

ROOT = Path(catalog.ROOT)
PAGE = str(ROOT / "views" / "import.py")
OK = Path(__file__).parent / "fixtures" / "import_ok"
BAD = Path(__file__).parent / "fixtures" / "import_bad"


@pytest.fixture
def store(import_root, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    return import_root


def frame(at: AppTest, column: str):
    """The table of the page that has `column` (AppTest finds dataframes and static
    tables by position)."""
    found = [d.value for d in [*at.dataframe, *at.table] if column in d.value.columns]
    assert found, f"no table with a column {column!r}"
    return found[0]


def page_with(
    path: Path, scope: str = "mut_page", kind: str = "register", year: int | None = 2025, name: str | None = None
) -> AppTest:
    """The page with `path` dropped, as a person does it: the file first (the year
    then moves to the one the file suggests), then the settings."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    at.file_uploader(key="imp.file").set_value((path.name, path.read_bytes(), "text/csv"))
    at.radio(key="imp.kind").set_value(kind)
    at.run()
    if name is not None:
        at.text_input(key="imp.name").set_value(name)
    if scope is not None:
        at.text_input(key="imp.scope").set_value(scope)
    if year is not None:
        at.number_input(key="imp.year").set_value(year)
    at.run()
    assert not at.exception, at.exception
    return at


def test_page_opens_without_a_file(store):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Importer des données"
    assert any("Déposez un fichier" in i.value for i in at.info)


def test_preview_then_save(store):
    at = page_with(OK / "registre_utf8_bom.csv")
    columns = frame(at, "traitement")
    assert "écartée à la lecture (donnée personnelle)" in set(columns["traitement"])
    assert any("30 ligne(s) valide(s)" in s.value for s in at.success)
    assert catalog.imported_scopes() == []  # nothing written before the user says so
    at.button(key="imp.save").click()
    at.run()
    assert not at.exception
    assert catalog.imported_scopes() == ["mut_page"]
    at.run()
    assert frame(at, "périmètre")["périmètre"].tolist() == ["mut_page"]


def test_refusals_are_a_table_and_nothing_is_written(store):
    at = page_with(BAD / "plusieurs_problemes.csv")
    problems = frame(at, "problème")
    assert list(problems.columns) == ["fichier", "ligne", "colonne", "problème"]
    assert len(problems) == 6 and problems["ligne"].tolist() == ["2", "3", "3", "3", "4", "4"]
    assert at.error and "rien n'a été enregistré" in at.error[0].value
    assert not [b for b in at.button if b.key == "imp.save"]
    assert catalog.imported_scopes() == []


def test_a_renamed_image_is_a_sentence(store):
    at = page_with(BAD / "image_renommee.csv")
    problems = frame(at, "problème")
    assert "c'est une image PNG" in problems["problème"].iloc[0]


def test_preview_shows_the_owner_full_counts_and_what_diffusion_hides(store):
    """The preview is the owner's (analysis): every family with its count, marked
    internal; the caption says which families a diffusion view hides."""
    at = page_with(OK / "registre_utf8_bom.csv")
    chart = at.get("plotly_chart")[0]
    fig = json.loads(chart.proto.spec)
    bar = fig["data"][0]
    assert all(isinstance(x, (int, float)) and x > 0 for x in bar["x"])
    assert not {"< 5", "secret"} & set(bar["text"])
    assert sum(bar["x"][:-1]) == bar["x"][-1] or "TOTAL" not in str(bar["y"])
    notes = " ".join(c.value for c in at.caption)
    assert "En diffusion" in notes and "« < 5 »" in notes


def test_delete_an_imported_scope(store):
    at = page_with(OK / "registre_utf8_bom.csv", scope="mut_gone")
    at.button(key="imp.save").click()
    at.run()
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    at.selectbox(key="imp.delete_choice").set_value("mut_gone")
    at.run()
    at.button(key="imp.delete").click()
    at.run()
    assert catalog.imported_scopes() == []


# ---- fixing a refused file in the page ------------------------------------------------------

CODES = ("produit_risque", "optique_audio_pharma", "medicosocial_sanitaire", "moteurs_changement", "petite_enfance")


def shown_text(at: AppTest) -> str:
    """Everything the page shows: every element's message (labels, options, help,
    bodies) and the content of its tables."""
    parts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        value = getattr(node, "value", None)
        if hasattr(value, "to_string"):
            parts.append(value.to_string())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def register_with(tmp_path: Path, family: str, name: str = "registre_informatique.csv") -> Path:
    text = (OK / "registre_utf8_bom.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / name
    path.write_text(text.replace(";Systèmes d'information;", f";{family};"), encoding="utf-8")
    return path


def fix_box(at: AppTest, text: str):
    found = [s for s in at.selectbox if s.key and s.key.startswith("imp.fix.") and f"« {text} »" in s.label]
    assert len(found) == 1, [s.label for s in at.selectbox]
    return found[0]


def test_an_unknown_family_is_mapped_from_the_page(store, tmp_path):
    at = page_with(register_with(tmp_path, "Informatique"))
    problems = frame(at, "problème")
    assert (
        problems["problème"].tolist()
        == ["« Informatique » : famille de métiers inconnue (choisir sa correspondance sous ce tableau)"] * 4
    )
    box = fix_box(at, "Informatique")
    assert box.label == "« Informatique » (4 ligne(s))"
    assert box.options[box.index] == "Systèmes d'information"  # the closest family, by its French label
    assert "Petite enfance" in box.options
    text = shown_text(at)
    assert "famille de métiers inconnue" in text and "Petite enfance" in text  # the walk sees tables and options
    assert "--mapping" not in text and not any(code in text for code in CODES)
    assert not [b for b in at.button if b.key == "imp.save"]

    at.button(key="imp.fix_apply").click()
    at.run()
    assert not at.exception, at.exception
    assert not at.error
    assert any("30 ligne(s) valide(s)" in s.value for s in at.success)
    assert any("« Informatique » → Systèmes d'information" in i.value for i in at.info)
    download = at.get("download_button")[0]
    assert download.proto.label == labels.IMP_MAPPING_DOWNLOAD
    assert "--mapping" not in shown_text(at)
    # the mapping applied (and offered) is made of the choice, in the format of --mapping
    choices = at.session_state["imp.choices"]["choices"]
    assert choices == {"family": {"Informatique": "si"}}
    mapping = suggest.mapping_json(suggest.mapping_from_choices(choices))
    assert parse_mapping(mapping, labels.IMP_MAPPING_FILE, "register")[1] == []

    at.button(key="imp.save").click()
    at.run()
    assert catalog.imported_scopes() == ["mut_page"]
    hc = pd.read_parquet(catalog.imports_dir() / "mut_page" / "headcount.parquet")
    assert hc.set_index("family").loc["si", "headcount"] == 8


def test_a_value_without_suggestion_waits_for_a_choice(store, tmp_path):
    at = page_with(register_with(tmp_path, "Xyzzy"))
    box = fix_box(at, "Xyzzy")
    assert box.index is None  # nothing close: nothing pre-selected
    at.button(key="imp.fix_apply").click()
    at.run()
    assert frame(at, "problème")["problème"].str.contains("Xyzzy").all()  # still refused
    fix_box(at, "Xyzzy").set_value("support")
    at.button(key="imp.fix_apply").click()
    at.run()
    assert any("30 ligne(s) valide(s)" in s.value for s in at.success)
    at.button(key="imp.mapping_forget").click()
    at.run()
    assert at.error and fix_box(at, "Xyzzy")


def test_a_setting_problem_names_the_field(store):
    at = page_with(OK / "registre_utf8_bom.csv", scope="branche")
    problems = frame(at, "problème")
    assert problems["fichier"].tolist() == [labels.IMP_SCOPE] and problems["ligne"].tolist() == [""]
    assert "--scope" not in shown_text(at) and "None" not in problems.to_string()


def test_problem_messages_are_shown_whole(store):
    at = page_with(BAD / "plusieurs_problemes.csv")
    assert not [d for d in at.dataframe if "problème" in d.value.columns]  # a static table: no cell cut
    long = max(frame(at, "problème")["problème"], key=len)
    assert long.endswith(
        "(valeurs acceptées : CDI, CDD, alternance, intérim, stage, autre ; "
        "ou choisir sa correspondance sous ce tableau)"
    )


def test_a_typed_scope_id_is_made_valid(store):
    at = page_with(OK / "registre_utf8_bom.csv", scope="Ma Mutuelle")
    assert at.text_input(key="imp.scope").value == "ma_mutuelle"
    assert any("« ma_mutuelle » est proposé" in c.value for c in at.caption)
    assert not at.error


def test_the_display_name_gives_the_id_and_the_label(store):
    at = page_with(OK / "registre_utf8_bom.csv", scope=None, name="Mutuelle Exemple")
    assert at.text_input(key="imp.scope").value == "mutuelle_exemple"
    at.button(key="imp.save").click()
    at.run()
    assert not at.exception
    assert catalog.import_manifest("mutuelle_exemple")["display_name"] == "Mutuelle Exemple"
    assert labels.scope_label("mutuelle_exemple") == "Mutuelle Exemple (importé)"
    assert any("« Mutuelle Exemple » enregistré" in s.value for s in at.success)


def test_the_year_starts_on_the_one_the_file_suggests(store, tmp_path):
    path = tmp_path / "registre_2024.csv"
    path.write_bytes((BAD / "registre_valide.csv").read_bytes())
    at = page_with(path, year=None)
    assert at.number_input(key="imp.year").value == 2024
    assert any("d'après le nom du fichier « registre_2024.csv »" in c.value for c in at.caption)
    at = page_with(OK / "registre_utf8_bom.csv", year=None)
    assert at.number_input(key="imp.year").value == 2025
    assert any("date d'entrée la plus récente" in c.value for c in at.caption)


def test_after_saving_links_open_the_pages_on_the_scope(store):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    at.switch_page("views/import.py").run()
    at.file_uploader(key="imp.file").set_value(
        ("registre.csv", (OK / "registre_utf8_bom.csv").read_bytes(), "text/csv")
    )
    at.run()
    at.text_input(key="imp.scope").set_value("mut_liens")
    at.run()
    at.button(key="imp.save").click()
    at.run()
    assert not at.exception, at.exception
    links = {p.proto.label: (p.proto.page, p.proto.query_string) for p in at.get("page_link") if p.proto.query_string}
    assert links == {
        label: (path, "perimetre=mut_liens")
        for label, path in [
            ("Familles et métiers", "familles"),
            ("Âges et départs", "ages"),
            ("Égalité femmes-hommes", "egalite"),
            ("Scénarios GPEC", "scenarios"),
        ]
    }


# ---- bounded inputs (docs/import.md, « Limites ») ----------------------------------------------


def largest_element(at: AppTest) -> int:
    """Bytes of the largest element the page sends (Streamlit's server.maxMessageSize
    bounds each message)."""
    sizes = [0]

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            sizes.append(proto.ByteSize())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return max(sizes)


def test_a_file_over_the_page_limit_is_a_sentence_and_is_not_read(store, tmp_path, monkeypatch):
    monkeypatch.setenv("RELEVE_MAX_UPLOAD_MB", "1")
    rows = "\n".join(f"A{i};F;gestion;40" for i in range(80_000))
    path = tmp_path / "gros.csv"
    path.write_text("Matricule;Sexe;Famille de métiers;Âge\n" + rows + "\n", encoding="utf-8")
    read = []
    monkeypatch.setattr(suggest, "ref_year_hint", lambda *a, **k: read.append(a))
    at = page_with(path, year=None)  # the page stops before the year field
    assert [e.value for e in at.error] == [labels.IMP_TOO_BIG.format(file="gros\\.csv", size="1,5 Mo", limit="1,0 Mo")]
    assert not read and not [d for d in [*at.dataframe, *at.table] if "problème" in d.value.columns]


def test_a_zip_bomb_is_two_short_lines_in_the_page(store, tmp_path):
    """The issue: a workbook inflating to hundreds of Mo took 6,3 Go and ended in
    Streamlit's English MessageSizeError. Here: two lines, nothing big sent."""
    from test_limits import register_rows, write_xlsx

    bomb = write_xlsx(tmp_path / "bombe.xlsx", register_rows(2), strings_mb=100)
    at = page_with(bomb)
    problems = frame(at, "problème")["problème"].tolist()
    assert len(problems) == 1
    assert problems[0].startswith("partie « xl/sharedStrings.xml » : 100 Mo une fois décompressée, au plus 64 Mo")
    assert largest_element(at) < 100_000
    assert "Traceback" not in shown_text(at) and "MessageSizeError" not in shown_text(at)
