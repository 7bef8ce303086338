"""Between a scenario (the engine's JSON dict) and the studio's input widgets.

The widgets speak the analyst's units (rates in %, the retirement rule as a choice,
exceptions by family as a table); the scenario speaks the file format's (fractions,
`by_family` objects). Two rules keep the translation honest:

* no bounds are enforced here: whatever a user types goes to the engine, which
  refuses it with its own sentence (`describe` only adds where the field sits on
  the page and the bound in % when the widget shows %);
* a value the user has not touched comes back bit for bit as it was loaded, so a
  scenario opened from a link or a file and left alone is the very same scenario
  (`scenario_from_form` compares each widget with what it showed at load time).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from core import formats, labels
from gpec import DEFAULT_SCHEDULE, FIELDS, SCHEDULES

RULES = ("legal_schedule", "fixed_age", "age_curve")
RATES = ("replacement_rate", "other_exit_rate", "growth_rate")
# Widget key of each rate's default and column of the family table.
RATE_KEYS = {"replacement_rate": "replacement", "other_exit_rate": "other_exit", "growth_rate": "growth"}
DEFAULT_FIXED_AGE = 64
# Offered when a user switches to the age-curve rule: yearly probabilities of leaving,
# among those still in post, for a curve centred on the legal ages of today.
DEFAULT_CURVE = {60: 0.05, 62: 0.4, 63: 0.3, 64: 0.5, 66: 0.6, 67: 1.0}
DEFAULT_DRAWS_WHEN_ON = 200

FAMILY_TABLE_COLUMNS = ["family", "headcount", "replacement", "other_exit", "growth"]
MOBILITY_COLUMNS = ["source", "target", "share"]
CURVE_COLUMNS = ["age", "probability"]


def pct(x: float | None) -> float | None:
    """Fraction -> percent for display, rounded so that 0.07 shows as 7.0, not 7.000000000000001."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x) * 100, 8)


def frac(p: float) -> float:
    """Percent typed by a user -> fraction for the scenario (5.5 -> 0.055)."""
    return round(float(p) / 100, 10)


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _same(a, b) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return a == b


def _number(x):
    """A cell as a JSON number: whole floats become ints (ages), NaN becomes None."""
    if _missing(x):
        return None
    x = float(x)
    return int(x) if x.is_integer() else x


# ---- scenario -> widgets -------------------------------------------------------------


def form_values(scenario: dict, families: list[str], headcounts: dict[str, float] | None = None) -> dict:
    """What each widget shows for `scenario` (a validated scenario dict). Families are
    those of the population, in its order; the family table lists them all, with an
    empty cell where the family follows the common rate."""
    ret = scenario["retirement"]
    rule = ret["rule"]
    values = {
        "name": scenario.get("name", ""),
        "description": scenario.get("description", ""),
        "base_year": int(scenario["base_year"]),
        "horizon_year": int(scenario["horizon_year"]),
        "rule": rule,
        "schedule": ret.get("schedule", DEFAULT_SCHEDULE) if rule == "legal_schedule" else DEFAULT_SCHEDULE,
        "delay_years": float(ret.get("delay_years", 0.0)) if rule == "legal_schedule" else 0.0,
        "fixed_age": int(ret["age"]) if rule == "fixed_age" else DEFAULT_FIXED_AGE,
        "curve": curve_table(ret["probabilities"] if rule == "age_curve" else DEFAULT_CURVE),
        "mobility": mobility_table(scenario.get("internal_mobility", [])),
        "mean_age": float(scenario["hires"]["mean_age"]),
        "age_sd": float(scenario["hires"]["age_sd"]),
        "share_women": pct(scenario["hires"]["share_women"]),
        "mc": int(scenario.get("monte_carlo", {}).get("draws", 0)) > 0,
        "draws": int(scenario.get("monte_carlo", {}).get("draws", 0)) or DEFAULT_DRAWS_WHEN_ON,
        "seed": int(scenario.get("monte_carlo", {}).get("seed", 0)),
    }
    for rate, key in RATE_KEYS.items():
        values[key] = pct(scenario[rate]["default"])
    values["family_rates"] = family_table(scenario, families, headcounts)
    return values


