"""The words of the interface: page and chart titles, axis and legend labels, the
studio's and the deck's texts, the audiences' marks, the import page's wording.
Changing a word of a screen or a slide is done here.

What this module does not hold, on purpose: the sentences that refuse an input
(a scenario field, a population line, an imported file) live beside the rule they
state (gpec/fields.py, gpec/scenario.py, gpec/population.py, etl/schemas.py,
etl/imports/wording.py), so a rule and its sentence change together; the names the
data carries (families' full labels, sources' titles) come from the store; the
method pages are in docs/. This module imports nothing of the project."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

APP_TITLE = "Relève"
APP_TAGLINE = "Prospective des emplois de la branche Mutualité"

# Harmonised job families (codes from the data store's nomenclature). Short labels for
# charts; the full labels are in the `families` table.
FAMILY_LABELS = {
    "commercial": "Commercial et relation adhérents",
    "gestion": "Gestion des adhérents et prestations",
    "produit_risque": "Produits, actuariat, juridique",
    "si": "Systèmes d'information",
    "support": "Fonctions support",
    "optique_audio_pharma": "Optique, audio, pharmacie",
    "medicosocial_sanitaire": "Médicosocial et sanitaire",
    "autonomie": "Autonomie, aide à la personne",
    "petite_enfance": "Petite enfance",
    "moteurs_changement": "Moteurs du changement",
    "autres": "Autres familles (non ventilé)",
    "TOTAL": "Ensemble",
}
SEX_LABELS = {"F": "Femmes", "H": "Hommes"}

STATUS_LABELS = {"published": "publié", "derived": "dérivé", "estimated": "estimé", "projection": "projection"}

SCOPE_LABELS = {
    "assurance_sante": "Activité d'assurance santé des mutuelles",
    "branche": "Branche Mutualité (convention collective)",
    "livre2": "Livre 2 (mutuelles d'assurance)",
    "livre3": "Livre 3 (services de soins et d'accompagnement)",
    "ess_mutuelles": "Mutuelles de l'économie sociale",
    "repondants_bilan_social": "Répondants au bilan social (non pondéré)",
    "mutuelles": "Mutuelles (entreprises)",
    "entreprises": "Entreprises mutualistes",
    "population": "Personnes protégées",
    "employeurs_mutualistes": "Entreprises mutualistes (toutes conventions collectives)",
    "repondants_etude_familles": "Répondants à l'étude des familles de métiers (convention collective)",
    "ghmf": "Groupe hospitalier de la Mutualité française (GHMF)",
    "secteur_mutualiste": "Secteur mutualiste (Mutualité Française et ANEM)",
    "mutuelles_sante_marche": "Marché des mutuelles santé (hors branche)",
    "mutuelles_complementaire_drees": "Mutuelles en complémentaire santé, décompte DREES (hors branche)",
    "branche_si": "Branche Mutualité, métiers des systèmes d'information",
    "branche_cadres": "Branche Mutualité, cadres",
    "branche_recrutements": "Branche Mutualité, recrutements",
    "etude_livre3": "Étude prospective du Livre 3",
    "france_gestionnaires_sante": "Gestionnaires conseil prestations de santé en France (hors branche)",
    "securite_sociale_cpam": "Caisses primaires d'assurance maladie (hors branche)",
    "belgique": "Mutuelles en Belgique (hors branche)",
}
POPULATION_LABELS = {"ensemble": "Ensemble des salariés", "cadres": "Cadres", "recrutements": "Recrutements"}

EXPORT_DIALECTS = {"standard": "CSV standard", "excel-fr": "Excel (FR)"}
# Column headers of what people take away (Excel (FR) CSV, XLSX workbook); the
# standard CSV keeps the store's snake_case names.
EXPORT_HEADERS = {
    "accessed": "Consulté le",
    "age": "Âge",
    "age_band": "Tranche d'âge",
    "base_headcount": "Effectif de départ",
    "base_year": "Année de départ",
    "block": "Bloc",
    "category": "Catégorie",
    "certificate": "Certificat",
    "certificates": "Certificats",
    "confidence": "Confiance",
    "count": "Nombre",
    "departures": "Départs",
    "dimension": "Dimension",
    "diplomas": "Diplômes",
    "display": "Valeur affichée",
    "external_hires": "Embauches externes",
    "external_hires_total": "Embauches externes sur la période",
    "family": "Famille",
    "family_label": "Famille",
    "harmonised_family": "Famille harmonisée",
    "headcount": "Effectif",
    "hires": "Embauches",
    "horizon_headcount": "Effectif à l'horizon",
    "horizon_year": "Année d'horizon",
    "indicator": "Indicateur",
    "job": "Métier",
    "label": "Libellé",
    "label_en": "Libellé anglais",
    "label_fr": "Libellé",
    "livre": "Livre",
    "locator": "Où dans la source",
    "locator_hint": "Où dans le document",
    "mean_age": "Âge moyen",
    "method": "Méthode",
    "moves": "Mobilités internes",
    "note": "Remarque",
    "notes": "Remarques",
    "other_exits": "Autres départs",
    "part": "Partie",
    "population": "Population",
    "pub_year": "Année de publication",
    "published_family": "Famille publiée",
    "publisher": "Éditeur",
    "qualifier": "Précision",
    "ref_year": "Année",
    "ref_year_approx": "Année approximative",
    "retirements": "Départs à la retraite",
    "retirements_total": "Départs à la retraite sur la période",
    "scope": "Périmètre",
    "scope_label": "Périmètre",
    "series": "Série",
    "series_label": "Série",
    "sex": "Sexe",
    "share": "Part (%)",
    "skills": "Compétences",
    "source_id": "Source",
    "status": "Statut",
    "suppressed_label": "Secret statistique",
    "taxonomy": "Nomenclature",
    "theme": "Thème",
    "title": "Titre",
    "total": "Total",
    "type": "Type",
    "type_group": "Groupe de types",
    "unit": "Unité",
    "url": "Lien",
    "value": "Valeur",
    "value_as_printed": "Valeur imprimée",
    "year": "Année",
    "year_total": "Total de l'année",
    # a projection's tables (scenario studio); its shares are given to people in percent
    "calibration": "Calibration des taux",
    "headcount_start": "Effectif au 1er janvier",
    "headcount_end": "Effectif en fin d'année",
    "moves_out": "Mobilités sortantes",
    "moves_in": "Mobilités entrantes",
    "share_retiring_by_horizon": "Part de l'effectif de départ partie à la retraite (%)",
    "mean_age_base": "Âge moyen au départ",
    "mean_age_horizon": "Âge moyen à l'horizon",
    "share_55_plus_base": "Part des 55 ans et plus au départ (%)",
    "share_55_plus_horizon": "Part des 55 ans et plus à l'horizon (%)",
    "share_women_base": "Part des femmes au départ (%)",
    "share_women_horizon": "Part des femmes à l'horizon (%)",
}
# A Monte Carlo projection's percentiles over draws: "retirements_p10" -> "Départs à la
# retraite (10e centile)", for any column with a header (core.exports.header).
PERCENTILE_HEADER = "{header} ({p}e centile)"
EXPORT_YES, EXPORT_NO = "oui", "non"
EXPORT_REFERENCE_YEAR = "Année de référence"  # ref_year beside a year of its own (a projection's base)
DOWNLOAD_XLSX = "Excel"
DOWNLOAD_XLSX_HELP = "Classeur Excel : les lignes du graphique (nombres en nombres) et leurs sources."
WORKBOOK_TITLE = "Relève : les chiffres de la branche Mutualité"
WORKBOOK_README = "Lisez-moi"
WORKBOOK_SOURCES = "Sources"
WORKBOOK_SOURCES_ABOUT = (
    "Chaque source citée par la colonne « Source » des autres feuilles : éditeur, titre, année, lien."
)
WORKBOOK_SHEET = "Feuille"
WORKBOOK_CONTENT = "Contenu"
WORKBOOK_ROWS = "Lignes"
WORKBOOK_ABOUT_WHAT = "Ce classeur"
WORKBOOK_ABOUT_WHAT_TEXT = (
    "Les tables du magasin de données de Relève, une par feuille, avec leurs sources. Chaque ligne "
    "garde sa source (colonne « Source »), son année, son périmètre et son statut."
)
WORKBOOK_ABOUT_DATE = "Date"
WORKBOOK_ABOUT_SCOPE = "Périmètre"
WORKBOOK_ABOUT_SCOPE_ALL = "Tous les périmètres publiés{imported}."
WORKBOOK_ABOUT_SCOPE_IMPORTED = ", et les périmètres importés : {names}"
WORKBOOK_ABOUT_STATUS = "Statuts"
WORKBOOK_ABOUT_STATUS_TEXT = (
    "publié : imprimé tel quel dans la source ; dérivé : calculé à partir d'un chiffre publié ; "
    "estimé : calculé par Relève sous des hypothèses (voir la colonne « Méthode ») ; "
    "projection : résultat d'un scénario."
)
WORKBOOK_ABOUT_PRIVACY = "Secret statistique"
WORKBOOK_ABOUT_PRIVACY_TEXT = (
    "Les chiffres publiés sont complets. Pour un périmètre importé, les cellules de moins de "
    "{min_cell} personnes se lisent « < {min_cell} » et celles qui permettraient de les retrouver "
    "par soustraction « secret » (colonne « Secret statistique ») ; les totaux restent exacts."
)
WORKBOOK_ABOUT_PRIVACY_NONE = "Aucun périmètre importé : rien n'est masqué."
WORKBOOK_ABOUT_NUMBERS = "Nombres"
WORKBOOK_ABOUT_NUMBERS_TEXT = (
    "Les nombres sont des nombres (sommes et filtres possibles), à pleine précision, affichés à la "
    "française ; les effectifs estimés ou projetés ne sont pas arrondis."
)
WORKBOOK_CHART_SHEET = "Données"
WORKBOOK_SHEETS = {
    "figures": "Chiffres publiés",
    "establishment_types": "Types d'établissements",
    "families": "Familles",
}
WORKBOOK_CHART_ABOUT = "Les lignes du graphique « {title} »."
EXPORT_QUALIFIERS = {"exact": "exact", "approx": "environ", "at_least": "au moins", "at_most": "au plus"}
EXPORT_FILTERS = "Sélection : {filters}"
EXPORT_FILTER_ITEM = "{name} = {values}"

SOURCE_PREFIX = "Source : "
PRESENT_TOGGLE = "Mode présentation"
PRESENT_EXIT = "Quitter le mode présentation"
NO_DATA = "Aucune donnée pour cette combinaison de filtres : élargissez la sélection."
STORE_BUILDING = "Première ouverture : construction du magasin de données…"
STORE_FAILED = (
    "Le magasin de données n'a pas pu être construit. Corrigez les fichiers sources ci-dessous puis rechargez la page :"
)
DOWNLOAD_CSV = "Télécharger les chiffres (CSV)"
DIALECT_CHOICE = "Format des CSV"


def family_label(code: str) -> str:
    return FAMILY_LABELS.get(code, code)


IMPORTED_SCOPE_LABEL = "{scope} (importé)"
# Display names of the scopes one browser session holds on a shared server (set at the
# start of each run of that session's script; a context variable, so no other
# session's run ever reads them).
# Read-only default (never mutated: a session sets its own dict for its run).
SESSION_SCOPE_NAMES: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar(
    "session_scope_names",
    default={},  # noqa: B039
)


# How an imported scope's display name is found: the data layer registers its lookup
# (etl.catalog.display_name) so that this module imports no other package.
_imported_name: Callable[[str], str | None] | None = None


def set_imported_name_lookup(lookup: Callable[[str], str | None]) -> None:
    """Let `scope_label` ask the data layer for an imported scope's display name."""
    global _imported_name
    _imported_name = lookup


