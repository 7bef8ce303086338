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
