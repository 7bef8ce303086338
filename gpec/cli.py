"""Command line: `python -m gpec run SCENARIO.json [--scope NAME | --population FILE]
--out DIR [--format csv|csv-fr|parquet] [--max-cost N | --no-budget]`,
`python -m gpec presets`, `python -m gpec doc`.

The base population is the file given with --population (a table of cells, or a
store table such as an imported scope's age_pyramid.parquet), or the latest age
pyramid of the scope named with --scope, published or imported, read from the data
store (not both: the command line is refused), or by default the branch's estimated
pyramid. Scopes are named, not paths, so that a scope imported with
`python -m etl import` is projected like a published one. It is projected as the
population on 1 January of the scenario's base_year, whatever its reference year
(the app, not the command line, moves the scenario to the population's year).

A run is bounded like the app's (gpec.MAX_COST cell-years, see gpec.budget_problems):
going beyond takes an explicit --max-cost N or --no-budget.

Exit codes: 0 done; 2 input refused (scenario, population, unknown scope, command
line), nothing written; 1 anything else that stopped the run (data store
unavailable, output folder not writable, method page out of date for `doc --check`).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

import pandas as pd

from .api import MAX_COST, budget_problems, presets, project
from .errors import InputRefused, PopulationError, ScenarioError
from .population import COLUMNS, Population
from .scenario import Scenario

FORMATS = ("csv", "csv-fr", "parquet")
CSV_DECIMALS = 6
EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # French, one line, exit 2
        self.print_usage(sys.stderr)
        print(f"erreur : {message}", file=sys.stderr)
        raise SystemExit(EXIT_REFUSED)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m gpec", description="Projection des départs et des remplacements (GPEC).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="projeter une population selon un scénario")
    run.add_argument("scenario", help="fichier JSON du scénario")
    run.add_argument(
        "--scope",
        metavar="NOM",
        help="périmètre dont la dernière pyramide des âges sert de population de départ "
        "(publié, comme branche, ou importé avec python -m etl import)",
    )
    run.add_argument(
        "--population",
        metavar="FICHIER",
        help="population de départ (.csv ou .parquet : family, sex, age, headcount, "
        "ou une table age_pyramid du magasin, dont la dernière année est retenue) ; "
        "sans --scope ni --population, la pyramide estimée de la branche",
    )
    run.add_argument("--out", required=True, help="dossier où écrire flows, structure et summary")
    run.add_argument(
        "--format",
        choices=FORMATS,
        default="csv",
        help="csv (par défaut), csv-fr (Excel français : point-virgule, virgule décimale) ou parquet",
    )
    budget = run.add_mutually_exclusive_group()
    budget.add_argument(
        "--max-cost",
        metavar="N",
        type=_cost,
        help=f"budget de calcul en cellules-années : tirages × années × familles × 2 sexes "
        f"× 66 âges (par défaut {MAX_COST}, celui de l'application)",
    )
    budget.add_argument(
        "--no-budget",
        action="store_true",
        help="aucune limite de calcul (un gros calcul peut prendre des minutes et des Go de mémoire)",
    )
    sub.add_parser("presets", help="lister les scénarios fournis")
    doc = sub.add_parser("doc", help="vérifier ou régénérer les tableaux de docs/method.md")
    doc.add_argument("path", nargs="?", help="page de méthode (par défaut docs/method.md)")
    doc.add_argument("--write", action="store_true", help="réécrire les blocs générés")
    return parser


def _cost(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(" ", "").replace("\u202f", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » : un nombre entier positif est attendu") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"« {text} » : un nombre entier positif est attendu")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "run" and args.scope is not None and args.population is not None:
        # Two bases for one projection: guessing which one the user meant would
        # project the wrong people without a word, so the command line is refused.
        parser.error(
            "--scope et --population désignent chacun une population de départ : indiquez l'un ou l'autre, pas les deux"
        )
    if args.command == "run":
        return _run(args)
    if args.command == "presets":
        return _presets()
    return _doc(args)


# ---- run ------------------------------------------------------------------------------


def _load_inputs(args) -> tuple[Scenario, Population]:
    """Scenario and population, every problem of both collected before refusing."""
    problems: list[str] = []
    scenario = population = None
    unavailable = None
    try:
        scenario = Scenario.load(args.scenario)
    except ScenarioError as err:
        problems += err.found
    try:
        population = _population(args)
    except PopulationError as err:
        problems += err.found
    except _Unavailable as err:
        unavailable = err
    if scenario is not None and population is not None:
        problems += scenario.check_families(population.families)
    if problems:
        raise InputRefused(problems)
    if unavailable is not None:
        raise unavailable
    return scenario, population


class _Unavailable(RuntimeError):
    pass


def _population(args) -> Population:
    if args.population:
        return Population.read(args.population)
    if args.scope is not None:
        return _scope_population(args.scope)
    return _default_population()


def _catalog():
    """The data store's catalog, imported late so that the engine and a run on a
    population file work without it."""
    from etl import catalog

    return catalog


def _unavailable(what: str, exc: Exception) -> _Unavailable:
    return _Unavailable(f"{what} indisponible ({type(exc).__name__} : {exc}) ; indiquez un fichier avec --population")


def _default_population() -> Population:
    try:
        df = _catalog().default_population()
    except Exception as exc:  # noqa: BLE001 — missing module, store that cannot be built...
        raise _unavailable("population par défaut", exc) from None
    return Population.from_frame(df[[c for c in COLUMNS if c in df.columns]], source="population par défaut")


def _pyramid_scopes(catalog) -> tuple[list[str], list[str]]:
    """(published, imported) scopes that have an age pyramid, each sorted: the scopes
    --scope can project, listed when it names another."""
    catalog.ensure_store()
    found = set(catalog.load("age_pyramid")["scope"].astype(str))
    imported = set(catalog.imported_scopes())
    return sorted(found - imported), sorted(found & imported)


def _unknown_scope(scope: str, published: list[str], imported: list[str]) -> str:
    known = ", ".join(published)
    if imported:
        known += " ; importés : " + ", ".join(imported)
    return f"--scope « {scope} » : aucun périmètre de ce nom n'a de pyramide des âges (périmètres connus : {known})"


def _scope_population(scope: str) -> Population:
    """The latest pyramid of a published or imported scope. An unknown name is the
    user's input refused (exit 2), not a store failure: the check comes first, since
    the catalog reports both the same way."""
    try:
        catalog = _catalog()
        published, imported = _pyramid_scopes(catalog)
        if scope not in published + imported:
            raise PopulationError([_unknown_scope(scope, published, imported)])
        df = catalog.default_population(scope)
    except PopulationError:
        raise
    except Exception as exc:  # noqa: BLE001 — missing module, store that cannot be built...
        raise _unavailable(f"pyramide du périmètre « {scope} »", exc) from None
    return Population.from_frame(df[[c for c in COLUMNS if c in df.columns]], source=f"périmètre {scope}")


def _serialise(df: pd.DataFrame, fmt: str) -> bytes:
    if fmt == "parquet":
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        return buf.getvalue()
    from core import exports  # one definition of the CSV dialects for the whole product

    # Fractional people are exact in the arrays; in a CSV, six decimals are plenty
    # and spare the reader float noise such as 7.000000000000001.
    return exports.to_csv_bytes(df.round(CSV_DECIMALS), "excel-fr" if fmt == "csv-fr" else "standard")


def _refused(problems: list[str], *more: str, count: int | None = None) -> int:
    print(f"Refusé : {len(problems) if count is None else count} problème(s).", file=sys.stderr)
    for line in (*problems, *more):
        print(line, file=sys.stderr)
    return EXIT_REFUSED


def _run(args) -> int:
    try:
        scenario, population = _load_inputs(args)
    except InputRefused as err:
        return _refused(err.problems, count=err.count)  # the first limits.MAX_LISTED listed
    except _Unavailable as err:
        print(str(err), file=sys.stderr)
        return EXIT_FAILED
    max_cost = None if args.no_budget else (args.max_cost or MAX_COST)
    over = budget_problems(scenario, len(population.families), max_cost)
    if over:
        return _refused(
            over,
            "Pour calculer quand même : --max-cost N (un budget plus grand) ou --no-budget "
            "(sans limite) ; rien n'a été écrit.",
        )
    result = project(population, scenario, max_cost=max_cost)
    ext = "parquet" if args.format == "parquet" else "csv"
    files = {f"{name}.{ext}": _serialise(df, args.format) for name, df in result.tables().items()}
    out = Path(args.out)
    try:
        from core import exports

        for name, data in files.items():
            exports.atomic_write_bytes(out / name, data)
    except OSError as exc:
        print(f"impossible d'écrire dans {out} : {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    mode = "déterministe" if not result.draws else f"Monte Carlo, {result.draws} tirages, graine {result.seed}"
    print(f"Scénario « {scenario.name} » : {scenario.base_year} → {scenario.horizon_year} ({mode})")
    print(format_summary(result.summary))
    for note in result.notes:
        print(note)
    print("Fichiers écrits : " + ", ".join(str(out / n) for n in files))
    return EXIT_OK


def _fr(x: float, digits: int) -> str:
    if pd.isna(x):
        return "–"
    return f"{x:,.{digits}f}".replace(",", " ").replace(".", ",")


def format_summary(summary: pd.DataFrame) -> str:
    """The summary as a terminal table, numbers written the French way."""
    shown = pd.DataFrame({"family": summary["family"]})
    for col in summary.columns[1:]:
        if col.startswith("share_"):
            shown[col] = [(_fr(100 * v, 1) + " %") if pd.notna(v) else "–" for v in summary[col]]
        elif col.startswith("mean_age"):
            shown[col] = [_fr(v, 1) for v in summary[col]]
        else:
            shown[col] = [_fr(v, 0) for v in summary[col]]
    return shown.to_string(index=False)


# ---- presets, doc ----------------------------------------------------------------------


def _presets() -> int:
    try:
        found = presets()
    except ScenarioError as err:
        for line in err.problems:
            print(line, file=sys.stderr)
        return EXIT_REFUSED
    for name, scn in found.items():
        print(f"{name} : {scn.description}")
    return EXIT_OK


def _doc(args) -> int:
    from . import doc

    path = Path(args.path) if args.path else Path(os.path.relpath(doc.DOC_PATH))
    text = path.read_text(encoding="utf-8")
    if args.write:
        path.write_text(doc.refresh(text), encoding="utf-8")
        print(f"{path} : blocs générés mis à jour")
        return EXIT_OK
    stale = doc.stale_blocks(text)
    if stale:
        print(f"{path} : blocs à régénérer (python -m gpec doc --write) : {', '.join(stale)}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{path} : à jour")
    return EXIT_OK
