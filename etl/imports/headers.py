"""Which column of a user's file is which field.

HR exports name their columns in many ways ("Date de naissance", "DATE_NAISS.",
"Né(e) le"). Headers are compared after `norm`: accents, case, spaces and
punctuation ignored, and the little words (de, du, d', la, le, et...) dropped, so
"Date d'entrée" and "date_entree" are the same header. The aliases below are the
documented list (docs/import.md is checked against them); `--mapping` adds others.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from core import limits

# Field -> French name, as users write it in a mapping file and read it in messages.
REGISTER_FIELDS = {
    "employee_id": "matricule",
    "last_name": "nom",
    "first_name": "prénom",
    "birth_date": "date de naissance",
    "birth_year": "année de naissance",
    "age": "âge",
    "sex": "sexe",
    "family": "famille de métiers",
    "job": "emploi",
    "status": "statut",
    "entry_date": "date d'entrée",
    "contract": "contrat",
    "livre": "livre",
    "exit_date": "date de sortie",
    "exit_reason": "motif de sortie",
}
TABLE_FIELDS = {
    "family": "famille de métiers",
    "sex": "sexe",
    "age": "âge",
    "age_band": "tranche d'âge",
    "headcount": "effectif",
    "year": "année",
}

# Documented aliases (the French name of each field is an alias too).
ALIASES = {
    "employee_id": [
        "matricule",
        "identifiant",
        "id",
        "id salarié",
        "identifiant salarié",
        "numéro de matricule",
        "n° matricule",
        "numéro salarié",
        "code salarié",
        "matricule salarié",
    ],
    "last_name": ["nom", "nom de famille", "nom usuel", "nom de naissance", "nom patronymique"],
    "first_name": ["prénom", "prénoms"],
    "birth_date": ["date de naissance", "date naissance", "naissance", "né le", "née le", "né(e) le", "ddn"],
    "birth_year": ["année de naissance", "annee naissance", "an de naissance", "millésime de naissance"],
    "age": ["âge", "âge révolu", "âge (ans)", "âge en années"],
    "sex": ["sexe", "genre", "civilité", "sexe (F/H)"],
    "family": [
        "famille de métiers",
        "famille",
        "famille métier",
        "famille professionnelle",
        "famille d'emploi",
        "famille harmonisée",
    ],
    "job": ["emploi", "métier", "intitulé de poste", "intitulé du poste", "poste", "emploi repère", "fonction"],
    "status": ["statut", "catégorie", "cadre / non cadre", "collège", "catégorie professionnelle"],
    "entry_date": [
        "date d'entrée",
        "date entrée",
        "entrée",
        "date d'embauche",
        "date embauche",
        "date d'ancienneté",
        "date d'entrée dans l'entreprise",
    ],
    "contract": ["contrat", "type de contrat", "nature du contrat", "type contrat"],
    "livre": ["livre", "livre du code de la mutualité", "livre (2 / 3)"],
    "exit_date": ["date de sortie", "date sortie", "date de fin de contrat", "date de départ", "date départ"],
    "exit_reason": ["motif de sortie", "motif de départ", "motif", "motif sortie", "motif de fin de contrat"],
    "headcount": ["effectif", "effectifs", "nombre", "nombre de salariés", "salariés", "nb", "headcount"],
    "age_band": ["tranche d'âge", "tranche d'âges", "classe d'âge", "classe d'âges", "tranche", "âges"],
    "year": ["année", "année de référence", "ref_year", "millésime"],
}
# Table files may also use the store's own column names.
TABLE_EXTRA_ALIASES = {"family": ["family"], "sex": ["sex"], "age": ["age"]}

PERSONAL = ("employee_id", "last_name", "first_name")  # never written anywhere
NOT_READ = ("last_name", "first_name")  # dropped before the file is even parsed
BIRTH_FIELDS = ("birth_date", "birth_year", "age")  # one is enough, in this order of preference
IGNORE = "ignorer"  # mapping target that drops a column

STOP_WORDS = {"de", "du", "des", "d", "l", "la", "le", "les", "en", "a", "au", "aux", "et", "e"}


def words(text: object, *, keep_little: bool = False) -> list[str]:
    """The words of a header or a value, without accents or case, the little words
    dropped unless `keep_little`. "Date d'entrée" -> ["date", "entree"]."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9]+", s) if w and (keep_little or w not in STOP_WORDS)]


