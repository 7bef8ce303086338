"""Which slides a meeting pack holds, and what each says.

The charts are the dashboard's own: each slide calls the same data-preparation
function and the same figure builder as the page (charts/*), with the same filters,
so the deck cannot drift from the screen. This module only adds what a slide needs
on top: a title that states the message, computed from the very rows drawn and
written with the app's French formats, the source line of those rows, and a status
badge when the numbers are derived, estimated or projected.

Nothing here imports Streamlit: the command line, the app and the tests share it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from charts import ages, families, gender, keyfigures, livre3
from charts.common import cited_sources, source_note
from core import formats, labels, pages
from core.problems import Refused
from etl import catalog
from report.slides import Card, CardsSlide, ChartSlide, DeckSpec, NotesSlide, TableSlide, TitleSlide
from studio import projection

# Sections in dashboard order; the names are the pages' URL paths.
SECTIONS = pages.DECK_SECTIONS
DEFAULT_SCHEDULE = projection.DEFAULT_SCHEDULE  # the ages page's default rule
STATUS_ORDER = ("published", "derived", "estimated", "projection")

Loader = Callable[[str], pd.DataFrame]


class DeckRequestError(Refused):
    """A request the deck cannot honour (unknown scope or section); French sentences."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = self.lines()


@dataclass(frozen=True)
class DeckRequest:
    """What the user is looking at: the sidebar's filters and the current scenario.

    `scope`, `ref_year`, `families` and `schedule` are the dashboard's shared filters
    (URL parameters perimetre, annee, familles, regle); `scenario` is a validated
    `gpec.Scenario` (the studio's current one, or the command line's file);
    `projection` may carry the studio's already computed result so the app does not
    run the engine twice."""

    scope: str = catalog.DEFAULT_POPULATION_SCOPE
    sections: tuple[str, ...] | None = None  # None: every section (scenarios only with a scenario)
    ref_year: int | None = None
    families: tuple[str, ...] | None = None
    schedule: str = DEFAULT_SCHEDULE
    scenario: object | None = None
    projection: object | None = None
    population: pd.DataFrame | None = None  # the scenario's base population (default: the scope's pyramid)
    today: dt.date = field(default_factory=dt.date.today)
    # pinned scenarios compared side by side: (label, gpec.Scenario, outcome or None);
    # the app passes the studio's pins with their cached outcomes
    compared: tuple = ()

    def has_scenarios(self) -> bool:
        return self.scenario is not None or len(self.compared) >= 2

    def chosen_sections(self) -> tuple[str, ...]:
        if self.sections is None:
            return tuple(s for s in SECTIONS if s != "scenarios" or self.has_scenarios())
        return tuple(s for s in SECTIONS if s in self.sections)


def protected_load(name: str):
    """The store's tables as a deck shows them: a deck leaves the team, so imported
    scopes are in diffusion (small cells hidden, the pyramid in 5-year bands). The app
    passes its own loaders; the command line uses this one and `catalog.load` for the
    full counts every figure is computed from."""
    from core import privacy
    from etl.imports.scopes import thresholds

    return privacy.protected_loader(catalog.load, thresholds())(name)


def imported_scopes() -> dict[str, int]:
    """Imported scopes the command line sees, with their thresholds."""
    from etl.imports.scopes import thresholds

    return thresholds()


def check_request(request: DeckRequest, load: Loader = None) -> list[str]:
    """Every problem with `request`, as sentences (empty: fine)."""
    load = load or protected_load
    problems = []
    if request.sections is not None:
        unknown = [s for s in request.sections if s not in SECTIONS]
        if unknown:
            problems.append(labels.DECK_UNKNOWN_SECTION.format(names=", ".join(unknown), known=", ".join(SECTIONS)))
        if "scenarios" in request.sections and not request.has_scenarios():
            problems.append(labels.DECK_SCENARIO_NEEDED)
    scopes = deck_scopes(load)
    if request.scope not in scopes:
        problems.append(labels.DECK_UNKNOWN_SCOPE.format(scope=request.scope, known=", ".join(scopes)))
    if request.schedule not in ages.SCHEDULE_SOURCES:
        problems.append(
            labels.DECK_UNKNOWN_SCHEDULE.format(schedule=request.schedule, known=", ".join(ages.SCHEDULE_SOURCES))
        )
    return problems


