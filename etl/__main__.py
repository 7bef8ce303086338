"""Command line of the ETL.

    python -m etl [--check]          build (or only validate) the store from data/raw

Problems are printed one per line as `file:line: column: what is wrong` and the exit
status is 2; the store is then left exactly as it was.
"""
from __future__ import annotations

import argparse
import sys

import catalog

from .build import build
from .problems import InputError
from .store import StoreLocked


def build_command(args) -> int:
    try:
        report = build(args.raw, args.store, check_only=args.check)
    except InputError as err:
        print(f"{len(err.problems)} problème(s) ; le magasin de données n'a pas été modifié :", file=sys.stderr)
        for p in err.problems:
            print(str(p), file=sys.stderr)
        for w in err.warnings:
            print("avertissement : " + w, file=sys.stderr)
        return 2
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Construit le magasin de données Parquet.")
    parser.add_argument("--check", action="store_true", help="valider sans rien écrire")
    parser.add_argument("--raw", default=str(catalog.RAW_DIR), help="dossier des tables sources")
    parser.add_argument("--store", default=str(catalog.store_dir()), help="dossier du magasin Parquet")
    args = parser.parse_args(argv)
    return build_command(args)


if __name__ == "__main__":
    sys.exit(main())
