"""Slides to PowerPoint (python-pptx), 16:9.

Why drawn by hand on a "Title Only" layout rather than with the template's content
placeholders: the positions are then the same in PowerPoint and LibreOffice, and the
title stays a real title placeholder (outline view, accessibility, tests). Every
text is live text a presenter can edit, and so is every chart PowerPoint can draw:
bars, stacked bars, lines, stacked areas, the pie and the age pyramid are native
charts with their data embedded (report/native.py), in the app's colours and labels.
A chart PowerPoint cannot draw alike (hatched bounds, bands) stays a picture and is
followed by its rows as a native table. Pictures are rendered in one browser batch
*before* the first slide is made, so a missing browser leaves no half-built deck
behind; `pictures=True` draws every chart as a picture, as earlier decks did.

Readable from the back of a room: no text under 12 pt (MIN_PT), legends below the
plot area, never over it.
"""

from __future__ import annotations

import io
import math
from dataclasses import replace

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from charts import theme
from core import formats, labels
from report import images, native
from report.slides import CardsSlide, ChartSlide, DeckSpec, NotesSlide, TableSlide, TitleSlide

SLIDE_W, SLIDE_H = 12192000 / 914400, 7.5  # inches, exactly 16:9 (PowerPoint's widescreen)
LEFT = 0.5
WIDTH = SLIDE_W - 2 * LEFT
TITLE_Y, TITLE_H = 0.3, 1.0
SUBTITLE_Y, SUBTITLE_H = 1.3, 0.4
BODY_Y, BODY_H = 1.75, 4.75
SOURCE_PT = 12
SOURCE_Y, SOURCE_H = 6.55, 0.5  # a one- or two-line source; a longer one moves up (source_box)
FOOTER_Y, FOOTER_H = 7.08, 0.32
BADGE_W = 1.9
SIDE_W = 3.6  # the key-number column next to a narrower chart
MIN_PT = 12  # no text of the deck is smaller
CHART_PT = 14  # axis labels, legend
LABEL_PT = 12  # values written on bars and points
TABLE_PT = 14
CARDS_PER_SLIDE = 6  # 3 x 2: room for a number, its label and its source at 12 pt

# The dashboard's presentation fonts (22 px) are about 15 pt at 104 layout pixels per
# inch of slide, which is what a room reads from the back.
PX_PER_INCH = 104
MIN_PICTURE_PX = 1920

FONT = "Arial"  # PowerPoint everywhere, Liberation Sans (same metrics) under LibreOffice
LANG = "fr-FR"
INK = RGBColor.from_string(theme.INK[1:])
MUTED = RGBColor.from_string(theme.MUTED[1:])
ACCENT = RGBColor.from_string(theme.ACCENT[1:])
CARD_FILL = RGBColor.from_string(theme.CARD_FILL[1:])
TABLE_HEADER_FILL = ACCENT
TABLE_STRIPE = CARD_FILL


def picture_box(spec: ChartSlide) -> tuple[float, float, float, float]:
    """(left, top, width, height) in inches of a chart on its slide: the body, less
    the key-number column when there is one and the room a long source line needs."""
    width = WIDTH - SIDE_W - 0.2 if spec.side else WIDTH
    return LEFT, BODY_Y, width, source_box(spec.source)[0] - BODY_Y - 0.05


def source_box(text: str) -> tuple[float, float]:
    """(top, height) in inches of a source line at SOURCE_PT: one or two lines sit at
    SOURCE_Y, a longer one moves up so that it ends above the footer."""
    height = max(SOURCE_H, _text_height([text], WIDTH, SOURCE_PT, 0) - 0.45 + 0.12)
    return min(SOURCE_Y, FOOTER_Y - height), height


def picture_for(spec: ChartSlide) -> images.Picture:
    """The picture a chart slide needs, sized to its box so nothing is stretched:
    layout pixels = inches x PX_PER_INCH, scaled up to at least MIN_PICTURE_PX wide."""
    _, _, w, h = picture_box(spec)
    width_px, height_px = round(w * PX_PER_INCH), round(h * PX_PER_INCH)
    scale = max(images.SCALE, MIN_PICTURE_PX / width_px)
    return images.deck_picture(spec.figure, width_px, height_px, math.ceil(scale * 100) / 100)


def native_of(spec: ChartSlide, pictures: bool = False) -> native.NativeChart | None:
    """The native chart of a chart slide, or None when it is drawn as a picture."""
    return None if pictures else native.from_figure(spec.figure)


