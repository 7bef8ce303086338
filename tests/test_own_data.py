"""An employer's own register, end to end, the way the user meets it: a 400-person
mutuelle with a family of three, imported on a single-user install.

* Analysis (the owner's screens): the register's exact figures, never computed from
  what suppression leaves, marked "Données internes — ne pas diffuser".
* Diffusion (presentation mode, the deck, downloads): hidden cells read "< 5" or
  "secret", never 0; projected values of a hidden family stay hidden.
* Imported scopes are the user's: never among the published figures of the home
  page, the branch series of /egalite, or the branch deck.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from registers import FAMILY_SIZES, register_csv, register_frame
from streamlit.testing.v1 import AppTest
from test_pages import norm, open_page, page_text

from core import labels, privacy
from etl import catalog
from etl.imports import prepare, save

SCOPE, NAME = "mutuelle_exemple", "Mutuelle Exemple"


@pytest.fixture
def mutuelle(import_root):
    p = prepare(register_csv(), "registre_2025.csv", kind="register", scope=SCOPE, ref_year=2025, display_name=NAME)
    assert p.problems == []
    save(p)
    from app import data

    data._operator_thresholds.clear()
    return register_frame()


def _decode(node):
    """Plotly's JSON writes numeric arrays as base64 ("bdata"): read them back."""
    import base64

    import numpy as np

    if isinstance(node, dict):
        if set(node) >= {"bdata", "dtype"}:
            return np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"]).tolist()
        return {k: _decode(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_decode(v) for v in node]
    return node


def figure(at: AppTest, i: int = 0):
    """The i-th chart of the page as a plotly figure (arrays decoded)."""
    import plotly.graph_objects as go

    return go.Figure(_decode(json.loads(at.get("plotly_chart")[i].proto.spec)))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: norm(m.value) for m in at.metric}


def test_ages_shows_the_registers_own_figures_to_its_owner(mutuelle):
    reg = mutuelle
    at = open_page("ages", {"perimetre": SCOPE})
    m = metrics(at)
    assert m[labels.PYRAMID_TOTAL] == "400"
    ages = 2025 - pd.to_datetime(reg["Date de naissance"]).dt.year
    assert m[labels.PYRAMID_55] == norm(f"{100 * (ages >= 55).mean():.1f} %".replace(".", ","))
    assert m[labels.PYRAMID_WOMEN] == norm(f"{100 * (reg['Sexe'] == 'F').mean():.1f} %".replace(".", ","))
    text = page_text(at)
    assert labels.AUDIENCE_INTERNAL_MARK in text
    assert labels.PYRAMID_TITLE_ESTIMATED not in text and "Effectif estimé" not in text
    assert "< 5" not in text and "secret" not in text.replace("secret statistique", "")


def test_presentation_mode_is_diffusion(mutuelle):
    at = open_page("ages", {"perimetre": SCOPE, "present": "1"})
    m = metrics(at)
    assert m[labels.PYRAMID_TOTAL] == "400"  # totals still from the full counts
    chart = figure(at)
    bands = [y for trace in chart.data if trace.type == "bar" for y in trace.y]
    assert "moins de 25 ans" in bands and "45-49 ans" in bands  # 5-year bands, not single ages
    texts = [t for trace in chart.data if trace.type == "scatter" and trace.mode == "text" for t in trace.text]
    assert set(texts) <= {"< 5", "secret"} and texts  # hidden bands say so, never 0
    assert labels.AUDIENCE_INTERNAL_MARK not in page_text(at)


def test_families_page_hides_the_family_of_three_in_diffusion_only(mutuelle):
    analysis = open_page("familles", {"perimetre": SCOPE})
    assert sorted(figure(analysis).data[0].x) == sorted(float(v) for v in FAMILY_SIZES.values())
    diffusion = open_page("familles", {"perimetre": SCOPE, "present": "1"})
    bar = figure(diffusion).data[0]
    shown = dict(zip(bar.y, bar.text))
    assert shown[labels.family_label("moteurs_changement")] == "< 5"
    assert "secret" in shown.values()  # and one more, or 400 - the rest = 3
    assert 3 not in list(bar.x)


