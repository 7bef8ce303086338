"""The folder of scenarios saved by users: save, list, read, delete.

Saved scenarios are user data, kept apart from the presets shipped in `scenarios/`
(which the app never writes). Each is one JSON file named after the scenario
(accents dropped, lower case, dashes), written atomically so that a crash or two
people saving at once never leave half a file. Only JSON is read back, never code.

The module does not validate scenarios (the engine does); it only guarantees that a
name becomes a safe file name inside the folder and that every failure a user can
cause comes back as one French sentence (`StoreError`). Files are read through
limits.load_json (size, depth and numbers bounded, docs/scenarios.md).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core import exports, labels, limits
from gpec import ScenarioError
from gpec.scenario import parse_json

ROOT = Path(__file__).resolve().parent.parent
# Overridable so that tests, or a shared server, can point it elsewhere.
ENV_VAR = "RELEVE_SCENARIOS"
DEFAULT_FOLDER = ROOT / "data" / "scenarios"
MAX_SLUG = 60
_SLUG_OK = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_scenario_file(data: bytes, name: str) -> tuple[dict | None, list[str]]:
    """A scenario file (uploaded or saved) read by the engine's own reader, bounded in
    size, depth and numbers: the scenario as a dict, or None and the sentences saying
    why it was refused (`name` is how the file is named in them)."""
    if len(data) > limits.JSON_BYTES():
        too_big = labels.SC_UPLOAD_TOO_BIG.format(size=limits.size(len(data)), limit=limits.size(limits.JSON_BYTES()))
        return None, [too_big]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [labels.SC_NOT_UTF8.format(file=name)]
    try:
        return parse_json(text, name), []
    except ScenarioError as err:
        return None, list(err.problems)


class StoreError(ValueError):
    """A save, read or delete that cannot be done; `str(err)` is the sentence to show."""


def default_folder() -> Path:
    return Path(os.environ.get(ENV_VAR, DEFAULT_FOLDER))


def slugify(name: str) -> str:
    """File-name stem for a scenario name: "Un départ sur deux !" -> "un-depart-sur-deux".
    Letters and digits only, so no name can climb out of the folder or hide a file."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:MAX_SLUG].rstrip("-")


@dataclass(frozen=True)
class SavedScenario:
    """One file of the folder, as listed on the page. `problem` is set (and `name` is
    the file stem) when the file is not a readable JSON object."""

    slug: str
    name: str
    description: str
    modified: datetime
    problem: str = ""