def deck_scopes(load: Loader = None) -> list[str]:
    """Scopes a deck can be built for: those with an age pyramid or a family breakdown."""
    load = load or protected_load
    pyr = load("age_pyramid")
    return sorted(set(pyr["scope"]) | set(families.family_scopes(load("headcount"))))


def _pick_scope(options: list[str], wanted: str) -> str | None:
    """The page filters' rule: the wanted scope when the page offers it, else the
    default scope, else the first one."""
    if not options:
        return None
    if wanted in options:
        return wanted
    return catalog.DEFAULT_POPULATION_SCOPE if catalog.DEFAULT_POPULATION_SCOPE in options else options[0]


def _status(data: pd.DataFrame) -> str | None:
    present = set(data["status"]) if "status" in data else set()
    ranked = [s for s in STATUS_ORDER if s in present]
    return ranked[-1] if ranked else None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


class _Builder:
    """Collects slides, the sources they cite and the method notes they need."""

    def __init__(self, request: DeckRequest, load: Loader, raw: Loader, imported: dict[str, int]):
        self.r = request
        self.load = load  # what a slide shows: diffusion
        self.raw = raw  # what a figure is computed from: the full counts
        self.imported = imported  # imported scope -> threshold
        self.sources = self._sources(load("sources"))
        self.slides: list = []
        self.cited: list[str] = []
        self.method: list[str] = []

    def _sources(self, sources: pd.DataFrame) -> pd.DataFrame:
        """The published sources, and the deck's own scope's import if it is one: a
        deck never names another user's scope."""
        others = {f"import_{s}" for s in self.imported if s != self.r.scope}
        return sources[~sources["source_id"].isin(others)].reset_index(drop=True)

    def published(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[~frame["scope"].isin(set(self.imported))].reset_index(drop=True)

    def mine(self) -> bool:
        """Whether the deck is built for an imported scope."""
        return self.r.scope in self.imported

    def privacy_rule(self, scope: str) -> dict | None:
        """What a projection of `scope` hides in a deck (None for a published scope):
        the rule `studio.outcome.protect` takes."""
        from core import privacy

        if scope not in self.imported:
            return None
        pyr = self.raw("age_pyramid")
        year = int(pyr.loc[pyr["scope"] == scope, "ref_year"].max())
        return privacy.projection_rule(
            self.load("headcount"), self.load("age_pyramid"), scope, year, self.imported[scope]
        )

    def note(self, text: str) -> None:
        if text and text not in self.method:
            self.method.append(text)

    def chart(self, key, title, subtitle, fig, data, side=(), notes="", prov: pd.DataFrame | None = None) -> None:
        prov = data if prov is None else prov
        self.cited += cited_sources(prov)
        self.slides.append(
            ChartSlide(
                key=key,
                title=title,
                subtitle=subtitle,
                figure=fig,
                source=source_note(prov, self.sources),
                status=_status(prov),
                side=tuple(side),
                notes=notes,
            )
        )

    def source_of(self, prov: pd.DataFrame) -> str:
        self.cited += cited_sources(prov)
        return source_note(prov, self.sources)

    def table(self, slide: TableSlide) -> None:
        self.slides.append(slide)

    def cards(self, key, title, subtitle, cards, prov: pd.DataFrame, notes="") -> None:
        self.cited += cited_sources(prov)
        self.slides.append(
            CardsSlide(
                key=key,
                title=title,
                subtitle=subtitle,
                cards=tuple(cards),
                source=source_note(prov, self.sources),
                status=_status(prov),
                notes=notes,
            )
        )

    # ---- sections ------------------------------------------------------------------

    def accueil(self) -> None:
        figs = self.published(self.load("figures"))
        kf = keyfigures.key_figures(figs)
        if not kf.empty:
            cards = [
                Card(
                    r["display"],
                    r["label"],
                    keyfigures.card_caption(r, self.sources)
                    + ("" if r["status"] == "published" else f" · {labels.STATUS_LABELS.get(r['status'])}"),
                )
                for _, r in kf.iterrows()
            ]
            notes = "\n".join(f"{r['label']} : {r['note']}" for _, r in kf.iterrows() if r["note"])
            self.cards("chiffres-cles", _key_figures_message(kf), labels.KEY_FIGURES_HEADER, cards, kf, notes)
        scopes = keyfigures.headcount_scopes_data(self.published(self.load("headcount")))
        if not scopes.empty:
            self.chart(
                "perimetres",
                _scopes_message(scopes),
                labels.SCOPES_CHART_TITLE,
                keyfigures.headcount_scopes_chart(scopes),
                scopes,
                notes=labels.SCOPES_CHART_NOTE,
            )
            self.note(labels.SCOPES_CHART_NOTE)

    def familles(self) -> None:
        hc = self.load("headcount")
        options = families.family_scopes(hc if self.mine() else self.published(hc))
        scope = _pick_scope(options, self.r.scope)
        data = families.headcount_by_family_data(hc, scope) if scope else pd.DataFrame()
        if data.empty:
            return
        subtitle = f"{labels.FAMILY_CHART_TITLE} · {labels.scope_label(scope)} · {data['ref_year'].iloc[0]}"
        notes = []
        if data["qualifier"].isin(["at_least", "at_most"]).any():
            notes.append(labels.BOUND_NOTE)
            self.note(labels.BOUND_NOTE)
        notes += [m for m in dict.fromkeys(data.loc[data["status"] == "estimated", "method"]) if m]
        self.chart(
            "familles",
            _families_message(data),
            subtitle,
            families.headcount_by_family_chart(data),
            data,
            notes="\n".join(notes),
        )

    def egalite(self) -> None:
        g = self.load("gender")
        if self.mine():
            self._own_gender(g[g["scope"] == self.r.scope])
            return
        points = gender.gender_data(self.published(g))
        if points.empty:
            return
        self.chart(
            "egalite",
            _gender_message(points),
            labels.GENDER_TIME_TITLE,
            gender.gender_over_time_chart(points),
            points,
            notes=labels.GENDER_TIME_NOTE,
        )

    def _own_gender(self, g: pd.DataFrame) -> None:
        """An imported scope has one year: its split by family, women then men,
        hidden shares labelled; the message is the whole scope's share (full counts)."""
        split = gender.gender_split_data(g[g["population"] == "ensemble"])
        if split.empty:
            return
        total = split[(split["family"] == "TOTAL") & (split["sex"] == "F")]
        share = total["share"].iloc[0] if len(total) and pd.notna(total["share"].iloc[0]) else None
        year = int(split["ref_year"].max())
        title = (
            labels.DECK_GENDER_OWN.format(
                share=formats.percent(share), scope=labels.scope_short(self.r.scope), year=year
            )
            if share is not None
            else labels.GENDER_SPLIT_TITLE
        )
        self.chart("egalite", title, labels.GENDER_SPLIT_TITLE, gender.gender_split_chart(split), split)

    def ages(self) -> None:
        from core import privacy

        full = self.raw("age_pyramid")
        options_scopes = sorted((full if self.mine() else self.published(full))["scope"].unique().tolist())
        scope = _pick_scope(options_scopes, self.r.scope)
        if scope is None:
            return
        years = ages.pyramid_years(full, scope)
        year = self.r.ref_year if self.r.ref_year in years else (years[-1] if years else None)
        options = ages.pyramid_families(full, scope, year)
        diffusion = scope in self.imported  # bands over all families: the family filter does not apply
        fams = options if diffusion else [f for f in options if self.r.families and f in self.r.families] or options
        counts = ages.pyramid_data(full, scope, year, fams)
        data = ages.pyramid_data(self.load("age_pyramid"), scope, year, None if diffusion else fams)
        if data.empty:
            return
        s = ages.pyramid_summary(counts)
        hidden = {}
        if diffusion:
            tables = {n: self.raw(n) for n in privacy.PROTECTED_TABLES}
            hidden = privacy.pyramid_hidden_metrics(tables, scope, int(year), self.imported[scope])
        side = ages.pyramid_metrics(counts, hidden)
        subtitle = ages.pyramid_title(data, labels.scope_label(scope), year)
        if fams != options:
            subtitle += " · " + ", ".join(labels.family_label(f) for f in fams)
        method = data["method"].iloc[0]
        self.note(labels.DECK_PYRAMID_METHOD.format(year=year, method=method))
        if diffusion:
            self.note(labels.PYRAMID_BANDS_NOTE)
        message = labels.DECK_PYRAMID_MESSAGE.format(
            share=hidden.get("share_55_plus") or formats.percent(s["share_55_plus"], 1),
            mean=hidden.get("mean_age") or formats.number(s["mean_age"], 1),
        )
        self.chart(
            "pyramide",
            message,
            subtitle,
            ages.pyramid_chart(data),
            data.drop(columns="method"),
            side=side,
            notes=method,
        )
        self._retirements(full, scope, int(year), fams, float(s["total"]))

    def _retirements(self, pyr, scope: str, year: int, fams: list[str], base_total: float) -> None:
        # The ages page's computation (app/projections.py), without its cache: the first
        # preset with the chosen legal schedule, moved to start at the pyramid's year.
        import gpec
        from core import privacy

        try:
            preset = projection.reference_preset()
            if preset is None:
                return
            min_cell = self.imported.get(scope)
            hidden = privacy.hidden_families(self.load("headcount"), scope, year) if min_cell else ()
            data = projection.scope_retirements(pyr, scope, year, fams, preset, self.r.schedule, min_cell, hidden)
        except gpec.InputRefused as err:  # a damaged preset costs this slide, not the deck
            self.note(labels.PROJECTION_FAILED.format(reason=" ; ".join(err.problems)))
            return
        if data.empty:
            return
        schedule_label = gpec.SCHEDULES[self.r.schedule].label
        yearly = data.groupby("year")["year_total"].first()  # the full counts' totals, NaN where hidden
        first, last = int(data["year"].min()), int(data["year"].max())
        if yearly.isna().any():  # as on the page: no period total that would give a hidden year back
            title = labels.DECK_RETIREMENTS_MESSAGE_HIDDEN.format(first=first, last=last)
        else:
            total = float(yearly.sum())
            title = labels.DECK_RETIREMENTS_MESSAGE.format(
                total=formats.number(total),
                first=first,
                last=last,
                share=formats.percent(100 * total / base_total if base_total else float("nan")),
                base=year,
            )
        note = labels.RETIREMENTS_NOTE.format(preset=preset["name"], description=preset["description"])
        self.note(labels.DECK_RETIREMENTS_METHOD.format(schedule=schedule_label, note=note))
        self.chart(
            "departs",
            title,
            f"{labels.RETIREMENTS_TITLE} · {schedule_label}",
            ages.retirements_chart(data),
            data,
            notes=note,
        )

    def livre3(self) -> None:
        share = livre3.livre3_share_data(self.published(self.load("figures")), self.published(self.load("headcount")))
        if not share.empty:
            l3 = share[share["part"] == "livre3"].iloc[0]
            subtitle = f"{labels.LIVRE3_SHARE_TITLE} · {labels.scope_label(l3['scope'])} · " + labels.ABOUT_YEAR.format(
                year=l3["ref_year"]
            )
            self.chart(
                "poids-livre3",
                labels.DECK_LIVRE3_SHARE_MESSAGE.format(share=l3["display"]),
                subtitle,
                livre3.livre3_share_chart(share),
                share,
            )
        est = self.load("establishments")
        bars = livre3.establishments_data(est)
        if not bars.empty:
            self.chart(
                "etablissements",
                _establishments_message(livre3.establishment_totals(est)),
                labels.ESTABLISHMENTS_TITLE,
                livre3.establishments_chart(bars),
                bars,
                notes=labels.ESTABLISHMENTS_NOTE,
            )
            self.note(labels.ESTABLISHMENTS_NOTE)

    def scenarios(self) -> None:
        from report import scenario_slides

        if self.r.scenario is not None:
            scenario_slides.add(self)
        if len(self.r.compared) >= 2:
            scenario_slides.add_comparison(self)

    # ---- framing slides ---------------------------------------------------------------

    def title_slide(self) -> TitleSlide:
        lines = [labels.DECK_DATE_LINE.format(date=french_date(self.r.today))]
        if self.r.scenario is not None:
            lines.append(labels.DECK_SCENARIO_LINE.format(name=self.r.scenario.name))
        lines.append(sources_summary(self.sources, self.cited))
        lines.append(labels.DECK_STATUS_LINE)
        return TitleSlide(title=labels.DECK_TITLE, subtitle=labels.scope_label(self.r.scope), lines=tuple(lines))

    def notes_slide(self) -> NotesSlide:
        method = [labels.DECK_METHOD_STATUSES] + self.method + [labels.DECK_METHOD_FORMATS]
        return NotesSlide(
            title=labels.DECK_NOTES_TITLE,
            method_header=labels.DECK_METHOD_HEADER,
            method=tuple(method),
            sources_header=labels.DECK_SOURCES_HEADER,
            sources=tuple(source_lines(self.sources, self.cited)),
        )


def build_spec(
    request: DeckRequest, load: Loader = None, raw: Loader = None, imported: dict[str, int] | None = None
) -> DeckSpec:
    """The deck's slides for `request`. Raises DeckRequestError for an unknown scope
    or section, and the engine's ScenarioError/PopulationError for a scenario it
    refuses; renders nothing (pictures are made by report.deck)."""
    load = load or protected_load
    problems = check_request(request, load)
    if problems:
        raise DeckRequestError(problems)
    b = _Builder(request, load, raw or catalog.load, imported_scopes() if imported is None else imported)
    for section in request.chosen_sections():
        getattr(b, section)()
    slides = [b.title_slide(), *b.slides, b.notes_slide()]
    date = french_date(request.today)
    footer = f"{labels.APP_TITLE} · {labels.scope_label(request.scope)} · {date}"
    meta = {
        "title": f"{labels.DECK_TITLE} · {labels.scope_label(request.scope)}",
        "subject": labels.APP_TAGLINE,
        "keywords": ", ".join(request.chosen_sections()),
        "created": dt.datetime.combine(request.today, dt.time(8, 0)),
    }
    if request.scenario is not None:
        meta["comments"] = labels.DECK_SCENARIO_LINE.format(name=request.scenario.name)
    return DeckSpec(slides=tuple(slides), footer=footer, meta=meta)


# ---- messages -----------------------------------------------------------------------------


def _key_figures_message(kf: pd.DataFrame) -> str:
    rows = kf.set_index("key")
    if {"headcount", "women"} <= set(rows.index):
        h, w = rows.loc["headcount"], rows.loc["women"]
        if h["scope"] == w["scope"] and h["ref_year"] == w["ref_year"]:
            return labels.DECK_KEY_FIGURES_MESSAGE.format(
                headcount=h["display"], women=w["display"], scope=h["scope_label"].lower(), year=h["ref_year"]
            )
    return labels.KEY_FIGURES_HEADER


def _scopes_message(scopes: pd.DataFrame) -> str:
    branch = scopes[scopes["scope"] == catalog.DEFAULT_POPULATION_SCOPE]
    if branch.empty:
        return labels.SCOPES_CHART_TITLE
    r = branch.sort_values("ref_year").iloc[-1]
    return labels.DECK_SCOPES_MESSAGE.format(value=_cap(r["display"]), year=r["ref_year"])


def _families_message(data: pd.DataFrame) -> str:
    top = data.loc[data["headcount"].astype(float).idxmax()]
    return labels.DECK_FAMILIES_MESSAGE.format(
        family=top["family_label"], value=formats.qualified(top["headcount"], top["qualifier"])
    )


def _gender_message(points: pd.DataFrame) -> str:
    def latest(scope: str, population: str):
        d = points[(points["scope"] == scope) & (points["family"] == "TOTAL") & (points["population"] == population)]
        return None if d.empty else d.sort_values("ref_year").iloc[-1]

    allstaff = latest(catalog.DEFAULT_POPULATION_SCOPE, "ensemble")
    if allstaff is None:
        r = points.sort_values("ref_year").iloc[-1]
        return labels.DECK_GENDER_FALLBACK.format(
            share=formats.percent(r["share"]), series=r["series_label"], year=r["ref_year"]
        )
    text = labels.DECK_GENDER_MESSAGE.format(share=formats.percent(allstaff["share"]), year=_year(allstaff))
    managers = latest(catalog.DEFAULT_POPULATION_SCOPE, "cadres")
    if managers is not None:
        text += labels.DECK_GENDER_MANAGERS.format(share=formats.percent(managers["share"]), year=_year(managers))
    return text


def _year(row) -> str:
    """ "2018", or "vers 2019" when the source dates the figure only roughly."""
    from charts.series import year_label

    return year_label(row["ref_year"], bool(row.get("ref_year_approx", False)))


def _establishments_message(totals: pd.DataFrame) -> str:
    t = totals.sort_values("ref_year")
    if len(t) < 2:
        r = t.iloc[-1]
        return labels.DECK_ESTABLISHMENTS_ONE.format(count=formats.number(r["count"]), year=r["ref_year"])
    old, new = t.iloc[0], t.iloc[-1]
    return labels.DECK_ESTABLISHMENTS_MESSAGE.format(
        recent=formats.number(new["count"]),
        recent_year=new["ref_year"],
        old=formats.number(old["count"]),
        old_year=old["ref_year"],
    )


# ---- title and closing slides ------------------------------------------------------------------


def french_date(day: dt.date) -> str:
    """ "21 novembre 2025"."""
    from babel.dates import format_date

    return format_date(day, format="d MMMM y", locale=formats.LOCALE)


def _short_publisher(name: str) -> str:
    return str(name).split(" (")[0].split(",")[0].strip()


def sources_summary(sources: pd.DataFrame, cited: list[str]) -> str:
    """One sentence for the cover: how many publications, which years, which publishers."""
    used = sources[sources["source_id"].isin(set(cited))]
    if used.empty:
        return labels.DECK_SOURCES_NONE
    publishers = list(dict.fromkeys(_short_publisher(p) for p in used["publisher"]))
    years = used["pub_year"].astype(int)
    return labels.DECK_SOURCES_SUMMARY.format(
        n=len(used), first=years.min(), last=years.max(), publishers=", ".join(publishers)
    )


def source_lines(sources: pd.DataFrame, cited: list[str]) -> list[str]:
    """Every source of the store: those the deck cites first, with their link, then
    the others, marked as not cited."""
    cited_set = set(cited)
    order = sorted(range(len(sources)), key=lambda i: (sources["source_id"].iloc[i] not in cited_set, i))
    out = []
    for i in order:
        r = sources.iloc[i]
        line = f"{r['publisher']}, « {r['title']} » ({r['pub_year']})"
        url = str(r.get("url") or "")
        if r["source_id"] not in cited_set:
            line += labels.DECK_SOURCE_NOT_CITED  # the link is in the app's source list
        elif url.startswith(("http://", "https://")):
            line += f", {url}"
        out.append(line)
    return out
