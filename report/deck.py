"""Slides to PowerPoint (python-pptx), 16:9.

Why drawn by hand on a "Title Only" layout rather than with the template's content
placeholders: the positions are then the same in PowerPoint and LibreOffice, and the
title stays a real title placeholder (outline view, accessibility, tests). Every
text is live text a presenter can edit; only the charts are pictures, rendered in
one browser batch *before* the first slide is made, so a missing browser leaves no
half-built deck behind.
"""

from __future__ import annotations

import io
import math

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from core import labels
from report import images
from report.slides import CardsSlide, ChartSlide, DeckSpec, NotesSlide, TitleSlide

SLIDE_W, SLIDE_H = 12192000 / 914400, 7.5  # inches, exactly 16:9 (PowerPoint's widescreen)
LEFT = 0.5
WIDTH = SLIDE_W - 2 * LEFT
TITLE_Y, TITLE_H = 0.3, 1.0
SUBTITLE_Y, SUBTITLE_H = 1.3, 0.4
BODY_Y, BODY_H = 1.75, 4.8
SOURCE_Y, SOURCE_H = 6.6, 0.5
FOOTER_Y, FOOTER_H = 7.1, 0.3
BADGE_W = 1.9
SIDE_W = 3.6  # the key-number column next to a narrower chart

# The dashboard's presentation fonts (22 px) are about 15 pt at 104 layout pixels per
# inch of slide, which is what a room reads from the back.
PX_PER_INCH = 104
MIN_PICTURE_PX = 1920

FONT = "Arial"  # PowerPoint everywhere, Liberation Sans (same metrics) under LibreOffice
LANG = "fr-FR"
INK = RGBColor(0x1F, 0x2A, 0x44)
MUTED = RGBColor(0x55, 0x55, 0x55)
ACCENT = RGBColor(0x33, 0x22, 0x88)
CARD_FILL = RGBColor(0xF2, 0xF4, 0xF8)
BADGE_COLORS = {"green": "228833", "blue": "4477AA", "orange": "CC6633", "violet": "882255", "gray": "777777"}


def picture_box(spec: ChartSlide) -> tuple[float, float, float, float]:
    """(left, top, width, height) in inches of a chart's picture on its slide."""
    width = WIDTH - SIDE_W - 0.2 if spec.side else WIDTH
    return LEFT, BODY_Y, width, BODY_H


def picture_for(spec: ChartSlide) -> images.Picture:
    """The picture a chart slide needs, sized to its box so nothing is stretched:
    layout pixels = inches x PX_PER_INCH, scaled up to at least MIN_PICTURE_PX wide."""
    _, _, w, h = picture_box(spec)
    width_px, height_px = round(w * PX_PER_INCH), round(h * PX_PER_INCH)
    scale = max(images.SCALE, MIN_PICTURE_PX / width_px)
    return images.deck_picture(spec.figure, width_px, height_px, math.ceil(scale * 100) / 100)


def build(spec: DeckSpec, renderer: images.Renderer | None = None) -> bytes:
    """The .pptx bytes of `spec`. Pictures first (ImageExportUnavailable/Error raised
    before anything else), then the slides, all in memory."""
    charts = spec.charts()
    pngs = images.render([picture_for(c) for c in charts], renderer)
    pictures = {id(c): png for c, png in zip(charts, pngs)}

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    _properties(prs, spec.meta)
    slides = expand(spec)
    inner = [s for s in slides if not isinstance(s, TitleSlide)]
    page = 0
    for s in slides:
        if isinstance(s, TitleSlide):
            _title_slide(prs, s)
            continue
        page += 1
        if isinstance(s, ChartSlide):
            slide = _chart_slide(prs, s, pictures[id(s)])
        elif isinstance(s, CardsSlide):
            slide = _cards_slide(prs, s)
        elif isinstance(s, NotesSlide):
            slide = _notes_slide(prs, s)
        else:
            raise TypeError(f"unknown slide {type(s).__name__}")
        _footer(slide, spec.footer, page, len(inner))
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# ---- the closing slide: as many as the sources need ----------------------------------------

NOTES_TOP, NOTES_H = 1.35, 5.65
NOTES_LEFT_W, NOTES_GAP = 4.9, 0.35
METHOD_PT, SOURCES_PT = 11, 9


