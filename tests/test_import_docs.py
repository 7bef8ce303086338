"""docs/import.md cannot drift from the code: every recognised header, every family
code and label, every accepted value and every command-line option is in it."""

import re

import pytest

from etl import catalog
from etl.__main__ import command_parser
from etl.imports import headers, values
from etl.imports.register import SENIORITY_BANDS

DOC = (catalog.DOCS_DIR / "import.md").read_text(encoding="utf-8")
QUOTED = set(re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", DOC, flags=re.S)))


@pytest.mark.parametrize("field,alias", [(f, a) for f, names in headers.ALIASES.items() for a in names])
def test_every_header_alias_is_documented(field, alias):
    assert alias in QUOTED, f"{field}: `{alias}` missing from docs/import.md"


@pytest.mark.parametrize("code", values.FAMILIES)
def test_every_family_is_documented(code):
    assert f"`{code}`" in DOC and values.CONTRACT_FAMILY_LABELS[code] in DOC


@pytest.mark.parametrize("group", ["SEXES", "STATUSES", "CONTRACTS", "LIVRES"])
def test_accepted_values_are_documented(group):
    documented = {q.lower() for q in QUOTED}
    words = [str(a) for meaning, aliases in getattr(values, group).items() for a in [meaning, *aliases]]
    missing = [w for w in words if w.lower() not in documented]
    assert not missing, missing


def test_seniority_bands_are_documented():
    for _, label in SENIORITY_BANDS:
        assert label.replace(" ans", "").split(" ")[0] in DOC


def test_every_option_is_documented():
    sub = command_parser()._subparsers._group_actions[0].choices
    for name in ("import", "export", "imports", "delete-import"):
        assert f"python -m etl {name}" in DOC
        for action in sub[name]._actions:
            for opt in action.option_strings:
                if opt not in ("-h", "--help"):
                    assert opt in DOC, f"{name} {opt}"
