"""The parts of the method page that must not drift from the code.

docs/method.md is written by hand, except the blocks between
`<!-- gpec:begin NAME -->` and `<!-- gpec:end NAME -->`, which are rendered here
from the code's own tables (legal ages, scenario fields and bounds, presets, output
columns, constants). `python -m gpec doc --write` refreshes them; a test fails when
the page and the code disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

from core import formats

from .api import DEFAULT_DRAWS, MAX_COST, preset_files
from .backtest import COLUMNS as BACKTEST_COLUMNS
from .calibrate import CREDIBILITY_K, EXIT_BANDS, LOW_WEIGHT, REPLACEMENT_BOUNDS, RETIREMENT_AGES
from .engine import MEASURES, N_AGES, N_SEXES, cost
from .fields import (
    FIELDS,
    HIRE_MAX_AGE,
    HIRE_MIN_AGE,
    MAX_AGE,
    MAX_SPAN_YEARS,
    MIN_AGE,
    NO_DEFAULT,
)
from .results import PERCENTILES, STRUCTURE_COLUMNS, SUMMARY_COLUMNS
from .scenario import Scenario
from .schedules import SCHEDULES, format_age, legal_age_exact

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "method.md"
_BLOCK = re.compile(r"(<!-- gpec:begin (?P<name>[a-z_]+) -->\n)(?P<body>.*?)(<!-- gpec:end (?P=name) -->)", re.S)


def _decimal(x: float, digits: int = 4) -> str:
    return formats.number(x, digits)


def _grouped(n: int) -> str:
    return formats.number(n)


def schedule_rows(code: str) -> list[tuple[str, str, str]]:
    """(cohort label, legal age in words, legal age in decimal years), from the cohort
    before the first change to the first cohort of the last row."""
    rows = SCHEDULES[code].rows
    first = rows[1].year - 1
    last = rows[-1].year if rows[-1].month == 1 else rows[-1].year + 1
    out = []
    for year in range(first, last + 1):
        label = f"{year} et avant" if year == first else f"{year} et après" if year == last else str(year)
        age = legal_age_exact(code, year)
        out.append((label, format_age(age), _decimal(float(age))))
    return out


def render_schedules() -> str:
    parts = []
    for code, sched in SCHEDULES.items():
        parts.append(f"**`{code}`** — {sched.label}. {sched.note}\n")
        parts.append("| génération | âge légal | en années |")
        parts.append("|---|---|---|")
        parts += [f"| {a} | {b} | {c} |" for a, b, c in schedule_rows(code)]
        parts.append("")
    return "\n".join(parts)


def render_fields() -> str:
    lines = [
        "| champ | type | obligatoire | défaut | règle | signification |",
        "|---|---|---|---|---|---|",
    ]
    for f in FIELDS:
        required = "oui" if f.required else "non"
        if f.when:
            required += f" (si {f.when})"
        rule = " ; ".join(x for x in (f.rule, f.extra) if x)
        default = f.default_text if f.default is not NO_DEFAULT else ""
        lines.append(f"| `{f.path}` | {f.kind} | {required} | {default} | {rule} | {f.meaning} |")
    return "\n".join(lines) + "\n"


def render_presets() -> str:
    lines = ["| scénario | fichier | hypothèses |", "|---|---|---|"]
    for path in preset_files():
        scn = Scenario.load(path)
        lines.append(f"| {scn.name} | `scenarios/{path.name}` | {scn.description} |")
    return "\n".join(lines) + "\n"


def render_outputs() -> str:
    pct = ", ".join(f"`_p{p}`" for p in PERCENTILES)
    return "\n".join(
        [
            "| table | une ligne par | colonnes |",
            "|---|---|---|",
            "| `flows` | année t (base … horizon − 1) et famille | `year`, `family`, "
            + ", ".join(f"`{m}`" for m in MEASURES)
            + f" ; en Monte Carlo, en plus, {pct} pour chaque mesure |",
            "| `structure` | année (base … horizon), famille, sexe, âge | "
            + ", ".join(f"`{c}`" for c in STRUCTURE_COLUMNS)
            + " |",
            "| `summary` | famille, plus une ligne `TOTAL` | " + ", ".join(f"`{c}`" for c in SUMMARY_COLUMNS) + " |",
            "",
        ]
    )


def render_constants() -> str:
    return "\n".join(
        [
            f"- âges suivis : {MIN_AGE} à {MAX_AGE} ans (âge atteint dans l'année) ;",
            f"- âges d'embauche externe : {HIRE_MIN_AGE} à {HIRE_MAX_AGE} ans ;",
            f"- horizon : au plus {MAX_SPAN_YEARS} ans après l'année de base ;",
            f"- nombre de tirages utilisé par défaut par l'application : {DEFAULT_DRAWS} ;",
            f"- budget de calcul d'une projection : {_grouped(MAX_COST)} cellules-années (tirages × années × "
            f"familles × {N_SEXES} sexes × {N_AGES} âges) ; {DEFAULT_DRAWS} tirages sur 40 ans pour les 10 familles "
            f"de la branche en font {_grouped(cost(DEFAULT_DRAWS, 40, 10))}.",
            "",
        ]
    )


def render_calibration() -> str:
    bands = ", ".join(f"{lo}–{hi}" if hi < MAX_AGE else f"{lo} ans et plus" for lo, hi in EXIT_BANDS)
    return "\n".join(
        [
            f"- poids de crédibilité : k = {CREDIBILITY_K} personnes (poids de l'observation n / (n + {CREDIBILITY_K})) ;"
            f" un taux de poids inférieur à {_decimal(LOW_WEIGHT, 1)} est signalé comme reposant surtout sur sa "
            "référence ;",
            f"- retraite : q(a) observé de {RETIREMENT_AGES.start} à {RETIREMENT_AGES.stop - 1} ans, 1 au-delà ;",
            f"- autres départs, tranches d'âge : {bands} ;",
            f"- taux de remplacement borné entre {REPLACEMENT_BOUNDS[0]:g} et {REPLACEMENT_BOUNDS[1]:g} ;",
            "- colonnes de `backtest.*` : " + ", ".join(f"`{c}`" for c in BACKTEST_COLUMNS) + ".",
            "",
        ]
    )


RENDERERS = {
    "schedules": render_schedules,
    "fields": render_fields,
    "presets": render_presets,
    "outputs": render_outputs,
    "constants": render_constants,
    "calibration": render_calibration,
}


def blocks(text: str) -> dict[str, str]:
    """Generated blocks found in a page: name -> body."""
    return {m.group("name"): m.group("body") for m in _BLOCK.finditer(text)}


def refresh(text: str) -> str:
    """The page with every generated block re-rendered from the code."""

    def sub(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in RENDERERS:
            return str(m.group(0))
        return "".join((m.group(1), RENDERERS[name](), m.group(4)))

    return _BLOCK.sub(sub, text)


def stale_blocks(text: str) -> list[str]:
    """Names of blocks that differ from the code, or that the page lacks."""
    found = blocks(text)
    return [name for name, render in RENDERERS.items() if found.get(name) != render()]