def family_table(scenario: dict, families: list[str], headcounts: dict[str, float] | None = None) -> pd.DataFrame:
    """One row per family: its base headcount (for reading) and its own rates in %,
    empty where it follows the common rate."""
    headcounts = headcounts or {}
    rows = []
    for fam in families:
        row = {"family": fam, "headcount": float(headcounts.get(fam, float("nan")))}
        for rate, key in RATE_KEYS.items():
            value = scenario[rate].get("by_family", {}).get(fam)
            row[key] = float("nan") if value is None else pct(value)
        rows.append(row)
    return pd.DataFrame(rows, columns=FAMILY_TABLE_COLUMNS).astype(
        {"headcount": float, "replacement": float, "other_exit": float, "growth": float}
    )


def mobility_table(moves: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"source": m["from"], "target": m["to"], "share": pct(m["share"])} for m in moves], columns=MOBILITY_COLUMNS
    ).astype({"source": object, "target": object, "share": float})


def curve_table(probabilities: dict) -> pd.DataFrame:
    items = sorted((int(a), p) for a, p in probabilities.items())
    return pd.DataFrame([{"age": a, "probability": pct(p)} for a, p in items], columns=CURVE_COLUMNS).astype(
        {"age": "Int64", "probability": float}
    )


# ---- widgets -> scenario -------------------------------------------------------------


def scenario_from_form(form: dict, source: dict, families: list[str]) -> tuple[dict, list[str]]:
    """The scenario dict the widgets describe, and the problems only the form can see
    (an age given twice in the curve table: a JSON object cannot even hold it).
    `source` is the scenario the widgets were loaded from: untouched values are
    copied from it unchanged."""
    shown = form_values(source, families)
    problems: list[str] = []

    def keep(key, raw, convert=lambda v: v):
        return raw if _same(form[key], shown[key]) else convert(form[key])

    out = {
        "schema_version": source.get("schema_version", 1),
        "name": form["name"],
        "description": form["description"],
        "base_year": keep("base_year", source["base_year"], _number),
        "horizon_year": keep("horizon_year", source["horizon_year"], _number),
    }
    out["retirement"] = _retirement(form, source["retirement"], shown, problems)
    for rate, key in RATE_KEYS.items():
        default = keep(key, source[rate]["default"], lambda v: None if _missing(v) else frac(v))
        by_family = _by_family(form["family_rates"], key, source[rate].get("by_family", {}))
        out[rate] = {"default": default, "by_family": by_family}
    out["other_exit_rate"].update(_age_bands(source["other_exit_rate"], out["other_exit_rate"]))
    if source.get("calibration"):
        out["calibration"] = source["calibration"]  # provenance travels with the scenario
    out["internal_mobility"] = _mobility(form["mobility"], source.get("internal_mobility", []))
    hires = source["hires"]
    out["hires"] = {
        "mean_age": keep("mean_age", hires["mean_age"], _number),
        "age_sd": keep("age_sd", hires["age_sd"], _number),
        "share_women": keep("share_women", hires["share_women"], lambda v: None if _missing(v) else frac(v)),
    }
    mc = source.get("monte_carlo", {"draws": 0, "seed": 0})
    draws = keep("draws", mc.get("draws", 0), _number) if form["mc"] else 0
    if form["mc"] and not shown["mc"] and _same(form["draws"], shown["draws"]):
        draws = _number(form["draws"])  # switched on: the widget's proposal, not the loaded 0
    out["monte_carlo"] = {"draws": draws, "seed": keep("seed", mc.get("seed", 0), _number)}
    return out, problems


def _retirement(form: dict, source: dict, shown: dict, problems: list[str]) -> dict:
    rule = form["rule"]
    same_rule = rule == source["rule"]
    if rule == "fixed_age":
        age = (
            source["age"] if same_rule and _same(form["fixed_age"], shown["fixed_age"]) else _number(form["fixed_age"])
        )
        return {"rule": rule, "age": age}
    if rule == "age_curve":
        original = source.get("probabilities", {}) if same_rule else {}
        original = {int(a): p for a, p in original.items()}
        probs: dict[str, float | None] = {}
        for _, row in form["curve"].iterrows():
            age, p = row.get("age"), row.get("probability")
            if _missing(age) and _missing(p):
                continue  # a blank row left by the editor
            age_key = "?" if _missing(age) else str(_number(age))
            if age_key in probs:
                problems.append(f"retirement.probabilities.{age_key} : âge {age_key} donné deux fois")
                continue
            if (
                not _missing(age)
                and float(age).is_integer()
                and int(age) in original
                and _same(p, pct(original[int(age)]))
            ):
                probs[age_key] = original[int(age)]
            else:
                probs[age_key] = None if _missing(p) else frac(p)
        return {"rule": rule, "probabilities": probs}
    if same_rule and form["schedule"] == shown["schedule"] and _same(form["delay_years"], shown["delay_years"]):
        return dict(source)
    return {
        "rule": rule,
        "schedule": form["schedule"],
        "delay_years": source.get("delay_years", 0.0)
        if same_rule and _same(form["delay_years"], shown["delay_years"])
        else _number(form["delay_years"]),
    }


