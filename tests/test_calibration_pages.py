"""The app's views of movements: the ages page of an imported scope with leavers shows
observed exits by age and reason beside the legal age, and the back-test with its
sentence; the studio calibrates in one click; the import page says what the movement
columns give. Diffusion hides what it must."""

from __future__ import annotations

import pytest
from registers import movement_registers, register_bytes
from test_pages import open_page, page_text

from etl.imports import prepare, save

SCOPE = "mutuelle_durand"


@pytest.fixture
def scope_with_movements(import_root):
    registers, truth = movement_registers(n=3000, seed=9)
    for year, frame in registers.items():
        p = prepare(
            register_bytes(frame),
            f"registre_{year}.csv",
            kind="register",
            scope=SCOPE,
            ref_year=year,
            display_name="Mutuelle Durand",
        )
        assert p.ok, p.problems
        save(p)
    return truth


def test_ages_page_shows_observed_exits_and_the_backtest(scope_with_movements):
    at = open_page("ages", {"perimetre": SCOPE})
    text = page_text(at)
    assert "Sorties observées par âge et motif" in text
    assert "âge légal" in text and "Démission" in text and "Retraite" in text
    assert "La projection face à ce qui s'est passé" in text
    assert "Hors échantillon" in text
    sentences = [m.value for m in at.markdown if m.value.startswith("- La projection a")]
    assert any("départs à la retraite" in s and " % en 2024" in s for s in sentences), sentences
    assert "Erreur absolue totale" in text


def test_ages_page_in_presentation_mode_hides_small_cells(scope_with_movements):
    at = open_page("ages", {"perimetre": SCOPE, "present": "1"})
    assert "Sorties observées par âge et motif" in page_text(at)


def test_the_studio_calibrates_in_one_click(scope_with_movements):
    at = open_page("scenarios", {"perimetre": SCOPE})
    assert "Scénario calibré" not in page_text(at)
    at.button(key="sc.calibrate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at).replace("\\", "")  # what a reader sees of the escaped Markdown
    assert "Scénario calibré" in text and "(2023, 2024)" in text and "personnes exposées" in text
    assert at.session_state["sc.valid"]["schema_version"] == 2
    assert at.session_state["sc.valid"]["retirement"]["rule"] == "age_curve"
    assert at.session_state["sc.valid"]["calibration"]["years"] == [2023, 2024]
    [rates] = [d.value for d in at.dataframe if "Personnes exposées" in d.value.columns]
    assert {"Événements", "Poids de crédibilité", "Taux retenu"} <= set(rates.columns)
    assert len(rates) > 20  # ages 55..70, bands by family, replacement by family
    # the form's widgets were filled from the observed rates
    assert at.radio(key="sc.w.rule").value == "age_curve"


def test_studio_without_movements_offers_no_calibration(import_root):
    at = open_page("scenarios")
    assert not [b for b in at.button if b.key == "sc.calibrate"]


def test_import_page_says_what_the_movement_columns_give(import_root):
    from registers import movement_registers

    registers, _ = movement_registers(n=300, years=(2024,), seed=4)
    p = prepare(register_bytes(registers[2024]), "r.csv", kind="register", scope="essai", ref_year=2024)
    assert "sortie(s) en 2024 dont" in p.summary() and "départ(s) à la retraite" in p.summary()


def test_import_page_maps_an_unknown_reason_and_tells_what_the_columns_give(import_root, tmp_path, monkeypatch):
    from test_import_page import ROOT, frame, page_with

    monkeypatch.syspath_prepend(str(ROOT))
    registers, _ = movement_registers(n=300, years=(2024,), seed=4)
    df = registers[2024].copy()
    leaver = df.index[df["Motif de sortie"] == "Démission"][0]
    df.loc[leaver, "Motif de sortie"] = "Départ volontaire"
    path = tmp_path / "registre_2024.csv"
    path.write_bytes(register_bytes(df))
    at = page_with(path, scope="mut_sorties", year=2024)
    problems = frame(at, "problème")["problème"].tolist()
    assert problems == [
        "« Départ volontaire » : motif de sortie non reconnu (valeurs acceptées : retraite, départ à la retraite, départ en retraite, mise à la retraite, retraite anticipée, carrière longue, démission, fin de CDD, fin de contrat, fin d'apprentissage, fin de contrat de professionnalisation, rupture conventionnelle, licenciement, licenciement économique, licenciement pour inaptitude, décès, mutation, transfert, mobilité groupe, fin de période d'essai, rupture de période d'essai, autre ; ou choisir sa correspondance sous ce tableau)"
    ]
    [box] = [s for s in at.selectbox if s.key and s.key.startswith("imp.fix.") and "Départ volontaire" in s.label]
    assert "Démission" in box.options
    box.set_value("resignation")
    at.button(key="imp.fix_apply").click()
    at.run()
    assert not at.exception, at.exception
    assert any("sortie(s) en 2024 dont" in s.value for s in at.success)
    assert any("ne donnent pas les sorties des années précédentes" in c.value for c in at.caption)
