"""What people take away: the Excel workbook (`python -m etl export all --out
releve.xlsx`, one table to .xlsx, a chart's rows) and the Excel (FR) CSV written for
people (French headers, labels, numbers as displayed, the selection on a first line),
while the standard CSV stays for machines."""

from __future__ import annotations

import re
import subprocess

import openpyxl
import pandas as pd
import pytest

from core import exports, labels, workbook
from etl import catalog
from tests.etl_cli import run

ROWS = [("gestion", "F", 30 + i % 20) for i in range(40)] + [("si", "H", 40), ("si", "F", 41), ("si", "H", 42)]


def sheet_rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def column(ws, header: str) -> list:
    rows = sheet_rows(ws)
    j = rows[0].index(header)
    return [r[j] for r in rows[1:]]


@pytest.fixture(scope="module")
def book(tmp_path_factory, built_store):
    out = tmp_path_factory.mktemp("classeur") / "releve.xlsx"
    status, printed, err = run(["export", "all", "--out", str(out)])
    assert status == 0, err
    assert "feuille(s)" in printed
    return out


def test_one_sheet_per_table_a_readme_first_and_sources_last(book):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[0] == labels.WORKBOOK_README and wb.sheetnames[-1] == labels.WORKBOOK_SOURCES
    assert len(wb.sheetnames) == len(catalog.TABLES) + 1  # the tables but sources, + readme + Sources
    assert all(len(n) <= 31 for n in wb.sheetnames)
    readme = "\n".join(str(c) for r in sheet_rows(wb[labels.WORKBOOK_README]) for c in r if c)
    for words in (labels.WORKBOOK_ABOUT_STATUS_TEXT, labels.WORKBOOK_ABOUT_PRIVACY, "Effectifs", "Sources"):
        assert words in readme
    sources = catalog.load("sources")
    assert set(column(wb[labels.WORKBOOK_SOURCES], exports.header("source_id"))) == set(sources["source_id"])


def test_numbers_are_numbers_with_french_formats_headers_frozen_columns_sized(book):
    wb = openpyxl.load_workbook(book)
    ws = wb[labels.TABLE_LABELS["headcount"]]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Périmètre", "Famille", "Année"]
    j = header.index("Effectif") + 1
    cells = [ws.cell(i, j) for i in range(2, ws.max_row + 1)]
    assert all(c.data_type == "n" and isinstance(c.value, (int, float)) for c in cells)
    assert {c.number_format for c in cells} <= {workbook.INTEGER_FORMAT, workbook.DECIMAL_FORMAT}
    year = ws.cell(2, header.index("Année") + 1)
    assert isinstance(year.value, int) and year.number_format == workbook.YEAR_FORMAT
    hc = catalog.load("headcount")
    assert sum(c.value for c in cells) == pytest.approx(hc["headcount"].sum())  # full precision
    assert "publié" in column(ws, "Statut") and "published" not in column(ws, "Statut")
    assert ws.column_dimensions["A"].width >= len("Branche Mutualité (convention collective)")


def test_libreoffice_opens_it_and_keeps_numbers_as_numbers(book, tmp_path):
    """LibreOffice Calc reads the workbook and saves it again: the numbers it read are
    numbers in what it wrote."""
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(book)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    again = openpyxl.load_workbook(tmp_path / "releve.xlsx")
    assert again.sheetnames == openpyxl.load_workbook(book).sheetnames
    ws = again[labels.TABLE_LABELS["headcount"]]
    values = column(ws, "Effectif")
    assert all(isinstance(v, (int, float)) for v in values)
    assert sum(values) == pytest.approx(catalog.load("headcount")["headcount"].sum())


def test_one_table_and_refusals(built_store, tmp_path):
    out = tmp_path / "effectifs.xlsx"
    status, _, _ = run(["export", "headcount", "--out", str(out)])
    assert status == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [labels.WORKBOOK_README, labels.TABLE_LABELS["headcount"], labels.WORKBOOK_SOURCES]
    assert (out.stat().st_mode & 0o777) == 0o644
    status, _, err = run(["export", "all", "--out", str(tmp_path / "tout.csv")])
    assert status == 2 and "tout.csv" in err and ".xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "tout.csv").exists()


def test_text_that_looks_like_a_formula_stays_text():
    frame = pd.DataFrame({"note": ["=1+1", '=HYPERLINK("http://x")', "@SUM(A1)", "simple"], "count": [1, 2, 3, 4]})
    data = workbook.workbook_bytes([workbook.Sheet("Essai", frame)], pd.DataFrame({"source_id": ["s"]}), [])
    import io

    ws = openpyxl.load_workbook(io.BytesIO(data))["Essai"]
    cells = [ws.cell(i, 1) for i in range(2, 6)]
    assert [c.data_type for c in cells] == ["s"] * 4
    assert cells[0].value == "=1+1"
    raw = openpyxl.load_workbook(io.BytesIO(data), data_only=False)["Essai"]["A2"]
    assert raw.data_type == "s"


