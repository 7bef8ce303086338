"""Every word a user reads that is not data lives here, so that wording is changed
in one place and an English switch could be added by swapping this module."""
from __future__ import annotations

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
# One fixed colour per family in every chart: Paul Tol's colour-blind-safe "muted"
# scheme, Livre 2 in cool tones, Livre 3 in warm ones.
FAMILY_COLORS = {
    "commercial": "#332288",
    "gestion": "#88CCEE",
    "produit_risque": "#44AA99",
    "si": "#117733",
    "support": "#999933",
    "optique_audio_pharma": "#DDCC77",
    "medicosocial_sanitaire": "#CC6677",
    "autonomie": "#882255",
    "petite_enfance": "#AA4499",
    "moteurs_changement": "#EE8866",
    "autres": "#BBBBBB",
    "TOTAL": "#555555",
}
SEX_LABELS = {"F": "Femmes", "H": "Hommes"}
SEX_COLORS = {"F": "#AA4499", "H": "#44AA99"}

STATUS_LABELS = {"published": "publié", "derived": "dérivé", "estimated": "estimé", "projection": "projection"}
STATUS_COLORS = {"published": "green", "derived": "blue", "estimated": "orange", "projection": "violet"}

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
}
POPULATION_LABELS = {"ensemble": "Ensemble des salariés", "cadres": "Cadres", "recrutements": "Recrutements"}

EXPORT_DIALECTS = {"standard": "CSV standard", "excel-fr": "Excel (FR)"}

SOURCE_PREFIX = "Source : "
PRESENT_TOGGLE = "Mode présentation"
PRESENT_EXIT = "Quitter le mode présentation"
NO_DATA = "Aucune donnée pour cette combinaison de filtres : élargissez la sélection."
STORE_BUILDING = "Première ouverture : construction du magasin de données…"
STORE_FAILED = "Le magasin de données n'a pas pu être construit. Corrigez les fichiers sources ci-dessous puis rechargez la page :"
DOWNLOAD_CSV = "Télécharger les chiffres (CSV)"
DIALECT_CHOICE = "Format des CSV"


def family_label(code: str) -> str:
    return FAMILY_LABELS.get(code, code)


def scope_label(code: str) -> str:
    return SCOPE_LABELS.get(code, code)


# --- Meeting pack (report/, app/deck.py) -------------------------------------------------
DECK_TITLE = "Relève : les emplois de la branche Mutualité"
DECK_DATE_LINE = "Support de réunion du {date}"
DECK_SCENARIO_LINE = "Scénario de projection : « {name} »"
DECK_STATUS_LINE = ("Chaque chiffre porte sa source, son année et son statut : publié, dérivé (calculé à partir "
                    "d'un chiffre publié), estimé ou projection.")
DECK_SOURCES_SUMMARY = "Sources : {n} publications de {first} à {last} ({publishers})."
DECK_SOURCES_NONE = "Sources : voir la dernière diapositive."
DECK_STATUS_BADGES = {"derived": "Dérivé", "estimated": "Estimation", "projection": "Projection"}
DECK_KEY_FIGURES_MESSAGE = "{headcount} salariés et {women} de femmes dans l'{scope} en {year}"
DECK_SCOPES_MESSAGE = "{value} salariés dans la branche en {year} : chaque effectif publié a son périmètre"
DECK_FAMILIES_MESSAGE = "{family} : {value} salariés, la première famille de métiers"
DECK_GENDER_MESSAGE = "Les femmes font {share} des effectifs de la branche ({year})"
DECK_GENDER_MANAGERS = " et {share} des cadres ({year})"
DECK_GENDER_FALLBACK = "{share} de femmes : {series} ({year})"
DECK_PYRAMID_MESSAGE = "{share} des salariés ont 55 ans ou plus ; âge moyen : {mean} ans"
DECK_PYRAMID_METHOD = "Pyramide des âges {year} estimée (aucune n'est publiée) : {method}"
DECK_RETIREMENTS_MESSAGE = ("{total} départs à la retraite à l'âge légal de {first} à {last}, "
                            "l'équivalent de {share} de l'effectif de {base}")
DECK_RETIREMENTS_METHOD = "Départs à la retraite, règle « {schedule} » : {note}"
DECK_LIVRE3_SHARE_MESSAGE = "{share} des salariés de la branche travaillent dans les services de soins (Livre 3)"
DECK_ESTABLISHMENTS_MESSAGE = ("Livre 3 : {recent} établissements vers {recent_year}, {old} en {old_year} "
                               "(listes de types différentes)")
