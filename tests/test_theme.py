"""The chart theme's family palette stays readable for people with the common
colour-vision deficiencies and at the back of a room.

The check is written out here rather than taken from a library: sRGB is simulated
under protanopia, deuteranopia and tritanopia with Machado, Oliveira and Fernandes'
(2009) matrices at full severity, in linear RGB; colours are compared in CIELAB with
CIEDE2000 (Sharma, Wu and Dalal's formulation). Every pair of family colours must be
at least theme.MIN_DELTA_E apart in normal vision and under each simulation, and every
colour at least theme.MIN_DELTA_E_WHITE from the white background.
"""

from __future__ import annotations

import itertools
import math

import pytest

from charts import theme

MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
VISIONS = ("normal", *MACHADO)
SRGB_TO_XYZ = ((0.4124564, 0.3575761, 0.1804375), (0.2126729, 0.7151522, 0.0721750), (0.0193339, 0.1191920, 0.9503041))
WHITE_D65 = (0.95047, 1.0, 1.08883)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _mul(m, v):
    return tuple(sum(a * b for a, b in zip(row, v)) for row in m)


def seen(hex_color: str, vision: str) -> tuple[float, float, float]:
    """Linear RGB of `hex_color` as a person with `vision` sees it (clipped to the gamut)."""
    rgb = tuple(_linear(int(hex_color[i : i + 2], 16) / 255) for i in (1, 3, 5))
    if vision == "normal":
        return rgb
    return tuple(min(max(c, 0.0), 1.0) for c in _mul(MACHADO[vision], rgb))


def lab(linear_rgb) -> tuple[float, float, float]:
    x, y, z = (c / w for c, w in zip(_mul(SRGB_TO_XYZ, linear_rgb), WHITE_D65))

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e_2000(lab1, lab2) -> float:
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dlp, dcp = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dhp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lbp, cbp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    else:
        hbp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hbp - 30))
        + 0.24 * math.cos(math.radians(2 * hbp))
        + 0.32 * math.cos(math.radians(3 * hbp + 6))
        - 0.20 * math.cos(math.radians(4 * hbp - 63))
    )
    d_theta = 30 * math.exp(-(((hbp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cbp**7 / (cbp**7 + 25**7))
    sl = 1 + 0.015 * (lbp - 50) ** 2 / math.sqrt(20 + (lbp - 50) ** 2)
    sc, sh = 1 + 0.045 * cbp, 1 + 0.015 * cbp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (dhp / sh) ** 2 + rt * (dcp / sc) * (dhp / sh))


def test_delta_e_2000_matches_the_published_test_pairs():
    # Sharma, Wu and Dalal (2005), table 1: pairs 1, 7 and 17
    assert delta_e_2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e_2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert delta_e_2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


FAMILIES = [f for f in theme.FAMILY_COLORS if f not in ("autres", "TOTAL")]


def test_ten_family_colours():
    assert len(FAMILIES) == 10
    assert len({theme.FAMILY_COLORS[f] for f in FAMILIES}) == 10


@pytest.mark.parametrize("vision", VISIONS)
def test_every_pair_of_family_colours_stays_apart(vision):
    labs = {f: lab(seen(theme.FAMILY_COLORS[f], vision)) for f in FAMILIES}
    closest = min(
        ((delta_e_2000(labs[a], labs[b]), a, b) for a, b in itertools.combinations(FAMILIES, 2)),
    )
    assert closest[0] >= theme.MIN_DELTA_E, closest


@pytest.mark.parametrize("vision", VISIONS)
def test_every_family_colour_stands_out_from_white(vision):
    white = lab(seen("#FFFFFF", vision))
    for f in FAMILIES:
        assert delta_e_2000(lab(seen(theme.FAMILY_COLORS[f], vision)), white) >= theme.MIN_DELTA_E_WHITE, f


def test_the_check_can_fail_the_previous_palette_under_deuteranopia():
    """Pink, magenta and maroon of the earlier palette: too close for a deuteranope."""
    old = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#EE8866"]
    labs = [lab(seen(c, "deuteranopia")) for c in old]
    assert min(delta_e_2000(a, b) for a, b in itertools.combinations(labs, 2)) < theme.MIN_DELTA_E
