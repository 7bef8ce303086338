"""How fast the dashboard pages answer, measured two ways.

1. Server time of each page's script, warm: Streamlit's AppTest runs the frame and
   the page in-process; the first run fills the caches and is not counted; the
   median of the next runs is reported. Target: under 150 ms. The slowest page's
   warm run is then profiled (cProfile): the functions of the project that take
   the most time, frame (sidebar, store checks, deck button) included.
2. Time to first chart in Chromium: a fresh browser context (nothing cached) opens
   the page's URL and the clock stops when the first Plotly chart (or, on the data
   page, the first table) is drawn; the websocket messages received until then are
   counted and their bytes added up (what the browser waits for). The same is
   measured, in the same run and the same browser, for a Streamlit app with nothing
   but one Plotly chart, written to a temporary folder: the floor any Streamlit page
   pays. Loads alternate between the floor and the pages. Target: no slower than
   1.3 times the floor for a chart page, 1.5 times for the scenario studio.

Each target's row of the README's table is printed as a `BENCH {json}` line for
bench/table.py (`make bench`).

Usage (from the project root):
    python bench/app.py [--runs 7] [--loads 8] [--no-browser]

The browser is the system Chromium (/usr/bin/chromium) driven by Playwright; nothing
is downloaded. The numbers depend on the machine's load: compare ratios, which are
measured side by side.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as `python bench/app.py` from anywhere
from table import record  # noqa: E402

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
    "evolutions": ("views/evolutions.py", "evolutions"),
    "scenarios": ("views/scenarios.py", "scenarios"),
    "donnees": ("views/donnees.py", "donnees"),
}
SCRIPT_TARGET_MS = 150
RATIO_TARGET = 1.3
STUDIO_RATIO_TARGET = 1.5  # the scenario studio computes a projection before its first chart
FIRST_CHART = ".js-plotly-plot .main-svg, [data-testid='stDataFrame'] canvas, [data-testid='stTable'] table"

ONE_CHART_APP = textwrap.dedent("""
    import plotly.graph_objects as go
    import streamlit as st

    st.set_page_config(layout="wide")
    st.title("Un graphique")
    st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), width="stretch")
""")


# ---- 1. server time of the scripts ---------------------------------------------------


def target(name: str) -> float:
    return STUDIO_RATIO_TARGET if name == "scenarios" else RATIO_TARGET


def script_times(runs: int) -> tuple[dict[str, float], str]:
    """Median warm run time (ms) of each page through the frame, in-process, and the
    profile of one more warm run of the slowest page."""
    from streamlit.testing.v1 import AppTest

    from etl import catalog

    catalog.ensure_store()
    out: dict[str, float] = {}
    apps = {}
    for name, (script, _) in PAGES.items():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        if script != "views/accueil.py":
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
        apps[name] = at
    slowest = max(out, key=out.get)
    profiler = cProfile.Profile()

    def start(*_):  # AppTest runs the script in a thread of its own: profile that thread
        sys.setprofile(None)
        profiler.enable()

    threading.setprofile(start)
    try:
        apps[slowest].run()
    finally:
        threading.setprofile(None)
    profiler.create_stats()
    return out, f"profil d'une exécution à chaud de la page la plus lente ({slowest}) :\n" + profile_text(profiler)


def profile_text(profiler: cProfile.Profile, lines: int = 15) -> str:
    """The project's functions that take the most time in a run (cumulative), then the
    run's total: what a page pays before and around its first chart."""
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    rows = []
    for (path, line, func), (_, calls, own, cum, _) in stats.stats.items():
        if str(ROOT) in path and ".venv" not in path:
            rows.append((cum, own, calls, f"{Path(path).relative_to(ROOT)}:{line} {func}"))
    rows.sort(reverse=True)
    total = max((r[0] for r in rows), default=0.0)
    out = [f"{'cumulé (ms)':>12} {'propre (ms)':>12} {'appels':>7}  fonction"]
    out += [f"{c * 1000:>12.1f} {o * 1000:>12.1f} {n:>7}  {where}" for c, o, n, where in rows[:lines]]
    out.append(f"(total mesuré dans le code du projet : {total * 1000:.0f} ms)")
    return "\n".join(out)


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


