"""The few sentences of the importer that depend on where they are read.

The command line (`python -m etl import`) names its options (`--scope`,
`--mapping`) and the family codes a mapping file may use. The upload page has no
options and no command: it names its own fields by their labels, the families by
their French labels, and offers a choice where the command line gives advice. Every
other sentence of the importer is the same in both places.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Wording:
    page: bool = False
    # command-line option -> the label of the page's field for the same setting
    fields: Mapping[str, str] = field(default_factory=dict)

    def option(self, name: str) -> str:
        """Where an option's problem is reported: the option on the command line, the
        field's label on the page."""
        return self.fields.get(name, name) if self.page else name

    @property
    def missing_column_hint(self) -> str:
        return (
            "une correspondance (fichier JSON) peut indiquer quelle colonne le donne" if self.page else "voir --mapping"
        )

    @property
    def duplicate_column_hint(self) -> str:
        return "en ignorer une dans une correspondance (fichier JSON)" if self.page else "en ignorer une dans --mapping"

    @property
    def choose_below(self) -> str:
        """What the page offers for a value it does not know (nothing on the command line)."""
        return "choisir sa correspondance sous ce tableau" if self.page else ""


CLI = Wording()


def page(fields: Mapping[str, str]) -> Wording:
    """The page's wording; `fields` gives the label of each setting (--scope, --ref-year...)."""
    return Wording(page=True, fields=dict(fields))
