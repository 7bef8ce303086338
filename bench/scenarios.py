"""Server time of the scenario studio page (Streamlit AppTest, in-process, warm),
against a floor measured in the same run: an AppTest app that draws one chart.

    python bench/scenarios.py [--repeat N] [--mc-repeat M]

Measured, each as the median of N reruns after a warm-up:
* floor: a one-chart page;
* the page rerun with nothing changed (every projection served from the cache);
* one input changed, deterministic: a new replacement rate each time, so every run
  projects afresh (cache miss) and redraws everything;
* one input changed with Monte Carlo, 1 000 draws: a new seed each time (miss).
Targets: under 300 ms for a deterministic change, under 3 s with 1 000 draws.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RELEVE_SCENARIOS", tempfile.mkdtemp(prefix="bench-scenarios-"))

from streamlit.testing.v1 import AppTest  # noqa: E402
from table import record  # noqa: E402

PAGE = str(ROOT / "views" / "scenarios.py")
FLOOR = """
import plotly.graph_objects as go
import streamlit as st
st.title("Plancher")
st.plotly_chart(go.Figure(go.Scatter(x=list(range(11)), y=[55000 + i for i in range(11)])), key="c")
"""


def timed(at: AppTest, change=None) -> float:
    if change is not None:
        change(at)
    t0 = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t0
    if at.exception:
        raise SystemExit(f"the page failed: {at.exception[0].value}")
    return elapsed


def series(at: AppTest, n: int, change_for=None) -> list[float]:
    timed(at, change_for(-1) if change_for else None)  # warm-up
    return [timed(at, change_for(i) if change_for else None) for i in range(n)]


def line(name: str, xs: list[float], floor: float | None = None) -> str:
    med = statistics.median(xs)
    ratio = f"{med / floor:6.1f}x" if floor else "       "
    return f"{name:52s} {med * 1000:8.1f}ms {min(xs) * 1000:8.1f}ms {max(xs) * 1000:8.1f}ms {ratio}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--mc-repeat", type=int, default=5)
    args = ap.parse_args()

    floor_app = AppTest.from_string(FLOOR, default_timeout=60)
    floor_app.run()
    floor = series(floor_app, args.repeat)

    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    same = series(at, args.repeat)

    def replacement(i):
        return lambda a: a.number_input(key="sc.w.replacement").set_value(60.0 + 0.5 * i + 1)

    det = series(at, args.repeat, replacement)

    at.toggle(key="sc.w.mc").set_value(True)
    at.run()
    at.number_input(key="sc.w.draws").set_value(1000)
    at.run()

    def seed(i):
        return lambda a: a.number_input(key="sc.w.seed").set_value(1000 + i + 1)

    mc = series(at, args.mc_repeat, seed)
    mc_same = series(at, args.repeat)

    f = statistics.median(floor)
    print(f"{'measure (AppTest server time, warm)':52s} {'median':>10s} {'min':>10s} {'max':>10s}  ratio")
    print(line("floor: one-chart page", floor))
    print(line("studio, rerun, nothing changed (cached)", same, f))
    print(line("studio, one input changed, deterministic", det, f))
    print(line("studio, one input changed, Monte Carlo 1 000 draws", mc, f))
    print(line("studio, Monte Carlo 1 000 draws, rerun (cached)", mc_same, f))
    d, m = statistics.median(det), statistics.median(mc)
    print(
        f"targets: deterministic change < 300 ms -> {'met' if d < 0.3 else 'NOT met'}; "
        f"1 000 draws < 3 s -> {'met' if m < 3 else 'NOT met'}"
    )

    def fr(x: float) -> str:
        return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s".replace(".", ",")

    row = {
        "measure": f"page Scénarios, une hypothèse changée : {fr(d)} ; 1 000 tirages : {fr(m)}",
        "floor": f"page à un graphique : {f * 1000:.1f} ms".replace(".", ","),
        "ratio": f"{d / f:.0f}× ; {m / f:.0f}×",
        "target": "< 300 ms ; < 3 s",
        "met": d < 0.3 and m < 3,
    }
    record(**row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
