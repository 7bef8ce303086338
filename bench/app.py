"""How fast the dashboard pages answer, measured two ways.

1. Server time of each page's script, warm: Streamlit's AppTest runs the frame and
   the page in-process; the first run fills the caches and is not counted; the
   median of the next runs is reported. Target: under 300 ms.
2. Time to first chart in Chromium: a fresh browser tab opens the page's URL and the
   clock stops when the first Plotly chart (or, on the data page, the first table)
   is drawn. The same is measured, in the same run and the same browser, for a
   Streamlit app with nothing but one Plotly chart, written to a temporary folder:
   the floor any Streamlit page pays. Target: no slower than 1.3 times the floor.

Usage (from the project root):
    python bench/app.py [--runs 7] [--loads 5] [--no-browser]

The browser is the system Chromium (/usr/bin/chromium) driven by Playwright; nothing
is downloaded. The numbers depend on the machine's load: compare ratios, which are
measured side by side.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as `python bench/app.py` from anywhere
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {  # name -> (script, url path)
    "accueil": ("views/accueil.py", ""),
    "familles": ("views/familles.py", "familles"),
    "egalite": ("views/egalite.py", "egalite"),
    "ages": ("views/ages.py", "ages"),
    "livre3": ("views/livre3.py", "livre3"),
    "donnees": ("views/donnees.py", "donnees"),
}
SCRIPT_TARGET_MS = 300
RATIO_TARGET = 1.3
FIRST_CHART = ".js-plotly-plot .main-svg, [data-testid='stDataFrame'] canvas, [data-testid='stTable'] table"

ONE_CHART_APP = textwrap.dedent("""
    import plotly.graph_objects as go
    import streamlit as st

    st.set_page_config(layout="wide")
    st.title("Un graphique")
    st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), width="stretch")
""")


# ---- 1. server time of the scripts ---------------------------------------------------


def script_times(runs: int) -> dict[str, float]:
    """Median warm run time (ms) of each page through the frame, in-process."""
    from streamlit.testing.v1 import AppTest

    from etl import catalog

    catalog.ensure_store()
    out = {}
    for name, (script, _) in PAGES.items():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        if script != PAGES["accueil"][0]:
            at.switch_page(script)
        at.run()
        if at.exception:
            raise SystemExit(f"{name}: {at.exception[0].value}")
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t) * 1000)
        out[name] = statistics.median(times)
    return out


# ---- 2. time to first chart in Chromium -------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(script: Path, cwd: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=cwd,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.25)
    proc.terminate()
    raise SystemExit(f"could not start {script}")


def _first_chart_ms(browser, url: str) -> float:
    """A fresh tab (no cache shared with other loads) from navigation to the first
    chart drawn."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    try:
        t = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(FIRST_CHART, state="visible", timeout=120_000)
        return (time.perf_counter() - t) * 1000
    finally:
        ctx.close()


def browser_times(loads: int) -> tuple[dict[str, float], float]:
    """Median time to first chart (ms) per page and for the one-chart app, loads
    interleaved so that both see the same machine load."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="releve-bench-") as tmp:
        floor_script = Path(tmp) / "one_chart.py"
        floor_script.write_text(ONE_CHART_APP, encoding="utf-8")
        app, app_url = _serve(ROOT / "dashboard.py", ROOT)
        floor, floor_url = _serve(floor_script, Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                urls = {name: f"{app_url}/{path}" for name, (_, path) in PAGES.items()}
                for url in [floor_url, *urls.values()]:  # warm-up: caches, first imports
                    _first_chart_ms(browser, url)
                pages = {name: [] for name in urls}
                base = []
                for _ in range(loads):
                    base.append(_first_chart_ms(browser, floor_url))
                    for name, url in urls.items():
                        pages[name].append(_first_chart_ms(browser, url))
                browser.close()
        finally:
            for proc in (app, floor):
                proc.terminate()
                proc.wait(timeout=20)
    return {n: statistics.median(v) for n, v in pages.items()}, statistics.median(base)


# ---- report ---------------------------------------------------------------------------


def table(scripts: dict[str, float], charts: dict[str, float] | None, floor: float | None) -> str:
    head = f"{'page':<10} {'script (ms)':>12} {'< 300':>6}"
    if charts is not None:
        head += f" {'1er graphique (ms)':>19} {'1 graphique seul (ms)':>22} {'ratio':>6} {'<= 1,3':>7}"
    lines = [head, "-" * len(head)]
    for name in PAGES:
        s = scripts[name]
        line = f"{name:<10} {s:>12.0f} {'oui' if s < SCRIPT_TARGET_MS else 'NON':>6}"
        if charts is not None:
            ratio = charts[name] / floor
            line += (
                f" {charts[name]:>19.0f} {floor:>22.0f} {ratio:>6.2f} {'oui' if ratio <= RATIO_TARGET else 'NON':>7}"
            )
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="warm script runs per page (median reported)")
    ap.add_argument("--loads", type=int, default=5, help="browser loads per page (median reported)")
    ap.add_argument("--no-browser", action="store_true", help="only the script times")
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    scripts = script_times(args.runs)
    charts = floor = None
    if not args.no_browser:
        if not Path(CHROMIUM).exists():
            print("Chromium absent : mesure navigateur ignorée.", file=sys.stderr)
        else:
            charts, floor = browser_times(args.loads)
    print(table(scripts, charts, floor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
