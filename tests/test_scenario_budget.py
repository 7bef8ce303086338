"""Bounded computation: the engine's budget (draws × years × cells), refused from a
share link, the form and the command line with a sentence naming the value and the
limit; the progress hook, which changes nothing in the results; the studio's
progress bar on a cache miss; and Monte Carlo runs taking turns across sessions."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

import gpec
from core import formats, labels
from etl import catalog
from gpec.cli import main as gpec_main
from studio import link

PAGE = str(Path(__file__).resolve().parents[1] / "views" / "scenarios.py")
BRANCH = catalog.default_population()
REFERENCE = gpec.presets()["Référence"].to_dict()
NNBSP = "\u202f"


@pytest.fixture(autouse=True)
def saved_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("RELEVE_SCENARIOS", str(tmp_path / "saved"))


def small_pop() -> pd.DataFrame:
    return pd.DataFrame(
        [("gestion", "F", a, 10) for a in (25, 40, 61, 63)] + [("si", "H", a, 4) for a in (30, 62)],
        columns=["family", "sex", "age", "headcount"],
    )


def scenario(draws: int, years: int, seed: int = 1, **over) -> dict:
    return {
        **REFERENCE,
        "horizon_year": REFERENCE["base_year"] + years,
        "monte_carlo": {"draws": draws, "seed": seed},
        **over,
    }


# ---- the engine: cost, budget, progress ----------------------------------------------------


def test_cost_is_draws_years_and_cells():
    assert gpec.cost(200, 40, 10) == 200 * 40 * 10 * 2 * 66 == 10_560_000
    assert gpec.cost(0, 40, 10) == gpec.cost(1, 40, 10)  # the expected projection counts as one draw
    assert gpec.cost(10_000, 60, 10) == 792_000_000


def test_the_app_default_fits_comfortably_and_10000_draws_over_60_years_do_not():
    families = BRANCH["family"].nunique()
    assert families == 10
    default = scenario(gpec.DEFAULT_DRAWS, 40)
    assert gpec.budget_problems(default, families) == []
    assert gpec.cost(gpec.DEFAULT_DRAWS, 40, families) * 2.5 < gpec.MAX_COST
    # the longest horizon with an 11th family ("autres", an import) still fits at the default draws
    assert gpec.budget_problems(scenario(gpec.DEFAULT_DRAWS, 60), 11) == []
    [sentence] = gpec.budget_problems(scenario(10_000, 60), families)
    assert sentence.startswith("monte_carlo.draws = 10000 : ")
    for part in (
        f"10{NNBSP}000 tirages sur 60 ans",
        f"792{NNBSP}000{NNBSP}000 cellules-années",
        f"limite de 30{NNBSP}000{NNBSP}000",
        "378 tirages au plus",
    ):
        assert part in sentence, part
    assert gpec.budget_problems(scenario(378, 60), families) == []
    assert gpec.budget_problems(scenario(379, 60), families) != []
    assert gpec.budget_problems(scenario(10_000, 60), families, max_cost=None) == []


def test_project_refuses_beyond_its_budget_before_computing():
    calls = []
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.project(small_pop(), scenario(100, 10), max_cost=1000, progress=lambda *a: calls.append(a))
    assert "monte_carlo.draws = 100" in str(err.value) and "limite de 1" in str(err.value)
    assert calls == []
    gpec.project(small_pop(), scenario(100, 10))  # no max_cost: the library sets no limit


@pytest.mark.parametrize("draws", [0, 40])
def test_progress_is_called_each_year_and_changes_nothing(draws):
    scn = scenario(draws, 12, seed=77)
    calls = []
    watched = gpec.project(small_pop(), scn, progress=lambda done, total: calls.append((done, total)))
    plain = gpec.project(small_pop(), scn)
    assert calls == [(i, 12) for i in range(1, 13)]
    for name, table in plain.tables().items():
        pd.testing.assert_frame_equal(watched.tables()[name], table, check_exact=True)
    assert watched._flows_by_draw.tobytes() == plain._flows_by_draw.tobytes()
    assert watched.structure_array.tobytes() == plain.structure_array.tobytes()


# ---- the command line ------------------------------------------------------------------------


@pytest.fixture
def small_files(tmp_path):
    pop = tmp_path / "population.csv"
    small_pop().to_csv(pop, index=False)
    scn = tmp_path / "scenario.json"
    scn.write_text(json.dumps(scenario(10, 5)), encoding="utf-8")  # 10 × 5 × 2 families × 132 = 13 200
    return scn, pop


def test_command_line_is_bounded_unless_told(small_files, tmp_path, monkeypatch, capsys):
    scn, pop = small_files
    monkeypatch.setattr("gpec.cli.MAX_COST", 10_000)
    out = tmp_path / "out"
    assert gpec_main(["run", str(scn), "--population", str(pop), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "monte_carlo.draws = 10 : " in err and f"13{NNBSP}200 cellules-années" in err
    assert f"limite de 10{NNBSP}000" in err and "--max-cost" in err and "--no-budget" in err
    assert not out.exists()
    assert gpec_main(["run", str(scn), "--population", str(pop), "--out", str(out), "--max-cost", "13200"]) == 0
    assert (out / "flows.csv").exists()
    assert gpec_main(["run", str(scn), "--population", str(pop), "--out", str(out), "--max-cost", "13199"]) == 2
    assert gpec_main(["run", str(scn), "--population", str(pop), "--out", str(out), "--no-budget"]) == 0
    capsys.readouterr()
    for bad in (["--no-budget", "--max-cost", "5"], ["--max-cost", "zéro"], ["--max-cost", "0"]):
        with pytest.raises(SystemExit) as exit_:
            gpec_main(["run", str(scn), "--population", str(pop), "--out", str(out), *bad])
        assert exit_.value.code == 2
    assert "--max-cost" in capsys.readouterr().err


def test_method_page_documents_the_options_and_the_budget():
    text = (catalog.DOCS_DIR / "method.md").read_text(encoding="utf-8")
    assert "--max-cost" in text and "--no-budget" in text
    assert formats.number(gpec.MAX_COST) in text
    studio = " ".join((catalog.DOCS_DIR / "scenarios.md").read_text(encoding="utf-8").split())
    assert f"{gpec.MAX_COST:,}".replace(",", " ") in studio and "Calcul en attente…" in studio
    assert "Calcul en attente…" in labels.SC_MC_WAITING


# ---- the studio --------------------------------------------------------------------------------


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error).replace("\\", "")


@pytest.fixture
def bars(monkeypatch):
    """Every (value, text) a progress bar showed during the runs of the test."""
    shown = []
    real = DeltaGenerator.progress

    def progress(self, value, text=None, **kw):
        shown.append((value, text))
        return real(self, value, text=text, **kw)

    monkeypatch.setattr(DeltaGenerator, "progress", progress)
    return shown


def test_a_link_beyond_the_budget_is_refused_and_the_scenario_stays(bars):
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.query_params["scenario"] = link.encode(scenario(10_000, 60, seed=5))
    run(at)
    shown = errors(at)
    assert labels.SC_LINK_REFUSED in shown
    assert "monte_carlo.draws = 10000" in shown and f"limite de 30{NNBSP}000{NNBSP}000" in shown
    assert at.session_state["sc.valid"] == REFERENCE
    assert bars == []  # nothing was computed for it


def test_the_form_beyond_the_budget_is_refused_beside_the_draws():
    at = run(AppTest.from_file(PAGE, default_timeout=90))
    at.toggle(key="sc.w.mc").set_value(True)
    run(at)
    before = at.session_state["sc.valid"]
    at.number_input(key="sc.w.draws").set_value(5000)
    run(at)
    shown = errors(at)
    assert (
        labels.SC_FIELD_ERRORS in shown
        and "monte_carlo.draws = 5000" in shown
        and "2 272 tirages au plus" in shown.replace(NNBSP, " ")
    )
    assert labels.SC_TABS["monte_carlo"] in "\n".join(w.value for w in at.warning)
    assert at.session_state["sc.valid"] == before


def test_progress_bar_on_a_miss_none_on_a_hit(bars):
    token = link.encode(scenario(30, 10, seed=918_273))  # a seed no other test uses: a miss
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.query_params["scenario"] = token
    run(at)
    assert at.session_state["sc.valid"]["monte_carlo"] == {"draws": 30, "seed": 918_273}
    texts = [t for _, t in bars]
    assert texts[0] == labels.SC_MC_PROGRESS.format(draws="30", done=0, total=1)
    assert texts[-1] == labels.SC_MC_PROGRESS.format(draws="30", done=10, total=10)
    assert [v for v, _ in bars][1:] == [i / 10 for i in range(1, 11)]
    assert not at.get("progress")  # removed once done
    figures = [m.value for m in at.metric]
    bars.clear()
    other = AppTest.from_file(PAGE, default_timeout=90)  # another session, the same scenario: cached
    other.query_params["scenario"] = token
    run(other)
    assert bars == [] and [m.value for m in other.metric] == figures


def test_a_waiting_visitor_is_told_and_a_long_wait_is_a_sentence(bars, monkeypatch):
    from app.scenario import state

    assert state._mc_slots.acquire(blocking=False)  # another session's draws hold the only slot
    told = threading.Event()
    real = DeltaGenerator.progress

    def progress(self, value, text=None, **kw):  # the visitor is told: the other draws end
        if text and text.startswith("Calcul en attente"):
            told.set()
        return real(self, value, text=text, **kw)

    monkeypatch.setattr(DeltaGenerator, "progress", progress)

    def release():
        told.wait(60)
        state._mc_slots.release()

    released = threading.Thread(target=release)
    released.start()
    try:
        at = AppTest.from_file(PAGE, default_timeout=90)
        at.query_params["scenario"] = link.encode(scenario(20, 5, seed=918_274))
        run(at)
    finally:
        told.set()
        released.join()
    texts = [t for _, t in bars]
    assert texts[0] == labels.SC_MC_WAITING.format(seconds=0) and "Calcul en attente…" in texts[0]
    assert texts[-1] == labels.SC_MC_PROGRESS.format(draws="20", done=5, total=5)
    assert at.session_state["sc.valid"]["monte_carlo"]["seed"] == 918_274

    monkeypatch.setattr(state, "MC_WAIT_SECONDS", 1)
    assert state._mc_slots.acquire(blocking=False)
    try:
        at = AppTest.from_file(PAGE, default_timeout=90)
        at.query_params["scenario"] = link.encode(scenario(20, 5, seed=918_275))
        run(at)
    finally:
        state._mc_slots.release()
    assert labels.SC_MC_BUSY.format(seconds=1) in [e.value for e in at.error]
    assert not at.metric  # the page stopped there, nothing half-shown
    with pytest.raises(ValueError):
        state._mc_slots.release()  # every slot came back: the semaphore is full again


def test_monte_carlo_runs_of_several_sessions_take_turns(monkeypatch):
    """Four sessions ask for four different draws at once: the engine never runs
    two of them together, and each gets its own result."""
    from app.scenario import state

    running, most, lock = [0], [0], threading.Lock()
    real = gpec.project

    def watched(*args, **kw):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.2)
            return real(*args, **kw)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(gpec, "project", watched)
    results, failures = {}, []

    def session(seed):
        try:
            results[seed] = state.project(scenario(10, 5, seed=seed), catalog.DEFAULT_POPULATION_SCOPE)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=session, args=(918_280 + i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures and len(results) == 4
    assert most[0] == state.MC_SLOTS == 1
    hires = {s: float(r.summary.set_index("family").loc["TOTAL", "external_hires_total"]) for s, r in results.items()}
    assert len(set(hires.values())) > 1
