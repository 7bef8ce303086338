"""What a cell of a user's file may say, field by field, and what it means.

Each reader here takes one distinct text value and returns the value it stands for,
or raises `Refused` with the rule the text breaks. The register and table importers
call them once per *distinct* value of a column (a million rows hold a few thousand
distinct birth dates), never once per row.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from core import labels
from etl import catalog

from .headers import norm
from .movements import REASONS as REASONS  # one of the closed lists, beside SEXES, STATUSES...
from .movements import accepted_reasons
from .wording import CLI, Wording

FAMILIES = (
    "commercial",
    "gestion",
    "produit_risque",
    "si",
    "support",
    "optique_audio_pharma",
    "medicosocial_sanitaire",
    "autonomie",
    "petite_enfance",
    "moteurs_changement",
)
FAMILY_LIVRE = {f: 2 for f in FAMILIES[:5]} | {f: 3 for f in FAMILIES[5:]}
UNSPLIT_FAMILY = "autres"  # a table without a family column

# The labels of the data store's nomenclature (docs of the shared contract): kept as
# aliases for good, even if the labels displayed by the app change.
CONTRACT_FAMILY_LABELS = {
    "commercial": "Commercial et relation adhérents",
    "gestion": "Gestion des adhérents et prestations",
    "produit_risque": "Conception des produits, actuariat, juridique",
    "si": "Systèmes d'information",
    "support": "Fonctions support",
    "optique_audio_pharma": "Optique, audioprothèse, pharmacie (et dentaire)",
    "medicosocial_sanitaire": "Médicosocial et sanitaire",
    "autonomie": "Autonomie et aide à la personne",
    "petite_enfance": "Petite enfance",
    "moteurs_changement": "Métiers moteurs du changement (encadrement, supports L3)",
}

SEXES = {
    "F": ["f", "femme", "femmes", "féminin", "mme", "madame", "mlle", "mademoiselle"],
    "H": ["h", "homme", "hommes", "masculin", "m", "m.", "monsieur", "mr"],
}
STATUSES = {
    "cadres": ["cadre", "cadres", "c"],
    "non cadres": [
        "non cadre",
        "non-cadre",
        "non cadres",
        "nc",
        "employé",
        "employée",
        "technicien",
        "agent de maîtrise",
        "etam",
        "ouvrier",
    ],
}
CONTRACTS = {
    "CDI": ["cdi", "contrat à durée indéterminée"],
    "CDD": ["cdd", "contrat à durée déterminée"],
    "alternance": [
        "alternance",
        "apprentissage",
        "apprenti",
        "contrat d'apprentissage",
        "professionnalisation",
        "contrat de professionnalisation",
        "contrat pro",
    ],
    "intérim": ["intérim", "interim", "intérimaire", "ctt"],
    "stage": ["stage", "stagiaire"],
    "autre": ["autre", "autres"],
}
LIVRES = {2: ["2", "livre 2", "l2", "ii", "livre ii"], 3: ["3", "livre 3", "l3", "iii", "livre iii"]}
TOTAL_WORDS = {norm(w) for w in ("total", "ensemble", "tous", "toutes", "tous âges", "total général", "sous-total")}
NOT_GIVEN = "non renseigné"

MIN_AGE, MAX_AGE = 15, 80
OPEN_LOW_AGE, OPEN_HIGH_AGE = 18, 67  # where "moins de 25 ans" starts and "60 ans et plus" ends
MIN_YEAR, MAX_YEAR = 1900, 2100


class Refused(ValueError):
    """A cell that breaks a rule; the message is the rule, for a person."""


class Unknown(Refused):
    """A value of a closed list (family, sex, status, contract, livre) that the list does
    not hold: a mapping can say what it means (the page offers a choice for it)."""


def _index(groups: Mapping[Any, Sequence[object]], extra: Mapping[str, object] | None = None) -> dict[str, object]:
    out = {norm(alias): value for value, aliases in groups.items() for alias in [value, *aliases]}
    out.update({norm(k): v for k, v in (extra or {}).items()})
    return out


def listed(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values)


def is_formula(text: str) -> bool:
    return text.startswith("=")


def _check_formula(text: str) -> None:
    if is_formula(text):
        raise Refused(f"« {text} » : formule de tableur, une valeur est attendue (coller les valeurs)")


# ---- families ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _crosswalk_labels() -> tuple[tuple[str, str], ...]:
    """Current labels of the harmonised families, read from the raw crosswalk."""
    path = catalog.RAW_DIR / "families_crosswalk.csv"
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r.get("taxonomy") == "harmonise"]
    except OSError:
        return ()
    return tuple((r["family"], lbl) for r in rows for lbl in (r["label_fr"], r["label_en"]) if lbl)


def family_index(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Normalised code or label -> harmonised family code."""
    index = {norm(code): code for code in FAMILIES}
    for code, label in CONTRACT_FAMILY_LABELS.items():
        index[norm(label)] = code
    for code, label in _crosswalk_labels():
        if code in FAMILIES:
            index.setdefault(norm(label), code)
    for code, label in labels.FAMILY_LABELS.items():
        if code in FAMILIES:
            index.setdefault(norm(label), code)
    index.update({norm(k): v for k, v in (extra or {}).items()})
    return index


