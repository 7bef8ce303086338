"""How long the whole ETL takes on the embedded data, against a floor measured in the
same run: pyarrow alone reading the same raw CSV files and writing them to Parquet.

    python bench/etl.py [--repeat N]

Prints medians over N runs (in-process, after one warm-up) and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from table import record  # noqa: E402

from core import formats  # noqa: E402
from etl import catalog  # noqa: E402
from etl.build import build  # noqa: E402


def floor(raw: Path, out: Path) -> None:
    for path in sorted(raw.glob("*.csv")):
        pq.write_table(pacsv.read_csv(path), out / f"{path.stem}.parquet")


def etl(raw: Path, out: Path) -> None:
    build(raw, out / "parquet")


def timed(fn, repeat: int) -> list[float]:
    times = []
    for i in range(repeat + 1):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            fn(catalog.RAW_DIR, Path(tmp))
            if i:  # the first run warms imports and caches
                times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    n = ap.parse_args().repeat
    f, e = timed(floor, n), timed(etl, n)
    fm, em = statistics.median(f), statistics.median(e)
    print(f"{'measure':42s} {'median':>10s} {'min':>10s} {'max':>10s}")
    print(
        f"{'floor: pyarrow read CSV + write Parquet':42s} {fm * 1000:9.1f}ms {min(f) * 1000:9.1f}ms {max(f) * 1000:9.1f}ms"
    )
    print(
        f"{'ETL: parse, validate, derive, write':42s} {em * 1000:9.1f}ms {min(e) * 1000:9.1f}ms {max(e) * 1000:9.1f}ms"
    )
    print(f"ratio ETL / floor: {em / fm:.1f}x   (target: whole ETL well under 3 s -> {'met' if em < 3 else 'NOT met'})")
    row = {
        "measure": f"ETL complet : {formats.number(em, 2)} s",
        "floor": f"pyarrow seul lisant les CSV et écrivant du Parquet : {formats.number(fm * 1000, 1)} ms",
        "ratio": f"{formats.number(em / fm, 0)}×",
        "target": "ETL < 3 s",
        "met": em < 3,
    }
    record(**row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
