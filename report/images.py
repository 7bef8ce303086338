"""Figures to pictures: the deck's charts and the app's PNG/SVG downloads.

Why a module of its own: plotly's static export drives a headless Chromium, and
starting one costs seconds. A deck holds about ten figures and the app serves
several people, so every picture goes through a `Renderer` that keeps one browser
session for a whole batch (and, in the app, between clicks) instead of one browser
per picture. A missing browser is a sentence naming what to install
(`ImageExportUnavailable`), raised before any file is touched.

Two kinds of pictures:

* `deck_picture`: the dashboard's figure restyled for a projector, without title or
  source, because the slide carries both as text a presenter can edit;
* `captioned_pictures`: the figure with its title drawn by plotly and the source
  line drawn in a band underneath, so a PNG pasted into an e-mail or a slide says
  where its numbers come from. The band is composed outside plotly (Pillow for PNG,
  an outer <svg> for SVG) because plotly can only place notes relative to the plot
  area, which moves with every chart's legend and margins.
"""

from __future__ import annotations

import asyncio
import atexit
import html
import io
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from charts.common import FONT, style
from core import labels

# Presentation resolution: a 1280 x 720 layout (the font sizes of the app's
# presentation mode read well at that size) drawn at 1.5x, i.e. 1920 x 1080 pixels.
WIDTH = 1280
HEIGHT = 720
SCALE = 1.5
FORMATS = ("png", "svg")
MIME = {"png": "image/png", "svg": "image/svg+xml"}

# The source band under a captioned picture, in layout pixels.
BAND_FONT = 17
BAND_LINE = 23
BAND_PAD = 14
BAND_COLOR = "#555555"
FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf")

RENDER_TIMEOUT = 60  # seconds for one picture; a hung browser must not hang the app


class ImageExportError(RuntimeError):
    """A picture could not be made; the message is a French sentence for the user."""


class ImageExportUnavailable(ImageExportError):
    """No browser to draw with (or it would not start)."""


@dataclass(frozen=True)
class Picture:
    """One image to render: a figure (already styled) and its output settings."""

    figure: go.Figure
    format: str = "png"
    width: int = WIDTH
    height: int = HEIGHT
    scale: float = SCALE

    def opts(self) -> dict:
        return {"format": self.format, "width": self.width, "height": self.height, "scale": self.scale}


# ---- the browser session --------------------------------------------------------------


def browser_path() -> str | None:
    """The Chromium-family browser kaleido would start (BROWSER_PATH first), or None.
    Checked before anything is computed so a missing browser costs no waiting."""
    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:  # pragma: no cover - kaleido without choreographer cannot render anyway
        return None
    try:
        path = Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - a lookup failure means "not found"
        return None
    return path if path and Path(path).is_file() else None


def check_available() -> str:
    """The browser's path, or ImageExportUnavailable saying what to install."""
    try:
        import kaleido  # noqa: F401
    except ImportError as err:
        raise ImageExportUnavailable(labels.IMAGE_NO_KALEIDO) from err
    path = browser_path()
    if path is None:
        raise ImageExportUnavailable(labels.IMAGE_NO_BROWSER)
    return path