def family_labels() -> str:
    """The harmonised families by their French labels, for a sentence of the page."""
    return ", ".join(labels.family_label(code) for code in FAMILIES)


def family_reader(extra: dict[str, str] | None = None, wording: Wording = CLI) -> Callable[[str], str]:
    index = family_index(extra)

    def read(text: str) -> str:
        _check_formula(text)
        key = norm(text)
        if not text.strip():
            raise Refused("famille de métiers manquante")
        if key in index:
            return index[key]
        if key in TOTAL_WORDS:
            raise Refused(f"« {text} » : ligne de total, à retirer (les totaux sont recalculés)")
        if wording.page:
            raise Unknown(f"« {text} » : famille de métiers inconnue ({wording.choose_below})")
        raise Unknown(
            f"« {text} » : famille de métiers inconnue (codes acceptés : {listed(FAMILIES)}, "
            "ou leur libellé ; d'autres libellés se déclarent dans --mapping)"
        )

    return read


# ---- coded values --------------------------------------------------------------


def coded_reader(
    groups: Mapping[Any, Sequence[object]],
    what: str,
    accepted: str,
    extra: Mapping[str, object] | None = None,
    *,
    blank: object = None,
    wording: Wording = CLI,
) -> Callable[[str], object]:
    """Reader of a field with a closed list of values; `blank` is returned for an
    empty cell, or an empty cell is refused when `blank` is None."""
    index = _index(groups, extra)

    def read(text: str) -> object:
        _check_formula(text)
        key = norm(text)
        if not text.strip():
            if blank is None:
                raise Refused(f"{what} manquant")
            return blank
        if key in index:
            return index[key]
        if key in TOTAL_WORDS:
            raise Refused(f"« {text} » : ligne de total, à retirer (les totaux sont recalculés)")
        hint = f" ; ou {wording.choose_below}" if wording.page else ""
        raise Unknown(f"« {text} » : {what} non reconnu (valeurs acceptées : {accepted}{hint})")

    return read


def sex_reader(extra: Mapping[str, object] | None = None, wording: Wording = CLI) -> Callable[[str], object]:
    return coded_reader(SEXES, "sexe", "F, H, Femme, Homme, M", extra, wording=wording)


def status_reader(extra: Mapping[str, object] | None = None, wording: Wording = CLI) -> Callable[[str], object]:
    return coded_reader(STATUSES, "statut", "cadre, non cadre", extra, blank=NOT_GIVEN, wording=wording)


def contract_reader(extra: Mapping[str, object] | None = None, wording: Wording = CLI) -> Callable[[str], object]:
    return coded_reader(
        CONTRACTS, "contrat", "CDI, CDD, alternance, intérim, stage, autre", extra, blank=NOT_GIVEN, wording=wording
    )


def livre_reader(extra: Mapping[str, object] | None = None, wording: Wording = CLI) -> Callable[[str], object]:
    return coded_reader(LIVRES, "livre", "2, 3", extra, blank=0, wording=wording)


def reason_reader(extra: Mapping[str, object] | None = None, wording: Wording = CLI) -> Callable[[str], object]:
    """Exit reason -> its code (REASONS); an empty cell is NOT_GIVEN (counted as other
    when the row has an exit date)."""
    return coded_reader(REASONS, "motif de sortie", accepted_reasons(), extra, blank=NOT_GIVEN, wording=wording)


# ---- dates and numbers ---------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_INT = re.compile(r"^\d+(?:[.,]0+)?$")