DECK_ESTABLISHMENTS_ONE = "Livre 3 : {count} établissements en {year}"
DECK_NOTES_TITLE = "Méthode et sources"
DECK_NOTES_CONTINUED = "Sources (suite)"
DECK_METHOD_HEADER = "Notes de méthode"
DECK_SOURCES_HEADER = "Toutes les sources du magasin de données"
DECK_SOURCE_NOT_CITED = " (non citée dans ce support)"
DECK_METHOD_STATUSES = ("Statuts : « publié » = imprimé dans la source ; « dérivé » = calculé à partir d'un chiffre "
                        "publié ; « estimé » = calé sur des chiffres publiés faute de donnée publiée ; "
                        "« projection » = calculé par le moteur de projection sous les hypothèses indiquées.")
DECK_METHOD_FORMATS = ("Nombres au format français. Les projections sont des valeurs attendues (fractions de "
                       "personnes), arrondies à l'unité à l'affichage.")
DECK_UNKNOWN_SECTION = "section(s) inconnue(s) : {names} ; sections possibles : {known}"
DECK_SCENARIO_NEEDED = "la section « scenarios » demande un scénario (--scenario FICHIER.json)"
DECK_UNKNOWN_SCOPE = "périmètre « {scope} » inconnu ; périmètres possibles : {known}"
DECK_UNKNOWN_SCHEDULE = "règle d'âge légal « {schedule} » inconnue ; règles possibles : {known}"
# Scenario slides.
DECK_SCENARIO_MESSAGE = ("Scénario « {name} » : {retirements} départs à la retraite et {hires} embauches "
                         "externes de {base} à {last}")
DECK_SCENARIO_CARDS = {
    "base_headcount": "Effectif {base}",
    "horizon_headcount": "Effectif {horizon}",
    "retirements_total": "Départs à la retraite, {base}-{last}",
    "external_hires_total": "Embauches externes, {base}-{last}",
    "share_retiring_by_horizon": "Part de l'effectif {base} partie à la retraite d'ici {horizon}",
    "mean_age": "Âge moyen, {base} → {horizon}",
}
DECK_SCENARIO_DETAIL = "projection · valeurs attendues"
DECK_SCENARIO_DETAIL_MC = "projection · moyenne de {draws} tirages (graine {seed})"
DECK_SCENARIO_METHOD = "Scénario « {name} » : {description} Hypothèses : {assumptions}."
# Image export (per-chart downloads and the deck's pictures).
IMAGE_NO_BROWSER = ("L'export des graphiques en images a besoin du navigateur Chromium, introuvable sur cette "
                    "machine. Installez-le (Debian ou Ubuntu : `apt-get install chromium`, sinon Google Chrome) "
                    "puis recommencez.")
IMAGE_NO_KALEIDO = ("L'export des graphiques en images a besoin du paquet Python kaleido : "
                    "`pip install -r requirements.txt`, puis installez Chromium (`apt-get install chromium`).")
IMAGE_BROWSER_FAILED = ("Chromium n'a pas pu démarrer pour dessiner les graphiques ({reason}). Vérifiez "
                        "l'installation (`apt-get install chromium`) puis recommencez.")
IMAGE_RENDER_FAILED = "Un graphique n'a pas pu être dessiné en image ({reason})."
IMAGE_TIMEOUT = "Le dessin des graphiques en images a pris trop de temps : recommencez dans un instant."
IMAGE_PREPARE = "Préparer l'image (PNG, SVG)"
IMAGE_PREPARING = "Dessin de l'image en haute résolution…"
IMAGE_DOWNLOAD_PNG = "Image PNG"
IMAGE_DOWNLOAD_SVG = "Image SVG"
# The deck in the app and on the command line.
DECK_BUTTON = "Télécharger la présentation (PPTX)"
DECK_PREPARE = "Préparer la présentation (PPTX)"
DECK_PREPARE_HELP = ("Un support de réunion 16:9 avec les graphiques de la sélection en cours (périmètre, filtres, "
                     "scénario), leurs sources et les notes de méthode.")
DECK_BUILDING = "Préparation de la présentation (graphiques en haute résolution)…"
DECK_FAILED = "La présentation n'a pas pu être préparée : {reason}"
DECK_WRITTEN = "Présentation écrite : {path} ({slides} diapositives, {size})"
DECK_NOTHING_WRITTEN = "Aucun fichier n'a été écrit."
DECK_SCENARIO_REFUSED = "Scénario refusé :"
DECK_REQUEST_REFUSED = "Demande refusée :"
DECK_STORE_FAILED = "Le magasin de données n'a pas pu être construit :"
DECK_UNEXPECTED = "Erreur inattendue pendant la préparation de la présentation : {reason}"
DECK_FILE_NAME = "releve-presentation-{scope}-{date}.pptx"
# --- end of meeting pack labels -----------------------------------------------------------