def _age_bands(source: dict, edited: dict) -> dict:
    """The age bands of a version 2 scenario (calibrated), which the form does not edit:
    kept as loaded, except where a rate typed in the form must win. A family whose own
    rate the user typed loses its bands (by_family_age would otherwise override it);
    a new common rate drops the common bands (by_age would override it)."""
    out: dict = {}
    typed = {f for f, v in edited["by_family"].items() if source.get("by_family", {}).get(f) != v}
    own = {f: b for f, b in source.get("by_family_age", {}).items() if f not in typed}
    if own:
        out["by_family_age"] = own
    if source.get("by_age") and edited["default"] == source.get("default"):
        out["by_age"] = source["by_age"]
    return out


def _by_family(table: pd.DataFrame, column: str, original: dict) -> dict:
    out = {}
    for fam, value in zip(table["family"], table[column]):
        if _missing(value):
            continue
        out[fam] = original[fam] if fam in original and _same(value, pct(original[fam])) else frac(value)
    return out


def _mobility(table: pd.DataFrame, original: list[dict]) -> list[dict]:
    moves = []
    for i, row in enumerate(table.to_dict("records")):
        src, dst, share = row.get("source"), row.get("target"), row.get("share")
        if all(_missing(v) or v == "" for v in (src, dst, share)):
            continue
        move = {}
        if not _missing(src) and src != "":
            move["from"] = src
        if not _missing(dst) and dst != "":
            move["to"] = dst
        if not _missing(share):
            before = original[i] if i < len(original) else None
            same = (
                before is not None
                and before.get("from") == src
                and before.get("to") == dst
                and _same(share, pct(before.get("share")))
            )
            move["share"] = before["share"] if same else frac(share)
        moves.append(move)
    return moves


# ---- adapting a scenario to a population -----------------------------------------------


def fit_to_families(scenario: dict, families: list[str]) -> tuple[dict, list[str]]:
    """`scenario` without the exceptions and mobility rules that name families absent
    from the population, and the list of what was dropped (dotted paths). Used when
    a user changes the population scope: the common assumptions carry over."""
    known = set(families)
    out = dict(scenario)
    dropped = []
    for rate in RATES:
        by_family = scenario[rate].get("by_family", {})
        kept = {f: v for f, v in by_family.items() if f in known}
        dropped += [f"{rate}.by_family.{f}" for f in by_family if f not in known]
        out[rate] = {"default": scenario[rate]["default"], "by_family": kept}
    exits = scenario["other_exit_rate"]
    if exits.get("by_age"):
        out["other_exit_rate"]["by_age"] = exits["by_age"]
    own = exits.get("by_family_age", {})
    if own:
        out["other_exit_rate"]["by_family_age"] = {f: b for f, b in own.items() if f in known}
        dropped += [f"other_exit_rate.by_family_age.{f}" for f in own if f not in known]
    moves = []
    for i, m in enumerate(scenario.get("internal_mobility", []), start=1):
        if m.get("from") in known and m.get("to") in known:
            moves.append(m)
        else:
            dropped.append(f"internal_mobility[{i}]")
    out["internal_mobility"] = moves
    return out, dropped


def shift_years(scenario: dict, base_year: int) -> dict:
    """Same span, starting in `base_year` (the reference year of a new population)."""
    span = int(scenario["horizon_year"]) - int(scenario["base_year"])
    return {**scenario, "base_year": int(base_year), "horizon_year": int(base_year) + span}


# ---- where a refusal belongs on the page --------------------------------------------------

SECTIONS = {
    "name": "identity",
    "description": "identity",
    "schema_version": "identity",
    "base_year": "years",
    "horizon_year": "years",
    "retirement": "retirement",
    "internal_mobility": "mobility",
    "hires": "hires",
    "monte_carlo": "monte_carlo",
}
_PATH = re.compile(r"^([A-Za-z_]+)(?:\[(\d+)\])?((?:\.[^ .=:]+)*)")
PERCENT_PATHS = {
    "other_exit_rate.default",
    "other_exit_rate.by_family.<famille>",
    "replacement_rate.default",
    "replacement_rate.by_family.<famille>",
    "growth_rate.default",
    "growth_rate.by_family.<famille>",
    "internal_mobility[n].share",
    "hires.share_women",
    "retirement.probabilities.<âge>",
}
_BY_PATH = {f.path: f for f in FIELDS}


