"""`python -m report --out deck.pptx [--scope NAME] [--scenario FILE.json] [--pages ...]`

Builds the meeting pack from the data store. Exit codes: 0 written; 2 refused input
(a scenario the engine refuses, an unknown scope or section), with the reasons on
stderr; 1 the environment cannot make the pictures (no Chromium) or another failure,
with one sentence. In every failing case nothing is written: the pictures are
rendered before the slides are built, and the file is replaced atomically.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from core import exports, formats, labels
from etl import catalog
from report import content, deck, images


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m report", description="Construit le support de réunion (PPTX 16:9) de Relève."
    )
    ap.add_argument("--out", required=True, type=Path, help="fichier .pptx à écrire")
    ap.add_argument(
        "--scope",
        default=catalog.DEFAULT_POPULATION_SCOPE,
        help="périmètre des graphiques par famille et par âge (défaut : %(default)s)",
    )
    ap.add_argument("--scenario", type=Path, help="scénario de projection (fichier JSON) à présenter")
    ap.add_argument(
        "--pages",
        nargs="+",
        metavar="SECTION",
        help=f"sections à inclure, dans l'ordre du tableau de bord : {', '.join(content.SECTIONS)}",
    )
    ap.add_argument("--year", type=int, help="année de la pyramide des âges (défaut : la plus récente)")
    ap.add_argument("--families", nargs="+", metavar="FAMILLE", help="familles de la pyramide et des départs")
    ap.add_argument("--schedule", default=content.DEFAULT_SCHEDULE, help="règle d'âge légal (défaut : %(default)s)")
    ap.add_argument("--date", type=dt.date.fromisoformat, help="date imprimée sur le support (AAAA-MM-JJ)")
    return ap.parse_args(argv)


def fail(header: str, problems: list[str] | str, code: int) -> int:
    lines = [problems] if isinstance(problems, str) else problems
    print(header, file=sys.stderr)
    for p in lines:
        print(f"  - {p}" if header else p, file=sys.stderr)
    print(labels.DECK_NOTHING_WRITTEN, file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".pptx":
        args.out = args.out.with_suffix(args.out.suffix + ".pptx") if args.out.suffix else args.out.with_suffix(".pptx")
    # The cheapest checks first: a missing browser must not cost a projection.
    try:
        images.check_available()
    except images.ImageExportUnavailable as err:
        return fail("", str(err), 1)
    try:
        catalog.ensure_store()
    except Exception as err:  # noqa: BLE001 - etl.problems.InputError lists every problem
        return fail(labels.DECK_STORE_FAILED, [str(p) for p in getattr(err, "problems", [err])], 2)

    import gpec

    scenario = None
    if args.scenario is not None:
        try:
            scenario = gpec.Scenario.load(args.scenario)
        except gpec.InputRefused as err:
            return fail(labels.DECK_SCENARIO_REFUSED, err.problems, 2)
    request = content.DeckRequest(
        scope=args.scope,
        sections=tuple(args.pages) if args.pages else None,
        ref_year=args.year,
        families=tuple(args.families) if args.families else None,
        schedule=args.schedule,
        scenario=scenario,
        today=args.date or dt.date.today(),
    )
    try:
        spec = content.build_spec(request)
    except content.DeckRequestError as err:
        return fail(labels.DECK_REQUEST_REFUSED, err.problems, 2)
    except gpec.InputRefused as err:
        return fail(labels.DECK_SCENARIO_REFUSED, err.problems, 2)
    try:
        data = deck.build(spec)
    except images.ImageExportError as err:
        return fail("", str(err), 1)
    exports.atomic_write_bytes(args.out, data)
    print(
        labels.DECK_WRITTEN.format(
            path=args.out, slides=len(deck.expand(spec)), size=formats.number(len(data) / 1e6, 1) + " Mo"
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    t0 = time.perf_counter()
    try:
        code = run(args)
    except KeyboardInterrupt:
        return fail("", labels.DECK_FAILED.format(reason="interrompu"), 130)
    except Exception as err:  # noqa: BLE001 - a user sees a sentence, never a traceback
        return fail("", labels.DECK_UNEXPECTED.format(reason=f"{type(err).__name__} : {err}"), 1)
    if code == 0:
        print(f"({formats.number(time.perf_counter() - t0, 1)} s)")
    return code


if __name__ == "__main__":
    sys.exit(main())