def scope_label(code: str) -> str:
    """The published scopes by their French name; a user's imported scope by the
    display name given at import (else its id), marked as imported."""
    if code in SCOPE_LABELS:
        return SCOPE_LABELS[code]
    held = SESSION_SCOPE_NAMES.get()
    if code in held:  # a scope of this browser session only (shared server)
        return IMPORTED_SCOPE_LABEL.format(scope=held[code] or code)
    name = _imported_name(str(code)) if _imported_name else None
    if name is None:  # no such imported scope
        return code
    return IMPORTED_SCOPE_LABEL.format(scope=name or code)


# --- Dashboard pages -------------------------------------------------------------------

# The navigation's short names (core/pages.py lists the pages).
NAV_TITLES = {
    "accueil": "Accueil",
    "evolutions": "Évolutions",
    "familles": "Familles et métiers",
    "egalite": "Égalité femmes-hommes",
    "ages": "Âges et départs",
    "livre3": "Livre 3 (SSAM)",
    "scenarios": "Scénarios GPEC",
    "import": "Importer des données",
    "donnees": "Données et sources",
}
PAGE_TITLES = {
    "accueil": "Relève : les emplois de la branche Mutualité en chiffres",
    "familles": "Familles et métiers",
    "egalite": "Égalité femmes-hommes",
    "ages": "Âges et départs à la retraite",
    "livre3": "Livre 3 : services de soins et d'accompagnement (SSAM)",
    "evolutions": "Évolutions : la branche au fil des années",
    "donnees": "Données et sources",
    "import": "Importer des données",
    "scenarios": "Scénarios GPEC : départs, remplacements, recrutements",
}
PAGE_INTROS = {
    "accueil": (
        "Les chiffres publiés sur les salariés des mutuelles, le plus récent d'abord, chacun avec son "
        "année, son périmètre et sa source ; sous chaque chiffre, les valeurs plus anciennes. Les périmètres "
        "changent d'une publication à l'autre : ils sont toujours indiqués."
    ),
    "familles": (
        "Effectifs par famille de métiers harmonisée, fiches métier avec diplômes et certificats, "
        "et table de passage entre les nomenclatures des différentes publications."
    ),
    "egalite": (
        "Part des femmes selon le périmètre, la population (ensemble, cadres, recrutements) et l'année. "
        "Chaque point garde son périmètre : un point de 2009 et un point de 2019 ne se relient que "
        "s'ils décrivent la même population."
    ),
    "ages": (
        "Pyramide des âges (estimée pour la branche, réelle pour vos données importées), départs à la retraite à l'âge légal projetés par famille, et "
        "l'affirmation de 2009 « 1 salarié sur 2 à la retraite d'ici 2015 » confrontée à une "
        "structure par âge."
    ),
    "livre3": (
        "Les services de soins et d'accompagnement mutualistes : leur poids dans la branche, leurs "
        "établissements par type en 2006, vers 2011, vers 2014 et vers 2021 (listes publiées rapprochées par "
        "une table de passage), quelques repères (organismes gestionnaires, groupe hospitalier) et leurs "
        "familles de métiers."
    ),
    "evolutions": (
        "Chaque chiffre publié pour au moins deux années, année par année : effectifs par périmètre, "
        "mixité, rémunérations minimales, enquêtes de branche, services du Livre 3 et, pour le contexte, "
        "le marché des mutuelles. Une ligne ne relie que des valeurs d'un même périmètre : un changement "
        "de périmètre est une coupure. Marqueurs creux et traits pointillés : valeurs dérivées (calculées "
        "à partir de chiffres publiés). Au survol, chaque valeur donne sa source ; le CSV aussi."
    ),
    "donnees": (
        "Toutes les tables du magasin de données, filtrables et téléchargeables, chaque chiffre publié avec "
        "son thème, sa confiance et le lien vers sa source, le dictionnaire des données et la liste des "
        "sources."
    ),
    "import": (
        "Ajoutez votre propre registre du personnel (une ligne par salarié) ou un tableau agrégé "
        "(famille × sexe × tranche d'âge) : il devient un **périmètre à part**, à côté des chiffres publiés, "
        "qu'il ne modifie jamais. Le fichier reste dans votre session tant que vous ne l'enregistrez pas ; "
        "seuls des effectifs agrégés sont enregistrés, jamais les noms ni les matricules. Les cellules de "
        "moins de 5 personnes (seuil réglable) sont masquées partout, ainsi que celles qui permettraient de "
        "les retrouver par différence. En-têtes reconnus et règles : docs/import.md."
    ),
}

# Accueil: key-figure cards and the "what changed" comparison.
KEY_FIGURES_HEADER = "Chiffres clés publiés"
KEY_FIGURE_LABELS = {
    "headcount": "Salariés",
    "women": "Part des femmes",
    "managers": "Part des cadres",
    "livre3": "Salariés de la branche en Livre 3",
    "min_pay": "Rémunération minimale annuelle",  # of the branch (the caption says so): whole on a card
    "establishments": "Établissements et services du Livre 3",
    "enterprises": "Entreprises mutualistes",
    "retirement_claim": "Départs à la retraite annoncés d'ici 2015",
}
CLAIM_CARD_NOTE = "Affirmation publiée en 2009 ; la source de la projection n'est pas indiquée."
CHANGES_HEADER = "Ce qui a changé entre 2009 et les chiffres récents"
CHANGES_INTRO = (
    "Chaque ligne oppose un chiffre de 2009 (ou proche) à un chiffre récent. Quand les périmètres "
    "diffèrent, l'écart ne mesure pas une évolution : la colonne « Comparabilité » le dit."
)
CHANGE_LABELS = {
    "headcount": "Nombre de salariés",
    "women": "Part des femmes",
    "managers": "Part des cadres",
    "women_managers": "Part des femmes parmi les cadres",
    "men_recruits": "Part des hommes parmi les recrutements",
    "establishments": "Établissements du Livre 3",
}
COMPARABLE_SAME = "Même périmètre : écart de {delta}"
COMPARABLE_DIFFERENT = "Périmètres différents : l'écart n'est pas une évolution"
COMPARABLE_LISTS = "Même périmètre, mais listes de types différentes : ordre de grandeur"
CHANGE_COLUMNS = {
    "indicator_label": "Indicateur",
    "before": "Avant",
    "before_year": "Année",
    "before_scope": "Périmètre",
    "after": "Récent",
    "after_year": "Année ",
    "after_scope": "Périmètre ",
    "comparability": "Comparabilité",
}
SCOPE_WARNING = "Périmètres différents"
CLAIM_LINK = "Confronter cette affirmation à une pyramide des âges"
SCOPES_CHART_TITLE = "Effectifs publiés : chaque chiffre a son périmètre"
SCOPES_CHART_NOTE = (
    "Ces effectifs ne décrivent pas la même population : ils ne se suivent pas comme une série. "
    "Les barres hachurées sont dérivées (calculées), les autres publiées."
)

# Families page.
FAMILY_CHART_TITLE = "Effectifs par famille de métiers"
BOUND_AT_LEAST = "borne basse (« plus de ») : l'effectif réel est supérieur"
BOUND_AT_MOST = "borne haute (« au plus ») : l'effectif réel est inférieur"
BOUND_NOTE = (
    "Les barres hachurées sont des bornes : « ≥ » signale un minimum publié (« plus de »), "
    "« ≤ » un maximum. Les bornes ne s'additionnent pas en un total exact."
)
HEADCOUNT_AXIS = "Salariés"
JOBS_HEADER = "Fiches métier : diplômes et certificats"
JOBS_FAMILY_FILTER = "Famille de métiers"
ALL_FAMILIES = "Toutes les familles"
CROSSWALK_HEADER = "Table de passage entre nomenclatures"
CROSSWALK_INTRO = (
    "Chaque publication découpe les métiers à sa façon. Les graphiques utilisent la nomenclature "
    "harmonisée (lignes) ; les colonnes donnent les familles telles que publiées."
)
BLOCKS_HEADER = "Blocs de compétences des CQP de la branche"
TAXONOMY_LABELS = {
    "harmonise": "Nomenclature harmonisée",
    "cep_2007": "Étude prospective 2007 (CEP)",
    "onisep_2009": "ONISEP 2009",
    "oemm_2014": "Études de familles OEMM (données 2014)",
    "oemm_livre3_2019": "Étude Livre 3 OEMM (vers 2019)",
}
JOB_COLUMNS = {
    "family_label": "Famille harmonisée",
    "job": "Métier",
    "published_family": "Famille publiée",
    "diplomas": "Diplômes",
    "certificates": "Certificats (CQP)",
    "source_id": "Source",
}

# Gender page.
GENDER_TIME_TITLE = "Part des femmes selon l'année, le périmètre et la population"
GENDER_SPLIT_TITLE = "Répartition femmes-hommes, dernier chiffre connu de chaque population"
GENDER_AXIS = "Part des femmes"
SHARE_AXIS = "Part"
DERIVED_MARK = "dérivé (calculé à partir d'un chiffre publié)"
GENDER_TIME_NOTE = (
    "Les segments relient deux années d'une même population. Les marqueurs creux sont des valeurs "
    "dérivées (par différence ou d'après « en hausse de x points »)."
)
GENDER_TABLE_HEADER = "Les chiffres et leur calcul"

