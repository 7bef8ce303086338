"""The studio's downloads (Streamlit AppTest): the three CSV files follow the sidebar's
format (standard for programs, the command line's bytes; Excel (FR) for people), the
"Classeur Excel" holds the three tables with a "Lisez-moi" and the sources, a name
that looks like a formula stays text, and an imported population's files are the
protected tables, never more."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

import gpec
from core import exports, labels
from etl import catalog
from studio import link
from studio.outcome import csv_bytes, outcome

PAGE = str(Path(__file__).resolve().parents[1] / "views" / "scenarios.py")
REFERENCE = gpec.presets()["Référence"].to_dict()
BRANCH = labels.scope_label(catalog.DEFAULT_POPULATION_SCOPE)
SHEETS = [
    labels.WORKBOOK_README,
    labels.SC_WORKBOOK_SHEETS["flows"],
    labels.SC_WORKBOOK_SHEETS["summary"],
    labels.SC_WORKBOOK_SHEETS["structure"],
    labels.WORKBOOK_SOURCES,
]
FOUR_DECIMALS = re.compile(r"\d[,.]\d{4,}")


@dataclass
class Download:
    label: str
    file_name: str
    data: object

    def bytes(self) -> bytes:
        return self.data() if callable(self.data) else self.data


@pytest.fixture(autouse=True)
def saved_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("RELEVE_SCENARIOS", str(tmp_path / "saved"))


@pytest.fixture
def downloads(monkeypatch) -> dict[str, Download]:
    """The page's download buttons by key, with what each would give when clicked
    (the files are built on click: the test clicks for the user)."""
    got: dict[str, Download] = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, *args, **kwargs):
        got[kwargs["key"]] = Download(label, kwargs["file_name"], data)
        return original(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    return got


def open_page(dialect: str, scenario: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["csv_dialect"] = dialect
    at.query_params["section"] = labels.SC_EXPORT  # the tab of the downloads
    if scenario is not None:
        at.query_params["scenario"] = link.encode(scenario)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def text(download: Download) -> str:
    return download.bytes().decode("utf-8-sig")


def workbook(download: Download) -> openpyxl.Workbook:
    assert download.file_name.endswith(".xlsx")
    return openpyxl.load_workbook(io.BytesIO(download.bytes()))


def rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def column_cells(ws, header: str) -> list:
    j = [c.value for c in ws[1]].index(header) + 1
    return [ws.cell(i, j) for i in range(2, ws.max_row + 1)]


def test_excel_fr_csvs_are_for_people(downloads):
    open_page("excel-fr")
    flows, summary, structure = (text(downloads[f"sc.dl.{name}"]) for name in ("flows", "summary", "structure"))
    for content in (flows, summary, structure):
        first, header = content.splitlines()[:2]
        assert first.startswith(exports.FILTER_LINE_START)
        assert "Scénario = Référence" in first and "Horizon = 2035" in first
        assert f"Population de départ = {BRANCH}" in first
        assert "_" not in header and "family" not in header, header  # French headers only
        assert not FOUR_DECIMALS.search(content), "a value with 4 decimals or more"
    assert flows.splitlines()[1].split(";") == [
        "Année",
        "Famille",
        "Effectif au 1er janvier",
        "Départs à la retraite",
        "Autres départs",
        "Mobilités sortantes",
        "Mobilités entrantes",
        "Embauches externes",
        "Effectif en fin d'année",
    ]
    assert "Année = 2025 à 2034" in flows.splitlines()[0]
    assert ";Gestion des adhérents et prestations;" in flows and ";gestion;" not in flows
    assert ";Femmes;" in structure and ";F;" not in structure
    # the summary: family labels, the total named, shares in percent rounded as displayed
    back = exports.read_people_csv(summary.encode("utf-8-sig")).set_index("Famille")
    assert labels.family_label("TOTAL") in back.index and "gestion" not in back.index
    engine = gpec.project(catalog.default_population(), REFERENCE).summary.set_index("family")
    share = back.loc[labels.family_label("TOTAL"), labels.EXPORT_HEADERS["share_women_base"]]
    assert share == round(100 * engine.loc["TOTAL", "share_women_base"], 1)
    assert back.loc[labels.family_label("TOTAL"), "Effectif de départ"] == round(engine.loc["TOTAL", "base_headcount"])


def test_standard_csvs_stay_the_command_lines(downloads):
    open_page("standard")
    result = outcome(gpec.project(catalog.default_population(), REFERENCE))
    for name in ("flows", "summary", "structure"):
        got = downloads[f"sc.dl.{name}"]
        assert got.file_name == f"reference-{name}.csv"
        assert got.bytes() == csv_bytes(getattr(result, name), "standard"), name
    assert text(downloads["sc.dl.flows"]).splitlines()[0] == ",".join(gpec.FLOWS_COLUMNS)


def test_the_workbook_holds_the_three_tables_a_readme_and_the_sources(downloads):
    open_page("standard")  # the workbook is the same whatever the CSV format
    got = downloads["sc.xl.results"]
    assert got.label == labels.SC_EXPORT_XLSX and got.file_name == "reference-resultats.xlsx"
    wb = workbook(got)
    assert wb.sheetnames == SHEETS
    readme = "\n".join(str(c) for r in rows(wb[labels.WORKBOOK_README]) for c in r if c is not None)
    for words in ("Référence", BRANCH, labels.SC_WORKBOOK_RUN_EXPECTED, labels.WORKBOOK_ABOUT_PRIVACY_NONE):
        assert words in readme
    engine = gpec.project(catalog.default_population(), REFERENCE)
    flows = wb[labels.SC_WORKBOOK_SHEETS["flows"]]
    assert [c.value for c in flows[1]][:2] == ["Année", "Famille"]
    cells = column_cells(flows, "Départs à la retraite")
    assert all(c.data_type == "n" and isinstance(c.value, (int, float)) for c in cells)
    assert sum(c.value for c in cells) == pytest.approx(engine.flows["retirements"].sum())  # full precision
    assert "Gestion des adhérents et prestations" in [c.value for c in column_cells(flows, "Famille")]
    ages = wb[labels.SC_WORKBOOK_SHEETS["structure"]]
    assert all(c.data_type == "n" for c in column_cells(ages, "Effectif"))
    assert sum(c.value for c in column_cells(ages, "Effectif")) == pytest.approx(engine.structure["headcount"].sum())
    summary = wb[labels.SC_WORKBOOK_SHEETS["summary"]]
    share = column_cells(summary, labels.EXPORT_HEADERS["share_women_base"])[-1]
    assert share.data_type == "n"
    assert share.value == pytest.approx(100 * engine.summary.set_index("family").loc["TOTAL", "share_women_base"])
    sources = [r[0] for r in rows(wb[labels.WORKBOOK_SOURCES])[1:]]
    assert sources == ["releve_estimation"]


def test_monte_carlo_percentiles_have_french_headers(downloads):
    open_page("excel-fr", {**REFERENCE, "monte_carlo": {"draws": 20, "seed": 3}})
    header = text(downloads["sc.dl.flows"]).splitlines()[1].split(";")
    assert "Départs à la retraite (10e centile)" in header and "Embauches externes (90e centile)" in header
    assert not [h for h in header if "_" in h]
    readme = "\n".join(str(c) for r in rows(workbook(downloads["sc.xl.results"])[labels.WORKBOOK_README]) for c in r)
    assert "20 tirages aléatoires (graine 3)" in readme


def test_a_name_that_looks_like_a_formula_stays_text(downloads):
    name = '=1+1;=HYPERLINK("http://exemple.invalid")'
    open_page("excel-fr", {**REFERENCE, "name": name})
    for key in ("sc.dl.flows", "sc.dl.summary", "sc.dl.structure"):
        first = text(downloads[key]).splitlines()[0]
        assert "Scénario = =1+1,=HYPERLINK" in first  # on the line, in its cell
        cells = [c.strip().strip('"') for c in first.split(";")]
        assert not [c for c in cells if c.startswith(exports.FORMULA_STARTS)], cells
    wb = workbook(downloads["sc.xl.results"])
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    shown = [c for c in cells if c.value == name]
    assert shown and all(c.data_type == "s" for c in shown)


def test_an_imported_population_leaves_protected(store_copy, downloads):
    """A register imported in the session: its files are for diffusion by default, so
    the CSVs and the workbook carry the protected tables (small counts read "< 5" or
    "secret"), the same cells hidden in both."""
    from etl.imports.pipeline import prepare, save
    from tests.test_scenario_imported import open_studio, register_csv

    prepared = prepare(register_csv(), "registre.csv", kind="register", scope="essai", ref_year=2025)
    assert not prepared.problems
    save(prepared)
    at = open_studio()
    downloads.clear()
    at.query_params["section"] = labels.SC_EXPORT
    next(s for s in at.selectbox if s.label == labels.SC_SCOPE).set_value("essai").run()
    assert not at.exception
    diffusion = labels.EXPORT_AUDIENCE_SUFFIX["diffusion"]
    assert downloads["sc.xl.results"].label.endswith(diffusion)
    wb = workbook(downloads["sc.xl.results"])
    assert wb.sheetnames == SHEETS
    readme = "\n".join(str(c) for r in rows(wb[labels.WORKBOOK_README]) for c in r if c is not None)
    assert "Diffusion : les effectifs projetés de moins de" in readme
    hidden_labels = {"< 5", "secret"}
    for name in ("flows", "summary"):
        assert downloads[f"sc.dl.{name}"].label.endswith(diffusion)
        sheet = rows(wb[labels.SC_WORKBOOK_SHEETS[name]])
        in_sheet = sum(v in hidden_labels for r in sheet[1:] for v in r)
        csv = exports.read_csv_bytes(downloads[f"sc.dl.{name}"].bytes(), "standard")
        in_csv = int(csv.isin(hidden_labels).to_numpy().sum())
        assert in_sheet == in_csv > 0, name
    flows = rows(wb[labels.SC_WORKBOOK_SHEETS["flows"]])
    header, body = flows[0], flows[1:]
    counts = [labels.EXPORT_HEADERS[m] for m in ("retirements", "external_hires", "headcount_start")]
    small = [
        r[header.index(c)]
        for r in body
        for c in counts
        if isinstance(r[header.index(c)], (int, float)) and 0.5 <= r[header.index(c)] < 5
    ]
    assert not small, small  # every small count is hidden in what leaves
