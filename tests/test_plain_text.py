"""Text stays text: a scenario name, a description, a file name or an engine sentence
that quotes them is shown with exactly its characters wherever Streamlit reads
Markdown (headers, paragraphs, alerts, widget labels, the sidebar), in the charts'
legends and in the meeting deck: no link, no image, no colour, no bold, no LaTeX."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import gpec
from core import formats, labels
from etl import catalog
from studio import link
from studio.store import slugify
from tests.test_scenario_page import show

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
J = formats.WORD_JOINER

LINK = "[cliquez ici](http://evil.example/x)"
IMAGE = "![x](http://evil.example/track.png)"
HOSTILE = [LINK, IMAGE, ":red[alerte]", "**gras**", "<b>html</b>", "$x^2$"]
NAME = " ".join(HOSTILE)
DESCRIPTION = (
    ':smile: :material/home: :streamlit: <a href="http://evil.example/a">lien</a> www.evil.example '
    "nom@evil.example _penché_ ~~barré~~ `code` -> $$y$$"
)
# Raw fragments none of which may reach a Markdown-bearing element unescaped.
RAW = [
    "](http",
    "![",
    ":red[",
    "**gras**",
    "<b>",
    "$x^2$",
    ":smile:",
    ":material/home:",
    ":streamlit:",
    "<a ",
    "http://",
    "www.evil",
    "nom@evil",
    "_penché_",
    "~~barré~~",
    "`code`",
    "$$y$$",
    "->",
]


# ---- the escaping function ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (LINK, rf"\[cliquez ici\]\(http\:{J}//evil\.example/x\)"),
        (IMAGE, rf"\!\[x\]\(http\:{J}//evil\.example/track\.png\)"),
        (":red[alerte]", rf"\:{J}red\[alerte\]"),
        ("**gras**", r"\*\*gras\*\*"),
        ("<b>html</b>", r"\<b\>html\</b\>"),
        ("$x^2$", r"\$x^2\$"),
        # Streamlit's rewrites of text that escapes cannot stop: a word joiner breaks them
        (":smile:", rf"\:{J}smile\:"),
        (":material/home:", rf"\:{J}material/home\:"),
        (":streamlit:", rf"\:{J}streamlit\:"),
        ("www.evil.example", rf"www{J}\.evil\.example"),
        ("nom@evil.example", rf"nom@{J}evil\.example"),
        ("a -> b <= c", rf"a \-{J}\> b \<{J}\= c"),
        # block syntax, entities, line breaks
        ("# titre", r"\# titre"),
        ("1. liste", r"1\. liste"),
        ("- puce", r"\- puce"),
        ("> citation", r"\> citation"),
        ("a | b", r"a \| b"),
        ("A &amp; B", r"A \&amp; B"),
        ("C:\\dossier", rf"C\:{J}\\dossier"),
        ("ligne 1\nligne 2\r\n===", r"ligne 1 ligne 2 \=\=\="),
        # French text stays readable: apostrophes, accents, spaced colons, percent
        ("Départ à 62 ans : 50 % d'effectif", r"Départ à 62 ans \: 50 % d'effectif"),
        ("", ""),
    ],
)
def test_plain_escapes_what_markdown_would_read(text, expected):
    assert formats.plain(text) == expected


def shown(markdown: str) -> str:
    """The characters a reader sees of an escaped string: CommonMark drops the
    backslash before punctuation; the word joiner is invisible."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(J, "")


@given(st.text())
def test_plain_keeps_every_character_and_leaves_no_special_bare(text):
    out = formats.plain(text)
    assert shown(out) == re.sub(r"\r\n|[\r\n\v\f\x85\u2028\u2029]", " ", text).replace(J, "")
    bare = re.sub(r"\\.", "", out)  # what is left once every escaped pair is removed
    assert not set(bare) & formats.MARKDOWN_SPECIALS


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<b>html</b>", "&lt;b&gt;html&lt;/b&gt;"),
        ('<a href="http://evil.example">x</a>', '&lt;a href="http://evil.example"&gt;x&lt;/a&gt;'),
        ("$x^2$", "&#36;x^2&#36;"),
        ("A &amp; B", "A &amp;amp; B"),
        ("Référence", "Référence"),
    ],
)
def test_chart_text_escapes_what_plotly_would_read(text, expected):
    assert formats.chart_text(text) == expected


