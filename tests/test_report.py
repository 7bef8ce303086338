"""The meeting pack: the deck written by `python -m report`, opened back with
python-pptx; its pictures, source lines, French numbers, the scenario's key figures
against the engine; the refusals (bad scenario, no browser) that must leave no file;
the PNG/SVG downloads; and the app's two buttons.

One deck is built for the whole module (the browser is the slow part), and a PDF
of it is made with LibreOffice when LibreOffice is installed.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

import gpec
from charts import families
from charts import scenario as sc
from core import formats, labels
from etl import catalog
from report import content, deck, images, slides
from report.__main__ import main as report_main

ROOT = Path(catalog.ROOT)
SCENARIO = ROOT / "scenarios" / "4-mobilite-gestion-relation-adherents.json"
DAY = dt.date(2025, 11, 21)
SCOPE = "branche"


@pytest.fixture(scope="module")
def built(tmp_path_factory, chromium):
    """The deck of the command line with a scenario, and its spec as content builds it."""
    catalog.ensure_store()
    out = tmp_path_factory.mktemp("deck") / "support.pptx"
    code = report_main(["--out", str(out), "--scope", SCOPE, "--scenario", str(SCENARIO), "--date", DAY.isoformat()])
    assert code == 0
    request = content.DeckRequest(scope=SCOPE, scenario=gpec.Scenario.load(SCENARIO), today=DAY)
    spec = content.build_spec(request)
    return out, Presentation(str(out)), spec


def texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.strip()]


def source_line(slide) -> str:
    found = [sh.text_frame.text for sh in slide.shapes if sh.name == "Source"]
    return found[0] if found else ""


def all_text(prs) -> str:
    return "\n".join(t for s in prs.slides for t in texts(s))


# ---- structure --------------------------------------------------------------------------------------


def test_slide_count_and_titles(built):
    _, prs, spec = built
    drawn = deck.expand(spec)
    assert len(prs.slides) == len(drawn)
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles[0] == labels.DECK_TITLE
    assert titles[-1] in (labels.DECK_NOTES_TITLE, labels.DECK_NOTES_CONTINUED)
    assert labels.DECK_NOTES_TITLE in titles
    keys = [s.key for s in spec.slides if isinstance(s, (slides.ChartSlide, slides.CardsSlide))]
    for required in (
        "chiffres-cles",
        "familles",
        "egalite",
        "pyramide",
        "departs",
        "poids-livre3",
        "etablissements",
        "scenario",
        "scenario-effectifs",
        "scenario-flux",
        "scenario-besoins",
    ):
        assert required in keys
    # every chart slide's title is its message, as content wrote it
    spec_titles = [s.title for s in drawn if not isinstance(s, slides.TitleSlide)]
    assert titles[1:] == spec_titles


def chart_frames(slide) -> list:
    return [sh for sh in slide.shapes if getattr(sh, "has_chart", False) and sh.has_chart]


def test_each_chart_is_native_or_a_picture_followed_by_its_rows(built):
    """A chart PowerPoint can draw is a native chart; one it cannot (hatched bars)
    is a picture, not stretched, and the next slide holds its rows as a table."""
    _, prs, spec = built
    drawn = deck.expand(spec)
    checked = natives = 0
    for i, (s, slide) in enumerate(zip(drawn, prs.slides)):
        if not isinstance(s, slides.ChartSlide):
            continue
        frames = chart_frames(slide)
        pictures = [sh for sh in slide.shapes if sh.shape_type == 13]
        assert len(frames) + len(pictures) == 1, s.key
        shape = (frames or pictures)[0]
        assert shape.left >= 0 and shape.top >= 0
        assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
        if pictures:
            with Image.open(io.BytesIO(pictures[0].image.blob)) as im:
                assert im.width >= 1600
                assert abs(im.width / im.height - shape.width / shape.height) < 0.01
            nxt = drawn[i + 1]
            assert isinstance(nxt, slides.TableSlide) and nxt.key == f"{s.key}-donnees"
            assert [sh for sh in prs.slides[i + 1].shapes if sh.has_table]
        else:
            natives += 1
        line = source_line(slide)
        assert line.startswith(labels.SOURCE_PREFIX) and "année" in line
        checked += 1
    assert checked == len(spec.charts())
    assert natives >= 5


def test_native_charts_hold_the_dashboards_numbers_and_colours(built):
    _, prs, spec = built
    by_title = {sl.shapes.title.text_frame.text: sl for sl in prs.slides}
    fams = next(s for s in spec.charts() if s.key == "familles")
    chart = chart_frames(by_title[fams.title])[0].chart
    trace = fams.figure.data[0]
    assert list(chart.plots[0].categories) == list(trace.y)
    assert list(chart.plots[0].series[0].values) == pytest.approx(list(trace.x))
    # the app's own label texts and colours, point by point
    point = chart.plots[0].series[0].points[0]
    assert point.data_label.text_frame.text == trace.text[0]
    assert str(point.format.fill.fore_color.rgb) == trace.marker.color[0].lstrip("#").upper()
    needs = next(s for s in spec.charts() if s.key == "scenario-besoins")
    chart = chart_frames(by_title[needs.title])[0].chart
    assert [s.name for s in chart.plots[0].series] == [t.name for t in needs.figure.data]
    assert chart.chart_type == 52  # COLUMN_STACKED
    assert chart.has_legend


def _sizes(prs) -> list[float]:
    """Every text size of the deck in points: text runs (and the defaults they
    inherit) of every shape and table cell, and every size in the charts' XML."""
    sizes = []
    for slide in prs.slides:
        for sh in slide.shapes:
            frames = []
            if sh.has_text_frame:
                frames.append(sh.text_frame)
            if getattr(sh, "has_table", False) and sh.has_table:
                frames += [c.text_frame for r in sh.table.rows for c in r.cells]
            for tf in frames:
                for p in tf.paragraphs:
                    for r in p.runs:
                        if r.text.strip():
                            assert r.font.size is not None, r.text
                            sizes.append(r.font.size.pt)
            if getattr(sh, "has_chart", False) and sh.has_chart:
                xml = sh.chart.part.blob.decode("utf-8")
                sizes += [int(v) / 100 for v in re.findall(r'\ssz="(\d+)"', xml)]
    return sizes


