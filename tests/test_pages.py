"""The dashboard pages as a user opens them (Streamlit AppTest, through the frame):
each runs on the embedded data and shows its key numbers, in normal and in
presentation mode; filters come from the URL; bad states are sentences."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import labels
from etl import catalog

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")


def norm(text: str) -> str:
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


def open_page(page: str = "accueil", query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if page != "accueil":
        at.switch_page(f"views/{page}.py")
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    """Everything a reader sees as text: titles, paragraphs, captions, cards, tables,
    alerts, and the figures' JSON (labels and values drawn)."""
    parts = [e.value for e in at.title] + [e.value for e in at.subheader] + [e.value for e in at.markdown]
    parts += [e.value for e in at.caption] + [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [t.value.to_string() for t in at.table]
    parts += [e.label for e in at.expander]
    parts += [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")]
    return norm("\n".join(map(str, parts)))


KEY_NUMBERS = {
    "accueil": [
        "55 000",
        "76 %",
        "vers 2019",
        "26 %",
        "21 900 €",
        "33 %",
        "4 321",
        "1 salarié sur 2",
        "environ 55 000",
        "73 900",
        "Changement de périmètre",
        "Périmètres différents",
        "2 927",
    ],
    "evolutions": [  # the first two on the first theme's tab, the others on the other tabs
        labels.SERIES_TITLES["effectifs"],
        labels.SERIES_TITLES["cadres"],
        "409",
        "404",
        "390",
        "19 000 €",
        "21 900 €",
        labels.SCOPE_BREAK,
        "vers 2014",
        "849",
        "326",
        labels.CONTEXT_MARK,
    ],
    "familles": [
        "Effectifs par famille de métiers",
        "≈ 18 425",
        "Actuaire",
        "Table de passage",
        "Marketing et commercial",
        "Bloc 1 : Assurer l'accueil des clients/adhérents",
    ],
    "egalite": ["82 %", "76 %", "81 %", "58 %", "55 %", "32 %", "73,5 %", "100 % − 68 %"],
    "ages": [
        "Pyramide des âges estimée",
        "ESTIMATION",
        "55 000",
        "76,0 %",
        "Départs projetés",
        "1 salarié sur 2 (50 %)",
        "Âge légal, loi de 2010",
    ],
    "livre3": [
        "33 %",
        "1 213",
        "873",
        "65 (composition inconnue)",
        "Petite enfance",
        "vers 2021",
        "vers 2014",
        "magasins d'optique (747)",
        "172",
        "GHMF",
    ],
    "donnees": ["37 ligne(s) affichée(s) sur 37", "onisep_2009", "Sources", labels.FIGURES_CATALOGUE_HEADER],
}


@pytest.mark.parametrize("page", list(KEY_NUMBERS))
def test_page_runs_and_shows_its_key_numbers(built_store, page):
    at = open_page(page)
    text = page_text(at)
    if page == "evolutions":  # one theme a tab, drawn when open: read every tab
        text += "".join(page_text(open_page(page, {"theme": theme})) for theme in labels.SERIES_SECTIONS)
    for expected in KEY_NUMBERS[page]:
        assert expected in text, (page, expected)
    assert not at.error
    if page != "donnees":
        assert at.get("plotly_chart"), page
    assert len(at.get("download_button")) >= 1


@pytest.mark.parametrize("page", list(KEY_NUMBERS))
def test_page_in_presentation_mode(built_store, page):
    at = open_page(page, {"present": "1"})
    text = page_text(at)
    assert labels.PAGE_TITLES[page] in text
    css = " ".join(h.proto.body for h in at.get("html"))
    assert '[data-testid="stSidebar"]' in css and "display: none" in css
    assert labels.PAGE_INTROS[page] not in text  # one chart per screen: no introduction
    links = [p.proto.label for p in at.get("page_link")]
    assert any(labels.PRESENT_NEXT in lab or labels.PRESENT_PREVIOUS in lab for lab in links)
    for expected in KEY_NUMBERS[page][:2]:
        assert expected in text, (page, expected)
    if page != "donnees":
        assert not at.get("download_button"), page  # no CSV buttons on the projector
    assert not at.sidebar.radio  # the frame's sidebar is not drawn


def test_presentation_links_keep_the_mode(built_store):
    at = open_page("familles", {"present": "1"})
    links = {p.proto.label: p.proto for p in at.get("page_link")}
    nxt = next(v for k, v in links.items() if labels.PRESENT_NEXT in k)
    assert "present=1" in nxt.query_string and "Égalité" in nxt.label


def test_scope_filter_from_the_url_with_code_or_label(built_store):
    for value in ("assurance_sante", "Activité d'assurance santé des mutuelles"):
        at = open_page("familles", {"perimetre": value})
        text = page_text(at)
        assert "≥ 36 950" in text and "≤ 3 695" in text, value
        assert labels.BOUND_NOTE in text
    at = open_page("ages", {"perimetre": "assurance_sante"})
    metrics = {m.label: norm(m.value) for m in at.metric}
    assert metrics[labels.PYRAMID_TOTAL_ESTIMATED] == "73 900"
    at = open_page("ages", {"perimetre": "nulle-part"})  # unknown value: the default scope
    assert {m.label: norm(m.value) for m in at.metric}[labels.PYRAMID_TOTAL_ESTIMATED] == "55 000"


def test_family_filter_narrows_the_pyramid_and_the_retirements(built_store):
    at = open_page("ages")
    at.sidebar.multiselect(key="familles").set_value(["gestion"]).run()
    assert not at.exception
    metrics = {m.label: norm(m.value) for m in at.metric}
    assert metrics[labels.PYRAMID_TOTAL_ESTIMATED] == "18 425"
    spec = [c.proto.spec for c in at.get("plotly_chart")][1]
    assert "Gestion des adh" in spec and "Commercial et relation" not in spec


def test_schedule_filter_changes_the_projection(built_store):
    at = open_page("ages", {"regle": "loi_2010"})
    assert "loi de 2010" in page_text(at)
    at2 = open_page("ages")
    assert "loi de 2023 avec la suspension de 2026" in page_text(at2)
    assert at.get("plotly_chart")[1].proto.spec != at2.get("plotly_chart")[1].proto.spec


def test_csv_dialect_choice_reaches_every_download(built_store):
    at = open_page("egalite")
    csv = [b for b in at.get("download_button") if b.proto.label.startswith(labels.DOWNLOAD_CSV)]
    assert len(csv) >= 3 and all("CSV standard" in b.proto.label for b in csv)
    # beside every chart's CSV, its rows as an Excel workbook
    excel = [b for b in at.get("download_button") if b.proto.label.startswith(labels.DOWNLOAD_XLSX)]
    assert len(excel) >= 2
    at.sidebar.radio(key="csv_dialect").set_value("excel-fr").run()
    assert not at.exception
    labels_ = [b.proto.label for b in at.get("download_button")]
    assert sum("Excel (FR)" in lab for lab in labels_) >= 3


def test_data_page_filter_without_match_is_a_sentence(built_store):
    at = open_page("donnees")
    at.text_input(key="filtre-sources").input("zzzz-introuvable").run()
    assert not at.exception
    assert labels.NO_DATA in [i.value for i in at.info]
    assert "0 ligne(s) affichée(s) sur 37" in page_text(at)


def test_data_page_table_choice_from_the_url(built_store):
    at = open_page("donnees", {"table": "establishments"})
    text = page_text(at)
    assert "27 ligne(s) affichée(s) sur 27" in text
    # each list with a total counts it twice: the total row, and its types plus the unknown remainder
    assert [d.value for d in at.dataframe][0]["count"].sum() == 2256 + 2 * 2500 + 2 * 2500 + 2 * 2927


def test_dictionary_shown_when_present(built_store):
    at = open_page("donnees")
    text = page_text(at)
    if catalog.DATA_DICTIONARY.exists():
        assert labels.DICTIONARY_MISSING not in text
    else:
        assert labels.DICTIONARY_MISSING in text


def test_missing_store_is_built_on_first_open(tmp_path, monkeypatch):
    store = tmp_path / "empty-store"
    monkeypatch.setenv("RELEVE_STORE", str(store))
    at = open_page("accueil")
    assert catalog.store_ready()
    assert (store / "headcount.parquet").exists()
    assert "73 900" in page_text(at)


def test_broken_sources_are_a_sentence_not_a_traceback(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(catalog.RAW_DIR, raw)
    path = raw / "published_figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("73 900", "soixante-treize mille", 1), encoding="utf-8")
    monkeypatch.setattr(catalog, "RAW_DIR", raw)
    monkeypatch.setenv("RELEVE_STORE", str(tmp_path / "store"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.error and labels.STORE_FAILED in at.error[0].value
    assert "soixante-treize mille" in at.error[0].value


def test_a_scope_without_family_breakdown_is_a_sentence(store_copy):
    import pandas as pd
    from conftest import touch_manifest

    hc = pd.read_parquet(store_copy / "headcount.parquet")
    hc[hc["family"] == "TOTAL"].to_parquet(store_copy / "headcount.parquet", index=False)
    touch_manifest(store_copy)
    at = open_page("familles")
    assert labels.NO_DATA in [i.value for i in at.info]


@pytest.mark.parametrize("page", ["donnees", "familles", "accueil"])
def test_presentation_mode_tables_are_plain_and_paged(built_store, page):
    """On a projector a table is a plain table (no scrolling grid), in pages of at most
    layout.PAGE_ROWS rows with a page choice when longer."""
    from app import layout

    at = open_page(page, {"present": "1"})
    assert not at.get("dataframe")
    tables = at.get("table")
    assert tables
    for t in tables:
        assert len(t.value) <= layout.PAGE_ROWS
    if page == "donnees":  # the figures' catalogue is longer than a page: a page choice
        assert any(g.label == labels.TABLE_PAGE for g in at.get("button_group"))


@pytest.mark.parametrize("page", ["donnees", "evolutions"])
def test_presentation_mode_tables_show_a_link_as_its_site(built_store, page):
    """A web address in a projector's table is its site alone ("drees.solidarites-
    sante.gouv.fr"): a whole address ran past the table's edge. The CSV keeps it whole."""
    at = open_page(page, {"present": "1"})
    cells = [str(v) for t in at.get("table") for v in t.value.reset_index().to_numpy().ravel()]
    assert cells
    assert not [c for c in cells if c.startswith("http")]
    assert any("." in c and " " not in c and c.count("/") == 0 and c.endswith((".fr", ".org", ".com")) for c in cells)


@pytest.mark.parametrize(
    "value, shown",
    [
        ("https://www.oemm.fr/publications/rapport.pdf", "oemm.fr"),
        ("http://data.drees.solidarites-sante.gouv.fr/x?y=1", "data.drees.solidarites-sante.gouv.fr"),
        ("oemm.fr", "oemm.fr"),
        ("rapport de branche 2024", "rapport de branche 2024"),
        (12, 12),
        (None, None),
    ],
)
def test_link_host(value, shown):
    from core import formats

    assert formats.link_host(value) == shown
