"""What do calibration and the back-test cost on a 20 000-person scope?

    .venv/bin/python bench/calibration.py [--repeat 7]

Two yearly registers with leavers (tests/registers.py, known rates) are imported into
one scope of 20 000 people; then, in the same run:

* calibration: `gpec.calibrate.calibrate` over both years (retirement by age, other
  exits by band and family, replacement, hire profile, credibility weights) against
  its floor, the pandas groupby that sums the same rows by age, band and family;
* back-test: `gpec.backtest.backtest` of a 10-year deterministic projection (from
  1 January of the first year, with the observed comparison of its first year) against
  its floor, the bare engine projection of the same population and scenario.

Target: each under 1 s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from registers import movement_registers, register_bytes  # noqa: E402
from table import best, record  # noqa: E402

import gpec  # noqa: E402
from etl.imports import prepare  # noqa: E402
from gpec.backtest import backtest  # noqa: E402
from gpec.calibrate import EXIT_COLUMNS, base_population, calibrate  # noqa: E402

TARGET_S = 1.0


def movements(n: int):
    import pandas as pd

    registers, _ = movement_registers(n=n, years=(2023, 2024), seed=3)
    parts = []
    for year, frame in registers.items():
        p = prepare(register_bytes(frame), f"registre_{year}.csv", kind="register", scope="bench", ref_year=year)
        assert not p.problems, p.problems[:3]
        parts.append(p.tables["movements"])
    return pd.concat(parts, ignore_index=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    moves = movements(20000)
    people = int(moves.loc[moves["ref_year"] == 2023, "start"].sum())
    cal = calibrate(moves, "bench")
    scn = cal.scenario()
    ten = gpec.Scenario.from_dict(scn.to_dict() | {"base_year": 2023, "horizon_year": 2033})
    pop = base_population(moves, 2023)

    def floor_groupby():
        m = moves.assign(band=moves["age"] // 10, events=moves[list(EXIT_COLUMNS)].sum(axis=1))
        m.groupby("age")[["start", "exits_retirement"]].sum()
        m.groupby(["family", "band"])[["start", "events"]].sum()
        m.groupby("family")[["hires", "events"]].sum()

    def the_10y_backtest():
        return backtest(_repeat_years(moves, 2023, 10), ten, 2023, 2033)

    rows = [
        (
            "calibrage (2 années)",
            best(lambda: calibrate(moves, "bench"), args.repeat),
            "groupby des mêmes lignes",
            best(floor_groupby, args.repeat),
        ),
        (
            "back-test sur 10 ans",
            best(the_10y_backtest, args.repeat),
            "projection seule, 10 ans",
            best(lambda: gpec.project(pop, ten, draws=0).flows, args.repeat),
        ),
    ]
    print(f"périmètre : {people:,} personnes au 1er janvier 2023".replace(",", " "))
    print(f"{'mesure':<24} {'min':>9} {'médiane':>9}   {'plancher':<26} {'min':>9}  rapport")
    worst = 0.0
    for what, (w_min, w_med), floor_name, (f_min, _) in rows:
        worst = max(worst, w_min)
        print(
            f"{what:<24} {w_min * 1000:>7.1f}ms {w_med * 1000:>7.1f}ms   {floor_name:<26} "
            f"{f_min * 1000:>7.1f}ms  {w_min / f_min:5.1f}×"
        )
    met = worst < TARGET_S
    print(
        f"cible : chacun en moins de {TARGET_S:g} s ; mesuré : {worst * 1000:.0f} ms au plus -> "
        f"{'atteinte' if met else 'NON atteinte'}"
    )

    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms"

    row = {
        "measure": f"calibrage d'un périmètre de {people:,} personnes (2 années) : {ms(rows[0][1][0])} ; "
        f"back-test sur 10 ans : {ms(rows[1][1][0])}".replace(",", " "),
        "floor": f"groupby des mêmes lignes : {ms(rows[0][3][0])} ; projection seule : {ms(rows[1][3][0])}",
        "ratio": f"{rows[0][1][0] / rows[0][3][0]:.1f}× ; {rows[1][1][0] / rows[1][3][0]:.1f}×".replace(".", ","),
        "target": f"< {TARGET_S:g} s chacun",
        "met": met,
    }
    record(**row)
    return 0


def _repeat_years(moves, first: int, years: int):
    """Ten observed years for a 10-year back-test: the first year's movements, its
    people aged one year each year (the bench measures the cost, not the fit)."""
    import pandas as pd

    base = moves[moves["ref_year"] == first]
    parts = []
    for k in range(years):
        shifted = base.assign(ref_year=first + k, age=(base["age"] + k).clip(upper=80))
        parts.append(shifted)
    return pd.concat(parts, ignore_index=True)


if __name__ == "__main__":
    raise SystemExit(main())