def test_the_comparison_legend_shows_names_literally():
    from charts import scenario as sc

    flows = gpec.project(catalog.default_population(), gpec.presets()["Référence"]).flows
    t = sc.total_trajectory(flows)
    fig = sc.total_headcount_chart({"<b>a</b> $x$": t, "Référence": t})
    assert [tr.name for tr in fig.data] == ["&lt;b&gt;a&lt;/b&gt; &#36;x&#36;", "Référence"]
    assert fig.data[0].legendgroup == "<b>a</b> $x$"  # an identifier, never drawn


# ---- the studio, with a hostile scenario ------------------------------------------------------------------

MARKDOWN_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
LABELLED = (
    "button",
    "checkbox",
    "toggle",
    "metric",
    "expander",
    "tabs",
    "text_input",
    "number_input",
    "selectbox",
    "radio",
)


def markdown_values(at: AppTest) -> list[str]:
    """Every string of the page that Streamlit renders as Markdown: bodies of texts
    and alerts, labels of widgets, metrics, expanders and tabs (main area and sidebar)."""
    values = [e.value for kind in MARKDOWN_ELEMENTS for e in getattr(at, kind)]
    values += [e.label for kind in LABELLED for e in getattr(at, kind)]
    values += [e.proto.label for e in at.get("download_button")]
    return values


def assert_no_raw_markdown(at: AppTest) -> None:
    """None of the RAW fragments is left for Markdown to read: each escaped character
    is masked before looking (an escaped "\\<a " is text, not a tag)."""
    for value in markdown_values(at):
        live = re.sub(r"\\[!-/:-@\[-`{-~]", "\0", value)
        for raw in RAW:
            assert raw not in live, (raw, value)


@pytest.fixture
def saved_folder(tmp_path, monkeypatch):
    folder = tmp_path / "saved"
    monkeypatch.setenv("RELEVE_SCENARIOS", str(folder))
    return folder


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_studio(query: dict) -> AppTest:
    """The studio through the frame (so the sidebar's meeting-pack block is there)."""
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page("views/scenarios.py")
    return run(at)


def hostile_scenario() -> dict:
    reference = gpec.presets()["Référence"].to_dict()
    return gpec.Scenario.from_dict({**reference, "name": NAME, "description": DESCRIPTION}).to_dict()


def test_a_hostile_name_and_description_stay_text_in_the_studio(built_store, saved_folder):
    scenario = hostile_scenario()
    at = open_studio({"scenario": link.encode(scenario), "section": labels.SC_SAVE_SHARE})
    assert at.session_state["sc.valid"] == scenario
    # the widgets that are not Markdown keep the raw text
    assert at.text_input(key="sc.w.name").value == NAME
    assert at.text_input(key="sc.w.description").value == DESCRIPTION

    header = next(h.value for h in at.header if h.value.startswith("Résultats"))
    assert r"\[cliquez ici\]" in header
    assert header == labels.SC_RESULTS.format(name=formats.plain(NAME))
    assert shown(header) == labels.SC_RESULTS.format(name=NAME)
    assert at.checkbox(key="deck.include_scenario").label == labels.DECK_INCLUDE_SCENARIO.format(
        name=formats.plain(NAME)
    )
    assert at.button(key="sc.save").label == f"{labels.SC_SAVE} « {formats.plain(NAME)} »"
    assert_no_raw_markdown(at)

    # saved: the flash message and the list (name and description)
    at.button(key="sc.save").click()
    run(at)
    assert labels.SC_SAVED.format(name=formats.plain(NAME)) in [s.value for s in at.success]
    listed = [m.value for m in at.markdown if formats.plain(NAME) in m.value]
    assert listed and formats.plain(DESCRIPTION) in listed[0]
    assert_no_raw_markdown(at)

    # pinned: the unpin button; the comparison table (not Markdown) keeps the raw name
    show(at, "section", labels.SC_COMPARE)
    at.button(key="sc.pin").click()
    run(at)
    assert at.button(key="sc.unpin.0").label == f"{labels.SC_UNPIN} « {formats.plain(NAME)} »"
    table = next(d.value for d in at.dataframe if list(d.value.columns[:1]) == [labels.SC_COMPARE_INDICATOR])
    assert NAME in table.columns
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    legend = [t.get("name") for spec in charts for t in spec["data"]]
    assert formats.chart_text(NAME) in legend and NAME not in legend
    assert_no_raw_markdown(at)

    # opened again, then deleted: the flash messages quote the name escaped
    show(at, "section", labels.SC_SAVE_SHARE)
    slug = slugify(NAME)
    at.button(key=f"sc.open.{slug}").click()
    run(at)
    assert labels.SC_LOADED.format(name=formats.plain(NAME)) in [s.value for s in at.success]
    at.button(key=f"sc.delete.{slug}").click()
    run(at)
    assert labels.SC_DELETED.format(name=formats.plain(NAME)) in [s.value for s in at.success]
    assert_no_raw_markdown(at)


