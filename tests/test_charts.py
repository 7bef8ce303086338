"""Chart builders: the data-preparation functions return exactly the published (or
derived, or estimated) figures, and the figures draw those values, with bounds,
unknowns and estimates marked as such."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from charts import ages, common, families, gender, keyfigures, livre3, series, tables, theme
from core import labels
from etl import catalog
from studio import projection


def norm(text: str) -> str:
    """Babel writes thousands with a narrow no-break space; compare with plain spaces."""
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture(scope="module")
def store(built_store):
    return {t: catalog.load(t) for t in catalog.TABLES}


def fig_json(fig) -> str:
    return norm(json.dumps(json.loads(fig.to_json()), ensure_ascii=False))


# ---- Accueil -------------------------------------------------------------------------

# (card, display, year as the source dates it, scope, older values) : each card the most recent value
KEY_CARDS = [
    ("headcount", "55 000", "2024", "branche", 3),
    ("women", "76 %", "vers 2019", "branche", 1),
    ("managers", "26 %", "2017", "branche", 1),
    ("min_pay", "21 900 €", "2025", "branche", 3),
    ("livre3", "33 %", "vers 2019", "branche", 0),
    ("establishments", "2 927", "vers 2021", "livre3", 3),
    ("enterprises", "4 321", "2006", "entreprises", 0),
    ("retirement_claim", "1 salarié sur 2", "2009", "assurance_sante", 0),
]


def test_key_figure_cards_show_the_most_recent_value_with_year_and_scope(store):
    cards = keyfigures.key_figures(store["figures"])
    assert list(cards["key"]) == [k[0] for k in KEY_CARDS]  # 55 000 first, before any 2009 figure
    by = cards.set_index("key")
    for key, shown, year, scope, older in KEY_CARDS:
        assert (
            norm(by.loc[key, "display"]),
            by.loc[key, "year_label"],
            by.loc[key, "scope"],
            by.loc[key, "history_count"],
        ) == (shown, year, scope, older), key
    assert by.loc["headcount", "confidence"] == "medium"
    assert by.loc["retirement_claim", "note"] == labels.CLAIM_CARD_NOTE
    assert set(cards["source_id"]) <= set(store["sources"]["source_id"])


def test_cards_say_their_history_and_a_change_of_scope(store):
    by = keyfigures.key_figures(store["figures"]).set_index("key")
    hc = by.loc["headcount"]
    assert norm(hc["history"]) == (
        "Avant : environ 55 000 (2014) ; 60 787 (2014, Répondants au bilan social) ; "
        "73 900 (2009, Activité d'assurance santé des mutuelles)"
    )
    assert "Changement de périmètre" in hc["scope_change"] and "2009" in hc["scope_change"]
    assert "82 %" in by.loc["women", "history"] and "Changement de périmètre" in by.loc["women", "scope_change"]
    pay = by.loc["min_pay"]
    assert norm(pay["history"]) == "Avant : 21 386 € (2024) ; 20 500 € (2022) ; 19 000 € (2013)"
    assert pay["scope_change"] == ""
    assert "vers 2014" in by.loc["establishments", "history"]
    caption = keyfigures.card_caption(hc, store["sources"])
    assert caption.startswith("2024 · Branche Mutualité") and "confiance moyenne" in caption
    assert keyfigures.card_caption(by.loc["women"], store["sources"]).startswith("vers 2019 · ")
    assert "Changement de périmètre" in keyfigures.card_details(by.loc["women"])


def test_card_history_points_and_sparklines_never_join_two_scopes(store):
    hist = keyfigures.card_history(store["figures"], store["sources"])
    hc = hist[hist["line"] == "headcount"]
    assert sorted(hc["value"]) == [55000, 55000, 60787, 73900] and hc["source"].str.len().min() > 5
    spark = keyfigures.sparkline_data(hist, "headcount")
    assert set(spark["scope"]) == {"branche"} and list(spark["ref_year"]) == [2014, 2024]
    assert keyfigures.sparkline_data(hist, "women").empty  # two populations: no line, the link only
    fig = series.sparkline_chart(keyfigures.sparkline_data(hist, "min_pay"))
    assert list(fig.data[0].y) == [19000, 20500, 21386, 21900]
    table = keyfigures.history_table(hist)
    assert list(table.columns) == list(labels.CARD_HISTORY_COLUMNS.values())


def test_changes_say_when_scopes_differ_and_compute_gaps_only_within_a_scope(store):
    ch = keyfigures.changes(store["figures"], store["gender"], store["establishments"])
    by = {(k, s): r for k, s, r in zip(ch["key"], ch["side"], ch.to_dict("records"))}
    assert by[("headcount", "avant")]["value"] == 73900 and by[("headcount", "récent")]["value"] == 55000
    assert by[("headcount", "récent")]["scope"] == "branche"
    assert by[("headcount", "récent")]["comparability"].startswith("Périmètres différents")
    assert by[("women", "avant")]["value"] == 82 and by[("women", "récent")]["value"] == 76
    assert "Périmètres différents" in by[("women", "récent")]["comparability"]
    assert norm(by[("women_managers", "récent")]["comparability"]) == "Même périmètre : écart de +3 points"
    assert by[("women_managers", "avant")]["status"] == "derived"
    assert norm(by[("men_recruits", "récent")]["comparability"]) == "Même périmètre : écart de +5 points"
    assert by[("establishments", "avant")]["value"] == 2256 and by[("establishments", "récent")]["value"] == 2927
    assert by[("headcount", "récent")]["ref_year"] == 2024
    wide = keyfigures.changes_wide(ch)
    assert len(wide) == ch["key"].nunique()
    assert "82 %" in norm(" ".join(wide.iloc[:, 1]))
    assert "vers 2019" in set(wide[labels.CHANGE_COLUMNS["after_year"]])


def test_published_headcounts_chart_keeps_each_scope_apart(store):
    data = keyfigures.headcount_scopes_data(store["headcount"])
    assert {"assurance_sante", "branche", "repondants_bilan_social", "livre3"} <= set(data["scope"])
    fig = keyfigures.headcount_scopes_chart(data)
    assert sorted(fig.data[0].x) == sorted(data["headcount"])
    assert "environ 55 000" in fig_json(fig)
    assert any("2014 · Branche Mutualité" in y for y in fig.data[0].y)
    assert any("2024 · Branche Mutualité" in y for y in fig.data[0].y)
    assert any("vers 2019 · Livre 3" in y for y in fig.data[0].y)


# ---- Familles ------------------------------------------------------------------------


def test_family_bars_show_published_bounds_as_bounds(store):
    data = families.headcount_by_family_data(store["headcount"], "assurance_sante")
    values = dict(zip(data["family"], data["headcount"]))
    assert values == {"gestion": 36950, "commercial": 18475, "support": 14780, "autres": 3695}
    shown = dict(zip(data["family"], data["display"].map(norm)))
    assert shown["gestion"] == "≥ 36 950" and shown["autres"] == "≤ 3 695" and shown["support"] == "14 780"
    fig = families.headcount_by_family_chart(data)
    bar = fig.data[0]
    assert dict(zip(bar.y, bar.x))[labels.family_label("gestion")] == 36950
    assert "≥ 36 950" in [norm(t) for t in bar.text]
    patterns = dict(zip(bar.y, bar.marker.pattern.shape))
    assert patterns[labels.family_label("gestion")] == "/" and patterns[labels.family_label("support")] == ""
    arrows = {t.name: list(t.x) for t in fig.data[1:]}
    assert arrows[labels.BOUND_AT_LEAST] == [18475, 36950] or sorted(arrows[labels.BOUND_AT_LEAST]) == [18475, 36950]
    assert arrows[labels.BOUND_AT_MOST] == [3695]


def test_family_bars_of_the_estimated_branch_add_up_and_say_estimation(store):
    data = families.headcount_by_family_data(store["headcount"], "branche")
    assert data["headcount"].sum() == pytest.approx(55000)
    assert set(data["status"]) == {"estimated"} and data["ref_year"].iloc[0] == 2025
    assert list(data["family"]) == [f for f in labels.FAMILY_LABELS if f in set(data["family"])]
    fig = families.headcount_by_family_chart(data)
    assert any(labels.ESTIMATE_WATERMARK in a.text for a in fig.layout.annotations)
    colors = dict(zip(fig.data[0].y, fig.data[0].marker.color))
    assert colors[labels.family_label("si")] == theme.FAMILY_COLORS["si"]


def test_family_bars_of_an_unknown_scope_are_empty(store):
    assert families.headcount_by_family_data(store["headcount"], "nowhere").empty
    assert families.family_scopes(store["headcount"]) == ["assurance_sante", "branche"]


def test_jobs_crosswalk_and_blocks(store):
    jobs = families.jobs_table(store["jobs"])
    assert len(jobs) == len(store["jobs"])
    actuaire = jobs[jobs["job"] == "Actuaire"].iloc[0]
    assert actuaire["family_label"] == labels.family_label("produit_risque")
    assert "|" not in actuaire["diplomas"] and "DU actuaire" in actuaire["diplomas"]
    assert set(families.jobs_table(store["jobs"], "gestion")["family"]) == {"gestion"}
    cw = families.crosswalk_table(store["families"]).set_index("Famille harmonisée")
    assert cw.loc[labels.family_label("commercial"), labels.taxonomy_label("onisep_2009")] == "Marketing et commercial"
    assert cw.loc[labels.family_label("petite_enfance"), labels.taxonomy_label("cep_2007")] == "–"
    blocks = families.certificate_blocks(store["certificate_blocks"])
    assert list(blocks["block"]) == [1, 2, 3, 4]
    assert len(blocks.loc[0, "skill_list"]) == 6


# ---- Égalité ---------------------------------------------------------------------------


def test_gender_points_never_join_different_scopes(store):
    pts = gender.gender_data(store["gender"])
    assert set(pts["sex"]) == {"F"}
    fig = gender.gender_over_time_chart(pts)
    traces = {t.name: (list(t.x), list(t.y)) for t in fig.data}
    assert traces["Activité d'assurance santé des mutuelles"] == ([2009], [82.0])
    assert traces["Branche Mutualité"] == ([2019], [76.0])
    assert traces["Branche Mutualité · cadres"] == ([2010, 2018], [55.0, 58.0])
    assert traces["Branche Mutualité · Systèmes d'information"] == ([2019], [32.0])
    assert traces["Livre 3"] == ([2019], [81.0])
    # a derived point is hollow: the 2010 managers value comes from "+3 points since 2010"
    cadres = next(t for t in fig.data if t.name == "Branche Mutualité · cadres")
    assert list(cadres.marker.color) == ["white", cadres.line.color]
    # approximate years read as such: on the axis, in the hover, in the CSV and the table
    ticks = dict(zip(fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext))
    assert ticks[2019] == "vers 2019" and ticks[2018] == "2018" and ticks[2009] == "2009"
    assert set(pts.loc[pts["ref_year"] == 2019, "year_label"]) == {"vers 2019"}
    assert "vers 2019" in set(gender.gender_table(pts)["Année"])


def test_gender_labels_do_not_overlap(store):
    pts = gender.gender_data(store["gender"])
    sides = gender.label_sides(pts)
    assert len(sides) == len(pts)
    # the 2019 branch (76 %) and Livre 2 (73,5 %) labels are not on the same side
    d = pts.assign(side=sides).set_index("series")
    assert d.loc["branche/TOTAL/ensemble", "side"] != d.loc["livre2/TOTAL/ensemble", "side"]


def test_gender_labels_left_out_rather_than_stacked():
    """A register's families all fall on one year a few points apart: a label with no
    free side is left out (the hover and the table keep the value), never stacked."""
    shares = [70.8, 66.0, 100.0, 67.5, 68.0, 72.7]
    pts = pd.DataFrame({"series": [f"s{i}" for i in range(6)], "ref_year": 2025, "share": shares, "status": "derived"})
    sides = gender.label_sides(pts)
    shifts = {"middle right": (0.4, 0), "middle left": (-0.4, 0), "top center": (0, 4.8), "bottom center": (0, -4.8)}
    centres = [(2025 + shifts[s][0], v + shifts[s][1]) for s, v in zip(sides, shares) if s]
    for a, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[a + 1 :]:
            assert abs(x1 - x2) >= 0.6 * 0.95 or abs(y1 - y2) >= 6.0
    assert sides[2] and "" in sides  # 100 % keeps its label; some of the crowd do not
    fig = gender.gender_over_time_chart(pts.assign(series_label=pts["series"], scope="x", year_label="2025"))
    texts = [t.text[0] for t in fig.data]
    assert [bool(t) for t in texts] == [bool(s) for s in sides]
    assert "100\u00a0%" in texts
    # diffusion: a series whose every point is hidden has no mark, and no legend entry
    hidden = pts.assign(share=[None, *shares[1:]], series_label=pts["series"], scope="x", year_label="2025")
    assert [t.showlegend for t in gender.gender_over_time_chart(hidden).data] == [False] + [True] * 5


def test_gender_points_prepared_once_give_each_block_the_same_rows(store):
    """The page prepares both sexes' points once and takes each block's rows from them."""
    everything = gender.gender_data(store["gender"], sex=None)
    assert gender.women_points(everything).equals(gender.gender_data(store["gender"]))
    assert gender.latest_points(everything).equals(gender.gender_split_data(store["gender"]))


def test_gender_split_latest_year_adds_to_100(store):
    split = gender.gender_split_data(store["gender"])
    sums = split.groupby("series")["share"].sum()
    assert (sums.round(6) == 100).all()
    assert split.loc[split["series"] == "branche/TOTAL/cadres", "ref_year"].unique().tolist() == [2018]
    fig = gender.gender_split_chart(split)
    women = next(t for t in fig.data if t.name == "Femmes")
    assert 76.0 in list(women.x) and 82.0 in list(women.x)
    assert any("(vers 2019)" in y for y in women.y) and any("(2018)" in y for y in women.y)


# ---- Âges --------------------------------------------------------------------------------


def test_pyramid_totals_and_estimate_mark(store):
    data = ages.pyramid_data(store["age_pyramid"], "branche")
    assert data["headcount"].sum() == pytest.approx(55000)
    assert set(data["status"]) == {"estimated"}
    summary = ages.pyramid_summary(data)
    assert summary["total"] == pytest.approx(55000)
    assert summary["share_women"] == pytest.approx(76, abs=0.1)
    fig = ages.pyramid_chart(data)
    men = next(t for t in fig.data if t.name == "Hommes")
    women = next(t for t in fig.data if t.name == "Femmes")
    assert max(men.x) <= 0 <= min(women.x)
    assert -sum(men.x) + sum(women.x) == pytest.approx(55000)
    assert any(labels.ESTIMATE_WATERMARK in a.text for a in fig.layout.annotations)
    assert all(not t.startswith("-") for t in fig.layout.xaxis.ticktext)


def test_pyramid_family_filter_and_the_2009_pyramid(store):
    pyr = store["age_pyramid"]
    assert ages.pyramid_data(pyr, "branche", families=["gestion"])["headcount"].sum() == pytest.approx(18425)
    assert ages.pyramid_data(pyr, "assurance_sante", 2009)["headcount"].sum() == pytest.approx(73900)
    assert ages.pyramid_data(pyr, "branche", families=[]).empty
    assert ages.pyramid_families(pyr, "assurance_sante") == ["commercial", "gestion", "produit_risque", "support"]


def test_retirements_bars_add_up_to_the_engine_flows(store):
    preset = json.loads((catalog.SCENARIO_DIR / "1-reference.json").read_text(encoding="utf-8"))
    cells = ages.pyramid_cells(store["age_pyramid"], "branche")
    flows = projection.project_retirements(cells, projection.retirement_scenario(preset, "loi_2010"))
    data = projection.retirements_data(flows, "branche", "releve_estimation", "loi_2010")
    assert data["retirements"].sum() == pytest.approx(flows["retirements"].sum())
    assert set(data["status"]) == {"projection"}
    assert data["source_id"].iloc[0] == "releve_estimation;loi_2010"
    fig = ages.retirements_chart(data)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in bars) == pytest.approx(flows["retirements"].sum())
    gestion = next(t for t in bars if t.name == labels.family_label("gestion"))
    assert gestion.marker.color == theme.FAMILY_COLORS["gestion"]


def test_retirements_hidden_families_are_one_grey_bar_up_to_the_printed_total():
    """Diffusion: two hidden families in 2026 are one grey bar (the printed total less
    the bar shown), so the stack reaches the total; a year whose total is hidden too
    gets no grey bar, and no family's own bar is drawn where it is hidden."""
    data = pd.DataFrame(
        {
            "year": [2026] * 3 + [2027] * 3,
            "family": ["gestion", "si", "support"] * 2,
            "retirements": [9.4, None, None, 7.2, None, None],
            "suppressed": [False, True, True, False, True, True],
            "suppressed_label": ["", "< 5", "secret", "", "< 5", "secret"],
            "year_total": [18.0] * 3 + [None] * 3,
            "year_total_label": [""] * 3 + ["secret"] * 3,
        }
    )
    fig = ages.retirements_chart(data)
    grey = next(t for t in fig.data if t.name == labels.MASKED_FAMILIES)
    assert list(grey.x) == [2026, 2027] and grey.y[0] == pytest.approx(8.6) and pd.isna(grey.y[1])
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(float(t.y[0]) for t in bars if pd.notna(t.y[0])) == pytest.approx(18.0)
    totals = next(t for t in fig.data if t.type == "scatter")
    assert list(totals.text) == ["18", "secret"] and totals.y[0] == pytest.approx(18.0)
    # the analysis view (nothing hidden) has no grey bar
    full = data.assign(retirements=[9.4, 3.0, 5.6, 7.2, 1.0, 2.0]).drop(columns=["year_total", "year_total_label"])
    assert labels.MASKED_FAMILIES not in [t.name for t in ages.retirements_chart(full).data]


