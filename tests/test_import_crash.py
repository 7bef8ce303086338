"""Crash-safe, race-safe imports (etl/store.py, etl/imports/scopes.py).

A writer is killed (SIGKILL, through the RELEVE_FAULT hook, not by luck) at each
step of the replace; afterwards the scope is whole, old or new, and the next read
leaves no work folder. Two imports of one scope at once: one whole version stays,
the other import is refused with a sentence and exits 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from etl import catalog
from etl.build import build
from etl.imports import prepare, save
from etl.imports.scopes import ScopeChanged, delete_scope, version
from etl.store import STEPS, StoreLocked, content_checksum, lock, recover

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "tests" / "fixtures" / "import_ok" / "registre_utf8_bom.csv"
SCOPE = "essai"
OLD_YEAR, NEW_YEAR, OTHER_YEAR = 2025, 2026, 2027


@pytest.fixture
def imports(import_root) -> Path:
    """The imports folder of a private store copy, holding the scope's old version."""
    save(prepare(REGISTER.read_bytes(), REGISTER.name, kind="register", scope=SCOPE, ref_year=OLD_YEAR))
    return catalog.imports_dir()


def import_cmd(year: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "etl",
        "import",
        str(REGISTER),
        "--kind",
        "register",
        "--scope",
        SCOPE,
        "--ref-year",
        str(year),
        *extra,
    ]


def env(**more: str) -> dict:
    out = {k: v for k, v in os.environ.items() if k not in ("RELEVE_FAULT", "RELEVE_LOCK_TIMEOUT")}
    out.update(more)
    return out