def needs_pictures(spec: DeckSpec, pictures: bool = False) -> bool:
    """Whether building `spec` needs the browser (a chart drawn as a picture)."""
    return any(native_of(c, pictures) is None for c in spec.charts())


def build(spec: DeckSpec, renderer: images.Renderer | None = None, *, pictures: bool = False, progress=None) -> bytes:
    """The .pptx bytes of `spec`. Pictures first, for the charts that stay pictures
    (ImageExportUnavailable/Error raised before anything else), then the slides, all
    in memory. `pictures=True` draws every chart as a picture. `progress(done, total)`
    is called as slides are made (the app's progress bar)."""
    slides = expand(spec, pictures)
    charts = [s for s in slides if isinstance(s, ChartSlide)]
    natives = {id(c): native_of(c, pictures) for c in charts}
    drawn = [c for c in charts if natives[id(c)] is None]
    total = len(slides) + (len(drawn) and 1)
    pngs = images.render([picture_for(c) for c in drawn], renderer) if drawn else []
    pngs_by_id = {id(c): png for c, png in zip(drawn, pngs)}
    if progress is not None and drawn:
        progress(1, total)

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    _properties(prs, spec.meta)
    inner = [s for s in slides if not isinstance(s, TitleSlide)]
    page = 0
    for done, s in enumerate(slides, start=1 + (total - len(slides))):
        if isinstance(s, TitleSlide):
            _title_slide(prs, s)
        else:
            page += 1
            if isinstance(s, ChartSlide):
                slide = _chart_slide(prs, s, natives[id(s)], pngs_by_id.get(id(s)))
            elif isinstance(s, CardsSlide):
                slide = _cards_slide(prs, s)
            elif isinstance(s, TableSlide):
                slide = _table_slide(prs, s)
            elif isinstance(s, NotesSlide):
                slide = _notes_slide(prs, s)
            else:
                raise TypeError(f"unknown slide {type(s).__name__}")
            _footer(slide, spec.footer, page, len(inner))
        if progress is not None:
            progress(done, total)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# ---- tables: a chart's rows, the hires per family ------------------------------------------


