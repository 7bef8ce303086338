"""The app's side of calibration and the back-test, pure (no Streamlit): the observed
rates as a readable table under an audience rule, the calibrated scenario for the
studio's form, and the back-test a page shows, with its diffusion view.

Numbers come from gpec.calibrate and gpec.backtest, computed on the full counts;
suppression is the last step (core.privacy), as for every imported table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import formats, labels, privacy
from gpec.backtest import TOTAL, Backtest, backtest
from gpec.calibrate import LOW_WEIGHT, Calibrated, calibrate

DEFAULT_DRAWS = 200


def calibrated_scenario(movements: pd.DataFrame, scope: str, base_year: int, horizon_year: int) -> dict:
    """A version 2 scenario of the observed rates of every imported year, over the
    studio's years (CalibrationError when there is nothing to observe)."""
    cal = calibrate(movements, scope)
    return cal.scenario(base_year, horizon_year).to_dict()


def rates_table(cal: Calibrated, min_cell: int | None) -> pd.DataFrame:
    """Each observed rate with the counts behind it, in the page's words. `min_cell`
    None: analysis (everything shown); else diffusion: a rate from fewer than
    `min_cell` people at risk, or from a hidden number of events, is not shown alone
    (its counts and rates become the confidentiality label)."""
    r = cal.rates
    ages = [
        "" if pd.isna(lo) else (f"{int(lo)} ans" if lo == hi else f"{int(lo)}–{int(hi)} ans")
        for lo, hi in zip(r["age_from"], r["age_to"])
    ]
    out = pd.DataFrame(
        {
            "measure": r["measure"].map(labels.CALIBRATION_MEASURES),
            "family": [labels.ALL_FAMILIES if f == TOTAL else labels.family_label(f) for f in r["family"]],
            "ages": ages,
            "people_at_risk": r["people_at_risk"].map(formats.number),
            "events": r["events"].map(formats.number),
            "observed": [
                "–" if pd.isna(v) else (formats.percent(100 * v) if m != "replacement" else formats.number(v, 2))
                for m, v in zip(r["measure"], r["observed"])
            ],
            "weight": r["weight"].map(lambda w: formats.number(w, 2)),
            "value": [
                formats.percent(100 * v) if m != "replacement" else formats.number(v, 2)
                for m, v in zip(r["measure"], r["value"])
            ],
        }
    )
    if min_cell is not None:
        hidden = privacy.rate_hidden(r["people_at_risk"], r["events"], min_cell)
        label = privacy.small_cell_label(min_cell)
        for col in ("people_at_risk", "events", "observed", "value"):
            out.loc[hidden, col] = label
    return out.rename(columns=labels.CALIBRATION_COLUMNS)


def thin_count(cal: Calibrated) -> int:
    return int((cal.rates["weight"] < LOW_WEIGHT).sum())


def bands_sentence(scenario: dict) -> str:
    """The version 2 age bands of a scenario in one line ("" without any)."""
    exits = scenario.get("other_exit_rate", {})

    def fmt(bands: list[dict]) -> str:
        return ", ".join(f"{b['from']}–{b['to']} ans {formats.percent(100 * b['rate'])}" for b in bands)

    parts = []
    if exits.get("by_age"):
        parts.append(f"{labels.ALL_FAMILIES} : {fmt(exits['by_age'])}")
    for fam, bands in exits.get("by_family_age", {}).items():
        parts.append(f"{labels.family_label(fam)} : {fmt(bands)}")
    return " ; ".join(parts)


def calibration_sentence(scenario: dict) -> str:
    """The provenance line of a calibrated scenario ("" when it is not calibrated)."""
    c = scenario.get("calibration")
    if not c:
        return ""
    years = ", ".join(str(y) for y in c["years"])
    return (
        f"Calibré sur les mouvements du périmètre « {labels.scope_label(c['scope'])} » ({years}) : "
        f"{formats.number(c['people_at_risk'])} personnes exposées, {formats.number(c['exits'])} sorties ; "
        f"{c['method']}"
    )


def page_backtest(movements: pd.DataFrame, scope: str, draws: int = DEFAULT_DRAWS) -> tuple[Backtest, tuple[int, ...]]:
    """The back-test a page shows: the latest imported year, projected from its
    1 January with the rates observed on the years before it (in-sample on that
    year itself when it is the only one), against the 31/12 presence of that year."""
    years = sorted(int(y) for y in movements["ref_year"].unique())
    test = years[-1]
    cal_years = years[:-1] or years
    scn = calibrate(movements, scope, cal_years).scenario(test, test + 1)
    return backtest(movements, scn, test, test + 1, draws=draws, seed=1), tuple(cal_years)


def protect_backtest(
    result: Backtest, movements: pd.DataFrame, hidden_families: set[str], min_cell: int
) -> pd.DataFrame:
    """The back-test table fit for diffusion: every cell whose observed count the
    diffusion view of the movements hides, and every row of a family whose staff the
    diffusion view hides (1 January of the tested year, or the scope's headcount), has
    its observed, projected, band and difference hidden; so has a total that would
    give back a single hidden family."""
    table = result.table.copy()
    shown = privacy.diffuse_movement_counts(movements, min_cell)
    hidden_obs = {
        (int(y), str(f), str(m))
        for y, f, m, h in zip(shown["year"], shown["family"], shown["measure"], shown[privacy.SUPPRESSED])
        if h
    }
    # a family whose 1 January staff is hidden is hidden whole: its projection would give it back
    small = {f for y, f, m in hidden_obs if m == "start" and y == result.from_year} | set(hidden_families)
    hide = np.array(
        [
            f in small or (int(y), str(f), str(m)) in hidden_obs
            for y, f, m in zip(table["year"], table["family"], table["measure"])
        ],
        dtype=bool,
    )
    # a total with a single hidden family would give it back by subtraction: hidden too
    for _, rows in table.groupby(["year", "measure"]).groups.items():
        idx = np.asarray(rows)
        parts = idx[table.loc[idx, "family"].to_numpy() != TOTAL]
        if hide[parts].sum() == 1:
            hide[idx[table.loc[idx, "family"].to_numpy() == TOTAL]] = True
    for col in ("observed", "projected", "projected_p10", "projected_p90", "difference"):
        table[col] = table[col].astype(float).where(~hide)
    table[privacy.SUPPRESSED] = hide
    table[privacy.SUPPRESSED_LABEL] = np.where(hide, privacy.SECONDARY_LABEL, "")
    return table


def error_sentences(table: pd.DataFrame) -> list[str]:
    """The error in plain French, for the totals a view shows (hidden ones left out)."""
    from gpec.backtest import error_sentence

    rows = table[(table["family"] == TOTAL) & table["observed"].notna()]
    return [error_sentence(r.measure, int(r.year), float(r.observed), float(r.projected)) for r in rows.itertuples()]


def legal_age_in_year(year: int, schedule: str | None = None) -> float:
    """The legal age of the generation that reaches it during `year` (the line drawn
    beside observed exits): the cohort b with floor(L(b)) = year − b."""
    from gpec import DEFAULT_SCHEDULE, legal_age

    schedule = schedule or DEFAULT_SCHEDULE
    for born in range(year - 70, year - 50):
        age = float(legal_age(schedule, born))
        if int(age) == year - born:
            return age
    return float(legal_age(schedule, year - 62))