def test_hidden_cells_reach_the_browser_as_gaps_not_nan():
    """Plotly sends float columns as typed arrays, where a NaN is summed into a stack
    and every bar above a hidden family starts at 0, drawn over the others. The house
    style sends hidden cells as None (a gap)."""
    import base64

    import numpy as np

    data = pd.DataFrame(
        {
            "year": [2026, 2026, 2026],
            "family": ["commercial", "gestion", "support"],
            "retirements": [4.0, None, 6.0],
            "suppressed": [False, True, False],
            "suppressed_label": ["", "< 5", ""],
        }
    )
    sent = common.style(ages.retirements_chart(data), "t").to_plotly_json()["data"]
    for trace in sent:
        y = trace["y"]
        values = np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]) if isinstance(y, dict) else y
        assert not any(isinstance(v, float) and np.isnan(v) for v in values), trace.get("name")
    gestion = next(t for t in sent if t.get("name") == labels.family_label("gestion"))
    assert list(gestion["y"]) == [None]


def test_presentation_mode_raises_small_chart_notes_and_keeps_a_builders_height():
    """On a projector, a builder's small note on the chart (12 px "changement de
    périmètre") is raised to a readable size, larger ones are left alone; a builder
    that asks for more room than the house height keeps it, grown with the type on a
    projector (its rows hold a line of text each)."""
    import plotly.graph_objects as go

    fig = go.Figure(layout=dict(height=900))
    fig.add_annotation(text="changement de périmètre", font=dict(size=12))
    fig.add_annotation(text="33 %", font=dict(size=30))
    shown = common.style(go.Figure(fig), "t", present=True).layout
    assert [a.font.size for a in shown.annotations] == [18, 30]
    assert shown.height == 900 * 22 / 14
    assert common.style(go.Figure(fig), "t").layout.height == 900
    assert [a.font.size for a in common.style(go.Figure(fig), "t").layout.annotations] == [12, 30]
    assert common.style(go.Figure(), "t", present=True).layout.height == common.PRESENT_HEIGHT


