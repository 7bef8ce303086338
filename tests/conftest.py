"""Fixtures shared by the suite. Kept generic: a built store, and a private copy of it
for tests that change data (RELEVE_STORE points the catalog at the copy)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl import catalog

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_store() -> Path:
    """The default store, built from data/raw if it is missing."""
    catalog.ensure_store()
    return catalog.store_dir()


@pytest.fixture
def store_copy(built_store, tmp_path, monkeypatch) -> Path:
    """A copy of the store that the test may modify; the catalog reads it. Files get
    fresh modification times (the app's cache is keyed on the manifest's): a test
    that rewrites a table should call `touch_manifest` afterwards."""
    target = tmp_path / "store"
    shutil.copytree(built_store, target, copy_function=shutil.copy)
    monkeypatch.setenv("RELEVE_STORE", str(target))
    return target


def touch_manifest(store: Path) -> None:
    """Give the store's manifest a new modification time, so cached tables reload."""
    import os
    import time

    path = Path(store) / "manifest.json"
    now = time.time_ns()
    os.utime(path, ns=(now, now))


@pytest.fixture
def import_root(built_store, tmp_path, monkeypatch) -> Path:
    """A folder with a copy of the store (`parquet/`) that the catalog reads, and beside
    it the `imports/` folder that the test's imports write to."""
    shutil.copytree(built_store, tmp_path / "parquet", copy_function=shutil.copy)
    monkeypatch.setenv("RELEVE_STORE", str(tmp_path / "parquet"))
    monkeypatch.delenv("RELEVE_IMPORTS", raising=False)
    return tmp_path


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system Chromium that renders chart pictures; tests that draw pictures ask for
    it, so the pure tests beside them always run. CI installs it (.ci/run)."""
    from report import images

    path = images.browser_path()
    if path is None:
        pytest.skip("no Chromium for plotly's image export (apt-get install chromium)")
    return path