def test_no_text_is_under_12_points(built):
    _, prs, _ = built
    sizes = _sizes(prs)
    assert len(sizes) > 100
    assert min(sizes) >= deck.MIN_PT


def test_key_figure_slides_carry_a_source_line_too(built):
    _, prs, spec = built
    for s, slide in zip(deck.expand(spec), prs.slides):
        if isinstance(s, slides.CardsSlide):
            assert source_line(slide).startswith(labels.SOURCE_PREFIX)


def test_estimated_and_projected_slides_say_so(built):
    _, prs, spec = built
    badges = {labels.DECK_STATUS_BADGES["estimated"].upper(), labels.DECK_STATUS_BADGES["projection"].upper()}
    by_key = {s.key: s for s in spec.slides if hasattr(s, "key")}
    assert by_key["pyramide"].status == "estimated" and by_key["departs"].status == "projection"
    for s, slide in zip(deck.expand(spec), prs.slides):
        if getattr(s, "status", None) in ("estimated", "projection"):
            assert badges & set(texts(slide))
            assert labels.STATUS_LABELS[s.status] in source_line(slide)


# ---- French formatting -----------------------------------------------------------------------------


def test_numbers_are_written_the_french_way(built):
    _, prs, _ = built
    body = "\n".join(line for line in all_text(prs).splitlines() if "http" not in line)
    assert not re.search(r"\d,\d{3}(?!\d)", body), "English thousands separator"
    assert not re.search(r"(?<![\d.])\d+\.\d+(?![\d.])", body), "decimal point"
    assert not re.search(r"(?<![\d-])\d{5,}(?![\d-])", body), "thousands without separator"
    assert re.search(r"\d[\u202f\u00a0]\d{3}", body), "no grouped number at all"
    assert re.search(r"\d,\d", body) and "\u00a0%" in body
    assert labels.DECK_DATE_LINE.format(date="21 novembre 2025") in body


def test_chart_pictures_are_the_dashboard_figures(built):
    """The deck draws the dashboard's figures, not figures of its own."""
    _, _, spec = built
    fig = next(s.figure for s in spec.charts() if s.key == "familles")
    data = families.headcount_by_family_data(catalog.load("headcount"), SCOPE)
    same = families.headcount_by_family_chart(data)
    assert json.loads(fig.to_json())["data"] == json.loads(same.to_json())["data"]
    assert fig.layout.separators in (None, ", ")  # style is applied on a copy, at rendering time


# ---- the scenario ---------------------------------------------------------------------------------------


