"""The scenario studio as a user drives it (Streamlit AppTest): inputs move the
figures by what the engine says, links open exactly their scenario, saved scenarios
come back, bad links and files are sentences, pinned scenarios are all compared."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import gpec
from core import formats
from etl import catalog
from studio import link

PAGE = str(Path(__file__).resolve().parents[1] / "views" / "scenarios.py")
POP = catalog.default_population()
REFERENCE = gpec.presets()["Référence"].to_dict()


@pytest.fixture(autouse=True)
def saved_folder(tmp_path, monkeypatch):
    folder = tmp_path / "saved"
    monkeypatch.setenv("RELEVE_SCENARIOS", str(folder))
    return folder


def open_page(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def show(at: AppTest, tab: str, label: str) -> AppTest:
    """Open a tab of the page (its key, which is also its address parameter, and its
    label), as a click on it does. Both are set: a test run keeps the address it was
    given, and a page opened through the frame reads the session's state."""
    at.session_state[tab] = label
    at.query_params[tab] = label
    return run(at)


def save_section(at: AppTest) -> AppTest:
    from core import labels

    return show(at, "section", labels.SC_SAVE_SHARE)


def chart_specs(at: AppTest) -> dict[str, dict]:
    """Every chart of the studio, one chart tab after the other: tab label -> figure."""
    from core import labels

    specs = {}
    for label in labels.SC_CHART_TABS.values():
        charts = show(at, "graphique", label).get("plotly_chart")
        assert len(charts) == 1, (label, len(charts))  # only the open tab is drawn
        specs[label] = json.loads(charts[0].proto.spec)
    return specs


def metric(at: AppTest, key: str) -> str:
    """The displayed value of a key figure, found by its label."""
    from core import labels

    stem = labels.SC_KEY_LABELS[key].split("{")[0]
    found = [m.value for m in at.metric if m.label.startswith(stem)]
    assert found, [m.label for m in at.metric]
    return found[0]


def engine_total(scenario: dict, column: str) -> float:
    summary = gpec.project(POP, scenario).summary
    return float(summary.set_index("family").loc["TOTAL", column])


def current(at: AppTest) -> dict:
    return at.session_state["sc.valid"]


def compare_table(at: AppTest):
    found = [d.value for d in at.dataframe if list(d.value.columns[:1]) == ["Indicateur"]]
    return found[0] if found else None


