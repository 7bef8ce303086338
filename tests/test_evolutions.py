"""The branch over time: every series published for at least two years is charted,
a change of scope is a break (never a joined line), each value carries its year as
the source dates it, its source on hover and in the CSV; the Évolutions page and the
home page's cards as a user sees them."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_pages import norm, open_page

from charts import series
from core import exports, labels
from etl import catalog


@pytest.fixture(scope="module")
def store(built_store):
    return {t: catalog.load(t) for t in catalog.TABLES}


@pytest.fixture(scope="module")
def charted(store):
    return series.charted(store)


# (series, line, [(year as the source dates it, value, scope)]): what each chart draws, oldest first.
EXPECTED = [
    (
        "rmag",
        "rmag",
        [
            ("2013", 19000, "branche"),
            ("2022", 20500, "branche"),
            ("2024", 21386, "branche"),
            ("2025", 21900, "branche"),
        ],
    ),
    ("point", "point", [("2019", 0.8, "branche"), ("2024", 1.3, "branche"), ("2025", 0.6, "branche")]),
    (
        "enquetes",
        "interrogees",
        [
            ("2012", 409, "employeurs_mutualistes"),
            ("2013", 404, "employeurs_mutualistes"),
            ("2014", 390, "employeurs_mutualistes"),
        ],
    ),
    ("enquetes", "repondantes", [("2014", 221, "repondants_bilan_social"), ("2017", 143, "repondants_etude_familles")]),
    ("mixite", "hommes_recrutements", [("2010", 19, "branche"), ("2018", 24, "branche")]),
    ("mixite", "femmes_cadres", [("2010", 55, "branche"), ("2018", 58, "branche")]),
    ("femmes", "femmes", [("2009", 82, "assurance_sante"), ("vers 2019", 76, "branche")]),
    ("cadres", "cadres", [("2009", 20, "assurance_sante"), ("2017", 26, "branche")]),
    (
        "livre3",
        "etablissements",
        [
            ("2006", 2256, "livre3"),
            ("vers 2010", 2500, "livre3"),
            ("vers 2011", 2500, "livre3"),
            ("vers 2014", 2500, "livre3"),
            ("vers 2021", 2927, "livre3"),
        ],
    ),
    ("effectifs", "branche", [("2014", 55000, "branche"), ("2024", 55000, "branche")]),
    ("effectifs", "livre3", [("vers 2010", 25000, "livre3"), ("vers 2019", 18150, "livre3")]),
    (
        "marche",
        "mutuelles",
        [
            ("2006", 849, "mutuelles_sante_marche"),
            ("2011", 559, "mutuelles_sante_marche"),
            ("2018", 326, "mutuelles_complementaire_drees"),
        ],
    ),
]


@pytest.mark.parametrize("key, line, points", EXPECTED, ids=[f"{e[0]}-{e[1]}" for e in EXPECTED])
def test_each_series_draws_the_published_values_with_their_years(charted, key, line, points):
    d = charted[key]
    d = d[d["line"] == line]
    got = [(y, pytest.approx(v), s) for y, v, s in zip(d["year_label"], d["value"], d["scope"])]
    assert got == [(y, pytest.approx(v), s) for y, v, s in points]
    assert (d["source"].str.len() > 10).all() and set(d["confidence"]) <= {"high", "medium"}


def test_every_series_with_two_years_is_charted(store, charted):
    assert series.uncharted(store["figures"]) == []
    assert list(charted) == list(series.SERIES)
    assert all(d["ref_year"].nunique() >= 2 for d in charted.values())


@pytest.mark.parametrize("key", ["enquetes", "marche", "femmes", "cadres"])
def test_a_change_of_scope_is_a_break_not_a_joined_line(charted, key):
    d = charted[key]
    fig = series.series_chart(d)
    for line, pts in d.groupby("line"):
        for trace in fig.data:
            xs = list(trace.x)
            scopes = set(pts.loc[pts["ref_year"].isin(xs), "scope"]) if trace.legendgroup == line else set()
            assert len(scopes) <= 1, (key, trace.name)  # a trace never spans two scopes
    breaks = [s for s in fig.layout.shapes if s.type == "line"]
    assert breaks and all(s.line.dash == "dot" for s in breaks)
    assert any(a.text == labels.SCOPE_BREAK for a in fig.layout.annotations)


def test_the_market_is_marked_as_context_not_the_branch(charted):
    fig = series.series_chart(charted["marche"])
    assert any(labels.CONTEXT_MARK in a.text for a in fig.layout.annotations)
    assert not any(
        labels.CONTEXT_MARK in (a.text or "") for a in series.series_chart(charted["rmag"]).layout.annotations
    )


def test_hover_and_csv_carry_each_value_source_and_year(charted):
    d = charted["rmag"]
    fig = series.series_chart(d)
    trace = fig.data[0]
    assert "Source" in trace.hovertemplate and "confiance" in trace.hovertemplate
    assert any("Politique salariale 2022" in c[4] for c in trace.customdata)
    assert list(fig.layout.xaxis.ticktext) == ["2013", "2022", "2024", "2025"]
    l3 = series.series_chart(charted["livre3"])
    assert "vers<br>2014" in list(l3.layout.xaxis.ticktext)  # on two lines: close years stay readable
    for dialect in exports.DIALECTS:
        back = exports.read_csv_bytes(exports.to_csv_bytes(d, dialect), dialect)
        assert {"year_label", "source", "url", "confidence", "source_id", "scope"} <= set(back.columns)
        assert back["url"].str.startswith("http").all()


def test_point_rises_are_bars(charted):
    fig = series.series_chart(charted["point"])
    assert {t.type for t in fig.data} == {"bar"}
    assert [norm(t) for t in fig.data[0].text] == ["+0,8 %", "+1,3 %", "+0,6 %"]


def test_recent_single_year_figures_are_listed_with_confidence_and_link(store, charted):
    recent = series.not_drawn(series.recent_figures(store["figures"], store["sources"], since=2012), charted)
    by = {(i, c): r for i, c, r in zip(recent["indicator"], recent["category"], recent.to_dict("records"))}
    assert norm(by[("training_contribution", "contribution conventionnelle")]["display"]) == "0,5 %"
    assert by[("work_study_target", "postes en alternance (objectif)")]["confidence"] == "medium"
    assert by[("disabled_hires_target", "situation de départ")]["year_label"] == "vers 2015"
    assert by[("pay_rise_share", "au moins une augmentation ou une prime")]["url"].startswith("https://")
    assert ("minimum_annual_pay", "RMAG") not in by  # charted, not listed twice
    assert list(recent["ref_year"]) == sorted(recent["ref_year"], reverse=True)
    table = series.recent_table(recent)
    assert list(table.columns) == list(labels.RECENT_COLUMNS.values())


# ---- the pages ---------------------------------------------------------------------------------


def charts_json(at: AppTest) -> list[str]:
    return [norm(json.dumps(json.loads(c.proto.spec), ensure_ascii=False)) for c in at.get("plotly_chart")]


def test_evolutions_page_charts_every_series_with_values_and_csvs(built_store):
    at = open_page("evolutions")
    assert labels.PAGE_TITLES["evolutions"] in [t.value for t in at.title]
    assert [t.label for t in at.tabs] == list(labels.SERIES_SECTIONS)
    first = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert first == [labels.SERIES_TITLES[k] for k in labels.SERIES_SECTIONS["Effectifs et emplois"]]  # one tab drawn
    titles, downloads, tables, frames = {}, [], [], []
    for theme in labels.SERIES_SECTIONS:  # every theme, as a link with ?theme=… opens it
        at = open_page("evolutions", {"theme": theme})
        drawn = {
            json.loads(c.proto.spec)["layout"]["title"]["text"]: s
            for c, s in zip(at.get("plotly_chart"), charts_json(at))
        }
        assert set(drawn) == {labels.SERIES_TITLES[k] for k in labels.SERIES_SECTIONS[theme]}, theme
        titles.update(drawn)
        downloads += [b.proto.label for b in at.get("download_button")]
        tables += [t.value for t in at.table]
        frames += [d.value for d in at.dataframe]
    assert len(titles) == len(series.SERIES)
    rmag = titles[labels.SERIES_TITLES["rmag"]]
    for value in ("19 000 €", "20 500 €", "21 386 €", "21 900 €"):
        assert value in rmag
    survey = titles[labels.SERIES_TITLES["enquetes"]]
    for value in ("409", "404", "390", "221", "143", labels.SCOPE_BREAK, "Bilan social 2013"):
        assert value in survey
    market = titles[labels.SERIES_TITLES["marche"]]
    assert "849" in market and "559" in market and "326" in market and labels.CONTEXT_MARK in market
    assert "vers 2014" in titles[labels.SERIES_TITLES["livre3"]]
    assert sum(labels.DOWNLOAD_CSV in d for d in downloads) >= len(series.SERIES) + 2
    crosswalk = next(t for t in tables if "vers 2014" in t.columns)
    assert "magasins d'optique (747)" in crosswalk.to_string()
    recent = next(d for d in frames if labels.RECENT_COLUMNS["confidence"] in d.columns)
    values = set(recent[labels.RECENT_COLUMNS["display"]].map(norm))
    assert {"84 %", "3 000", "0,5 %", "83 %", "1 300", "1 500"} <= values
    assert "moyenne" in set(recent[labels.RECENT_COLUMNS["confidence"]])
    assert recent[labels.RECENT_COLUMNS["url"]].dropna().str.startswith("http").all()


def test_home_page_shows_the_most_recent_value_first_with_its_history(built_store):
    at = open_page("accueil")
    metrics = [(m.label, norm(m.value)) for m in at.metric]
    assert metrics[0] == (labels.KEY_FIGURE_LABELS["headcount"], "55 000")
    assert metrics[1] == (labels.KEY_FIGURE_LABELS["women"], "76 %")
    assert (labels.KEY_FIGURE_LABELS["min_pay"], "21 900 €") in metrics
    assert "73 900" not in [v for _, v in metrics]  # the 2009 figure is history, not a card
    captions = [norm(c.value) for c in at.caption]
    first = next(c for c in captions if "CFTC-PSE" in c)
    assert (
        first.startswith("2024 · ") and "Avant : environ 55 000 (2014)" in first and "Changement de périmètre" in first
    )
    assert any(c.startswith("vers 2019 · Branche") for c in captions)
    sparks = [s for s in charts_json(at) if f'"height": {series.SPARKLINE_HEIGHT}' in s]
    assert len(sparks) == 3  # headcount, minimum pay, Livre 3 establishments
    links = [p.proto.label for p in at.get("page_link")]
    assert links.count(labels.CARD_EVOLUTION_LINK) == 5  # every card with older values
    assert labels.CARD_HISTORY_HEADER in [e.label for e in at.expander]


def test_home_page_in_presentation_mode_keeps_the_cards_without_links(built_store):
    at = open_page("accueil", {"present": "1"})
    assert norm(at.metric[0].value) == "55 000"
    assert labels.CARD_EVOLUTION_LINK not in [p.proto.label for p in at.get("page_link")]
    assert not at.get("download_button")


def test_data_page_lists_every_dated_figure_with_confidence_and_link(built_store):
    at = open_page("donnees")
    frame = next(d.value for d in at.dataframe if labels.RECENT_COLUMNS["url"] in d.value.columns)
    figures = catalog.load("figures")
    assert len(frame) == int(figures["ref_year"].notna().sum())
    cftc = frame[frame[labels.RECENT_COLUMNS["source"]].str.startswith("CFTC-PSE")].iloc[0]
    assert cftc[labels.RECENT_COLUMNS["confidence"]] == "moyenne"
    assert cftc[labels.RECENT_COLUMNS["url"]] == "https://www.cftc-pse.fr/post/politique-salariale-2024-anem"
    at.selectbox(key="table").set_value("figures").run()
    shown = [d.value for d in at.dataframe][0]
    assert {"theme", "confidence", "ref_year_approx"} <= set(shown.columns)
    assert pd.api.types.is_bool_dtype(shown["ref_year_approx"])
