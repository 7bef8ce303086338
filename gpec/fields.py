"""The scenario's fields, their defaults and their bounds, written once.

The validator reads its bounds from here and the method page renders its table of
fields from here, so the rules a user reads are the rules the code applies (a test
probes every bound of this table against the validator).

Paths are dotted as in the JSON; `<famille>` stands for any family code of the
population and `[n]` for the n-th mobility rule, counted from 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schedules import SCHEDULES

RULES = ("fixed_age", "age_curve", "legal_schedule")
SCHEMA_VERSION = 1  # a file that does not say its version is read as version 1
LATEST_SCHEMA_VERSION = 2  # version 2: exit rates by age band, calibration provenance
MAX_SPAN_YEARS = 60
MIN_AGE, MAX_AGE = 15, 80
HIRE_MIN_AGE, HIRE_MAX_AGE = 18, 67


class _Missing:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT = _Missing()
SEE_BELOW = "voir ses champs"


def fmt_number(x: float | int) -> str:
    """Bounds and defaults as a JSON writer would print them (dot decimal)."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    return repr(float(x))


@dataclass(frozen=True)
class Field:
    """One scenario field: what it means, its type, whether it can be left out, and
    the bound or choice list it must respect."""

    path: str
    kind: str  # "entier", "nombre", "texte", "choix", "objet", "liste"
    meaning: str
    required: bool = False
    default: object = NO_DEFAULT
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    when: str = ""
    extra: str = ""

    @property
    def number_default(self) -> float:
        """The default of a number field."""
        if not isinstance(self.default, (int, float)):
            raise TypeError(f"{self.path}: no numeric default")
        return self.default

    @property
    def rule(self) -> str:
        """The sentence a refusal ends with ("doit être compris entre 0 et 3")."""
        if self.choices:
            return "doit valoir " + " ou ".join(f'"{c}"' for c in self.choices)
        if self.low is not None and self.high is not None:
            if self.low == self.high:
                return f"doit valoir {fmt_number(self.low)}"
            if self.kind == "entier":
                return f"doit être un nombre entier de {fmt_number(self.low)} à {fmt_number(self.high)}"
            return f"doit être compris entre {fmt_number(self.low)} et {fmt_number(self.high)}"
        if self.kind == "entier":
            return "doit être un nombre entier"
        if self.kind == "nombre":
            return "doit être un nombre"
        if self.kind == "texte":
            return "doit être un texte"
        if self.kind == "objet":
            return "doit être un objet JSON {…}"
        if self.kind == "liste":
            return "doit être une liste JSON […]"
        return ""

    @property
    def default_text(self) -> str:
        if self.default is NO_DEFAULT:
            return ""
        if self.kind == "objet" and isinstance(self.default, str):
            return self.default  # a sentence, not a value
        if isinstance(self.default, str):
            return f'"{self.default}"'
        if isinstance(self.default, (int, float)):
            return fmt_number(self.default)
        if self.default == []:
            return "[]"
        if self.default == {}:
            return "{}"
        return str(self.default)


def _rate_fields(name: str, meaning: str, low: float, high: float, default: float) -> list[Field]:
    return [
        Field(name, "objet", meaning + " : taux par défaut et exceptions par famille", default=SEE_BELOW),
        Field(f"{name}.default", "nombre", meaning + ", toutes familles", default=default, low=low, high=high),
        Field(f"{name}.by_family", "objet", "exceptions par famille", default={}),
        Field(
            f"{name}.by_family.<famille>",
            "nombre",
            meaning + " pour cette famille",
            low=low,
            high=high,
            extra="la famille doit exister dans la population",
        ),
    ]


def _band_fields(path: str, meaning: str) -> list[Field]:
    return [
        Field(
            path,
            "liste",
            meaning + " (version 2)",
            extra="tranches sans chevauchement ; un âge hors de toute tranche prend le niveau suivant",
        ),
        Field(f"{path}[n].from", "entier", "premier âge de la tranche", required=True, low=MIN_AGE, high=MAX_AGE),
        Field(
            f"{path}[n].to",
            "entier",
            "dernier âge de la tranche (compris)",
            required=True,
            low=MIN_AGE,
            high=MAX_AGE,
            extra="au moins égal à from",
        ),
        Field(
            f"{path}[n].rate",
            "nombre",
            "taux annuel de départs hors retraite dans la tranche",
            required=True,
            low=0,
            high=1,
        ),
    ]