def _first_chart_ms(browser, url: str) -> tuple[float, int, int]:
    """A fresh browser context (no cache shared with other loads) from navigation to
    the first chart drawn: milliseconds, websocket messages received and their bytes."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    sizes: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: sizes.append(len(payload))))
    try:
        t = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(FIRST_CHART, state="visible", timeout=120_000)
        ms = (time.perf_counter() - t) * 1000
        seen = list(sizes)
        return ms, len(seen), sum(seen)
    finally:
        ctx.close()


def browser_times(loads: int) -> tuple[dict[str, float], float, dict[str, tuple[int, int]]]:
    """Median time to first chart (ms) per page and for the one-chart app, loads
    interleaved so that both see the same machine load; and per page (and "plancher"),
    the websocket messages and bytes received before the first chart (last load)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="releve-bench-") as tmp:
        floor_script = Path(tmp) / "one_chart.py"
        floor_script.write_text(ONE_CHART_APP, encoding="utf-8")
        app, app_url = _serve(ROOT / "web.py", ROOT)  # as `make run` serves it
        floor, floor_url = _serve(floor_script, Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                urls = {name: f"{app_url}/{path}" for name, (_, path) in PAGES.items()}
                for url in [floor_url, *urls.values()]:  # warm-up: caches, first imports
                    _first_chart_ms(browser, url)
                pages: dict[str, list[float]] = {name: [] for name in urls}
                base: list[float] = []
                messages: dict[str, tuple[int, int]] = {}
                for _ in range(loads):
                    for name, url in urls.items():  # the floor before every page: same load, side by side
                        ms, n, size = _first_chart_ms(browser, floor_url)
                        base.append(ms)
                        messages["plancher"] = (n, size)
                        ms, n, size = _first_chart_ms(browser, url)
                        pages[name].append(ms)
                        messages[name] = (n, size)
                browser.close()
        finally:
            for proc in (app, floor):
                proc.terminate()
                proc.wait(timeout=20)
    return {n: statistics.median(v) for n, v in pages.items()}, statistics.median(base), messages


# ---- report ---------------------------------------------------------------------------


def table(
    scripts: dict[str, float],
    charts: dict[str, float] | None,
    floor: float | None,
    messages: dict[str, tuple[int, int]] | None = None,
) -> str:
    head = f"{'page':<11} {'script (ms)':>12} {'< 150':>6}"
    if charts is not None:
        head += f" {'1er graphique (ms)':>19} {'1 graphique seul (ms)':>22} {'ratio':>6} {'cible':>6} {'tenue':>6}"
        head += f" {'messages':>9} {'Ko reçus':>9}"
    lines = [head, "-" * len(head)]
    for name in PAGES:
        s = scripts[name]
        line = f"{name:<11} {s:>12.0f} {'oui' if s < SCRIPT_TARGET_MS else 'NON':>6}"
        if charts is not None and floor:
            ratio = charts[name] / floor
            n, size = (messages or {}).get(name, (0, 0))
            line += (
                f" {charts[name]:>19.0f} {floor:>22.0f} {ratio:>6.2f} {target(name):>6.1f}"
                f" {'oui' if ratio <= target(name) else 'NON':>6} {n:>9} {size / 1024:>9.1f}"
            )
        lines.append(line)
    if charts is not None and messages and "plancher" in messages:
        n, size = messages["plancher"]
        lines.append(
            f"{'plancher':<11} {'':>12} {'':>6} {'':>19} {floor:>22.0f} {'':>6} {'':>6} {'':>6} {n:>9} {size / 1024:>9.1f}"
        )
    return "\n".join(lines)


def fr(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def records(scripts: dict[str, float], charts: dict[str, float] | None, floor: float | None) -> None:
    """The README's rows, read by bench/table.py (`make bench`)."""
    slow = max(scripts, key=scripts.get)
    rows = [
        {
            "measure": f"script de chaque page, à chaud : {min(scripts.values()):.0f} à {max(scripts.values()):.0f} ms "
            f"(la plus lente : {slow})",
            "target": f"< {SCRIPT_TARGET_MS} ms",
            "met": max(scripts.values()) < SCRIPT_TARGET_MS,
        }
    ]
    if charts is not None and floor:
        pages = [n for n in charts if n != "scenarios"]
        ratios = {n: charts[n] / floor for n in charts}
        worst = max(pages, key=ratios.get)
        rows.append(
            {
                "measure": f"premier graphique dans Chromium, contexte neuf : {fr(min(charts[n] for n in pages) / 1000)} à "
                f"{fr(max(charts[n] for n in pages) / 1000)} s (la plus lente : {worst})",
                "floor": f"application à un seul graphique : {fr(floor / 1000)} s",
                "ratio": f"{fr(min(ratios[n] for n in pages))}× à {fr(ratios[worst])}×",
                "target": f"≤ {fr(RATIO_TARGET, 1)}×",
                "met": ratios[worst] <= RATIO_TARGET,
            }
        )
        if "scenarios" in charts:
            rows.append(
                {
                    "measure": f"premier graphique du studio Scénarios : {fr(charts['scenarios'] / 1000)} s",
                    "floor": f"application à un seul graphique : {fr(floor / 1000)} s",
                    "ratio": f"{fr(ratios['scenarios'])}×",
                    "target": f"≤ {fr(STUDIO_RATIO_TARGET, 1)}×",
                    "met": ratios["scenarios"] <= STUDIO_RATIO_TARGET,
                }
            )
    for row in rows:
        record(**row)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="warm script runs per page (median reported)")
    ap.add_argument("--loads", type=int, default=8, help="browser loads per page (median reported)")
    ap.add_argument("--no-browser", action="store_true", help="only the script times")
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    scripts, profile = script_times(args.runs)
    charts = floor = messages = None
    if not args.no_browser:
        if not Path(CHROMIUM).exists():
            print("Chromium absent : mesure navigateur ignorée.", file=sys.stderr)
        else:
            charts, floor, messages = browser_times(args.loads)
    print(table(scripts, charts, floor, messages))
    print()
    print(profile)
    records(scripts, charts, floor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