# Ages page.
PYRAMID_TITLE = "Pyramide des âges"
PYRAMID_TITLE_ESTIMATED = "Pyramide des âges estimée"
ESTIMATE_WATERMARK = "ESTIMATION"
ESTIMATE_WARNING = (
    "**Estimation, pas une donnée publiée.** Aucune pyramide des âges de la branche n'est "
    "publiée : "
    "celle-ci est calée sur les chiffres publiés (effectifs, part des femmes, âge du salarié type, "
    "part des 50 ans et plus). Méthode : {method}"
)
AGE_AXIS = "Âge"
FAMILY_FILTER = "Familles de métiers"
SCOPE_FILTER = "Périmètre"
YEAR_FILTER = "Année de référence"
SCHEDULE_FILTER = "Règle d'âge légal"
SCHEDULE_SHORT = {
    "loi_2010": "loi de 2010",
    "loi_2023": "loi de 2023",
    "loi_2023_suspension_2026": "loi de 2023 avec la suspension de 2026",
}
PYRAMID_TOTAL = "Effectif"
PYRAMID_TOTAL_ESTIMATED = "Effectif estimé"
PYRAMID_MEAN_AGE = "Âge moyen"
PYRAMID_55 = "55 ans et plus"
PYRAMID_WOMEN = "Part des femmes"
RETIREMENTS_TITLE = "Départs à la retraite projetés, par année et par famille"
RETIREMENTS_AXIS = "Départs à l'âge légal"
RETIREMENTS_CHART_TITLE = "Départs projetés par année et par famille · {schedule}"
RETIREMENTS_NOTE = (
    "Projection (valeurs attendues) du scénario « {preset} » : {description} Seule la règle d'âge "
    "légal change avec le filtre ; chacun est supposé partir à l'âge légal de sa génération. "
    "Base : la pyramide estimée ci-dessus."
)
RETIREMENTS_CUMULATED = "Départs cumulés d'ici {year}"
CLAIM_HEADER = "« 1 salarié sur 2 à la retraite d'ici 2015 » : que dit une structure par âge ?"
CLAIM_TITLE = "Part des salariés de 2009 partis à la retraite d'ici 2015"
CLAIM_BARS = {
    "claimed": "Affirmation publiée en 2009",
    "implied": "Âge légal, loi de 2010",
    "implied_60": "Tous à 60 ans (hypothèse haute)",
}
CLAIM_NOTE = (
    "Calcul sur la pyramide estimée de 2009 (activité d'assurance santé, 73 900 salariés), sans autre "
    "départ que la retraite : c'est le maximum que cette structure par âge permet."
)
CLAIM_VERDICT = (
    "Avec la structure par âge estimée pour 2009 et les âges légaux de la loi de 2010, environ "
    "{implied} des salariés de 2009 auraient atteint l'âge légal d'ici {horizon}, loin de "
    "« 1 sur 2 » ({claimed}). Pour que la moitié parte, il faudrait que les 50 ans et plus forment "
    "bien plus que les 28 % connus en 2008."
)
CLAIM_VERDICT_CLOSE = (
    "Avec la structure par âge estimée pour 2009 et les âges légaux de la loi de 2010, environ "
    "{implied} des salariés de 2009 auraient atteint l'âge légal d'ici {horizon}, proche de "
    "l'affirmation « 1 sur 2 » ({claimed})."
)
ESTIMATE_SHORT = (
    "**Estimation, pas une donnée publiée** : pyramide calée sur les chiffres publiés "
    "(méthode dans la page hors mode présentation)."
)
PROJECTION_PENDING = (
    "Le moteur de projection n'est pas encore disponible : les départs seront affichés dès qu'il le sera."
)
PROJECTION_FAILED = "La projection n'a pas pu être calculée pour cette sélection : {reason}"

# Livre 3 page.
LIVRE3_SHARE_TITLE = "Poids du Livre 3 dans la branche"
LIVRE3_SHARE_LABEL = "des salariés de la branche travaillent dans les SSAM (Livre 3)"
LIVRE3_SHARE_PARTS = {"livre3": "Livre 3 (SSAM)", "livre2": "Livre 2 (assurance), par différence"}
ESTABLISHMENTS_TITLE = "Établissements du Livre 3 par type, de 2006 à vers 2021"
ESTABLISHMENTS_AXIS = "Établissements"
UNKNOWN_BAR = "non détaillé dans la source"  # each such bar says "(composition inconnue)"
ESTABLISHMENTS_NOTE = (
    "Types regroupés pour comparer les quatre listes publiées, qui ne découpent pas les "
    "établissements de la même façon (table de passage ci-dessous). Les listes de vers 2011, "
    "vers 2014 et vers 2021 ne détaillent qu'une partie de leur total : le reste (barres grises "
    "hachurées) est inconnu, pas nul. Vers 2014, l'optique est seule et le médico-social réunit "
    "personnes âgées et handicap."
)
TYPE_GROUP_LABELS = {
    "optique_audio": "Optique et audioprothèse",
    "sante_dentaire": "Centres de santé, dentaire, laboratoires",
    "personnes_agees": "Personnes âgées",
    "famille_petite_enfance": "Famille et petite enfance",
    "handicap": "Personnes handicapées",
    "sanitaire": "Établissements sanitaires et hospitaliers",
    "pharmacies": "Pharmacies",
    "medico_social": "Médico-social (personnes âgées et handicap ensemble)",
    "initiatives_sociales": "Initiatives sociales",
    "non_detaille": "Non détaillé dans la source",
    "ensemble": "Ensemble",
}
LIVRE3_FAMILIES_HEADER = "Les familles de métiers du Livre 3 (étude OEMM, vers 2019)"
LIVRE3_FAMILY_COLUMNS = {
    "family": "Famille publiée",
    "harmonised_label": "Famille harmonisée",
    "note": "Remarque",
    "source_id": "Source",
}
ABOUT_YEAR = "vers {year}"
CROSSWALK_TYPES_HEADER = "Table de passage des types d'établissements"
CROSSWALK_TYPES_INTRO = (
    "Chaque liste publiée nomme ses types à sa façon : chaque ligne est un groupe de comparaison, "
    "chaque colonne une liste, chaque case les types publiés qui y entrent, avec leur nombre."
)
CROSSWALK_TYPES_GROUP = "Groupe"
CROSSWALK_TYPES_NOTES = "Remarques"
LIVRE3_CONTEXT_HEADER = "Repères sur le Livre 3"
LIVRE3_CONTEXT_NOTE = (
    "Des chiffres d'un seul point dans le temps, chacun avec son périmètre : le groupe hospitalier "
    "de la Mutualité française (GHMF) n'est qu'une partie du Livre 3."
)

# Confidence of a published figure (column `confidence`), and themes of the figures.
CONFIDENCE_LABELS = {"high": "élevée", "medium": "moyenne", "": "non évaluée"}
CONFIDENCE_WORD = "confiance"
THEME_LABELS = {
    "effectifs": "Effectifs et emplois",
    "egalite": "Égalité femmes-hommes",
    "remuneration": "Rémunérations",
    "formation": "Formation et alternance",
    "handicap": "Emploi des personnes handicapées",
    "retraite": "Âges et retraite",
    "livre3": "Livre 3 (SSAM)",
    "enquetes": "Enquêtes de branche",
    "contexte": "Contexte (hors branche)",
}
INDICATOR_LABELS = {
    "headcount": "Effectif",
    "gender_share": "Part selon le sexe",
    "managers_share": "Part des cadres",
    "classification_share": "Part par catégorie",
    "livre3_share": "Part du Livre 3",
    "organisations_surveyed": "Entreprises interrogées par le bilan social",
    "mutuelles_surveyed": "Mutuelles interrogées",
    "mutuelles_replied": "Mutuelles répondantes",
    "structures": "Structures couvertes",
    "pay_rise_share": "Salariés augmentés ou primés",
    "minimum_annual_pay": "Rémunération minimale annuelle garantie (RMAG)",
    "point_value_rise": "Revalorisation de la valeur du point",
    "training_contribution": "Contribution conventionnelle à la formation",
    "work_study_target": "Objectif de postes en alternance",
    "disabled_hires_target": "Objectif de recrutement de personnes handicapées",
    "job_satisfaction_share": "Jeunes salariés satisfaits de leur emploi",
    "survey_respondents": "Répondants à l'enquête",
    "places": "Places",
    "establishments": "Établissements",
    "establishments_detail": "Établissements (détail)",
    "establishments_growth": "Évolution du nombre d'établissements",
    "services": "Services",
    "hospitals": "Établissements hospitaliers",
    "beds_places": "Lits et places",
    "managing_organisations": "Organismes gestionnaires",
    "mutuelles_count": "Nombre de mutuelles",
    "family_share": "Part d'une famille de métiers",
    "company_size_share": "Part des mutuelles selon leur taille",
    "people_covered": "Personnes protégées",
    "enterprises": "Entreprises mutualistes",
    "enterprise_activity_share": "Part des entreprises mutualistes selon l'activité",
    "retirement_share": "Départs à la retraite annoncés",
    "contributors": "Contributeurs à l'étude",
    "typical_age": "Âge du salarié type",
    "typical_seniority": "Ancienneté du salarié type",
    "turnover": "Taux de rotation",
    "contract_share": "Part des CDI",
    "age_50_plus_share": "Part des 50 ans et plus",
    "establishments_share": "Part des établissements",
    "legal_retirement_age": "Âge légal de départ",
    "pay_gross_monthly_start": "Salaire brut mensuel en début de carrière",
    "pay_gross_monthly_end_min": "Salaire brut mensuel en fin de carrière (bas)",
    "pay_gross_monthly_end_max": "Salaire brut mensuel en fin de carrière (haut)",
    "pay_gross_monthly_min": "Salaire brut mensuel (bas de fourchette)",
    "pay_gross_monthly_max": "Salaire brut mensuel (haut de fourchette)",
}

# Accueil: each card's history.
CARD_HISTORY = "Avant : {items}"
CARD_HISTORY_ITEM = "{value} ({when})"
CARD_HISTORY_OTHER_SCOPE = "{year}, {scope}"
CARD_SCOPE_CHANGE_ONE = "**Changement de périmètre** : la valeur de {years} ne porte pas sur la même population."
CARD_SCOPE_CHANGE_MANY = "**Changement de périmètre** : les valeurs de {years} ne portent pas sur la même population."
CARD_EVOLUTION_LINK = "Voir l'évolution"
CARD_HISTORY_HEADER = "Historique des chiffres clés"
CARD_HISTORY_COLUMNS = {
    "line_label": "Chiffre clé",
    "year_label": "Année",
    "display": "Valeur",
    "scope_label": "Périmètre",
    "confidence": "Confiance",
    "source": "Source",
}

