"""The one page registry: the navigation (dashboard.py), the pages' titles and the
deck's sections (report) all read this list, so a page is added in one place. The
order is the navigation's and the deck's; URL paths are part of the product (people
bookmark them): the home page is "/", every other page "/<key>"."""

from __future__ import annotations

from dataclasses import dataclass

from core import labels


@dataclass(frozen=True)
class Page:
    key: str  # also the script views/<key>.py and the URL path
    icon: str
    in_deck: bool = False  # a section of the meeting pack (python -m report --pages)

    @property
    def script(self) -> str:
        return f"{self.key}.py"

    @property
    def url_path(self) -> str:
        return "" if self.key == HOME else self.key

    @property
    def nav_title(self) -> str:
        return labels.NAV_TITLES[self.key]

    @property
    def title(self) -> str:
        return labels.PAGE_TITLES[self.key]


HOME = "accueil"
PAGES = (
    Page("accueil", ":material/home:", in_deck=True),
    Page("evolutions", ":material/timeline:"),
    Page("familles", ":material/groups:", in_deck=True),
    Page("egalite", ":material/balance:", in_deck=True),
    Page("ages", ":material/hourglass_bottom:", in_deck=True),
    Page("livre3", ":material/local_hospital:", in_deck=True),
    Page("scenarios", ":material/trending_up:", in_deck=True),
    Page("import", ":material/upload_file:"),
    Page("donnees", ":material/table_view:"),
)
BY_KEY = {p.key: p for p in PAGES}
DECK_SECTIONS = tuple(p.key for p in PAGES if p.in_deck)
