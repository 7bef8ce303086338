"""What a slide says, independent of how it is drawn.

`report.content` decides the slides (which chart, which message, which source line)
and returns these plain values; `report.deck` turns them into PowerPoint. Keeping the
two apart lets the tests check a deck's content without opening PowerPoint, and lets
the drawing change (sizes, fonts) without touching what the numbers say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go


@dataclass(frozen=True)
class TitleSlide:
    """The cover: title, scope, date, and one sentence summarising the sources."""

    title: str
    subtitle: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartSlide:
    """One chart of the dashboard.

    `title` states the message ("La gestion … : au moins 36 950 salariés"),
    `subtitle` says what is drawn (chart name, scope, year), `figure` is the
    dashboard's own figure, `source` the line "Source : …, année …, statut".
    `status` (estimated, projection…) puts a badge on the slide so a projected number
    cannot be read as a published one; `side` is an optional column of key numbers
    (label, value) shown next to a narrower chart; `notes` go to the speaker notes.
    """

    key: str
    title: str
    subtitle: str
    figure: go.Figure
    source: str
    status: str | None = None
    side: tuple[tuple[str, str], ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class TableSlide:
    """A table for reading on a projector: `header` then `rows`, every cell text
    already written the French way; a table longer than a slide continues on
    "(suite)" slides (report.deck.expand). The first column is the row label."""

    key: str
    title: str
    subtitle: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source: str
    status: str | None = None
    notes: str = ""
    bold_last: bool = False  # the last row is a total


@dataclass(frozen=True)
class Card:
    """One key figure: the number as text, what it counts, and its year/scope/status."""

    value: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class CardsSlide:
    """Key figures as large numbers (the app shows them as cards, not as a chart)."""

    key: str
    title: str
    subtitle: str
    cards: tuple[Card, ...]
    source: str
    status: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class NotesSlide:
    """The closing slide: method notes on the left, every source on the right."""

    title: str
    method_header: str
    method: tuple[str, ...]
    sources_header: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class DeckSpec:
    """A whole deck: its slides in order and the footer line of every inner slide."""

    slides: tuple = ()
    footer: str = ""
    meta: dict = field(default_factory=dict)  # title, subject, keywords of the file

    def charts(self) -> list[ChartSlide]:
        return [s for s in self.slides if isinstance(s, ChartSlide)]