def shown(markdown: str) -> str:
    """What a reader sees of Markdown whose quoted values went through
    `formats.plain`: the backslashes and word joiners of the escaping gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(formats.WORD_JOINER, "")


def texts(elements) -> str:
    return "\n".join(shown(e.value) for e in elements)


def test_opens_on_the_reference_with_its_figures():
    at = open_page()
    assert current(at) == REFERENCE
    assert metric(at, "external_hires_total") == formats.number(engine_total(REFERENCE, "external_hires_total"))
    assert metric(at, "retirements_total") == formats.number(engine_total(REFERENCE, "retirements_total"))
    assert "projection" in texts(at.info) or "Projection" in texts(at.info)
    assert at.query_params["scenario"] == [link.encode(REFERENCE)] or at.query_params["scenario"] == link.encode(
        REFERENCE
    )


def test_replacement_rate_changes_hires_by_what_the_engine_predicts():
    at = open_page()
    before = metric(at, "external_hires_total")
    at.number_input(key="sc.w.replacement").set_value(50.0)
    run(at)
    expected = {**REFERENCE, "replacement_rate": {"default": 0.5, "by_family": {}}}
    assert current(at) == expected
    after = metric(at, "external_hires_total")
    assert after == formats.number(engine_total(expected, "external_hires_total"))
    assert after != before


def test_a_family_exception_in_the_table_is_applied():
    at = open_page()
    gen = at.session_state["sc.gen"]
    families = list(dict.fromkeys(POP["family"]))
    at.session_state[f"sc.w.family_rates.{gen}"] = {
        "edited_rows": {str(families.index("gestion")): {"replacement": 50.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    run(at)
    assert current(at)["replacement_rate"] == {"default": 1.0, "by_family": {"gestion": 0.5}}


def test_invalid_value_is_refused_next_to_the_field_and_results_stay():
    at = open_page()
    before = metric(at, "external_hires_total")
    at.number_input(key="sc.w.replacement").set_value(400.0)
    run(at)
    errors = texts(at.error)
    assert "replacement_rate.default = 4.0 : doit être compris entre 0 et 3" in errors
    assert "300 %" in errors
    assert "Taux par famille" in texts(at.warning)
    assert current(at) == REFERENCE and metric(at, "external_hires_total") == before
    at.number_input(key="sc.w.base_year").set_value(1800)
    run(at)
    assert "base_year = 1800" in texts(at.error)


def test_share_link_round_trips():
    at = open_page()
    at.number_input(key="sc.w.replacement").set_value(75.0)
    at.number_input(key="sc.w.share_women").set_value(70.0)
    at.radio(key="sc.w.rule").set_value("fixed_age")
    run(at)
    at.number_input(key="sc.w.fixed_age").set_value(63)
    run(at)
    scenario = current(at)
    assert scenario["retirement"] == {"rule": "fixed_age", "age": 63}
    token = at.query_params["scenario"]
    token = token[0] if isinstance(token, list) else token
    assert token == link.encode(scenario)
    code = texts(save_section(at).code)
    assert f"?scenario={token}" in code
    figures = [m.value for m in at.metric]

    other = open_page({"scenario": token})
    assert current(other) == scenario
    assert [m.value for m in other.metric] == figures
    # padding and the standard alphabet are accepted too
    padded = token + "=" * (-len(token) % 4)
    assert current(open_page({"scenario": padded})) == scenario


def test_link_with_a_scenario_nobody_typed():
    scenario = {
        **REFERENCE,
        "name": "Lien",
        "horizon_year": 2030,
        "other_exit_rate": {"default": 0.03, "by_family": {"si": 0.1}},
        "internal_mobility": [{"from": "support", "to": "si", "share": 0.25}],
        "monte_carlo": {"draws": 50, "seed": 9},
    }
    at = open_page({"scenario": link.encode(scenario)})
    assert current(at) == gpec.Scenario.from_dict(scenario).to_dict()
    assert metric(at, "external_hires_total") == formats.number(engine_total(scenario, "external_hires_total"))


@pytest.mark.parametrize(
    "token, words",
    [
        ("pas-un-lien!!", "alphabet"),
        (link.encode({"name": "x"}), "champ obligatoire manquant"),
        (link.encode({**REFERENCE, "replacement_rate": {"default": 9}}), "replacement_rate.default = 9"),
        (link.encode({**REFERENCE, "growth_rate": {"default": 0, "by_family": {"inconnue": 0.1}}}), "inconnue"),
        (link.encode(REFERENCE)[:-7], "lien"),
        # bounded inputs: Python's json would raise RecursionError, ValueError
        (
            base64.urlsafe_b64encode(b'{"name": ' + b"[" * 5_000 + b"]" * 5_000 + b"}").decode(),
            "plus de 64 niveaux de [ ou de { imbriqués",
        ),
        (base64.urlsafe_b64encode(b'{"base_year": ' + b"2" * 5_000 + b"}").decode(), "nombre de 5\u202f000 caractères"),
    ],
)
def test_malformed_link_is_a_sentence_and_keeps_the_scenario(token, words):
    at = open_page({"scenario": token})
    errors = texts(at.error)
    assert "Le lien de partage n'a pas pu être ouvert" in errors and words in errors
    assert current(at) == REFERENCE
    assert metric(at, "external_hires_total") == formats.number(engine_total(REFERENCE, "external_hires_total"))


def test_malformed_link_keeps_the_scenario_being_edited():
    at = open_page()
    at.number_input(key="sc.w.replacement").set_value(50.0)
    run(at)
    edited = current(at)
    at.query_params["scenario"] = "%%%"
    run(at)
    assert "Le lien de partage n'a pas pu être ouvert" in texts(at.error)
    assert current(at) == edited


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    save_section(at)
    gen = at.session_state["sc.gen"]
    at.file_uploader(key=f"sc.upload.{gen}").upload(name, data, "application/json")
    return run(at)


@pytest.mark.parametrize(
    "data, words",
    [
        (b"{pas du json", "JSON mal formé"),
        (b"\xff\xfe", "UTF-8"),
        (
            json.dumps({**REFERENCE, "hires": {"mean_age": 5, "age_sd": 7, "share_women": 0.5}}).encode(),
            "hires.mean_age = 5",
        ),
        (b"[1, 2]", "objet JSON"),
        # bounded inputs (limits.load_json): one sentence, never a traceback
        (b"[" * 20_000 + b"]" * 20_000, "mauvais.json : JSON refusé, ligne 1, colonne 65 : plus de 64 niveaux"),
        (
            b'{"name": "x", "base_year": ' + b"7" * 5_000 + b"}",
            "mauvais.json : JSON refusé, ligne 1, colonne 28 : nombre de 5\u202f000 caractères « 7777777777777777777… »",
        ),
        (b'{"name": "x", "base_year": NaN}', "« NaN » n'est pas un nombre JSON"),
        (
            b'{"name": "' + b"x" * 1_000_000 + b'"}',
            "fichier trop volumineux pour être un scénario (1\u202f000\u202f012 octets, au plus 1\u202f000\u202f000 octets)",
        ),
    ],
)
def test_invalid_upload_is_a_sentence_and_keeps_the_scenario(data, words):
    at = open_page()
    upload(at, "mauvais.json", data)
    errors = texts(at.error)
    assert "« mauvais.json » n'a pas été chargé" in errors and words in errors
    assert current(at) == REFERENCE


def test_valid_upload_is_loaded():
    scenario = gpec.presets()["Un départ sur deux remplacé"].to_dict()
    at = open_page()
    upload(at, "deux.json", json.dumps(scenario).encode())
    assert current(at) == scenario
    assert at.number_input(key="sc.w.replacement").value == 50.0


def test_save_reload_delete_round_trip(saved_folder):
    at = save_section(open_page())
    at.text_input(key="sc.w.name").set_value("Mon scénario à moi")
    at.number_input(key="sc.w.other_exit").set_value(8.0)
    run(at)
    saved = current(at)
    at.button(key="sc.save").click()
    run(at)
    assert (saved_folder / "mon-scenario-a-moi.json").exists()
    assert json.loads((saved_folder / "mon-scenario-a-moi.json").read_text("utf-8")) == saved
    assert "Mon scénario à moi" in texts(at.markdown)

    at.button(key="sc.save").click()
    run(at)
    assert "Remplacer" in texts(at.error)

    at.selectbox(key="sc.w.preset").set_value("Référence")
    run(at)
    assert current(at) == REFERENCE
    at.button(key="sc.open.mon-scenario-a-moi").click()
    run(at)
    assert current(at) == saved
    assert at.number_input(key="sc.w.other_exit").value == 8.0

    at.button(key="sc.delete.mon-scenario-a-moi").click()
    run(at)
    assert not (saved_folder / "mon-scenario-a-moi.json").exists()
    assert "Aucun scénario enregistré." in texts(at.caption)


def test_damaged_saved_file_is_listed_and_refused_with_a_sentence(saved_folder):
    saved_folder.mkdir(parents=True)
    (saved_folder / "abime.json").write_text(
        json.dumps({**REFERENCE, "name": "Abîmé", "base_year": "x"}), encoding="utf-8"
    )
    at = save_section(open_page())
    at.button(key="sc.open.abime").click()
    run(at)
    assert "base_year" in texts(at.error) and current(at) == REFERENCE


def test_compare_shows_every_pinned_scenario():
    at = open_page()
    at.button(key="sc.pin").click()
    run(at)
    at.number_input(key="sc.w.replacement").set_value(50.0)
    run(at)
    at.button(key="sc.pin").click()
    run(at)
    at.selectbox(key="sc.w.preset").set_value("Report de l'âge légal (loi 2023 sans suspension)")
    run(at)
    at.button(key="sc.pin").click()
    run(at)
    at.number_input(key="sc.w.replacement").set_value(120.0)
    at.toggle(key="sc.w.mc").set_value(True)
    run(at)
    at.number_input(key="sc.w.draws").set_value(30)
    run(at)
    at.button(key="sc.pin").click()
    run(at)
    table = compare_table(at)
    assert list(table.columns) == [
        "Indicateur",
        "Référence",
        "Référence (2)",
        "Report de l'âge légal (loi 2023 sans suspension)",
        "Report de l'âge légal (loi 2023 sans suspension) (2)",
    ]
    hires = table[table["Indicateur"] == "Embauches externes nécessaires"].iloc[0]
    assert hires["Référence (2)"] == formats.number(
        engine_total({**REFERENCE, "replacement_rate": {"default": 0.5, "by_family": {}}}, "external_hires_total")
    )
    assert at.button(key="sc.pin").disabled  # four is the limit
    at.button(key="sc.unpin.0").click()
    run(at)
    assert "Référence" not in compare_table(at).columns


def test_pinning_the_same_scenario_twice_is_said():
    at = open_page()
    at.button(key="sc.pin").click()
    run(at)
    at.button(key="sc.pin").click()
    run(at)
    assert "déjà épinglé" in texts(at.warning)


def test_monte_carlo_shows_its_band_and_says_so():
    at = open_page()
    at.toggle(key="sc.w.mc").set_value(True)
    run(at)
    at.number_input(key="sc.w.draws").set_value(40)
    run(at)
    assert current(at)["monte_carlo"]["draws"] == 40
    assert "40 tirages" in texts(at.info)
    specs = chart_specs(at).values()
    assert any(any(t.get("fill") == "tonexty" for t in s["data"]) for s in specs)


def test_scope_change_carries_the_scenario_over():
    from core import labels

    at = open_page()
    scopes = at.selectbox(key="sc.w.scope").options
    assert len(scopes) >= 2, scopes
    other = next(s for s in sorted(set(catalog.load("age_pyramid")["scope"])) if s != "branche")
    at.selectbox(key="sc.w.scope").set_value(other)
    run(at)
    assert at.session_state["sc.scope"] == other
    ref_year = int(catalog.load("age_pyramid").query("scope == @other")["ref_year"].max())
    assert current(at)["base_year"] == ref_year
    assert at.query_params["scope"] in (other, [other])
    assert labels.scope_label(other) in texts(at.info)


def test_presentation_mode():
    at = open_page({"present": "1"})
    assert len(at.metric) == 6
    assert not [b for b in at.get("download_button")]
    titles = {spec["layout"]["title"]["text"] for spec in chart_specs(at).values()}
    assert len(titles) == 5  # five tabs, five different charts


def test_an_empty_name_is_refused_under_the_name():
    at = open_page()
    at.text_input(key="sc.w.name").set_value("   ")
    run(at)
    assert "name = " in texts(at.error) and "Nom du scénario" in texts(at.warning)
    assert current(at) == REFERENCE


def test_a_form_drawn_afresh_by_the_browser_shows_the_loaded_scenario():
    """Each input's default, what a browser shows when it draws the field without
    the value it held (seen under load: the whole form came back blank, and the next
    click sent the blanks), is the loaded scenario's value, not an empty field."""
    from core import labels

    scenario = {**REFERENCE, "name": "Plan 2031", "description": "Départs à 64 ans", "horizon_year": 2031}
    at = open_page({"scenario": link.encode(scenario)})
    by_key = {w.key: w for w in at.text_input}
    assert by_key["sc.w.name"].proto.default == "Plan 2031"
    assert by_key["sc.w.description"].proto.default == "Départs à 64 ans"
    numbers = {w.key: w.proto.default for w in at.number_input}
    assert numbers["sc.w.base_year"] == REFERENCE["base_year"]
    assert numbers["sc.w.horizon_year"] == 2031
    rule = at.radio(key="sc.w.rule")
    assert rule.options[rule.proto.default] == labels.SC_RULES[REFERENCE["retirement"]["rule"]]