def test_scenario_name_and_key_figures_match_the_engine(built):
    _, prs, _ = built
    scn = gpec.Scenario.load(SCENARIO)
    proj = gpec.project(catalog.default_population(SCOPE), scn)
    total = proj.summary.set_index("family").loc["TOTAL"]
    text = all_text(prs)
    assert scn.name in "\n".join(texts(prs.slides[0]))
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith(f"Scénario «\u00a0{scn.name}"))
    cards = "\n".join(texts(slide))
    for value in (
        formats.number(total["retirements_total"]),
        formats.number(total["external_hires_total"]),
        formats.percent(100 * total["share_retiring_by_horizon"], 1),
        formats.number(total["mean_age_horizon"], 1) + " ans",
        formats.percent(100 * total["share_55_plus_horizon"], 1),
        formats.percent(100 * total["share_women_horizon"], 1),
        formats.number(total["base_headcount"]),
        formats.number(total["horizon_headcount"]),
    ):
        assert value in cards, value
    needs = sc.recruitment_needs(proj.flows)["external_hires"].sum()
    assert formats.number(needs) in text
    assert "PROJECTION" in cards


# ---- title and closing slides ------------------------------------------------------------------------------


def test_title_slide_names_scope_date_and_sources(built):
    _, prs, _ = built
    cover = "\n".join(texts(prs.slides[0]))
    assert labels.scope_label(SCOPE) in cover
    assert "21 novembre 2025" in cover
    assert re.search(r"Sources : \d+ publications de \d{4} à \d{4}", cover)


def test_closing_slides_hold_the_method_and_every_source(built):
    _, prs, _ = built
    closing = "\n".join(
        t
        for s in prs.slides
        if s.shapes.title.text_frame.text in (labels.DECK_NOTES_TITLE, labels.DECK_NOTES_CONTINUED)
        for t in texts(s)
    )
    assert labels.DECK_METHOD_HEADER in closing
    for _, src in catalog.load("sources").iterrows():
        assert src["title"] in closing
    assert gpec.Scenario.load(SCENARIO).name in closing  # the scenario's assumptions


def test_a_long_closing_slide_continues_instead_of_dropping_text():
    method = tuple(f"note {i} " + "mot " * 60 for i in range(8))
    sources = tuple(f"source {i} " + "titre " * 30 for i in range(40))
    spec = slides.DeckSpec(slides=(slides.NotesSlide("Méthode et sources", "M", method, "S", sources),))
    pages = deck.expand(spec)
    assert len(pages) > 1 and pages[1].title == labels.DECK_NOTES_CONTINUED
    assert sum((p.method for p in pages), ()) == method
    assert sum((p.sources for p in pages), ()) == sources