def test_home_page_and_branch_series_never_show_an_import(mutuelle):
    for page in ("accueil", "egalite", "livre3"):
        text = page_text(open_page(page))
        assert NAME not in text and SCOPE not in text, page
    egalite = open_page("egalite")
    legend = [t.name or "" for i in range(len(egalite.get("plotly_chart"))) for t in figure(egalite, i).data]
    assert not any(NAME in n for n in legend)
    assert len([n for n in legend if n]) <= 12  # the published series only
    mine = open_page("egalite", {"perimetre": SCOPE})  # ... and the import is one choice away
    assert NAME in page_text(mine)


def test_scope_choices_put_imports_under_my_data(mutuelle):
    at = open_page("familles")
    box = next(s for s in at.selectbox if s.label == labels.SCOPE_FILTER)
    shown = (
        [box.format_func(o) for o in box.options] if callable(getattr(box, "format_func", None)) else list(box.options)
    )
    mine = [o for o in shown if NAME in o]
    assert mine and all(o.startswith(labels.MY_DATA_HEADER) for o in mine)
    assert shown.index(mine[0]) == len(shown) - 1  # after the published scopes


def test_branch_deck_never_names_an_import_and_a_scope_deck_is_protected(mutuelle):
    from report import content

    branch = content.build_spec(content.DeckRequest())
    text = json.dumps([repr(s) for s in branch.slides], ensure_ascii=False)
    assert NAME not in text and SCOPE not in text
    own = content.build_spec(content.DeckRequest(scope=SCOPE, sections=("familles", "ages")))
    assert NAME in own.slides[0].subtitle
    fam = next(s for s in own.slides if getattr(s, "key", "") == "familles")
    bar = fam.figure.data[0]
    labels_by_family = dict(zip(bar.y, bar.text))
    assert labels_by_family[labels.family_label("moteurs_changement")] == "< 5"
    side = dict(next(s for s in own.slides if getattr(s, "key", "") == "pyramide").side)
    assert norm(side[labels.PYRAMID_TOTAL]) == "400"


def test_etl_export_is_diffusion(mutuelle, tmp_path):
    from etl.__main__ import main

    out = tmp_path / "hc.csv"
    assert main(["export", "headcount", "--scope", SCOPE, "--out", str(out)]) == 0
    df = pd.read_csv(out, keep_default_na=False)
    row = df[df["family"] == "moteurs_changement"].iloc[0]
    assert row["headcount"] == "" and row["suppressed_label"] == "< 5"


def test_gpec_run_scope_gives_the_register_total(mutuelle, tmp_path):
    from gpec.cli import main

    assert main(["run", str(catalog.SCENARIO_DIR / "1-reference.json"), "--scope", SCOPE, "--out", str(tmp_path)]) == 0
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert summary.loc[summary["family"] == "TOTAL", "base_headcount"].iloc[0] == 400


def test_protected_tables_in_diffusion_never_show_a_small_cell(mutuelle):
    from app import data

    for name in ("headcount", "age_pyramid"):
        t = data.table(name, privacy.DIFFUSION)
        mine = t[t["scope"] == SCOPE]
        shown = mine.loc[~mine[privacy.SUPPRESSED], "headcount"]
        assert ((shown == 0) | (shown >= 5)).all()
        assert mine.loc[mine[privacy.SUPPRESSED], "headcount"].isna().all()


def test_scope_deck_departures_title_never_sums_the_years_left_visible(mutuelle):
    """The ages section's departures slide in diffusion: with a hidden yearly total its
    title gives no period total (as the page), never the sum of the years shown."""
    from report import content

    own = content.build_spec(content.DeckRequest(scope=SCOPE, sections=("ages",)))
    slide = next(s for s in own.slides if getattr(s, "key", "") == "departs")
    totals = next(t for t in slide.figure.data if t.meta == "totals")
    hidden = [str(t) for t in totals.text if not str(t)[0].isdigit()]
    assert hidden, "the register's projection hides some yearly totals"
    assert norm(slide.title) == norm(labels.DECK_RETIREMENTS_MESSAGE_HIDDEN.format(first=2025, last=2034))
