"""Bounded inputs (limits.py; docs/import.md and docs/scenarios.md, « Limites »).

A real zip bomb (a 400 Mo shared-strings part in a workbook of about 400 ko) is
refused by `python -m etl import` in a fresh process, quickly, in a few lines and
without reading it; every other limit is probed with a small file and a small limit
set in the environment, one case per limit; JSON nested 20 000 levels deep or
carrying a 5 000-digit number is refused by each command line in one line; a value
quoted in a message is cut."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from etl_cli import run

from core import limits
from etl.__main__ import print_problems
from etl.imports import prepare, readers, suggest
from etl.problems import Problem

ROOT = Path(__file__).resolve().parents[1]
OK = Path(__file__).parent / "fixtures" / "import_ok"
MB = limits.MB
BOMB_MB = 400
KILL_AFTER = 60  # seconds: a refusal takes a few
LIMITS_DOC = "voir « Limites » dans docs/import.md"

# ---- a workbook written part by part (so that a part can be a stream) ----------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Personnel" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["Matricule", "Sexe", "Famille de métiers", "Âge"]


def col(i: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def sheet_xml(rows: list[list], dimension: str | None = None) -> str:
    """Inline strings and numbers: the shared-strings part is left to each test."""
    out = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{col(c)}{r}"><v>{v}</v></c>'
            if isinstance(v, int)
            else f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
            for c, v in enumerate(row)
        )
        out.append(f'<row r="{r}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}">{dim}<sheetData>{"".join(out)}'
        "</sheetData></worksheet>"
    )


def register_rows(n: int, width: int = 4) -> list[list]:
    rows = [HEADER + [f"Colonne {i}" for i in range(width - 4)]]
    rows += [[f"A{i}", "F", "gestion", 40] + ["x"] * (width - 4) for i in range(n)]
    return rows


def write_xlsx(
    path: Path,
    rows: list[list],
    *,
    strings_mb: float = 0,
    extra: dict[str, int] | None = None,
    dimension: str | None = None,
) -> Path:
    """A workbook whose shared-strings part holds `strings_mb` Mo of one-letter
    strings (the worst case for openpyxl, which keeps each one as a Python object:
    400 Mo of them would take gigabytes and minutes), written as a stream in 255 ko
    chunks, never held in memory; and `extra` parts of the given sizes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml(rows, dimension))
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}">'.encode())
            chunk = b"<si><t>a</t></si>" * 15_000
            whole, rest = divmod(int(strings_mb * MB), len(chunk))
            for _ in range(whole):
                f.write(chunk)
            f.write(chunk[: rest - rest % 17])
            f.write(b"</sst>")
        for name, size in (extra or {}).items():
            with z.open(name, "w", force_zip64=True) as f:
                for _ in range(size // 65536):
                    f.write(b" " * 65536)
                f.write(b" " * (size % 65536))
    return path


@pytest.fixture(scope="session")
def bomb(tmp_path_factory) -> Path:
    """About 1 Mo that inflates to 400 Mo of tiny shared strings: the file of the issue."""
    return write_xlsx(tmp_path_factory.mktemp("bomb") / "bombe.xlsx", register_rows(2), strings_mb=BOMB_MB)


def snapshot(root: Path) -> dict:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def measured(argv: list[str]) -> tuple[int, str, float, float]:
    """(exit status, stdout + stderr, seconds, peak memory in Mo) of a fresh process
    (os.wait4 gives the rusage of this child alone, not of every child so far)."""
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, *argv], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        watchdog = threading.Timer(KILL_AFTER, proc.kill)  # a bomb that went off: fail, do not hang
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    return proc.returncode, text, seconds, usage.ru_maxrss / 1024  # ru_maxrss: kilobytes on Linux


# ---- the zip bomb -----------------------------------------------------------------------


def test_the_bomb_is_a_real_one(bomb):
    info = zipfile.ZipFile(bomb).getinfo("xl/sharedStrings.xml")
    assert info.file_size >= (BOMB_MB - 1) * MB
    assert bomb.stat().st_size < 2 * MB  # about 1 Mo on disk
    assert info.file_size / bomb.stat().st_size > 300


