"""The studio's documentation says what the code does: its example link opens its
example scenario, and the buttons and columns it names are the page's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import gpec
from core import labels
from studio import link

DOC = (Path(__file__).resolve().parents[1] / "docs" / "scenarios.md").read_text(encoding="utf-8")


def test_example_link_opens_the_example_scenario():
    token = re.search(r"\?scenario=([A-Za-z0-9_-]{40,})", DOC).group(1)
    shown = json.loads(re.search(r"```json\n(.*?)\n```", DOC, re.S).group(1))
    assert link.decode(token) == shown
    assert link.encode(shown) == token
    gpec.Scenario.from_dict(shown)  # a valid scenario


def test_buttons_and_columns_are_the_pages():
    for label in labels.SC_EXPORT_LABELS.values():
        assert label in DOC
    assert ", ".join(gpec.FLOWS_COLUMNS) in DOC
    for tab in labels.SC_TABS.values():
        assert tab in DOC
