"""What the upload page proposes so that a refused file can be fixed without editing
it: the meaning of a value a closed list does not hold ("Informatique" -> si), the
mapping that records the user's choices (the JSON that `--mapping` reads), a scope
id from a display name, and the reference year a file seems to describe.

Everything here is a suggestion a person confirms: no suggestion is better than a
wrong one, so two equally good candidates give none.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import limits

from . import values as v
from .headers import REGISTER_FIELDS, fields_for, norm, target_field, words

# Fields with a closed list of values, which a mapping can extend (mapping.VALUE_FIELDS
# and the families), and the values a user may choose among.
MAPPABLE = ("family", "sex", "status", "contract", "livre", "exit_reason")
CHOICES = {
    "family": list(v.FAMILIES),
    "sex": list(v.SEXES),
    "status": list(v.STATUSES),
    "contract": list(v.CONTRACTS),
    "livre": list(v.LIVRES),
    "exit_reason": list(v.REASONS),
}
GROUPS: dict[str, dict[Any, list[str]]] = {
    "sex": v.SEXES,
    "status": v.STATUSES,
    "contract": v.CONTRACTS,
    "livre": v.LIVRES,
    "exit_reason": v.REASONS,
}

# Words of HR files for each value, beyond the accepted ones (values.py): what a
# payroll export calls a family or a category. Compared like headers (norm).
SYNONYMS: dict[str, dict[Any, list[str]]] = {
    "family": {
        "si": [
            "informatique",
            "informaticien",
            "it",
            "dsi",
            "sih",
            "système d'information",
            "systèmes d'info",
            "numérique",
            "digital",
            "support informatique",
            "développement informatique",
            "études informatiques",
            "exploitation informatique",
            "infrastructure",
            "réseaux informatiques",
        ],
        "commercial": [
            "commerciale",
            "commerciaux",
            "commerce",
            "vente",
            "ventes",
            "vendeur",
            "marketing",
            "relation client",
            "relations clients",
            "relation adhérents",
            "relation clientèle",
            "développement commercial",
            "réseau commercial",
            "réseau agences",
            "agence",
            "agences",
            "accueil",
            "conseiller",
            "conseil clientèle",
            "centre d'appels",
            "prospection",
            "famille commerciale",
        ],
        "gestion": [
            "gestion des adhérents",
            "adhérents",
            "prestations",
            "back office",
            "backoffice",
            "remboursements",
            "remboursement",
            "cotisations",
            "sinistres",
            "indemnisation",
            "production",
            "gestionnaire",
            "tiers payant",
            "affiliation",
            "famille gestion",
        ],
        "produit_risque": [
            "actuariat",
            "actuaire",
            "actuariel",
            "juridique",
            "juriste",
            "conformité",
            "produits",
            "conception des produits",
            "technique",
            "souscription",
            "risques",
            "tarification",
            "études techniques",
        ],
        # Accounting and finance are support functions in the branch's nomenclatures
        # (jobs.csv: « Contrôleur de gestion », « Les autres métiers des mutuelles »).
        "support": [
            "fonctions supports",
            "comptabilité",
            "compta",
            "comptable",
            "finance",
            "finances",
            "financier",
            "trésorerie",
            "contrôle de gestion",
            "contrôleur de gestion",
            "ressources humaines",
            "rh",
            "grh",
            "drh",
            "paie",
            "achats",
            "services généraux",
            "logistique",
            "communication",
            "administratif",
            "administration",
            "secrétariat",
            "assistanat",
            "audit",
            "qualité",
            "direction générale",
            "autres métiers",
        ],
        "optique_audio_pharma": [
            "optique",
            "opticien",
            "optométriste",
            "audio",
            "audition",
            "audioprothèse",
            "audioprothésiste",
            "pharmacie",
            "pharmacien",
            "préparateur en pharmacie",
            "dentaire",
            "dentiste",
            "centre dentaire",
            "centre optique",
            "audio-optique",
        ],
        "medicosocial_sanitaire": [
            "soins",
            "soignant",
            "infirmier",
            "infirmière",
            "aide-soignant",
            "sanitaire",
            "médical",
            "médecin",
            "hôpital",
            "clinique",
            "centre de santé",
            "ehpad",
            "médico-social",
            "paramédical",
            "kinésithérapeute",
        ],
        "autonomie": [
            "aide à domicile",
            "aide à la personne",
            "services à la personne",
            "auxiliaire de vie",
            "maintien à domicile",
            "handicap",
            "personnes âgées",
            "domicile",
        ],
        "petite_enfance": [
            "crèche",
            "crèches",
            "micro-crèche",
            "multi-accueil",
            "halte-garderie",
            "puériculture",
            "puéricultrice",
            "auxiliaire de puériculture",
            "éducateur de jeunes enfants",
            "enfance",
        ],
        "moteurs_changement": ["encadrement", "management", "manager", "moteurs du changement"],
    },
    # 1 and 2: the first digit of the French social security number
    "sex": {"H": ["1", "masc", "garçon"], "F": ["2", "fem", "fém"]},
    "status": {
        "cadres": [
            "cadre dirigeant",
            "cadre supérieur",
            "assimilé cadre",
            "ingénieur",
            "ingénieurs et cadres",
            "ic",
            "encadrement",
        ],
        "non cadres": [
            "non-cadres",
            "employés",
            "employe",
            "am",
            "tam",
            "techniciens",
            "ouvriers",
            "agents de maîtrise",
        ],
    },
    "contract": {
        "CDI": ["permanent", "titulaire", "durée indéterminée"],
        "CDD": ["durée déterminée", "saisonnier", "remplacement", "temporaire"],
        "alternance": ["alternant", "apprentie", "professionnalisation"],
        "intérim": ["travail temporaire", "intérimaires"],
        "autre": ["contrat aidé", "vacataire", "cui"],
    },
    "livre": {2: ["livre deux", "mutuelle", "mutuelles"], 3: ["livre trois", "ssam"]},
}
CUTOFF = 0.8  # difflib similarity for a misspelt word ("Informatik")
MIN_FUZZY_LENGTH = 4  # shorter texts ("IT", "RH") are matched exactly or not at all
MAX_SUGGEST_CHARS = 200  # longer texts are no label: nothing is suggested (the search is cubic in words)


def _phrases(fld: str) -> dict[str, object]:
    """Normalised phrase -> value: the accepted values (codes, labels, aliases) first,
    then the synonyms."""
    index: dict[str, object]
    if fld == "family":
        index = dict(v.family_index())
    else:
        index = v._index(GROUPS[fld])
    for value, phrases in SYNONYMS.get(fld, {}).items():
        for phrase in phrases:
            index.setdefault(norm(phrase), value)
    return index


def suggest(fld: str, text: str) -> object | None:
    """The value of `fld` that `text` most likely means, or None when nothing is close
    (or two values are equally close)."""
    if len(text) > MAX_SUGGEST_CHARS:
        return None
    index = _phrases(fld)
    key = norm(text)
    if not key:
        return None
    if key in index:
        return index[key]
    ws = words(text)
    # the longest run of words that is a known phrase: "Contrôle de gestion" is support
    # even though "gestion" alone is a family
    for n in range(len(ws), 0, -1):
        found = {index[p] for i in range(len(ws) - n + 1) if (p := "".join(ws[i : i + n])) in index}
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    if len(key) >= MIN_FUZZY_LENGTH:
        close = difflib.get_close_matches(key, list(index), n=2, cutoff=CUTOFF)
        found = {index[c] for c in close}
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    found = set()
    singles = [p for p in index if len(p) >= MIN_FUZZY_LENGTH]
    for w in ws:
        if len(w) >= MIN_FUZZY_LENGTH:
            found |= {index[c] for c in difflib.get_close_matches(w, singles, n=1, cutoff=CUTOFF)}
    return found.pop() if len(found) == 1 else None


# ---- the mapping of the user's choices ----------------------------------------------


def base_mapping(data: bytes | str | None) -> dict[str, Any] | None:
    """An uploaded mapping as a dict the choices can be added to; {} without one, None
    when it cannot be (invalid JSON or sections that are not objects: its problems are
    reported by `parse_mapping`, and the choices wait until it is fixed)."""
    if data is None:
        return {}
    try:
        raw = limits.load_json(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    except (UnicodeDecodeError, json.JSONDecodeError):  # limits.JsonRefused included
        return None
    if not isinstance(raw, dict):
        return None
    if not isinstance(raw.get("familles", {}), dict) or not isinstance(raw.get("valeurs", {}), dict):
        return None
    if not all(isinstance(t, dict) for t in raw.get("valeurs", {}).values()):
        return None
    return raw


def mapping_from_choices(
    choices: dict[str, dict[str, object]], base: dict[str, Any] | None = None, kind: str = "register"
) -> dict[str, Any]:
    """The mapping (the JSON format of `--mapping`) that says what each chosen value
    means, added to `base` (an uploaded mapping, see `base_mapping`). `choices` is
    field -> {text of the file: chosen value}; unchosen (None) values, and fields the
    kind of file does not have (a status chosen before the file was called a table),
    are left out."""
    out = copy.deepcopy(base) if base else {}
    for fld in MAPPABLE:
        if fld not in fields_for(kind):
            continue
        table = {str(text): value for text, value in choices.get(fld, {}).items() if value is not None}
        if not table:
            continue
        if fld == "family":
            out.setdefault("familles", {}).update(table)
            continue
        section = out.setdefault("valeurs", {})
        name = next((k for k in section if target_field(k, kind) == fld), REGISTER_FIELDS[fld])
        section.setdefault(name, {}).update(table)
    return out


def mapping_json(mapping: dict[str, Any]) -> bytes:
    """The mapping as the file the page offers ("correspondance.json")."""
    return (json.dumps(mapping, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---- the scope id -------------------------------------------------------------------

SCOPE_ID_MAX = 40
DIGIT_PREFIX = "perimetre_"
TAKEN_SUFFIX = "_import"


def scope_id(text: str, taken: Collection[str] = ()) -> str:
    """A valid scope id for `text` (a display name, or an id typed with capitals,
    spaces or accents): "Mutuelle Exemple" -> "mutuelle_exemple"; "" when nothing is
    left. An id in `taken` (the published scopes) gets a suffix."""
    text = str(text or "")
    for a, b in (("œ", "oe"), ("Œ", "OE"), ("æ", "ae"), ("Æ", "AE"), ("ß", "ss")):
        text = text.replace(a, b)
    s = "_".join(words(text, keep_little=True))
    if not s:
        return ""
    if not s[0].isalpha():
        s = DIGIT_PREFIX + s
    s = s[:SCOPE_ID_MAX].rstrip("_")
    if len(s) < 2:
        return ""
    if s in taken:
        s = s[: SCOPE_ID_MAX - len(TAKEN_SUFFIX)].rstrip("_") + TAKEN_SUFFIX
    return s


# ---- the reference year -------------------------------------------------------------


@dataclass(frozen=True)
class YearHint:
    year: int
    source: str  # "column" (a year column), "file_name", "entry_dates"
    detail: str  # the column's header or the file's name


_YEAR_IN_NAME = re.compile(r"(?<!\d)(\d{4})(?:(\d{2})(\d{2}))?(?!\d)")


def year_in_name(filename: str, today: dt.date | None = None) -> int | None:
    """The latest plausible year written in a file's name: "registre_2024.csv" -> 2024,
    "export_20250131.xlsx" -> 2025; years after next year are not plausible."""
    last = (today or dt.date.today()).year + 1
    found = []
    for m in _YEAR_IN_NAME.finditer(Path(str(filename)).stem):
        year, month, day = m.groups()
        if month and not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
            continue
        if limits.MIN_REF_YEAR <= int(year) <= last:
            found.append(int(year))
    return max(found) if found else None


def latest_year(
    texts: Iterable[object], read: Callable[[str], dt.date | int], today: dt.date | None = None
) -> int | None:
    """The latest year among the distinct `texts` of a column, each read by `read`
    (a date or a year); unreadable texts and years after this one are ignored."""
    this_year = (today or dt.date.today()).year
    years = []
    for text in texts:
        if not text or not str(text).strip():
            continue
        try:
            got = read(str(text).strip())
        except v.Refused:
            continue
        year = got.year if isinstance(got, dt.date) else int(got)
        if limits.MIN_REF_YEAR <= year <= this_year:
            years.append(year)
    return max(years) if years else None


def choose_year(
    column: tuple[int, str] | None, filename: str, entries: tuple[int, str] | None, today: dt.date | None = None
) -> YearHint | None:
    """The suggestion: a year column (the file says it); else a year in the file's
    name, unless someone entered later (the file cannot describe a year before its
    latest entry date, whatever its name says), else the latest entry date."""
    if column:
        return YearHint(column[0], "column", column[1])
    from_name = year_in_name(filename, today)
    if from_name and not (entries and entries[0] > from_name):
        return YearHint(from_name, "file_name", Path(str(filename)).name)
    if entries:
        return YearHint(entries[0], "entry_dates", entries[1])
    return None


def ref_year_hint(
    data: bytes,
    filename: str,
    kind: str,
    mapping: bytes | str | None = None,
    sheet: str | None = None,
    today: dt.date | None = None,
) -> YearHint | None:
    """The reference year `data` seems to describe (see `choose_year`). Reads the file
    (birth dates are not looked at: they say nothing of the year of the file)."""
    from . import readers
    from .checks import read_column
    from .mapping import parse_mapping

    columns = parse_mapping(mapping, "mapping.json", kind)[0].columns if mapping is not None else {}
    try:
        sheet_data, _ = readers.read(data, filename, kind, columns, sheet)
    except Exception:  # noqa: BLE001 — an unreadable file: prepare() says why, in a sentence
        sheet_data = None

    column: tuple[int, str] | None = None
    entries: tuple[int, str] | None = None
    if sheet_data is not None and sheet_data.n_rows:
        res = sheet_data.resolution

        def distinct(fld: str) -> list[str]:
            return read_column(sheet_data.columns[fld], str).texts

        if (
            kind == "table"
            and "year" in sheet_data.columns
            and (y := latest_year(distinct("year"), v.read_year, today)) is not None
        ):
            column = (y, res.header("year"))
        if (
            kind == "register"
            and "entry_date" in sheet_data.columns
            and (y := latest_year(distinct("entry_date"), v.read_date, today)) is not None
        ):
            entries = (y, res.header("entry_date"))
    return choose_year(column, filename, entries, today)
