"""A scenario: the assumptions of one projection, as a validated, serialisable value.

A scenario travels as JSON (files in `scenarios/`, the app's widgets, the command
line) and is checked once, on the way in: `Scenario.from_dict` either returns an
object every later step can trust, or raises `ScenarioError` listing every problem.
Checks that need the population (families named in the scenario must exist in it)
are in `Scenario.check_families`, run by the engine before it computes anything.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from os import PathLike
from pathlib import Path
from typing import Any

from core import formats, limits

from .errors import ScenarioError
from .fields import (
    LATEST_SCHEMA_VERSION,
    MAX_AGE,
    MAX_SPAN_YEARS,
    MIN_AGE,
    SCHEMA_VERSION,
    Field,
    field,
    fmt_number,
)


@dataclass(frozen=True)
class FamilyRates:
    """A yearly rate with a default and exceptions by family."""

    default: float
    by_family: dict[str, float] = dc_field(default_factory=dict)

    def for_family(self, family: str) -> float:
        return self.by_family.get(family, self.default)

    def to_dict(self) -> dict[str, Any]:
        return {"default": self.default, "by_family": dict(self.by_family)}


@dataclass(frozen=True)
class AgeBand:
    """A rate for the ages `low`..`high` (both included, ages reached in the year)."""

    low: int
    high: int
    rate: float

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.low, "to": self.high, "rate": self.rate}


def _band_rate(bands: tuple[AgeBand, ...], age: int) -> float | None:
    for band in bands:
        if band.low <= age <= band.high:
            return band.rate
    return None


@dataclass(frozen=True)
class ExitRates(FamilyRates):
    """Other exits: a default, exceptions by family and (version 2) by age band, for
    all families or for one. The most specific rate wins: by_family_age > by_family >
    by_age > default; an age outside every band takes the next level's rate."""

    by_age: tuple[AgeBand, ...] = ()
    by_family_age: dict[str, tuple[AgeBand, ...]] = dc_field(default_factory=dict)

    @property
    def by_age_used(self) -> bool:
        return bool(self.by_age or self.by_family_age)

    def for_cell(self, family: str, age: int) -> float:
        own = _band_rate(self.by_family_age.get(family, ()), age)
        if own is not None:
            return own
        if family in self.by_family:
            return self.by_family[family]
        common = _band_rate(self.by_age, age)
        return self.default if common is None else common

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        if self.by_age:
            out["by_age"] = [b.to_dict() for b in self.by_age]
        if self.by_family_age:
            out["by_family_age"] = {f: [b.to_dict() for b in bands] for f, bands in self.by_family_age.items()}
        return out


@dataclass(frozen=True)
class Calibration:
    """Where observed rates came from (provenance only: no computation reads it)."""

    scope: str
    years: tuple[int, ...]
    people_at_risk: int
    exits: int
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "years": list(self.years),
            "people_at_risk": self.people_at_risk,
            "exits": self.exits,
            "method": self.method,
        }

    def sentence(self) -> str:
        """One line for a page, a CSV header or a slide."""
        years = ", ".join(str(y) for y in self.years)
        return (
            f"Calibré sur les mouvements du périmètre « {self.scope} » ({years}) : "
            f"{formats.number(self.people_at_risk)} personnes exposées, {formats.number(self.exits)} sorties ; "
            f"{self.method}"
        )


@dataclass(frozen=True)
class Retirement:
    """How people leave for retirement; only the attributes of `rule` are set."""

    rule: str
    age: int | None = None
    probabilities: dict[int, float] | None = None
    schedule: str | None = None
    delay_years: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        if self.rule == "fixed_age":
            return {"rule": self.rule, "age": self.age}
        if self.rule == "age_curve":
            return {
                "rule": self.rule,
                "probabilities": {str(a): p for a, p in sorted((self.probabilities or {}).items())},
            }
        return {"rule": self.rule, "schedule": self.schedule, "delay_years": self.delay_years}


@dataclass(frozen=True)
class Move:
    """Internal mobility: `share` of the hires of `target` are staff moved from `source`."""

    source: str
    target: str
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "share": self.share}