class ScenarioStore:
    def __init__(self, folder: str | os.PathLike | None = None):
        self.folder = Path(folder) if folder is not None else default_folder()

    def path(self, slug: str) -> Path:
        if not isinstance(slug, str) or not _SLUG_OK.fullmatch(slug) or len(slug) > MAX_SLUG:
            raise StoreError(f"« {slug} » n'est pas un nom de scénario enregistré valable.")
        return self.folder / f"{slug}.json"

    def list(self) -> list[SavedScenario]:
        """Every saved scenario, sorted by name (case and accents ignored)."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in self.folder.glob("*.json"):
            slug = path.stem
            if not _SLUG_OK.fullmatch(slug):
                continue  # not written by this module (temporary file, hand-made name)
            try:
                modified = datetime.fromtimestamp(path.stat().st_mtime)
            except OSError:
                continue  # deleted between glob and stat
            try:
                data = limits.load_json(self._read_bytes(path))
                if not isinstance(data, dict):
                    raise ValueError
                name = data.get("name") if isinstance(data.get("name"), str) and data["name"].strip() else slug
                desc = data.get("description") if isinstance(data.get("description"), str) else ""
                out.append(SavedScenario(slug, name, desc, modified))
            except (ValueError, UnicodeDecodeError, StoreError):
                out.append(
                    SavedScenario(slug, slug, "", modified, problem="fichier illisible (ce n'est pas un scénario JSON)")
                )
        return sorted(out, key=lambda s: (slugify(s.name), s.slug))

    def exists(self, name: str) -> bool:
        slug = slugify(name)
        return bool(slug) and (self.folder / f"{slug}.json").exists()

    def save(self, name: str, text: str, replace: bool = False) -> SavedScenario:
        """Write `text` (the scenario's JSON) under a file named after `name`. Refuses to
        overwrite an existing file unless `replace` is set."""
        slug = slugify(name)
        if not slug:
            raise StoreError(
                "Donnez au scénario un nom contenant au moins une lettre ou un chiffre avant de l'enregistrer."
            )
        path = self.path(slug)
        if path.exists() and not replace:
            raise StoreError(
                f"Un scénario enregistré porte déjà ce nom (fichier « {slug}.json ») : "
                "cochez « Remplacer » pour l'écraser, ou changez le nom."
            )
        data = text.encode("utf-8")
        if len(data) > limits.JSON_BYTES():
            raise StoreError("Ce scénario est trop volumineux pour être enregistré.")
        try:
            exports.atomic_write_bytes(path, data)
        except OSError as exc:
            raise StoreError(f"Le scénario n'a pas pu être enregistré ({exc.strerror or exc}).") from None
        try:
            desc = limits.load_json(text).get("description", "")
        except (ValueError, AttributeError):
            desc = ""
        return SavedScenario(
            slug, name, desc if isinstance(desc, str) else "", datetime.fromtimestamp(path.stat().st_mtime)
        )

    def read(self, slug: str) -> bytes:
        """The file's bytes, for the engine to parse and check."""
        path = self.path(slug)
        try:
            return self._read_bytes(path)
        except FileNotFoundError:
            raise StoreError(
                f"Le scénario « {slug} » n'existe plus : il a peut-être été supprimé depuis une autre fenêtre."
            ) from None
        except OSError as exc:
            raise StoreError(f"Le scénario « {slug} » n'a pas pu être lu ({exc.strerror or exc}).") from None

    def delete(self, slug: str) -> None:
        path = self.path(slug)
        try:
            path.unlink()
        except FileNotFoundError:
            raise StoreError(f"Le scénario « {slug} » n'existe plus : il a peut-être déjà été supprimé.") from None
        except OSError as exc:
            raise StoreError(f"Le scénario « {slug} » n'a pas pu être supprimé ({exc.strerror or exc}).") from None

    @staticmethod
    def _read_bytes(path: Path) -> bytes:
        if path.stat().st_size > limits.JSON_BYTES():
            raise StoreError(f"« {path.name} » est trop volumineux pour être un scénario.")
        return path.read_bytes()


class MemoryScenarioStore(ScenarioStore):
    """Saved scenarios of one browser session on a shared server: the same names,
    checks and sentences as the folder, held in memory and gone with the session, so
    no other visitor can list, open or delete them."""

    def __init__(self):
        self.files: dict[str, tuple[bytes, datetime]] = {}
        self.folder = Path("session")

    def list(self) -> list[SavedScenario]:
        out = []
        for slug, (data, modified) in self.files.items():
            try:
                parsed = limits.load_json(data)
                name = parsed.get("name") if isinstance(parsed.get("name"), str) and parsed["name"].strip() else slug
                desc = parsed.get("description") if isinstance(parsed.get("description"), str) else ""
            except (ValueError, AttributeError):
                name, desc = slug, ""
            out.append(SavedScenario(slug, name, desc, modified))
        return sorted(out, key=lambda s: (slugify(s.name), s.slug))

    def exists(self, name: str) -> bool:
        return slugify(name) in self.files

    def save(self, name: str, text: str, replace: bool = False) -> SavedScenario:
        slug = slugify(name)
        if not slug:
            raise StoreError(
                "Donnez au scénario un nom contenant au moins une lettre ou un chiffre avant de l'enregistrer."
            )
        self.path(slug)
        if slug in self.files and not replace:
            raise StoreError(
                f"Un scénario enregistré porte déjà ce nom (« {slug} ») : "
                "cochez « Remplacer » pour l'écraser, ou changez le nom."
            )
        data = text.encode("utf-8")
        if len(data) > limits.JSON_BYTES():
            raise StoreError("Ce scénario est trop volumineux pour être enregistré.")
        self.files[slug] = (data, datetime.now())
        try:
            desc = limits.load_json(text).get("description", "")
        except (ValueError, AttributeError):
            desc = ""
        return SavedScenario(slug, name, desc if isinstance(desc, str) else "", self.files[slug][1])

    def read(self, slug: str) -> bytes:
        self.path(slug)
        if slug not in self.files:
            raise StoreError(
                f"Le scénario « {slug} » n'existe plus : il a peut-être été supprimé depuis une autre fenêtre."
            )
        return self.files[slug][0]

    def delete(self, slug: str) -> None:
        self.path(slug)
        if self.files.pop(slug, None) is None:
            raise StoreError(f"Le scénario « {slug} » n'existe plus : il a peut-être déjà été supprimé.")