def cell_text(v, decimals: int | None = None) -> str:
    """A table cell as the app writes it: French numbers (whole from 100 on, else one
    decimal, unless `decimals` says), labels ("< 5", "secret") as they are."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (int, float)):
        if decimals is None:
            decimals = 0 if abs(v) >= 100 or float(v).is_integer() else 1
        return formats.number(v, decimals)
    return str(v)


def data_table(s: ChartSlide) -> TableSlide:
    """The rows of a chart that stays a picture, as a native table on the next slide."""
    frame = native.rows_of(s.figure)
    header = tuple(str(c) for c in frame.columns)
    rows = tuple(tuple(cell_text(v) for v in r) for r in frame.itertuples(index=False, name=None))
    return TableSlide(
        key=f"{s.key}-donnees",
        title=labels.DECK_DATA_TABLE_TITLE.format(title=s.title),
        subtitle=s.subtitle,
        header=header,
        rows=rows,
        source=s.source,
        status=s.status,
    )


def _table_size(t: TableSlide) -> float:
    return TABLE_PT if len(t.header) <= 8 else MIN_PT


def _column_widths(t: TableSlide) -> list[float]:
    """Inches per column: the label column as wide as its longest text needs (at most
    45 % of the width), the others share the rest."""
    n = len(t.header)
    if n == 1:
        return [WIDTH]
    size = _table_size(t)
    longest = max([len(r[0]) for r in t.rows] + [len(t.header[0]), 8])
    first = min(longest * size * 0.5 / 72 + 0.25, WIDTH * 0.45)
    return [first] + [(WIDTH - first) / (n - 1)] * (n - 1)


def _row_height(row, widths: list[float], size: float, bold: bool = False) -> float:
    """Inches a row needs: its tallest cell's lines (0.5 em a character, 0.56 in bold)."""
    em = 0.56 if bold else 0.5
    lines = max((-(-len(text) // max(int((w - 0.2) * 72 / (size * em)), 1)) for text, w in zip(row, widths)), default=1)
    return max(lines, 1) * size * 1.2 / 72 + 0.1


def _page_rows(t: TableSlide) -> list[TableSlide]:
    """A table taller than the body continues on "(suite)" slides, header repeated."""
    widths, size = _column_widths(t), _table_size(t)
    room = source_box(t.source)[0] - BODY_Y - 0.1 - _row_height(t.header, widths, size, bold=True)
    pages, chunk, used = [], [], 0.0
    for row in t.rows:
        h = _row_height(row, widths, size)
        if chunk and used + h > room:
            pages.append(chunk)
            chunk, used = [], 0.0
        chunk.append(row)
        used += h
    pages.append(chunk)
    return [
        replace(
            t,
            title=t.title if i == 0 else labels.DECK_TABLE_CONTINUED.format(title=t.title),
            rows=tuple(rows),
            bold_last=t.bold_last and i == len(pages) - 1,
        )
        for i, rows in enumerate(pages)
    ]


# ---- the closing slide: as many as the sources need ----------------------------------------

NOTES_TOP, NOTES_H = 1.35, 5.65
METHOD_PT, SOURCES_PT = 14, 12


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


def expand(spec: DeckSpec, pictures: bool = False) -> list:
    """The slides as they will be drawn: a chart that stays a picture is followed by
    its rows as a table (not in the pictures-only deck); a table longer than a slide
    continues on "(suite)" slides; the closing slide's method notes, then its
    sources, each at full width, continue on "(suite)" slides as long as they need."""
    out: list = []
    for s in spec.slides:
        if isinstance(s, ChartSlide):
            out.append(s)
            if not pictures and native_of(s) is None:
                out += _page_rows(data_table(s))
            continue
        if isinstance(s, TableSlide):
            out += _page_rows(s)
            continue
        if isinstance(s, CardsSlide) and len(s.cards) > CARDS_PER_SLIDE:
            for i in range(0, len(s.cards), CARDS_PER_SLIDE):
                title = s.title if i == 0 else labels.DECK_TABLE_CONTINUED.format(title=s.title)
                out.append(replace(s, title=title, cards=s.cards[i : i + CARDS_PER_SLIDE]))
            continue
        if not isinstance(s, NotesSlide):
            out.append(s)
            continue
        method, sources = list(s.method), list(s.sources)
        first = True
        while first or method or sources:
            m = _take(method, WIDTH, METHOD_PT)
            src = [] if m else _take(sources, WIDTH, SOURCES_PT)
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


def _chart_slide(prs, s: ChartSlide, chart: native.NativeChart | None, png: bytes | None):
    slide = _titled(prs, s.title, s.subtitle, s.status)
    left, top, w, h = picture_box(s)
    if chart is not None:
        _native_chart(slide, chart, left, top, w, h)
    else:
        slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top), Inches(w), Inches(h))
    if s.side:
        _side_panel(slide, s.side, left + w + 0.2, top, SIDE_W, h)
    _source(slide, s.source)
    _notes(slide, s.notes)
    return slide


_KIND_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar_stacked": XL_CHART_TYPE.BAR_STACKED,
    "column_stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "area_stacked": XL_CHART_TYPE.AREA_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.DOUGHNUT,
    "pyramid": XL_CHART_TYPE.BAR_CLUSTERED,
}


def _rgb(hex_color: str | None) -> RGBColor | None:
    return RGBColor.from_string(hex_color[1:7]) if hex_color else None


def _chart_data(c: native.NativeChart):
    data = CategoryChartData(number_format=c.number_format)
    data.categories = [str(x) if not isinstance(x, (int, float)) else x for x in c.categories]
    for ser in c.series:
        data.add_series(ser.name, ser.values)
    return data


def _font(font, size: float, color: RGBColor = INK, bold: bool = False) -> None:
    font.size, font.name, font.bold = Pt(size), FONT, bold
    font.color.rgb = color


