"""Where imported scopes live and how they are replaced.

Each scope is a folder `<imports>/<scope>/` beside the published store, holding its
tables as Parquet and a manifest (kind, reference years, row counts, import date,
confidentiality threshold; nothing personal). Writing goes through the same atomic
swap as the published store (a fresh folder renamed into place, under a lock), so a
reader sees the old scope or the new one, and a refused file changes nothing.
Importing a scope again replaces that scope only; the published figures are never
touched.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pandas as pd

import catalog
import labels
import privacy

from ..problems import Problem
from ..store import lock, make_manifest, write_store
from .headers import norm
from .suggest import scope_id
from .wording import CLI, Wording

SCOPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
# Scopes of the published store and words a reader would take for one.
RESERVED = {"branche", "assurance_sante", "livre2", "livre3", "repondants_bilan_social", "ess_mutuelles",
            "mutuelles", "entreprises", "population", "total", "ensemble", "tous", "import", "imports",
            "branche_si", "branche_cadres", "branche_recrutements", "etude_livre3", "belgique",
            "france_gestionnaires_sante", "securite_sociale_cpam", "loi_2010", "loi_2023"}


def published_scopes() -> set[str]:
    """Every scope named in the published store (read from the files, not a list)."""
    found = set(RESERVED) | set(labels.SCOPE_LABELS)
    for name in ("headcount", "gender", "age_pyramid", "figures", "retirements"):
        path = catalog.table_path(name)
        if path.exists():
            found |= set(pd.read_parquet(path, columns=["scope"])["scope"].astype(str))
    return found


def check_scope(scope: str, wording: Wording = CLI) -> list[Problem]:
    where = wording.option("--scope")
    if scope == "":
        return [Problem(where, None, None, "nom de périmètre manquant (2 à 40 caractères : lettres minuscules "
                        "sans accent, chiffres, « _ », en commençant par une lettre)")]
    if not isinstance(scope, str) or not SCOPE_PATTERN.match(scope):
        fixed = scope_id(scope, published_scopes()) if isinstance(scope, str) else ""
        better = f" : « {fixed} » conviendrait" if fixed else ""
        return [Problem(where, None, None, f"« {scope} » : nom de périmètre invalide (2 à 40 caractères : "
                        f"lettres minuscules sans accent, chiffres, « _ », en commençant par une lettre){better}")]
    if scope in published_scopes():
        return [Problem(where, None, None, f"« {scope} » est un périmètre publié : choisir un autre nom "
                        "(un import ne remplace jamais les chiffres publiés)")]
    return []


MAX_DISPLAY_NAME = 80


def display_names() -> dict[str, str]:
    """Imported scope -> the display name recorded with it (scopes without one left out)."""
    out = {}
    for scope in catalog.imported_scopes():
        try:
            name = catalog.import_manifest(scope).get("display_name")
        except (OSError, ValueError):
            continue
        if isinstance(name, str) and name.strip():
            out[scope] = name.strip()
    return out


def check_display_name(name: str | None, scope: str, wording: Wording = CLI) -> list[Problem]:
    """A display name is free text, but pages list scopes by it: it must be short,
    printable, and not already name another scope (published or imported)."""
    if not name:
        return []
    where = wording.option("--name")
    if len(name) > MAX_DISPLAY_NAME or any(not ch.isprintable() for ch in name):
        return [Problem(where, None, None, f"« {name[:MAX_DISPLAY_NAME]} » : un nom de {MAX_DISPLAY_NAME} "
                        "caractères au plus, sur une ligne, est attendu")]
    key = norm(name)
    for code, label in labels.SCOPE_LABELS.items():
        if norm(label) == key or norm(label.split(" (")[0]) == key:
            return [Problem(where, None, None, f"« {name} » est le nom du périmètre publié « {label} » : "
                            "choisir un autre nom")]
    for other, label in display_names().items():
        if other != scope and norm(label) == key:
            return [Problem(where, None, None, f"« {name} » est déjà le nom du périmètre importé "
                            f"« {other} » : choisir un autre nom (ou importer à nouveau ce périmètre-là)")]
    return []


def write_scope(scope: str, tables: dict[str, pd.DataFrame], extra: dict, root: Path | None = None) -> Path:
    """Replace the scope's folder atomically with `tables` and a manifest."""
    root = Path(root or catalog.imports_dir())
    target = root / scope
    manifest = make_manifest(tables, {})
    manifest.pop("inputs")
    manifest.update(extra)
    manifest["imported_at"] = dt.datetime.now().isoformat(timespec="seconds")
    root.mkdir(parents=True, exist_ok=True)
    with lock(target):
        write_store(target, tables, manifest)
    return target


def delete_scope(scope: str, root: Path | None = None) -> bool:
    """Remove an imported scope (False if there was none). The folder is first renamed
    under a name `recover` never restores, so a crash cannot bring it back."""
    if not SCOPE_PATTERN.match(scope or ""):
        return False
    root = Path(root or catalog.imports_dir())
    target = root / scope
    if not target.is_dir():
        return False
    with lock(target):
        gone = root / f".{scope}.deleted-{os.getpid()}"
        os.replace(target, gone)
        shutil.rmtree(gone, ignore_errors=True)
    return True


def thresholds(override: int | None = None) -> dict[str, int]:
    """Imported scope -> its confidentiality threshold: the one recorded at import,
    unless `override` (the command line's --min-cell) says otherwise."""
    out = {}
    for scope in catalog.imported_scopes():
        try:
            recorded = int(catalog.import_manifest(scope).get("min_cell", privacy.DEFAULT_MIN_CELL))
        except (OSError, ValueError, TypeError):
            recorded = privacy.DEFAULT_MIN_CELL
        out[scope] = override if override is not None else max(1, recorded)
    return out
