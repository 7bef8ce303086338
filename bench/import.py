"""How fast is an import of a large register, against pyarrow alone?

    .venv/bin/python bench/import.py [--rows 1000000] [--repeat 5] [--keep DIR]

Generates a synthetic register (French headers, semicolons, dates JJ/MM/AAAA, family
codes and labels mixed, names and ids that must never reach the store), then times two
things against two floors, the subject and its floor taking turns:

* whole commands: `python -m etl import` as a user runs it (start Python, import what
  the command needs, read, check every rule, count, write the scope atomically),
  against a `python -c` that imports pyarrow, reads the CSV and writes it to Parquet -
  target <= 3 x;
* in-process: the same import as in the running app, with its modules already
  imported (a first import of the register's first 200 lines, not timed, imports
  what the command imports lazily), against pyarrow reading the CSV and writing Parquet, each in a fresh process so that peak memory is
  measured apart - target <= 1.5 x and a peak under 1.5 GB.

Medians are printed, with the fastest runs: on a shared machine the slow runs measure
the neighbours. Each target's row of the README's table is printed as a `BENCH {json}`
line for bench/table.py (`make bench`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pv
from table import record

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 3.0  # whole commands
TARGET_INPROCESS = 1.5
TARGET_PEAK_MB = 1536

FAMILIES = [
    "commercial",
    "gestion",
    "produit_risque",
    "si",
    "support",
    "optique_audio_pharma",
    "medicosocial_sanitaire",
    "autonomie",
    "petite_enfance",
    "moteurs_changement",
    "Gestion des adhérents et prestations",
    "Systèmes d'information",
    "Petite enfance",
]
LAST = ["Zarkowski", "Quenneville", "Brabançon", "Oyelaran", "Vautrin", "Maëlys", "Kerbrat", "Yildirimoglu"]
FIRST = ["Anaëlle", "Bastien", "Corentine", "Dieudonné", "Esteban", "Félicie", "Gwendal", "Héloïse"]


def synthetic_register(rows: int, seed: int = 0) -> pa.Table:
    """A plausible register: ages 18..67, entries after 18, the usual HR columns."""
    rng = np.random.default_rng(seed)
    birth_year = rng.integers(1958, 2007, rows)
    birth_month = rng.integers(1, 13, rows)
    birth_day = rng.integers(1, 29, rows)
    entry_year = np.minimum(2025, birth_year + 18 + rng.integers(0, 30, rows))
    fmt = np.vectorize(lambda d, m, y: f"{d:02d}/{m:02d}/{y}", otypes=[object])
    return pa.table(
        {
            "Matricule": [f"M{i:08d}X" for i in range(rows)],
            "Nom": np.array(LAST, dtype=object)[rng.integers(0, len(LAST), rows)],
            "Prénom": np.array(FIRST, dtype=object)[rng.integers(0, len(FIRST), rows)],
            "Date de naissance": fmt(birth_day, birth_month, birth_year),
            "Sexe": np.array(["F", "H", "Femme", "Homme"], dtype=object)[rng.integers(0, 4, rows)],
            "Famille de métiers": np.array(FAMILIES, dtype=object)[rng.integers(0, len(FAMILIES), rows)],
            "Emploi": np.array(["Gestionnaire", "Conseiller", "Développeur", "Auxiliaire"], dtype=object)[
                rng.integers(0, 4, rows)
            ],
            "Statut": np.array(["cadre", "non cadre"], dtype=object)[rng.integers(0, 2, rows)],
            "Date d'entrée": fmt(birth_day, birth_month, entry_year),
            "Contrat": np.array(["CDI", "CDD", "apprentissage"], dtype=object)[rng.integers(0, 3, rows)],
            "Livre": np.array(["2", "3"], dtype=object)[rng.integers(0, 2, rows)],
        }
    )


def write_register(path: Path, rows: int, seed: int = 0) -> None:
    pv.write_csv(
        synthetic_register(rows, seed), path, write_options=pv.WriteOptions(delimiter=";", quoting_style="needed")
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_baseline(csv_path: str, out_dir: str) -> dict:
    import pyarrow.parquet as pq

    t0 = time.perf_counter()
    table = pv.read_csv(csv_path, parse_options=pv.ParseOptions(delimiter=";"))
    pq.write_table(table, Path(out_dir) / "baseline.parquet")
    return {"seconds": time.perf_counter() - t0, "peak_mb": peak_mb(), "rows": table.num_rows}


def child_import(csv_path: str, out_dir: str) -> dict:
    sys.path.insert(0, str(ROOT))
    import etl.imports.pipeline  # noqa: F401  (in-process: the modules are imported before the clock starts)
    from etl.__main__ import main

    os.environ["RELEVE_IMPORTS"] = str(Path(out_dir) / "imports")
    # as in the running app: what the command imports lazily (pandas, pandera, babel)
    # is imported by a first import of a small file, before the clock starts
    small = Path(out_dir) / "small.csv"
    with open(csv_path, encoding="utf-8") as full:
        small.write_text("".join(line for _, line in zip(range(200), full)), encoding="utf-8")
    if main(["import", str(small), "--kind", "register", "--scope", "bench_petit", "--ref-year", "2025"]) != 0:
        raise SystemExit("the small import failed")
    t0 = time.perf_counter()
    status = main(["import", csv_path, "--kind", "register", "--scope", "bench_registre", "--ref-year", "2025"])
    seconds = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"import failed with status {status}")
    return {"seconds": seconds, "peak_mb": peak_mb()}


FLOOR_COMMAND = (
    "import sys, pyarrow.csv as pv, pyarrow.parquet as pq; "
    "pq.write_table(pv.read_csv(sys.argv[1], parse_options=pv.ParseOptions(delimiter=';')), sys.argv[2])"
)


def whole_command(mode: str, csv_path: Path, out_dir: Path) -> float:
    """Wall time of one whole command, from starting Python to its exit."""
    if mode == "baseline":
        args = ["-c", FLOOR_COMMAND, str(csv_path), str(out_dir / "floor.parquet")]
    else:
        args = [
            "-m",
            "etl",
            "import",
            str(csv_path),
            "--kind",
            "register",
            "--scope",
            "bench_cmd",
            "--ref-year",
            "2025",
        ]
    env = {**os.environ, "RELEVE_IMPORTS": str(out_dir / "imports_cmd")}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{mode} command failed:\n{proc.stderr}")
    return seconds


def run_child(mode: str, csv_path: Path, out_dir: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(csv_path), str(out_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", default=None, help="folder to keep the generated register in")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CSV", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, csv_path, out_dir = args.child
        result = (child_baseline if mode == "baseline" else child_import)(csv_path, out_dir)
        print(json.dumps(result))
        return 0

    with tempfile.TemporaryDirectory(prefix="releve-bench-") as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        csv_path = work / f"registre_{args.rows}.csv"
        t0 = time.perf_counter()
        write_register(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 2**20
        print(
            f"registre synthétique : {args.rows:,} lignes".replace(",", " ")
            + f", {size_mb:.0f} Mo, généré en {time.perf_counter() - t0:.1f} s"
        )
        runs: dict[str, list[dict]] = {"baseline": [], "import": []}
        commands: dict[str, list[float]] = {"baseline": [], "import": []}
        for _ in range(args.repeat):
            for mode in runs:  # interleaved, so a busy moment of the machine hits both
                commands[mode].append(whole_command(mode, csv_path, work))
                runs[mode].append(run_child(mode, csv_path, work))
        best = {m: min(r["seconds"] for r in rs) for m, rs in runs.items()}
        median = {m: statistics.median(r["seconds"] for r in rs) for m, rs in runs.items()}
        cmd_best = {m: min(t) for m, t in commands.items()}
        cmd_median = {m: statistics.median(t) for m, t in commands.items()}
        peaks = {m: max(r["peak_mb"] for r in rs) for m, rs in runs.items()}
        ratio = median["import"] / median["baseline"]
        cmd_ratio = cmd_median["import"] / cmd_median["baseline"]
        print(f"{'étape':<52} {'médiane (s)':>12} {'meilleur (s)':>12} {'pic mémoire (Mo)':>17}")
        for label, m, b, peak in (
            (
                "commande : python -c, pyarrow lit le CSV, écrit Parquet",
                cmd_median["baseline"],
                cmd_best["baseline"],
                "",
            ),
            ("commande : python -m etl import (bout à bout)", cmd_median["import"], cmd_best["import"], ""),
            ("en mémoire : pyarrow seul", median["baseline"], best["baseline"], f"{peaks['baseline']:.0f}"),
            ("en mémoire : import (modules déjà importés)", median["import"], best["import"], f"{peaks['import']:.0f}"),
        ):
            print(f"{label:<52} {m:>12.2f} {b:>12.2f} {peak:>17}")
        print(f"rapport des commandes entières : {cmd_ratio:.2f}   (cible <= {TARGET_RATIO:g})")
        print(
            f"rapport en mémoire             : {ratio:.2f}   (cible <= {TARGET_INPROCESS:g} ; pic < {TARGET_PEAK_MB} Mo)"
        )
        print(
            f"mesures : {args.repeat} exécution(s) de chaque, alternées ; processeurs : {os.cpu_count()} ; "
            f"charge moyenne : {os.getloadavg()[0]:.1f}"
        )
        cmd_ok = cmd_ratio <= TARGET_RATIO
        mem_ok = ratio <= TARGET_INPROCESS and peaks["import"] < TARGET_PEAK_MB
        rows = f"{args.rows:,}".replace(",", " ")
        record(
            f"`python -m etl import` d'un registre de {rows} lignes, commande entière : {fr(cmd_median['import'])} s",
            f"`python -c` : pyarrow lit le CSV et écrit du Parquet : {fr(cmd_median['baseline'])} s",
            f"{fr(cmd_ratio)}×",
            f"≤ {fr(TARGET_RATIO, 0)}×",
            cmd_ok,
        )
        record(
            f"le même import en mémoire, modules importés : {fr(median['import'])} s, {peaks['import']:.0f} Mo au plus",
            f"pyarrow seul, en mémoire : {fr(median['baseline'])} s",
            f"{fr(ratio)}×",
            f"≤ {fr(TARGET_INPROCESS, 1)}× ; < 1,5 Go",
            mem_ok,
        )
        print("objectifs tenus" if cmd_ok and mem_ok else "OBJECTIF MANQUÉ")
        return 0 if cmd_ok and mem_ok else 1


def fr(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


if __name__ == "__main__":
    sys.exit(main())
