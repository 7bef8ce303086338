"""Command line: `python -m gpec run SCENARIO.json [--scope NAME | --population FILE]
--out DIR [--format csv|csv-fr|parquet] [--workers N] [--max-cost N | --no-budget]`,
`python -m gpec calibrate --scope S --out SCENARIO.json [--years 2023,2024]`,
`python -m gpec backtest --scope S --from Y --to Y --scenario SCENARIO.json --out DIR [--draws N]`,
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
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn

from .defaults import MAX_COST
from .errors import InputRefused, PopulationError, ScenarioError
from .scenario import Scenario

# numpy and pandas are imported by the commands that compute, not by `--help`.
if TYPE_CHECKING:
    import pandas as pd

    from .population import Population

FORMATS = ("csv", "csv-fr", "parquet")
EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # French, one line, exit 2
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
    run.add_argument(
        "--workers",
        metavar="N",
        type=_workers,
        default="0",  # a string: argparse reads it through _workers, every core
        help="cœurs qui se partagent les tirages Monte Carlo (par défaut 0 : tous les cœurs de la machine) ; "
        "les résultats ne dépendent que de la graine du scénario, pas du nombre de cœurs",
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
    cal = sub.add_parser("calibrate", help="écrire un scénario aux taux observés sur les mouvements d'un périmètre")
    cal.add_argument("--scope", required=True, metavar="NOM", help="périmètre importé avec dates et motifs de sortie")
    cal.add_argument("--years", type=_years, metavar="2023,2024", help="années utilisées (par défaut : toutes)")
    cal.add_argument("--out", required=True, metavar="SCENARIO.json", help="fichier du scénario écrit (version 2)")
    cal.add_argument("--base-year", type=int, metavar="ANNÉE", help="année de base (par défaut : dernière année + 1)")
    cal.add_argument("--horizon", type=int, metavar="ANNÉE", help="année d'horizon (par défaut : base + 10)")
    bt = sub.add_parser("backtest", help="confronter une projection aux mouvements observés")
    bt.add_argument("--scope", required=True, metavar="NOM", help="périmètre importé avec dates et motifs de sortie")
    bt.add_argument("--from", dest="from_year", required=True, type=int, metavar="ANNÉE", help="départ : 1er janvier")
    bt.add_argument("--to", dest="to_year", required=True, type=int, metavar="ANNÉE", help="arrivée : 1er janvier")
    bt.add_argument("--scenario", required=True, metavar="SCENARIO.json", help="scénario projeté")
    bt.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire backtest.*")
    bt.add_argument("--draws", type=int, default=0, metavar="N", help="tirages Monte Carlo (bande 10e–90e centile)")
    bt.add_argument("--format", choices=FORMATS, default="csv", help="csv (par défaut), csv-fr ou parquet")
    sub.add_parser("presets", help="lister les scénarios fournis")
    doc = sub.add_parser("doc", help="vérifier ou régénérer les tableaux de docs/method.md")
    doc.add_argument("path", nargs="?", help="page de méthode (par défaut docs/method.md)")
    doc.add_argument("--write", action="store_true", help="réécrire les blocs générés")
    return parser


def _years(text: str) -> list[int]:
    try:
        years = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » : des années séparées par des virgules sont attendues") from None
    if not years:
        raise argparse.ArgumentTypeError(f"« {text} » : au moins une année est attendue")
    return years


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » : un nombre entier positif ou 0 est attendu") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"« {text} » : un nombre entier positif ou 0 est attendu")
    return value or (os.cpu_count() or 1)


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
    if args.command in ("calibrate", "backtest"):
        return _calibrate(args) if args.command == "calibrate" else _backtest(args)
    if args.command == "presets":
        return _presets()
    return _doc(args)


# ---- run ------------------------------------------------------------------------------


def _load_inputs(args: argparse.Namespace) -> tuple[Scenario, Population]:
    """Scenario and population, every problem of both collected before refusing."""
    problems: list[str] = []
    scenario = population = None
    unavailable = None
    try:
        scenario = Scenario.load(args.scenario)
    except ScenarioError as err:
        problems += [str(p) for p in err.found]
    try:
        population = _population(args)
    except PopulationError as err:
        problems += [str(p) for p in err.found]
    except _Unavailable as err:
        unavailable = err
    if scenario is not None and population is not None:
        problems += scenario.check_families(population.families)
    if problems:
        raise InputRefused(problems)
    if unavailable is not None:
        raise unavailable
    assert scenario is not None and population is not None  # else refused above
    return scenario, population


class _Unavailable(RuntimeError):
    pass


def _population(args: argparse.Namespace) -> Population:
    from .population import Population

    if args.population:
        return Population.read(args.population)
    if args.scope is not None:
        return _scope_population(args.scope)
    return _default_population()


def _catalog() -> ModuleType:
    """The data store's catalog, imported late so that the engine and a run on a
    population file work without it."""
    from etl import catalog

    return catalog


def _unavailable(what: str, exc: Exception) -> _Unavailable:
    return _Unavailable(f"{what} indisponible ({type(exc).__name__} : {exc}) ; indiquez un fichier avec --population")


def _default_population() -> Population:
    from .population import COLUMNS, Population

    try:
        df = _catalog().default_population()
    except Exception as exc:  # noqa: BLE001 — missing module, store that cannot be built...
        raise _unavailable("population par défaut", exc) from None
    return Population.from_frame(df[[c for c in COLUMNS if c in df.columns]], source="population par défaut")


def _pyramid_scopes(catalog: ModuleType) -> tuple[list[str], list[str]]:
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
    from .population import COLUMNS, Population

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
    from .results import csv_bytes

    return csv_bytes(df, "excel-fr" if fmt == "csv-fr" else "standard")


def _refused(problems: list[str], *more: str, count: int | None = None) -> int:
    print(f"Refusé : {len(problems) if count is None else count} problème(s).", file=sys.stderr)
    for line in (*problems, *more):
        print(line, file=sys.stderr)
    return EXIT_REFUSED


def _run(args: argparse.Namespace) -> int:
    try:
        scenario, population = _load_inputs(args)
    except InputRefused as err:
        return _refused(err.problems, count=err.count)  # the first limits.MAX_LISTED listed
    except _Unavailable as err:
        print(str(err), file=sys.stderr)
        return EXIT_FAILED
    from .api import budget_problems, project
    from .sampling import block_sizes

    max_cost = None if args.no_budget else (args.max_cost or MAX_COST)
    over = budget_problems(scenario, len(population.families), max_cost)
    if over:
        return _refused(
            over,
            "Pour calculer quand même : --max-cost N (un budget plus grand) ou --no-budget "
            "(sans limite) ; rien n'a été écrit.",
        )
    result = project(population, scenario, max_cost=max_cost, workers=args.workers)
    ext = "parquet" if args.format == "parquet" else "csv"
    tables = result.tables()
    if scenario.calibration is not None:  # the provenance of calibrated rates travels with the files
        tables = {name: df.assign(calibration=scenario.calibration.sentence()) for name, df in tables.items()}
    files = {f"{name}.{ext}": _serialise(df, args.format) for name, df in tables.items()}
    out = Path(args.out)
    try:
        from core import exports

        for name, data in files.items():
            exports.atomic_write_bytes(out / name, data)
    except OSError as exc:
        print(f"impossible d'écrire dans {out} : {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    mode = "déterministe" if not result.draws else f"Monte Carlo, {result.draws} tirages, graine {result.seed}"
    cores = min(args.workers, len(block_sizes(result.draws)))
    if result.draws and cores > 1:
        mode += f", {cores} cœurs"
    print(f"Scénario « {scenario.name} » : {scenario.base_year} → {scenario.horizon_year} ({mode})")
    print(format_summary(result.summary))
    for note in result.notes:
        print(note)
    print("Fichiers écrits : " + ", ".join(str(out / n) for n in files))
    return EXIT_OK


def _fr(x: float, digits: int) -> str:
    import pandas as pd

    from core import formats

    return formats.number(None if pd.isna(x) else x, digits)


def format_summary(summary: pd.DataFrame) -> str:
    """The summary as a terminal table, numbers written the French way."""
    import pandas as pd

    shown = pd.DataFrame({"family": summary["family"]})
    for col in summary.columns[1:]:
        if col.startswith("share_"):
            shown[col] = [(_fr(100 * v, 1) + " %") if pd.notna(v) else "–" for v in summary[col]]
        elif col.startswith("mean_age"):
            shown[col] = [_fr(v, 1) for v in summary[col]]
        else:
            shown[col] = [_fr(v, 0) for v in summary[col]]
    return shown.to_string(index=False)


# ---- calibrate, backtest ----------------------------------------------------------------


def _movements(scope: str) -> pd.DataFrame:
    """The movements of an imported scope, or PopulationError with the sentence that
    lists the scopes that have some."""
    catalog = _catalog()
    found: pd.DataFrame | None = catalog.movements(scope) if scope in catalog.imported_scopes() else None
    if found is None:
        having = ", ".join(catalog.scopes_with_movements()) or "aucun"
        raise PopulationError(
            [
                f"--scope « {scope} » : aucun périmètre importé de ce nom n'a de mouvements (registre avec dates de "
                f"sortie, importé avec python -m etl import) ; périmètres qui en ont : {having}"
            ]
        )
    return found


def _pct(x: float) -> str:
    import pandas as pd

    return "–" if pd.isna(x) else _fr(100 * x, 1) + " %"


def format_rates(rates: pd.DataFrame) -> str:
    """Each rate with its value, the people at risk, the events and the credibility weight."""
    from .calibrate import LOW_WEIGHT

    words = {"retirement": "retraite", "other_exit": "autres départs", "replacement": "remplacement"}
    lines = []
    r: Any  # a row: its fields have the frame's column types, which the stubs do not know
    for r in rates.itertuples():
        if r.measure == "replacement":
            where, value = r.family, _fr(r.value, 2)
            counts = f"{_fr(r.events, 0)} embauches / {_fr(r.people_at_risk, 0)} sorties"
        else:
            ages = f"{int(r.age_from)} ans" if r.age_from == r.age_to else f"{int(r.age_from)}-{int(r.age_to)} ans"
            where = f"{'toutes familles' if r.family == 'TOTAL' else r.family}, {ages}"
            value = _pct(r.value)
            counts = f"{_fr(r.events, 0)} départs / {_fr(r.people_at_risk, 0)} personnes exposées"
        note = f"poids {_fr(r.weight, 2)}"
        if r.weight < LOW_WEIGHT:
            note += f" : peu de personnes, le taux reste proche de sa référence ({_fr(r.reference, 3)})"
        lines.append(f"{words[r.measure]:<16} {where:<34} {value:>9}   {counts} ; {note}")
    return "\n".join(lines)


def _calibrate(args: argparse.Namespace) -> int:
    from .calibrate import CalibrationError, calibrate

    try:
        movements = _movements(args.scope)
        cal = calibrate(movements, args.scope, args.years)
        scenario = cal.scenario(args.base_year, args.horizon)
    except (PopulationError, ScenarioError) as err:
        return _refused(err.problems)
    except CalibrationError as err:
        return _refused([f"--scope {args.scope} : {err}"])
    except _Unavailable as err:
        print(str(err), file=sys.stderr)
        return EXIT_FAILED
    from core import exports

    try:
        exports.atomic_write_bytes(Path(args.out), (scenario.to_json() + "\n").encode("utf-8"))
    except OSError as exc:
        print(f"impossible d'écrire {args.out} : {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    years = ", ".join(map(str, cal.years))
    print(
        f"Périmètre « {args.scope} », mouvements de {years} : {cal.people_at_risk} personnes présentes au 1er janvier, "
        f"{cal.exits} sorties ; crédibilité k = 20 (poids = personnes / (personnes + 20))."
    )
    print("Données internes — ne pas diffuser (taux calculés sur toutes les personnes du registre).")
    print(format_rates(cal.rates))
    h = cal.hires
    print(
        f"embauches : {h.hires} ; âge moyen l'année suivante {_fr(h.mean_age, 1)} ans, écart type "
        f"{_fr(h.age_sd, 1)} ; {_pct(h.share_women)} de femmes"
    )
    if len(cal.thin):
        print(
            f"{len(cal.thin)} taux reposent sur peu de personnes (poids < 0,5) : leur valeur reste proche de la référence."
        )
    print(f"Scénario écrit : {args.out} ({scenario.base_year} → {scenario.horizon_year})")
    return EXIT_OK


def _backtest(args: argparse.Namespace) -> int:
    from .backtest import backtest
    from .calibrate import CalibrationError

    problems: list[str] = []
    scenario = movements = None
    try:
        scenario = Scenario.load(args.scenario)
    except ScenarioError as err:
        problems += err.problems
    try:
        movements = _movements(args.scope)
    except PopulationError as err:
        problems += err.problems
    except _Unavailable as err:
        print(str(err), file=sys.stderr)
        return EXIT_FAILED
    if args.draws < 0:
        problems.append(f"--draws {args.draws} : un nombre de tirages positif ou nul est attendu")
    if problems:
        return _refused(problems)
    assert scenario is not None and movements is not None  # else refused above
    try:
        result = backtest(
            movements,
            scenario,
            args.from_year,
            args.to_year,
            draws=args.draws,
            seed=scenario.monte_carlo.seed,
            max_cost=MAX_COST,
        )
    except CalibrationError as err:
        return _refused([f"--scope {args.scope} : {err}"])
    except ScenarioError as err:
        return _refused(err.problems)
    ext = "parquet" if args.format == "parquet" else "csv"
    out = Path(args.out)
    try:
        from core import exports

        exports.atomic_write_bytes(out / f"backtest.{ext}", _serialise(result.table, args.format))
    except OSError as exc:
        print(f"impossible d'écrire dans {out} : {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"Back-test « {scenario.name} » sur « {args.scope} » : 1er janvier {args.from_year} → 1er janvier "
        f"{args.to_year} ({'déterministe' if not args.draws else f'{args.draws} tirages'})"
    )
    print(result.sample_sentence[0].upper() + result.sample_sentence[1:] + ".")
    shown = result.table[result.table["family"] == "TOTAL"][["year", "measure", "observed", "projected", "difference"]]
    print(shown.to_string(index=False))
    for sentence in result.sentences():
        print("- " + sentence[0].upper() + sentence[1:] + ".")
    print(
        f"Erreur absolue totale : {_fr(result.total_abs_error, 1)} % des départs et embauches observés (par famille)."
    )
    if args.draws:
        print(f"Cellules dont la valeur observée est dans la bande 10e–90e centile : {_pct(result.share_within_band)}.")
    print(f"Effectif observé : {result.headcount_source}.")
    print(f"Fichier écrit : {out / f'backtest.{ext}'}")
    return EXIT_OK


# ---- presets, doc ----------------------------------------------------------------------


def _presets() -> int:
    from .api import presets

    try:
        found = presets()
    except ScenarioError as err:
        for line in err.problems:
            print(line, file=sys.stderr)
        return EXIT_REFUSED
    for name, scn in found.items():
        print(f"{name} : {scn.description}")
    return EXIT_OK


def _doc(args: argparse.Namespace) -> int:
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