# Évolutions page (charts.series).
SERIES_TITLES = {
    "effectifs": "Effectifs publiés, par périmètre",
    "femmes": "Part des femmes parmi les salariés",
    "mixite": "Recrutements et cadres : la mixité entre 2010 et 2018",
    "cadres": "Part des cadres",
    "rmag": "Rémunération minimale annuelle garantie de la branche (RMAG)",
    "point": "Revalorisation de la valeur du point",
    "enquetes": "Bilan social et enquêtes de branche : entreprises interrogées et répondantes",
    "livre3": "Établissements et services du Livre 3",
    "marche": "Contexte : nombre de mutuelles sur le marché (pas la branche)",
}
SERIES_SECTIONS = {
    "Effectifs et emplois": ["effectifs", "cadres"],
    "Mixité": ["femmes", "mixite"],
    "Rémunérations": ["rmag", "point"],
    "Enquêtes de branche": ["enquetes"],
    "Livre 3 (SSAM)": ["livre3"],
    "Contexte (hors branche)": ["marche"],
}
SERIES_LINES = {
    "assurance_sante": "Activité d'assurance santé des mutuelles",
    "repondants_bilan_social": "Répondants au bilan social (non pondéré)",
    "branche": "Branche Mutualité (convention collective)",
    "livre3": "Livre 3",
    "livre2": "Livre 2",
    "femmes": "Part des femmes",
    "hommes_recrutements": "Hommes parmi les recrutements",
    "femmes_cadres": "Femmes parmi les cadres",
    "cadres": "Part des cadres",
    "rmag": "RMAG",
    "point": "Valeur du point",
    "interrogees": "Entreprises mutualistes interrogées",
    "repondantes": "Mutuelles répondantes",
    "etablissements": "Établissements et services",
    "mutuelles": "Mutuelles",
}
SERIES_NOTES = {
    "effectifs": (
        "Une ligne par périmètre : ces effectifs ne se suivent pas d'un périmètre à l'autre. Livre 3 et "
        "Livre 2 vers 2019 sont dérivés (33 % × environ 55 000)."
    ),
    "femmes": "2009 : activité d'assurance santé ; vers 2019 : toute la branche. Deux périmètres, pas une tendance.",
    "mixite": "Les valeurs de 2010 sont dérivées de « en hausse de x points depuis 2010 » (marqueurs creux).",
    "cadres": "2009 : « 1 salarié sur 5 » dans l'assurance santé ; 2017 : part des cadres dans la branche.",
    "rmag": "Rémunération minimale annuelle garantie de la convention collective, en euros.",
    "point": "Hausse de la valeur du point de la convention collective, l'année indiquée.",
    "enquetes": (
        "Entreprises mutualistes interrogées par le bilan social de l'OEMM (toutes conventions), et "
        "mutuelles répondantes : 221 au bilan social 2015, 143 retenues pour l'étude des familles de "
        "métiers de 2017 (autre enquête : coupure)."
    ),
    "livre3": (
        "2006 : somme des neuf types publiés (la brochure ne donne pas de total). Les sources comptent tantôt "
        "des établissements, tantôt des services : ordre de grandeur."
    ),
    "marche": (
        "Le nombre de mutuelles sur le marché de la santé, pas les salariés de la branche. Le chiffre de 2018 "
        "est un décompte de la DREES : autre source, coupure."
    ),
}
SERIES_SUM_OF_TYPES = "somme des {n} types publiés (pas de total dans la source)"
SERIES_NOT_CHARTED = {
    "disabled_hires_target": "un objectif (situation de départ et cible), pas une évolution observée",
}
SCOPE_BREAK = "changement de périmètre"
CONTEXT_MARK = "CONTEXTE : PAS LA BRANCHE"
RECENT_HEADER = "Les autres chiffres récents, par thème"
RECENT_INTRO = (
    "Les chiffres publiés depuis 2012 qui n'ont qu'une année (pas de série), le plus récent d'abord, "
    "avec leur confiance et le lien vers leur source."
)
RECENT_COLUMNS = {
    "theme_label": "Thème",
    "indicator_label": "Chiffre",
    "category": "Détail",
    "display": "Valeur",
    "year_label": "Année",
    "scope_label": "Périmètre",
    "confidence": "Confiance",
    "source": "Source",
    "url": "Lien",
}
FIGURES_CATALOGUE_HEADER = "Chiffres publiés : thème, confiance et lien vers la source"
FIGURES_CATALOGUE_INTRO = (
    "Chaque chiffre publié daté du magasin, le plus récent d'abord. « Confiance élevée » : lu "
    "dans la source ; « moyenne » : repris d'une source secondaire qui le cite."
)

# Data page.
TABLE_CHOICE = "Table"
TABLE_FILTER = "Filtrer les lignes contenant"
TABLE_FILTER_HELP = "Texte recherché dans toutes les colonnes, sans tenir compte des majuscules ni des accents."
COLUMN_FILTER = "{column}"
ROWS_SHOWN = "{shown} ligne(s) affichée(s) sur {total}"
DOWNLOAD_FILTERED = "Télécharger les lignes affichées (CSV)"
DOWNLOAD_PARQUET = "Télécharger la table complète (Parquet)"
DICTIONARY_HEADER = "Dictionnaire des données"
DICTIONARY_MISSING = "Le dictionnaire des données n'est pas encore rédigé : il apparaîtra ici dès qu'il le sera."
SOURCES_HEADER = "Sources"
SOURCE_COLUMNS = {
    "source_id": "Identifiant",
    "publisher": "Éditeur",
    "title": "Titre",
    "pub_year": "Année",
    "link": "Lien",
    "document": "Document",
    "locator_hint": "Où dans le document",
    "notes": "Remarques",
}
TABLE_LABELS = {
    "sources": "Sources",
    "figures": "Chiffres publiés (tels qu'imprimés)",
    "families": "Familles et table de passage",
    "headcount": "Effectifs",
    "gender": "Répartition femmes-hommes",
    "age_pyramid": "Pyramide des âges",
    "retirements": "Départs à la retraite",
    "establishments": "Établissements du Livre 3",
    "establishment_types": "Types d'établissements et table de passage",
    "jobs": "Fiches métier",
    "certificate_blocks": "Blocs de compétences des CQP",
}

# Presentation mode navigation.
PRESENT_PREVIOUS = "Page précédente"
PRESENT_NEXT = "Page suivante"

QUALIFIER_SYMBOLS = {"exact": "", "approx": "≈ ", "at_least": "≥ ", "at_most": "≤ "}


def type_group_label(code: str) -> str:
    return TYPE_GROUP_LABELS.get(code, code)


def taxonomy_label(code: str) -> str:
    return TAXONOMY_LABELS.get(code, code)


def scope_short(code: str) -> str:
    """A scope label without its parenthesis, for narrow places (the sidebar)."""
    return scope_label(code).rsplit(" (", 1)[0]


