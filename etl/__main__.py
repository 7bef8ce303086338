"""Command line of the ETL.

    python -m etl [--check]          build (or only validate) the store from data/raw
    python -m etl import PATH --kind register|table --scope NAME [--name "DISPLAY NAME"]
                  [--ref-year YEAR] [--mapping MAPPING.json] [--sheet NAME] [--min-cell N] [--check]
                                     add a register or a table as a scope of its own
    python -m etl export TABLE [--scope NAME] --out FILE [--dialect standard|excel-fr] [--min-cell N]
                                     write a table as CSV, small cells of imported scopes hidden
    python -m etl export all --out releve.xlsx
                                     every table as an Excel workbook (or TABLE --out FILE.xlsx)
    python -m etl imports            list the imported scopes
    python -m etl delete-import NAME remove an imported scope

Problems are printed one per line as `file:line: column: what is wrong` (the first
200, then a line that counts the others; values quoted cut to 80 characters) and the
exit status is 2; the store (and every imported scope) is then left exactly as it was.
A file over the limits of limits.py (size, XLSX parts once decompressed, rows,
columns, cells; docs/import.md, « Limites ») is refused that way before it is read.
Building is the default so that `python -m etl` keeps meaning what it always did.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from core import exports, limits
from etl import catalog

from .problems import InputError, Problem, listed
from .store import StoreLocked

# The commands import pandas, pandera and the rest when they run, so that `--help`
# and a refused command line answer at once.

COMMANDS = ("build", "import", "export", "imports", "delete-import")


def print_problems(
    problems: list[Problem], warnings: Sequence[str] = (), outcome: str = "le magasin de données n'a pas été modifié"
) -> int:
    print(f"{len(problems)} problème(s) ; {limits.cut_quotes(outcome)} :", file=sys.stderr)
    shown, more = listed(problems)
    for p in shown:
        print(str(p), file=sys.stderr)
    if more:
        print(more, file=sys.stderr)
    for w in warnings:
        print("avertissement : " + limits.cut_quotes(w), file=sys.stderr)
    return 2


def build_command(args: argparse.Namespace) -> int:
    from .build import build

    try:
        report = build(args.raw, args.store, check_only=args.check)
    except InputError as err:
        return print_problems(err.problems, err.warnings)
    except StoreLocked as err:
        print(str(err), file=sys.stderr)
        return 2
    for w in report.warnings:
        print("avertissement : " + w)
    rows = ", ".join(f"{name} {len(df)}" for name, df in report.tables.items())
    if args.check:
        print(f"vérification réussie, rien n'a été écrit ({rows})")
    elif report.written:
        print(f"magasin de données écrit dans {args.store} ({rows})")
    else:
        print(f"magasin de données déjà à jour dans {args.store}, aucun fichier modifié")
    return 0


def _read_input(path: str, role: str, limit: limits.Limit) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file named on the command line; its size is checked against
    `limit` before it is read (limits.py)."""
    p = Path(path)
    if p.is_dir():
        return None, [Problem(path, None, None, f"{role} : c'est un dossier, un fichier est attendu")]
    try:
        found = p.stat().st_size
        if found > limit.bytes():
            return None, [
                Problem(
                    path,
                    None,
                    None,
                    f"{role} trop volumineux : {limits.size(found)}, au plus "
                    f"{limits.size(limit.bytes())} ({limit.env}) ; rien n'a été lu, voir « Limites » "
                    "dans docs/import.md",
                )
            ]
        return p.read_bytes(), []
    except FileNotFoundError:
        return None, [Problem(path, None, None, f"{role} introuvable")]
    except OSError as exc:
        return None, [Problem(path, None, None, f"{role} illisible ({exc.strerror})")]


def import_command(args: argparse.Namespace) -> int:
    from .imports import prepare, save

    data, problems = _read_input(args.path, "fichier", limits.FILE_MB)
    mapping = None
    if args.mapping:
        mapping, more = _read_input(args.mapping, "fichier de correspondance", limits.JSON_BYTES)
        problems += more
    if problems:
        return print_problems(problems, outcome="aucun périmètre n'a été modifié")
    assert data is not None  # else a problem above
    prepared = prepare(
        data,
        Path(args.path).name,
        kind=args.kind,
        scope=args.scope,
        ref_year=args.ref_year,
        mapping=mapping,
        mapping_name=Path(args.mapping).name if args.mapping else "mapping.json",
        sheet=args.sheet,
        min_cell=args.min_cell,
        display_name=args.name,
    )
    if prepared.problems:
        return print_problems(
            prepared.problems, prepared.warnings, outcome=f"le périmètre « {args.scope} » n'a pas été modifié"
        )
    for w in prepared.warnings:
        print("avertissement : " + w)
    ignored = prepared.ignored()
    if ignored:
        print("colonnes ignorées (non reconnues) : " + limits.some(ignored, wrap="« {} »"))
    if args.check:
        print(f"vérification réussie, rien n'a été écrit : {prepared.summary()}")
        return 0
    try:
        target = save(prepared)
    except StoreLocked as err:
        print(str(err), file=sys.stderr)
        return 2
    print(
        f"périmètre « {args.scope} » importé dans {target} : {prepared.summary()} ; "
        f"cellules de moins de {args.min_cell} personnes masquées à l'affichage et à l'export"
    )
    return 0