def read_date(text: str) -> dt.date:
    """A calendar date as French HR files write it: 31/12/1980, 31-12-1980, 31.12.1980
    or 1980-12-31 (the form spreadsheets and databases export)."""
    _check_formula(text)
    s = text.strip()
    if not s:
        raise Refused("date manquante")
    if m := _DMY.match(s):
        d, mth, y = (int(g) for g in m.groups())
    elif m := _YMD.match(s):
        y, mth, d = (int(g) for g in m.groups())
    else:
        raise Refused(
            f"« {text} » : date illisible (formats acceptés : JJ/MM/AAAA ou AAAA-MM-JJ, année sur quatre chiffres)"
        )
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise Refused(f"« {text} » : année hors de {MIN_YEAR} à {MAX_YEAR}")
    try:
        return dt.date(y, mth, d)
    except ValueError:
        raise Refused(f"« {text} » : cette date n'existe pas dans le calendrier") from None


def date_years(texts: Sequence[str]) -> dict[str, int]:
    """Years of the texts that are plain dates (31/12/1980 or 1980-12-31, zero-padded,
    years MIN_YEAR..MAX_YEAR), read in one pass by pyarrow: a register's tens of
    thousands of distinct dates. A text is kept only if it reads back identically, so
    an impossible date (31/02/1980) is never taken; every other text is left to
    `read_date`, whose message names the fault."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(texts, pa.string())
    years: dict[str, int] = {}
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        parsed = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
        same = pc.equal(pc.strftime(parsed, format=fmt), arr).fill_null(False)
        for text, year, ok in zip(texts, pc.year(parsed).to_pylist(), same.to_pylist()):
            if ok and MIN_YEAR <= year <= MAX_YEAR:
                years.setdefault(text, year)
    return years


def read_int(text: str, what: str) -> int:
    _check_formula(text)
    s = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if not s:
        raise Refused(f"{what} manquant")
    if not _INT.match(s):
        raise Refused(f"« {text} » : {what} doit être un nombre entier")
    return int(re.split(r"[.,]", s)[0])


def read_year(text: str) -> int:
    y = read_int(text, "année")
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise Refused(f"« {text} » : une année sur quatre chiffres est attendue ({MIN_YEAR} à {MAX_YEAR})")
    return y


def read_age(text: str) -> int:
    return read_int(text, "âge")


def check_age(age: int, text: str, ref_year: int) -> None:
    if not MIN_AGE <= age <= MAX_AGE:
        raise Refused(f"« {text} » : âge {age} ans au 31/12/{ref_year}, hors de l'intervalle {MIN_AGE} à {MAX_AGE} ans")


_BAND: list[tuple[re.Pattern[str], Callable[..., tuple[int, int]]]] = [
    (re.compile(r"^(?:de )?(\d{1,2}) ?(?:-|à|a|–) ?(\d{1,2})(?: ans?)?$"), lambda a, b: (int(a), int(b))),
    (re.compile(r"^(?:moins de|< ?|-) ?(\d{1,2})(?: ans?)?$"), lambda a: (OPEN_LOW_AGE, int(a) - 1)),
    (re.compile(r"^(\d{1,2})(?: ans?)? ?(?:et plus|ou plus|\+|et \+)$"), lambda a: (int(a), OPEN_HIGH_AGE)),
    (re.compile(r"^(?:plus de|> ?) ?(\d{1,2})(?: ans?)?$"), lambda a: (int(a) + 1, OPEN_HIGH_AGE)),
    (re.compile(r"^(\d{1,2})(?: ans?)?$"), lambda a: (int(a), int(a))),
]


def read_age_band(text: str) -> tuple[int, int]:
    """An age band as OEMM tables print it: "25-29", "25 à 29 ans", "moins de 25 ans",
    "60 ans et plus", "55+"; open bands stop at 18 and 67 (working ages)."""
    _check_formula(text)
    s = re.sub(r"\s+", " ", text.strip().lower())
    if not s:
        raise Refused("tranche d'âge manquante")
    if norm(s) in TOTAL_WORDS:
        raise Refused(f"« {text} » : ligne de total, à retirer (les totaux sont recalculés)")
    for pattern, make in _BAND:
        if m := pattern.match(s):
            lo, hi = make(*m.groups())
            if lo > hi:
                raise Refused(f"« {text} » : tranche d'âge vide")
            if lo < MIN_AGE or hi > MAX_AGE:
                raise Refused(f"« {text} » : âges hors de l'intervalle {MIN_AGE} à {MAX_AGE} ans")
            return lo, hi
    raise Refused(
        f"« {text} » : tranche d'âge illisible (formats acceptés : 25-29, 25 à 29 ans, moins de 25 ans, 60 ans et plus)"
    )


def read_count(text: str) -> int:
    """A headcount: a whole number of people, French thousands accepted ("1 234")."""
    n = read_int(text, "effectif")
    return n
