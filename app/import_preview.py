"""What the upload page shows of an import, computed here (no Streamlit) so it can be
tested without a browser: headcount by family as a reader may see it (hidden cells carry
their label, never their number), the problems as a table, and the list of imported
scopes."""

from __future__ import annotations

import pandas as pd

from core import formats, labels, limits, privacy
from etl import catalog
from etl.imports import suggest
from etl.problems import Problem, listed

PREVIEW_COLUMNS = [
    "family",
    "family_label",
    "headcount",
    "display",
    "suppressed",
    "suppressed_label",
    "ref_year",
    "scope",
    "status",
    "source_id",
]


def family_preview(protected_headcount: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Headcount by family of the latest year of `scope`, hidden cells as NaN with
    their label in `display`; the total last."""
    hc = protected_headcount[protected_headcount["scope"] == scope]
    if hc.empty:
        return pd.DataFrame(columns=PREVIEW_COLUMNS)
    hc = hc[hc["ref_year"].eq(hc["ref_year"].max())].copy()
    hc["_last"] = hc["family"] == "TOTAL"
    hc = hc.sort_values(["_last", "family"]).drop(columns="_last")
    hc["family_label"] = hc["family"].map(labels.family_label)
    hc["display"] = [
        lbl if hidden else formats.number(v)
        for v, hidden, lbl in zip(hc["headcount"], hc[privacy.SUPPRESSED], hc[privacy.SUPPRESSED_LABEL])
    ]
    hc["suppressed"] = hc[privacy.SUPPRESSED].astype(bool)
    hc["suppressed_label"] = hc[privacy.SUPPRESSED_LABEL].fillna("").astype(str)
    return hc[PREVIEW_COLUMNS].reset_index(drop=True)


def imported_scopes_table() -> pd.DataFrame:
    """One row per imported scope, from its manifest (nothing personal is in one)."""
    rows = []
    for scope in catalog.imported_scopes():
        try:
            m = catalog.import_manifest(scope)
        except (OSError, ValueError):
            continue
        rows.append(
            {
                "périmètre": scope,
                "nom": m.get("display_name", "") or "",
                "nature": "registre" if m.get("kind") == "register" else "tableau agrégé",
                "année": ", ".join(str(y) for y in m.get("ref_years", [])),
                "lignes": formats.number(m.get("rows_valid", 0)),
                "seuil du secret": m.get("min_cell", privacy.DEFAULT_MIN_CELL),
                "importé le": str(m.get("imported_at", "")).replace("T", " "),
                "fichier": m.get("file", ""),
            }
        )
    return pd.DataFrame(
        rows, columns=["périmètre", "nom", "nature", "année", "lignes", "seuil du secret", "importé le", "fichier"]
    )


PROBLEM_COLUMNS = ["fichier", "ligne", "colonne", "problème"]


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """The problems as the page lists them: every column text, an empty cell where a
    problem has no line (a setting, a whole file), never "None"; the first
    limits.MAX_LISTED of them, then one row that counts the others."""
    shown, more = listed(problems)
    rows = [
        {
            "fichier": p.file,
            "ligne": "" if p.line is None else str(p.line),
            "colonne": p.column or "",
            "problème": p.message,
        }
        for p in shown
    ]
    if more:
        rows.append({"fichier": "", "ligne": "", "colonne": "", "problème": more})
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS, dtype=str)


def value_label(fld: str, value: object) -> str:
    """A value of a closed list as the page names it (families by their French label)."""
    if fld == "family":
        return labels.family_label(str(value))
    return labels.IMP_VALUE_LABELS.get(fld, {}).get(value, str(value))


def choices_summary(choices: dict[str, dict[str, object]]) -> list[str]:
    """« Informatique » → Systèmes d'information, for each chosen value."""
    return [
        labels.IMP_APPLIED_ITEM.format(text=limits.quote(text), value=value_label(fld, value))
        for fld in suggest.MAPPABLE
        for text, value in choices.get(fld, {}).items()
        if value is not None
    ]


def hidden_summary(diffused: pd.DataFrame) -> str:
    """ "Pilotage « < 5 », Gestion « secret »": what a diffusion view of the preview hides."""
    hidden = diffused[diffused["suppressed"].astype(bool)]
    return ", ".join(f"{lbl} « {d} »" for lbl, d in zip(hidden["family_label"], hidden["display"]))


REIMPORT_HEADERS = {"family": "famille", "sex": "sexe", "age": "âge", "headcount": "effectif", "ref_year": "année"}


def reimportable_csv(pyramid: pd.DataFrame) -> bytes:
    """A scope's counts by family, sex and age as an aggregate table that
    `python -m etl import --kind table` (or the page) reads back: how a visitor of a
    shared server keeps their scope between visits. Counts only, nothing personal."""
    from core import exports

    rows = pyramid[list(REIMPORT_HEADERS)].rename(columns=REIMPORT_HEADERS)
    rows["effectif"] = rows["effectif"].round().astype(int)
    return exports.to_csv_bytes(rows, "excel-fr")
