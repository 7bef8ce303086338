"""The ETL in three parts, as every step here: load the raw tables, process them into
the store's tidy tables, save them atomically. Problems are collected across all
files and raised together before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import derive, raw
from .problems import InputError, Problem
from .schemas import validate
from .store import lock, make_manifest, write_store


@dataclass
class BuildReport:
    written: bool
    tables: dict[str, pd.DataFrame]
    warnings: list[str] = field(default_factory=list)


def load(raw_dir: Path) -> tuple[dict[str, pd.DataFrame], list[Problem], dict[str, str]]:
    frames, problems = raw.read_raw(raw_dir)
    inputs = {p.name: raw.checksum(p) for p in sorted(raw_dir.glob("*.csv"))}
    return frames, problems, inputs


def process(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Parse, check and derive. Returns the tables and the warnings; appends problems."""
    raw.check_sources(frames, problems)
    if any(n not in frames for n in raw.RAW_FILES):
        return {}, []
    pub = raw.parse_published_figures(frames["published_figures.csv"], problems)
    types = raw.parse_establishment_types(frames["establishment_types.csv"], problems)
    lists = {name: raw.parse_establishments(frames[name], name, problems, types) for name in raw.ESTABLISHMENT_FILES}
    e06 = lists["establishments_2006.csv"]
    ages = raw.parse_legal_ages(
        frames["legal_retirement_age.csv"].assign(legal_age_as_printed=frames["legal_retirement_age.csv"]["legal_age"]),
        problems,
    )
    if problems:
        return {}, []
    derive.check_breakdowns(pub, e06, problems)
    if problems:
        return {}, []
    warnings = derive.consistency_warnings(pub, e06, lists)
    sources = derive.sources_table(frames["sources.csv"])
    figures = derive.figures_table(pub, sources, list(lists.values()), ages)
    pyramid = derive.pyramid_table(pub.assign(ref_year=pub["ref_year"].astype(int)))
    tables = {
        "sources": sources,
        "figures": figures,
        "families": derive.families_table(frames["families_crosswalk.csv"]),
        "headcount": derive.headcount_table(pub, pyramid),
        "gender": derive.gender_table(pub),
        "age_pyramid": pyramid,
        "retirements": derive.retirements_table(pub),
        "establishments": derive.establishments_table(list(lists.values()), types),
        "establishment_types": derive.establishment_types_table(types),
        "jobs": derive.jobs_table(frames["jobs.csv"], frames["families_crosswalk.csv"], problems),
        "certificate_blocks": derive.blocks_table(frames["certificate_blocks.csv"]),
    }
    known = set(sources["source_id"])
    for name, df in tables.items():
        for sid in sorted(set(df["source_id"]) - known):
            problems.append(Problem(name, None, "source_id", f"« {sid} » n'existe pas dans sources"))
    problems.extend(Problem("schéma", None, None, p) for p in validate(tables))
    return tables, warnings


def build(raw_dir: Path, store: Path, check_only: bool = False) -> BuildReport:
    """Run the whole ETL. Raises InputError (nothing written) if any input is wrong."""
    frames, problems, inputs = load(Path(raw_dir))
    tables, warnings = process(frames, problems)
    if problems:
        raise InputError(problems, warnings)
    if check_only:
        return BuildReport(False, tables, warnings)
    with lock(Path(store)):
        written = write_store(Path(store), tables, make_manifest(tables, inputs))
    return BuildReport(written, tables, warnings)
