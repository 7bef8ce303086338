"""How long the meeting pack takes, against floors measured in the same run:

* the pictures-only deck (`python -m report --pictures`, every chart a picture, as
  decks were before native charts): the native deck must be no slower;
* kaleido alone drawing the pictures-only deck's pictures (same figures, sizes and
  scale) in one browser session, browser start included, with nothing else around it.

    python bench/report.py [--repeat N] [--scenario FILE.json] [--naive]

The last line is the summary: measure, floor, ratio, target. Each target's row of the
README's table is also printed as a `BENCH {json}` line for bench/table.py (`make bench`).

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

from table import record  # noqa: E402

from core import formats  # noqa: E402
from etl import catalog  # noqa: E402
from report import content, deck, images, slides  # noqa: E402


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


def whole_deck(req: content.DeckRequest, pictures: bool = False) -> dict[str, float]:
    """The deck as the command line builds it, phase by phase."""
    t0 = time.perf_counter()
    spec = content.build_spec(req)
    t1 = time.perf_counter()
    drawn = [c for c in deck.expand(spec, pictures) if isinstance(c, slides.ChartSlide)]
    drawn = [c for c in drawn if deck.native_of(c, pictures) is None]
    with images.Renderer() as r:
        pngs = images.render([deck.picture_for(c) for c in drawn], r) if drawn else []
    t2 = time.perf_counter()
    data = deck.build(spec, renderer=_Prerendered(pngs), pictures=pictures)
    t3 = time.perf_counter()
    return {
        "content": t1 - t0,
        "pictures": t2 - t1,
        "pptx": t3 - t2,
        "total": t3 - t0,
        "bytes": len(data),
        "n": len(drawn),
    }


class _Prerendered:
    """A renderer that hands back pictures already drawn, to time the assembly alone."""

    def __init__(self, pngs):
        self.pngs = pngs

    def render(self, pictures):
        return list(self.pngs)


def end_to_end(req: content.DeckRequest, pictures: bool = False) -> float:
    t0 = time.perf_counter()
    deck.build(content.build_spec(req), pictures=pictures)
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
    spec = content.build_spec(req)
    pictures = [deck.picture_for(c) for c in spec.charts()]
    natives = sum(deck.native_of(c) is not None for c in spec.charts())
    end_to_end(req)  # warm-up: imports, store, first browser start
    end_to_end(req, pictures=True)
    floors, natives_t, pictures_t, phases = [], [], [], []
    for _ in range(args.repeat):
        floors.append(floor(pictures))
        pictures_t.append(end_to_end(req, pictures=True))
        natives_t.append(end_to_end(req))
        phases.append(whole_deck(req))

    def ms(xs):
        return f"{statistics.median(xs):8.2f} s {min(xs):8.2f} s {max(xs):8.2f} s"

    print(
        f"{len(pictures)} charts, {natives} native and {len(pictures) - natives} pictures in the native deck; "
        f"{args.repeat} runs; native deck {phases[-1]['bytes'] / 1e6:.1f} MB"
    )
    print(f"{'measure':52s} {'median':>10s} {'min':>10s} {'max':>10s}")
    print(f"{'floor: kaleido alone, the pictures deck pictures':52s} {ms(floors)}")
    print(f"{'floor: pictures-only deck (--pictures), end to end':52s} {ms(pictures_t)}")
    print(f"{'deck: python -m report (native charts), end to end':52s} {ms(natives_t)}")
    for key, name in (
        ("content", "  of which slides' content (data, engine)"),
        ("pictures", "  of which pictures (hatched charts, one session)"),
        ("pptx", "  of which PowerPoint assembly (native charts)"),
    ):
        print(f"{name:52s} {ms([p[key] for p in phases])}")
    native, pics = statistics.median(natives_t), statistics.median(pictures_t)
    print(f"ratio pictures deck / kaleido floor: {pics / statistics.median(floors):.2f}x")
    print(
        f"summary: native deck {native:.2f} s; floor: pictures-only deck {pics:.2f} s; "
        f"ratio {native / pics:.2f}x; target <= 1.00x ({'met' if native <= pics else 'missed'})"
    )
    floor_t = statistics.median(floors)
    record(
        f"présentation PPTX, `python -m report` (graphiques natifs) : {secs(native)} ; "
        f"toute en images (`--pictures`) : {secs(pics)}",
        f"kaleido seul dessinant les mêmes images : {secs(floor_t)}",
        f"{formats.number(native / pics, 2)}× de la présentation en images ; "
        f"{formats.number(pics / floor_t, 2)}× de kaleido seul (en images)",
        "natifs ≤ 1× des images ; images ≤ 1,3× kaleido",
        native <= pics and pics <= 1.3 * floor_t,
    )
    if args.naive:
        t = naive(pictures)
        print(
            f"{'naive: one to_image per picture (no batching)':52s} {t:8.2f} s   "
            f"({t / statistics.median(pictures_t):.1f}x the pictures deck)"
        )
    return 0


def secs(x: float) -> str:
    return f"{formats.number(x, 2)} s"


if __name__ == "__main__":
    sys.exit(main())