def test_the_command_line_refuses_the_bomb_quickly_briefly_and_in_little_memory(bomb, import_root):
    before = snapshot(import_root)
    status, output, seconds, peak_mb = measured(
        ["-m", "etl", "import", str(bomb), "--kind", "register", "--scope", "essai_bombe", "--ref-year", "2025"]
    )
    print(f"bomb refused in {seconds:.2f} s, peak {peak_mb:.0f} Mo, {len(output)} characters")
    assert status == 2, output
    assert seconds < 30
    assert len(output) < 20_000
    assert peak_mb < 1024
    assert "Traceback" not in output
    assert output.splitlines() == [
        "2 problème(s) ; le périmètre « essai_bombe » n'a pas été modifié :",
        "bombe.xlsx: partie « xl/sharedStrings.xml » : 400 Mo une fois décompressée, au plus 64 Mo "
        "(RELEVE_MAX_XLSX_PART_MB) ; classeur refusé avant d'être lu (enregistrer la feuille en CSV, ou "
        + LIMITS_DOC
        + ")",
        "bombe.xlsx: classeur de 400 Mo une fois décompressé, au plus 256 Mo (RELEVE_MAX_UNPACKED_MB) ; classeur "
        "refusé avant d'être lu (enregistrer la feuille en CSV, ou " + LIMITS_DOC + ")",
    ]
    assert snapshot(import_root) == before


def test_the_page_code_refuses_the_bomb_before_openpyxl(bomb, monkeypatch):
    """The page lists the sheets and suggests a year before it checks the file: both
    stop at the sizes, and prepare() says why in the same sentence."""
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was given the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    data = bomb.read_bytes()
    start = time.monotonic()
    with pytest.raises(ValueError, match="xl/sharedStrings.xml"):
        readers.sheet_names(data)
    assert suggest.ref_year_hint(data, "bombe.xlsx", "register") is None
    prepared = prepare(data, "bombe.xlsx", kind="register", scope="essai_bombe", ref_year=2025)
    assert [p.message[:40] for p in prepared.problems] == [
        "partie « xl/sharedStrings.xml » : 400 Mo",
        "classeur de 400 Mo une fois décompressé,",
    ]
    assert time.monotonic() - start < 5


# ---- every other limit, small: (what, environment, file maker, expected lines) ------------


def csv_file(tmp: Path, rows: int, width: int = 4, name: str = "registre.csv") -> Path:
    lines = [";".join(r if isinstance(r, str) else str(r) for r in row) for row in register_rows(rows, width)]
    (tmp / name).write_text("\n".join(str(x) for x in lines) + "\n", encoding="utf-8")
    return tmp / name


def parquet_file(tmp: Path, rows: int, job: str = "Gestionnaire") -> Path:
    table = pa.table(
        {
            "Matricule": [f"A{i}" for i in range(rows)],
            "Sexe": ["F"] * rows,
            "Famille de métiers": ["gestion"] * rows,
            "Âge": [40] * rows,
            "Emploi": [job] * rows,
        }
    )
    pq.write_table(table, tmp / "registre.parquet")
    return tmp / "registre.parquet"


def refusal(name, what, found, limit, env, line=None, at_least=False):
    where = name if line is None else f"{name}:{line}"
    return (
        f"{where}: {what} : {'au moins ' if at_least else ''}{found}, au plus {limit} ({env}) ; "
        f"fichier refusé, {LIMITS_DOC}"
    )