def _text_height(items, width_in: float, size_pt: float, space_pt: float) -> float:
    """An estimate of the height of bulleted paragraphs, in inches, on the safe
    side: French text in Arial averages under 0.48 em per character (measured on
    the rendered notes slide), lines are 1.2 em apart."""
    per_line = max(int(width_in * 72 / (size_pt * 0.48)), 10)
    lines = sum(-(-len(t) // per_line) for t in items)
    return (lines * size_pt * 1.2 + len(items) * space_pt) / 72 + 0.45  # + the column header


def _take(items: list[str], width_in: float, size_pt: float) -> list[str]:
    """Remove from `items` and return the first ones that fit one column (at least one,
    so that a very long note still gets a page of its own)."""
    page: list[str] = []
    while items and (not page or _text_height(page + items[:1], width_in, size_pt, 3) <= NOTES_H):
        page.append(items.pop(0))
    return page


def expand(spec: DeckSpec) -> list:
    """The slides as they will be drawn: a closing slide whose columns would overflow
    continues on "(suite)" slides, method notes on the left and sources on the right
    as long as both remain, a single full-width column once one of them is done."""
    out = []
    for s in spec.slides:
        if not isinstance(s, NotesSlide):
            out.append(s)
            continue
        method, sources = list(s.method), list(s.sources)
        first = True
        while first or method or sources:
            m = _take(method, NOTES_LEFT_W if sources else WIDTH, METHOD_PT)
            src = _take(sources, WIDTH - NOTES_LEFT_W - NOTES_GAP if m else WIDTH, SOURCES_PT)
            out.append(
                NotesSlide(
                    title=s.title if first else labels.DECK_NOTES_CONTINUED,
                    method_header=s.method_header,
                    method=tuple(m),
                    sources_header=s.sources_header,
                    sources=tuple(src),
                )
            )
            first = False
    return out


# ---- slide kinds ----------------------------------------------------------------------


def _title_slide(prs, s: TitleSlide):
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, Inches(0.35))
    _fill(band, ACCENT)
    title = slide.shapes.title
    _place(title, LEFT, 1.6, WIDTH, 1.5)
    _text(title.text_frame, s.title, 40, bold=True, color=INK, anchor=MSO_ANCHOR.BOTTOM)
    sub = slide.placeholders[1]
    _place(sub, LEFT, 3.25, WIDTH, 0.7)
    _text(sub.text_frame, s.subtitle, 24, color=ACCENT, anchor=MSO_ANCHOR.TOP)
    box = slide.shapes.add_textbox(Inches(LEFT), Inches(4.2), Inches(WIDTH), Inches(2.6))
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate(s.lines):
        _para(tf, line, 16 if i else 18, color=MUTED if i else INK, first=(i == 0), space_after=8)
    return slide


def _chart_slide(prs, s: ChartSlide, png: bytes):
    slide = _titled(prs, s.title, s.subtitle, s.status)
    left, top, w, h = picture_box(s)
    slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top), Inches(w), Inches(h))
    if s.side:
        _side_panel(slide, s.side, left + w + 0.2, top, SIDE_W, h)
    _source(slide, s.source)
    _notes(slide, s.notes)
    return slide


def _cards_slide(prs, s: CardsSlide):
    slide = _titled(prs, s.title, s.subtitle, s.status)
    n = len(s.cards)
    cols = 3 if n > 4 else max(n, 1)
    rows = math.ceil(n / cols) if n else 1
    gap = 0.25
    cw = (WIDTH - gap * (cols - 1)) / cols
    ch = (BODY_H - gap * (rows - 1)) / rows
    for i, card in enumerate(s.cards):
        r, c = divmod(i, cols)
        x, y = LEFT + c * (cw + gap), BODY_Y + r * (ch + gap)
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(x), Inches(y), Inches(cw), Inches(ch))
        shape.adjustments[0] = 0.06
        _fill(shape, CARD_FILL)
        shape.shadow.inherit = False
        tf = shape.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        for m in ("margin_left", "margin_right"):
            setattr(tf, m, Inches(0.2))
        value_size = 40 if len(card.value) <= 14 else 28
        _para(tf, card.value, value_size, bold=True, color=ACCENT, first=True, align=PP_ALIGN.LEFT)
        _para(tf, card.label, 16, color=INK, align=PP_ALIGN.LEFT, space_after=4)
        if card.detail:
            _para(tf, card.detail, 11, color=MUTED, align=PP_ALIGN.LEFT)
    _source(slide, s.source)
    _notes(slide, s.notes)
    return slide


def _notes_slide(prs, s: NotesSlide):
    slide = _titled(prs, s.title, "", None)
    top, height = NOTES_TOP, NOTES_H
    if s.method and s.sources:
        columns = (
            (LEFT, NOTES_LEFT_W, s.method_header, s.method, METHOD_PT),
            (
                LEFT + NOTES_LEFT_W + NOTES_GAP,
                WIDTH - NOTES_LEFT_W - NOTES_GAP,
                s.sources_header,
                s.sources,
                SOURCES_PT,
            ),
        )
    elif s.method:
        columns = ((LEFT, WIDTH, s.method_header, s.method, METHOD_PT),)
    else:
        columns = ((LEFT, WIDTH, s.sources_header, s.sources, SOURCES_PT),)
    for x, w, header, items, size in columns:
        box = slide.shapes.add_textbox(Inches(x), Inches(top), Inches(w), Inches(height))
        tf = box.text_frame
        tf.word_wrap = True
        _para(tf, header, 16, bold=True, color=ACCENT, first=True, space_after=6)
        for item in items:
            _para(tf, "• " + item, size, color=INK, space_after=3)
    return slide


