"""`python -m report --out deck.pptx [--scope NAME] [--scenario FILE.json] [--pages ...] [--pictures]`

Builds the meeting pack from the data store: native, editable charts where PowerPoint
can draw them, pictures (and their rows as a table) elsewhere; `--pictures` draws
every chart as a picture. Exit codes: 0 written; 2 refused input
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
from core.problems import Refused
from etl import catalog
from report import content, deck, images

MAX_COMPARED = 4  # as many as the studio pins


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
    ap.add_argument(
        "--compare",
        nargs="+",
        type=Path,
        metavar="FICHIER.json",
        help=f"scénarios à comparer côte à côte (2 à {MAX_COMPARED})",
    )
    ap.add_argument("--year", type=int, help="année de la pyramide des âges (défaut : la plus récente)")
    ap.add_argument("--families", nargs="+", metavar="FAMILLE", help="familles de la pyramide et des départs")
    ap.add_argument("--schedule", default=content.DEFAULT_SCHEDULE, help="règle d'âge légal (défaut : %(default)s)")
    ap.add_argument("--date", type=dt.date.fromisoformat, help="date imprimée sur le support (AAAA-MM-JJ)")
    ap.add_argument(
        "--pictures",
        action="store_true",
        help="tous les graphiques en images (par défaut : graphiques PowerPoint modifiables quand c'est possible)",
    )
    return ap.parse_args(argv)


def _unique(compared: list) -> tuple:
    """Pinned scenarios with distinct labels: a name met twice gets " (2)", like the studio's pins."""
    out, seen = [], set()
    for label, scn, result in compared:
        name, n = label, 2
        while name in seen:
            name, n = f"{label} ({n})", n + 1
        seen.add(name)
        out.append((name, scn, result))
    return tuple(out)


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
    # The cheapest checks first: a pictures-only deck needs the browser, and a missing
    # browser must not cost a projection.
    if args.pictures:
        try:
            images.check_available()
        except images.ImageExportUnavailable as err:
            return fail("", str(err), 1)
    try:
        catalog.ensure_store()
    except Refused as err:  # the ETL's refusal lists every problem of data/raw
        return fail(labels.DECK_STORE_FAILED, err.lines(), 2)

    import gpec

    scenario = None
    if args.scenario is not None:
        try:
            scenario = gpec.Scenario.load(args.scenario)
        except gpec.InputRefused as err:
            return fail(labels.DECK_SCENARIO_REFUSED, err.problems, 2)
    compared = []
    for path in args.compare or []:
        try:
            scn_ = gpec.Scenario.load(path)
        except gpec.InputRefused as err:
            return fail(labels.DECK_SCENARIO_REFUSED, err.problems, 2)
        compared.append((scn_.name, scn_, None))
    if compared and not 2 <= len(compared) <= MAX_COMPARED:
        return fail(labels.DECK_REQUEST_REFUSED, labels.DECK_COMPARE_COUNT.format(max=MAX_COMPARED, n=len(compared)), 2)
    request = content.DeckRequest(
        compared=_unique(compared),
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
        if deck.needs_pictures(spec, args.pictures):
            images.check_available()
        data = deck.build(spec, pictures=args.pictures)
    except images.ImageExportError as err:
        return fail("", str(err), 1)
    exports.atomic_write_bytes(args.out, data)
    print(
        labels.DECK_WRITTEN.format(
            path=args.out, slides=len(deck.expand(spec, args.pictures)), size=formats.number(len(data) / 1e6, 1) + " Mo"
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
