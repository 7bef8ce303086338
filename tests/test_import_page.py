"""The upload page (/import), driven by Streamlit's AppTest: a file is previewed and
checked in the session, refusals come as a table, nothing is written until the user
saves, the preview chart carries labels for hidden cells, a scope can be removed."""
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import catalog

ROOT = Path(catalog.ROOT)
PAGE = str(ROOT / "views" / "import.py")
OK = Path(__file__).parent / "fixtures" / "import_ok"
BAD = Path(__file__).parent / "fixtures" / "import_bad"


@pytest.fixture
def store(import_root, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    return import_root


def frame(at: AppTest, column: str):
    """The table of the page that has `column` (AppTest finds dataframes by position)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with a column {column!r}"
    return found[0]


def page_with(path: Path, scope: str = "mut_page", kind: str = "register") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    at.file_uploader(key="imp.file").set_value((path.name, path.read_bytes(), "text/csv"))
    at.radio(key="imp.kind").set_value(kind)
    at.text_input(key="imp.scope").set_value(scope)
    at.number_input(key="imp.year").set_value(2025)
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
    assert catalog.imported_scopes() == []                 # nothing written before the user says so
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
    assert len(problems) == 6 and problems["ligne"].tolist() == [2, 3, 3, 3, 4, 4]
    assert at.error and "rien n'a été enregistré" in at.error[0].value
    assert not [b for b in at.button if b.key == "imp.save"]
    assert catalog.imported_scopes() == []


def test_a_renamed_image_is_a_sentence(store):
    at = page_with(BAD / "image_renommee.csv")
    problems = frame(at, "problème")
    assert "c'est une image PNG" in problems["problème"].iloc[0]


def test_preview_chart_shows_labels_for_hidden_cells(store):
    at = page_with(OK / "registre_utf8_bom.csv")
    chart = at.get("plotly_chart")[0]
    fig = json.loads(chart.proto.spec)
    bar = fig["data"][0]
    assert "< 5" in bar["text"]
    hidden = [x for x, t in zip(bar["x"], bar["text"]) if t in ("< 5", "secret")]
    assert hidden and all(x == 0 for x in hidden)


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