@dataclass(frozen=True)
class Hires:
    """Who is hired from outside: age profile (normal, over whole ages 18..67) and sex."""

    mean_age: float
    age_sd: float
    share_women: float

    def to_dict(self) -> dict[str, Any]:
        return {"mean_age": self.mean_age, "age_sd": self.age_sd, "share_women": self.share_women}


@dataclass(frozen=True)
class MonteCarlo:
    draws: int = 0
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"draws": self.draws, "seed": self.seed}


@dataclass(frozen=True)
class Scenario:
    """All assumptions of one projection. Build it with `from_dict` / `from_json` /
    `load`, which validate; write it back with `to_dict` / `to_json`."""

    name: str
    base_year: int
    horizon_year: int
    retirement: Retirement
    hires: Hires
    description: str = ""
    other_exit_rate: ExitRates = ExitRates(0.0)
    replacement_rate: FamilyRates = FamilyRates(1.0)
    growth_rate: FamilyRates = FamilyRates(0.0)
    internal_mobility: tuple[Move, ...] = ()
    monte_carlo: MonteCarlo = MonteCarlo()
    schema_version: int = SCHEMA_VERSION
    calibration: Calibration | None = None

    # ---- construction -------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Any) -> Scenario:
        """Validate a parsed JSON object; raise ScenarioError listing every problem."""
        return _Parser().scenario(data)

    @classmethod
    def from_json(cls, text: str | bytes, source: str = "scénario") -> Scenario:
        return cls.from_dict(parse_json(text, source))

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Scenario:
        path = Path(path)
        try:
            found = path.stat().st_size
            if found > limits.JSON_BYTES():
                raise ScenarioError(
                    [
                        f"{limits.quote(path.name)} : fichier trop volumineux pour être un scénario "
                        f"({limits.size(found)}, au plus {limits.size(limits.JSON_BYTES())})"
                    ]
                )
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ScenarioError([f"{path.name} : fichier introuvable"]) from None
        except OSError as exc:
            raise ScenarioError([f"{path.name} : fichier illisible ({exc.strerror})"]) from None
        return cls.from_json(raw, source=path.name)

    # ---- serialisation ------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        out = {
            "schema_version": self.schema_version,
            "name": self.name,
            "description": self.description,
            "base_year": self.base_year,
            "horizon_year": self.horizon_year,
            "retirement": self.retirement.to_dict(),
            "other_exit_rate": self.other_exit_rate.to_dict(),
            "replacement_rate": self.replacement_rate.to_dict(),
            "growth_rate": self.growth_rate.to_dict(),
            "internal_mobility": [m.to_dict() for m in self.internal_mobility],
            "hires": self.hires.to_dict(),
            "monte_carlo": self.monte_carlo.to_dict(),
        }
        if self.calibration is not None:
            out["calibration"] = self.calibration.to_dict()
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    # ---- checks against a population -------------------------------------------------

    def named_families(self) -> list[tuple[str, str]]:
        """(dotted path, family) for every family the scenario names."""
        named = []
        for rates in ("other_exit_rate", "replacement_rate", "growth_rate"):
            for fam in getattr(self, rates).by_family:
                named.append((f"{rates}.by_family.{limits.quote(fam)}", fam))
        for fam in self.other_exit_rate.by_family_age:
            named.append((f"other_exit_rate.by_family_age.{limits.quote(fam)}", fam))
        for i, move in enumerate(self.internal_mobility, start=1):
            named.append((f"internal_mobility[{i}].from", move.source))
            named.append((f"internal_mobility[{i}].to", move.target))
        return named

    def check_families(self, families: Iterable[str]) -> list[str]:
        """Problems with families named here but absent from the population."""
        known = list(dict.fromkeys(families))
        listing = ", ".join(known)
        return [
            f'{path} : famille "{limits.quote(fam)}" absente de la population (familles présentes : {listing})'
            for path, fam in self.named_families()
            if fam not in known
        ]

    @property
    def years(self) -> int:
        return self.horizon_year - self.base_year


# ---------------------------------------------------------------------------------
# Parsing: the text through limits.load_json (size, depth, numbers bounded), then walk
# the JSON object, collect problems, build the objects at the end.