# ---- shared pieces ------------------------------------------------------------------------


def _titled(prs, title: str, subtitle: str, status: str | None):
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    badge = bool(status and status != "published")
    t = slide.shapes.title
    _place(t, LEFT, TITLE_Y, WIDTH - (BADGE_W + 0.2 if badge else 0), TITLE_H)
    _text(t.text_frame, title, 26 if len(title) <= 80 else 22, bold=True, color=INK, anchor=MSO_ANCHOR.BOTTOM)
    if subtitle:
        box = slide.shapes.add_textbox(Inches(LEFT), Inches(SUBTITLE_Y), Inches(WIDTH), Inches(SUBTITLE_H))
        box.text_frame.word_wrap = True
        _text(box.text_frame, subtitle, 14, color=MUTED)
    if badge:
        b = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE,
            Inches(LEFT + WIDTH - BADGE_W),
            Inches(TITLE_Y + 0.3),
            Inches(BADGE_W),
            Inches(0.45),
        )
        _fill(b, RGBColor.from_string(BADGE_COLORS.get(labels.STATUS_COLORS.get(status, "gray"), "777777")))
        b.shadow.inherit = False
        _text(
            b.text_frame,
            labels.DECK_STATUS_BADGES.get(status, status).upper(),
            13,
            bold=True,
            color=RGBColor(0xFF, 0xFF, 0xFF),
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.MIDDLE,
        )
    return slide


def _side_panel(slide, side, x, y, w, h):
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h))
    _fill(shape, CARD_FILL)
    shape.shadow.inherit = False
    tf = shape.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    tf.margin_left = tf.margin_right = Inches(0.2)
    for i, (label, value) in enumerate(side):
        _para(tf, value, 28, bold=True, color=ACCENT, first=(i == 0), align=PP_ALIGN.LEFT)
        _para(tf, label, 13, color=INK, align=PP_ALIGN.LEFT, space_after=12)


def _source(slide, text: str):
    box = slide.shapes.add_textbox(Inches(LEFT), Inches(SOURCE_Y), Inches(WIDTH), Inches(SOURCE_H))
    box.name = "Source"
    box.text_frame.word_wrap = True
    _text(box.text_frame, text, 10 if len(text) <= 200 else 9, color=MUTED, anchor=MSO_ANCHOR.TOP)


def _footer(slide, text: str, page: int, total: int):
    box = slide.shapes.add_textbox(Inches(LEFT), Inches(FOOTER_Y), Inches(WIDTH - 1.2), Inches(FOOTER_H))
    box.name = "Pied de page"
    _text(box.text_frame, text, 9, color=MUTED)
    num = slide.shapes.add_textbox(Inches(LEFT + WIDTH - 1.2), Inches(FOOTER_Y), Inches(1.2), Inches(FOOTER_H))
    num.name = "Numéro"
    _text(num.text_frame, f"{page} / {total}", 9, color=MUTED, align=PP_ALIGN.RIGHT)


def _notes(slide, text: str):
    if text:
        slide.notes_slide.notes_text_frame.text = text


def _place(shape, x, y, w, h):
    shape.left, shape.top, shape.width, shape.height = Inches(x), Inches(y), Inches(w), Inches(h)


def _fill(shape, color: RGBColor):
    shape.fill.solid()
    shape.fill.fore_color.rgb = color
    shape.line.fill.background()


def _text(tf, text: str, size: float, *, bold: bool = False, color: RGBColor = INK, align=PP_ALIGN.LEFT, anchor=None):
    tf.word_wrap = True
    if anchor is not None:
        tf.vertical_anchor = anchor
    _para(tf, text, size, bold=bold, color=color, first=True, align=align)


def _para(
    tf,
    text: str,
    size: float,
    *,
    bold: bool = False,
    color: RGBColor = INK,
    first: bool = False,
    align=PP_ALIGN.LEFT,
    space_after: float = 0,
):
    p = tf.paragraphs[0] if first else tf.add_paragraph()
    if first:
        for r in list(p.runs):
            r._r.getparent().remove(r._r)
    p.alignment = align
    if space_after:
        p.space_after = Pt(space_after)
    run = p.add_run()
    run.text = text
    f = run.font
    f.size, f.bold, f.name = Pt(size), bold, FONT
    f.color.rgb = color
    run._r.get_or_add_rPr().set("lang", LANG)
    return p


def _properties(prs, meta: dict):
    cp = prs.core_properties
    cp.title = meta.get("title", "")
    cp.subject = meta.get("subject", "")
    cp.author = meta.get("author", labels.APP_TITLE)
    cp.keywords = meta.get("keywords", "")
    cp.language = LANG
    cp.comments = meta.get("comments", "")
    # python-pptx stamps a fixed date in 2013 on new files; leave the creation date
    # to the caller so two builds of the same inputs give the same bytes
    if meta.get("created") is not None:
        cp.created = cp.modified = meta["created"]
