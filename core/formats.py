"""French number formats, one definition for the app, the CSVs and the deck:
"73 900", "82 %", "10,3 %". Babel knows the French conventions (a narrow no-break
space as thousands separator, a decimal comma); we only choose the precision."""

from __future__ import annotations

import html
import math
import re
from urllib.parse import urlsplit

from babel.numbers import format_decimal

from core import labels

LOCALE = "fr_FR"
QUALIFIER_WORDS = {"exact": "", "approx": "environ ", "at_least": "plus de ", "at_most": "au plus "}


def number(x: float | None, decimals: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(float(x), decimals) + 0.0, format=pattern, locale=LOCALE)


def year(value: object, approx: bool = False) -> str:
    """A reference year as the source dates it: "vers 2019" when only approximately,
    else "2019" ("" when there is no year)."""
    try:
        number_ = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):  # None, NaN, pandas' NA
        return ""
    return labels.ABOUT_YEAR.format(year=number_) if bool(approx) else str(number_)


def compact(x: float, max_decimals: int = 6) -> str:
    """As many decimals as the value has, up to `max_decimals` (0,25 ; 3 ; 1 234,5)."""
    return format_decimal(round(float(x), max_decimals) + 0.0, format="#,##0." + "#" * max_decimals, locale=LOCALE)


def percent(x: float | None, decimals: int | None = None) -> str:
    """`x` in percent (82 -> "82 %"); one decimal only when it carries information."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if decimals is None:
        decimals = 0 if abs(x - round(x)) < 0.05 else 1
    return number(x, decimals) + "\u00a0%"


def qualified(x: float | None, qualifier: str = "exact", unit: str = "count") -> str:
    """A figure with its qualifier in words: "plus de 50 %", "environ 55 000"."""
    body = percent(x) if unit == "percent" else number(x)
    return QUALIFIER_WORDS.get(qualifier, "") + body


# ---- user text shown as text ------------------------------------------------------------
# Scenario names and descriptions, file names, scope codes, the engine's sentences that
# quote them: wherever Streamlit reads a string as Markdown (st.markdown, headers,
# captions, alerts, widget labels), `plain` makes it show exactly its characters.

MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!|~<>$:&=")
WORD_JOINER = "\u2060"  # invisible, no line break
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
# Streamlit rewrites some text *after* Markdown has resolved the backslashes, so an
# escape cannot stop them: emoji and icon shortcodes (:smile:, :material/home:,
# :streamlit:), bare links (http://…, www.…, nom@domaine.fr) and typographic arrows
# (-> <- <-> -- >= <= ~=). A word joiner slipped in where they would match breaks them.
_JOIN = re.compile(r"(?<=:)(?=\S)|(?<=@)(?=\S)|(?i:(?<=www)(?=\.))|(?<=[-<>~])(?=[->=])")


def plain(text: object) -> str:
    """`text` written so that Streamlit's Markdown shows it literally: no link, image,
    emphasis, colour, badge, icon, emoji, LaTeX or HTML, whatever it contains. Every
    character Markdown could read as syntax gets a backslash (CommonMark shows the bare
    character), line breaks become spaces (a name stays on its line, a heading stays
    one heading) and an invisible word joiner defuses Streamlit's text rewrites.

    For Markdown only (st.markdown, st.header/subheader/title, st.caption, st.info/
    warning/error/success, widget labels); never twice, and not for plain widgets
    (text_input values, selectbox options, dataframe cells, st.code, st.text)."""
    text = _LINE_BREAKS.sub(" ", str(text))
    text = _JOIN.sub(WORD_JOINER, text)
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in text)


def link_host(value: object) -> object:
    """A web address shortened to its site ("www.oemm.fr/…" -> "oemm.fr"), for a table
    read on a projector, where a whole address runs past the table's edge and nobody
    can follow it anyway; anything else unchanged."""
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return value
    host = urlsplit(value).netloc
    return host.removeprefix("www.") or value


def chart_text(text: object) -> str:
    """`text` written so that plotly draws it literally (legend entries, hover labels):
    plotly reads a subset of HTML (<b>, <a href>, <br>…), entities (&amp;) and, between
    dollar signs, LaTeX."""
    return html.escape(str(text), quote=False).replace("$", "&#36;")