def section_of(problem: str) -> str:
    """The input group a refusal sentence is about, from the dotted path it starts with."""
    m = _PATH.match(problem)
    if not m:
        return "other"
    head, rest = m.group(1), m.group(3)
    if head in RATES:
        return "rates" if rest.startswith(".default") or rest == "" else "family_rates"
    return SECTIONS.get(head, "other")


def generic_path(problem: str) -> str | None:
    """The FIELDS path of a refusal: `replacement_rate.by_family.gestion` ->
    `replacement_rate.by_family.<famille>`, `internal_mobility[2].share` -> `[n]`."""
    m = _PATH.match(problem)
    if not m:
        return None
    head, index, rest = m.group(1), m.group(2), m.group(3)
    path = head + ("[n]" if index else "") + rest
    path = re.sub(r"\.by_family\.[^.]+$", ".by_family.<famille>", path)
    path = re.sub(r"^retirement\.probabilities\.[^.]+$", "retirement.probabilities.<âge>", path)
    return path


def percent_hint(problem: str) -> str:
    """For a refusal of a value the page shows in %, the bound in %: the engine speaks
    in fractions (0.05), the form in percent (5 %)."""
    path = generic_path(problem)
    spec = _BY_PATH.get(path) if path else None
    if path not in PERCENT_PATHS or spec is None or spec.low is None or spec.high is None:
        return ""
    low, high = _fmt(spec.low * 100), _fmt(spec.high * 100)
    return f"dans le formulaire, en % : de {low} à {high} %"


def _fmt(x: float) -> str:
    return formats.compact(x)


def group_problems(problems: list[str]) -> dict[str, list[str]]:
    """Refusals grouped by input section, each followed by its % hint when it has one."""
    out: dict[str, list[str]] = {}
    for p in problems:
        hint = percent_hint(p)
        out.setdefault(section_of(p), []).append(f"{p} ({hint})" if hint else p)
    return out


def schedule_label(code: str) -> str:
    return SCHEDULES[code].label if code in SCHEDULES else code


def assumptions_line(scenario: dict, family_label=lambda f: f) -> str:
    """One French sentence of a valid scenario's assumptions, for the results header
    (and a projector, where the inputs are folded away)."""
    ret = scenario["retirement"]
    if ret["rule"] == "legal_schedule":
        delay = float(ret.get("delay_years", 0) or 0)
        rule = labels.SC_RULE_SUMMARY["legal_schedule"].format(
            schedule=schedule_label(ret["schedule"]),
            delay=labels.SC_DELAY_SUMMARY.format(delay=formats.number(delay, 2).rstrip("0").rstrip(","))
            if delay
            else "",
        )
    elif ret["rule"] == "fixed_age":
        rule = labels.SC_RULE_SUMMARY["fixed_age"].format(age=ret["age"])
    else:
        rule = labels.SC_RULE_SUMMARY["age_curve"].format(
            ages=", ".join(f"{a} ans : {formats.percent(p * 100)}" for a, p in ret["probabilities"].items())
        )

    def rate(name: str) -> str:
        r = scenario[name]
        text = formats.percent(r["default"] * 100)
        if r.get("by_family"):
            text += labels.SC_BY_FAMILY_SUMMARY.format(
                families=", ".join(f"{family_label(f)} {formats.percent(v * 100)}" for f, v in r["by_family"].items())
            )
        return text

    line = labels.SC_ASSUMPTIONS.format(
        rule=rule,
        replacement=rate("replacement_rate"),
        exits=rate("other_exit_rate"),
        growth=rate("growth_rate"),
        age=formats.number(scenario["hires"]["mean_age"], 1).removesuffix(",0"),
        women=formats.percent(scenario["hires"]["share_women"] * 100),
    )
    moves = scenario.get("internal_mobility", [])
    if moves:
        line += labels.SC_MOBILITY_SUMMARY.format(
            moves=", ".join(
                f"{family_label(m['from'])} → {family_label(m['to'])} {formats.percent(m['share'] * 100)}"
                for m in moves
            )
        )
    return line