class Renderer:
    """One headless browser session shared by every picture rendered through it.

    The browser runs on an event loop in a thread of its own, so callers stay
    synchronous (Streamlit scripts, the command line) and several app sessions can
    submit pictures at once; kaleido queues them on its tabs. With `idle_seconds`
    the browser is closed after that long without work (the app's shared renderer
    does not keep Chromium's memory forever) and reopened on the next picture.

    Why not kaleido's own sync server (`kaleido.start_sync_server`): it draws the
    deck's ten pictures in the same time (4.4 s against 4.2 s, measured side by side),
    but it is made for one caller: its single result queue can hand one app session
    another's picture when two ask at once, and it has neither a timeout nor an idle
    close. A server shared by visitors needs both.
    """

    def __init__(self, tabs: int = 1, idle_seconds: float | None = None, timeout: float = RENDER_TIMEOUT):
        self.tabs = tabs
        self.idle_seconds = idle_seconds
        self.timeout = timeout
        self._guard = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._opening: asyncio.Future | None = None
        self._active = 0
        self._idle_handle: asyncio.TimerHandle | None = None

    # -- public -----------------------------------------------------------------------

    def render(self, pictures: list[Picture]) -> list[bytes]:
        """Bytes of each picture, in order. Raises ImageExportUnavailable when no
        browser can be started, ImageExportError when a figure cannot be drawn."""
        pictures = list(pictures)
        if not pictures:
            return []
        check_available()
        loop = self._ensure_loop()
        budget = self.timeout * (1 + len(pictures) / max(self.tabs, 1)) + 30
        future = asyncio.run_coroutine_threadsafe(self._render_all(pictures), loop)
        try:
            return future.result(timeout=budget)
        except ImageExportError:
            raise
        except TimeoutError as err:
            future.cancel()
            raise ImageExportError(labels.IMAGE_TIMEOUT) from err

    def close(self) -> None:
        """Close the browser and stop the loop thread; the renderer can be reused."""
        with self._guard:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._close_browser(force=True), loop).result(timeout=30)
        except Exception:  # noqa: BLE001 - closing is best effort; the process may be exiting
            pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=10)

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- on the loop thread -------------------------------------------------------------

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._guard:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="releve-image-export", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    async def _browser(self):
        if self._kaleido is not None:
            return self._kaleido
        if self._opening is None:  # the first caller opens; the others wait for it
            self._opening = asyncio.ensure_future(self._open_browser())
        try:
            return await asyncio.shield(self._opening)
        finally:
            if self._opening is not None and self._opening.done():
                self._opening = None

    async def _open_browser(self):
        import kaleido
        from choreographer.errors import BrowserFailedError, ChromeNotFoundError

        try:
            k = kaleido.Kaleido(n=self.tabs, mathjax=False, timeout=self.timeout)
            await k.open()
        except ChromeNotFoundError as err:
            raise ImageExportUnavailable(labels.IMAGE_NO_BROWSER) from err
        except BrowserFailedError as err:  # its message is a tuple of English hints
            raise ImageExportUnavailable(
                labels.IMAGE_BROWSER_FAILED.format(reason=labels.IMAGE_BROWSER_STOPPED)
            ) from err
        except OSError as err:
            raise ImageExportUnavailable(labels.IMAGE_BROWSER_FAILED.format(reason=_short(err))) from err
        self._kaleido = k
        return k

    async def _close_browser(self, force: bool = False) -> None:
        if self._kaleido is None or (self._active and not force):
            return
        k, self._kaleido = self._kaleido, None
        try:
            await asyncio.wait_for(k.close(), 20)
        except Exception:  # noqa: BLE001 - a browser that died on its own is closed already
            pass

    async def _render_all(self, pictures: list[Picture]) -> list[bytes]:
        from choreographer.errors import BrowserClosedError

        self._active += 1
        if self._idle_handle is not None:
            self._idle_handle.cancel()
        try:
            for attempt in (1, 2):
                k = await self._browser()
                try:
                    return list(await asyncio.gather(*(k.calc_fig(p.figure, opts=p.opts()) for p in pictures)))
                except BrowserClosedError as err:
                    # the browser died (killed, out of memory): start a fresh one once
                    self._kaleido = None
                    if attempt == 2:
                        raise ImageExportUnavailable(labels.IMAGE_BROWSER_FAILED.format(reason=_short(err))) from err
                except ImageExportError:
                    raise
                except Exception as err:  # noqa: BLE001 - plotly.js refused a figure
                    raise ImageExportError(labels.IMAGE_RENDER_FAILED.format(reason=_short(err))) from err
            raise AssertionError("unreachable")
        finally:
            self._active -= 1
            if self.idle_seconds is not None and self._active == 0:
                loop = asyncio.get_running_loop()
                self._idle_handle = loop.call_later(
                    self.idle_seconds, lambda: asyncio.ensure_future(self._close_browser())
                )


