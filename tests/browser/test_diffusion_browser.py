"""In a real browser, the diffusion view of a 400-person register with a family of
three: stacked bars stay stacked around hidden cells. Plotly sends float columns as
typed arrays, and a NaN there was summed into the stack in the browser: every family
above a hidden one started at 0, drawn over the others. Only the drawn chart shows it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from serve import CHROMIUM, browser, save_registers, start_app, stop_app  # noqa: F401 (fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from registers import register_csv  # noqa: E402

from core import labels  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")]
SCOPE = "mutuelle_quatre_cents"

# Each bar as the browser drew it (plotly's calculated data): trace name, position,
# base and size, for the chart holding the hidden families' grey part.
DRAWN_BARS = """(name) => {
  const gd = Array.from(document.querySelectorAll('.js-plotly-plot'))
    .find(g => (g.data || []).some(t => t.name === name));
  if (!gd) return null;
  const bars = [];
  gd.calcdata.forEach(cd => {
    const t = cd[0].trace;
    if (t.type !== 'bar') return;
    cd.forEach(p => { if (Number.isFinite(p.s) && p.s > 0) bars.push({name: t.name, x: p.p, base: p.b, size: p.s}); });
  });
  return bars;
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    imports = save_registers(tmp_path_factory.mktemp("imports"), [(register_csv(), "registre_2025.csv", SCOPE, 2025)])
    proc, url = start_app({"RELEVE_IMPORTS": str(imports)})
    yield url
    stop_app(proc)


def test_departures_bars_stack_around_hidden_families(app, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{app}/ages?perimetre={SCOPE}&present=1")  # presentation mode: diffusion
    page.wait_for_function(f"(name) => ({DRAWN_BARS})(name) !== null", arg=labels.MASKED_FAMILIES, timeout=90_000)
    bars = page.evaluate(DRAWN_BARS, labels.MASKED_FAMILIES)
    page.close()
    by_year: dict[float, list[dict]] = {}
    for bar in bars:
        by_year.setdefault(bar["x"], []).append(bar)
    assert any(b["name"] == labels.MASKED_FAMILIES for b in bars), "the register hides some families"
    for year, parts in by_year.items():
        parts.sort(key=lambda b: b["base"])
        assert parts[0]["base"] == pytest.approx(0, abs=1e-9), (year, parts)
        for below, above in zip(parts, parts[1:]):  # each part starts where the one below ends
            assert above["base"] == pytest.approx(below["base"] + below["size"], abs=1e-6), (year, parts)
