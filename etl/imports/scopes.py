"""Where imported scopes live and how they are replaced.

Each scope is a folder `<imports>/<scope>/` beside the published store, holding its
tables as Parquet and a manifest (kind, reference years, row counts, import date,
confidentiality threshold; nothing personal). Writing goes through the same atomic
swap as the published store (a fresh folder renamed into place, under the scope's
own lock `.<scope>.lock`), so a reader sees the old scope or the new one, and a
refused file changes nothing. A swap killed half-way is put right by the next reader
(catalog.imported_scopes runs etl.store.recover_all): the old version comes back.
Importing a scope again replaces that scope only; the published figures are never
touched.

Two imports of one scope at once never overwrite each other silently: an import
notes the scope's `version` before reading its file, and its save, under the lock,
refuses with ScopeChanged if another import (or a deletion) has changed the scope
since; a save that cannot get the lock within RELEVE_LOCK_TIMEOUT seconds is refused
with StoreLocked. Both are French sentences (the command line exits 2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from core import labels, privacy
from etl import catalog

from ..problems import Problem
from ..store import MANIFEST, StoreLocked, checkpoint, lock, make_manifest, recover, recover_all, write_store
from .headers import norm
from .suggest import scope_id
from .wording import CLI, Wording

SCOPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
# Scopes of the published store and words a reader would take for one.
RESERVED = {
    "branche",
    "assurance_sante",
    "livre2",
    "livre3",
    "repondants_bilan_social",
    "ess_mutuelles",
    "mutuelles",
    "entreprises",
    "population",
    "total",
    "ensemble",
    "tous",
    "import",
    "imports",
    "branche_si",
    "branche_cadres",
    "branche_recrutements",
    "etude_livre3",
    "belgique",
    "france_gestionnaires_sante",
    "securite_sociale_cpam",
    "loi_2010",
    "loi_2023",
}


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
        return [
            Problem(
                where,
                None,
                None,
                "nom de périmètre manquant (2 à 40 caractères : lettres minuscules "
                "sans accent, chiffres, « _ », en commençant par une lettre)",
            )
        ]
    if not isinstance(scope, str) or not SCOPE_PATTERN.match(scope):
        fixed = scope_id(scope, published_scopes()) if isinstance(scope, str) else ""
        better = f" : « {fixed} » conviendrait" if fixed else ""
        return [
            Problem(
                where,
                None,
                None,
                f"« {scope} » : nom de périmètre invalide (2 à 40 caractères : "
                f"lettres minuscules sans accent, chiffres, « _ », en commençant par une lettre){better}",
            )
        ]
    if scope in published_scopes():
        return [
            Problem(
                where,
                None,
                None,
                f"« {scope} » est un périmètre publié : choisir un autre nom "
                "(un import ne remplace jamais les chiffres publiés)",
            )
        ]
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
        return [
            Problem(
                where,
                None,
                None,
                f"« {name[:MAX_DISPLAY_NAME]} » : un nom de {MAX_DISPLAY_NAME} "
                "caractères au plus, sur une ligne, est attendu",
            )
        ]
    key = norm(name)
    for _code, label in labels.SCOPE_LABELS.items():
        if norm(label) == key or norm(label.split(" (")[0]) == key:
            return [
                Problem(
                    where, None, None, f"« {name} » est le nom du périmètre publié « {label} » : choisir un autre nom"
                )
            ]
    for other, label in display_names().items():
        if other != scope and norm(label) == key:
            return [
                Problem(
                    where,
                    None,
                    None,
                    f"« {name} » est déjà le nom du périmètre importé "
                    f"« {other} » : choisir un autre nom (ou importer à nouveau ce périmètre-là)",
                )
            ]
    return []


ABSENT = "absent"


class ScopeChanged(StoreLocked):
    """The scope was imported again, created or removed by someone else after this
    import began: nothing was written. `current` is the version found."""

    def __init__(self, message: str, current: str):
        super().__init__(message)
        self.current = current


def version(scope: str, root: Path | None = None) -> str:
    """The scope's version, as a save compares it: a digest of its manifest (which
    records the import's date and every table's checksum), or ABSENT. A swap killed
    half-way is recovered first: its old version is the current one."""
    root = Path(root or catalog.imports_dir())
    if root.is_dir():
        recover_all(root)
    return _version(root / scope)


def _version(target: Path) -> str:
    try:
        return hashlib.sha256((target / MANIFEST).read_bytes()).hexdigest()[:16]
    except OSError:
        return ABSENT


def _busy(scope: str) -> Callable[[Path, str, float], str]:
    def sentence(_store: Path, holder: str, waited: float) -> str:
        return (
            f"un autre import du périmètre « {scope} » est en cours{holder} : rien n'a été écrit après "
            f"{waited:g} s d'attente ; réessayez quand il sera terminé"
        )

    return sentence


def _changed(scope: str, root: Path, expected: str, current: str) -> str:
    if current == ABSENT:
        return (
            f"le périmètre « {scope} » a été supprimé pendant cet import : rien n'a été écrit ; relancez "
            "l'import pour le recréer"
        )
    try:
        when = str(json.loads((root / scope / MANIFEST).read_text(encoding="utf-8")).get("imported_at", ""))
    except (OSError, ValueError):
        when = ""
    what = ("créé" if expected == ABSENT else "remplacé") + " par un autre import"
    if when:
        what += f" (le {when.replace('T', ' à ')})"
    return (
        f"le périmètre « {scope} » a été {what} pendant cet import : rien n'a été écrit, pour ne pas "
        "écraser cette version sans le dire ; relancez l'import pour la remplacer"
    )


def write_scope(
    scope: str,
    tables: dict[str, pd.DataFrame],
    extra: dict[str, Any],
    root: Path | None = None,
    expected: str | None = None,
) -> Path:
    """Replace the scope's folder atomically with `tables` and a manifest, under the
    scope's lock. `expected`: the `version` the import began with; if the scope is
    no longer at it, ScopeChanged and nothing is written (None: no check)."""
    root = Path(root or catalog.imports_dir())
    target = root / scope
    manifest = make_manifest(tables, {})
    manifest.pop("inputs")
    manifest.update(extra)
    manifest["imported_at"] = dt.datetime.now().isoformat(timespec="seconds")
    root.mkdir(parents=True, exist_ok=True)
    checkpoint("saving")  # before the lock (the tests hold an import here)
    with lock(target, busy=_busy(scope)):
        recover(target)
        if expected is not None:
            current = _version(target)
            if current != expected:
                raise ScopeChanged(_changed(scope, root, expected, current), current)
        write_store(target, tables, manifest)
    return target


def delete_scope(scope: str, root: Path | None = None) -> bool:
    """Remove an imported scope (False if there was none). The folder is first renamed
    under a name `recover` never restores, so a crash cannot bring it back."""
    if not SCOPE_PATTERN.match(scope or ""):
        return False
    root = Path(root or catalog.imports_dir())
    target = root / scope
    if root.is_dir():
        recover_all(root)  # a scope whose replace was killed is still a scope
    if not target.is_dir():
        return False
    with lock(target, busy=_busy(scope)):
        recover(target)
        if not target.is_dir():  # removed by another process while this one waited
            return False
        gone = root / f".{scope}.deleted-{os.getpid()}"
        os.replace(target, gone)
        checkpoint("deleted_aside")
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
