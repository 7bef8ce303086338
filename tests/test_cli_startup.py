"""The command lines start at once: `--help` and a refused command line import none of
the heavy libraries (what they cost is measured by bench/gpec.py and bench/import.py;
this checks what is imported, which does not depend on the machine)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "pandas", "pandera", "pyarrow", "plotly", "streamlit", "pptx", "kaleido")

PROBE = """
import json, runpy, sys
sys.argv = [{module!r}, *{args!r}]
try:
    runpy.run_module({module!r}, run_name="__main__", alter_sys=True)
except SystemExit as exc:
    print("EXIT", exc.code)
print("HEAVY", json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def imported_by(module: str, args: list[str]) -> tuple[str, list[str]]:
    code = PROBE.format(module=module, args=args, heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    lines = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if line.startswith(("EXIT ", "HEAVY ")))
    return lines.get("EXIT", ""), json.loads(lines["HEAVY"])


@pytest.mark.parametrize(
    "module, args",
    [
        ("etl", ["--help"]),
        ("etl", ["import", "--help"]),
        ("etl", ["export", "--help"]),
        ("etl", ["import", "registre.csv"]),  # refused: --kind and --scope are missing
        ("gpec", ["--help"]),
        ("gpec", ["run", "--help"]),
        ("gpec", ["run", "scenario.json", "--out", "x", "--workers", "-1"]),  # refused
    ],
)
def test_help_and_refused_command_lines_import_no_heavy_library(module, args):
    code, heavy = imported_by(module, args)
    assert code in ("0", "2")
    assert heavy == []


def test_every_public_name_of_the_engine_resolves_on_first_use():
    import gpec

    for name in gpec.__all__:
        assert getattr(gpec, name) is not None, name
    assert set(gpec.__all__) <= set(dir(gpec))
    with pytest.raises(AttributeError):
        gpec.no_such_name  # noqa: B018