def test_claim_check_data_chart_and_verdict(store):
    claim = ages.claim_row(store["retirements"])
    data = ages.claim_check_data(claim, {"implied": 10.5, "implied_60": 13.5}, "releve_estimation")
    assert list(data["share"]) == [50.0, 10.5, 13.5]
    assert data.loc[0, "status"] == "published" and data.loc[1, "status"] == "projection"
    assert data.loc[1, "source_id"] == "releve_estimation;loi_2010"
    fig = ages.claim_chart(data)
    assert sorted(fig.data[0].x) == [10.5, 13.5, 50.0]
    verdict = norm(ages.claim_verdict(data))
    assert "environ 10 %" in verdict or "environ 11 %" in verdict
    assert "« 1 sur 2 » (50 %)" in verdict


# ---- Livre 3 ----------------------------------------------------------------------------


def test_establishments_unknown_remainder_is_shown_as_unknown(store):
    data = livre3.establishments_data(store["establishments"])
    unknown = data[data["type_group"] == livre3.UNKNOWN].sort_values("ref_year")
    assert list(unknown["ref_year"]) == [2011, 2014, 2021] and list(unknown["count"]) == [2180, 912, 65]
    assert set(unknown["status"]) == {"derived"} and list(unknown["year_label"]) == [
        "vers 2011",
        "vers 2014",
        "vers 2021",
    ]
    assert data[data["ref_year"] == 2006]["count"].sum() == 2256
    for year, total in ((2011, 2500), (2014, 2500), (2021, 2927)):
        assert data[data["ref_year"] == year]["count"].sum() == total
    optique = data[(data["type_group"] == "optique_audio") & (data["ref_year"] == 2006)].iloc[0]
    assert optique["count"] == 873 and "centres d'audioprothèse" in optique["types"]
    fig = livre3.establishments_chart(data)
    names = [t.name for t in fig.data]
    assert {"2006", "vers 2011", "vers 2014", "vers 2021"} <= set(names)
    grey = next(t for t in fig.data if labels.UNKNOWN_BAR in t.name and t.offsetgroup == "2021")
    assert list(grey.x) == [65] and grey.marker.color == theme.UNKNOWN_COLOR and grey.marker.pattern.shape == "/"
    assert "composition inconnue" in norm(grey.text[0])
    assert sum(bool(t.showlegend) or t.showlegend is None for t in fig.data if labels.UNKNOWN_BAR in t.name) == 1
    year_2021 = next(t for t in fig.data if t.name == "vers 2021")
    assert labels.type_group_label(livre3.UNKNOWN) not in [y for y, x in zip(year_2021.y, year_2021.x) if pd.notna(x)]
    # the values take the page's type (22 px on a projector) and each bar's row grows with it
    own = fig.layout.height
    shown = common.style(livre3.establishments_chart(data), "t", present=True)
    assert {t.textfont.size for t in shown.data} == {None} and shown.layout.font.size == common.PRESENT_FONT
    assert shown.layout.height == own * common.PRESENT_FONT / common.FONT_SIZE


