"""The house's shape, checked: the layers of the README's code map hold (import-linter
contracts in pyproject.toml), nothing but the app's entry sits at the top level, and
every pinned runtime dependency is used and declared."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Distribution name -> the module the code imports.
IMPORT_NAMES = {"python-pptx": "pptx", "pyarrow": "pyarrow", "babel": "babel"}


def test_the_import_contracts_hold():
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", done.stdout)
    assert kept and int(kept.group(1)) >= 6 and kept.group(2) == "0", done.stdout[-2000:]


def test_a_broken_contract_is_caught(tmp_path):
    """The contracts bite: a chart importing the engine is reported."""
    pkg = tmp_path / "proj"
    for name, body in {"charts": "import gpec\n", "gpec": ""}.items():
        (pkg / name).mkdir(parents=True)
        (pkg / name / "__init__.py").write_text(body)
    (pkg / ".importlinter").write_text(
        "[importlinter]\nroot_packages =\n    charts\n    gpec\n\n"
        "[importlinter:contract:charts]\nname = charts\ntype = forbidden\n"
        "source_modules =\n    charts\nforbidden_modules =\n    gpec\n"
    )
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        cwd=pkg,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(pkg), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1 and "charts -> gpec" in done.stdout.replace("charts.__init__", "charts"), done.stdout


def test_only_the_app_entry_sits_at_the_top_level():
    """The frame every page runs in, and the web server that serves it."""
    assert sorted(p.name for p in ROOT.glob("*.py")) == ["dashboard.py", "web.py"]


def _pinned() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("==")[0].strip().lower() for line in lines if "==" in line and not line.startswith("#")]


def test_every_pinned_runtime_dependency_is_used():
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("core", "etl", "gpec", "charts", "studio", "report", "app", "views")
        for p in (ROOT / folder).rglob("*.py")
    ) + "".join((ROOT / entry).read_text(encoding="utf-8") for entry in ("dashboard.py", "web.py"))
    unused = []
    for dist in _pinned():
        module = IMPORT_NAMES.get(dist, dist.replace("-", "_"))
        if not re.search(rf"^\s*(import|from) {module}\b", code, re.M):
            unused.append(dist)
    assert not unused, f"pinned but imported nowhere: {unused}"


def test_the_package_declares_what_is_pinned():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=!~ ]", d, maxsplit=1)[0].lower() for d in declared}
    assert names == set(_pinned())


def _markdown_files() -> list[Path]:
    return [p for p in ROOT.rglob("*.md") if ".venv" not in p.parts and "node_modules" not in p.parts]


def test_documentation_links_stay_inside_the_repository():
    broken = []
    for md in _markdown_files():
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", md.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
                continue
            path = (md.parent / target).resolve()
            if not path.is_relative_to(ROOT) or not path.exists():
                broken.append(f"{md.relative_to(ROOT)} -> {target}")
        if "../shared" in md.read_text(encoding="utf-8"):
            broken.append(f"{md.relative_to(ROOT)} names a file outside the repository")
    assert not broken, broken


def test_the_readme_code_map_is_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Organisation du code", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", section, re.S)
    mapped = {m.group(1) for m in re.finditer(r"^([a-z_./]+[a-z_])/?\s", blocks[-1], re.M)}
    tree = {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    tree = {t for t in tree if any((ROOT / t).rglob("*.py")) or t in ("scenarios", "serve")} | {"dashboard.py"}
    assert tree - {m.split("/")[0] for m in mapped} == set(), "folders missing from the code map"
    assert all((ROOT / m).exists() for m in mapped), [m for m in mapped if not (ROOT / m).exists()]