def _pdf_words(pdf: Path) -> list[tuple[float, float, list]]:
    """(width, height, words) of every page; a word is (line, x0, y0, x1, y1, text)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = []
    for w, h, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        words = []
        for i, line in enumerate(re.findall(r"<line[^>]*>(.*?)</line>", body, re.S)):
            for m in re.finditer(
                r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', line
            ):
                words.append((i, *map(float, m.groups()[:4]), m.group(5)))
        pages.append((float(w), float(h), words))
    return pages


def collisions(pdf: Path) -> list[str]:
    """Words drawn outside their page or over a word of another line: text running
    out of its box (a card, a table, a source line) or two labels on each other."""
    found = []
    for n, (width, height, words) in enumerate(_pdf_words(pdf), start=1):
        for w in words:
            if w[1] < 0 or w[2] < 0 or w[3] > width + 0.5 or w[4] > height + 0.5:
                found.append(f"page {n}: « {w[5]} » outside the page")
        for a, b in itertools.combinations(words, 2):
            if a[0] == b[0]:
                continue
            ha, hb = (a[4] - a[2]) * 0.2, (b[4] - b[2]) * 0.2  # glyph boxes include the line gap
            if a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] + ha < b[4] - hb and b[2] + hb < a[4] - ha:
                found.append(f"page {n}: « {a[5]} » over « {b[5]} »")
    return found


@pytest.fixture(scope="module")
def pdf(built, tmp_path_factory) -> Path:
    out, _, _ = built
    where = tmp_path_factory.mktemp("pdf")
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(where), str(out)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    path = where / (out.stem + ".pdf")
    assert path.exists()
    return path


def test_the_pdf_pages_are_the_slides(built, pdf):
    _, prs, _ = built
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == len(prs.slides)


def test_no_text_runs_out_of_its_box_or_over_another(pdf):
    assert collisions(pdf) == []


def test_the_collision_check_can_fail(tmp_path):
    """A source line pushed over the footer is found."""
    from pptx import Presentation as New
    from pptx.util import Inches as In

    prs = New()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    for top in (1.0, 1.05):
        box = slide.shapes.add_textbox(In(1), In(top), In(6), In(0.5))
        box.text_frame.text = "Source : une ligne posée sur une autre"
    path = tmp_path / "chevauchement.pptx"
    prs.save(path)
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert collisions(tmp_path / "chevauchement.pdf")


def test_the_hires_table_has_every_family_a_total_row_and_column(built):
    _, prs, spec = built
    table_slide = next(
        s for s in deck.expand(spec) if isinstance(s, slides.TableSlide) and s.key == "scenario-embauches"
    )
    assert table_slide.header[-1] == labels.SC_TOTAL_COLUMN
    assert table_slide.rows[-1][0] == labels.family_label("TOTAL")
    scn = gpec.Scenario.load(SCENARIO)
    proj = gpec.project(catalog.default_population(SCOPE), scn)
    total = proj.summary.set_index("family").loc["TOTAL", "external_hires_total"]
    assert table_slide.rows[-1][-1] == formats.number(total)
    assert len(table_slide.header) == 1 + (scn.horizon_year - scn.base_year) + 1
    slide = next(sl for sl in prs.slides if sl.shapes.title.text_frame.text == table_slide.title)
    table = next(sh for sh in slide.shapes if sh.has_table).table
    assert table.cell(len(table_slide.rows), len(table_slide.header) - 1).text == formats.number(total)


def test_the_deck_file_is_readable_like_any_document(built):
    out, _, _ = built
    assert out.stat().st_mode & 0o777 == 0o644


def test_pictures_option_keeps_a_pictures_only_deck(tmp_path, chromium):
    out = tmp_path / "images.pptx"
    assert report_main(["--out", str(out), "--pages", "familles", "ages", "--date", DAY.isoformat(), "--pictures"]) == 0
    prs = Presentation(str(out))
    assert not any(chart_frames(s) for s in prs.slides)
    assert sum(1 for s in prs.slides for sh in s.shapes if sh.shape_type == 13) == 3  # families, pyramid, departures
    assert min(_sizes(prs)) >= deck.MIN_PT


# ---- refusals: nothing written --------------------------------------------------------------------------------


def test_an_invalid_scenario_gets_the_engines_message_and_exit_2(tmp_path, capsys, chromium):
    bad = json.loads(SCENARIO.read_text(encoding="utf-8"))
    bad["replacement_rate"]["by_family"] = {"gestion": 4.0}
    path = tmp_path / "mauvais.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    out = tmp_path / "support.pptx"
    assert report_main(["--out", str(out), "--scenario", str(path)]) == 2
    err = capsys.readouterr().err
    with pytest.raises(gpec.ScenarioError) as refused:
        gpec.Scenario.load(path)
    for problem in refused.value.problems:
        assert problem in err
    assert "Traceback" not in err and labels.DECK_NOTHING_WRITTEN in err
    assert not out.exists()


@pytest.mark.parametrize(
    "args, words",
    [
        (["--scope", "lune"], "périmètre «\u00a0lune\u00a0» inconnu"),
        (["--pages", "accueil", "bilan"], "bilan"),
        (["--pages", "scenarios"], "--scenario"),
        (["--scenario", "absent.json"], "absent.json : fichier introuvable"),
    ],
)
def test_bad_requests_exit_2_with_a_sentence(tmp_path, capsys, args, words):
    out = tmp_path / "support.pptx"
    assert report_main(["--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not out.exists()


def test_without_a_browser_the_message_says_what_to_install_and_the_old_file_stays(tmp_path, capsys, monkeypatch):
    out = tmp_path / "support.pptx"
    out.write_bytes(b"previous deck")
    monkeypatch.setattr(images, "browser_path", lambda: None)
    assert report_main(["--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "apt-get install chromium" in err and "Traceback" not in err
    assert out.read_bytes() == b"previous deck"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind
    spec = content.build_spec(content.DeckRequest(sections=("familles",), today=DAY))
    with pytest.raises(images.ImageExportUnavailable, match="apt-get install chromium"):
        deck.build(spec, pictures=True)
    assert Presentation(io.BytesIO(deck.build(spec)))  # native charts need no browser


def test_a_browser_path_pointing_nowhere_is_unavailable(monkeypatch):
    from choreographer.browsers.chromium import Chromium

    monkeypatch.setattr(Chromium, "find_browser", staticmethod(lambda **kw: "/nonexistent/chromium"))
    assert images.browser_path() is None
    with pytest.raises(images.ImageExportUnavailable):
        images.check_available()


# ---- per-chart pictures ---------------------------------------------------------------------------------------------


def test_png_and_svg_downloads_have_title_and_source_drawn_in(chromium):
    data = families.headcount_by_family_data(catalog.load("headcount"), "assurance_sante")
    fig = families.headcount_by_family_chart(data)
    source = "Source : ONISEP & co, « Les métiers » (2009) · année 2009 · dérivé"
    title = "Effectifs par famille de métiers · Activité d'assurance santé des mutuelles · 2009"
    out = images.captioned_bytes(fig, title, source)
    with Image.open(io.BytesIO(out["png"])) as im:
        assert im.size == (1920, 1080)
        band = im.convert("L").crop((0, 1000, 1920, 1080))
        assert band.getextrema()[0] < 128  # the source line is drawn in the band
    svg = out["svg"].decode("utf-8")
    assert svg.startswith("<svg") and 'viewBox="0 0 1280 720"' in svg and 'width="1920"' in svg
    assert "ONISEP &amp; co, « Les métiers » (2009)" in svg
    assert "Effectifs par famille de métiers" in svg
    assert len(fig.layout.annotations) == 0 and fig.layout.title.text is None  # the page's figure is untouched


def test_long_source_lines_wrap_inside_the_picture(chromium):
    lines = images.wrap_lines("Source : " + "publication très longue ; " * 30, images.WIDTH - 2 * images.BAND_PAD)
    assert len(lines) > 1
    font = images._font(images.BAND_FONT)
    assert all(font.getlength(ln) <= images.WIDTH - 2 * images.BAND_PAD for ln in lines)


# ---- the app's buttons ---------------------------------------------------------------------------------------------

APP = """
from etl import catalog
from app import deck
from charts import families
data = families.headcount_by_family_data(catalog.load("headcount"), "branche")
deck.image_downloads(families.headcount_by_family_chart(data), data, key="familles", filename="releve-familles",
                     title="Effectifs par famille de métiers")
