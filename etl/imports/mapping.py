"""The mapping file: how a user tells the importer about headers and values it does
not know, without editing the file they got from payroll.

    {
      "colonnes": {"Code agent": "matricule", "Sexe (1=H, 2=F)": "sexe", "Service": null},
      "familles": {"Informatique": "si", "Accueil": "Commercial et relation adhérents"},
      "valeurs":  {"sexe": {"1": "H", "2": "F"}, "statut": {"ETAM": "non cadre"}}
    }

Keys are compared like headers (accents, case, spaces ignored). A column mapped to
null (or "ignorer") is ignored. Plain JSON only: the file is parsed, never executed,
through limits.load_json (size, depth and numbers bounded; docs/import.md, « Limites »).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from core import limits

from ..problems import Problem
from . import values as v
from .headers import IGNORE, fields_for, norm, target_field
from .movements import REASONS
from .wording import CLI, Wording

SECTIONS = ("colonnes", "familles", "valeurs")
VALUE_FIELDS: dict[str, dict[Any, list[str]]] = {
    "sex": v.SEXES,
    "status": v.STATUSES,
    "contract": v.CONTRACTS,
    "livre": v.LIVRES,
    "exit_reason": REASONS,
}


@dataclass
class Mapping:
    columns: dict[str, str | None] = field(default_factory=dict)  # normalised header -> field (None: ignore)
    families: dict[str, str] = field(default_factory=dict)  # label -> family code
    values: dict[str, dict[str, object]] = field(default_factory=dict)  # field -> {text: value}


def parse_mapping(
    data: bytes | str | dict[str, Any] | None, name: str, kind: str, wording: Wording = CLI
) -> tuple[Mapping, list[Problem]]:
    """Read and check a mapping; every problem is reported, with the JSON line for a
    syntax error."""
    problems: list[Problem] = []
    if data is None:
        return Mapping(), problems
    if isinstance(data, (bytes, str)):
        try:
            if len(data) > limits.JSON_BYTES():
                raise limits.JsonRefused(
                    f"fichier de correspondance trop volumineux ({limits.size(len(data))}, "
                    f"au plus {limits.size(limits.JSON_BYTES())})",
                    located=False,
                )
            text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
            raw = limits.load_json(text)
        except UnicodeDecodeError:
            return Mapping(), [Problem(name, None, None, "le fichier de correspondance doit être du JSON en UTF-8")]
        except limits.JsonRefused as err:
            where = f" (colonne {err.column})" if err.column is not None else ""
            return Mapping(), [Problem(name, err.line, None, f"JSON refusé{where} : {err.reason}")]
        except json.JSONDecodeError as err:
            return Mapping(), [Problem(name, err.lineno, None, f"JSON invalide : {err.msg} (colonne {err.colno})")]
    else:
        raw = data
    if not isinstance(raw, dict):
        return Mapping(), [Problem(name, None, None, "un objet JSON { … } est attendu")]
    for key in raw:
        if key not in SECTIONS:
            problems.append(Problem(name, None, key, f"rubrique inconnue (rubriques : {', '.join(SECTIONS)})"))
    out = Mapping()
    names = fields_for(kind)

    cols = raw.get("colonnes", {})
    if not isinstance(cols, dict):
        problems.append(Problem(name, None, "colonnes", 'un objet { "en-tête du fichier": "champ" } est attendu'))
        cols = {}
    for header, target in cols.items():
        if target is None or (isinstance(target, str) and norm(target) == norm(IGNORE)):
            out.columns[norm(header)] = None
            continue
        fld = target_field(target, kind) if isinstance(target, str) else None
        if fld is None:
            problems.append(
                Problem(
                    name,
                    None,
                    "colonnes",
                    f"« {header} » → « {target} » : champ inconnu "
                    f"(champs : {', '.join(names.values())}, ou null pour ignorer)",
                )
            )
            continue
        out.columns[norm(header)] = fld

    fams = dict(raw.get("familles", {}) or {}) if isinstance(raw.get("familles", {}), dict) else None
    if fams is None:
        problems.append(Problem(name, None, "familles", 'un objet { "libellé": "code de famille" } est attendu'))
        fams = {}
    vals = raw.get("valeurs", {})
    if not isinstance(vals, dict):
        problems.append(Problem(name, None, "valeurs", 'un objet { "champ": { "valeur": "sens" } } est attendu'))
        vals = {}
    for target, table in vals.items():
        fld = target_field(target, kind)
        if fld == "family" and isinstance(table, dict):
            fams.update(table)
            continue
        if fld not in VALUE_FIELDS or not isinstance(table, dict):
            problems.append(
                Problem(
                    name,
                    None,
                    "valeurs",
                    f"« {target} » : seules les valeurs de sexe, statut, "
                    "contrat, livre, motif de sortie et famille se déclarent ici, sous forme d'objet",
                )
            )
            continue
        index = v._index(VALUE_FIELDS[fld])
        out.values[fld] = {}
        for text, meaning in table.items():
            key = norm(meaning)
            if key not in index:
                accepted = ", ".join(str(x) for x in VALUE_FIELDS[fld])
                problems.append(
                    Problem(
                        name,
                        None,
                        "valeurs",
                        f"{target} : « {text} » → « {meaning} » : valeur cible inconnue (valeurs : {accepted})",
                    )
                )
                continue
            out.values[fld][str(text)] = index[key]

    known = v.family_index()
    for label, code in fams.items():
        key = norm(code)
        if key not in known:
            accepted = f"familles : {v.family_labels()}" if wording.page else f"codes : {v.listed(v.FAMILIES)}"
            problems.append(
                Problem(name, None, "familles", f"« {label} » → « {code} » : famille harmonisée inconnue ({accepted})")
            )
            continue
        out.families[str(label)] = known[key]
    return out, problems