def start(cmd: list[str], **more: str) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env=env(**more), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def reached(marker: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until a process held by the hook has reached its step."""
    deadline = time.monotonic() + seconds
    while not Path(str(marker) + ".at").exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the held process never reached its step"
        time.sleep(0.02)


def whole_version(folder: Path) -> int:
    """The reference year of the scope in `folder`, after checking that it is whole:
    exactly the manifest's tables, each with the manifest's checksum."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = {p.name for p in folder.iterdir()}
    assert files == {t["file"] for t in manifest["tables"].values()} | {"manifest.json"}
    years = set()
    for name, t in manifest["tables"].items():
        df = pd.read_parquet(folder / t["file"])
        assert content_checksum(df) == t["checksum"], name
        if "ref_year" in df.columns and len(df):
            years |= set(df["ref_year"].astype(int))
    assert years == set(manifest["ref_years"]), (years, manifest["ref_years"])  # no table of another version
    [year] = manifest["ref_years"]
    return year


def work_folders(root: Path) -> list[str]:
    """Everything in the imports folder but the scopes and the lock files."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock"))


# ---- a kill at each step of the replace ----------------------------------------------------------

EXPECTED = {
    "locked": OLD_YEAR,
    "partial": OLD_YEAR,
    "written": OLD_YEAR,
    "old_aside": OLD_YEAR,
    "new_in": NEW_YEAR,
    "cleaned": NEW_YEAR,
}


def test_every_step_is_covered():
    assert tuple(EXPECTED) == STEPS


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_each_step_leaves_the_scope_whole_and_the_next_read_cleans_up(imports, step, monkeypatch):
    run = subprocess.run(
        import_cmd(NEW_YEAR),
        cwd=ROOT,
        env=env(RELEVE_FAULT=f"{step}:kill"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -9, run.stderr  # killed there, not finished
    # what the kill left, as found before anyone reads: proof the hook stopped it at `step`
    left = work_folders(imports)
    if step == "locked":
        assert left == []
    elif step in ("partial", "written"):
        assert [n.split("-")[0] for n in left] == [f".{SCOPE}.new"]
    elif step == "old_aside":
        assert not (imports / SCOPE).exists()  # the scope is gone until someone reads
        assert sorted(n.split("-")[0] for n in left) == [f".{SCOPE}.new", f".{SCOPE}.old"]
    elif step == "new_in":
        assert [n.split("-")[0] for n in left] == [f".{SCOPE}.old"]
    # the next page load or command: the scope is there, whole, old or new; nothing else remains
    assert catalog.imported_scopes() == [SCOPE]
    assert work_folders(imports) == []
    assert whole_version(imports / SCOPE) == EXPECTED[step]
    rows = catalog.load("age_pyramid").query("scope == @SCOPE")
    assert set(rows["ref_year"]) == {EXPECTED[step]}
    # and the lock of the killed process does not stop the next import, which does not wait for it
    monkeypatch.setenv("RELEVE_LOCK_TIMEOUT", "0")
    save(prepare(REGISTER.read_bytes(), REGISTER.name, kind="register", scope=SCOPE, ref_year=OTHER_YEAR))
    assert whole_version(imports / SCOPE) == OTHER_YEAR and work_folders(imports) == []


def test_a_first_import_killed_before_its_rename_leaves_no_scope(import_root):
    run = subprocess.run(
        import_cmd(NEW_YEAR),
        cwd=ROOT,
        env=env(RELEVE_FAULT="written:kill"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -9
    assert catalog.imported_scopes() == []
    assert work_folders(catalog.imports_dir()) == []


def test_a_deletion_killed_half_way_never_comes_back(imports):
    run = subprocess.run(
        [sys.executable, "-m", "etl", "delete-import", SCOPE],
        cwd=ROOT,
        env=env(RELEVE_FAULT="deleted_aside:kill"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -9
    assert [n.split("-")[0] for n in work_folders(imports)] == [f".{SCOPE}.deleted"]
    assert catalog.imported_scopes() == []
    assert work_folders(imports) == []


def test_a_reader_leaves_a_replace_at_work_alone(imports):
    """Work folders of a writer that is alive (it holds the lock) are not touched."""
    held = start(import_cmd(NEW_YEAR), RELEVE_FAULT=f"old_aside:hold:{imports.parent / 'go'}")
    try:
        reached(imports.parent / "go", held)
        catalog.imported_scopes()
        assert not (imports / SCOPE).exists()  # the old version was not put back under the writer's feet
        assert len(work_folders(imports)) == 2
    finally:
        (imports.parent / "go").touch()
        out, err = held.communicate(timeout=120)
    assert held.returncode == 0, err
    assert catalog.imported_scopes() == [SCOPE] and whole_version(imports / SCOPE) == NEW_YEAR
    assert work_folders(imports) == []


def test_the_published_store_killed_between_its_renames_comes_back(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(catalog.RAW_DIR, raw)
    store = tmp_path / "parquet"
    build(raw, store)
    before = {p.name: p.read_bytes() for p in store.iterdir()}
    path = raw / "published_figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("73 900,", "74 000,", 1), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "etl", "--raw", str(raw), "--store", str(store)],
        cwd=ROOT,
        env=env(RELEVE_FAULT="old_aside:kill"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == -9 and not store.exists()
    with lock(store, timeout=0):
        assert recover(store)
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".parquet.") and p.is_dir()]


# ---- two imports of one scope at once ---------------------------------------------------------------


def test_an_import_waiting_too_long_for_the_lock_is_refused_with_a_sentence(imports, tmp_path):
    """A holds the scope's lock (stopped after writing its tables); B, started with
    it, reaches its save, waits one second for the lock, and gives up: exit 2, a
    sentence, nothing of B written. A then finishes: its version, whole."""
    a_go, b_go = tmp_path / "a", tmp_path / "b"
    a = start(import_cmd(NEW_YEAR), RELEVE_FAULT=f"written:hold:{a_go}")
    b = start(import_cmd(OTHER_YEAR), RELEVE_FAULT=f"saving:hold:{b_go}", RELEVE_LOCK_TIMEOUT="1")
    try:
        reached(a_go, a)
        reached(b_go, b)
        b_go.touch()
        _, b_err = b.communicate(timeout=120)
    finally:
        a_go.touch()
        a.communicate(timeout=120)
    assert b.returncode == 2
    assert (
        f"un autre import du périmètre « {SCOPE} » est en cours (processus {a.pid}) : rien n'a été écrit "
        "après 1 s d'attente ; réessayez quand il sera terminé"
    ) in b_err
    assert "Traceback" not in b_err
    assert a.returncode == 0
    assert catalog.imported_scopes() == [SCOPE] and whole_version(imports / SCOPE) == NEW_YEAR
    assert work_folders(imports) == []


def test_an_import_overtaken_by_another_is_refused_never_a_silent_overwrite(imports, tmp_path):
    """A and B start together; B reads its file while A, holding the lock, is about
    to swap its version in. B then waits for the lock, gets it once A is done, finds
    the scope changed since it began, and refuses: A's version stays, whole."""
    a_go, b_go = tmp_path / "a", tmp_path / "b"
    a = start(import_cmd(NEW_YEAR), RELEVE_FAULT=f"written:hold:{a_go}")
    b = start(import_cmd(OTHER_YEAR), RELEVE_FAULT=f"saving:hold:{b_go}", RELEVE_LOCK_TIMEOUT="60")
    try:
        reached(a_go, a)
        reached(b_go, b)
        b_go.touch()  # B goes for the lock A holds...
        time.sleep(0.3)
        a_go.touch()  # ...and A goes on
        _, a_err = a.communicate(timeout=120)
        _, b_err = b.communicate(timeout=120)
    finally:
        a_go.touch()
        b_go.touch()
    assert a.returncode == 0, a_err
    assert b.returncode == 2
    assert f"le périmètre « {SCOPE} » a été remplacé par un autre import (le " in b_err
    assert "rien n'a été écrit" in b_err and "relancez l'import" in b_err and "Traceback" not in b_err
    assert catalog.imported_scopes() == [SCOPE] and whole_version(imports / SCOPE) == NEW_YEAR
    assert work_folders(imports) == []
    # run again, B replaces A's version knowingly
    again = subprocess.run(import_cmd(OTHER_YEAR), cwd=ROOT, env=env(), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert whole_version(imports / SCOPE) == OTHER_YEAR


def test_the_page_flow_is_refused_once_then_replaces_knowingly(imports):
    """Prepared on the page, saved later: an import of the same scope in between is
    not overwritten silently; the same save clicked again replaces it."""
    mine = prepare(REGISTER.read_bytes(), REGISTER.name, kind="register", scope=SCOPE, ref_year=NEW_YEAR)
    theirs = prepare(REGISTER.read_bytes(), REGISTER.name, kind="register", scope=SCOPE, ref_year=OTHER_YEAR)
    save(theirs)
    with pytest.raises(ScopeChanged) as err:
        save(mine)
    assert isinstance(err.value, StoreLocked)  # the page and the command line already show those
    assert "a été remplacé par un autre import" in str(err.value)
    assert whole_version(imports / SCOPE) == OTHER_YEAR
    save(mine)
    assert whole_version(imports / SCOPE) == NEW_YEAR


def test_a_scope_created_or_deleted_meanwhile_is_said(import_root):
    first = prepare(REGISTER.read_bytes(), REGISTER.name, kind="register", scope=SCOPE, ref_year=NEW_YEAR)
    second = prepare(REGISTER.read_bytes(), REGISTER.name, kind="register", scope=SCOPE, ref_year=OTHER_YEAR)
    assert first.base[1] == second.base[1] == "absent"
    save(first)
    with pytest.raises(ScopeChanged, match="a été créé par un autre import"):
        save(second)
    third = prepare(REGISTER.read_bytes(), REGISTER.name, kind="register", scope=SCOPE, ref_year=OLD_YEAR)
    assert third.base[1] == version(SCOPE)
    assert delete_scope(SCOPE)
    with pytest.raises(ScopeChanged, match="a été supprimé pendant cet import"):
        save(third)
    assert catalog.imported_scopes() == []


def test_imports_of_two_scopes_do_not_wait_for_each_other(imports, tmp_path, monkeypatch):
    go = tmp_path / "a"
    a = start(import_cmd(NEW_YEAR), RELEVE_FAULT=f"written:hold:{go}")
    try:
        reached(go, a)
        other = prepare(REGISTER.read_bytes(), REGISTER.name, kind="register", scope="autre", ref_year=NEW_YEAR)
        monkeypatch.setenv("RELEVE_LOCK_TIMEOUT", "0")
        save(other)  # not a second's wait: each scope has its own lock
    finally:
        go.touch()
        a.communicate(timeout=120)
    assert a.returncode == 0
    assert catalog.imported_scopes() == ["autre", SCOPE]