LIMIT_CASES = [
    (
        "xlsx_part",
        {"RELEVE_MAX_XLSX_PART_MB": "1"},
        lambda tmp: write_xlsx(tmp / "classeur.xlsx", register_rows(3), strings_mb=2),
        [
            "classeur.xlsx: partie « xl/sharedStrings.xml » : 2,0 Mo une fois décompressée, au plus 1,0 Mo "
            "(RELEVE_MAX_XLSX_PART_MB) ; classeur refusé avant d'être lu (enregistrer la feuille en CSV, ou "
            + LIMITS_DOC
            + ")"
        ],
    ),
    (
        "xlsx_total",
        {"RELEVE_MAX_XLSX_PART_MB": "2", "RELEVE_MAX_UNPACKED_MB": "3"},
        lambda tmp: write_xlsx(
            tmp / "classeur.xlsx", register_rows(3), strings_mb=1.5, extra={"xl/media/image1.bin": int(1.9 * MB)}
        ),
        [
            "classeur.xlsx: classeur de 3,4 Mo une fois décompressé, au plus 3,0 Mo (RELEVE_MAX_UNPACKED_MB) ; "
            "classeur refusé avant d'être lu (enregistrer la feuille en CSV, ou " + LIMITS_DOC + ")"
        ],
    ),
    (
        "xlsx_parts",
        {"RELEVE_MAX_XLSX_PARTS": "10"},
        lambda tmp: write_xlsx(
            tmp / "classeur.xlsx", register_rows(3), extra={f"xl/media/image{i}.bin": 10 for i in range(20)}
        ),
        [refusal("classeur.xlsx", "archive de trop de parties pour un classeur XLSX", 26, 10, "RELEVE_MAX_XLSX_PARTS")],
    ),
    (
        "xlsx_rows",
        {"RELEVE_MAX_ROWS": "10"},
        lambda tmp: write_xlsx(tmp / "classeur.xlsx", register_rows(12)),
        [refusal("classeur.xlsx", "trop de lignes de données", 11, 10, "RELEVE_MAX_ROWS", at_least=True)],
    ),
    (
        "xlsx_columns",
        {"RELEVE_MAX_COLUMNS": "5"},
        lambda tmp: write_xlsx(tmp / "classeur.xlsx", register_rows(3, width=8)),
        [refusal("classeur.xlsx", "trop de colonnes", 8, 5, "RELEVE_MAX_COLUMNS", line=1)],
    ),
    (
        "xlsx_cells",
        {"RELEVE_MAX_CELLS": "30"},
        lambda tmp: write_xlsx(tmp / "classeur.xlsx", register_rows(10)),
        [refusal("classeur.xlsx", "trop de cellules (lignes × colonnes)", 32, 30, "RELEVE_MAX_CELLS", at_least=True)],
    ),
    (
        "csv_rows",
        {"RELEVE_MAX_ROWS": "10"},
        lambda tmp: csv_file(tmp, 12),
        [refusal("registre.csv", "trop de lignes de données", 12, 10, "RELEVE_MAX_ROWS")],
    ),
    (
        "csv_columns",
        {"RELEVE_MAX_COLUMNS": "5"},
        lambda tmp: csv_file(tmp, 3, width=8),
        [refusal("registre.csv", "trop de colonnes", 8, 5, "RELEVE_MAX_COLUMNS", line=1)],
    ),
    (
        "csv_cells",
        {"RELEVE_MAX_CELLS": "20"},
        lambda tmp: csv_file(tmp, 6),
        [refusal("registre.csv", "trop de cellules (lignes × colonnes)", 24, 20, "RELEVE_MAX_CELLS")],
    ),
    (
        "parquet_rows",
        {"RELEVE_MAX_ROWS": "10"},
        lambda tmp: parquet_file(tmp, 12),
        [refusal("registre.parquet", "trop de lignes de données", 12, 10, "RELEVE_MAX_ROWS")],
    ),
    # one 100 ko job title repeated on 30 rows: 100 ko in the file, 3 Mo once decoded
    (
        "parquet_decoded",
        {"RELEVE_MAX_UNPACKED_MB": "1"},
        lambda tmp: parquet_file(tmp, 30, "x" * 100_000),
        [
            "registre.parquet: colonnes lues de 2,9 Mo une fois décompressées, au plus 1,0 Mo (RELEVE_MAX_UNPACKED_MB) ; "
            "fichier refusé, " + LIMITS_DOC
        ],
    ),
    (
        "file_size",
        {"RELEVE_MAX_FILE_MB": "1"},
        lambda tmp: csv_file(tmp, 60_000),
        [
            "registre.csv: fichier trop volumineux : 1,1 Mo, au plus 1,0 Mo (RELEVE_MAX_FILE_MB) ; rien n'a été lu, "
            + LIMITS_DOC
        ],
    ),
]