# --- Meeting pack (report/, app/deck.py) -------------------------------------------------
DECK_TITLE = "Relève : les emplois de la branche Mutualité"
DECK_DATE_LINE = "Support de réunion du {date}"
DECK_SCENARIO_LINE = "Scénario de projection : «\u00a0{name}\u00a0»"
DECK_STATUS_LINE = (
    "Chaque chiffre porte sa source, son année et son statut : publié, dérivé (calculé à partir "
    "d'un chiffre publié), estimé ou projection."
)
DECK_SOURCES_SUMMARY = "Sources : {n} publications de {first} à {last} ({publishers})."
DECK_SOURCES_NONE = "Sources : voir la dernière diapositive."
DECK_STATUS_BADGES = {"derived": "Dérivé", "estimated": "Estimation", "projection": "Projection"}
DECK_KEY_FIGURES_MESSAGE = "{headcount} salariés et {women} de femmes dans l'{scope} en {year}"
DECK_SCOPES_MESSAGE = "{value} salariés dans la branche en {year} : chaque effectif publié a son périmètre"
DECK_FAMILIES_MESSAGE = "{family} : {value} salariés, la première famille de métiers"
DECK_GENDER_MESSAGE = "Les femmes font {share} des effectifs de la branche ({year})"
DECK_GENDER_MANAGERS = " et {share} des cadres ({year})"
DECK_GENDER_FALLBACK = "{share} de femmes : {series} ({year})"
DECK_GENDER_OWN = "Les femmes font {share} des effectifs de {scope} ({year})"
DECK_PYRAMID_MESSAGE = "{share} des salariés ont 55\u00a0ans ou plus ; âge moyen : {mean}\u00a0ans"
DECK_PYRAMID_METHOD = "Pyramide des âges {year} estimée (aucune n'est publiée) : {method}"
DECK_RETIREMENTS_MESSAGE = (
    "{total} départs à la retraite à l'âge légal de {first} à {last}, l'équivalent de {share} de l'effectif de {base}"
)
DECK_RETIREMENTS_MESSAGE_HIDDEN = (  # diffusion, a yearly total hidden: no period total that would give it back
    "Départs à la retraite à l'âge légal de {first} à {last} : certaines années sous le secret statistique"
)
DECK_RETIREMENTS_METHOD = "Départs à la retraite, règle «\u00a0{schedule}\u00a0» : {note}"
DECK_LIVRE3_SHARE_MESSAGE = "{share} des salariés de la branche travaillent dans les services de soins (Livre 3)"
DECK_ESTABLISHMENTS_MESSAGE = (
    "Livre 3 : {recent} établissements vers {recent_year}, {old} en {old_year} (listes de types différentes)"
)
DECK_ESTABLISHMENTS_ONE = "Livre 3 : {count} établissements en {year}"
DECK_NOTES_TITLE = "Méthode et sources"
DECK_NOTES_CONTINUED = "Méthode et sources (suite)"
DECK_DATA_TABLE_TITLE = "{title} : les données"
# A native chart's category carrying what the page writes beside its bar
DECK_HIDDEN_CATEGORY = "{category} ({label})"
DECK_TOTAL_CATEGORY = "{category}\ntotal {total}"
DECK_TOTAL_COLUMN = "Total"
DECK_COMPARE_TITLE = "{n} scénarios comparés : chiffres clés côte à côte"
DECK_COMPARE_SUBTITLE = "Scénarios épinglés : {names}"
DECK_COMPARE_CHART = "Effectif total selon le scénario"
DECK_COMPARE_COUNT = "--compare : de 2 à {max} scénarios (donnés : {n})"
DECK_HIRES_TABLE_TITLE = "Embauches externes par famille et par année, {first}–{last}"
DECK_TABLE_CONTINUED = "{title} (suite)"
DECK_METHOD_HEADER = "Notes de méthode"
DECK_SOURCES_HEADER = "Toutes les sources du magasin de données"
DECK_SOURCE_NOT_CITED = " (non citée dans ce support)"
DECK_METHOD_STATUSES = (
    "Statuts : « publié » = imprimé dans la source ; « dérivé » = calculé à partir d'un chiffre "
    "publié ; « estimé » = calé sur des chiffres publiés faute de donnée publiée ; "
    "« projection » = calculé par le moteur de projection sous les hypothèses indiquées."
)
DECK_METHOD_FORMATS = (
    "Nombres au format français. Les projections sont des valeurs attendues (fractions de "
    "personnes), arrondies à l'unité à l'affichage."
)
DECK_UNKNOWN_SECTION = "section(s) inconnue(s) : {names} ; sections possibles : {known}"
DECK_SCENARIO_NEEDED = "la section « scenarios » demande un scénario (--scenario FICHIER.json)"
DECK_UNKNOWN_SCOPE = "périmètre «\u00a0{scope}\u00a0» inconnu ; périmètres possibles : {known}"
DECK_UNKNOWN_SCHEDULE = "règle d'âge légal «\u00a0{schedule}\u00a0» inconnue ; règles possibles : {known}"
# Scenario slides.
DECK_SCENARIO_MESSAGE = (
    "Scénario «\u00a0{name}\u00a0» : {retirements} départs à la retraite et {hires} embauches "
    "externes de {base} à {last}"
)
DECK_SCENARIO_SUBTITLE = "Effectif au 1er janvier : {start} en {base}, {end} en {horizon}"
DECK_SCENARIO_DETAIL = "projection · valeurs attendues"
DECK_SCENARIO_DETAIL_MC = "projection · moyenne de {draws} tirages (graine {seed})"
DECK_SCENARIO_METHOD = "Scénario «\u00a0{name}\u00a0» : {description} Hypothèses : {assumptions}."
DECK_ASSUME_LEGAL = "départ à l'âge légal ({schedule})"
DECK_ASSUME_DELAY = " + {delay}\u00a0an"
DECK_ASSUME_FIXED = "départ à {age}\u00a0ans"
DECK_ASSUME_CURVE = "probabilités de départ par âge ({curve})"
DECK_ASSUME_RATES = (
    "autres départs {exits} par an ; départs remplacés à {replacement} ; croissance des effectifs {growth} par an"
)
DECK_ASSUME_MOVE = "{share} des embauches de «\u00a0{target}\u00a0» pourvues par mobilité depuis «\u00a0{source}\u00a0»"
DECK_ASSUME_HIRES = "embauches externes à {mean}\u00a0ans en moyenne (écart-type {sd}), {women} de femmes"
DECK_TRAJECTORY_STABLE = "Un effectif stable : {end} salariés au 1er janvier {horizon}"
DECK_TRAJECTORY_CHANGE = "{end} salariés au 1er janvier {horizon} ({change} par rapport à {start} en {base})"
DECK_FLOWS_MESSAGE = (
    "{departures} départs, dont {retirements} à la retraite, et {hires} embauches externes de {first} à {last}"
)
DECK_FLOWS_MESSAGE_HIDDEN = (
    "Départs et embauches externes de {first} à {last} : certains chiffres sous le secret statistique"
)
DECK_NEEDS_MESSAGE = "{total} recrutements externes de {first} à {last}, dont {share} en «\u00a0{family}\u00a0»"
# Image export (per-chart downloads and the deck's pictures).
IMAGE_NO_BROWSER = (
    "L'export des graphiques en images a besoin du navigateur Chromium, introuvable sur cette "
    "machine. Installez-le (Debian ou Ubuntu : `apt-get install chromium`, sinon Google Chrome) "
    "puis recommencez."
)
IMAGE_NO_KALEIDO = (
    "L'export des graphiques en images a besoin du paquet Python kaleido : "
    "`pip install -r requirements.txt`, puis installez Chromium (`apt-get install chromium`)."
)
IMAGE_BROWSER_FAILED = (
    "Chromium n'a pas pu démarrer pour dessiner les graphiques ({reason}). Vérifiez "
    "l'installation (`apt-get install chromium`) puis recommencez."
)
IMAGE_BROWSER_STOPPED = "le navigateur s'est arrêté dès son lancement"
IMAGE_RENDER_FAILED = "Un graphique n'a pas pu être dessiné en image ({reason})."
IMAGE_TIMEOUT = "Le dessin des graphiques en images a pris trop de temps : recommencez dans un instant."
IMAGE_PREPARE = "Préparer l'image (PNG, SVG)"
IMAGE_PREPARING = "Dessin de l'image en haute résolution…"
IMAGE_DOWNLOAD_PNG = "Image PNG"
IMAGE_DOWNLOAD_SVG = "Image SVG"
# The deck in the app and on the command line.
DECK_BUTTON = "Télécharger la présentation (PPTX)"
DECK_PREPARE = "Préparer et télécharger la présentation (PPTX)"
DECK_INCLUDE_SCENARIO = "Inclure le scénario «\u00a0{name}\u00a0»"
DECK_PREPARE_HELP = (
    "Un support de réunion 16:9 avec les graphiques de la sélection en cours (périmètre, filtres, "
    "scénario), leurs sources et les notes de méthode."
)
DECK_BUILDING = "Préparation de la présentation (graphiques en haute résolution)…"
RUNNING_TOTAL = "Départs {first}–{last} : {total}"
TABLE_PAGE = "Page du tableau"
TABLE_PAGE_ROWS = "Lignes {first} à {last} sur {total}"
SC_RUNNING_TOTALS = (
    "Départs {first}–{last} : {departures} (dont {retirements} à la retraite) · embauches externes : {hires}"
)
DECK_PROGRESS_CONTENT = "Préparation : chiffres et messages des diapositives…"
DECK_PROGRESS_PICTURES = "Préparation : images des graphiques hachurés…"
DECK_PROGRESS_SLIDES = "Préparation : diapositives et graphiques modifiables…"
DECK_SECTIONS = "Sections de la présentation"
DECK_SECTIONS_HELP = "Les mêmes sections que « python -m report --pages » : retirez celles à ne pas présenter."
DECK_NO_SECTION = "Choisissez au moins une section pour préparer la présentation."
DECK_INCLUDE_PINS = "Comparer les {n} scénarios épinglés"
DECK_FAILED = "La présentation n'a pas pu être préparée : {reason}"
DECK_WRITTEN = "Présentation écrite : {path} ({slides} diapositives, {size})"
DECK_NOTHING_WRITTEN = "Aucun fichier n'a été écrit."
DECK_SCENARIO_REFUSED = "Scénario refusé :"
DECK_REQUEST_REFUSED = "Demande refusée :"
DECK_STORE_FAILED = "Le magasin de données n'a pas pu être construit :"
DECK_UNEXPECTED = "Erreur inattendue pendant la préparation de la présentation : {reason}"
DECK_FILE_NAME = "releve-presentation-{scope}-{date}.pptx"
# --- end of meeting pack labels -----------------------------------------------------------

# --- Scenario studio (page /scenarios) -------------------------------------------------

