"""Realistic registers for tests and checks: a mutuelle of a few hundred people, one
family of three, leavers' ages spread like a real workforce. Deterministic (a seed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

FAMILY_SIZES = {
    "gestion": 170,
    "commercial": 110,
    "si": 45,
    "support": 40,
    "produit_risque": 32,
    "moteurs_changement": 3,
}


def register_frame(sizes: dict[str, int] | None = None, seed: int = 7, ref_year: int = 2025) -> pd.DataFrame:
    """One row per employee: a personal id, name, sex, family, birth date, entry date."""
    rng = np.random.default_rng(seed)
    rows = []
    for family, n in (sizes or FAMILY_SIZES).items():
        for _ in range(n):
            age = int(np.clip(rng.normal(44, 11), 19, 66))
            sex = "F" if rng.random() < 0.67 else "H"
            birth = f"{ref_year - age}-{rng.integers(1, 13):02d}-{rng.integers(1, 28):02d}"
            entry = f"{ref_year - int(rng.integers(0, max(1, age - 18)))}-{rng.integers(1, 13):02d}-01"
            rows.append((sex, family, birth, entry))
    df = pd.DataFrame(rows, columns=["Sexe", "Famille", "Date de naissance", "Date d'entrée"])
    df.insert(0, "Matricule", [f"M{i:05d}" for i in range(len(df))])
    df.insert(1, "Nom", [f"Nom{i}" for i in range(len(df))])
    return df


def register_csv(sizes: dict[str, int] | None = None, seed: int = 7, ref_year: int = 2025) -> bytes:
    return register_frame(sizes, seed, ref_year).to_csv(sep=";", index=False).encode("utf-8")


# ---- registers with leavers, simulated from known rates ---------------------------------------

TRUE_RETIREMENT = {
    a: q
    for a, q in zip(
        range(55, 71), [0.01, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.45, 0.30, 0.55, 0.40, 0.35, 0.50, 0.60, 0.70, 0.80]
    )
}
TRUE_OTHER_EXITS = ((18, 29, 0.12), (30, 39, 0.06), (40, 49, 0.04), (50, 54, 0.03), (55, 80, 0.05))
OTHER_REASONS = ("Démission", "Fin de CDD", "Rupture conventionnelle", "Licenciement", "Décès", "Mutation", "")
HIRE_REASONS = ("Fin de période d'essai", "Démission")


def true_other_rate(age: int) -> float:
    return next(r for lo, hi, r in TRUE_OTHER_EXITS if lo <= age <= hi)


def _day(rng, year: int) -> str:
    return f"{year}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"


def movement_registers(n: int = 4000, years: tuple[int, ...] = (2023, 2024), seed: int = 11, hires_rate: float = 0.09):
    """Yearly registers of one employer whose people leave by known rates: retirement
    by age (TRUE_RETIREMENT, 1 above 70), other exits by age band (TRUE_OTHER_EXITS) for
    those who do not retire. Each year's register holds everyone present at some point
    of the year, with exit date and reason for the leavers, plus a few rows of people
    who left the year before (skipped by the import).

    Returns (registers: year -> DataFrame, truth: year -> DataFrame of the counts per
    family, sex, age: start, retirement, other, hires, hires_left)."""
    rng = np.random.default_rng(seed)
    families = list(FAMILY_SIZES)[:5]
    first = years[0]
    people = []
    for i in range(n):
        age = int(np.clip(rng.normal(45, 11), 19, 69))
        people.append(
            {
                "id": f"M{i:06d}",
                "sex": "F" if rng.random() < 0.67 else "H",
                "family": families[int(rng.integers(0, len(families)))],
                "birth": first - age,
                "entry": f"{first - int(rng.integers(1, max(2, age - 18)))}-{int(rng.integers(1, 13)):02d}-01",
                "exit": "",
                "reason": "",
            }
        )
    next_id = n
    registers, truth = {}, {}
    left_last_year: list[dict] = []
    for year in years:
        rows, counts = [], []
        stayers = []
        for p in people:
            age = year - p["birth"]
            q = TRUE_RETIREMENT.get(age, 1.0 if age > 70 else 0.0)
            cell = {"family": p["family"], "sex": p["sex"], "age": age}
            if rng.random() < q:
                p = p | {"exit": _day(rng, year), "reason": "Départ à la retraite"}
                counts.append(cell | {"start": 1, "retirement": 1})
            elif rng.random() < true_other_rate(age):
                p = p | {"exit": _day(rng, year), "reason": OTHER_REASONS[int(rng.integers(0, len(OTHER_REASONS)))]}
                counts.append(cell | {"start": 1, "other": 1})
            else:
                stayers.append(p)
                counts.append(cell | {"start": 1})
            rows.append(p)
        for _ in range(int(round(hires_rate * len(people)))):
            age = int(np.clip(rng.normal(31, 7), 18, 60))
            p = {
                "id": f"M{next_id:06d}",
                "sex": "F" if rng.random() < 0.7 else "H",
                "family": families[int(rng.integers(0, len(families)))],
                "birth": year - age,
                "entry": f"{year}-{int(rng.integers(1, 7)):02d}-01",
                "exit": "",
                "reason": "",
            }
            next_id += 1
            cell = {"family": p["family"], "sex": p["sex"], "age": age, "hires": 1}
            if rng.random() < 0.1:
                p = p | {
                    "exit": f"{year}-{int(rng.integers(7, 13)):02d}-15",
                    "reason": HIRE_REASONS[int(rng.integers(0, 2))],
                }
                cell["hires_left"] = 1
            else:
                stayers.append(p)
            rows.append(p)
            counts.append(cell)
        rows += left_last_year[:25]  # people who left the year before: skipped
        left_last_year = [r for r in rows if r["exit"]]
        df = pd.DataFrame(rows)
        registers[year] = pd.DataFrame(
            {
                "Matricule": df["id"],
                "Sexe": df["sex"],
                "Famille": df["family"],
                "Année de naissance": df["birth"],
                "Date d'entrée": df["entry"],
                "Date de sortie": df["exit"],
                "Motif de sortie": df["reason"],
            }
        )
        t = pd.DataFrame(counts).fillna(0)
        for c in ("start", "retirement", "other", "hires", "hires_left"):
            if c not in t:
                t[c] = 0
        truth[year] = t.groupby(["family", "sex", "age"], as_index=False)[
            ["start", "retirement", "other", "hires", "hires_left"]
        ].sum()
        people = stayers
    return registers, truth


def register_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(sep=";", index=False).encode("utf-8")