@pytest.mark.parametrize("what, env, make, expected", LIMIT_CASES, ids=[c[0] for c in LIMIT_CASES])
def test_each_limit_is_a_problem_line_and_nothing_is_written(
    what, env, make, expected, import_root, tmp_path, monkeypatch
):
    path = make(tmp_path)
    monkeypatch.chdir(tmp_path)  # the command line names the file as it was given
    args = ["import", path.name, "--kind", "register", "--scope", "essai_limite", "--ref-year", "2025"]
    status, _, err = run(args + ["--check"])
    assert status == 0, f"{what}: the file itself is valid, only its size is refused ({err})"
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    before = snapshot(import_root)
    status, out, err = run(args)
    assert status == 2, err
    assert err.splitlines()[1:] == expected
    assert "Traceback" not in err and out == ""
    assert snapshot(import_root) == before


def test_a_dimension_beyond_the_limits_is_not_believed(import_root, tmp_path):
    """A sheet that claims A1:XFD1048576 (17 billion cells) is read as the cells it has."""
    path = write_xlsx(tmp_path / "classeur.xlsx", register_rows(5), dimension="A1:XFD1048576")
    start = time.monotonic()
    status, out, err = run(
        ["import", str(path), "--kind", "register", "--scope", "essai_dim", "--ref-year", "2025", "--check"]
    )
    assert status == 0, err
    assert "5 ligne(s) valide(s)" in out.replace("\u202f", " ")
    assert time.monotonic() - start < 10


def test_a_mapping_file_over_the_json_limit_is_not_read(import_root, tmp_path, monkeypatch):
    monkeypatch.setenv("RELEVE_MAX_JSON_BYTES", "100")
    mapping = tmp_path / "correspondance.json"
    mapping.write_text(json.dumps({"familles": {f"Libellé {i}": "gestion" for i in range(10)}}), encoding="utf-8")
    status, _, err = run(
        [
            "import",
            str(csv_file(tmp_path, 3)),
            "--kind",
            "register",
            "--scope",
            "essai_map",
            "--ref-year",
            "2025",
            "--mapping",
            str(mapping),
        ]
    )
    assert status == 2
    assert err.splitlines()[1:] == [
        f"{mapping}: fichier de correspondance trop volumineux : {mapping.stat().st_size} "
        "octets, au plus 100 octets (RELEVE_MAX_JSON_BYTES) ; rien n'a été lu, " + LIMITS_DOC
    ]


def test_problems_beyond_200_are_counted_not_listed(import_root, tmp_path):
    """50 refused lines per column at most (checks.MAX_PER_COLUMN); a file with many
    columns at fault and many lines with a wrong field count stays under 200 + 1 lines."""
    rows = ["Matricule;Sexe;Famille de métiers;Âge"] + [f"A{i};X;inconnue;200" for i in range(300)]
    rows += [f"B{i};F" for i in range(300)]
    path = tmp_path / "beaucoup.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    status, _, err = run(["import", str(path), "--kind", "register", "--scope", "essai_beaucoup", "--ref-year", "2025"])
    lines = err.splitlines()
    assert status == 2
    assert lines[0].startswith("51 problème(s)")  # CSV lines with a wrong field count stop the reading
    assert (
        lines[-1] == "beaucoup.csv: … et 250 autre(s) ligne(s) au mauvais nombre de champs (les 50 premières "
        "sont listées)"
    )
    many = [Problem("f.csv", i, "Sexe", "« X » : sexe non reconnu") for i in range(1, 1001)]
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        assert print_problems(many) == 2
    printed = buf.getvalue().splitlines()
    assert printed[0].startswith("1000 problème(s)") and len(printed) == 1 + 200 + 1
    assert printed[-1] == "… et 800 autre(s) problème(s), non listé(s) (les 200 premiers le sont)"


