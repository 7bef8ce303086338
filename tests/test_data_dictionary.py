"""The data dictionary cannot drift: every column of every table is documented
under that table's heading, and every table has a section."""

import re

import pytest

from etl import catalog
from etl.schemas import SCHEMAS


def sections():
    text = catalog.DATA_DICTIONARY.read_text(encoding="utf-8")
    parts = re.split(r"^### (\w+)\s*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_every_column_is_documented(table):
    doc = sections()
    assert table in doc, f"no section for {table}"
    documented = set(re.findall(r"^\| `(\w+)`", doc[table], flags=re.M))
    documented |= {
        c
        for cell in re.findall(r"^\| (`\w+`(?:, `\w+`)+) \|", doc[table], flags=re.M)
        for c in re.findall(r"`(\w+)`", cell)
    }
    assert set(SCHEMAS[table].columns) == documented