def test_refusals_quote_file_names_and_values_as_text(built_store, saved_folder):
    at = open_studio({"section": labels.SC_SAVE_SHARE})
    gen = at.session_state["sc.gen"]
    reference = gpec.presets()["Référence"].to_dict()
    bad = {**reference, "horizon_year": LINK, "by_the_way": "x", IMAGE: 1}
    at.file_uploader(key=f"sc.upload.{gen}").upload(f"{LINK}.json", json.dumps(bad).encode(), "application/json")
    run(at)
    errors = "\n".join(e.value for e in at.error)
    assert labels.SC_UPLOAD_REFUSED.format(file=formats.plain(f"{LINK}.json")) in errors
    assert formats.plain(f"horizon_year = {json.dumps(LINK, ensure_ascii=False)}") in errors
    assert_no_raw_markdown(at)

    # a name the engine refuses is quoted under the field, escaped too
    at.text_input(key="sc.w.name").set_value("   ")
    at.text_input(key="sc.w.description").set_value(DESCRIPTION)
    run(at)
    assert at.error and at.warning
    assert_no_raw_markdown(at)


def test_a_hostile_share_link_scope_is_quoted_as_text(built_store, saved_folder):
    at = open_studio({"scenario": link.encode(hostile_scenario()), "scope": LINK})
    errors = "\n".join(e.value for e in at.error)
    assert labels.SC_LINK_REFUSED in errors and formats.plain(LINK) in errors
    assert_no_raw_markdown(at)


# ---- the meeting deck: python-pptx text is plain, the name is kept as typed ----------------------------------


class _NoBrowser:
    """Stands in for the Chromium renderer: a blank PNG per picture."""

    def render(self, pictures):
        from PIL import Image

        buf = io.BytesIO()
        Image.new("RGB", (16, 9), "white").save(buf, format="PNG")
        return [buf.getvalue() for _ in pictures]


def test_the_deck_keeps_the_name_literally(built_store):
    from pptx import Presentation

    from report import content, deck, slides

    scn = gpec.Scenario.from_dict(hostile_scenario())
    request = content.DeckRequest(scope="branche", sections=("scenarios",), scenario=scn, today=dt.date(2025, 11, 21))
    spec = content.build_spec(request)
    prs = Presentation(io.BytesIO(deck.build(spec, renderer=_NoBrowser())))

    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    cards = next(s for s in spec.slides if isinstance(s, slides.CardsSlide) and s.key == "scenario")
    assert cards.title.startswith(f"Scénario «\u00a0{NAME}\u00a0» : ")
    assert cards.title in titles
    scenario_charts = [s for s in spec.charts() if s.key.startswith("scenario-")]
    assert len(scenario_charts) == 3
    for s in scenario_charts:
        assert s.subtitle.endswith(labels.DECK_SCENARIO_LINE.format(name=NAME))
    everything = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert labels.DECK_SCENARIO_LINE.format(name=NAME) in everything
    assert DESCRIPTION in everything  # the method notes
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    assert NAME in notes
    assert "\\[" not in everything and J not in everything  # nothing of the Markdown escaping
    for slide in prs.slides:  # no run became a hyperlink
        assert b"hlinkClick" not in slide.part.blob