FIELDS: tuple[Field, ...] = tuple(
    [
        Field(
            "schema_version",
            "entier",
            "version du format de fichier",
            default=SCHEMA_VERSION,
            low=SCHEMA_VERSION,
            high=LATEST_SCHEMA_VERSION,
            extra="2 pour utiliser other_exit_rate.by_age, other_exit_rate.by_family_age ou calibration",
        ),
        Field("name", "texte", "nom du scénario", required=True, extra="non vide"),
        Field("description", "texte", "phrase qui résume les hypothèses", default=""),
        Field("base_year", "entier", "année de base (effectifs au 1er janvier)", required=True, low=1990, high=2100),
        Field(
            "horizon_year",
            "entier",
            "année d'horizon (effectifs au 1er janvier)",
            required=True,
            extra=f"doit être postérieure à base_year, de {MAX_SPAN_YEARS} ans au plus",
        ),
        Field("retirement", "objet", "règle de départ en retraite", required=True),
        Field("retirement.rule", "choix", "forme de la règle", required=True, choices=RULES),
        Field(
            "retirement.age",
            "entier",
            "âge de départ (q = 1 à partir de cet âge)",
            required=True,
            low=50,
            high=MAX_AGE,
            when="rule = fixed_age",
        ),
        Field(
            "retirement.probabilities",
            "objet",
            "probabilité de partir dans l'année, par âge",
            required=True,
            when="rule = age_curve",
            extra="au moins un âge",
        ),
        Field(
            "retirement.probabilities.<âge>",
            "nombre",
            "probabilité de départ à cet âge",
            low=0,
            high=1,
            when="rule = age_curve",
            extra=f"l'âge est un entier de {MIN_AGE} à {MAX_AGE} écrit entre guillemets ; "
            f"à {MAX_AGE} ans la probabilité doit valoir 1",
        ),
        Field(
            "retirement.schedule",
            "choix",
            "barème légal par génération",
            required=True,
            choices=tuple(SCHEDULES),
            when="rule = legal_schedule",
        ),
        Field(
            "retirement.delay_years",
            "nombre",
            "décalage en années ajouté à l'âge légal",
            default=0.0,
            low=-5,
            high=5,
            when="rule = legal_schedule",
        ),
    ]
    + _rate_fields("other_exit_rate", "taux annuel de départs hors retraite", 0, 1, 0.0)
    + _band_fields("other_exit_rate.by_age", "taux annuel de départs hors retraite par tranche d'âge, toutes familles")
    + [
        Field(
            "other_exit_rate.by_family_age",
            "objet",
            "tranches d'âge propres à une famille (version 2) : famille -> liste de tranches comme by_age",
            extra="la famille doit exister dans la population ; prime sur by_family, by_age et default",
        )
    ]
    + _rate_fields("replacement_rate", "taux de remplacement des départs", 0, 3, 1.0)
    + _rate_fields("growth_rate", "croissance annuelle voulue de l'effectif", -0.5, 0.5, 0.0)
    + [
        Field("internal_mobility", "liste", "règles de mobilité interne", default=[]),
        Field(
            "internal_mobility[n].from",
            "texte",
            "famille d'origine des personnes mutées",
            required=True,
            extra="la famille doit exister dans la population",
        ),
        Field(
            "internal_mobility[n].to",
            "texte",
            "famille d'accueil",
            required=True,
            extra="différente de from ; doit exister dans la population",
        ),
        Field(
            "internal_mobility[n].share",
            "nombre",
            "part des embauches de la famille d'accueil pourvue par mutation",
            required=True,
            low=0,
            high=1,
            extra="la somme des parts vers une même famille ne dépasse pas 1",
        ),
        Field("hires", "objet", "profil des embauches externes", required=True),
        Field(
            "hires.mean_age",
            "nombre",
            "âge moyen des embauches (loi normale)",
            required=True,
            low=HIRE_MIN_AGE,
            high=HIRE_MAX_AGE,
        ),
        Field("hires.age_sd", "nombre", "écart type de l'âge des embauches", required=True, low=1, high=20),
        Field("hires.share_women", "nombre", "part des femmes parmi les embauches", required=True, low=0, high=1),
        Field("monte_carlo", "objet", "tirages aléatoires", default=SEE_BELOW),
        Field(
            "monte_carlo.draws", "entier", "nombre de tirages (0 = calcul déterministe)", default=0, low=0, high=10000
        ),
        Field(
            "monte_carlo.seed",
            "entier",
            "graine du générateur (même graine, même résultat)",
            default=0,
            low=0,
            high=2**32 - 1,
        ),
        Field(
            "calibration",
            "objet",
            "provenance des taux observés (version 2) : affichée avec le scénario, reprise dans les CSV et le support",
            extra="ne change aucun calcul",
        ),
        Field("calibration.scope", "texte", "périmètre importé dont les mouvements ont servi", required=True),
        Field("calibration.years", "liste", "années de mouvements utilisées (entiers)", required=True),
        Field(
            "calibration.people_at_risk",
            "entier",
            "personnes exposées (présentes au 1er janvier), cumulées sur les années",
            required=True,
            low=0,
            high=10**9,
        ),
        Field("calibration.exits", "entier", "sorties observées, tous motifs", required=True, low=0, high=10**9),
        Field("calibration.method", "texte", "méthode de calcul des taux", required=True),
    ]
)

BY_PATH: dict[str, Field] = {f.path: f for f in FIELDS}


def field(path: str) -> Field:
    return BY_PATH[path]
