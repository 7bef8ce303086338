"""Bounded inputs: how big a file, an upload, a spreadsheet or a JSON text may be,
and the helpers every layer uses on the way in.

    quote(value)      a value as a message quotes it: cut to 80 characters, with "…"
    listed(lines)     the first 200 lines of a list of problems, then "… et N autre(s)"
    load_json(text)   JSON parsed with a size, depth and number limit; NaN and Infinity refused

Every limit has a default and an environment variable, read each time it is asked
for (an operator sets it before starting the server or the command; a test sets it
with monkeypatch). A value that is not a positive integer leaves the default. The
table of limits is in docs/import.md ("Limites"), the JSON ones in docs/scenarios.md.

Pure (standard library only), so that etl, gpec, studio and the pages can all
import it without cycles.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")

MB = 1024 * 1024  # "Mo" as Streamlit counts them (server.maxUploadSize)


@dataclass(frozen=True)
class Limit:
    env: str
    default: int
    unit: str  # "Mo", "octets" or "" (a count)
    what: str  # French, as the table of docs/import.md says it

    def __call__(self) -> int:
        text = os.environ.get(self.env, "").strip()
        try:
            value = int(text) if text and len(text) <= 12 else 0
        except ValueError:
            value = 0
        return value if value > 0 else self.default

    def bytes(self) -> int:
        """The limit in bytes, for a limit given in Mo."""
        return self() * MB if self.unit == "Mo" else self()


# ---- files ----------------------------------------------------------------------
FILE_MB = Limit(
    "RELEVE_MAX_FILE_MB",
    256,
    "Mo",
    "fichier lu en ligne de commande (`python -m etl import`, `--population`), taille sur le disque",
)
UPLOAD_MB = Limit("RELEVE_MAX_UPLOAD_MB", 50, "Mo", "fichier déposé dans la page « Importer des données »")
XLSX_PART_MB = Limit("RELEVE_MAX_XLSX_PART_MB", 64, "Mo", "chaque partie d'un classeur XLSX, une fois décompressée")
UNPACKED_MB = Limit(
    "RELEVE_MAX_UNPACKED_MB",
    256,
    "Mo",
    "toutes les parties d'un XLSX décompressées ensemble ; les colonnes lues d'un Parquet, décompressées",
)
XLSX_PARTS = Limit("RELEVE_MAX_XLSX_PARTS", 1000, "", "parties (fichiers internes) d'un classeur XLSX")
ROWS = Limit("RELEVE_MAX_ROWS", 2_000_000, "", "lignes de données d'une feuille, d'un CSV ou d'un Parquet")
COLUMNS = Limit("RELEVE_MAX_COLUMNS", 1_000, "", "colonnes")
CELLS = Limit("RELEVE_MAX_CELLS", 50_000_000, "", "cellules (lignes × colonnes)")

# ---- JSON (scenarios, mappings, share links, saved scenarios) --------------------
JSON_BYTES = Limit(
    "RELEVE_MAX_JSON_BYTES", 1_000_000, "octets", "fichier JSON : scénario, correspondance, scénario enregistré"
)
JSON_DEPTH = Limit("RELEVE_MAX_JSON_DEPTH", 64, "", "niveaux d'imbrication d'un JSON ([ ou {)")
JSON_DIGITS = Limit("RELEVE_MAX_JSON_DIGITS", 100, "", "caractères d'un nombre JSON")

FILE_LIMITS = (FILE_MB, UPLOAD_MB, XLSX_PART_MB, UNPACKED_MB, XLSX_PARTS, ROWS, COLUMNS, CELLS)
JSON_LIMITS = (JSON_BYTES, JSON_DEPTH, JSON_DIGITS)

# Not settings: what a message may show.
QUOTE_CHARS = 80  # a value quoted in a message
PATH_CHARS = 300  # the file a problem names (a path typed on the command line: its end is kept)
MESSAGE_CHARS = 1_000  # a whole message (a backstop: values are cut first)
MAX_LISTED = 200  # problems listed; the rest are counted
MIN_REF_YEAR, MAX_REF_YEAR = 1990, 2100  # reference years an import may declare
DEFAULT_MIN_CELL = 5  # statistical-confidentiality threshold of an import (core.privacy applies it)


def number(n: int) -> str:
    """1 000 000, the French way (core.formats: narrow no-break space)."""
    from core import formats

    return formats.number(n)


def size(n_bytes: int) -> str:
    """A size in Mo (one decimal under 10 Mo), or in octets under 1 Mo."""
    if n_bytes < MB:
        return f"{number(n_bytes)} octets"
    mb = n_bytes / MB
    from core import formats

    return formats.number(mb, 1 if mb < 10 else 0) + " Mo"


# ---- quoting --------------------------------------------------------------------


def quote(value: Any, limit: int = QUOTE_CHARS, tail: bool = False) -> str:
    """`value` as text, cut to `limit` characters ("…" included) so that a message
    never carries a whole cell, header or JSON value; line breaks shown as spaces.
    `tail` keeps the end instead (a path: its file name)."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = "…" + text[1 - limit :] if tail else text[: limit - 1] + "…"
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return text


_QUOTED = re.compile(r"(«\s*)(.*?)(\s*»)", re.S)


