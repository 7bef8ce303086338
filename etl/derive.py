"""From the parsed source tables to the store's tidy tables.

Published rows are copied as printed. Every other row is `derived` (arithmetic on
published figures, formula in `method`) or `estimated` (a modelling assumption,
written in `method` and in data/README.md). Assumptions are the constants below.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from core import formats

from .problems import Problem
from .pyramid import build_pyramid, calibrate_age_shape

LIVRE2 = ["commercial", "gestion", "produit_risque", "si", "support"]
LIVRE3 = ["optique_audio_pharma", "medicosocial_sanitaire", "autonomie", "petite_enfance", "moteurs_changement"]

# Split of Livre 2 staff between harmonised families: the 2009 ONISEP shares taken at
# their printed bounds (gestion "plus de 50 %", commercial "plus de 25 %"), its 20 %
# of support functions split between IT (8) and other support (12), the 5 % left to
# product and risk design. An assumption, labelled as such.
LIVRE2_SPLIT = {"gestion": 50, "commercial": 25, "support": 12, "si": 8, "produit_risque": 5}
# Split of Livre 3 staff: a working hypothesis from the number and usual size of the
# establishments of each type (RECMA, about 2021); to replace by published headcounts.
LIVRE3_SPLIT = {
    "medicosocial_sanitaire": 38,
    "optique_audio_pharma": 22,
    "autonomie": 18,
    "moteurs_changement": 12,
    "petite_enfance": 10,
}
PYRAMID_BASE_YEAR = 2025
# Oldest age in each estimated pyramid: the legal age in force in its base year
# (62 for the cohorts reaching it in 2025, 60 in 2009), nobody being assumed to
# stay on beyond it; the scenario's `delay_years` models those who do.
PYRAMID_MAX_AGE = {PYRAMID_BASE_YEAR: 62, 2009: 60}
# The 2009 health-insurance scope, for holding the "1 sur 2 d'ici 2015" claim against an
# age structure: ONISEP's family shares at their bounds, the 5 % left to product and risk.
PYRAMID_2009_SPLIT = {"gestion": 50, "commercial": 25, "support": 20, "produit_risque": 5}

# Raw scopes that name a sub-population of the branch: (scope, family, population).
SUBSCOPES = {
    "branche_si": ("branche", "si", "ensemble"),
    "branche_cadres": ("branche", "TOTAL", "cadres"),
    "branche_recrutements": ("branche", "TOTAL", "recrutements"),
}

UNKNOWN_TYPE = "non détaillé dans la source"
# The branch headcount the estimates rest on: the collective agreement's figure of 2014
# ("environ 55 000"). The 2024 statement (55 000, a secondary source) gives the same
# number; it is carried and shown first, but the estimates keep their documented anchor.
BRANCH_ANCHOR_YEAR = 2014

# Job profiles whose ONISEP family spans several harmonised families.
JOB_FAMILY = {
    "Audioprothésiste": "optique_audio_pharma",
    "Opticien/enne": "optique_audio_pharma",
    "Webmestre": "si",
}

BREAKDOWN_DIMENSIONS = {"sex", "company_size", "classification", "activity", "family"}
ROUNDING_TOLERANCE = 1.0  # percentage points


def year_text(year: float, approx: bool) -> str:
    """ "vers 2019" for a year the source gives only approximately, else "2019"."""
    return formats.year(year, approx)


def fmt(x: float) -> str:
    """French thousands for method texts: 36950 -> '36 950'."""
    return formats.number(x, 0 if float(x).is_integer() else 1)


def check_breakdowns(figures: pd.DataFrame, est2006: pd.DataFrame, problems: list[Problem]) -> None:
    """Shares of one breakdown may not add up to more than 100 % beyond rounding."""
    pct = figures[(figures["unit"] == "percent") & figures["dimension"].isin(BREAKDOWN_DIMENSIONS)]
    for key, grp in pct.groupby(["indicator", "scope", "dimension", "ref_year", "source_id"]):
        total = grp["value"].sum()
        if total > 100 + ROUNDING_TOLERANCE:
            problems.append(
                Problem(
                    "published_figures.csv",
                    int(grp["_line"].iloc[0]),
                    "value",
                    f"les parts de « {key[0]} / {key[1]} / {key[2]} » ({key[3]}) totalisent "
                    f"{fmt(total)} %, plus de 100 %",
                )
            )
    if est2006["share"].notna().any() and est2006["share"].sum() > 100 + ROUNDING_TOLERANCE:
        problems.append(
            Problem(
                "establishments_2006.csv",
                int(est2006["_line"].iloc[0]),
                "share",
                f"les parts totalisent {fmt(est2006['share'].sum())} %, plus de 100 %",
            )
        )


def consistency_warnings(figures: pd.DataFrame, est2006: pd.DataFrame, lists: dict[str, pd.DataFrame]) -> list[str]:
    """Disagreements between sources: reported, never fatal, never silently fixed."""
    warnings = []
    ent = figures[(figures["indicator"] == "enterprises")]
    third = figures[
        (figures["indicator"] == "enterprise_activity_share")
        & (figures["category"] == "réalisations sanitaires et sociales")
    ]
    if len(ent) and len(third):
        expected = ent["value"].iloc[0] * third["value"].iloc[0] / 100
        counted = est2006["count"].sum()
        if abs(counted - expected) > 0.1 * expected:
            warnings.append(
                f"establishments_2006.csv : les établissements de 2006 totalisent {fmt(counted)} alors que "
                f"1/3 des {fmt(ent['value'].iloc[0])} entreprises mutualistes font environ {fmt(round(expected))} "
                "(une entreprise peut gérer plusieurs établissements ; les deux chiffres sont gardés tels quels)"
            )
    for name, est in lists.items():
        total = est.loc[est["type"] == "ensemble", "count"]
        known = est.loc[est["type"] != "ensemble", "count"].sum()
        if len(total) and known < total.iloc[0]:
            warnings.append(
                f"{name} : la liste publiée détaille {fmt(known)} établissements sur "
                f"{fmt(total.iloc[0])} ; le reste ({fmt(total.iloc[0] - known)}) est inconnu, gardé comme "
                "« non détaillé »"
            )
    return warnings


def figures_table(
    pub: pd.DataFrame, sources: pd.DataFrame, est: list[pd.DataFrame], ages: pd.DataFrame
) -> pd.DataFrame:
    """The long, faithful record: every printed number with where it was printed."""
    base = pub.assign(status="published")[
        [
            "indicator",
            "theme",
            "scope",
            "dimension",
            "category",
            "value",
            "unit",
            "qualifier",
            "ref_year",
            "ref_year_approx",
            "source_id",
            "locator",
            "status",
            "confidence",
            "note",
            "value_as_printed",
        ]
    ]
    rows = [base]
    for df in est:
        rows.append(
            pd.DataFrame(
                {
                    "indicator": "establishments",
                    "theme": "livre3",
                    "scope": "livre3",
                    "dimension": "establishment_type",
                    "category": df["type"],
                    "value": df["count"],
                    "unit": "count",
                    "qualifier": "exact",
                    "ref_year": df["ref_year"],
                    "ref_year_approx": df["ref_year_approx"],
                    "source_id": df["source_id"],
                    "locator": df["locator"],
                    "status": "published",
                    "confidence": df["confidence"],
                    "note": "",
                    "value_as_printed": df["count"].map(fmt),
                }
            )
        )
        shares = df[df["share"].notna()]
        rows.append(
            pd.DataFrame(
                {
                    "indicator": "establishments_share",
                    "theme": "livre3",
                    "scope": "livre3",
                    "dimension": "establishment_type",
                    "category": shares["type"],
                    "value": shares["share"],
                    "unit": "percent",
                    "qualifier": "exact",
                    "ref_year": shares["ref_year"],
                    "ref_year_approx": shares["ref_year_approx"],
                    "source_id": shares["source_id"],
                    "locator": shares["locator"],
                    "status": "published",
                    "confidence": shares["confidence"],
                    "note": "",
                    "value_as_printed": shares["share"].map(lambda v: f"{fmt(v)} %"),
                }
            )
        )
    cohort = ages["born_from"].fillna("…") + " à " + ages["born_to"].fillna("…")
    rows.append(
        pd.DataFrame(
            {
                "indicator": "legal_retirement_age",
                "theme": "retraite",
                "scope": ages["schedule"],
                "dimension": "birth_cohort",
                "category": cohort,
                "value": ages["legal_age"],
                "unit": "years",
                "qualifier": "exact",
                "ref_year": pd.NA,
                "ref_year_approx": False,
                "source_id": ages["source_id"],
                "locator": ages["locator"],
                "status": "published",
                "confidence": ages["confidence"],
                "note": "",
                "value_as_printed": ages["legal_age_as_printed"],
            }
        )
    )
    out = pd.concat(rows, ignore_index=True)
    out = out.merge(sources[["source_id", "pub_year"]], on="source_id", how="left")
    out["ref_year"] = out["ref_year"].astype("Int64")
    out["ref_year_approx"] = out["ref_year_approx"].astype(bool)
    out["value"] = out["value"].astype(float)
    return out[
        [
            "indicator",
            "theme",
            "scope",
            "dimension",
            "category",
            "value",
            "unit",
            "qualifier",
            "ref_year",
            "ref_year_approx",
            "pub_year",
            "source_id",
            "locator",
            "status",
            "confidence",
            "note",
            "value_as_printed",
        ]
    ]


def _pick(
    figures: pd.DataFrame, indicator: str, scope: str, category: str | None = None, ref_year: int | None = None
) -> pd.Series[Any]:
    f = figures[(figures["indicator"] == indicator) & (figures["scope"] == scope)]
    if category is not None:
        f = f[f["category"] == category]
    if ref_year is not None:
        f = f[f["ref_year"] == ref_year]
    if len(f) != 1:
        raise KeyError(f"{indicator}/{scope}/{category}/{ref_year}: {len(f)} rows")
    return f.iloc[0]


def _branch_headcount(figures: pd.DataFrame) -> pd.Series[Any]:
    return _pick(figures, "headcount", "branche", "ensemble", BRANCH_ANCHOR_YEAR)


def headcount_table(figures: pd.DataFrame, pyramids: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict[str, object]] = []

    def add(
        scope: str,
        family: str,
        year: float,
        n: float,
        status: str,
        source: str,
        method: str,
        qualifier: str = "exact",
        approx: bool = False,
    ) -> None:
        rows.append(
            dict(
                scope=scope,
                family=family,
                ref_year=int(year),
                ref_year_approx=bool(approx),
                headcount=float(n),
                qualifier=qualifier,
                status=status,
                source_id=source,
                method=method,
            )
        )

    hc = figures[
        (figures["indicator"] == "headcount")
        & (figures["dimension"] == "total")
        & figures["scope"].isin(["assurance_sante", "branche", "repondants_bilan_social", "livre3"])
    ]
    r: Any  # a row: its fields have the frame's column types, which the stubs do not know
    for r in hc.itertuples():
        add(r.scope, "TOTAL", r.ref_year, r.value, "published", r.source_id, "", r.qualifier, r.ref_year_approx)

    total09 = _pick(figures, "headcount", "assurance_sante")
    shares = {
        "gestion": _pick(figures, "family_share", "assurance_sante", "Gestion des adhérents"),
        "commercial": _pick(figures, "family_share", "assurance_sante", "Marketing et commercial"),
        "support": _pick(figures, "family_share", "assurance_sante", "Les autres métiers des mutuelles"),
    }
    for fam, s in shares.items():
        n = total09.value * s.value / 100
        add(
            "assurance_sante",
            fam,
            2009,
            n,
            "derived",
            s.source_id,
            f"{fmt(total09.value)} salariés × {s.value_as_printed} = {fmt(n)}"
            + (" (borne basse : « plus de »)" if s.qualifier == "at_least" else ""),
            s.qualifier,
            total09.ref_year_approx or s.ref_year_approx,
        )
    rest_share = 100 - sum(s.value for s in shares.values())
    add(
        "assurance_sante",
        "autres",
        2009,
        total09.value * rest_share / 100,
        "derived",
        total09.source_id,
        f"reste : au plus {fmt(rest_share)} % de {fmt(total09.value)} (produit et risque, prévention ; "
        "les autres familles étant des bornes basses)",
        "at_most",
        total09.ref_year_approx,
    )

    # Dated by the share's year: approximate when it is ("vers 2019"), whatever the headcount's.
    l3 = _pick(figures, "livre3_share", "branche")
    br = _branch_headcount(figures)
    n3 = br.value * l3.value / 100
    add(
        "livre3",
        "TOTAL",
        l3.ref_year,
        n3,
        "derived",
        l3.source_id,
        f"{l3.value_as_printed} ({year_text(l3.ref_year, l3.ref_year_approx)}) × {br.value_as_printed} salariés "
        f"({year_text(br.ref_year, br.ref_year_approx)}) : années différentes, ordre de grandeur",
        "approx",
        l3.ref_year_approx,
    )
    add(
        "livre2",
        "TOTAL",
        l3.ref_year,
        br.value - n3,
        "derived",
        l3.source_id,
        f"{br.value_as_printed} − {fmt(n3)} (Livre 3) : ordre de grandeur",
        "approx",
        l3.ref_year_approx,
    )

    est = pyramids[pyramids["scope"] == "branche"]
    by_fam = est.groupby("family", sort=False)["headcount"].sum()
    method = est["method"].iloc[0]
    for family, n in by_fam.items():
        add("branche", str(family), PYRAMID_BASE_YEAR, n, "estimated", est["source_id"].iloc[0], method, "approx")
    return pd.DataFrame(rows)


def livre2_women(figures: pd.DataFrame) -> tuple[float, str]:
    """Women's share in Livre 2, by difference: (branch − Livre 3 share × Livre 3 women)
    ÷ Livre 2 share; and that formula in words, with the published values."""
    f_branch = _pick(figures, "gender_share", "branche", "F").value
    f_l3 = _pick(figures, "gender_share", "livre3", "F").value
    l3 = _pick(figures, "livre3_share", "branche").value
    f_l2 = (f_branch - l3 / 100 * f_l3) / (1 - l3 / 100)
    return f_l2, f"({fmt(f_branch)} % − {fmt(l3)} % × {fmt(f_l3)} %) ÷ {fmt(100 - l3)} % : Livre 2 par différence"


def women_shares(figures: pd.DataFrame) -> tuple[dict[str, float], str]:
    """Women's share per harmonised family consistent with the published anchors:
    76 % in the branch, 81 % in Livre 3, 32 % in IT (68 % men), Livre 3 = 33 %."""
    f_branch = _pick(figures, "gender_share", "branche", "F").value
    f_l3 = _pick(figures, "gender_share", "livre3", "F").value
    m_si = _pick(figures, "gender_share", "branche_si", "H").value
    f_l2, _ = livre2_women(figures)
    si_w = LIVRE2_SPLIT["si"] / 100
    f_other = (f_l2 - si_w * (100 - m_si)) / (1 - si_w)
    shares = {f: f_l3 for f in LIVRE3} | {f: f_other for f in LIVRE2} | {"si": 100 - m_si}
    note = (
        f"femmes : {fmt(f_l3)} % dans chaque famille du Livre 3, {fmt(100 - m_si)} % en SI, "
        f"{fmt(round(f_other, 1))} % dans les autres familles du Livre 2 (soit {fmt(round(f_l2, 1))} % en Livre 2 "
        f"et {fmt(f_branch)} % au total)"
    )
    return shares, note


def pyramid_table(figures: pd.DataFrame) -> pd.DataFrame:
    age = _pick(figures, "typical_age", "branche")
    old = _pick(figures, "age_50_plus_share", "ess_mutuelles")

    def shape(max_age: int) -> tuple[float, float, str]:
        mu, sigma = calibrate_age_shape(age.value, old.value / 100, max_age)
        text = (
            f"âges 18-{max_age} (âge légal en vigueur) selon une loi normale tronquée (paramètres {fmt(round(mu, 1))} "
            f"et {fmt(round(sigma, 1))}) calée sur l'âge moyen du salarié type ({fmt(age.value)} ans, "
            f"{year_text(age.ref_year, age.ref_year_approx)}) et {old.value_as_printed} de 50 ans et plus "
            f"({year_text(old.ref_year, old.ref_year_approx)}, mutuelles de l'ESS), supposés stables"
        )
        return mu, sigma, text

    br = _branch_headcount(figures)
    l3 = _pick(figures, "livre3_share", "branche").value
    split = {f: (100 - l3) * s / 100 for f, s in LIVRE2_SPLIT.items()} | {
        f: l3 * s / 100 for f, s in LIVRE3_SPLIT.items()
    }
    w_shares, w_note = women_shares(figures)
    mu, sigma, text = shape(PYRAMID_MAX_AGE[PYRAMID_BASE_YEAR])
    branch = build_pyramid(int(br.value), split, w_shares, mu, sigma, PYRAMID_MAX_AGE[PYRAMID_BASE_YEAR]).assign(
        scope="branche",
        ref_year=PYRAMID_BASE_YEAR,
        method=f"Estimation {PYRAMID_BASE_YEAR} : {fmt(br.value)} salariés ({br.ref_year}), Livre 3 = {fmt(l3)} %, "
        f"familles du Livre 2 aux parts ONISEP 2009 (bornes), Livre 3 selon une hypothèse de travail ; "
        f"{w_note} ; {text}.",
    )
    t09 = _pick(figures, "headcount", "assurance_sante")
    f09 = _pick(figures, "gender_share", "assurance_sante", "F").value
    mu, sigma, text = shape(PYRAMID_MAX_AGE[2009])
    old09 = build_pyramid(
        int(t09.value), PYRAMID_2009_SPLIT, {f: f09 for f in PYRAMID_2009_SPLIT}, mu, sigma, PYRAMID_MAX_AGE[2009]
    ).assign(
        scope="assurance_sante",
        ref_year=2009,
        method=f"Estimation 2009 : {fmt(t09.value)} salariés, {fmt(f09)} % de femmes, familles aux parts ONISEP "
        f"(bornes) ; {text}.",
    )
    out = pd.concat([branch, old09], ignore_index=True)
    out["headcount"] = out["headcount"].astype(float)
    return out.assign(status="estimated", source_id="releve_estimation")[
        ["scope", "family", "sex", "age", "ref_year", "headcount", "status", "source_id", "method"]
    ]


def gender_table(figures: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict[str, object]] = []

    def add(
        scope: str,
        family: str,
        population: str,
        year: float,
        sex: str,
        share: float,
        status: str,
        source: str,
        method: str = "",
        approx: bool = False,
    ) -> None:
        rows.append(
            dict(
                scope=scope,
                family=family,
                population=population,
                ref_year=int(year),
                ref_year_approx=bool(approx),
                sex=sex,
                share=float(share),
                status=status,
                source_id=source,
                method=method,
            )
        )

    g = figures[figures["indicator"] == "gender_share"]
    r: Any  # a row: its fields have the frame's column types, which the stubs do not know
    for r in g.itertuples():
        scope, family, population = SUBSCOPES.get(r.scope, (r.scope, "TOTAL", "ensemble"))
        add(
            scope,
            family,
            population,
            r.ref_year,
            r.category,
            r.value,
            "published",
            r.source_id,
            approx=r.ref_year_approx,
        )
        other = "H" if r.category == "F" else "F"
        if not ((g["scope"] == r.scope) & (g["ref_year"] == r.ref_year) & (g["category"] == other)).any():
            add(
                scope,
                family,
                population,
                r.ref_year,
                other,
                100 - r.value,
                "derived",
                r.source_id,
                f"100 % − {r.value_as_printed}",
                r.ref_year_approx,
            )
        if "depuis 2010" in r.note:
            pts = float(r.note.split("hausse de ")[1].split(" point")[0])
            earlier = r.value - pts
            add(
                scope,
                family,
                population,
                2010,
                r.category,
                earlier,
                "derived",
                r.source_id,
                f"{r.value_as_printed} en {r.ref_year}, « en hausse de {fmt(pts)} points depuis 2010 »",
            )
            add(
                scope,
                family,
                population,
                2010,
                other,
                100 - earlier,
                "derived",
                r.source_id,
                f"100 % − {fmt(earlier)} %",
            )
    l3 = _pick(figures, "livre3_share", "branche")
    f_l2, method = livre2_women(figures)
    approx = bool(
        l3.ref_year_approx
        or _pick(figures, "gender_share", "branche", "F").ref_year_approx
        or _pick(figures, "gender_share", "livre3", "F").ref_year_approx
    )
    add("livre2", "TOTAL", "ensemble", l3.ref_year, "F", round(f_l2, 1), "derived", l3.source_id, method, approx)
    add(
        "livre2",
        "TOTAL",
        "ensemble",
        l3.ref_year,
        "H",
        round(100 - f_l2, 1),
        "derived",
        l3.source_id,
        "100 % − part des femmes du Livre 2",
        approx,
    )
    return pd.DataFrame(rows)


def retirements_table(figures: pd.DataFrame) -> pd.DataFrame:
    r = _pick(figures, "retirement_share", "assurance_sante")
    return pd.DataFrame(
        [
            dict(
                scope=r.scope,
                base_year=int(r.ref_year),
                horizon_year=int(r.category),
                share=float(r.value),
                qualifier=r.qualifier,
                status="published",
                source_id=r.source_id,
                value_as_printed=r.value_as_printed,
                note="Source de la projection non indiquée : affirmation à confronter à une structure par âge.",
            )
        ]
    )


def establishments_table(lists: list[pd.DataFrame], types: pd.DataFrame) -> pd.DataFrame:
    """Every published list, each type in its comparison group (establishment_types.csv);
    where a list gives a total, the part of it that the list does not detail is a row of
    its own, of unknown composition (not zero, not spread over the known types)."""
    groups = dict(zip(types["type"], types["type_group"]))
    rows = []
    r: Any  # a row: its fields have the frame's column types, which the stubs do not know
    for df in lists:
        for r in df.itertuples():
            rows.append(
                dict(
                    type=r.type,
                    type_group=groups.get(r.type, "ensemble"),
                    ref_year=int(r.ref_year),
                    ref_year_approx=bool(r.ref_year_approx),
                    count=float(r.count),
                    share=float(r.share) if r.share is not None else float("nan"),
                    status="published",
                    confidence=r.confidence,
                    source_id=r.source_id,
                    method="",
                )
            )
        total = df.loc[df["type"] == "ensemble"]
        known = df.loc[df["type"] != "ensemble", "count"].sum()
        if len(total) and known < total["count"].iloc[0]:
            t = total.iloc[0]
            rows.append(
                dict(
                    type=UNKNOWN_TYPE,
                    type_group="non_detaille",
                    ref_year=int(t.ref_year),
                    ref_year_approx=bool(t.ref_year_approx),
                    count=float(t["count"] - known),
                    share=float("nan"),
                    status="derived",
                    confidence=t.confidence,
                    source_id=t.source_id,
                    method=f"{fmt(t['count'])} au total − {fmt(known)} détaillés : composition inconnue",
                )
            )
    return pd.DataFrame(rows)


def establishment_types_table(types: pd.DataFrame) -> pd.DataFrame:
    """The crosswalk of establishment types: an editorial choice (`derived`), its notes
    saying where a published type covers more or less than its group."""
    return types.drop(columns="_line").assign(status="derived")[["type", "type_group", "source_id", "status", "note"]]


def families_table(cw: pd.DataFrame) -> pd.DataFrame:
    out = cw.drop(columns="_line").copy()
    out["livre"] = out["livre"].astype(int)
    out["status"] = ["derived" if t == "harmonise" else "published" for t in out["taxonomy"]]
    return out


def jobs_table(jobs: pd.DataFrame, cw: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    mapping = dict(
        zip(
            cw.loc[cw["taxonomy"] == "onisep_2009", "family"],
            cw.loc[cw["taxonomy"] == "onisep_2009", "harmonised_family"],
        )
    )
    fams = []
    for line, job, pf in zip(jobs["_line"], jobs["job"], jobs["published_family"]):
        if pf not in mapping:
            problems.append(
                Problem(
                    "jobs.csv",
                    line,
                    "published_family",
                    f"« {pf} » n'est pas une famille onisep_2009 de families_crosswalk.csv",
                )
            )
        fams.append(JOB_FAMILY.get(job, mapping.get(pf, "")))
    return pd.DataFrame(
        {
            "job": jobs["job"],
            "family": fams,
            "taxonomy": "onisep_2009",
            "published_family": jobs["published_family"],
            "diplomas": jobs["diplomas"],
            "certificates": jobs["certificates"],
            "source_id": jobs["source_id"],
            "locator": jobs["locator"],
            "status": "published",
        }
    )


def blocks_table(blocks: pd.DataFrame) -> pd.DataFrame:
    out = blocks.drop(columns="_line").copy()
    out["block"] = out["block"].astype(int)
    return out.assign(status="published")


def sources_table(src: pd.DataFrame) -> pd.DataFrame:
    out = src.drop(columns="_line").copy()
    out["pub_year"] = out["pub_year"].astype(int)
    extra = pd.DataFrame(
        [
            dict(
                source_id="releve_estimation",
                title="Pyramide des âges estimée (calage sur les chiffres publiés)",
                publisher="Relève",
                pub_year=2026,
                url="",
                locator_hint="dictionnaire des données, « age_pyramid »",
                accessed="",
                notes="Estimation calée sur les ancrages publiés (voir la colonne method) ; "
                "à remplacer dès qu'une pyramide publiée existe.",
            )
        ]
    )
    return pd.concat([out, extra], ignore_index=True)