def export_command(args: argparse.Namespace) -> int:
    if args.min_cell is not None and not 1 <= args.min_cell <= 1000:
        return print_problems(
            [Problem("--min-cell", None, None, f"« {args.min_cell} » : entre 1 et 1000")],
            outcome="aucun fichier n'a été écrit",
        )
    if args.table == "all" or str(args.out).lower().endswith(".xlsx"):
        return export_workbook(args)
    if args.table == "movements":
        return export_movements(args)
    from core import privacy

    try:
        catalog.ensure_store()
        names = {args.table} | (set(privacy.PROTECTED_TABLES) if args.table in privacy.PROTECTED_TABLES else set())
        tables = {name: catalog.load(name) for name in names}
    except InputError as err:
        return print_problems(err.problems, err.warnings)
    from .imports.scopes import thresholds

    df = privacy.protect_tables(tables, thresholds(args.min_cell))[args.table]
    if args.scope:
        if "scope" not in df.columns:
            return print_problems(
                [Problem("--scope", None, None, f"la table « {args.table} » n'a pas de colonne scope")],
                outcome="aucun fichier n'a été écrit",
            )
        known = sorted(set(df["scope"]))
        if args.scope not in known:
            return print_problems(
                [
                    Problem(
                        "--scope",
                        None,
                        None,
                        f"« {args.scope} » : périmètre absent de la table "
                        f"« {args.table} » (périmètres : {', '.join(known)})",
                    )
                ],
                outcome="aucun fichier n'a été écrit",
            )
        df = df[df["scope"] == args.scope]
    exports.atomic_write_bytes(
        args.out, exports.people_csv_bytes(privacy.with_labels(df) if args.dialect == "excel-fr" else df, args.dialect)
    )
    hidden = int(df[privacy.SUPPRESSED].sum()) if privacy.SUPPRESSED in df else 0
    print(
        f"{len(df)} ligne(s) écrite(s) dans {args.out} ({args.dialect})"
        + (f", dont {hidden} cellule(s) masquée(s) (secret statistique)" if hidden else "")
    )
    return 0


def export_movements(args: argparse.Namespace) -> int:
    """`export movements --scope S`: a scope's movements by year, family and measure,
    under its confidentiality rule (the recorded threshold, or --min-cell)."""
    from core import privacy

    from .imports.scopes import thresholds

    having = [s for s in catalog.imported_scopes() if catalog.movements(s) is not None]
    moves = catalog.movements(args.scope) if args.scope in having else None
    if moves is None:
        return print_problems(
            [
                Problem(
                    "--scope",
                    None,
                    None,
                    f"« {args.scope} » : aucun périmètre importé de ce nom n'a de mouvements "
                    f"(périmètres qui en ont : {', '.join(having) or 'aucun'})",
                )
            ],
            outcome="aucun fichier n'a été écrit",
        )
    min_cell = thresholds(args.min_cell).get(args.scope, privacy.DEFAULT_MIN_CELL)
    df = privacy.diffuse_movement_counts(moves, min_cell).assign(scope=args.scope)
    exports.atomic_write_bytes(args.out, exports.people_csv_bytes(df, args.dialect))
    hidden = int(df[privacy.SUPPRESSED].sum())
    print(
        f"{len(df)} ligne(s) écrite(s) dans {args.out} ({args.dialect})"
        + (f", dont {hidden} cellule(s) masquée(s) (secret statistique)" if hidden else "")
    )
    return 0


def export_workbook(args: argparse.Namespace) -> int:
    """`export all --out releve.xlsx` (every table) or `export TABLE --out FILE.xlsx`."""
    if not str(args.out).lower().endswith(".xlsx"):
        return print_problems(
            [Problem("--out", None, None, f"« {args.out} » : « all » s'exporte en classeur Excel (.xlsx)")],
            outcome="aucun fichier n'a été écrit",
        )
    from .workbook import store_workbook

    try:
        catalog.ensure_store()
        names = list(catalog.TABLES) if args.table == "all" else [args.table]
        data, rows = store_workbook(names, args.scope, args.min_cell)
    except InputError as err:
        return print_problems(err.problems, err.warnings)
    exports.atomic_write_bytes(args.out, data)
    print(f"{len(rows)} feuille(s), {sum(rows.values())} ligne(s) écrites dans {args.out} (Excel)")
    return 0