def cut_quotes(message: str, limit: int = MESSAGE_CHARS) -> str:
    """A message with each « value » it quotes cut by `quote`, and the whole of it
    cut to `limit` characters: one line, whatever the file said."""
    message = str(message)
    if "«" in message:
        message = _QUOTED.sub(lambda m: m.group(1) + quote(m.group(2)) + m.group(3), message)
    return quote(message, limit)


def some(items: Iterable[Any], limit: int = 20, sep: str = ", ", wrap: str = "{}") -> str:
    """The first `limit` items, each cut by `quote` (and written into `wrap`), and how
    many more there are: "Matricule, Nom, … (et 950 autre(s))"."""
    items = list(items)
    shown = sep.join(wrap.format(quote(x)) for x in items[:limit])
    return shown + (f"{sep}… (et {number(len(items) - limit)} autre(s))" if len(items) > limit else "")


def listed(lines: Sequence[T], more: Callable[[int], T], limit: int = MAX_LISTED) -> list[T]:
    """The first `limit` lines, then `more(n)` for the n left out (one line)."""
    if len(lines) <= limit:
        return list(lines)
    return list(lines[:limit]) + [more(len(lines) - limit)]


def more_problems(n: int) -> str:
    return f"… et {number(n)} autre(s) problème(s), non listé(s) (les {MAX_LISTED} premiers le sont)"


# ---- JSON -----------------------------------------------------------------------


class JsonRefused(json.JSONDecodeError):
    """A JSON text that breaks a limit. A JSONDecodeError, so that a caller that only
    knows malformed JSON still refuses it in one line; `reason` is the French
    sentence, `line` and `column` where it is (None for the size of the whole)."""

    def __init__(self, reason: str, doc: str = "", pos: int = 0, located: bool = True):
        super().__init__(reason, doc, pos)
        self.reason = reason
        self.line = self.lineno if located else None
        self.column = self.colno if located else None

    def where(self) -> str:
        """ "ligne 1, colonne 65 : " (empty when the whole text is at fault)."""
        return f"ligne {self.line}, colonne {self.column} : " if self.line is not None else ""


# Strings (an unterminated one runs to the end: every attempt matches, the scan stays
# linear), brackets, numbers and the constants Python's json would accept.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\Z)|[\[{]|[\]}]|-?Infinity|NaN|-?[0-9][0-9.eE+\-]*', re.S)


def _scan(text: str, max_depth: int, max_digits: int) -> None:
    """Refuse, with its place, the first bracket beyond `max_depth`, number longer
    than `max_digits` or NaN / Infinity, before the parser (which recurses) sees it."""
    depth = 0
    for m in _TOKENS.finditer(text):
        c = text[m.start()]
        if c == '"':
            continue
        if c in "[{":
            depth += 1
            if depth > max_depth:
                raise JsonRefused(f"plus de {max_depth} niveaux de [ ou de {{ imbriqués", text, m.start())
        elif c in "]}":
            depth = max(0, depth - 1)
        elif m.group().lstrip("-") in ("NaN", "Infinity"):
            raise JsonRefused(
                f"« {m.group()} » n'est pas un nombre JSON (NaN et Infinity sont refusés)", text, m.start()
            )
        elif len(m.group()) > max_digits:
            raise JsonRefused(
                f"nombre de {number(len(m.group()))} caractères « {quote(m.group(), 20)} » (au plus {max_digits})",
                text,
                m.start(),
            )


def load_json(
    data: str | bytes, *, max_bytes: int | None = None, max_depth: int | None = None, max_digits: int | None = None
) -> Any:
    """json.loads, bounded. Raises UnicodeDecodeError (bytes that are not text) and
    json.JSONDecodeError (malformed) as json.loads does, and JsonRefused (a
    JSONDecodeError) for a text over `max_bytes`, nested deeper than `max_depth`, a
    number longer than `max_digits` characters (Python would refuse an integer over
    4 300 digits with a ValueError, and spend quadratic time below), or NaN / Infinity.
    Bytes are decoded as json.loads decodes them (UTF-8, with or without BOM; UTF-16
    and UTF-32 with their BOM)."""
    max_bytes = JSON_BYTES() if max_bytes is None else max_bytes
    max_depth = JSON_DEPTH() if max_depth is None else max_depth
    max_digits = JSON_DIGITS() if max_digits is None else max_digits
    if len(data) > max_bytes:
        raise JsonRefused(f"texte JSON trop volumineux ({size(len(data))}, au plus {size(max_bytes)})", located=False)
    text = data.decode(json.detect_encoding(data), "surrogatepass") if isinstance(data, (bytes, bytearray)) else data
    _scan(text, max_depth, max_digits)

    def refuse_constant(token: str) -> NoReturn:  # unreachable after _scan; kept so no NaN ever gets in
        raise JsonRefused(f"« {token} » n'est pas un nombre JSON (NaN et Infinity sont refusés)", located=False)

    def bounded(convert: Callable[[str], T]) -> Callable[[str], T]:
        def parse(token: str) -> T:
            if len(token) > max_digits:
                raise JsonRefused(f"nombre de {number(len(token))} caractères (au plus {max_digits})", located=False)
            return convert(token)

        return parse

    return json.loads(text, parse_constant=refuse_constant, parse_int=bounded(int), parse_float=bounded(float))