# ---- JSON nested 20 000 levels deep, or a 5 000-digit number: one line, from each command ----

DEEP = "[" * 20_000 + "]" * 20_000
BIG = "7" * 5_000
POPULATION = "family,sex,age,headcount\ngestion,F,40,10\ngestion,H,50,8\n"


def scenario_text(kind: str) -> str:
    scenario = json.loads((ROOT / "scenarios" / "1-reference.json").read_text(encoding="utf-8"))
    text = json.dumps(scenario, ensure_ascii=False, indent=2)
    return (
        text.replace('"description"', f'"extra": {DEEP},\n  "description"', 1)
        if kind == "deep"
        else text.replace('"horizon_year": ', f'"horizon_year": {BIG}, "x": ', 1)
    )


JSON_CASES = [
    ("scenario_deep", "gpec", "deep"),
    ("scenario_digits", "gpec", "digits"),
    ("mapping_deep", "etl", "deep"),
    ("mapping_digits", "etl", "digits"),
]


@pytest.mark.parametrize("what, command, kind", JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_json_beyond_the_limits_is_one_line_from_the_command_line(what, command, kind, import_root, tmp_path):
    if command == "gpec":
        (tmp_path / "scenario.json").write_text(scenario_text(kind), encoding="utf-8")
        (tmp_path / "population.csv").write_text(POPULATION, encoding="utf-8")
        argv = [
            "-m",
            "gpec",
            "run",
            str(tmp_path / "scenario.json"),
            "--population",
            str(tmp_path / "population.csv"),
            "--out",
            str(tmp_path / "out"),
        ]
    else:
        body = DEEP if kind == "deep" else BIG
        (tmp_path / "correspondance.json").write_text(f'{{"colonnes": {{}},\n "familles": {body}}}', encoding="utf-8")
        argv = [
            "-m",
            "etl",
            "import",
            str(OK / "registre_utf8_bom.csv"),
            "--kind",
            "register",
            "--scope",
            "essai_json",
            "--ref-year",
            "2025",
            "--mapping",
            str(tmp_path / "correspondance.json"),
        ]
    status, output, seconds, _ = measured(argv)
    lines = output.splitlines()
    assert status == 2, output
    assert "Traceback" not in output and "Error" not in output
    assert len(lines) == 2 and len(output) < 500, output
    reason = (
        "plus de 64 niveaux de [ ou de { imbriqués"
        if kind == "deep"
        else "nombre de 5\u202f000 caractères « 7777777777777777777… » (au plus 100)"
    )
    assert reason in lines[1]
    if command == "gpec":
        assert lines[0] == "Refusé : 1 problème(s)."
        assert lines[1].startswith("scenario.json : JSON refusé, ligne ")
        assert not (tmp_path / "out").exists()
    else:
        assert lines[0] == "1 problème(s) ; le périmètre « essai_json » n'a pas été modifié :"
        assert lines[1].startswith("correspondance.json:2: JSON refusé (colonne ")


@pytest.mark.parametrize(
    "text, error",
    [
        ('{"a": [1, 2, {"b": null}]}', None),
        ("[" * 64 + "]" * 64, None),
        ("[" * 65 + "]" * 65, "ligne 1, colonne 65 : plus de 64 niveaux"),
        ('{"s": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', None),
        ('{"s": "\\\\\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', None),
        ("1" * 100, None),
        ("1" * 101, "ligne 1, colonne 1 : nombre de 101 caractères"),
        ("-1.5e" + "0" * 96, "ligne 1, colonne 1 : nombre de 101 caractères"),
        ('{"x": Infinity}', "ligne 1, colonne 7 : « Infinity » n'est pas un nombre JSON"),
        ('"' + "x" * 2_000_000 + '"', "texte JSON trop volumineux (1,9 Mo, au plus 1\u202f000\u202f000 octets)"),
        (b'\xef\xbb\xbf{"a": 1}', None),
    ],
)
def test_load_json(text, error):
    if error is None:
        assert limits.load_json(text) == json.loads(text)
        return
    with pytest.raises(limits.JsonRefused) as err:
        limits.load_json(text)
    assert (err.value.where() + err.value.reason).startswith(error)
    assert isinstance(err.value, json.JSONDecodeError)  # a caller that only knows malformed JSON refuses it too


def test_an_unterminated_string_keeps_the_scan_linear():
    start = time.monotonic()
    with pytest.raises(json.JSONDecodeError):
        limits.load_json('"\\"' * 300_000)
    assert time.monotonic() - start < 5


# ---- a value quoted in a message is cut ---------------------------------------------------


@pytest.mark.parametrize(
    "message, shown",
    [
        ("« court » : valeur", "« court » : valeur"),
        ("« " + "x" * 500 + " » : famille inconnue", "« " + "x" * 79 + "… » : famille inconnue"),
        ("« a » → « " + "y" * 100 + " » : champ inconnu", "« a » → « " + "y" * 79 + "… » : champ inconnu"),
        ("« deux\nlignes » : sexe", "« deux lignes » : sexe"),
        ("z" * 5_000, "z" * 999 + "…"),
    ],
)
def test_quoted_values_are_cut(message, shown):
    assert Problem("f.csv", 2, "C" * 300, message).message == shown
    assert Problem("f.csv", 2, "C" * 300, message).column == "C" * 79 + "…"


def test_a_long_cell_makes_a_short_line(import_root, tmp_path):
    """The issue's page error came from a table quoting a 400 Mo value: a 4 Mo cell
    is quoted in 80 characters."""
    path = tmp_path / "cellule.csv"
    path.write_text("Matricule;Sexe;Famille de métiers;Âge\nA1;" + "Q" * 4 * MB + ";gestion;40\n", encoding="utf-8")
    status, _, err = run(["import", str(path), "--kind", "register", "--scope", "essai_cellule", "--ref-year", "2025"])
    assert status == 2
    assert err.splitlines()[1].startswith("cellule.csv:2: Sexe: « " + "Q" * 79 + "… » : sexe non reconnu")
    assert len(err) < 2_000


# ---- configuration -----------------------------------------------------------------------


def test_limits_come_from_the_environment(monkeypatch):
    assert limits.UPLOAD_MB() == 50
    monkeypatch.setenv("RELEVE_MAX_UPLOAD_MB", "12")
    assert limits.UPLOAD_MB() == 12 and limits.UPLOAD_MB.bytes() == 12 * MB
    for wrong in ("0", "-3", "douze", "9" * 40):
        monkeypatch.setenv("RELEVE_MAX_UPLOAD_MB", wrong)
        assert limits.UPLOAD_MB() == 50


def test_streamlit_caps_match_the_page(monkeypatch):
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert config["maxUploadSize"] == limits.UPLOAD_MB.default
    assert config["maxMessageSize"] <= 50


def test_every_limit_is_documented():
    doc = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    table = {line.split("|")[1].strip(): line for line in doc.splitlines() if line.startswith("| `RELEVE_")}
    for limit in limits.FILE_LIMITS + limits.JSON_LIMITS:
        assert f"`{limit.env}`" in table, limit.env
        assert f" {limits.number(limit.default).replace(chr(0x202F), ' ')} " in table[f"`{limit.env}`"], limit.env
    scenarios = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    for limit in limits.JSON_LIMITS:
        assert f"`{limit.env}`" in scenarios, limit.env


def test_no_suggestion_is_searched_for_a_long_text():
    """The page suggests a value for each unknown one; the search is cubic in the
    number of words, so a cell of a paragraph gets no suggestion, at once."""
    start = time.monotonic()
    assert suggest.suggest("family", "Services informatiques " * 5_000) is None
    assert suggest.suggest("family", "Services informatiques") == "si"
    assert time.monotonic() - start < 1