def imports_command(args: argparse.Namespace) -> int:
    scopes = catalog.imported_scopes()
    if not scopes:
        print("aucun périmètre importé")
    for scope in scopes:
        m = catalog.import_manifest(scope)
        years = ", ".join(str(y) for y in m.get("ref_years", []))
        name = f" « {m['display_name']} »" if m.get("display_name") else ""
        print(
            f"{scope}{name} : {m.get('kind')}, année {years}, {m.get('rows_valid')} ligne(s), "
            f"importé le {m.get('imported_at')}, seuil {m.get('min_cell')}"
        )
    return 0


def delete_command(args: argparse.Namespace) -> int:
    from .imports.scopes import delete_scope

    try:
        gone = delete_scope(args.scope)
    except StoreLocked as err:
        print(str(err), file=sys.stderr)
        return 2
    if not gone:
        print(
            f"« {args.scope} » : aucun périmètre importé de ce nom "
            f"(périmètres : {', '.join(catalog.imported_scopes()) or 'aucun'})",
            file=sys.stderr,
        )
        return 2
    print(f"périmètre « {args.scope} » supprimé")
    return 0


def _positive(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » : un nombre entier est attendu") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl",
        description="Construit le magasin de données Parquet.",
        epilog="Autres commandes : import, export, imports, delete-import (python -m etl COMMANDE --help).",
    )
    parser.add_argument("--check", action="store_true", help="valider sans rien écrire")
    parser.add_argument("--raw", default=str(catalog.RAW_DIR), help="dossier des tables sources")
    parser.add_argument("--store", default=str(catalog.store_dir()), help="dossier du magasin Parquet")
    return parser


def command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="construire le magasin de données (commande par défaut)")
    b.add_argument("--check", action="store_true", help="valider sans rien écrire")
    b.add_argument("--raw", default=str(catalog.RAW_DIR))
    b.add_argument("--store", default=str(catalog.store_dir()))

    i = sub.add_parser(
        "import",
        help="importer un registre du personnel ou un tableau agrégé",
        description="Ajoute un fichier comme périmètre à part (voir docs/import.md).",
    )
    i.add_argument("path", metavar="PATH", help="fichier CSV, XLSX ou Parquet")
    i.add_argument(
        "--kind",
        required=True,
        choices=["register", "table"],
        help="register : une ligne par salarié ; table : tableau agrégé",
    )
    i.add_argument("--scope", required=True, help="nom du périmètre (minuscules, chiffres, _)")
    i.add_argument("--name", default=None, help="nom affiché du périmètre dans les pages (ex. « Mutuelle Exemple »)")
    i.add_argument("--ref-year", type=_positive, default=None, help="année de référence (âges au 31/12)")
    i.add_argument("--mapping", default=None, help="fichier JSON de correspondance des en-têtes et des valeurs")
    i.add_argument("--sheet", default=None, help="feuille du classeur XLSX (par défaut la première)")
    i.add_argument(
        "--min-cell",
        type=_positive,
        default=limits.DEFAULT_MIN_CELL,
        help="seuil du secret statistique (défaut : 5 personnes)",
    )
    i.add_argument("--check", action="store_true", help="vérifier sans rien écrire")

    e = sub.add_parser("export", help="exporter une table en CSV ou en Excel (secret statistique appliqué)")
    e.add_argument(
        "table",
        metavar="TABLE",
        choices=(*catalog.TABLES, "movements", "all"),
        help=", ".join(catalog.TABLES)
        + " ; movements : mouvements d'un périmètre importé (--scope) ; all : toutes, en classeur Excel",
    )
    e.add_argument("--scope", default=None, help="ne garder qu'un périmètre")
    e.add_argument("--out", required=True, help="fichier à écrire : .csv, ou .xlsx pour un classeur Excel")
    e.add_argument("--dialect", default="standard", choices=list(exports.DIALECTS))
    e.add_argument(
        "--min-cell",
        type=_positive,
        default=None,
        help="seuil du secret statistique (défaut : celui enregistré à l'import, 5)",
    )

    sub.add_parser("imports", help="lister les périmètres importés")
    d = sub.add_parser("delete-import", help="supprimer un périmètre importé")
    d.add_argument("scope", metavar="NAME")
    return parser


HANDLERS = {
    "build": build_command,
    "import": import_command,
    "export": export_command,
    "imports": imports_command,
    "delete-import": delete_command,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in COMMANDS:
        args = command_parser().parse_args(argv)
        return HANDLERS[args.command](args)
    return build_command(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
