"""What the browser tests share: the system Chromium and the flags it needs when
run headless as root, and a `streamlit run web.py` started on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def start_app(env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`streamlit run web.py` (the app as `make run` serves it) on a free port (a fresh server: its first visitor
    is the test's); returns once /_stcore/health answers."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "web.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                stop_app(proc)
                pytest.fail("the dashboard did not start")
            time.sleep(0.25)


def save_registers(folder: Path, registers: list[tuple[bytes, str, str, int]]) -> Path:
    """Registers (content, file name, scope, year) imported into `folder`, the
    RELEVE_IMPORTS of an app started afterwards (set only while saving)."""
    from etl.imports import prepare, save

    before = os.environ.get("RELEVE_IMPORTS")
    os.environ["RELEVE_IMPORTS"] = str(folder)
    try:
        for content, name, scope, year in registers:
            p = prepare(content, name, kind="register", scope=scope, ref_year=year)
            assert p.ok, p.problems
            save(p)
    finally:
        if before is None:
            os.environ.pop("RELEVE_IMPORTS")
        else:
            os.environ["RELEVE_IMPORTS"] = before
    return folder


@pytest.fixture(scope="module")
def browser():
    """The system Chromium, never a downloaded one (modules import this fixture)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
