"""How long the meeting pack takes, against a floor measured in the same run: kaleido
alone drawing the same pictures (same figures, sizes and scale) in one browser
session, browser start included, with nothing else around it.

    python bench/report.py [--repeat N] [--scenario FILE.json] [--naive]

The deck's time is split into its phases: the slides' content (data, engine,
messages), the pictures (one browser session) and the PowerPoint assembly.
`--naive` also times one `plotly.io.to_image` per picture, each starting its own
browser: what the deck would cost without batching. Medians over N runs.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl import catalog  # noqa: E402
from report import content, deck, images  # noqa: E402


def request(scenario: Path | None) -> content.DeckRequest:
    scn = None
    if scenario is not None:
        import gpec

        scn = gpec.Scenario.load(scenario)
    return content.DeckRequest(scope=catalog.DEFAULT_POPULATION_SCOPE, scenario=scn, today=dt.date(2025, 11, 21))


def floor(pictures: list[images.Picture]) -> float:
    """kaleido alone: one session, the same pictures one after the other."""
    import kaleido

    async def run():
        async with kaleido.Kaleido(n=1, mathjax=False) as k:
            for p in pictures:
                await k.calc_fig(p.figure, opts=p.opts())

    t0 = time.perf_counter()
    asyncio.run(run())
    return time.perf_counter() - t0


def whole_deck(req: content.DeckRequest) -> dict[str, float]:
    """The deck as the command line builds it, phase by phase."""
    t0 = time.perf_counter()
    spec = content.build_spec(req)
    t1 = time.perf_counter()
    pictures = [deck.picture_for(c) for c in spec.charts()]
    with images.Renderer() as r:
        pngs = images.render(pictures, r)
    t2 = time.perf_counter()
    data = deck.build(spec, renderer=_Prerendered(pngs))
    t3 = time.perf_counter()
    return {
        "content": t1 - t0,
        "pictures": t2 - t1,
        "pptx": t3 - t2,
        "total": t3 - t0,
        "bytes": len(data),
        "n": len(pictures),
    }


class _Prerendered:
    """A renderer that hands back pictures already drawn, to time the assembly alone."""

    def __init__(self, pngs):
        self.pngs = pngs

    def render(self, pictures):
        return list(self.pngs)


def end_to_end(req: content.DeckRequest) -> float:
    t0 = time.perf_counter()
    deck.build(content.build_spec(req))
    return time.perf_counter() - t0


def naive(pictures: list[images.Picture]) -> float:
    import plotly.io as pio

    t0 = time.perf_counter()
    for p in pictures:
        pio.to_image(p.figure, format="png", width=p.width, height=p.height, scale=p.scale)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "1-reference.json")
    ap.add_argument("--naive", action="store_true")
    args = ap.parse_args()
    try:
        images.check_available()
    except images.ImageExportUnavailable as err:
        print(err)
        return 1
    catalog.ensure_store()
    req = request(args.scenario)
    pictures = [deck.picture_for(c) for c in content.build_spec(req).charts()]
    end_to_end(req)  # warm-up: imports, store, first browser start
    floors, totals, phases = [], [], []
    for _ in range(args.repeat):
        floors.append(floor(pictures))
        totals.append(end_to_end(req))
        phases.append(whole_deck(req))

    def ms(xs):
        return f"{statistics.median(xs):8.2f} s {min(xs):8.2f} s {max(xs):8.2f} s"

    print(
        f"{len(pictures)} pictures, {pictures[0].width * pictures[0].scale:.0f} px wide and more; "
        f"{args.repeat} runs; deck {phases[-1]['bytes'] / 1e6:.1f} MB"
    )
    print(f"{'measure':48s} {'median':>10s} {'min':>10s} {'max':>10s}")
    print(f"{'floor: kaleido alone, same pictures, 1 session':48s} {ms(floors)}")
    print(f"{'deck: python -m report, end to end':48s} {ms(totals)}")
    for key, name in (
        ("content", "  of which slides' content (data, engine)"),
        ("pictures", "  of which pictures (one browser session)"),
        ("pptx", "  of which PowerPoint assembly"),
    ):
        print(f"{name:48s} {ms([p[key] for p in phases])}")
    ratio = statistics.median(totals) / statistics.median(floors)
    print(f"ratio deck / floor: {ratio:.2f}x")
    if args.naive:
        t = naive(pictures)
        print(
            f"{'naive: one to_image per picture (no batching)':48s} {t:8.2f} s   "
            f"({t / statistics.median(totals):.1f}x the deck)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
