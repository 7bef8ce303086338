"""Every CSV a chart or table offers reads back as exactly what was drawn, in the
standard dialect and in the French Excel one; text that a spreadsheet would run as
a formula is neutralised."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from charts import ages, families, gender, keyfigures, livre3, series, tables
from core import exports
from etl import catalog
from studio import projection


def _preset() -> dict:
    return json.loads((catalog.SCENARIO_DIR / "1-reference.json").read_text(encoding="utf-8"))


def drawn_frames() -> dict[str, pd.DataFrame]:
    """The `data` each chart block and table block of the pages exports."""
    s = {t: catalog.load(t) for t in catalog.TABLES}
    cells = ages.pyramid_cells(s["age_pyramid"], "branche")
    flows = projection.project_retirements(cells, projection.retirement_scenario(_preset(), "loi_2023_suspension_2026"))
    claim = ages.claim_row(s["retirements"])
    return {
        "cards": keyfigures.key_figures(s["figures"]),
        "scopes": keyfigures.headcount_scopes_data(s["headcount"]),
        "changes": keyfigures.changes(s["figures"], s["gender"], s["establishments"]),
        "families_2009": families.headcount_by_family_data(s["headcount"], "assurance_sante"),
        "families_branche": families.headcount_by_family_data(s["headcount"], "branche"),
        "jobs": families.jobs_table(s["jobs"]),
        "crosswalk": families.crosswalk_long(s["families"]),
        "blocks": families.certificate_blocks(s["certificate_blocks"]).drop(columns="skill_list"),
        "gender_points": gender.gender_data(s["gender"]),
        "gender_split": gender.gender_split_data(s["gender"]),
        "pyramid": ages.pyramid_data(s["age_pyramid"], "branche").drop(columns="method"),
        "retirements": projection.retirements_data(flows, "branche", "releve_estimation", "loi_2023_suspension_2026"),
        "claim": ages.claim_check_data(claim, {"implied": 10.5, "implied_60": 13.5}, "releve_estimation"),
        "livre3_share": livre3.livre3_share_data(s["figures"], s["headcount"]),
        "establishments": livre3.establishments_data(s["establishments"]),
        "livre3_families": livre3.livre3_families(s["families"]),
        "sources": tables.sources_table(s["sources"]),
        "card_history": keyfigures.card_history(s["figures"], s["sources"]),
        "establishment_crosswalk": livre3.crosswalk_data(s["establishments"], s["establishment_types"]),
        "livre3_context": livre3.context_data(s["figures"], s["sources"]),
        "recent": series.recent_figures(s["figures"], s["sources"]),
        **{f"series_{k}": d for k, d in series.charted(s).items()},
        **{f"table_{t}": s[t] for t in catalog.TABLES},
    }


DRAWN = (
    [
        "cards",
        "scopes",
        "changes",
        "families_2009",
        "families_branche",
        "jobs",
        "crosswalk",
        "blocks",
        "gender_points",
        "gender_split",
        "pyramid",
        "retirements",
        "claim",
        "livre3_share",
        "establishments",
        "livre3_families",
        "sources",
        "card_history",
        "establishment_crosswalk",
        "livre3_context",
        "recent",
    ]
    + [f"series_{k}" for k in series.SERIES]
    + [f"table_{t}" for t in catalog.TABLES]
)


@pytest.fixture(scope="module")
def frames(built_store):
    return drawn_frames()


def same(back: pd.DataFrame, drawn: pd.DataFrame) -> None:
    """Column by column: numbers equal as numbers, text equal as text once neutralised
    (the published "+4,3 %" reads back "'+4,3 %"); an empty cell reads back as missing."""
    assert list(back.columns) == [str(c) for c in drawn.columns]
    assert len(back) == len(drawn)
    for col in drawn.columns:
        d, b = drawn[col], back[str(col)]
        if pd.api.types.is_numeric_dtype(d) and not pd.api.types.is_bool_dtype(d):
            assert pd.to_numeric(b).to_numpy() == pytest.approx(d.astype(float).to_numpy(), nan_ok=True), col
        else:
            want = [
                "" if (v is None or (isinstance(v, float) and pd.isna(v))) else exports.neutralise(str(v)) for v in d
            ]
            got = ["" if (v is None or (isinstance(v, float) and pd.isna(v))) else str(v) for v in b]
            assert got == want, col


@pytest.mark.parametrize("dialect", list(exports.DIALECTS))
@pytest.mark.parametrize("name", DRAWN)
def test_csv_round_trip(frames, name, dialect):
    drawn = frames[name]
    assert not drawn.empty, name
    back = exports.read_csv_bytes(exports.to_csv_bytes(drawn, dialect), dialect)
    same(back, drawn)


def test_excel_fr_dialect_is_what_french_excel_expects(frames):
    raw = exports.to_csv_bytes(frames["gender_points"], "excel-fr")
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].split(";")[:3] == ["series", "series_label", "scope"]
    assert ";73,5;" in text  # Livre 2's derived share, decimal comma
    std = exports.to_csv_bytes(frames["gender_points"], "standard").decode("utf-8")
    assert ",73.5," in std and not std.startswith("\ufeff")


@pytest.mark.parametrize("dialect", list(exports.DIALECTS))
def test_formula_cells_are_neutralised(dialect):
    df = pd.DataFrame({"label": ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "plain"], "value": [1.5, -2.0, 3.0, 4.0, 5.0]})
    raw = exports.to_csv_bytes(df, dialect)
    back = exports.read_csv_bytes(raw, dialect)
    assert list(back["label"]) == ["'=1+1", "'+33 1 23", "'-2", "'@SUM(A1)", "plain"]
    assert list(back["value"]) == [1.5, -2.0, 3.0, 4.0, 5.0]  # numbers stay numbers
    assert "'=1+1" in raw.decode("utf-8-sig")


def test_published_text_looking_like_a_formula_is_neutralised_in_the_figures_table(frames):
    back = exports.read_csv_bytes(exports.to_csv_bytes(frames["table_figures"], "excel-fr"), "excel-fr")
    assert "'+4,3 %" in set(back["value_as_printed"])


def test_filtered_table_download_is_the_filtered_rows(frames):
    shown = tables.filter_table(frames["table_gender"], "cadres")
    back = exports.read_csv_bytes(exports.to_csv_bytes(shown, "excel-fr"), "excel-fr")
    assert set(back["population"]) == {"cadres"} and len(back) == 4


def test_numbers_beside_hidden_cells_are_written_the_french_way():
    """A column holding "< 5" is text to pandas, which then writes its numbers with a
    point ("120.0"), text to a French spreadsheet: they come out as 120 and 12,5."""
    import pandas as pd

    from core import exports

    df = pd.DataFrame({"family": ["gestion", "si", "support"], "headcount": [120.0, "< 5", 12.5], "ref_year": 2025})
    lines = exports.people_csv_bytes(df, "excel-fr").decode("utf-8-sig").splitlines()
    assert lines[2:] == [
        "Gestion des adhérents et prestations;120;2025",
        "Systèmes d'information;< 5;2025",
        "Fonctions support;12,5;2025",
    ]
    # for machines, unchanged: a point, full precision
    assert "support,12.5,2025" in exports.to_csv_bytes(df, "standard").decode()
