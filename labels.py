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