def test_crosswalk_of_establishment_types_and_livre3_context(store):
    cw = livre3.crosswalk_data(store["establishments"], store["establishment_types"])
    table = livre3.crosswalk_table(cw).set_index(labels.CROSSWALK_TYPES_GROUP)
    assert list(table.columns[:4]) == ["2006", "vers 2011", "vers 2014", "vers 2021"]
    optique = table.loc[labels.type_group_label("optique_audio")]
    assert norm(optique["vers 2014"]) == "magasins d'optique (747)"
    assert norm(optique["2006"]) == "centres d'optique (620) + centres d'audioprothèse (253)"
    assert "optique seule" in optique[labels.CROSSWALK_TYPES_NOTES]
    assert table.loc[labels.type_group_label("medico_social"), "2006"] == "–"
    ctx = livre3.context_data(store["figures"], store["sources"])
    got = dict(zip(zip(ctx["indicator"], ctx["category"]), zip(ctx["display"], ctx["year_label"], ctx["confidence"])))
    assert got[("managing_organisations", "organismes gestionnaires")] == ("172", "vers 2013", "high")
    assert got[("hospitals", "établissements MCO")] == ("29", "2008", "medium")
    assert ctx["url"].str.startswith("http").all()


def test_livre3_share_and_families(store):
    share = livre3.livre3_share_data(store["figures"], store["headcount"]).set_index("part")
    assert share.loc["livre3", "share"] == 33 and share.loc["livre3", "status"] == "published"
    assert set(share["year_label"]) == {"vers 2019"}
    assert share.loc["livre2", "share"] == 67 and share.loc["livre2", "status"] == "derived"
    fig = livre3.livre3_share_chart(share.reset_index())
    assert list(fig.data[0].values) == [33.0, 67.0]
    fams = livre3.livre3_families(store["families"])
    assert len(fams) == 5 and "petite_enfance" in set(fams["harmonised_family"])