SC_TITLE = PAGE_TITLES["scenarios"]
SC_INTRO = (
    "Choisissez des hypothèses (âge de départ, remplacement des départs, mobilité, profil des embauches) "
    "et voyez, année par année, les départs à la retraite, les recrutements nécessaires et la pyramide "
    "des âges à l'horizon. Épinglez des scénarios pour les comparer, enregistrez-les, partagez-les par un lien."
)
SC_PROVENANCE = (
    "**Projection, pas une donnée publiée.** Calculée par le modèle de Relève à partir d'une population "
    "de départ {base_kind} : {scope}, {year}, {total} salariés."
)
SC_BASE_KIND = {
    "estimated": "**estimée**",
    "derived": "**agrégée depuis des données importées**",
    "published": "publiée",
}
SC_PROVENANCE_MC = " Tirages aléatoires : {draws} tirages (graine {seed}) ; les chiffres sont des moyennes."
SC_YEAR_MISMATCH = (
    "La population de départ est celle de {ref} ; le scénario la fait partir de {base}. "
    "Les années affichées sont celles du scénario."
)
SC_PRESET = "Partir d'un scénario prédéfini"
SC_PRESET_PLACEHOLDER = "Choisir un scénario…"
SC_PRESETS_DAMAGED = "Des scénarios prédéfinis n'ont pas pu être lus et ne sont pas proposés :"
SC_PRESET_HELP = "Charge les hypothèses du scénario choisi à la place des hypothèses en cours."
SC_SCOPE = "Population de départ"
SC_SCOPE_HELP = "Pyramide des âges par famille du magasin de données (estimée), ou importée."
SC_SCOPE_CHANGED = "Population changée : les années du scénario partent désormais de {year}."
SC_SCOPE_DROPPED = "Hypothèses retirées car elles nomment des familles absentes de cette population : {paths}."
SC_INPUTS = "Hypothèses"
SC_NAME = "Nom du scénario"
SC_DESCRIPTION = "Description"
SC_TABS = {
    "years": "Années et retraite",
    "family_rates": "Taux par famille",
    "mobility": "Mobilité interne",
    "hires": "Embauches",
    "monte_carlo": "Tirages aléatoires",
}
SC_BASE_YEAR = "Année de base (effectifs au 1er janvier)"
SC_HORIZON_YEAR = "Année d'horizon"
SC_RULE = "Règle de départ à la retraite"
SC_RULES = {
    "legal_schedule": "Âge légal de chaque génération",
    "fixed_age": "Âge fixe",
    "age_curve": "Probabilités par âge",
}
SC_SCHEDULE = "Barème de l'âge légal"
SC_DELAY = "Report au-delà de l'âge légal (années)"
SC_DELAY_HELP = "Par exemple 0,5 : chacun part six mois après son âge légal. Négatif : départ anticipé."
SC_FIXED_AGE = "Âge de départ"
SC_CURVE_HELP = (
    "Probabilité de partir dans l'année pour les salariés encore en poste à cet âge. Personne ne part "
    "avant le premier âge indiqué ; tout le monde est parti après le dernier."
)
SC_CURVE_COLUMNS = {"age": "Âge", "probability": "Probabilité de départ (%)"}
SC_RATES_INTRO = (
    "Valeurs communes à toutes les familles ; le tableau donne les exceptions par famille "
    "(« commune » : la famille suit la valeur commune ; effacer une case l'y ramène)."
)
SC_REPLACEMENT = "Remplacement des départs (%)"
SC_REPLACEMENT_HELP = "100 % : chaque départ est remplacé ; 50 % : un départ sur deux."
SC_OTHER_EXIT = "Départs hors retraite (% par an)"
SC_OTHER_EXIT_HELP = "Démissions, ruptures, licenciements, décès… en part de l'effectif restant."
SC_GROWTH = "Croissance voulue de l'effectif (% par an)"
SC_GROWTH_HELP = "Embauches en plus (ou en moins) des remplacements, en part de l'effectif du début d'année."
SC_FAMILY_COLUMNS = {
    "family": "Famille",
    "headcount": "Effectif de départ",
    "replacement": "Remplacement (%)",
    "other_exit": "Départs hors retraite (%/an)",
    "growth": "Croissance (%/an)",
}
SC_FAMILY_PLACEHOLDER = "commune"
SC_MOBILITY_INTRO = (
    "Chaque règle pourvoit une part des embauches d'une famille par des salariés d'une autre "
    "famille ; leurs départs de la famille d'origine sont remplacés l'année suivante. "
    "Ajoutez une ligne en bas du tableau, supprimez-en une en la sélectionnant."
)
SC_MOBILITY_COLUMNS = {"source": "De la famille", "target": "Vers la famille", "share": "Part des embauches (%)"}
SC_MEAN_AGE = "Âge moyen des embauches"
SC_AGE_SD = "Écart type de l'âge (années)"
SC_SHARE_WOMEN = "Part des femmes parmi les embauches (%)"
SC_HIRES_HELP = "Âges des embauches répartis selon une loi normale, entre 18 et 67 ans."
SC_MC = "Tirages aléatoires (Monte Carlo)"
SC_MC_HELP = (
    "Tire au sort départs et embauches personne par personne, plusieurs fois, pour montrer la marge "
    "d'incertitude (du 10e au 90e centile). Sans tirages, le calcul donne les valeurs attendues."
)
SC_DRAWS = "Nombre de tirages"
SC_SEED = "Graine (même graine, mêmes résultats)"
SC_MC_PROGRESS = "Tirages aléatoires en cours ({draws} tirages) : année {done} sur {total}…"
SC_MC_WAITING = (
    "Calcul en attente… D'autres calculs de tirages aléatoires occupent le serveur ; le vôtre "
    "démarrera dès qu'ils seront finis (attente : {seconds} s)."
)
SC_MC_BUSY = (
    "Calcul abandonné : le serveur est resté occupé par d'autres calculs de tirages aléatoires pendant "
    "{seconds} s. Rechargez la page dans un moment, ou désactivez les tirages aléatoires."
)
SC_REFUSED = (
    "**Hypothèses refusées** ({count} problème(s), signalé(s) dans : {where}). Corrigez-les : les "
    "résultats ci-dessous restent ceux du dernier scénario valable, « {name} »."
)
SC_FIELD_ERRORS = "Valeur(s) refusée(s) :"
SC_RESULTS = "Résultats : {name}"
SC_ASSUMPTIONS = (
    "Hypothèses : {rule} · remplacement des départs {replacement} · départs hors retraite "
    "{exits} par an · croissance {growth} par an · embauches à {age} ans en moyenne, {women} de femmes"
)
SC_RULE_SUMMARY = {
    "legal_schedule": "âge légal, {schedule}{delay}",
    "fixed_age": "départ à {age} ans",
    "age_curve": "probabilités de départ par âge ({ages})",
}
SC_DELAY_SUMMARY = ", report de {delay} an(s)"
SC_BY_FAMILY_SUMMARY = " (exceptions : {families})"
SC_MOBILITY_SUMMARY = " · mobilité interne : {moves}"
SC_KEY_LABELS = {
    "retirements_total": "Départs en retraite d'ici {horizon}",
    "external_hires_total": "Embauches externes d'ici {horizon}",
    "share_retiring_by_horizon": "Effectif {base} retraité d'ici {horizon}",
    "mean_age_horizon": "Âge moyen en {horizon}",
    "share_55_plus_horizon": "55 ans et plus en {horizon}",
    "share_women_horizon": "Femmes en {horizon}",
}
SC_KEY_GENERIC = {
    "base_headcount": "Effectif de départ (année)",
    "horizon_headcount": "Effectif à l'horizon (année)",
    "retirements_total": "Départs à la retraite jusqu'à l'horizon",
    "external_hires_total": "Embauches externes nécessaires",
    "share_retiring_by_horizon": "Part de l'effectif de départ partie à la retraite",
    "mean_age_horizon": "Âge moyen à l'horizon",
    "share_55_plus_horizon": "Part des 55 ans et plus à l'horizon",
    "share_women_horizon": "Part des femmes à l'horizon",
}
SC_KEY_HELP = {
    "retirements_total": "Départs à la retraite pendant les années {base} à {last}, embauchés compris.",
    "external_hires_total": "Recrutements à l'extérieur de la branche pendant les années {base} à {last} "
    "(les mobilités internes n'en font pas partie).",
    "share_retiring_by_horizon": "Salariés présents au 1er janvier {base} partis à la retraite avant le "
    "1er janvier {horizon}, rapportés à l'effectif de {base}.",
    "mean_age_horizon": "Au 1er janvier {horizon} ; l'écart est mesuré par rapport au 1er janvier {base}.",
    "share_55_plus_horizon": "Âge atteint dans l'année ; l'écart est en points par rapport à {base}.",
    "share_women_horizon": "L'écart est en points par rapport à {base}.",
}
SC_DELTA_UNITS = {"people": "", "age": "an", "share": "pt"}
SC_CHART_TABS = {  # the studio's chart tabs, in the order of charts.scenario.FIGURES
    "families": "Par famille",
    "flows": "Départs et embauches",
    "total": "Effectif total",
    "pyramid": "Pyramide des âges",
    "needs": "Besoins de recrutement",
}
SC_CHART_TITLES = {
    "families": "Effectifs par famille au 1er janvier",
    "flows": "Départs et embauches par année",
    "needs": "Besoins de recrutement externe par famille et par année",
    "needs_chart": "Embauches externes par famille",
    "pyramid": "Pyramide des âges, {base} et {horizon}",
    "total": "Effectif total au 1er janvier",
    "total_band": "Effectif total, 10e-90e centile",
    "compare": "Effectif total des scénarios épinglés",
}
SC_AXIS_HEADCOUNT_JAN = "Salariés au 1er janvier"
SC_AXIS_PEOPLE_YEAR = "Personnes dans l'année"
SC_AXIS_PYRAMID = "Hommes ← salariés → Femmes"
SC_FLOW_LABELS = {
    "retirements": "Départs à la retraite",
    "other_exits": "Autres départs",
    "external_hires": "Embauches externes",
    "moves": "Mobilités internes",
}
SC_BAND_NAME = "{name} : 10e-90e centile"
SC_BAND_HOVER = "%{x} : de %{y:,.0f} à %{customdata[0]:,.0f}"
SC_TOTAL_COLUMN = "Total"
MASKED_FAMILIES = "Familles masquées (secret statistique)"  # their sum: the total less the families shown
SC_FAMILY_COLUMN = "Famille"
SC_NEEDS_NOTE = (
    "Embauches externes (hors mobilités internes), arrondies à la personne ; total de la période en dernière colonne."
)
SC_NEEDS_NOTE_MC = " Moyennes des tirages aléatoires."
SC_EXPORT = "Exporter les résultats"
SC_EXPORT_INTRO = (
    "Les tables du moteur pour ce scénario et cette population. En CSV standard, ce sont les fichiers "
    "qu'écrit la ligne de commande `python -m gpec run` ; en Excel (FR) et dans le classeur Excel, des "
    "tableaux à lire : en-têtes en français, noms des familles, parts en %."
)
SC_EXPORT_LABELS = {"flows": "Flux annuels (CSV)", "summary": "Synthèse (CSV)", "structure": "Âges et sexes (CSV)"}
SC_EXPORT_HELP = {
    "standard": "Pour un programme : codes, pleine précision, en-têtes du moteur (ceux de `python -m gpec run`).",
    "excel-fr": "Pour Excel : en-têtes en français, noms des familles, nombres arrondis comme à l'écran, "
    "scénario et population en première ligne.",
}
SC_EXPORT_XLSX = "Classeur Excel"
SC_EXPORT_XLSX_HELP = (
    "Les trois tables dans un classeur, une feuille chacune (nombres en nombres, pleine précision), "
    "avec une feuille « Lisez-moi » (scénario, hypothèses, secret statistique) et les sources."
)
SC_EXPORT_DIALECT = "Format des CSV : {dialect} (à changer dans la barre latérale). Fichiers : {files}."
# First line of an Excel (FR) CSV: "Sélection : … ; Scénario = Référence ; Horizon = 2035 ; Population de départ = …"
SC_EXPORT_FILTERS = {"scenario": "Scénario", "horizon": "Horizon", "population": "Population de départ"}
SC_WORKBOOK_SHEETS = {"flows": "Flux annuels", "summary": "Synthèse", "structure": "Âges et sexes"}
SC_WORKBOOK_SHEET_ABOUT = {
    "flows": "Par année et par famille : effectif au 1er janvier, départs, mobilités, embauches, effectif "
    "en fin d'année (avec tirages aléatoires : moyennes et 10e, 50e, 90e centiles).",
    "summary": "Par famille et pour l'ensemble : effectifs de départ et à l'horizon, départs et embauches "
    "sur la période, âge moyen, parts (en %).",
    "structure": "Effectif par année, famille, sexe et âge.",
}
SC_WORKBOOK_WHAT = (
    "Les résultats d'une projection de Relève (page « Scénarios GPEC ») : les trois tables du moteur, "
    "une par feuille, pour le scénario et la population ci-dessous."
)
SC_WORKBOOK_SCENARIO = "Scénario"
SC_WORKBOOK_YEARS = "Années"
SC_WORKBOOK_YEARS_TEXT = "du 1er janvier {base} au 1er janvier {horizon}"
SC_WORKBOOK_ASSUMPTIONS = "Hypothèses"
SC_WORKBOOK_RUN = "Calcul"
SC_WORKBOOK_RUN_EXPECTED = "déterministe (effectifs attendus)"
SC_WORKBOOK_RUN_DRAWS = "{draws} tirages aléatoires (graine {seed}) : moyennes et centiles des tirages"
SC_WORKBOOK_POPULATION = "{scope}, pyramide des âges de {year}"
SC_WORKBOOK_SHARES = "Parts"
SC_WORKBOOK_SHARES_TEXT = "Les parts sont en pourcentage (25 = 25 %) ; les âges en années."
SC_WORKBOOK_INTERNAL = (
    "Population importée, export interne : chiffres complets, sans secret statistique. Ne pas diffuser."
)
SC_COMPARE = "Comparer des scénarios"
SC_COMPARE_INTRO = "Épinglez jusqu'à {max} scénarios pour comparer leurs chiffres clés et leur effectif total."
SC_PIN = "Épingler ce scénario"
SC_PIN_FULL = "Déjà {max} scénarios épinglés : retirez-en un pour en épingler un autre."
SC_PIN_DUPLICATE = "Ce scénario est déjà épinglé."
SC_PIN_INVALID = "Corrigez les hypothèses refusées avant d'épingler ce scénario."
SC_UNPIN = "Retirer"
SC_NO_PINS = "Aucun scénario épinglé pour l'instant."
SC_COMPARE_INDICATOR = "Indicateur"
SC_COMPARE_SCOPE = "Population de départ"
SC_SAVE_SHARE = "Enregistrer et partager"
SC_SAVE = "Enregistrer"
SC_SAVE_REPLACE = "Remplacer un scénario enregistré du même nom"
SC_SAVED = "Scénario « {name} » enregistré."
SC_SAVED_LIST = "Scénarios enregistrés"
SC_SAVED_NONE = "Aucun scénario enregistré."
SC_SAVED_MODIFIED = "modifié le {date}"
SC_OPEN = "Ouvrir"
SC_DELETE = "Supprimer"
SC_DELETED = "Scénario « {name} » supprimé."
SC_LOADED = "Scénario « {name} » chargé."
SC_DOWNLOAD_JSON = "Télécharger le scénario (JSON)"
SC_UPLOAD = "Ouvrir un scénario (fichier JSON)"
SC_UPLOAD_REFUSED = "Le fichier « {file} » n'a pas été chargé, le scénario en cours est conservé :"
SC_NOT_UTF8 = "{file} : le fichier n'est pas un texte UTF-8 (enregistrez-le en UTF-8)"
SC_UPLOAD_TOO_BIG = "fichier trop volumineux pour être un scénario ({size}, au plus {limit})"
SC_SAVED_REFUSED = "Le scénario enregistré « {name} » n'a pas pu être ouvert :"
SC_PRESET_REFUSED = "Le scénario prédéfini « {name} » n'a pas pu être chargé :"
SC_SCOPE_REFUSED = "Le scénario ne peut pas passer sur cette population, il reste sur la précédente :"
SC_LINK_REFUSED = "Le lien de partage n'a pas pu être ouvert, le scénario en cours est conservé :"
SC_SHARE = "Lien de partage"
SC_SHARE_HELP = (
    "Ce lien ouvre exactement ce scénario, avec cette population de départ. L'adresse de la page "
    "se met aussi à jour à chaque modification : elle peut être copiée depuis le navigateur."
)
SC_NOTES = "Remarque du moteur :"

