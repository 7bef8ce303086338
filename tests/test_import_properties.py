"""Properties of the import over generated registers (hypothesis): the counts are
those of an independent count of the rows, refused rows are exactly the bad ones
with their lines, no personal field reaches any written file, and the protected
tables never leave a hidden cell recoverable by one subtraction."""

import collections
import csv
import datetime as dt
import io
import string
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import privacy
from etl.imports import prepare, save, values
from etl.imports.values import CONTRACT_FAMILY_LABELS, FAMILIES

REF_YEAR = 2025
SEX_WORDS = {"F": ["F", "Femme", "femme", " f "], "H": ["H", "Homme", "M", "HOMME"]}
FAMILY_WORDS = {code: [code, code.upper(), CONTRACT_FAMILY_LABELS[code]] for code in FAMILIES}
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def store(import_root):
    return import_root


name_part = st.text(alphabet=string.ascii_uppercase, min_size=6, max_size=9)
employee = st.fixed_dictionaries(
    {
        "family": st.sampled_from(FAMILIES),
        "sex": st.sampled_from(["F", "H"]),
        "birth": st.dates(
            min_value=__import__("datetime").date(REF_YEAR - 80, 1, 1),
            max_value=__import__("datetime").date(REF_YEAR - 15, 12, 31),
        ),
        "status": st.sampled_from(["cadre", "non cadre", ""]),
        "spelling": st.integers(0, 3),
    }
)


@st.composite
def registers(draw, min_size=1, max_size=120):
    people = draw(st.lists(employee, min_size=min_size, max_size=max_size))
    ids = draw(
        st.lists(
            st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=8, max_size=8),
            min_size=len(people),
            max_size=len(people),
            unique=True,
        )
    )
    for p, i in zip(people, ids):
        p["id"] = "ID-" + i
        p["last"] = "Qz" + draw(name_part).lower()
        p["first"] = "Wy" + draw(name_part).lower()
    return people


def to_bytes(people, delimiter=";", encoding="utf-8", bad_sex_rows=()):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(["Matricule", "Nom", "Prénom", "Date de naissance", "Sexe", "Famille de métiers", "Statut"])
    for n, p in enumerate(people):
        sex = "X?" if n in bad_sex_rows else SEX_WORDS[p["sex"]][p["spelling"]]
        fam = FAMILY_WORDS[p["family"]][p["spelling"] % 3]
        w.writerow([p["id"], p["last"], p["first"], p["birth"].strftime("%d/%m/%Y"), sex, fam, p["status"]])
    return buf.getvalue().encode(encoding)