deck.sidebar_button()
"""


def test_app_prepares_the_pictures_and_the_deck_on_demand(tmp_path, chromium):
    from streamlit.testing.v1 import AppTest

    script = tmp_path / "app_deck.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n" + APP, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=120)
    scenario = gpec.Scenario.load(SCENARIO).to_dict()
    at.session_state["sc.valid"] = scenario  # what the studio keeps as its current scenario
    at.session_state["sc.scope"] = SCOPE
    at.run()
    assert not at.exception
    assert at.checkbox(key="deck.include_scenario").value is True
    assert not at.get("download_button")  # nothing rendered before it is asked for
    at.button(key="img.prepare.familles").click().run()
    assert [b.label for b in at.get("download_button")] == [labels.IMAGE_DOWNLOAD_PNG, labels.IMAGE_DOWNLOAD_SVG]
    at.button(key="deck.prepare").click().run()
    assert not at.exception and not at.error
    assert labels.DECK_BUTTON in [b.label for b in at.get("download_button")]
    pptx = at.session_state["deck.prepared"][1]
    prs = Presentation(io.BytesIO(pptx))
    assert prs.slides[0].shapes.title.text_frame.text == labels.DECK_TITLE
    assert any(s.shapes.title.text_frame.text.startswith(f"Scénario «\u00a0{scenario['name']}") for s in prs.slides)
    assert Emu(prs.slide_width).inches == pytest.approx(13.333, abs=0.01)


def test_app_deck_takes_the_chosen_sections_and_the_pinned_scenarios(tmp_path, chromium):
    from streamlit.testing.v1 import AppTest

    script = tmp_path / "app_deck.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom app import deck\ndeck.sidebar_button()\n")
    at = AppTest.from_file(str(script), default_timeout=120)
    first = gpec.Scenario.load(SCENARIO).to_dict()
    second = gpec.Scenario.load(ROOT / "scenarios" / "1-reference.json").to_dict()
    at.session_state["sc.pins"] = [
        {"label": first["name"], "scenario": first, "scope": SCOPE},
        {"label": second["name"], "scenario": second, "scope": SCOPE},
    ]
    at.run()
    assert at.checkbox(key="deck.include_pins").value is True
    sections = at.multiselect(key="deck.sections")
    assert list(sections.options) == [deck_section_label(s) for s in content.SECTIONS]
    sections.set_value(["familles", "scenarios"]).run()
    at.button(key="deck.prepare").click().run()
    assert not at.exception and not at.error
    prs = Presentation(io.BytesIO(at.session_state["deck.prepared"][1]))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert labels.DECK_COMPARE_TITLE.format(n=2) in titles
    assert not any(t.startswith("55\u202f000 salariés dans la branche") for t in titles)  # accueil left out
    assert any(chart_frames(s) for s in prs.slides)


def deck_section_label(section: str) -> str:
    from app import deck as app_deck

    return app_deck.section_label(section)


def test_cli_module_runs_as_a_program(tmp_path, chromium):
    """`python -m report --help` in a fresh interpreter (the entry point users type)."""
    r = subprocess.run([sys.executable, "-m", "report", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "--scenario" in r.stdout and "--pages" in r.stdout


def test_scopes_offered_are_those_with_a_pyramid_or_families():
    scopes = content.deck_scopes()
    pyr = catalog.load("age_pyramid")
    assert set(pyr["scope"]) <= set(scopes)
    assert SCOPE in scopes


def test_a_browser_that_will_not_start_is_a_sentence(monkeypatch):
    import kaleido
    from choreographer.errors import BrowserFailedError

    class Broken:
        def __init__(self, **kwargs):
            pass

        async def open(self):
            raise BrowserFailedError(("The browser seemed to close immediately after starting.",))

    monkeypatch.setattr(kaleido, "Kaleido", Broken)
    data = families.headcount_by_family_data(catalog.load("headcount"), SCOPE)
    with images.Renderer() as r, pytest.raises(images.ImageExportUnavailable) as err:
        r.render([images.deck_picture(families.headcount_by_family_chart(data))])
    assert str(err.value) == labels.IMAGE_BROWSER_FAILED.format(reason=labels.IMAGE_BROWSER_STOPPED)


def test_a_damaged_preset_costs_the_retirements_slide_not_the_deck(tmp_path, monkeypatch, chromium):
    broken = tmp_path / "1-casse.json"
    broken.write_text("{ pas du JSON", encoding="utf-8")
    monkeypatch.setattr(gpec, "preset_files", lambda *a, **k: [broken])
    spec = content.build_spec(content.DeckRequest(sections=("ages",), today=DAY))
    keys = [s.key for s in spec.slides if hasattr(s, "key")]
    assert "pyramide" in keys and "departs" not in keys
    notes = next(s for s in spec.slides if isinstance(s, slides.NotesSlide))
    assert any("1-casse.json" in m for m in notes.method)


def test_compare_puts_the_pinned_scenarios_side_by_side(tmp_path):
    out = tmp_path / "comparaison.pptx"
    others = [str(SCENARIO), str(ROOT / "scenarios" / "1-reference.json")]
    assert (
        report_main(["--out", str(out), "--pages", "scenarios", "--compare", *others, "--date", DAY.isoformat()]) == 0
    )
    prs = Presentation(str(out))
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text == labels.DECK_COMPARE_TITLE.format(n=2))
    table = next(sh for sh in slide.shapes if sh.has_table).table
    names = [gpec.Scenario.load(p).name for p in others]
    assert [c.text for c in table.rows[0].cells][1:] == names
    totals = [
        gpec.project(catalog.default_population(SCOPE), gpec.Scenario.load(p)).summary.set_index("family")
        for p in others
    ]
    hires = next(r for r in table.rows if r.cells[0].text == labels.SC_KEY_GENERIC["external_hires_total"])
    assert [c.text for c in hires.cells][1:] == [formats.number(t.loc["TOTAL", "external_hires_total"]) for t in totals]
    assert min(_sizes(prs)) >= deck.MIN_PT


def test_compare_needs_two_to_four_scenarios(tmp_path, capsys):
    out = tmp_path / "x.pptx"
    assert report_main(["--out", str(out), "--compare", str(SCENARIO)]) == 2
    assert "de 2 à 4 scénarios" in capsys.readouterr().err and not out.exists()