# ---- statistical confidentiality of projections on an imported scope ----
PRIVACY_PROJECTION_NOTE = (
    "Diffusion : les effectifs projetés de moins de {min_cell} personnes sont masqués "
    "(« < {min_cell} »), ainsi que ceux qui permettraient de les retrouver par différence "
    "(« secret ») ; la pyramide est donnée par tranches de 5 ans, toutes familles confondues. "
    "Les totaux sont calculés sur les données complètes."
)

# ---- audiences: analysis (the data's owner) and diffusion (what leaves the team) ----
AUDIENCE_LABELS = {"analysis": "Analyse interne", "diffusion": "Diffusion"}
AUDIENCE_INTERNAL_MARK = "Données internes — ne pas diffuser"
AUDIENCE_INTERNAL_NOTE = (
    "**{mark}** · périmètre « {scope} » : chiffres complets, sans secret statistique. "
    "Le mode présentation, le support de réunion, les liens et les téléchargements "
    "appliquent le secret statistique."
)
AUDIENCE_DIFFUSION_NOTE = (
    "**Diffusion** · périmètre « {scope} » : secret statistique appliqué (cellules de moins de "
    "{min_cell} personnes et celles qui permettraient de les retrouver masquées)."
)
AUDIENCE_HIDDEN_COUNT = "{count} valeur(s) masquée(s) par le secret statistique (« < {min_cell} » ou « secret »)."
EXPORT_INTERNAL = "Export interne, sans secret statistique"
EXPORT_INTERNAL_HELP = (
    "Les téléchargements appliquent par défaut le secret statistique des périmètres importés. "
    "Cochez pour obtenir les chiffres complets (à ne pas diffuser)."
)
EXPORT_AUDIENCE_SUFFIX = {"analysis": " · interne (ne pas diffuser)", "diffusion": " · diffusion"}
MY_DATA_HEADER = "Mes données"
ALL_PUBLISHED_SCOPES = "Toutes les sources publiées"
PUBLISHED_HEADER = "Chiffres publiés"
AGE_BAND = "{low}-{high} ans"
PRIVACY_HOVER = "masqué (secret statistique)"
PRIVACY_SECRET_SHORT = "masqué"
AGE_BAND_UNDER = "moins de {age} ans"
AGE_BAND_OVER = "{age} ans et plus"
PYRAMID_BANDS_NOTE = (
    "Diffusion : pyramide par tranches de 5 ans, toutes familles confondues, pour que les "
    "petits effectifs restent secrets."
)
PYRAMID_FAMILIES_IGNORED = (
    "Diffusion : le filtre des familles ne s'applique pas à la pyramide d'un périmètre "
    "importé (elle est donnée toutes familles confondues)."
)

# ---- import page ----
# Page /import (title and introduction: PAGE_TITLES / PAGE_INTROS["import"]) and the
# display labels of statistical confidentiality (privacy.py). The import engine's own
# refusal sentences stay with it (etl/imports).
IMP_KINDS = {"register": "Registre du personnel (une ligne par salarié)", "table": "Tableau agrégé (effectifs)"}
IMP_EXISTING_HEADER = "Périmètres déjà importés"
IMP_DELETE_CHOICE = "Supprimer un périmètre importé"
IMP_DELETE_PLACEHOLDER = "choisir un périmètre"
IMP_DELETE = "Supprimer"
IMP_DELETED = "Périmètre « {scope} » supprimé."
IMP_NEW_FILE_HEADER = "Nouveau fichier"
IMP_FILE = "Fichier CSV, XLSX ou Parquet"
IMP_FILE_HELP = (
    "Au plus {limit} par fichier ; un classeur XLSX, au plus {part} par partie et {whole} en tout "
    "une fois décompressé. Au-delà, l'import en ligne de commande (docs/import.md, « Limites »)."
)
IMP_TOO_BIG = (
    "Le fichier « {file} » fait {size} : cette page en accepte au plus {limit}. Il n'a pas été lu. "
    "Un fichier plus gros s'importe en ligne de commande (`python -m etl import`, "
    "docs/import.md, « Limites »)."
)
IMP_KIND = "Nature du fichier"
IMP_SCOPE = "Nom du périmètre"
IMP_SCOPE_PLACEHOLDER = "ex. mutuelle_durand"
IMP_SCOPE_HELP = (
    "L'identifiant du périmètre dans les adresses des pages, proposé d'après le nom affiché : "
    "2 à 40 caractères, minuscules sans accent, chiffres, « _ ». "
    "Importer à nouveau le même nom remplace ce périmètre seulement."
)
IMP_SCOPE_FIXED = "« {typed} » n'est pas un nom de périmètre valide : « {fixed} » est proposé à la place."
IMP_DISPLAY_NAME = "Nom affiché"
IMP_DISPLAY_NAME_PLACEHOLDER = "ex. Mutuelle Exemple"
IMP_DISPLAY_NAME_HELP = (
    "Le nom sous lequel les pages et le studio de scénarios proposent ce périmètre "
    "(facultatif : à défaut, le nom du périmètre)."
)
IMP_REF_YEAR = "Année de référence (âges au 31/12)"
IMP_YEAR_HINT = {
    "column": "Année proposée : {year}, la plus récente de la colonne « {detail} ».",
    "file_name": "Année proposée : {year}, d'après le nom du fichier « {detail} ».",
    "entry_dates": "Année proposée : {year}, celle de la date d'entrée la plus récente (colonne « {detail} »).",
}
IMP_YEAR_NO_HINT = "Ni le fichier ni son nom n'indiquent d'année : vérifiez l'année de référence."
IMP_MIN_CELL = "Seuil du secret statistique (personnes)"
IMP_MAPPING = "Correspondance (JSON, facultatif)"
IMP_NO_FILE = "Déposez un fichier pour voir comment ses colonnes sont comprises."
IMP_SHEET = "Feuille du classeur"
IMP_READING = "Lecture et vérification du fichier…"
IMP_COLUMNS_HEADER = "**Colonnes détectées**"
IMP_PROBLEMS = (
    "{count} problème(s) : rien n'a été enregistré. Corrigez le fichier (ou le nom du "
    "périmètre, ou la correspondance) puis déposez-le à nouveau."
)
IMP_PROBLEMS_FIXABLE = " Les valeurs inconnues peuvent aussi être mises en correspondance sous le tableau."
# Fixing unknown values from the page (a mapping built from the user's choices)
IMP_FIX_HEADER = "**Valeurs à faire correspondre**"
IMP_FIX_HELP = (
    "Ces valeurs ne sont pas dans les listes reconnues. Choisissez ce que chacune veut dire (la "
    "valeur la plus proche est proposée quand il y en a une) puis appliquez : le fichier est vérifié "
    "à nouveau, sans être modifié."
)
IMP_FIX_FIELDS = {
    "family": "Famille de métiers",
    "sex": "Sexe",
    "status": "Statut",
    "contract": "Contrat",
    "livre": "Livre",
    "exit_reason": "Motif de sortie",
}
IMP_FIX_VALUE = "« {text} » ({rows} ligne(s))"
IMP_FIX_PLACEHOLDER = "choisir…"
IMP_FIX_MORE = "… et {count} autre(s) valeur(s) : corrigez le fichier ou déposez une correspondance."
IMP_FIX_APPLY = "Appliquer ces correspondances"
IMP_FIX_BLOCKED = "Corrigez d'abord la correspondance déposée : les choix faits ici s'y ajouteront."
IMP_VALUE_LABELS: dict[str, dict[Any, str]] = {
    "sex": {"F": "Femme", "H": "Homme"},
    "status": {"cadres": "Cadre", "non cadres": "Non cadre"},
    "contract": {
        "CDI": "CDI",
        "CDD": "CDD",
        "alternance": "Alternance",
        "intérim": "Intérim",
        "stage": "Stage",
        "autre": "Autre contrat",
    },
    "livre": {2: "Livre 2 (mutuelles d'assurance)", 3: "Livre 3 (services de soins et d'accompagnement)"},
}
IMP_APPLIED = "Correspondances appliquées : {items}."
IMP_APPLIED_ITEM = "« {text} » → {value}"
IMP_MAPPING_FILE = "correspondance.json"
IMP_MAPPING_DOWNLOAD = "Télécharger la correspondance (correspondance.json)"
IMP_MAPPING_DOWNLOAD_HELP = (
    "À déposer dans « Correspondance » lors d'un prochain import du même genre de fichier ; "
    "l'import en ligne de commande accepte le même fichier."
)
IMP_MAPPING_FORGET = "Oublier ces correspondances"
IMP_VALID = "Fichier valide : {summary}."
IMP_PREVIEW_TITLE = "Effectifs par famille · {scope} (aperçu interne, chiffres complets)"
IMP_PRIVACY_NOTE = (
    "« < {min_cell} » : moins de {min_cell} personnes ; « secret » : masqué pour qu'un total ne "
    "permette pas de retrouver une petite cellule."
)
IMP_SAVE = "Enregistrer le périmètre « {scope} »"
IMP_REPLACE = "Remplacer le périmètre « {scope} »"
IMP_SAVED = (
    "Périmètre « {scope} » enregistré : il est proposé dans le choix du périmètre des "
    "autres pages et dans le studio de scénarios."
)
IMP_LINKS = "Voir ce périmètre :"
IMP_LINKED_PAGES = {
    "views/familles.py": "Familles et métiers",
    "views/ages.py": "Âges et départs",
    "views/egalite.py": "Égalité femmes-hommes",
    "views/scenarios.py": "Scénarios GPEC",
}
IMP_SHARED_NOTE = (
    "Serveur partagé : le fichier déposé et le périmètre qu'il devient restent dans cette session "
    "du navigateur (rien n'est écrit sur le serveur) et disparaissent à sa fermeture ou au "
    "rechargement de la page : naviguez avec le menu. Personne "
    "d'autre ne peut les voir. Pour les retrouver lors d'une prochaine visite, téléchargez le "
    "périmètre et importez ce fichier à nouveau."
)
IMP_MY_SCOPES_HEADER = "Mes périmètres (cette session)"
IMP_MY_SCOPE_DOWNLOAD = "Télécharger (à réimporter)"
IMP_MY_SCOPE_DOWNLOAD_HELP = (
    "Les effectifs par famille, sexe et âge, en tableau agrégé CSV (Excel FR) : "
    "« Tableau agrégé » dans cette page le relit. Données internes, sans secret "
    "statistique : à ne pas diffuser."
)
IMP_MIN_CELL_SHARED_HELP = "Sur un serveur partagé, le seuil ne peut pas descendre sous 5 personnes."
IMP_DIFFUSION_HIDES = "En diffusion (mode présentation, support, téléchargements) : {items}."
IMP_SHARED_TAKEN = (
    "« {scope} » est un périmètre partagé de ce serveur : choisissez un autre identifiant pour votre import."
)
# What a hidden cell of an imported scope shows instead of its number.
PRIVACY_SMALL_CELL = "< {min_cell}"  # primary suppression: fewer than min_cell people
PRIVACY_SECONDARY = "secret"  # secondary suppression: would be given back by a total
# ---- end of import page ----

