"""bench/table.py: the README's table of measurements is rebuilt from the benchmarks'
BENCH lines, and a benchmark that printed none still shows (never an old figure)."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("bench_table", ROOT / "bench" / "table.py")
table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(table)


def bench_line(**row):
    return "BENCH " + json.dumps(row, ensure_ascii=False)


@pytest.fixture
def outputs(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "gpec.txt").write_text(
        "du texte pour les gens\n"
        + bench_line(measure="1 000 tirages : 4 s", floor="binomiales : 2 s", ratio="2×", target="≤ 1,5×", met=False)
        + "\n"
        + bench_line(measure="a | b", target="< 1 s", met=True)
        + "\nBENCH {pas du json\n",
        encoding="utf-8",
    )
    (folder / "etl.txt").write_text(bench_line(measure="ETL : 0,3 s", met=None) + "\n", encoding="utf-8")
    (folder / "report.txt").write_text("ratio deck / floor: 1.16x\n", encoding="utf-8")
    (folder / "zzz.txt").write_text("", encoding="utf-8")
    (folder / "zzz.status").write_text("1\n", encoding="utf-8")
    return folder


def test_rows_in_order_with_targets_missed_marked_and_pipes_escaped(outputs):
    rows = [line for line in table.table(outputs).splitlines() if line.startswith("| `bench/")]
    assert [r.split("|")[1].strip() for r in rows] == [
        "`bench/etl.py`",
        "`bench/gpec.py`",
        "`bench/gpec.py`",
        "`bench/report.py`",
        "`bench/zzz.py`",
    ]
    assert rows[1] == "| `bench/gpec.py` | 1 000 tirages : 4 s | binomiales : 2 s | 2× | ≤ 1,5× (**non tenue**) |"
    assert rows[2] == "| `bench/gpec.py` | a \\| b |  |  | < 1 s |"
    assert "pas de ligne BENCH ; dernière ligne : « ratio deck / floor: 1.16x »" in rows[3]
    assert "pas de ligne BENCH, code de sortie 1 ; dernière ligne : « aucune sortie »" in rows[4]


def test_readme_rewritten_between_the_markers_only(outputs, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"avant\n{table.START}\n| vieux | chiffre |\n{table.END}\naprès\n", encoding="utf-8")
    assert table.main([str(outputs), str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(f"avant\n{table.START}\n{table.HEADER}\n") and text.endswith(f"{table.END}\naprès\n")
    assert "vieux" not in text and "1 000 tirages : 4 s" in text


def test_readme_without_markers_is_left_alone(outputs, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text("pas de repères\n", encoding="utf-8")
    assert table.main([str(outputs), str(readme)]) == 1
    assert readme.read_text(encoding="utf-8") == "pas de repères\n"
    assert "repères" in capsys.readouterr().err


def test_the_project_readme_has_the_markers():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(table.START) == 1 and text.count(table.END) == 1