def _native_chart(slide, c: native.NativeChart, x: float, y: float, w: float, h: float):
    """A python-pptx chart drawing `c`: the app's colours, labels and axis titles, text
    at CHART_PT/LABEL_PT, the legend under the plot area (never over it)."""
    frame = slide.shapes.add_chart(_KIND_TYPES[c.kind], Inches(x), Inches(y), Inches(w), Inches(h), _chart_data(c))
    frame.name = "Graphique"
    chart = frame.chart
    _font(chart.font, CHART_PT)
    chart.has_title = False
    chart.has_legend = c.legend or c.kind == "pie"
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.RIGHT if c.kind == "pie" else XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        _font(chart.legend.font, CHART_PT)
    plot = chart.plots[0]
    if c.kind in ("bar", "column", "bar_stacked", "column_stacked"):
        plot.gap_width = 60 if len(c.series) == 1 else 40
        if c.kind in ("bar_stacked", "column_stacked"):
            plot.overlap = 100
    if c.kind == "pyramid":
        plot.gap_width, plot.overlap = 10, 100
    for i, ser in enumerate(c.series):
        s = plot.series[i]
        color = _rgb(ser.color)
        if c.kind == "line":
            color = color or INK
            if ser.line:
                s.format.line.color.rgb = color
                s.format.line.width = Pt(2.5)
            else:
                s.format.line.fill.background()
            s.marker.style = XL_MARKER_STYLE.CIRCLE
            s.marker.format.fill.solid()
            s.marker.format.fill.fore_color.rgb = color
            s.marker.format.line.color.rgb = color
            s.marker.size = 10
            s.smooth = False
        elif color is not None:
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = color
        if ser.point_colors:
            for j, pc in enumerate(ser.point_colors):
                pt = s.points[j]
                pt.format.fill.solid()
                pt.format.fill.fore_color.rgb = _rgb(pc)
        if ser.point_labels and c.kind != "pie":
            _point_labels(s, ser, c)
    if c.kind == "pie":
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.number_format, dl.number_format_is_linked = '0" %"', False
        dl.show_percentage, dl.show_value, dl.show_category_name = False, True, False
        _font(dl.font, CHART_PT, bold=True)
        return frame
    _axes(chart, c)
    return frame


_SIDES = {"above": XL_LABEL_POSITION.ABOVE, "right": XL_LABEL_POSITION.RIGHT, "left": XL_LABEL_POSITION.LEFT}


def _point_labels(s, ser: native.Series, c: native.NativeChart) -> None:
    """The app's label texts (\u2248 2 178, 76 %) on the points that carry one."""
    position = {
        "bar": XL_LABEL_POSITION.OUTSIDE_END,
        "column": XL_LABEL_POSITION.OUTSIDE_END,
        "line": XL_LABEL_POSITION.ABOVE,
    }.get(c.kind)
    for j, text in enumerate(ser.point_labels or ()):
        if not text.strip() or j >= len(ser.values) or ser.values[j] is None:
            continue
        dl = s.points[j].data_label
        if ser.label_sides is not None:
            dl.position = _SIDES[ser.label_sides[j]]
        elif position is not None:
            dl.position = position
        run = dl.text_frame.paragraphs[0].add_run()
        run.text = text
        _font(run.font, LABEL_PT, _rgb(ser.color) or INK if c.kind == "line" else INK)


def _axes(chart, c: native.NativeChart) -> None:
    value_axis = chart.value_axis
    category_axis = chart.category_axis
    for axis in (value_axis, category_axis):
        _font(axis.tick_labels.font, CHART_PT)
        axis.format.line.color.rgb = RGBColor(0x88, 0x88, 0x88)
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(theme.GRID[1:])
    value_axis.tick_labels.number_format = c.number_format
    value_axis.tick_labels.number_format_is_linked = False
    category_axis.has_major_gridlines = False
    if c.kind == "pyramid":
        # men drawn to the left as negative values, read without their sign
        value_axis.tick_labels.number_format = "#,##0;#,##0"
        category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if c.value_min is not None and c.value_max is not None and c.value_max > c.value_min:
        value_axis.minimum_scale, value_axis.maximum_scale = c.value_min, c.value_max
    if c.major_unit:
        value_axis.major_unit = c.major_unit
    for axis, title in ((category_axis, c.x_title), (value_axis, c.y_title)):
        if title:
            axis.has_title = True
            tf = axis.axis_title.text_frame
            tf.text = title
            for p in tf.paragraphs:
                for r in p.runs:
                    _font(r.font, CHART_PT, INK)