@SETTINGS
@given(
    people=registers(),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_counts_match_an_independent_count(store, people, delimiter, encoding):
    p = prepare(to_bytes(people, delimiter, encoding), "r.csv", kind="register", scope="prop", ref_year=REF_YEAR)
    assert p.problems == []
    hc = p.tables["headcount"].set_index("family")["headcount"]
    assert hc["TOTAL"] == len(people) and hc.drop("TOTAL").sum() == len(people)
    expected = collections.Counter((x["family"], x["sex"], REF_YEAR - x["birth"].year) for x in people)
    pyr = p.tables["age_pyramid"]
    got = {(f, s, a): n for f, s, a, n in zip(pyr["family"], pyr["sex"], pyr["age"], pyr["headcount"])}
    assert got == dict(expected)
    women = sum(x["sex"] == "F" for x in people)
    g = p.tables["gender"]
    share = g[(g["family"] == "TOTAL") & (g["population"] == "ensemble") & (g["sex"] == "F")]["share"].iloc[0]
    assert share == pytest.approx(100 * women / len(people))


@SETTINGS
@given(people=registers(min_size=5), data=st.data())
def test_refused_rows_are_exactly_the_bad_ones(store, people, data):
    bad = sorted(data.draw(st.sets(st.integers(0, len(people) - 1), min_size=1, max_size=len(people))))
    p = prepare(to_bytes(people, bad_sex_rows=set(bad)), "r.csv", kind="register", scope="prop", ref_year=REF_YEAR)
    lines = [pr.line for pr in p.problems if pr.column == "Sexe"]
    assert lines == [b + 2 for b in bad][:50]
    assert not p.tables


@SETTINGS
@given(people=registers(min_size=1, max_size=60))
def test_no_personal_field_is_written(store, people):
    save(prepare(to_bytes(people), "r.csv", kind="register", scope="prop", ref_year=REF_YEAR))
    needles = set()
    for x in people:
        for value in (x["id"], x["last"], x["first"], x["id"][3:]):
            needles |= {value.encode("utf-8"), value.encode("utf-16-le")}
    written = [f for f in Path(store).rglob("*") if f.is_file()]
    assert any(f.parent.name == "prop" for f in written)
    for f in written:
        blob = f.read_bytes()
        found = [n for n in needles if n in blob]
        assert not found, f"{f.name} holds {found[:3]}"


def visible_relations_hold(tables, min_cell):
    hc, g, p = tables["headcount"], tables["gender"], tables["age_pyramid"]
    hidden = dict(zip(hc["family"], hc["suppressed"]))
    fams = [f for f in hidden if f != "TOTAL"]
    if sum(hidden[f] for f in fams) + hidden["TOTAL"] == 1:
        return False
    ens = g[g["population"] == "ensemble"]
    for fam, grp in ens.groupby("family"):
        if hidden[fam] and not grp["suppressed"].all():
            return False
        if grp["suppressed"].sum() + hidden[fam] == 1:
            return False
    for sex in ("F", "H"):
        col = ens[(ens["sex"] == sex)]
        if col["suppressed"].sum() == 1:  # the TOTAL share and the family shares of one sex
            return False
    for sex, grp in p.groupby("sex"):  # bands of one sex against that sex's total
        share = ens[(ens["family"] == "TOTAL") & (ens["sex"] == sex)]
        if grp["suppressed"].sum() + bool(share["suppressed"].iloc[0]) == 1:
            return False
    return True


@SETTINGS
@given(people=registers(max_size=80), min_cell=st.integers(2, 12))
def test_protected_tables_hide_small_cells_for_good(store, people, min_cell):
    p = prepare(to_bytes(people), "r.csv", kind="register", scope="prop", ref_year=REF_YEAR, min_cell=min_cell)
    protected = p.protected()
    banded = {"headcount": p.tables["headcount"], "age_pyramid": privacy.banded_pyramid(p.tables["age_pyramid"])}
    for name in ("headcount", "age_pyramid"):  # the pyramid is shown in 5-year bands over all families
        raw, shown = banded[name]["headcount"].to_numpy(), protected[name]
        small = (raw > 0) & (raw < min_cell)
        assert shown["suppressed"].to_numpy()[small].all()
        assert shown.loc[shown["suppressed"], "headcount"].isna().all()
        assert set(shown.loc[shown["suppressed"], "suppressed_label"]) <= {f"< {min_cell}", "secret"}
    assert visible_relations_hold(protected, min_cell)


@SETTINGS
@given(values=st.lists(st.integers(0, 12), min_size=3, max_size=12), min_cell=st.integers(2, 6))
def test_suppress_on_one_level(values, min_cell):
    total = [sum(values)] + values
    status = privacy.suppress(total, [list(range(len(total)))], min_cell)
    assert np.count_nonzero(status) != 1
    small = [(0 < v < min_cell) for v in total]
    assert all(status[i] for i, s in enumerate(small) if s)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_read_at_once_agree_with_dates_read_one_by_one(day):
    texts = [day.strftime("%d/%m/%Y"), day.isoformat(), f"{day.day}/{day.month}/{day.year}"]
    fast = values.date_years(texts)
    for text, year in fast.items():
        assert values.read_date(text).year == year == day.year
    assert texts[0] in fast and texts[1] in fast  # the plain forms are read at once


@pytest.mark.parametrize("text", ["31/02/1980", "29/02/1981", "01/13/1980", "31/12/1850", "=1+1", "1980-02-30", ""])
def test_a_date_read_at_once_is_never_one_read_date_refuses(text):
    assert text not in values.date_years([text])
    with pytest.raises(values.Refused):
        values.read_date(text)