# ---- movements, calibration and back-test ----
EXIT_REASON_LABELS = {
    "retirement": "Retraite",
    "resignation": "Démission",
    "end_of_contract": "Fin de contrat",
    "mutual_termination": "Rupture conventionnelle",
    "dismissal": "Licenciement",
    "death": "Décès",
    "transfer": "Mutation",
    "trial_period": "Période d'essai",
    "other": "Autre",
}
EXIT_REASON_COLORS = {
    "retirement": "#882255",
    "resignation": "#DDCC77",
    "end_of_contract": "#88CCEE",
    "mutual_termination": "#44AA99",
    "dismissal": "#CC6677",
    "death": "#332288",
    "transfer": "#117733",
    "trial_period": "#AA4499",
    "other": "#BBBBBB",
}
MOVEMENT_MEASURE_LABELS = {
    "start": "Présents au 1er janvier",
    "hires": "Embauches (encore là au 31/12)",
    "retirements": "Départs à la retraite",
    "other_exits": "Autres départs",
    "headcount": "Effectif au 1er janvier",
}
OBSERVED_EXITS_HEADER = "Sorties observées par âge et motif"
OBSERVED_EXITS_TITLE = "Sorties observées en {year} par âge et motif, {scope}"
OBSERVED_EXITS_NOTE = (
    "Sorties de l'année {year} des personnes présentes au 1er janvier, par tranche d'âge de 5 ans (âge atteint "
    "dans l'année) et motif, lues dans le registre importé ; la ligne marque l'âge légal de la génération qui "
    "atteint cet âge en {year} ({schedule})."
)
LEGAL_AGE_LINE = "âge légal ({age})"
OBSERVED_AGE_AXIS = "Âge atteint dans l'année"
OBSERVED_COUNT_AXIS = "Sorties"
BACKTEST_HEADER = "La projection face à ce qui s'est passé"
BACKTEST_INTRO = (
    "Le scénario calibré sur {cal_years} projette les présents du 1er janvier {year} sur l'année {year} ; on compare "
    "avec les sorties et embauches observées dans le registre de {year}."
)
BACKTEST_TITLE = "Observé et projeté en {year}, par famille, {scope}"
BACKTEST_OBSERVED = "Observé"
BACKTEST_PROJECTED = "Projeté"
BACKTEST_BAND = "Projeté (10e–90e centile)"
BACKTEST_IN_SAMPLE = (
    "Dans l'échantillon : une seule année importée, elle a servi à calibrer le scénario et à le tester. L'écart "
    "mesure l'ajustement, pas la qualité de la prévision ; importez une autre année pour un vrai test."
)
BACKTEST_OUT_OF_SAMPLE = "Hors échantillon : l'année testée n'a pas servi à calibrer le scénario."
BACKTEST_ERROR = "Erreur absolue totale : {error} des départs et embauches observés (par famille)."
BACKTEST_BAND_SHARE = "Valeurs observées dans la bande 10e–90e centile : {share} des cellules."
BACKTEST_COLUMNS = {
    "year": "Année",
    "family": "Famille",
    "measure": "Mesure",
    "observed": "Observé",
    "projected": "Projeté",
    "projected_p10": "Projeté, 10e centile",
    "projected_p90": "Projeté, 90e centile",
    "within_band": "Dans la bande",
    "difference": "Écart (projeté − observé)",
    "in_sample": "Dans l'échantillon",
}
BACKTEST_NEEDS = "Le back-test demande au moins une année de registre avec dates de sortie."
SC_CALIBRATE = "Calibrer sur les données de ce périmètre"
SC_CALIBRATE_HELP = (
    "Remplit le formulaire avec les taux observés dans les registres importés de ce périmètre : retraite par âge, "
    "autres départs par tranche d'âge et famille, remplacement par famille, profil des embauches. Un taux observé "
    "sur peu de personnes est tiré vers une référence (poids de crédibilité, k = 20 personnes)."
)
SC_CALIBRATED = "Scénario calibré sur les mouvements observés ({years})."
SC_CALIBRATED_NAME = "Calibré sur {scope} ({years})"
SC_CALIBRATE_REFUSED = "Le calibrage n'a pas abouti :"
SC_CALIBRATION_BADGE = "Scénario calibré"
SC_CALIBRATION_RATES = "Les taux observés et les comptes qui les fondent"
SC_CALIBRATION_THIN = (
    "{count} taux reposent sur peu de personnes (poids de crédibilité inférieur à 0,5) : ils restent proches de leur "
    "référence plutôt que de prétendre à une précision qu'ils n'ont pas."
)
SC_CALIBRATION_BANDS = (
    "Autres départs par tranche d'âge (non modifiables dans le formulaire ; un taux saisi pour une famille ou un "
    "taux commun remplace ses tranches) : {bands}."
)
SC_CALIBRATION_HIDDEN = (
    "Diffusion : un taux calculé sur moins de {min_cell} personnes, ou sur un nombre de sorties masqué, n'est pas "
    "affiché seul."
)
CALIBRATION_MEASURES = {"retirement": "Retraite", "other_exit": "Autres départs", "replacement": "Remplacement"}
CALIBRATION_COLUMNS = {
    "measure": "Taux",
    "family": "Famille",
    "ages": "Âges",
    "people_at_risk": "Personnes exposées",
    "events": "Événements",
    "observed": "Taux observé",
    "weight": "Poids de crédibilité",
    "value": "Taux retenu",
}
ALL_FAMILIES = "Toutes familles"
DECK_ASSUME_BANDS = "autres départs par tranche d'âge : {bands}"
IMP_MOVEMENTS_LIMITS = (
    "Les colonnes de sortie donnent les sorties de l'année par motif, âge, sexe et famille, les embauches de "
    "l'année et les présents au 1er janvier. Elles ne donnent pas les sorties des années précédentes, ni les "
    "mobilités entre familles, ni les absences longues ou les temps partiels."
)
IMP_MOVEMENTS_NONE = (
    "Sans colonne « date de sortie », le registre ne dit rien des départs : ajoutez la date et le motif de sortie "
    "des personnes parties dans l'année pour calibrer les scénarios sur vos propres mouvements."
)
IMP_VALUE_LABELS["exit_reason"] = dict(EXIT_REASON_LABELS)  # the import page's choice for an unknown reason
# ---- end of movements ----