# ---- Données, common ----------------------------------------------------------------------


def test_filter_table_ignores_case_and_accents_and_picks(store):
    src = store["sources"]
    assert "anem_2021" in set(tables.filter_table(src, "EGALITE")["source_id"])
    assert tables.filter_table(src, "zzzz-nothing").empty
    g = tables.filter_table(store["gender"], "", {"scope": ["livre3"], "sex": ["F"]})
    assert list(g["share"]) == [81.0]
    assert "scope" in tables.filter_columns(store["gender"])


def test_sources_links_only_for_web_addresses():
    src = pd.DataFrame(
        {
            "source_id": ["a", "b", "c"],
            "publisher": ["P"] * 3,
            "title": ["T"] * 3,
            "pub_year": [2009] * 3,
            "url": ["000_seed.txt", "https://example.org/x", "javascript:alert(1)"],
            "locator_hint": [""] * 3,
            "notes": [""] * 3,
        }
    )
    out = tables.sources_table(src)
    assert [x if isinstance(x, str) else None for x in out["link"]] == [None, "https://example.org/x", None]
    assert list(out["document"]) == ["000_seed.txt", "", "javascript:alert(1)"]


def test_parquet_bytes_round_trip(store):
    import io

    back = pd.read_parquet(io.BytesIO(tables.parquet_bytes(store["headcount"])))
    pd.testing.assert_frame_equal(back, store["headcount"])


