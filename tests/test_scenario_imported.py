"""The studio on a scope imported by a user: the base is called imported (not
estimated), small projected counts are hidden, and every chart offers its picture."""

import random

from streamlit.testing.v1 import AppTest

from core import labels
from etl import catalog
from etl.imports.pipeline import prepare, save
from tests.test_scenario_page import show


def register_csv(n=120, seed=3) -> bytes:
    rnd = random.Random(seed)
    lines = ["Matricule;Nom;Date de naissance;Sexe;Famille de métiers"]
    for i in range(n):
        fam = rnd.choices(["gestion", "commercial", "si"], [60, 35, 5])[0]
        lines.append(
            f"A{i:04d};Nom{i};{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1963, 2002)};"
            f"{rnd.choice('FH')};{fam}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def open_studio(scope=None, present=False) -> AppTest:
    at = AppTest.from_file(str(catalog.ROOT / "dashboard.py"), default_timeout=120)
    if present:
        at.query_params["present"] = "1"
    at.run()
    at.switch_page("views/scenarios.py").run()
    if scope:
        if present:  # no sidebar widgets in presentation mode: the scope comes from the link
            at.query_params["scope"] = scope
            at.session_state["sc.link_seen"] = None
        else:
            box = next(s for s in at.selectbox if s.label == labels.SC_SCOPE)
            box.set_value(scope).run()
    return at


def test_charts_offer_their_pictures(store_copy):
    at = open_studio()
    for tab in labels.SC_CHART_TABS.values():  # one chart a tab, each with its pictures
        show(at, "graphique", tab)
        assert [b.label for b in at.button].count(labels.IMAGE_PREPARE) == 1, tab


def test_imported_base_is_named_and_shown_whole_to_its_owner(store_copy):
    prepared = prepare(register_csv(), "registre.csv", kind="register", scope="essai", ref_year=2025)
    assert not prepared.problems
    save(prepared)
    at = open_studio("essai")
    assert not at.exception
    info = " ".join(i.value for i in at.info)
    assert "importées" in info and "**estimée**" not in info
    warnings = " ".join(w.value for w in at.warning)
    assert labels.AUDIENCE_INTERNAL_MARK in warnings  # analysis: marked internal
    notes = " ".join(c.value for c in at.caption)
    assert "secret statistique" not in notes  # ... and nothing hidden
    needs = at.dataframe[0].value
    assert not needs.map(lambda v: v in ("< 5", "secret")).any(axis=None)