def _short(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text[:200]


_shared: Renderer | None = None
_shared_guard = threading.Lock()


def shared_renderer() -> Renderer:
    """The app's renderer: one browser for every session of the server process,
    closed after five idle minutes and at exit."""
    global _shared
    with _shared_guard:
        if _shared is None:
            _shared = Renderer(tabs=1, idle_seconds=300)
            atexit.register(_shared.close)
        return _shared


def render(pictures: list[Picture], renderer: Renderer | None = None) -> list[bytes]:
    """Render `pictures` with `renderer`, or with a browser opened for this batch only."""
    if renderer is not None:
        return renderer.render(pictures)
    with Renderer() as one_shot:
        return one_shot.render(pictures)


# ---- pictures for the deck --------------------------------------------------------------

TITLE_FONT = 30  # charts.common.style's title size in presentation mode
TITLE_LINE = 38


def presentation_figure(fig: go.Figure, title: str | None = None, width: int = WIDTH) -> go.Figure:
    """A copy of `fig` in the house style at projector sizes. The caller's figure
    is left alone: the app keeps drawing it on screen. Plotly does not wrap titles,
    and the app's titles (chart · scope · year) outgrow a 16:9 picture, so a long
    title is cut into lines here and the top margin grows with them."""
    out = go.Figure(fig)
    lines = wrap_lines(title, width - 150, TITLE_FONT) if title else []  # plotly starts it at 5 % of the width
    style(out, "<br>".join(html.escape(ln, quote=False) for ln in lines) or None, present=True)
    out.update_layout(width=None, height=None, autosize=True)
    if len(lines) > 1:
        out.update_layout(margin=dict(t=70 + TITLE_LINE * (len(lines) - 1)))
    return out


def deck_picture(fig: go.Figure, width: int = WIDTH, height: int = HEIGHT, scale: float = SCALE) -> Picture:
    """The chart alone (title and source go on the slide as text), PNG. Grouped bars
    too thin for their value labels at projector size lose the labels (they would
    collide): a picture's numbers are on its data table slide."""
    out = presentation_figure(fig)
    if _crowded_labels(out, height):
        out.update_traces(text=None, texttemplate=None, selector=dict(type="bar"))
    return Picture(out, "png", width, height, scale)


def _crowded_labels(fig: go.Figure, height: int) -> bool:
    """Whether grouped bars are thinner than their labels' font in a `height` px picture."""
    bars = [t for t in fig.data if t.type == "bar" and (t.text is not None or t.texttemplate)]
    if fig.layout.barmode not in (None, "group") or len(bars) < 2:
        return False
    categories = {c for t in bars for c in _list(t.y if t.orientation == "h" else t.x)}
    font = (fig.layout.font.size or 14) if fig.layout.font else 14
    thickness = height * 0.75 / max(len(categories) * len(bars), 1)  # the plot's share of the picture
    return bool(thickness < font)


def _list(v) -> list:
    return [] if v is None else list(v)


# ---- captioned pictures (downloads) -------------------------------------------------------


def _font(size: int):
    from PIL import ImageFont

    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def wrap_lines(text: str, width_px: float, font_size: int = BAND_FONT) -> list[str]:
    """`text` cut at spaces into lines no wider than `width_px` in the band's font;
    the measure is the same font the PNG is drawn with, the SVG viewer's will be close."""
    font = _font(font_size)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and font.getlength(candidate) > width_px:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return [ln for ln in lines if ln.strip()]


def band_height(lines: list[str]) -> int:
    return 2 * BAND_PAD + BAND_LINE * len(lines) if lines else 0


def captioned_pictures(
    fig: go.Figure,
    title: str | None,
    source: str,
    formats=FORMATS,
    width: int = WIDTH,
    height: int = HEIGHT,
    scale: float = SCALE,
) -> list[Picture]:
    """The pictures to render for `captioned_bytes`: the chart with its title, in a
    height that leaves room for the source band, so the final image is width x height."""
    lines = wrap_lines(source, width - 2 * BAND_PAD)
    chart_height = height - band_height(lines)
    fig2 = presentation_figure(fig, title, width)
    return [Picture(fig2, f, width, chart_height, scale) for f in formats]


def compose(
    chart: bytes, fmt: str, source: str, width: int = WIDTH, height: int = HEIGHT, scale: float = SCALE
) -> bytes:
    """Add the source band under a chart rendered by `captioned_pictures`."""
    lines = wrap_lines(source, width - 2 * BAND_PAD)
    if fmt == "png":
        return _compose_png(chart, lines, width, height, scale)
    if fmt == "svg":
        return _compose_svg(chart, lines, width, height, scale)
    raise ValueError(f"format {fmt!r}: must be one of {', '.join(FORMATS)}")


def captioned_bytes(
    fig: go.Figure, title: str | None, source: str, formats=FORMATS, renderer: Renderer | None = None
) -> dict[str, bytes]:
    """{format: bytes} of the chart with its title and source line drawn in, at
    presentation resolution. All formats come from one browser batch."""
    pictures = captioned_pictures(fig, title, source, formats)
    raw = render(pictures, renderer)
    return {p.format: compose(b, p.format, source) for p, b in zip(pictures, raw)}


def _compose_png(chart: bytes, lines: list[str], width: int, height: int, scale: float) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.open(io.BytesIO(chart)).convert("RGB")
    W, H = round(width * scale), round(height * scale)
    canvas = Image.new("RGB", (W, max(H, img.height)), "white")
    canvas.paste(img, (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = _font(round(BAND_FONT * scale))
    y = img.height + BAND_PAD * scale
    for line in lines:
        draw.text((BAND_PAD * scale, y), line, font=font, fill=BAND_COLOR)
        y += BAND_LINE * scale
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=False)
    return out.getvalue()


_SVG_ROOT = re.compile(r"^\s*(<\?xml[^>]*>\s*)?<svg\b([^>]*)>", re.S)


def _compose_svg(chart: bytes, lines: list[str], width: int, height: int, scale: float) -> bytes:
    text = chart.decode("utf-8")
    m = _SVG_ROOT.match(text)
    if not m:
        raise ImageExportError(labels.IMAGE_RENDER_FAILED.format(reason="SVG inattendu"))
    attrs = re.sub(r'\s(width|height|x|y)="[^"]*"', "", m.group(2))
    chart_height = height - band_height(lines)
    inner = f'<svg x="0" y="0" width="{width}" height="{chart_height}"{attrs}>' + text[m.end() :]
    family = html.escape(FONT, quote=True)
    rows = []
    y = chart_height + BAND_PAD + BAND_FONT
    for line in lines:
        rows.append(
            f'<text x="{BAND_PAD}" y="{y}" font-family="{family}" font-size="{BAND_FONT}" '
            f'fill="{BAND_COLOR}">{html.escape(line, quote=False)}</text>'
        )
        y += BAND_LINE
    outer = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{round(width * scale)}" height="{round(height * scale)}" viewBox="0 0 {width} {height}">'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>' + inner + "".join(rows) + "</svg>"
    )
    return outer.encode("utf-8")
