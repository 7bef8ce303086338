"""The method page and the presets agree with the code."""

import json
import re
import tempfile
from pathlib import Path

import pytest

import gpec
from gpec import doc
from gpec.fields import FIELDS
from gpec.schedules import SCHEDULES

ROOT = Path(__file__).resolve().parent.parent
METHOD = ROOT / "docs" / "method.md"
HARMONISED = {
    "commercial",
    "gestion",
    "produit_risque",
    "si",
    "support",
    "optique_audio_pharma",
    "medicosocial_sanitaire",
    "autonomie",
    "petite_enfance",
    "moteurs_changement",
}


def page() -> str:
    return METHOD.read_text(encoding="utf-8")


def test_generated_blocks_are_up_to_date():
    assert doc.stale_blocks(page()) == [], "run: python -m gpec doc --write"


def test_schedule_tables_of_the_page_are_the_code_tables():
    """Read the ages back from the page and compare them with legal_age()."""
    body = doc.blocks(page())["schedules"]
    sections = re.split(r"\*\*`([a-z0-9_]+)`\*\*", body)[1:]
    found = dict(zip(sections[0::2], sections[1::2]))
    assert set(found) == set(SCHEDULES)
    for code, text in found.items():
        rows = re.findall(r"^\| (\d{4})(?: et (avant|après))? \| [^|]+ \| ([\d,]+) \|$", text, re.M)
        assert len(rows) >= 6
        for year, _, decimal in rows:
            assert float(decimal.replace(",", ".")) == pytest.approx(gpec.legal_age(code, int(year)), abs=5e-5)
        # cohorts beyond the table keep the last value, before it the first
        first, last = int(rows[0][0]), int(rows[-1][0])
        assert gpec.legal_age(code, last + 20) == gpec.legal_age(code, last)
        assert gpec.legal_age(code, first - 20) == gpec.legal_age(code, first)


def test_every_field_and_bound_is_on_the_page():
    body = doc.blocks(page())["fields"]
    for f in FIELDS:
        line = next(row for row in body.splitlines() if row.startswith(f"| `{f.path}` |"))
        assert f.rule in line
        if f.low is not None and f.low != f.high:
            assert str(f.low).rstrip("0").rstrip(".") in line or f"{f.low:g}" in line


def test_page_states_the_choices_and_defaults():
    text = page()
    for phrase in (
        "moyenne",
        "_p10",
        "hypergéométrique",
        "multinomiale",
        "schema_version",
        "64 ans",
        "share_retiring_by_horizon",
        str(gpec.DEFAULT_DRAWS),
    ):
        assert phrase in text
    root = str(Path(gpec.__file__).resolve().parents[1])
    assert root not in text and tempfile.gettempdir() not in text  # no path of the machine that wrote it


def test_presets_in_order_and_as_specified():
    presets = gpec.presets()
    assert list(presets) == [
        "Référence",
        "Un départ sur deux remplacé",
        "Report de l'âge légal (loi 2023 sans suspension)",
        "Mobilité gestion vers relation adhérents",
    ]
    for scn in presets.values():
        assert (scn.base_year, scn.horizon_year) == (2025, 2035)
        assert {fam for _, fam in scn.named_families()} <= HARMONISED
        assert scn.description
    ref, half, later, mob = presets.values()
    assert ref.retirement.schedule == "loi_2023_suspension_2026" and ref.retirement.delay_years == 0
    assert ref.replacement_rate.default == 1.0 and not ref.replacement_rate.by_family
    assert half.replacement_rate.default == 0.5
    assert later.retirement.schedule == "loi_2023"
    assert [m.to_dict() for m in mob.internal_mobility] == [{"from": "gestion", "to": "commercial", "share": 0.2}]


def test_preset_files_round_trip():
    for path in gpec.preset_files():
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert gpec.Scenario.from_dict(raw).to_dict() == raw


def test_broken_preset_is_named(tmp_path):
    (tmp_path / "1-x.json").write_text('{"name": "x"}', encoding="utf-8")
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.presets(tmp_path)
    assert err.value.problems[0].startswith("1-x.json : base_year : champ obligatoire manquant")