def parse_json(text: str | bytes, source: str = "scénario") -> Any:
    """The JSON value of a scenario's text, or ScenarioError with one sentence (the
    app's upload and saved scenarios go through here too)."""
    source = limits.quote(source)
    try:
        return limits.load_json(text)
    except limits.JsonRefused as exc:
        raise ScenarioError([f"{source} : JSON refusé, {exc.where()}{exc.reason}"]) from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            [f"{source} : JSON mal formé, ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})"]
        ) from None
    except UnicodeDecodeError:
        raise ScenarioError([f"{source} : le fichier n'est pas un texte UTF-8"]) from None


def _show(value: Any) -> str:
    """A value as the JSON says it, cut to 80 characters (a text keeps its quotes)."""
    if isinstance(value, str):
        return json.dumps(limits.quote(value, limits.QUOTE_CHARS - 2), ensure_ascii=False)
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return limits.quote(text)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Parser:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, value: Any, rule: str) -> None:
        self.problems.append(f"{path} = {_show(value)} : {rule}")

    def missing(self, path: str) -> None:
        self.problems.append(f"{path} : champ obligatoire manquant")

    def keys(self, obj: dict[str, Any], path: str, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in obj:
            if key not in allowed:
                where = f"{path}.{limits.quote(key)}" if path else limits.quote(key)
                self.problems.append(f"{where} : champ inconnu (champs permis : {', '.join(allowed)})")

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.fail(path, value, "doit être un objet JSON {…}")
        return None

    def number(self, value: Any, path: str, spec: Field) -> float | None:
        """A number within the field's bounds (integers when the field says so)."""
        integer = spec.kind == "entier"
        if not _is_number(value) or not math.isfinite(value):
            self.fail(path, value, "doit être un nombre entier" if integer else "doit être un nombre")
            return None
        if integer and not float(value).is_integer():
            self.fail(path, value, spec.rule if spec.low is not None else "doit être un nombre entier")
            return None
        if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
            self.fail(path, value, spec.rule)
            return None
        return int(value) if integer else float(value)

    def text(self, value: Any, path: str, nonempty: bool = True) -> str | None:
        if not isinstance(value, str) or (nonempty and not value.strip()):
            self.fail(path, value, "doit être un texte non vide" if nonempty else "doit être un texte")
            return None
        return value

    def get(self, obj: dict[str, Any], key: str, path: str, spec: Field) -> Any:
        """obj[key], or the field's default, or a 'missing' problem (returns None)."""
        if key in obj:
            return obj[key]
        if spec.required:
            self.missing(path)
        return None

    # ---- sections ---------------------------------------------------------------

    def scenario(self, data: Any) -> Scenario:
        if not isinstance(data, dict):
            raise ScenarioError([f"scénario = {_show(data)[:60]} : doit être un objet JSON {{…}}"])
        self.keys(
            data,
            "",
            [
                "schema_version",
                "name",
                "description",
                "base_year",
                "horizon_year",
                "retirement",
                "other_exit_rate",
                "replacement_rate",
                "growth_rate",
                "internal_mobility",
                "hires",
                "monte_carlo",
                "calibration",
            ],
        )
        version: float | None = SCHEMA_VERSION
        if "schema_version" in data:
            version = self.number(data["schema_version"], "schema_version", field("schema_version"))
        name = None
        if "name" in data:
            name = self.text(data["name"], "name")
        else:
            self.missing("name")
        description: str | None = ""
        if "description" in data:
            description = self.text(data["description"], "description", nonempty=False)
        base = self.get(data, "base_year", "base_year", field("base_year"))
        base = None if base is None else self.number(base, "base_year", field("base_year"))
        horizon = self.horizon(data, base)
        retirement = None
        if "retirement" in data:
            retirement = self.retirement(data["retirement"])
        else:
            self.missing("retirement")
        rates: dict[str, Any] = {
            name_: self.rates(data.get(name_), name_)
            for name_ in ("other_exit_rate", "replacement_rate", "growth_rate")
        }
        moves = self.mobility(data.get("internal_mobility", []))
        hires = None
        if "hires" in data:
            hires = self.hires(data["hires"])
        else:
            self.missing("hires")
        mc = self.monte_carlo(data.get("monte_carlo", {}))
        calibration = self.calibration(data["calibration"]) if "calibration" in data else None
        exits = rates["other_exit_rate"]
        needs_v2 = [
            path
            for path, used in (
                ("other_exit_rate.by_age", isinstance(exits, ExitRates) and bool(exits.by_age)),
                ("other_exit_rate.by_family_age", isinstance(exits, ExitRates) and bool(exits.by_family_age)),
                ("calibration", "calibration" in data),
            )
            if used
        ]
        if needs_v2 and "schema_version" not in data:
            version = LATEST_SCHEMA_VERSION  # the features say which version the file is
        elif needs_v2 and version is not None and version < LATEST_SCHEMA_VERSION:
            self.fail(
                "schema_version",
                data["schema_version"],
                f"{', '.join(needs_v2)} demande la version {LATEST_SCHEMA_VERSION} du format "
                f'(écrire "schema_version": {LATEST_SCHEMA_VERSION})',
            )
        if self.problems:
            raise ScenarioError(self.problems)
        # every None above came with a problem
        assert name is not None and description is not None and base is not None and horizon is not None
        assert retirement is not None and hires is not None and mc is not None and version is not None
        return Scenario(
            name=name,
            description=description,
            base_year=int(base),
            horizon_year=horizon,
            retirement=retirement,
            hires=hires,
            internal_mobility=moves,
            monte_carlo=mc,
            schema_version=int(version),
            calibration=calibration,
            **rates,
        )

    def horizon(self, data: dict[str, Any], base: float | None) -> int | None:
        if "horizon_year" not in data:
            self.missing("horizon_year")
            return None
        value = data["horizon_year"]
        if not _is_number(value) or not math.isfinite(value) or not float(value).is_integer():
            self.fail("horizon_year", value, "doit être un nombre entier")
            return None
        value = int(value)
        if base is not None and value <= base:
            self.fail("horizon_year", value, f"doit être postérieure à base_year ({base})")
            return None
        if base is not None and value - base > MAX_SPAN_YEARS:
            self.fail("horizon_year", value, f"doit être au plus {MAX_SPAN_YEARS} ans après base_year ({base})")
            return None
        return value

    def retirement(self, value: Any) -> Retirement | None:
        obj = self.obj(value, "retirement")
        if obj is None:
            return None
        if "rule" not in obj:
            self.missing("retirement.rule")
            return None
        rule = obj["rule"]
        spec = field("retirement.rule")
        if rule not in spec.choices:
            self.fail("retirement.rule", rule, spec.rule)
            return None
        if rule == "fixed_age":
            self.keys(obj, "retirement", ["rule", "age"])
            if "age" not in obj:
                self.missing("retirement.age")
                return None
            age = self.number(obj["age"], "retirement.age", field("retirement.age"))
            return None if age is None else Retirement(rule, age=int(age))
        if rule == "age_curve":
            self.keys(obj, "retirement", ["rule", "probabilities"])
            if "probabilities" not in obj:
                self.missing("retirement.probabilities")
                return None
            return self.curve(obj["probabilities"])
        self.keys(obj, "retirement", ["rule", "schedule", "delay_years"])
        ok = True
        if "schedule" not in obj:
            self.missing("retirement.schedule")
            ok = False
        else:
            spec = field("retirement.schedule")
            if obj["schedule"] not in spec.choices:
                self.fail("retirement.schedule", obj["schedule"], spec.rule)
                ok = False
        delay: float | None = 0.0
        if "delay_years" in obj:
            delay = self.number(obj["delay_years"], "retirement.delay_years", field("retirement.delay_years"))
            ok = ok and delay is not None
        return Retirement(rule, schedule=obj["schedule"], delay_years=delay) if ok and delay is not None else None

    def curve(self, value: Any) -> Retirement | None:
        obj = self.obj(value, "retirement.probabilities")
        if obj is None:
            return None
        if not obj:
            self.fail("retirement.probabilities", obj, "doit donner au moins un âge")
            return None
        spec = field("retirement.probabilities.<âge>")
        probs: dict[int, float] = {}
        n_before = len(self.problems)
        for key, p in obj.items():
            key = str(key)
            path = f"retirement.probabilities.{limits.quote(key)}"
            try:
                age = int(key.strip())
            except ValueError:
                age = None
            if age is None or str(age) != key.strip() or not MIN_AGE <= age <= MAX_AGE:
                self.problems.append(
                    f'{path} : l\'âge "{limits.quote(key)}" doit être un nombre entier de {MIN_AGE} à {MAX_AGE}'
                )
                continue
            prob = self.number(p, path, spec)
            if prob is None:
                continue
            if age == MAX_AGE and prob != 1:
                self.fail(path, p, f"à {MAX_AGE} ans, dernier âge suivi, la probabilité doit valoir 1")
                continue
            if age in probs:
                self.problems.append(f"{path} : âge {age} donné deux fois")
                continue
            probs[age] = prob
        if len(self.problems) > n_before:
            return None
        return Retirement("age_curve", probabilities=dict(sorted(probs.items())))

    def rates(self, value: Any, name: str) -> FamilyRates | None:
        default_spec = field(f"{name}.default")
        if value is None:
            return (
                ExitRates(default_spec.number_default)
                if name == "other_exit_rate"
                else FamilyRates(default_spec.number_default)
            )
        obj = self.obj(value, name)
        if obj is None:
            return None
        exits = name == "other_exit_rate"
        self.keys(obj, name, ["default", "by_family", "by_age", "by_family_age"] if exits else ["default", "by_family"])
        default: float | None = default_spec.number_default
        if "default" in obj:
            default = self.number(obj["default"], f"{name}.default", default_spec)
        by_family: dict[str, float] = {}
        if "by_family" in obj:
            fams = self.obj(obj["by_family"], f"{name}.by_family")
            spec = field(f"{name}.by_family.<famille>")
            for fam, rate in (fams or {}).items():
                path = f"{name}.by_family.{limits.quote(fam)}"
                if not isinstance(fam, str) or not fam.strip():
                    self.problems.append(f'{path} : le code de famille "{fam}" doit être non vide')
                    continue
                checked = self.number(rate, path, spec)
                if checked is not None:
                    by_family[fam] = checked
        if default is None:
            return None
        if not exits:
            return FamilyRates(default, by_family)
        by_age: tuple[AgeBand, ...] = ()
        if "by_age" in obj:
            by_age = self.bands(obj["by_age"], f"{name}.by_age")
        by_family_age: dict[str, tuple[AgeBand, ...]] = {}
        if "by_family_age" in obj:
            fams = self.obj(obj["by_family_age"], f"{name}.by_family_age")
            for fam, bands in (fams or {}).items():
                path = f"{name}.by_family_age.{limits.quote(fam)}"
                if not isinstance(fam, str) or not fam.strip():
                    self.problems.append(f'{path} : le code de famille "{fam}" doit être non vide')
                    continue
                by_family_age[fam] = self.bands(bands, path)
        return ExitRates(default, by_family, by_age, by_family_age)

    def bands(self, value: Any, path: str) -> tuple[AgeBand, ...]:
        """Age bands [{from, to, rate}], each checked, then checked not to overlap."""
        if not isinstance(value, list):
            self.fail(path, value, "doit être une liste JSON […]")
            return ()
        found: list[tuple[int, AgeBand]] = []
        for i, item in enumerate(value, start=1):
            where = f"{path}[{i}]"
            obj = self.obj(item, where)
            if obj is None:
                continue
            self.keys(obj, where, ["from", "to", "rate"])
            got: dict[str, Any] = {}
            for key in ("from", "to", "rate"):
                spec = field(f"other_exit_rate.by_age[n].{key}")
                if key not in obj:
                    self.missing(f"{where}.{key}")
                else:
                    got[key] = self.number(obj[key], f"{where}.{key}", spec)
            if len(got) < 3 or None in got.values():
                continue
            if got["to"] < got["from"]:
                self.fail(f"{where}.to", obj["to"], f"doit être au moins égal à from ({got['from']})")
                continue
            found.append((i, AgeBand(got["from"], got["to"], got["rate"])))
        ordered = sorted(found, key=lambda x: x[1].low)
        for (i, a), (j, b) in zip(ordered, ordered[1:]):
            if b.low <= a.high:
                first, second = sorted((i, j))
                self.problems.append(
                    f"{path}[{second}] : les tranches {path}[{first}] ({a.low}-{a.high} ans) et "
                    f"{path}[{second}] ({b.low}-{b.high} ans) se chevauchent : un âge ne doit "
                    "appartenir qu'à une tranche"
                )
        return tuple(b for _, b in sorted(found))

    def mobility(self, value: Any) -> tuple[Move, ...]:
        if not isinstance(value, list):
            self.fail("internal_mobility", value, "doit être une liste JSON […]")
            return ()
        moves = []
        for i, item in enumerate(value, start=1):
            path = f"internal_mobility[{i}]"
            obj = self.obj(item, path)
            if obj is None:
                continue
            self.keys(obj, path, ["from", "to", "share"])
            got: dict[str, str | None] = {}
            for key in ("from", "to"):
                if key not in obj:
                    self.missing(f"{path}.{key}")
                else:
                    got[key] = self.text(obj[key], f"{path}.{key}")
            share = None
            if "share" not in obj:
                self.missing(f"{path}.share")
            else:
                share = self.number(obj["share"], f"{path}.share", field("internal_mobility[n].share"))
            src, dst = got.get("from"), got.get("to")
            if src is not None and dst is not None and src == dst:
                self.fail(f"{path}.to", dst, "doit être différent de from (même famille)")
                continue
            if src is not None and dst is not None and share is not None:
                moves.append(Move(src, dst, share))
        totals: dict[str, float] = {}
        for m in moves:
            totals[m.target] = totals.get(m.target, 0.0) + m.share
        for target, total in totals.items():
            if total > 1 + 1e-12:
                self.problems.append(
                    f'internal_mobility (to = "{target}") : somme des share = {fmt_number(round(total, 10))} : '
                    "la somme des parts vers une même famille doit être au plus 1"
                )
        return tuple(moves)

    def hires(self, value: Any) -> Hires | None:
        obj = self.obj(value, "hires")
        if obj is None:
            return None
        self.keys(obj, "hires", ["mean_age", "age_sd", "share_women"])
        got: dict[str, Any] = {}
        for key in ("mean_age", "age_sd", "share_women"):
            path = f"hires.{key}"
            if key not in obj:
                self.missing(path)
            else:
                got[key] = self.number(obj[key], path, field(path))
        if len(got) < 3 or None in got.values():
            return None
        return Hires(**got)

    def calibration(self, value: Any) -> Calibration | None:
        obj = self.obj(value, "calibration")
        if obj is None:
            return None
        self.keys(obj, "calibration", ["scope", "years", "people_at_risk", "exits", "method"])
        n_before = len(self.problems)
        got: dict[str, Any] = {}
        for key in ("scope", "method"):
            if key not in obj:
                self.missing(f"calibration.{key}")
            else:
                got[key] = self.text(obj[key], f"calibration.{key}")
        for key in ("people_at_risk", "exits"):
            path = f"calibration.{key}"
            if key not in obj:
                self.missing(path)
            else:
                got[key] = self.number(obj[key], path, field(path))
        if "years" not in obj:
            self.missing("calibration.years")
        else:
            years = obj["years"]
            if (
                not isinstance(years, list)
                or not years
                or not all(_is_number(y) and float(y).is_integer() and 1900 <= y <= 2100 for y in years)
            ):
                self.fail("calibration.years", years, "doit être une liste non vide d'années (entiers de 1900 à 2100)")
            else:
                got["years"] = tuple(sorted({int(y) for y in years}))
        if len(self.problems) > n_before:
            return None
        return Calibration(**got)

    def monte_carlo(self, value: Any) -> MonteCarlo | None:
        obj = self.obj(value, "monte_carlo")
        if obj is None:
            return None
        self.keys(obj, "monte_carlo", ["draws", "seed"])
        got: dict[str, Any] = {}
        for key in ("draws", "seed"):
            path = f"monte_carlo.{key}"
            spec = field(path)
            got[key] = self.number(obj[key], path, spec) if key in obj else spec.default
        if None in got.values():
            return None
        return MonteCarlo(**got)
