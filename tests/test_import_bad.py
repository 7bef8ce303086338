"""Every refusal of the importer, one bad file each (tests/fixtures/import_bad/,
listed with its expected messages in cases.json): exit status 2, the file name, the
line or the column, the value and the rule, all problems at once, and nothing
written, not even over a scope of the same name imported before."""

import hashlib
import json
import shlex
from pathlib import Path

import pytest
from etl_cli import run

BAD = Path(__file__).parent / "fixtures" / "import_bad"
OK = Path(__file__).parent / "fixtures" / "import_ok"
CASES = json.loads((BAD / "cases.json").read_text(encoding="utf-8"))


@pytest.fixture
def store(import_root):
    return import_root


def snapshot(root: Path) -> dict:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_every_bad_file_has_a_case():
    used = {c["file"] for c in CASES} | {a.split("/")[-1] for c in CASES for a in c["args"].split() if "{dir}" in a}
    present = {p.name for p in BAD.iterdir() if p.name != "cases.json"}
    assert present == used


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}:{c['what']}" for c in CASES])
def test_refusal(case, store):
    # a scope of the same name already exists: a refused file must leave it as it was
    status, _, err = run(
        [
            "import",
            str(OK / "registre_utf8_bom.csv"),
            "--kind",
            "register",
            "--scope",
            "essai_refus",
            "--ref-year",
            "2025",
        ]
    )
    assert status == 0, err
    before = snapshot(store)
    args = shlex.split(case["args"].replace("{dir}", str(BAD)))
    status, out, err = run(["import", str(BAD / case["file"]), *args])
    assert status == 2
    lines = err.splitlines()
    assert lines[0].startswith(f"{len(case['expected'])} problème(s)")
    assert lines[1:] == case["expected"]
    assert "Traceback" not in err
    assert snapshot(store) == before


def test_problem_lines_name_the_file_and_the_line_or_the_column():
    """`file:line: column: message`, where file is the data file, the mapping file or
    the option at fault."""
    for case in CASES:
        names = {case["file"], "--scope", "--ref-year"} | {Path(a).name for a in case["args"].split() if "{dir}" in a}
        for line in case["expected"]:
            assert line.split(":")[0] in names, line


def test_line_numbers_survive_quotes_and_blank_lines(store, tmp_path):
    """Quoted fields spanning lines and blank lines shift records: lines stay exact."""
    text = (
        "Matricule;Sexe;Famille;Âge;Emploi\n"
        'A1;F;gestion;40;"Gestionnaire\nsénior"\n'
        "\n"
        "A2;Q;gestion;40;x\n"
        'A3;F;gestion;12;"a;b"\n'
    )
    path = tmp_path / "quotes.csv"
    path.write_text(text, encoding="utf-8")
    status, _, err = run(["import", str(path), "--kind", "register", "--scope", "essai_quotes", "--ref-year", "2025"])
    assert status == 2
    assert "quotes.csv:5: Sexe: « Q » : sexe non reconnu" in err
    assert "quotes.csv:6: Âge: « 12 » : âge 12 ans au 31/12/2025" in err


def test_a_systematic_mistake_is_summarised(store, tmp_path):
    rows = "\n".join(f"A{i};F;gestion;40/40" for i in range(80))
    path = tmp_path / "systematique.csv"
    path.write_text("Matricule;Sexe;Famille;Date de naissance\n" + rows + "\n", encoding="utf-8")
    status, _, err = run(["import", str(path), "--kind", "register", "--scope", "essai_sys", "--ref-year", "2025"])
    assert status == 2
    assert err.count("date illisible") == 50
    assert "… et 30 autre(s) ligne(s) refusée(s) dans cette colonne" in err


def test_missing_input_file_is_a_sentence(store, tmp_path):
    status, _, err = run(["import", str(tmp_path / "absent.csv"), "--kind", "register", "--scope", "essai_x"])
    assert status == 2 and "absent.csv: fichier introuvable" in err