def test_source_note_names_every_source_of_multi_source_rows(store):
    data = pd.DataFrame({"source_id": ["releve_estimation;loi_2010"], "ref_year": [2025], "status": ["projection"]})
    note = common.source_note(data, store["sources"])
    assert "Relève" in note and "Journal officiel" in note and "année 2025" in note
    many = pd.DataFrame({"source_id": ["onisep_2009", "wk_rh_2015", "anem_2021"], "ref_year": [2009, 2014, 2019]})
    short = common.source_note(many, store["sources"])
    assert "« " not in short and "ONISEP" in short and "(2015)" in short
    assert common.source_note(pd.DataFrame({"source_id": [], "ref_year": []}), store["sources"]) == ""
    years = pd.DataFrame({"source_id": ["x"] * 10, "ref_year": list(range(2025, 2035))})
    assert "années 2025 à 2034" in common.source_note(years, store["sources"])


def test_bounded_labels():
    assert norm(common.bounded(36950, "at_least")) == "≥ 36 950"
    assert norm(common.bounded(3695, "at_most")) == "≤ 3 695"
    assert norm(common.bounded(82, "exact", "percent")) == "82 %"
    assert norm(common.bounded(10.3, "exact", "percent")) == "10,3 %"


def test_the_source_line_dates_an_approximate_year_as_its_source_does():
    from charts.common import source_note

    sources = pd.DataFrame({"source_id": ["s"], "publisher": ["OEMM"], "title": ["Portrait"], "pub_year": [2020]})
    rows = pd.DataFrame(
        {"source_id": ["s", "s"], "ref_year": [2019, 2024], "ref_year_approx": [True, False], "status": "published"}
    )
    assert "années vers 2019, 2024" in source_note(rows, sources)
    assert "année 2024" in source_note(rows.iloc[[1]], sources)
