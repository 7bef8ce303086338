"""The README's table of measurements, rebuilt from what the benchmarks printed.

    python bench/table.py OUTPUT_DIR [README.md]

`make bench` runs every bench/*.py and keeps its standard output in OUTPUT_DIR/NAME.txt
(and its exit status in NAME.status); this script turns them into the Markdown table
between the markers <!-- mesures:début --> and <!-- mesures:fin --> of the README, so
that the published figures are the ones the code measured.

A benchmark gives a row of the table by printing one line

    BENCH {"measure": "...", "floor": "...", "ratio": "...", "target": "...", "met": true}

(JSON, one object per line; only "measure" is required; "met" is true, false or null
when there is nothing to meet). A benchmark that printed no such line still gets a row
saying so, with its last line of output, so a missing or broken one shows in the table
instead of keeping an old figure.

The benchmarks print those lines with `record` and time their subjects with `best`,
both below, so the line's format has one home: this file.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path


def record(measure: str, floor: str = "", ratio: str = "", target: str = "", met: bool | None = None) -> None:
    """Print one row of the README's table as a BENCH line (read back by `rows_of`)."""
    row = {"measure": measure, "floor": floor, "ratio": ratio, "target": target, "met": met}
    print("BENCH " + json.dumps(row, ensure_ascii=False))


def best(fn, repeat: int) -> tuple[float, float]:
    """(fastest, median) seconds of `repeat` calls of `fn`."""
    import statistics
    import time

    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


START, END = "<!-- mesures:début -->", "<!-- mesures:fin -->"
# The order of the table; benchmarks not listed here come after, by name.
ORDER = ("etl", "import", "gpec", "privacy", "calibration", "scenarios", "app", "load", "report")
HEADER = "| banc | mesure | plancher | rapport | cible |\n|---|---|---|---|---|"


def cell(value: object) -> str:
    """Text that cannot break the Markdown table."""
    return " ".join(str(value if value is not None else "").replace("|", "\\|").split())


def rows_of(name: str, text: str, status: str | None) -> list[str]:
    bench = f"`bench/{name}.py`"
    rows = []
    for line in text.splitlines():
        if not line.startswith("BENCH "):
            continue
        try:
            row = json.loads(line[len("BENCH ") :])
        except json.JSONDecodeError:
            continue
        if not isinstance(row, dict) or not row.get("measure"):
            continue
        target = cell(row.get("target"))
        if row.get("met") is False:
            target = f"{target} (**non tenue**)" if target else "**non tenue**"
        rows.append(
            f"| {bench} | {cell(row['measure'])} | {cell(row.get('floor'))} | {cell(row.get('ratio'))} | {target} |"
        )
    if not rows:
        last = next((ln for ln in reversed(text.splitlines()) if ln.strip()), "aucune sortie")
        failed = f", code de sortie {status}" if status not in (None, "0") else ""
        rows.append(f"| {bench} | pas de ligne BENCH{failed} ; dernière ligne : « {cell(last)[:200]} » | | | |")
    return rows


def table(folder: Path) -> str:
    outputs = {p.stem: p for p in folder.glob("*.txt")}
    names = [n for n in ORDER if n in outputs] + sorted(n for n in outputs if n not in ORDER)
    lines = [HEADER]
    for name in names:
        status_file = folder / f"{name}.status"
        status = status_file.read_text(encoding="utf-8").strip() if status_file.exists() else None
        lines += rows_of(name, outputs[name].read_text(encoding="utf-8", errors="replace"), status)
    load = f"{os.getloadavg()[0]:.1f}".replace(".", ",") if hasattr(os, "getloadavg") else "inconnue"
    lines.append("")
    lines.append(
        f"*Écrit par `bench/table.py` (`make bench`) le {date.today():%d/%m/%Y}, sur {os.cpu_count()} cœur(s) "
        f"(charge moyenne à l'écriture : {load}).*"
    )
    return "\n".join(lines)


def replace_between_markers(text: str, block: str) -> str:
    if START not in text or END not in text or text.index(START) > text.index(END):
        raise ValueError(f"les repères {START} et {END} manquent dans le README")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{block}\n{END}{tail}"


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    folder = Path(argv[0])
    readme = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "README.md"
    try:
        text = readme.read_text(encoding="utf-8")
        new = replace_between_markers(text, table(folder))
    except (OSError, ValueError) as err:
        print(f"bench/table.py : {err}", file=sys.stderr)
        return 1
    tmp = readme.with_name(readme.name + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, readme)
    print(f"{readme} : tableau des mesures réécrit ({new.count('| `bench/')} ligne(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