def _cards_slide(prs, s: CardsSlide):
    slide = _titled(prs, s.title, s.subtitle, s.status)
    n = len(s.cards)
    cols = 3 if n > 4 else max(n, 1)
    rows = math.ceil(n / cols) if n else 1
    gap = 0.25
    body = source_box(s.source)[0] - BODY_Y - 0.15
    cw = (WIDTH - gap * (cols - 1)) / cols
    ch = (body - gap * (rows - 1)) / rows
    for i, card in enumerate(s.cards):
        r, c = divmod(i, cols)
        x, y = LEFT + c * (cw + gap), BODY_Y + r * (ch + gap)
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(x), Inches(y), Inches(cw), Inches(ch))
        shape.adjustments[0] = 0.06
        _fill(shape, CARD_FILL)
        shape.shadow.inherit = False
        tf = shape.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.TOP
        for m in ("margin_left", "margin_right"):
            setattr(tf, m, Inches(0.2))
        tf.margin_top = tf.margin_bottom = Inches(0.1)
        value_size = 36 if len(card.value) <= 14 else 26
        _para(tf, card.value, value_size, bold=True, color=ACCENT, first=True, align=PP_ALIGN.LEFT)
        _para(tf, card.label, 16, color=INK, align=PP_ALIGN.LEFT, space_after=4)
        if card.detail:
            _para(tf, card.detail, MIN_PT, color=MUTED, align=PP_ALIGN.LEFT)
    _source(slide, s.source)
    _notes(slide, s.notes)
    return slide


def _notes_slide(prs, s: NotesSlide):
    slide = _titled(prs, s.title, "", None)
    if s.method:
        header, items, size = s.method_header, s.method, METHOD_PT
    else:
        header, items, size = s.sources_header, s.sources, SOURCES_PT
    box = slide.shapes.add_textbox(Inches(LEFT), Inches(NOTES_TOP), Inches(WIDTH), Inches(NOTES_H))
    tf = box.text_frame
    tf.word_wrap = True
    _para(tf, header, 16, bold=True, color=ACCENT, first=True, space_after=6)
    for item in items:
        _para(tf, "\u2022 " + item, size, color=INK, space_after=3)
    return slide


def _table_slide(prs, t: TableSlide):
    """A native table: header on the accent colour, numbers right-aligned, every cell
    at TABLE_PT (MIN_PT for a wide table), the last row bold when it is a total."""
    slide = _titled(prs, t.title, t.subtitle, t.status)
    n_cols = len(t.header)
    size = _table_size(t)
    widths = _column_widths(t)
    heights = [_row_height(t.header, widths, size, bold=True)] + [_row_height(r, widths, size) for r in t.rows]
    rows = len(heights)
    frame = slide.shapes.add_table(rows, n_cols, Inches(LEFT), Inches(BODY_Y), Inches(WIDTH), Inches(sum(heights)))
    frame.name = "Tableau"
    table = frame.table
    for j, w in enumerate(widths):
        table.columns[j].width = Inches(w)
    for i, h in enumerate(heights):
        table.rows[i].height = Inches(h)
    for i, row in enumerate((t.header, *t.rows)):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            bold = i == 0 or (t.bold_last and i == rows - 1)
            color = RGBColor(0xFF, 0xFF, 0xFF) if i == 0 else INK
            _text(
                cell.text_frame, text, size, bold=bold, color=color, align=PP_ALIGN.LEFT if j == 0 else PP_ALIGN.RIGHT
            )
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = (
                TABLE_HEADER_FILL if i == 0 else (TABLE_STRIPE if i % 2 == 0 else RGBColor(0xFF, 0xFF, 0xFF))
            )
    _source(slide, t.source)
    _notes(slide, t.notes)
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
        _fill(b, RGBColor.from_string(theme.status_hex(status)[1:]))
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
        _para(tf, label, 14, color=INK, align=PP_ALIGN.LEFT, space_after=12)


def _source(slide, text: str):
    top, height = source_box(text)
    box = slide.shapes.add_textbox(Inches(LEFT), Inches(top), Inches(WIDTH), Inches(height))
    box.name = "Source"
    box.text_frame.word_wrap = True
    _text(box.text_frame, text, SOURCE_PT, color=MUTED, anchor=MSO_ANCHOR.TOP)


def _footer(slide, text: str, page: int, total: int):
    box = slide.shapes.add_textbox(Inches(LEFT), Inches(FOOTER_Y), Inches(WIDTH - 1.2), Inches(FOOTER_H))
    box.name = "Pied de page"
    _text(box.text_frame, text, MIN_PT, color=MUTED)
    num = slide.shapes.add_textbox(Inches(LEFT + WIDTH - 1.2), Inches(FOOTER_Y), Inches(1.2), Inches(FOOTER_H))
    num.name = "Numéro"
    _text(num.text_frame, f"{page} / {total}", MIN_PT, color=MUTED, align=PP_ALIGN.RIGHT)


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
