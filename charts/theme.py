"""Every colour of the charts, the deck and the app's badges, in one place.

The family palette is chosen for a room, not a screen: ten colours that stay apart
for the common colour-vision deficiencies (protanopia, deuteranopia, tritanopia,
simulated with Machado et al.'s matrices) and that stand out from a white background
at a distance. tests/test_theme.py measures it: every pair at least MIN_DELTA_E apart
in CIEDE2000, in normal vision and under each simulation, and every colour at least
MIN_DELTA_E_WHITE from white.
"""

from __future__ import annotations

MIN_DELTA_E = 10.0  # CIEDE2000 between any two family colours, in every vision simulated
MIN_DELTA_E_WHITE = 20.0  # from the slide's or page's white background

FAMILY_COLORS = {
    "commercial": "#004488",
    "gestion": "#56B4E9",
    "produit_risque": "#009988",
    "si": "#3969AC",
    "support": "#666633",
    "optique_audio_pharma": "#EECC66",
    "medicosocial_sanitaire": "#E73F74",
    "autonomie": "#882255",
    "petite_enfance": "#EE8866",
    "moteurs_changement": "#A6761D",
    "autres": "#BBBBBB",
    "TOTAL": "#555555",
}
OTHER_COLOR = "#777777"  # a family or series without a colour of its own
UNKNOWN_COLOR = "#BBBBBB"  # a part the source does not detail (hatched)
HATCH_COLOR = "#555555"

SEX_COLORS = {"F": "#AA4499", "H": "#44AA99"}

# Livre 3 establishments, one colour per list year
YEAR_COLORS = {2006: "#88CCEE", 2011: "#44AA99", 2014: "#DDCC77", 2021: "#332288"}

# Series of a line chart (scopes, populations) in the order they are drawn
SERIES_COLORS = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#777777"]

# Statuses: Streamlit badge colour names (app) and the same as #RRGGBB (deck badges)
STATUS_COLORS = {"published": "green", "derived": "blue", "estimated": "orange", "projection": "violet"}
BADGE_HEX = {"green": "#228833", "blue": "#4477AA", "orange": "#CC6633", "violet": "#882255", "gray": "#777777"}


def status_hex(status: str | None) -> str:
    """#RRGGBB of a status badge (grey for an unknown status)."""
    return BADGE_HEX[STATUS_COLORS.get(status or "", "gray")]


# Text and surfaces, at projector contrast (INK and MUTED over 7:1 on white)
INK = "#1F2A44"
MUTED = "#444444"
ACCENT = "#332288"
CARD_FILL = "#F2F4F8"
TEXT = "#2A2F3A"
GRID = "#E6E9EF"


def family_color(family: str) -> str:
    return FAMILY_COLORS.get(family, OTHER_COLOR)