@pytest.mark.parametrize(
    "name, taken, expected",
    [
        ("Effectifs", set(), "Effectifs"),
        ("a/b:c*d?[e]", set(), "a b c d  e"),
        ("x" * 40, set(), "x" * 31),
        ("Effectifs", {"effectifs"}, "Effectifs (2)"),
    ],
)
def test_sheet_names(name, taken, expected):
    assert workbook.sheet_name(name, set(taken)) == expected


def test_an_imported_scope_follows_its_audience_rule(import_root, tmp_path):
    from etl.imports import prepare, save

    text = "Matricule;Sexe;Famille;Âge\n" + "\n".join(f"K{i};{s};{f};{a}" for i, (f, s, a) in enumerate(ROWS))
    p = prepare(text.encode(), "r.csv", kind="register", scope="mut_xl", ref_year=2025, min_cell=5)
    assert p.problems == []
    save(p)
    out = tmp_path / "mut.xlsx"
    status, _, err = run(["export", "all", "--scope", "mut_xl", "--out", str(out)])
    assert status == 0, err
    wb = openpyxl.load_workbook(out)
    ws = wb[labels.TABLE_LABELS["headcount"]]
    shown = dict(zip(column(ws, "Famille"), column(ws, "Effectif")))
    assert shown[labels.family_label("si")] in ("< 5", "secret")  # 3 people: never a number
    assert shown[labels.family_label("TOTAL")] == len(ROWS)  # totals stay exact
    readme = "\n".join(str(c) for r in sheet_rows(wb[labels.WORKBOOK_README]) for c in r if c)
    assert "< 5" in readme


# ---- the Excel (FR) CSV is for people, the standard one for machines --------------------------


def retirements_like() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2025, 2026],
            "family": ["gestion", "gestion"],
            "family_label": ["Gestion des adhérents et prestations"] * 2,
            "retirements": [246.76459685990034, 12.345678],
            "scope": ["branche", "branche"],
            "ref_year": [2025, 2025],
            "status": ["projection", "projection"],
            "source_id": ["releve_estimation", "releve_estimation"],
        }
    )


def test_excel_fr_has_french_headers_labels_rounded_values_and_the_selection():
    text = exports.people_csv_bytes(retirements_like(), "excel-fr").decode("utf-8-sig")
    first, header = text.splitlines()[:2]
    assert first.startswith(exports.FILTER_LINE_START)
    assert "Famille = Gestion des adhérents et prestations" in first and "Année = 2025 à 2026" in first
    assert header.split(";") == [
        "Année",
        "Famille",
        "Départs à la retraite",
        "Périmètre",
        "Année de référence",
        "Statut",
        "Source",
    ]
    assert "year" not in header and "family" not in header and "retirements" not in header
    assert "projection" in text and "branche;" not in text and "Branche Mutualité" in text
    assert not re.search(r"\d[,.]\d{4,}", text), "a value with 4 decimals or more"
    assert ";247,0;" in text and ";12,3;" in text
    back = exports.read_people_csv(exports.people_csv_bytes(retirements_like(), "excel-fr"))
    assert list(back["Départs à la retraite"]) == [247, 12.3]


def test_standard_stays_for_machines():
    text = exports.people_csv_bytes(retirements_like(), "standard").decode("utf-8")
    assert text.splitlines()[0] == "year,family,family_label,retirements,scope,ref_year,status,source_id"
    assert "246.76459685990034" in text and "gestion" in text and "published" not in text


def test_every_store_column_has_a_french_header(built_store):
    for name in catalog.TABLES:
        for col in catalog.load(name).columns:
            assert col in labels.EXPORT_HEADERS, (name, col)


APP = """
import io
import openpyxl
from app import layout
from charts import families
from etl import catalog
rows = families.headcount_by_family_data(catalog.load("headcount"), "branche")
make = layout._chart_workbook(rows, "Effectifs par famille de métiers")
wb = openpyxl.load_workbook(io.BytesIO(make()))
import streamlit as st
st.session_state["sheets"] = wb.sheetnames
st.session_state["rows"] = [list(r) for r in wb["Données"].iter_rows(values_only=True)]
st.session_state["sources"] = [r[0] for r in wb["Sources"].iter_rows(min_row=2, values_only=True)]
st.session_state["cited"] = sorted(set(rows["source_id"]))
"""


def test_a_charts_excel_button_gives_its_rows_and_their_sources(tmp_path, built_store):
    from streamlit.testing.v1 import AppTest

    script = tmp_path / "excel.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(catalog.ROOT)!r})\n" + APP, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=60).run()
    assert not at.exception
    assert at.session_state["sheets"] == [labels.WORKBOOK_README, labels.WORKBOOK_CHART_SHEET, labels.WORKBOOK_SOURCES]
    header, *rows = at.session_state["rows"]
    assert "Effectif" in header and "Famille" in header
    values = [r[header.index("Effectif")] for r in rows]
    assert all(isinstance(v, (int, float)) for v in values)
    assert set(at.session_state["sources"]) == {p for s in at.session_state["cited"] for p in s.split(";")}