def norm(text: object) -> str:
    """Comparison key of a header or a value: no accents, no case, no spaces or
    punctuation, no little words. "Date d'entrée" -> "dateentree"."""
    return "".join(words(text))


def fields_for(kind: str) -> dict[str, str]:
    return REGISTER_FIELDS if kind == "register" else TABLE_FIELDS


def alias_index(kind: str) -> dict[str, str]:
    """Normalised alias -> field, for one kind of file."""
    index: dict[str, str] = {}
    for fld in fields_for(kind):
        names = [fields_for(kind)[fld], *ALIASES.get(fld, [])]
        if kind == "table":
            names += TABLE_EXTRA_ALIASES.get(fld, [])
        for name in names:
            index.setdefault(norm(name), fld)
    return index


def target_field(name: object, kind: str) -> str | None:
    """The field a mapping target names (its French name or any alias), or None."""
    return alias_index(kind).get(norm(name))


@dataclass
class Resolution:
    """How the header row of a file was understood."""

    kind: str = "register"
    headers: list[str] = field(default_factory=list)  # the header row as written
    fields: dict[str, int] = field(default_factory=dict)  # field -> column position, for the fields read
    taken: dict[int, str] = field(default_factory=dict)  # position -> field, for every recognised column
    ignored: list[str] = field(default_factory=list)  # unrecognised columns
    unused: list[str] = field(default_factory=list)  # recognised but superseded (âge when a birth date exists)
    dropped: list[str] = field(default_factory=list)  # personal columns not read
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # (field, first header, second header)

    def header(self, fld: str) -> str:
        return self.headers[self.fields[fld]]

    def columns_table(self, kind: str) -> list[dict[str, str]]:
        """One row per column of the file and what it was taken for (the preview)."""
        names = fields_for(kind)
        used = {pos: fld for fld, pos in self.fields.items()}
        rows: list[dict[str, str]] = []
        for pos, head in enumerate(self.headers):
            fld = self.taken.get(pos)
            if pos in used:
                what = {
                    "employee_id": "lue pour contrôler les doublons, jamais stockée",
                    "job": "lue, non stockée",
                }.get(fld or "", "utilisée")
            elif fld is None:
                what = "ignorée (non reconnue)"
            elif head in self.dropped:
                what = "écartée à la lecture (donnée personnelle)"
            elif head in self.unused:
                what = "non utilisée (une autre colonne donne la même information)"
            else:
                what = "ignorée (en double)"
            rows.append({"colonne": limits.quote(head), "champ": names.get(fld, "") if fld else "", "traitement": what})
        return rows


def resolve(headers: list[str], kind: str, column_mapping: dict[str, str | None] | None = None) -> Resolution:
    """Match a header row to fields. `column_mapping` (normalised header -> field, or
    None to ignore the column) is tried before the aliases."""
    column_mapping = column_mapping or {}
    index = alias_index(kind)
    res = Resolution(kind=kind, headers=["" if h is None else str(h).strip() for h in headers])
    found: dict[str, list[int]] = {}
    for pos, head in enumerate(res.headers):
        key = norm(head)
        fld = column_mapping[key] if key in column_mapping else index.get(key)
        if fld is None:
            if head:
                res.ignored.append(head)
            continue
        res.taken[pos] = fld
        found.setdefault(fld, []).append(pos)
    for fld, positions in found.items():
        if kind == "register" and fld in NOT_READ:
            res.dropped.extend(res.headers[p] for p in positions)
            continue
        res.fields[fld] = positions[0]
        for p in positions[1:]:
            res.duplicates.append((fld, res.headers[positions[0]], res.headers[p]))
    superseded = BIRTH_FIELDS if kind == "register" else ("age_band", "age")
    present = [f for f in superseded if f in res.fields]
    for extra in present[1:]:
        res.unused.append(res.headers[res.fields.pop(extra)])
    return res


def score(headers: Sequence[object], kind: str, column_mapping: dict[str, str | None] | None = None) -> int:
    """How many cells of a row look like known headers (to find the header row)."""
    column_mapping = column_mapping or {}
    index = alias_index(kind)
    return sum(1 for h in headers if h is not None and (k := norm(h)) and (column_mapping.get(k) or index.get(k)))
